package io.midwatch.bench;

import static io.midwatch.platform.Timestamps.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.midwatch.support.MidWatchProcess;
import io.midwatch.support.PostgresTestDatabase;

/**
 * MidWatch started from its jar as a process of its own, with a small heap ({@code -Dbench.heap}, default 512m),
 * the clients outside: the pass over a large fleet, a fifth of it or all of it Down, and the heartbeat check over a
 * large silent fleet, each run by MidWatch's own job executor on a fresh database. Reported in
 * {@code target/bench/large-fleet.md}: the job's time (a pass's from the clone's POST to the pass done; the heartbeat
 * check's its activity's duration in the engine's history), the CPU of
 * MidWatch's process and of its database backends, and the peak heap, read from the process's GC log (the heap in
 * use before each collection, the most of them while the job ran).
 *
 * <p>{@code -Dbench.baseline-jar=path/to/midwatch.jar} adds the pass over {@code -Dbench.side-by-side-fleet} (default
 * 10,000) MID Servers, a fifth Down, by that jar and by this one in turns, {@code -Dbench.runs} times each.
 * {@code -Dbench.jfr=true} records each process with Java Flight Recorder beside its GC log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LargeFleetBenchmark {

    private static final int FLEET = Integer.getInteger("bench.large-fleet", 100_000);
    private static final int SILENT_FLEET = Integer.getInteger("bench.silent-fleet", 80_000);
    private static final int SIDE_BY_SIDE_FLEET = Integer.getInteger("bench.side-by-side-fleet", 10_000);
    private static final String HEAP = System.getProperty("bench.heap", "512m");
    private static final String BASELINE_JAR = System.getProperty("bench.baseline-jar");
    private static final boolean JFR = Boolean.getBoolean("bench.jfr");
    private static final String ADMIN_PASSWORD = "Bench-Pa55word";
    /** How long a job may take before it counts as failed; -Dbench.at-most=PT2H on a slow machine. */
    private static final Duration AT_MOST = Duration.parse(System.getProperty("bench.at-most", "PT1H"));
    private static final Path OUT = Path.of("target", "bench").toAbsolutePath();
    /** "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 300M->120M(512M) 12.345ms": before, after. */
    private static final Pattern GC_LINE = Pattern.compile("GC\\(\\d+\\) .* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** What one job did: how long it ran, what it cost, the most heap it needed, and how it ended. */
    record Outcome(String jar, String scenario, int fleet, int affected, double jobSeconds, double cpuSeconds,
                   double databaseCpuSeconds, int peakHeapMb, int heapAfterGcMb, String ended) {
    }

    @Test
    @Order(1)
    void passOverAFleetAFifthDown() throws Exception {
        Outcome outcome = pass(jar(), "pass", FLEET, false);
        assertThat(outcome.ended()).isEqualTo("done");
    }

    @Test
    @Order(2)
    void passOverAFleetAllDown() throws Exception {
        Outcome outcome = pass(jar(), "pass, all Down", FLEET, true);
        assertThat(outcome.ended()).isEqualTo("done");
    }

    @Test
    @Order(3)
    void heartbeatCheckOverASilentFleet() throws Exception {
        Outcome outcome = heartbeatCheck(jar(), SILENT_FLEET);
        assertThat(outcome.ended()).isEqualTo("done");
    }

    @Test
    @Order(4)
    void passBesideTheBaselineJar() throws Exception {
        assumeTrue(BASELINE_JAR != null, "-Dbench.baseline-jar names no jar to run beside this one");
        Path baseline = Path.of(BASELINE_JAR).toAbsolutePath();
        for (int run = 0; run < BenchFixtures.RUNS; run++) {
            // the two take turns going first, so that neither always meets the same moment of other load
            List<Path> order = run % 2 == 0 ? List.of(baseline, jar()) : List.of(jar(), baseline);
            for (Path jar : order) {
                assertThat(pass(jar, "pass side by side", SIDE_BY_SIDE_FLEET, false).ended()).isEqualTo("done");
            }
        }
    }

    // ---------------------------------------------------------------- scenarios

    private Outcome pass(Path jar, String scenario, int fleet, boolean allDown) throws Exception {
        int down = allDown ? fleet : fleet / 5;
        // the Up MID Servers send no heartbeats here and must stay Up
        try (Node node = Node.start(jar, scenario, "--midwatch.heartbeat.timeout=P1D")) {
            Instant now = Instant.now();
            node.db.sql("""
                            INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at)
                            SELECT 'fleet-' || i,
                                   CASE WHEN :allDown OR i % 5 = 0 THEN 'Down'
                                        ELSE (ARRAY['Up', 'Up', 'Paused', 'Upgrading', 'Upgrade Failed'])[i % 5 + 1] END,
                                   'fleet.user.' || i, :at, :at
                            FROM generate_series(0, :count - 1) AS i""")
                    .param("allDown", allDown)
                    .param("count", fleet)
                    .param("at", utc(now.minus(Duration.ofHours(2))))
                    .update();
            node.db.sql("ANALYZE ecc_agent").update();
            Node.Mark mark = node.mark();
            var answer = node.process.api(ADMIN_PASSWORD).post("/api/clones", Map.of("cloneId", "large-fleet",
                    "sourceInstance", "prod", "targetInstance", "test",
                    "completedAt", now.minus(Duration.ofMinutes(10)).toString()));
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            String ended = node.awaitJob(() -> node.db.sql(
                    "SELECT COUNT(*) FROM instance_clone WHERE first_pass_done_at IS NOT NULL")
                    .query(Long.class).single() == 1);
            // timed from the clone's POST: a pass that outlasts the job's lock is taken up a second time, and the
            // history keeps only the activity of the run that completed the job
            Outcome outcome = node.outcome(mark, scenario, fleet, down, null, ended);
            if (ended.equals("done")) {
                assertThat(node.db.sql("SELECT COUNT(*) FROM ecc_agent_issue WHERE process_instance_id IS NOT NULL")
                        .query(Long.class).single()).isEqualTo(down);
            }
            return outcome;
        }
    }

    private Outcome heartbeatCheck(Path jar, int fleet) throws Exception {
        try (Node node = Node.start(jar, "heartbeat check", "--midwatch.heartbeat.timeout=PT5M")) {
            Node.Mark mark = node.mark();
            node.db.sql("""
                            INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at)
                            SELECT 'silent-' || i, 'Up', 'silent.user.' || i, :at, :at
                            FROM generate_series(0, :count - 1) AS i""")
                    .param("count", fleet)
                    .param("at", utc(Instant.now().minus(Duration.ofHours(2))))
                    .update();
            // silent since long before the node started: no grace after the start for them (docs/heartbeats.md)
            node.db.sql("UPDATE node_start SET latest_at = :at").param("at", utc(Instant.now().minus(Duration.ofDays(1))))
                    .update();
            // the check runs every minute
            String ended = node.awaitJob(() -> node.db.sql("SELECT COUNT(*) FROM ecc_agent WHERE status = 'Down'")
                    .query(Long.class).single() == fleet);
            return node.outcome(mark, "heartbeat check", fleet, fleet, "Task_SetSilentMidServersDown", ended);
        }
    }

    private static Path jar() {
        return Path.of(System.getProperty("midwatch.jar", "target/midwatch.jar")).toAbsolutePath();
    }

    // ---------------------------------------------------------------- the process

    /** One MidWatch process on a fresh database, its GC log and its database backends. */
    private static final class Node implements AutoCloseable {

        private static int started;

        private final Path jar;
        private final MidWatchProcess process;
        private final JdbcClient db;
        private final Path gcLog;

        /** Where a job starts: the GC log's length, the CPU so far, the time. */
        record Mark(int gcLines, long processCpuNanos, long databaseCpuNanos, long nanoTime) {
        }

        private Node(Path jar, MidWatchProcess process, JdbcClient db, Path gcLog) {
            this.jar = jar;
            this.process = process;
            this.db = db;
            this.gcLog = gcLog;
        }

        static Node start(Path jar, String scenario, String heartbeatTimeout) throws IOException {
            String name = "large-fleet-" + (++started);
            String url = PostgresTestDatabase.freshDatabase("large");
            Files.createDirectories(OUT);
            Path gcLog = OUT.resolve(name + "-gc.log");
            Files.deleteIfExists(gcLog);
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + HEAP, "-XX:+HeapDumpOnOutOfMemoryError",
                    "-XX:HeapDumpPath=" + OUT.resolve(name + ".hprof"), "-Xlog:gc:file=" + gcLog));
            if (JFR) {
                jvm.add("-XX:StartFlightRecording=filename=" + OUT.resolve(name + ".jfr") + ",settings=profile");
            }
            System.setProperty("midwatch.jar", jar.toString());
            MidWatchProcess process = MidWatchProcess.start(name, jvm, List.of(
                    "--spring.datasource.url=" + url + "?ApplicationName=" + name,
                    "--spring.datasource.username=" + PostgresTestDatabase.user(),
                    "--spring.datasource.password=" + PostgresTestDatabase.password(),
                    "--midwatch.admin.password=" + ADMIN_PASSWORD,
                    // the diagnoses would compete for the cores with what is measured
                    "--midwatch.worker.enabled=false",
                    "--midwatch.clone.first-pass-after=PT1M",
                    "--midwatch.clone.second-pass-after=P1D",
                    "--camunda.bpm.job-execution.max-wait=2000", heartbeatTimeout));
            System.clearProperty("midwatch.jar");
            JdbcClient db = JdbcClient.create(new DriverManagerDataSource(url, PostgresTestDatabase.user(),
                    PostgresTestDatabase.password()));
            Node node = new Node(jar, process, db, gcLog);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited:\n" + process.log());
                }
                return process.log().contains("Started MidWatchApplication");
            });
            return node;
        }

        Mark mark() throws IOException {
            return new Mark(gcLines().size(), processCpuNanos(), databaseCpuNanos(), System.nanoTime());
        }

        /** "done", or how the job failed: the process's death, an OutOfMemoryError, a job's exception. */
        String awaitJob(java.util.concurrent.Callable<Boolean> done) {
            return await().atMost(AT_MOST).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (done.call()) {
                    return "done";
                }
                if (!process.isAlive()) {
                    return "process exited";
                }
                if (process.log().contains("OutOfMemoryError")) {
                    return "OutOfMemoryError";
                }
                return db.sql("SELECT exception_msg_ FROM act_ru_job WHERE exception_msg_ IS NOT NULL LIMIT 1")
                        .query(String.class).optional().map(message -> "job failed: " + message).orElse(null);
            }, java.util.Objects::nonNull);
        }

        /** @param activity whose duration in the history is the job's time; null: the time since the mark */
        Outcome outcome(Mark mark, String scenario, int fleet, int affected, String activity, String ended)
                throws IOException {
            long processCpu = processCpuNanos() - mark.processCpuNanos();
            long databaseCpu = databaseCpuNanos() - mark.databaseCpuNanos();
            double jobSeconds = ended.equals("done") && activity != null ? db.sql("""
                            SELECT duration_ FROM act_hi_actinst WHERE act_id_ = :activity AND end_time_ IS NOT NULL
                            ORDER BY end_time_ DESC LIMIT 1""")
                    .param("activity", activity).query(Long.class).single() / 1000.0
                    : (System.nanoTime() - mark.nanoTime()) / 1e9;
            int peak = 0;
            int after = 0;
            List<String> lines = gcLines();
            for (String line : lines.subList(Math.min(mark.gcLines(), lines.size()), lines.size())) {
                Matcher gc = GC_LINE.matcher(line);
                if (gc.find()) {
                    peak = Math.max(peak, Integer.parseInt(gc.group(1)));
                    after = Math.max(after, Integer.parseInt(gc.group(2)));
                }
            }
            Outcome outcome = new Outcome(jar.toString(), scenario, fleet, affected, jobSeconds,
                    (processCpu + databaseCpu) / 1e9, databaseCpu / 1e9, peak, after, ended);
            write(outcome);
            return outcome;
        }

        private List<String> gcLines() throws IOException {
            return Files.exists(gcLog) ? Files.readAllLines(gcLog) : List.of();
        }

        private long processCpuNanos() {
            return ProcessHandle.of(process.pid()).flatMap(handle -> handle.info().totalCpuDuration())
                    .map(Duration::toNanos).orElse(0L);
        }

        /** The CPU of the backends connected to the fresh database now, MidWatch's and this benchmark's. */
        private long databaseCpuNanos() {
            return db.sql("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
                    .query(Integer.class).list().stream()
                    .mapToLong(pid -> ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration())
                            .map(Duration::toNanos).orElse(0L))
                    .sum();
        }

        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private static synchronized void write(Outcome o) throws IOException {
        Path table = OUT.resolve("large-fleet.md");
        if (!Files.exists(table)) {
            Files.writeString(table, """
                    | jar | scenario | MID Servers | affected | ended | job time | CPU (db) | peak heap | most heap after a GC | heap |
                    |---|---|---:|---:|---|---:|---:|---:|---:|---|
                    """, StandardCharsets.UTF_8);
        }
        Files.writeString(table, String.format("| %s | %s | %,d | %,d | %s | %.1f s | %.1f s (%.1f s) | %d MB | %d MB | %s |%n",
                        o.jar(), o.scenario(), o.fleet(), o.affected(), o.ended(), o.jobSeconds(), o.cpuSeconds(),
                        o.databaseCpuSeconds(), o.peakHeapMb(), o.heapAfterGcMb(), HEAP),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
