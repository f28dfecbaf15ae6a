package io.midwatch.bench;

import static io.midwatch.platform.Timestamps.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.midwatch.issue.IssueProcess;
import io.midwatch.platform.StatisticsProperties;
import io.midwatch.platform.TableStatistics;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.PostgresTestDatabase;

/**
 * What the benchmark classes share: the fleet and the reset between runs, calls over HTTP, measuring wall
 * time and CPU, and the report's set-up lines, so that every class measures the same way.
 */
final class BenchFixtures {

    /** Runs per figure; -Dbench.runs=1 gives a quick look, e.g. while profiling. */
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    static final int CLIENTS = 8;
    /**
     * Calls per unrecorded warm-up round: the first calls pay for class loading, JIT and cold caches; with
     * fewer, the first recorded run of the HTTP scenarios still came out markedly slower than the others.
     */
    static final int WARM_UP = 500;

    /** The tables {@link #reset} empties of MidWatch's records and of process instances. */
    private static final List<String> TABLES_RESET = List.of("ecc_agent_issue", "clone_pass_progress", "instance_clone",
            "ecc_agent",
            "act_ru_identitylink", "act_ru_task", "act_ru_variable", "act_ru_ext_task", "act_ru_event_subscr",
            "act_ru_incident", "act_ru_job", "act_ru_execution");

    private static boolean environmentRecorded;

    private final JdbcClient jdbc;
    private final RuntimeService runtimeService;
    private final StatisticsProperties statistics;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + PostgresIntegrationTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    BenchFixtures(JdbcClient jdbc, RuntimeService runtimeService, StatisticsProperties statistics) {
        this.jdbc = jdbc;
        this.runtimeService = runtimeService;
        this.statistics = statistics;
    }

    // ---------------------------------------------------------------- report

    /**
     * The lines that say what the figures were measured on, once per run of the suite: by whichever
     * benchmark class comes first, so that a class run alone says it too.
     */
    void recordEnvironment(ProcessEngine processEngine) throws IOException {
        synchronized (BenchFixtures.class) {
            if (environmentRecorded) {
                return;
            }
            environmentRecorded = true;
        }
        BenchReport report = BenchReport.shared();
        ProcessEngineConfigurationImpl engine = (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
        report.environment("date", BenchReport.now());
        report.environment("cores (Runtime.availableProcessors)", Runtime.getRuntime().availableProcessors());
        report.environment("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        report.environment("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        report.environment("database", jdbc.sql("SELECT version()").query(String.class).single()
                .replaceFirst(" on .*", "") + ", " + PostgresTestDatabase.url());
        report.environment("PostgreSQL autovacuum", jdbc.sql("SHOW autovacuum").query(String.class).single()
                + " (each run starts on freshly truncated tables either way)");
        report.environment("Camunda history level", engine.getHistory());
        report.environment("Camunda JDBC batch processing", engine.isJdbcBatchProcessing());
        report.environment("runs per figure", RUNS + " (after an unrecorded warm-up)");
        // other work on the machine slows every figure down: say how busy it was
        report.environment("load average (1, 5, 15 min) at the start", loadAverage());
    }

    /**
     * Written after every scenario, with the memory it left behind, so that an interrupted run still leaves
     * what it measured.
     */
    static void writeReport(String scenario) throws IOException {
        BenchReport.shared().memory(new BenchReport.Memory(scenario, residentMemoryMb(), heapUsedMb()));
        BenchReport.shared().environment("load average (1, 5, 15 min) at the end", loadAverage());
        BenchReport.shared().write(Path.of("target", "bench"));
    }

    // ---------------------------------------------------------------- tables

    /**
     * MID Servers fleet-0 .. fleet-(count-1), registered two hours ago, in one statement: every fifth one
     * Down and the others spread over the other statuses, or all of them Down.
     */
    void insertFleet(int count, boolean allDown) {
        jdbc.sql("""
                        INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at)
                        SELECT 'fleet-' || i,
                               CASE WHEN :allDown OR i % 5 = 0 THEN 'Down'
                                    ELSE (ARRAY['Up', 'Up', 'Paused', 'Upgrading', 'Upgrade Failed'])[i % 5 + 1] END,
                               'fleet.user.' || i, :at, :at
                        FROM generate_series(0, :count - 1) AS i""")
                .param("allDown", allDown)
                .param("count", count)
                .param("at", utc(Instant.now().minus(Duration.ofHours(2))))
                .update();
        // statistics as autovacuum would have them for a fleet that has been there a while
        analyze();
    }

    /**
     * Fresh planner statistics of MidWatch's tables and the engine's runtime tables, as autovacuum gathers
     * them within a minute of a big change. After a fleet is inserted, the engine's tables are known to be
     * empty, as on a quiet engine that autovacuum has seen: the case the pass is measured in.
     */
    void analyze() {
        jdbc.sql("ANALYZE " + String.join(", ", TABLES_RESET)).update();
    }

    /** The database's clock: the statistics' times are its own. */
    OffsetDateTime databaseNow() {
        return jdbc.sql("SELECT clock_timestamp()").query(OffsetDateTime.class).single();
    }

    /**
     * Waits for the analysis MidWatch starts after a change of {@code issues} issues committed at
     * {@code since} or later, when the change was large enough for one: so that it does not run into what is
     * measured next.
     */
    void awaitMidWatchsAnalysis(OffsetDateTime since, int issues) {
        if (issues < statistics.analyzeAfterIssues()) {
            return;
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.sql("""
                        SELECT COUNT(*) FROM pg_stat_user_tables
                        WHERE schemaname = current_schema() AND relname IN (:tables) AND last_analyze > :since""")
                .param("tables", TableStatistics.TABLES)
                .param("since", since)
                .query(Long.class).single() == TableStatistics.TABLES.size());
    }

    /**
     * The state of issues that have been open a while: MidWatch's own analysis after the pass done, and
     * statistics of every table as autovacuum would have them.
     */
    void settle(OffsetDateTime passStarted, int issues) {
        awaitMidWatchsAnalysis(passStarted, issues);
        analyze();
    }

    /** The New issues, each as {MID Server name, issue id}, in the order of the MID Servers. */
    List<String[]> newIssues(int expected) {
        List<String[]> issues = jdbc.sql("""
                        SELECT a.name, i.id FROM ecc_agent_issue i JOIN ecc_agent a ON a.id = i.mid_server
                        WHERE i.state = 'New' ORDER BY a.id""")
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        assertThat(issues).hasSize(expected);
        return issues;
    }

    long countIssues(String where) {
        return jdbc.sql("SELECT COUNT(*) FROM ecc_agent_issue WHERE " + where).query(Long.class).single();
    }

    /** {@code count} issues Resolved, and the processes of the issues still open are all that is left. */
    void assertAllResolved(int count) {
        assertThat(countIssues("state = 'Resolved' AND resolved_at IS NOT NULL")).isEqualTo(count);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY).count())
                .isEqualTo(countIssues("state <> 'Resolved'"));
    }

