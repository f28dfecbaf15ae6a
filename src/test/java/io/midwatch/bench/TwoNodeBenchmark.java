package io.midwatch.bench;

import static io.midwatch.bench.BenchFixtures.CLIENTS;
import static io.midwatch.bench.BenchFixtures.RUNS;
import static io.midwatch.bench.BenchFixtures.WARM_UP;
import static io.midwatch.bench.BenchFixtures.cpu;
import static io.midwatch.bench.BenchFixtures.perSecond;
import static io.midwatch.bench.BenchFixtures.percentile;
import static io.midwatch.bench.BenchFixtures.seconds;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import io.midwatch.bench.BenchFixtures.Load;
import io.midwatch.bench.BenchFixtures.Measured;
import io.midwatch.bench.BenchReport.Figure;
import io.midwatch.bench.BenchReport.Kind;
import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.issue.IssueProcess;
import io.midwatch.platform.StatisticsProperties;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * The resolutions and the passes of {@link MidWatchBenchmark} on two MidWatch nodes beside the same on
 * one node, both measured in the same run on the same database, into the same report.
 *
 * <p>The nodes B and C are two more MidWatch application contexts in this JVM, each with its own engine,
 * web server and job executor; the shared context of the base class only sets up and checks (its job
 * executor is off). All of them share the machine's cores with PostgreSQL. Speed is reported, never
 * asserted: the assertions only check that the measured work was all done, once.
 */
