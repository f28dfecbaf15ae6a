package io.midwatch.bench;

import static io.midwatch.bench.BenchFixtures.CLIENTS;
import static io.midwatch.bench.BenchFixtures.RUNS;
import static io.midwatch.bench.BenchFixtures.WARM_UP;
import static io.midwatch.bench.BenchFixtures.cpu;
import static io.midwatch.bench.BenchFixtures.perSecond;
import static io.midwatch.bench.BenchFixtures.percentile;
import static io.midwatch.bench.BenchFixtures.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.midwatch.bench.BenchFixtures.Load;
import io.midwatch.bench.BenchFixtures.Measured;
import io.midwatch.bench.BenchReport.Figure;
import io.midwatch.bench.BenchReport.Kind;
import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.issue.Issue;
import io.midwatch.issue.IssueProcess;
import io.midwatch.issue.IssueProperties;
import io.midwatch.issue.IssueRetention;
import io.midwatch.platform.StatisticsProperties;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * What a pass, a resolution, a clone event and a retention cost, each beside a baseline measured in the
 * same run on the same database. Speed is reported in {@code target/bench/}, never asserted: the assertions here only
 * check that each measured operation did all of its work.
 *
 * <p>The diagnosis worker is off so that it does not compete for the cores while something is
 * measured; the job executor is off (see the base class) and the passes are fired by hand.
 */