    /**
     * Each MID Server of the issues switched Up by its own PUT, client i calling the MidWatch on
     * {@code ports[i % ports.length]}: the issue is Resolved when the answer comes back.
     */
    Load resolveThroughTheApi(List<String[]> issues, int... ports) throws Exception {
        Load run = loadByClient(issues, (client, issue) -> {
            HttpResponse<String> response = send(ports[client % ports.length], "PUT",
                    "/api/mid-servers/" + issue[0] + "/status", "{\"status\":\"Up\"}");
            if (response.statusCode() != 200 || !response.body().contains(issue[1])) {
                throw new IllegalStateException("PUT status of " + issue[0] + ": " + response.statusCode() + " "
                        + response.body());
            }
        });
        assertAllResolved(issues.size());
        return run;
    }

    /**
     * Back to empty MidWatch tables, no process instance and no history, so that every run starts from the
     * same tables: as fresh as in a new database, without the dead rows of earlier runs (autovacuum, which
     * clears them on a production server, may be off where the figures are made: after the pass scenarios a
     * resolution then cost three times the CPU) and with no row counts or column statistics known to the planner. The engine's rows go by
     * SQL: deleting 10,000 instances through RuntimeService ends each one with its history updates and takes
     * minutes. The rows of the deployed models (the timer jobs of the periodic checks) are kept. This is safe
     * between commands: the engine caches definitions, never instances, and no job of a process instance
     * runs meanwhile (where job executors run, every clone check has ended or waits for a pass that is not
     * due).
     */
    void reset() {
        truncate("""
                DO $$
                BEGIN
                    CREATE TEMP TABLE kept_job ON COMMIT DROP AS
                        SELECT * FROM act_ru_job WHERE process_instance_id_ IS NULL;
                    CREATE TEMP TABLE kept_event_subscr ON COMMIT DROP AS
                        SELECT * FROM act_ru_event_subscr WHERE proc_inst_id_ IS NULL;
                    CREATE TEMP TABLE kept_identitylink ON COMMIT DROP AS
                        SELECT * FROM act_ru_identitylink WHERE task_id_ IS NULL;
                    CREATE TEMP TABLE kept_variable ON COMMIT DROP AS
                        SELECT * FROM act_ru_variable WHERE proc_inst_id_ IS NULL;
                    TRUNCATE %s;
                    INSERT INTO act_ru_job SELECT * FROM kept_job;
                    INSERT INTO act_ru_event_subscr SELECT * FROM kept_event_subscr;
                    INSERT INTO act_ru_identitylink SELECT * FROM kept_identitylink;
                    INSERT INTO act_ru_variable SELECT * FROM kept_variable;
                END $$""".formatted(String.join(", ", TABLES_RESET)));
        String history = jdbc.sql("""
                        SELECT string_agg(tablename, ', ') FROM pg_tables
                        WHERE schemaname = current_schema() AND tablename LIKE 'act\\_hi\\_%'""")
                .query(String.class).single();
        truncate("TRUNCATE " + history);
        // TRUNCATE keeps the column statistics that earlier runs gathered on full tables: a new database has none
        jdbc.sql("""
                        DELETE FROM pg_statistic WHERE starelid IN (
                            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = current_schema()
                              AND (c.relname IN (:tables) OR c.relname LIKE 'act\\_hi\\_%'))""")
                .param("tables", TABLES_RESET)
                .update();
        assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
    }