@TestPropertySource(properties = "midwatch.worker.enabled=false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeBenchmark extends PostgresIntegrationTest {

    private static final int RESOLUTIONS = 1_000;
    private static final int FLEET = 10_000;
    private static final int DOWN = FLEET / 5;
    private static final int CLONES = 4;
    private static final int PASSES = 2 * CLONES;
    private static final String[] HOSTS = {"node-b", "node-c"};
    /** Often enough that noticing the end adds little to runs of a few seconds. */
    private static final Duration POLL = Duration.ofMillis(20);
    /**
     * An idle job executor looks for due jobs after 100 ms, then every 200 ms, instead of after 5 s, then
     * up to every 60 s: a job created on a node whose job executor is off (the one-node runs) would
     * otherwise wait seconds for the other node, and those waits would be what is measured.
     */
    private static final String[] ACQUISITION = {
            "--camunda.bpm.job-execution.wait-time-in-millis=100", "--camunda.bpm.job-execution.max-wait=200"};

    private static final BenchReport report = BenchReport.shared();
    private static ConfigurableApplicationContext nodeB;
    private static ConfigurableApplicationContext nodeC;
    private static int[] ports;

    @Autowired
    ProcessEngine processEngine;
    @Autowired
    StatisticsProperties statistics;

    private BenchFixtures fixtures;

    /** The nodes start with the first scenario, once the shared context has created the database. */
    @BeforeEach
    void startTheNodes() throws IOException {
        fixtures = new BenchFixtures(jdbc, runtimeService, statistics);
        if (nodeB != null) {
            return;
        }
        fixtures.recordEnvironment(processEngine);
        nodeB = startNode("benchNodeB", HOSTS[0]);
        nodeC = startNode("benchNodeC", HOSTS[1]);
        ports = new int[] {port(nodeB), port(nodeC)};
        report.note("Two nodes: nodes B and C are two more MidWatch application contexts in the benchmark's JVM, "
                + "on the same database, each with its own engine, web server and job executor, no diagnosis "
                + "worker; the cores above serve both nodes and PostgreSQL. Their idle job executors look for due "
                + "jobs every 100-200 ms (camunda.bpm.job-execution.wait-time-in-millis=100, max-wait=200; the "
                + "defaults 5-60 s would make acquisition waits dominate the pass figures). In the two-node rows "
                + "MidWatch median is the two-node figure, baseline the one-node figure of the same run.");
    }

    private static ConfigurableApplicationContext startNode(String engineName, String host) {
        List<String> settings = new ArrayList<>(List.of(
                "--camunda.bpm.job-execution.enabled=true",
                "--midwatch.worker.enabled=false",
                // the job log names the node that ran each job; in one JVM both would be 127.0.0.1$<engine>
                "--camunda.bpm.generic-properties.properties.hostname=" + host,
                // the fleet sends no heartbeats: its Up MID Servers must not be set Down during a run
                "--midwatch.heartbeat.timeout=P1D"));
        settings.addAll(List.of(ACQUISITION));
        return AnotherMidWatch.start(engineName, new String[0], settings.toArray(String[]::new));
    }

    @AfterAll
    static void stopTheNodes() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeB, nodeC}) {
            if (node != null) {
                node.close();
            }
        }
        nodeB = null;
        nodeC = null;
    }

    // ---------------------------------------------------------------- resolutions

    @Test
    @Order(1)
    void resolutionOnTwoNodes() throws Exception {
        fixtures.resolveThroughTheApi(openIssues(WARM_UP), ports[0]);
        fixtures.resolveThroughTheApi(openIssues(WARM_UP), ports);

        var oneNode = new ArrayList<Load>();
        var twoNodes = new ArrayList<Load>();
        for (int run = 0; run < RUNS; run++) {
            // taking turns to go first, so that neither side always meets the same moment of other load
            if (run % 2 == 0) {
                twoNodes.add(fixtures.resolveThroughTheApi(openIssues(RESOLUTIONS), ports));
                oneNode.add(fixtures.resolveThroughTheApi(openIssues(RESOLUTIONS), ports[0]));
            } else {
                oneNode.add(fixtures.resolveThroughTheApi(openIssues(RESOLUTIONS), ports[0]));
                twoNodes.add(fixtures.resolveThroughTheApi(openIssues(RESOLUTIONS), ports));
            }
        }
        fixtures.reset();

        String n = String.format("%,d", RESOLUTIONS);
        String baseline = "the same, all " + CLIENTS + " clients against node B";
        report.add(new Figure("Resolutions per second, PUT status Down to Up, " + CLIENTS + " clients, two nodes "
                + "(" + CLIENTS / 2 + " clients each)", n, Kind.RATE, "/s", perSecond(twoNodes), baseline,
                perSecond(oneNode), null, null)
                .withCpu("resolution", cpu(twoNodes), cpu(oneNode)));
        report.add(new Figure("Resolution latency, 50th percentile, two nodes", n, Kind.TIME, "ms",
                percentile(twoNodes, 50), baseline, percentile(oneNode, 50), null, null));
        report.add(new Figure("Resolution latency, 99th percentile, two nodes", n, Kind.TIME, "ms",
                percentile(twoNodes, 99), baseline, percentile(oneNode, 99), null, null));
    }

    /**
     * Down MID Servers, each with an open issue and its process: the first pass of a clone over them. The
     * pass is due, so the nodes' job executors run it; fired by hand, it would race them.
     */
    private List<String[]> openIssues(int count) throws Exception {
        fixtures.reset();
        fixtures.insertFleet(count, true);
        OffsetDateTime passStarted = fixtures.databaseNow();
        postClone(ports[0], "resolution", Instant.now().minus(Duration.ofHours(1)));
        await().atMost(Duration.ofMinutes(2)).pollInterval(POLL).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM instance_clone WHERE first_pass_done_at IS NOT NULL").query(Long.class).single() == 1);
        // the issues have been open a while when their MID Servers come Up: statistics that know of them
        fixtures.settle(passStarted, count);
        return fixtures.newIssues(count);
    }

    // ---------------------------------------------------------------- passes

    /** One run of the pass scenario: its time and CPU, and how many pass jobs each node ran. */
    record PassRun(Measured measured, Map<String, Long> passJobsPerNode, long lostAttempts) {

        String jobs() {
            return passJobsPerNode.entrySet().stream().map(node -> node.getKey() + " " + node.getValue())
                    .collect(Collectors.joining(" + "))
                    + (lostAttempts == 0 ? "" : " (" + lostAttempts + " attempt(s) lost to the other node)");
        }
    }

    @Test
    @Order(2)
    void passesOnTwoNodes() throws Exception {
        try {
            passes("warm-up", true);
            var oneNode = new ArrayList<PassRun>();
            var twoNodes = new ArrayList<PassRun>();
            for (int run = 0; run < RUNS; run++) {
                // taking turns to go first, as for the resolutions
                if (run % 2 == 0) {
                    twoNodes.add(passes("two-" + run, true));
                    oneNode.add(passes("one-" + run, false));
                } else {
                    oneNode.add(passes("one-" + run, false));
                    twoNodes.add(passes("two-" + run, true));
                }
            }
            fixtures.reset();

            List<Measured> one = oneNode.stream().map(PassRun::measured).toList();
            List<Measured> two = twoNodes.stream().map(PassRun::measured).toList();
            report.add(new Figure("Both passes of " + CLONES + " clones posted at once (" + String.format("%,d", DOWN)
                    + " issues, " + PASSES + " passes), two nodes' job executors", String.format("%,d", FLEET),
                    Kind.TIME, "s", seconds(two), "the same, node B's job executor alone", seconds(one), null, null)
                    .withCpu("pass", cpu(two), cpu(one)));
            report.note("Pass, two nodes: " + String.format("%,d", FLEET) + " MID Servers registered 2 h ago, a fifth "
                    + "Down; " + CLONES + " clones completed 90 min ago (so both passes, 15 and 75 min after, are due) "
                    + "posted at once, alternately to B and C; from the first POST until all " + CLONES
                    + " clone checks have ended. One node: C's job executor shut down, C still answers its POSTs. "
                    + "Pass jobs run per node (from ACT_HI_JOB_LOG), run by run: two nodes "
                    + twoNodes.stream().map(PassRun::jobs).collect(Collectors.joining("; "))
                    + "; one node " + oneNode.stream().map(PassRun::jobs).collect(Collectors.joining("; ")) + ".");
        } finally {
            if (nodeC != null) {
                jobExecutor(nodeC).start();
            }
        }
    }

    /**
     * The fleet in the tables, then the clones posted to B and C at once; measured until every clone check
     * has ended. With {@code bothNodes} false only node B's job executor runs.
     */
    private PassRun passes(String label, boolean bothNodes) throws Exception {
        fixtures.reset();
        fixtures.insertFleet(FLEET, false);
        if (bothNodes) {
            jobExecutor(nodeC).start();
        } else {
            jobExecutor(nodeC).shutdown();
        }
        Instant completedAt = Instant.now().minus(Duration.ofMinutes(90));
        List<String> cloneIds = IntStream.range(0, CLONES).mapToObj(i -> label + "-" + i).toList();

        Measured measured = fixtures.measure(PASSES, () -> {
            ParallelClients.run(CLONES, ParallelClients.range(CLONES),
                    i -> postClone(ports[i % 2], cloneIds.get(i), completedAt));
            await().atMost(Duration.ofMinutes(5)).pollInterval(POLL).until(() -> historyService
                    .createHistoricProcessInstanceQuery().processDefinitionKey(CloneCheckProcess.PROCESS_KEY)
                    .finished().count() == CLONES);
        });

        // every Down MID Server has one issue, New, counted by every pass of every clone, with one process
        assertThat(fixtures.countIssues("TRUE")).isEqualTo(DOWN);
        assertThat(fixtures.countIssues("state = 'New' AND count = " + PASSES)).isEqualTo(DOWN);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY).count())
                .isEqualTo(DOWN);
        // each clone's check ended once, after its second pass, which ran once
        List<HistoricProcessInstance> checks = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(CloneCheckProcess.PROCESS_KEY).list();
        assertThat(checks).extracting(HistoricProcessInstance::getBusinessKey)
                .containsExactlyInAnyOrderElementsOf(cloneIds);
        assertThat(checks).allSatisfy(check ->
                assertThat(check.getEndActivityId()).isEqualTo(CloneCheckModelElements.END_CLONE_CHECKED));
        assertThat(historyService.createHistoricActivityInstanceQuery().activityId(CloneCheckModelElements.TASK_SECOND_PASS)
                .finished().list()).extracting(HistoricActivityInstance::getProcessInstanceId)
                .containsExactlyInAnyOrderElementsOf(checks.stream().map(HistoricProcessInstance::getId).toList());
        assertThat(jdbc.sql("""
                        SELECT COUNT(*) FROM instance_clone
                        WHERE first_pass_done_at IS NOT NULL AND second_pass_done_at IS NOT NULL""")
                .query(Long.class).single()).isEqualTo(CLONES);
        // and nothing failed: an attempt may only lose an optimistic-locking conflict to the other node, be
        // rolled back and leave the job to the winner
        assertThat(runtimeService.createIncidentQuery().count()).isZero();
        assertThat(historyService.createHistoricIncidentQuery().count()).isZero();
        assertThat(managementService.createJobQuery().withException().count()).isZero();
        List<HistoricJobLog> failures = historyService.createHistoricJobLogQuery()
                .processDefinitionKey(CloneCheckProcess.PROCESS_KEY).failureLog().list();
        assertThat(failures).allSatisfy(failure ->
                assertThat(historyService.getHistoricJobLogExceptionStacktrace(failure.getId()))
                        .as("failed pass attempt").startsWith(OptimisticLockingException.class.getName()));

        // which node ran which pass: the engine's hostname of each node, in the job log
        Map<String, Long> perNode = historyService.createHistoricJobLogQuery()
                .processDefinitionKey(CloneCheckProcess.PROCESS_KEY).successLog().list().stream()
                .collect(groupingBy(HistoricJobLog::getHostname, TreeMap::new, counting()));
        assertThat(perNode.keySet()).isSubsetOf(bothNodes ? List.of(HOSTS) : List.of(HOSTS[0]));
        return new PassRun(measured, perNode, failures.size());
    }

    // ---------------------------------------------------------------- report

    @AfterEach
    void writeWhatWasMeasured(TestInfo scenario) throws IOException {
        BenchFixtures.writeReport(scenario.getDisplayName());
    }

    // ---------------------------------------------------------------- helpers

    private void postClone(int port, String cloneId, Instant completedAt) throws Exception {
        HttpResponse<String> response = fixtures.send(port, "POST", "/api/clones", """
                {"cloneId":"%s","sourceInstance":"prod","targetInstance":"test","completedAt":"%s"}"""
                .formatted(cloneId, completedAt));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/clones: " + response.statusCode() + " " + response.body());
        }
    }

    private static JobExecutor jobExecutor(ConfigurableApplicationContext node) {
        return ((ProcessEngineConfigurationImpl) node.getBean(ProcessEngine.class).getProcessEngineConfiguration())
                .getJobExecutor();
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