@TestPropertySource(properties = "midwatch.worker.enabled=false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MidWatchBenchmark extends PostgresIntegrationTest {

    private static final int RESOLUTIONS = 1_000;
    /** The fleet whose first pass opens the issues to resolve: a fifth of it Down, as in the pass scenario. */
    private static final int RESOLUTION_FLEET = 10_000;
    private static final int CLONE_EVENTS = 1_000;
    private static final int MEMORY_FLEET = 50_000;
    /** The fleet of the retention scenario, a fifth of it with issues; -Dbench.retention-fleet=50000 for 10,000. */
    private static final int RETENTION_FLEET = Integer.getInteger("bench.retention-fleet", 10_000);

    private static final BenchReport report = BenchReport.shared();
    private static double startupRssMb;
    private static double startupHeapMb;
    private static boolean passWarmedUp;

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    IssueRetention issueRetention;
    @Autowired
    StatisticsProperties statistics;
    @Autowired
    IssueProperties issueSettings;

    private BenchFixtures fixtures;

    @BeforeEach
    void useFixtures() {
        fixtures = new BenchFixtures(jdbc, runtimeService, statistics);
    }

    @Test
    @Order(0)
    void recordTheSetUp() throws IOException {
        try (InputStream model = getClass().getResourceAsStream("/bench/bench-empty-process.xml")) {
            // the engine parses a resource as BPMN by its name, hence the .bpmn here
            repositoryService.createDeployment().name("benchmark baseline")
                    .addInputStream("bench-empty.bpmn", model).deploy();
        }
        fixtures.recordEnvironment(processEngine);
        report.note("Pass: one evaluation pass fired by hand (the timer job of " + CloneCheckModelElements.TIMER_FIRST_PASS
                + " or " + CloneCheckModelElements.TIMER_SECOND_PASS + "), from the job's start to its commit; a fifth of "
                + "the fleet is Down.");
        report.note("Resolutions: " + String.format("%,d", RESOLUTIONS) + " of the "
                + String.format("%,d", RESOLUTION_FLEET / 5) + " issues that the first pass over "
                + String.format("%,d", RESOLUTION_FLEET) + " MID Servers logs. Latency: request to response of PUT "
                + "/api/mid-servers/{name}/status; the issue is Resolved in the same transaction, so the response "
                + "means Resolved. Steady state: MidWatch's own analysis after the pass done, then every table "
                + "analysed as autovacuum would have it. Right after the pass: the first request as soon as the "
                + "pass has committed, nothing analysed by the benchmark; MidWatch's own analysis runs meanwhile.");
        report.note("Memory: the benchmark and the application share one JVM; figures taken right after the first "
                + "pass over " + String.format("%,d", MEMORY_FLEET) + " MID Servers, before any clean-up.");
        startupRssMb = BenchFixtures.residentMemoryMb();
        startupHeapMb = BenchFixtures.heapUsedMb();
    }

    // ---------------------------------------------------------------- passes

    /** The fleet sizes of the pass; -Dbench.fleets=10000 measures one size alone. */
    static IntStream fleets() {
        return Arrays.stream(System.getProperty("bench.fleets", "1000,10000,50000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt);
    }

    @ParameterizedTest(name = "first and second pass over {0} MID Servers")
    @MethodSource("fleets")
    @Order(1)
    void pass(int fleet) throws Exception {
        int down = fleet / 5;
        if (!passWarmedUp) {
            // one unrecorded small round of each, for JIT and caches
            fixtures.reset();
            fixtures.insertFleet(1_000, false);
            measurePass(1_000, "warm-up");
            fixtures.reset();
            bareStarts(200);
            passWarmedUp = true;
        }
        var passes = new ArrayList<Measured>();
        var redetections = new ArrayList<Measured>();
        var jdbcInserts = new ArrayList<Measured>();
        var jdbcUpdates = new ArrayList<Measured>();
        var bareStarts = new ArrayList<Measured>();
        var rss = new ArrayList<Double>();
        var heap = new ArrayList<Double>();
        for (int run = 0; run < RUNS; run++) {
            fixtures.reset();
            fixtures.insertFleet(fleet, false);
            jdbcInserts.add(fixtures.measure(down, this::insertIssuesWithPlainJdbc));
            assertThat(fixtures.countIssues("TRUE")).isEqualTo(down);
            jdbc.sql("DELETE FROM ecc_agent_issue").update();

            PassTimes times = measurePass(fleet, "run-" + run);
            passes.add(times.first());
            redetections.add(times.second());
            rss.add(times.rssMb());
            heap.add(times.heapMb());

            jdbcUpdates.add(fixtures.measure(down, this::countRedetectionsWithPlainJdbc));
            assertThat(fixtures.countIssues("count = 3")).isEqualTo(down);

            fixtures.reset();
            bareStarts.add(fixtures.measure(down, () -> bareStarts(down)));
            assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY)
                    .count()).isEqualTo(down);
        }
        fixtures.reset();

        String n = String.format("%,d", fleet);
        String firstPass = "First pass (" + String.format("%,d", down) + " issues + instances)";
        double passSeconds = BenchReport.median(seconds(passes));
        report.add(new Figure(firstPass, n, Kind.TIME, "s", seconds(passes),
                "one batched plain-JDBC insert of the same issue rows", seconds(jdbcInserts),
                fleet == 10_000 ? "< 5 s" : null, fleet == 10_000 ? passSeconds < 5 : null)
                .withCpu("issue", cpu(passes), cpu(jdbcInserts)));
        double bareRatio = BenchReport.median(seconds(bareStarts)) / passSeconds;
        report.add(new Figure(firstPass, n, Kind.TIME, "s", seconds(passes),
                String.format("%,d", down) + " bare starts of " + IssueProcess.PROCESS_KEY + " through RuntimeService "
                        + "(one transaction)", seconds(bareStarts),
                fleet == 10_000 ? "ratio ≥ 0.8" : null, fleet == 10_000 ? bareRatio >= 0.8 : null)
                .withCpu("issue", cpu(passes), cpu(bareStarts)));
        report.add(new Figure("Re-detection (second pass)", n, Kind.TIME, "s", seconds(redetections),
                "one batched plain-JDBC update of the same issue rows", seconds(jdbcUpdates),
                fleet == 10_000 ? "< 1 s" : null, fleet == 10_000 ? BenchReport.median(seconds(redetections)) < 1 : null)
                .withCpu("issue", cpu(redetections), cpu(jdbcUpdates)));
        if (fleet == MEMORY_FLEET) {
            report.add(new Figure("Resident memory (VmRSS) after the pass", n, Kind.MEMORY, "MB", rss,
                    "the same at start-up", List.of(startupRssMb), null, null));
            report.add(new Figure("Heap used after the pass", n, Kind.MEMORY, "MB", heap,
                    "the same at start-up", List.of(startupHeapMb), null, null));
        }
    }

    record PassTimes(Measured first, Measured second, double rssMb, double heapMb) {
    }

    /** Both passes of one clone over the fleet in the tables; the first one logs an issue per Down MID Server. */
    private PassTimes measurePass(int fleet, String cloneId) {
        int down = fleet / 5;
        String check = startClone(cloneId);
        String firstPass = timer(check, CloneCheckModelElements.TIMER_FIRST_PASS);
        OffsetDateTime passStarted = fixtures.databaseNow();
        Measured first = fixtures.measure(down, () -> managementService.executeJob(firstPass));
        double rss = BenchFixtures.residentMemoryMb();
        double heap = BenchFixtures.heapUsedMb();
        // the second pass comes an hour later, long after the analysis that the first one started
        fixtures.awaitMidWatchsAnalysis(passStarted, down);
        assertThat(fixtures.countIssues("state = 'New' AND count = 1 AND process_instance_id IS NOT NULL"))
                .isEqualTo(down);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY).count())
                .isEqualTo(down);

        String secondPass = timer(check, CloneCheckModelElements.TIMER_SECOND_PASS);
        Measured second = fixtures.measure(down, () -> managementService.executeJob(secondPass));
        assertThat(fixtures.countIssues("state = 'New' AND count = 2")).isEqualTo(down);
        return new PassTimes(first, second, rss, heap);
    }

    /** The baseline of a pass's writes: the same issue rows, one batch, one transaction, nothing else. */
    private void insertIssuesWithPlainJdbc() throws SQLException {
        List<Object[]> downMidServers = jdbc.sql("SELECT id, user_name FROM ecc_agent WHERE status = 'Down'")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO ecc_agent_issue (id, mid_server, source, state, message, count, created_at,
                                                 last_detected, unresolved)
                    VALUES (?, ?, ?, 'New', ?, 1, ?, ?, TRUE)""")) {
                for (Object[] midServer : downMidServers) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setLong(2, (Long) midServer[0]);
                    insert.setString(3, Issue.SOURCE_INSTANCE_CLONE);
                    insert.setString(4, Issue.cloneMessage((String) midServer[1]));
                    insert.setTimestamp(5, now);
                    insert.setTimestamp(6, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    /** The baseline of a re-detection: the same rows counted once more, one batch, one transaction. */
    private void countRedetectionsWithPlainJdbc() throws SQLException {
        List<Object[]> open = jdbc.sql("""
                        SELECT i.id, a.user_name FROM ecc_agent_issue i JOIN ecc_agent a ON a.id = i.mid_server
                        WHERE i.state <> 'Resolved'""")
                .query((rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2)}).list();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE ecc_agent_issue SET count = count + 1, last_detected = ?, message = ?
                    WHERE id = ? AND state <> 'Resolved'""")) {
                for (Object[] issue : open) {
                    update.setTimestamp(1, now);
                    update.setString(2, Issue.cloneMessage((String) issue[1]));
                    update.setObject(3, issue[0]);
                    update.addBatch();
                }
                update.executeBatch();
            }
            connection.commit();
        }
    }

    /** The baseline of a pass's processes: the issue model started with the same variables, in one transaction. */
    private void bareStarts(int count) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            for (int i = 0; i < count; i++) {
                String issueId = UUID.randomUUID().toString();
                runtimeService.createProcessInstanceByKey(IssueProcess.PROCESS_KEY)
                        .businessKey(issueId)
                        .setVariables(Variables.createVariables()
                                .putValue(IssueProcess.VAR_ISSUE_ID, issueId)
                                .putValue(IssueProcess.VAR_MID_SERVER_NAME, "fleet-" + i)
                                .putValue(IssueProcess.VAR_USER_NAME, "fleet.user." + i)
                                .putValue(IssueProcess.VAR_CLONE_ID, "bare")
                                .putValue(IssueProcess.VAR_MESSAGE, Issue.cloneMessage("fleet.user." + i)))
                        .execute();
            }
        });
    }

    // ---------------------------------------------------------------- resolutions

    /** The ways the issues of one pass are resolved, each against its own pass. */
    private enum Resolution { STEADY, RIGHT_AFTER_THE_PASS, ENGINE_REST, RUNTIME_SERVICE }

    @Test
    @Order(2)
    void resolution() throws Exception {
        for (Resolution way : Resolution.values()) {
            resolve(way, openIssues(WARM_UP * 5, way != Resolution.RIGHT_AFTER_THE_PASS));
        }
        var runs = new java.util.EnumMap<Resolution, List<Load>>(Resolution.class);
        for (Resolution way : Resolution.values()) {
            runs.put(way, new ArrayList<>());
        }
        Resolution[] ways = Resolution.values();
        for (int run = 0; run < RUNS; run++) {
            // each run starts with another way, so that none always meets the same moment of other load
            for (int i = 0; i < ways.length; i++) {
                Resolution way = ways[(run + i) % ways.length];
                List<String[]> issues = openIssues(RESOLUTION_FLEET, way != Resolution.RIGHT_AFTER_THE_PASS);
                runs.get(way).add(resolve(way, issues.subList(0, RESOLUTIONS)));
            }
        }
        fixtures.reset();

        String n = String.format("%,d", RESOLUTIONS);
        List<Load> steady = runs.get(Resolution.STEADY);
        List<Load> rightAfter = runs.get(Resolution.RIGHT_AFTER_THE_PASS);
        List<Load> engineRest = runs.get(Resolution.ENGINE_REST);
        List<Load> straight = runs.get(Resolution.RUNTIME_SERVICE);
        String overHttp = "MidServerUp correlated by business key through POST /engine-rest/message, " + CLIENTS
                + " clients";
        String inJvm = "MidServerUp correlated straight through RuntimeService, " + CLIENTS + " threads";
        String resolutions = "Resolutions per second, PUT status Down to Up, " + CLIENTS + " clients";
        double rateRatio = BenchReport.median(perSecond(steady)) / BenchReport.median(perSecond(engineRest));
        report.add(new Figure(resolutions, n, Kind.RATE, "/s", perSecond(steady), overHttp, perSecond(engineRest),
                "ratio ≥ 0.8", rateRatio >= 0.8)
                .withCpu("resolution", cpu(steady), cpu(engineRest)));
        report.add(new Figure(resolutions, n, Kind.RATE, "/s", perSecond(steady), inJvm, perSecond(straight),
                null, null)
                .withCpu("resolution", cpu(steady), cpu(straight)));
        report.add(new Figure("Resolution latency, 50th percentile", n, Kind.TIME, "ms", percentile(steady, 50),
                overHttp, percentile(engineRest, 50), null, null));
        double p99 = BenchReport.median(percentile(steady, 99));
        report.add(new Figure("Resolution latency, 99th percentile", n, Kind.TIME, "ms", percentile(steady, 99),
                overHttp, percentile(engineRest, 99), "≤ 1.5 × baseline",
                p99 <= 1.5 * BenchReport.median(percentile(engineRest, 99))));
        String afterPass = "Resolutions per second right after a pass over " + String.format("%,d", RESOLUTION_FLEET)
                + " MID Servers, " + CLIENTS + " clients";
        double afterRatio = BenchReport.median(perSecond(rightAfter)) / BenchReport.median(perSecond(steady));
        report.add(new Figure(afterPass, n, Kind.RATE, "/s", perSecond(rightAfter),
                "the same in steady state", perSecond(steady), "ratio ≥ 0.8", afterRatio >= 0.8)
                .withCpu("resolution", cpu(rightAfter), cpu(steady)));
        report.add(new Figure("Resolution latency right after the pass, 99th percentile", n, Kind.TIME, "ms",
                percentile(rightAfter, 99), "the same in steady state", percentile(steady, 99), null, null));
    }

    private Load resolve(Resolution way, List<String[]> issues) throws Exception {
        return switch (way) {
            case STEADY, RIGHT_AFTER_THE_PASS -> fixtures.resolveThroughTheApi(issues, port);
            case ENGINE_REST -> correlateThroughEngineRest(issues);
            case RUNTIME_SERVICE -> correlateStraight(issues);
        };
    }

    /**
     * A fleet, a fifth of it Down, and the first pass of a clone over it: the New issues, each with its
     * process. Settled: MidWatch's own analysis after the pass done, and every table analysed as autovacuum
     * would have it after a while; otherwise the issues are returned the moment the pass has committed.
     */
    private List<String[]> openIssues(int fleet, boolean settled) {
        fixtures.reset();
        fixtures.insertFleet(fleet, false);
        String check = startClone("resolution");
        OffsetDateTime passStarted = fixtures.databaseNow();
        managementService.executeJob(timer(check, CloneCheckModelElements.TIMER_FIRST_PASS));
        if (settled) {
            fixtures.settle(passStarted, fleet / 5);
        }
        return fixtures.newIssues(fleet / 5);
    }

    private Load correlateStraight(List<String[]> issues) throws Exception {
        Load run = fixtures.load(issues, issue ->
                runtimeService.createMessageCorrelation(IssueProcess.MESSAGE_MID_SERVER_UP)
                        .processInstanceBusinessKey(issue[1])
                        .correlateWithResult());
        fixtures.assertAllResolved(issues.size());
        return run;
    }

    /** The same message through the engine's REST API, the door a process application offers without MidWatch. */
    private Load correlateThroughEngineRest(List<String[]> issues) throws Exception {
        Load run = fixtures.load(issues, issue -> {
            HttpResponse<String> response = fixtures.send(port, "POST", "/engine-rest/message", """
                    {"messageName":"%s","businessKey":"%s","resultEnabled":true}"""
                    .formatted(IssueProcess.MESSAGE_MID_SERVER_UP, issue[1]));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST /engine-rest/message: " + response.statusCode() + " "
                        + response.body());
            }
        });
        fixtures.assertAllResolved(issues.size());
        return run;
    }

    // ---------------------------------------------------------------- retention

    /** Issues of one big pass removed by the retention (R8) once they are older than the retention time. */
    @Test
    @Order(4)
    void retention() {
        int fleet = RETENTION_FLEET;
        int issues = fleet / 5;
        var removals = new ArrayList<Measured>();
        var bareRemovals = new ArrayList<Measured>();
        for (int run = 0; run < RUNS; run++) {
            issuesOfOnePass(fleet, "retention-" + run);
            Instant pastRetention = Instant.now().plus(issueSettings.retention()).plus(Duration.ofDays(1));
            ClockUtil.setCurrentTime(Date.from(pastRetention));
            OffsetDateTime retentionStarted = fixtures.databaseNow();
            try {
                removals.add(fixtures.measure(issues, () -> assertThat(issueRetention.removeExpiredIssues())
                        .isEqualTo(issues)));
            } finally {
                ClockUtil.reset();
            }
            assertThat(fixtures.countIssues("TRUE")).isZero();
            assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY)
                    .count()).isZero();
            fixtures.awaitMidWatchsAnalysis(retentionStarted, issues);

            List<String> processes = issuesOfOnePass(fleet, "bare-" + run);
            bareRemovals.add(fixtures.measure(issues, () -> new TransactionTemplate(transactionManager)
                    .executeWithoutResult(status -> {
                        runtimeService.deleteProcessInstances(processes, "benchmark baseline", true, true);
                        jdbc.sql("DELETE FROM ecc_agent_issue").update();
                    })));
            assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY)
                    .count()).isZero();
        }
        fixtures.reset();
        report.add(new Figure("Retention: expired issues removed with their processes (1,000 per transaction)",
                String.format("%,d", issues), Kind.TIME, "s", seconds(removals),
                "the same processes deleted straight through RuntimeService in one call, the rows by one DELETE",
                seconds(bareRemovals), null, null)
                .withCpu("issue", cpu(removals), cpu(bareRemovals)));
    }

    /** A fleet and the first pass of one clone over it: the process instance ids of its new issues. */
    private List<String> issuesOfOnePass(int fleet, String cloneId) {
        fixtures.reset();
        fixtures.insertFleet(fleet, false);
        String check = startClone(cloneId);
        OffsetDateTime passStarted = fixtures.databaseNow();
        managementService.executeJob(timer(check, CloneCheckModelElements.TIMER_FIRST_PASS));
        // the issues have been open for days when the retention comes: statistics that know of them
        fixtures.settle(passStarted, fleet / 5);
        return jdbc.sql("SELECT process_instance_id FROM ecc_agent_issue").query(String.class).list();
    }

    // ---------------------------------------------------------------- clone events

    @Test
    @Order(3)
    void cloneEvents() throws Exception {
        fixtures.reset();
        postClones(WARM_UP, "warm-up");
        startEmptyProcesses(WARM_UP);
        var posts = new ArrayList<Load>();
        var starts = new ArrayList<Load>();
        for (int run = 0; run < RUNS; run++) {
            // taking turns to go first, as for the resolutions
            if (run % 2 == 1) {
                fixtures.reset();
                starts.add(startEmptyProcesses(CLONE_EVENTS));
            }
            fixtures.reset();
            posts.add(postClones(CLONE_EVENTS, "run-" + run));
            if (run % 2 == 0) {
                fixtures.reset();
                starts.add(startEmptyProcesses(CLONE_EVENTS));
            }
        }
        fixtures.reset();
        List<Double> rates = perSecond(posts);
        List<Double> baselineRates = perSecond(starts);
        report.add(new Figure("Clone events accepted per second, POST /api/clones, " + CLIENTS + " clients",
                String.format("%,d", CLONE_EVENTS), Kind.RATE, "/s", rates,
                "empty one-step process started through POST /engine-rest, " + CLIENTS + " clients", baselineRates,
                "ratio ≥ 0.8", BenchReport.median(rates) / BenchReport.median(baselineRates) >= 0.8)
                .withCpu("event", cpu(posts), cpu(starts)));
    }

    private Load postClones(int count, String prefix) throws Exception {
        Load run = fixtures.load(ParallelClients.range(count), i -> {
            HttpResponse<String> response = fixtures.send(port, "POST", "/api/clones", """
                    {"cloneId":"%s-%d","sourceInstance":"prod","targetInstance":"test"}""".formatted(prefix, i));
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /api/clones: " + response.statusCode() + " " + response.body());
            }
        });
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(CloneCheckProcess.PROCESS_KEY)
                .count()).isEqualTo(count);
        return run;
    }

    private Load startEmptyProcesses(int count) throws Exception {
        long before = historyService.createHistoricProcessInstanceQuery().processDefinitionKey("BenchEmpty").count();
        Load run = fixtures.load(ParallelClients.range(count), i -> {
            HttpResponse<String> response = fixtures.send(port, "POST",
                    "/engine-rest/process-definition/key/BenchEmpty/start", "{}");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST /engine-rest start: " + response.statusCode() + " " + response.body());
            }
        });
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey("BenchEmpty").count())
                .isEqualTo(before + count);
        return run;
    }

    // ---------------------------------------------------------------- report

    /** Written after every scenario, so that an interrupted run still leaves what it measured. */
    @AfterEach
    void writeWhatWasMeasured(TestInfo scenario) throws IOException {
        BenchFixtures.writeReport(scenario.getDisplayName());
    }

    // ---------------------------------------------------------------- helpers

    /** A clone completed an hour ago, after the fleet was registered: its check waits for the passes. */
    private String startClone(String cloneId) {
        var response = api.post("/api/clones", Map.of("cloneId", cloneId, "sourceInstance", "prod",
                "targetInstance", "test", "completedAt", Instant.now().minus(Duration.ofHours(1)).toString()));
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return response.getBody().get("processInstanceId").asText();
    }

    private String timer(String check, String activityId) {
        return managementService.createJobQuery().processInstanceId(check).activityId(activityId).singleResult().getId();
    }
}