    /**
     * Where job executors run, a periodic check or the engine's history clean-up may be writing to the same
     * tables: PostgreSQL then picks one of the two transactions to abort as a deadlock. Both are whole, so
     * running the truncation again is safe.
     */
    private void truncate(String sql) {
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql(sql).update();
                return;
            } catch (PessimisticLockingFailureException deadlock) {
                if (attempt == 3) {
                    throw deadlock;
                }
            }
        }
    }

    // ---------------------------------------------------------------- HTTP

    /** One call to the MidWatch listening on {@code port}, as the administrator. */
    HttpResponse<String> send(int port, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(60))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- measuring

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Wall time of one operation, and the CPU it cost per item it handled. */
    /** A measured run and the CPU it cost per item. */
    interface Costed {
        CpuMeter.Cost cpu();
    }

    record Measured(double seconds, CpuMeter.Cost cpu) implements Costed {
    }

    /** Calls from the parallel clients, and the CPU they cost per call. */
    record Load(ParallelClients.Run run, CpuMeter.Cost cpu) implements Costed {
    }

    Measured measure(int items, Work work) {
        CpuMeter cpu = new CpuMeter(jdbc);
        CpuMeter.Snapshot before = cpu.snapshot();
        long start = System.nanoTime();
        try {
            work.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measured(seconds, cpu.perItemSince(before, items));
    }

    /** The items worked off by {@link #CLIENTS} parallel clients. */
    <T> Load load(List<T> items, ParallelClients.Call<T> call) throws Exception {
        return loadByClient(items, (client, item) -> call.run(item));
    }

    /** The same, with each call told which client makes it, e.g. to pick a node per client. */
    <T> Load loadByClient(List<T> items, ParallelClients.ClientCall<T> call) throws Exception {
        CpuMeter cpu = new CpuMeter(jdbc);
        CpuMeter.Snapshot before = cpu.snapshot();
        ParallelClients.Run run = ParallelClients.runByClient(CLIENTS, items, call);
        return new Load(run, cpu.perItemSince(before, items.size()));
    }

    static List<Double> seconds(List<Measured> runs) {
        return runs.stream().map(Measured::seconds).toList();
    }

    static List<CpuMeter.Cost> cpu(List<? extends Costed> runs) {
        return runs.stream().map(Costed::cpu).toList();
    }

    static List<Double> perSecond(List<Load> runs) {
        return runs.stream().map(load -> load.run().perSecond()).toList();
    }

    static List<Double> percentile(List<Load> runs, double percent) {
        return runs.stream().map(load -> BenchReport.percentile(load.run().latencyNanos(), percent)).toList();
    }

    /** The resident set of this JVM, which runs the application and the benchmark alike. */
    static double residentMemoryMb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElseThrow() / 1024.0;
        } catch (IOException e) {
            throw new IllegalStateException("VmRSS needs Linux's /proc/self/status", e);
        }
    }

    static double heapUsedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    static String loadAverage() throws IOException {
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return load[0] + ", " + load[1] + ", " + load[2];
    }
}
