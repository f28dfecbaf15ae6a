package io.midwatch.cluster;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.heartbeat.HeartbeatCheckProcess;
import io.midwatch.issue.Issue;
import io.midwatch.issue.IssueModelElements;
import io.midwatch.issue.IssueProcess;
import io.midwatch.issue.IssueRetentionProcess;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * Two MidWatch nodes on one PostgreSQL database, each with its own engine and job executor, behave as
 * one: 200 clones posted to both, every pass runs once, every issue is logged once with one process, and
 * the periodic checks run once per period.
 *
 * <p>The MID Servers come in four waves of five, each followed by 50 clones. A clone evaluates the MID
 * Servers that existed before it (R2), so a Down MID Server of wave {@code w} is seen by both passes of the
 * clones of waves {@code w} to 3: one issue, New, detected {@code 2 * 50 * (4 - w)} times (R4, R6).
 */
class TwoNodesTest extends PostgresIntegrationTest {

    private static final int WAVES = 4;
    private static final int CLONES_PER_WAVE = 50;
    private static final int CLONES = WAVES * CLONES_PER_WAVE;
    /** Each wave: two Down MID Servers, three that are not. */
    private static final String[] WAVE_STATUSES = {"Down", "Up", "Down", "Paused", "Upgrade Failed"};
    private static final String CLONE_PREFIX = "cluster-";

    private final Set<String> cloneIds = new HashSet<>();
    /** The user of each Down MID Server, by its name. */
    private final Map<String, String> userOf = new HashMap<>();

    @Test
    void twoNodesCheckEveryCloneOnceLogEveryIssueOnceAndRunEachPeriodicCheckOncePerPeriod() throws Exception {
        try (ConfigurableApplicationContext nodeA = startNode("nodeA");
             ConfigurableApplicationContext nodeB = startNode("nodeB")) {
            Api[] nodes = {api(nodeA), api(nodeB)};

            givenWavesOfMidServersEachFollowedByClonesPostedToBothNodes(nodes);

            whenBothNodesJobExecutorsHaveRunThePasses();

            Set<String> checks = thenEveryCloneHasOneCheckWhosePassesRanOnceEach(nodes[0]);
            JsonNode issues = thenEveryDownMidServerHasOneIssueCountedOncePerPassThatSawIt(nodes[1]);
            List<ProcessInstance> issueProcesses = thenEveryIssueHasOneDiagnosedProcessAndOneTask(nodes[0], issues);
            thenEachPeriodicCheckRunsOnceOnWhicheverNodeComesFirst();
            thenNothingFailedOnEitherNode(checks, issueProcesses);
        }
    }

    /** Four waves of MID Servers, each followed by 50 clones, spread over both nodes. */
    private void givenWavesOfMidServersEachFollowedByClonesPostedToBothNodes(Api[] nodes) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Instant lastCompleted = Instant.EPOCH;
            for (int wave = 0; wave < WAVES; wave++) {
                awaitClockPast(lastCompleted);
                for (int i = 0; i < WAVE_STATUSES.length; i++) {
                    String name = "w" + wave + "-mid-" + i;
                    String user = "w" + wave + ".user." + i;
                    var registered = nodes[i % 2].post("/api/mid-servers", Api.midServer(name, user, WAVE_STATUSES[i]));
                    assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
                    if (WAVE_STATUSES[i].equals("Down")) {
                        userOf.put(name, user);
                    }
                }
                // posted four at a time; every tenth clone to both nodes at the same moment (R1 across nodes)
                Map<String, List<Future<ResponseEntity<JsonNode>>>> posts = new HashMap<>();
                for (int i = 0; i < CLONES_PER_WAVE; i++) {
                    String cloneId = CLONE_PREFIX + "w" + wave + "-" + i;
                    cloneIds.add(cloneId);
                    List<Api> receivers = i % 10 == 0 ? List.of(nodes) : List.of(nodes[i % 2]);
                    posts.put(cloneId, receivers.stream()
                            .map(node -> callers.submit(() -> node.post("/api/clones", cloneEvent(cloneId))))
                            .toList());
                }
                for (var post : posts.entrySet()) {
                    List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
                    for (var answer : post.getValue()) {
                        answers.add(answer.get());
                    }
                    assertThat(answers).extracting(ResponseEntity::getStatusCode).as("answers to %s", post.getKey())
                            .containsExactlyInAnyOrderElementsOf(answers.size() == 1 ? List.of(HttpStatus.CREATED)
                                    : List.of(HttpStatus.CREATED, HttpStatus.OK));
                    assertThat(answers).extracting(answer -> answer.getBody().get("processInstanceId").asText())
                            .containsOnly(answers.get(0).getBody().get("processInstanceId").asText());
                    Instant completed = Instant.parse(answers.get(0).getBody().get("completedAt").asText());
                    lastCompleted = completed.isAfter(lastCompleted) ? completed : lastCompleted;
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private void whenBothNodesJobExecutorsHaveRunThePasses() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(jdbc.sql("""
                                SELECT COUNT(*) FROM instance_clone
                                WHERE clone_id LIKE 'cluster-%' AND second_pass_done_at IS NOT NULL""")
                        .query(Long.class).single()).isEqualTo(CLONES));
    }

    /** @return the ids of the clone checks */
    private Set<String> thenEveryCloneHasOneCheckWhosePassesRanOnceEach(Api node) {
        JsonNode clones = node.get("/api/clones?limit=" + CLONES).getBody();
        assertThat(clones).hasSize(CLONES);
        assertThat(clones).allSatisfy(clone -> {
            assertThat(clone.get("firstPassDoneAt").isNull()).as("first pass of %s", clone.get("cloneId")).isFalse();
            assertThat(clone.get("secondPassDoneAt").isNull()).as("second pass of %s", clone.get("cloneId")).isFalse();
        });
        Set<String> checks = new HashSet<>();
        clones.forEach(clone -> checks.add(clone.get("processInstanceId").asText()));
        List<HistoricProcessInstance> checkHistory = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(CloneCheckProcess.PROCESS_KEY).processInstanceBusinessKeyLike(CLONE_PREFIX + "%")
                .list();
        assertThat(checkHistory).extracting(HistoricProcessInstance::getBusinessKey)
                .containsExactlyInAnyOrderElementsOf(cloneIds);
        assertThat(checkHistory).extracting(HistoricProcessInstance::getId).containsExactlyInAnyOrderElementsOf(checks);
        assertThat(checkHistory).allSatisfy(check ->
                assertThat(check.getEndActivityId()).isEqualTo(CloneCheckModelElements.END_CLONE_CHECKED));
        // (a second pass that finds the first not done makes it up: then Task_FirstPass does not run; the
        // issue counts below show that every pass was counted exactly once either way)
        Map<String, Long> firstPasses = runsPerCheck(CloneCheckModelElements.TASK_FIRST_PASS, checks);
        Map<String, Long> secondPasses = runsPerCheck(CloneCheckModelElements.TASK_SECOND_PASS, checks);
        assertThat(firstPasses).as("first pass runs per clone check")
                .allSatisfy((check, runs) -> assertThat(runs).isEqualTo(1));
        assertThat(secondPasses).as("second pass runs per clone check").hasSize(CLONES)
                .allSatisfy((check, runs) -> assertThat(runs).isEqualTo(1));
        // both nodes took part
        assertThat(historyService.createHistoricJobLogQuery().processDefinitionKey(CloneCheckProcess.PROCESS_KEY)
                .successLog().list().stream()
                .filter(entry -> checks.contains(entry.getProcessInstanceId()))
                .map(HistoricJobLog::getHostname))
                .contains("nodeA", "nodeB");
        return checks;
    }

    /** @return the issues as the API shows them */
    private JsonNode thenEveryDownMidServerHasOneIssueCountedOncePerPassThatSawIt(Api node) {
        JsonNode issues = node.get("/api/issues").getBody();
        assertThat(issues).extracting(issue -> issue.get("midServer").asText())
                .containsExactlyInAnyOrderElementsOf(userOf.keySet());
        assertThat(issues).allSatisfy(issue -> {
            String midServer = issue.get("midServer").asText();
            int wave = Character.getNumericValue(midServer.charAt(1));
            assertThat(issue.get("state").asText()).isEqualTo("New");
            assertThat(issue.get("source").asText()).isEqualTo(Issue.SOURCE_INSTANCE_CLONE);
            assertThat(issue.get("count").asInt()).as("detections of %s", midServer)
                    .isEqualTo(2 * CLONES_PER_WAVE * (WAVES - wave));
            assertThat(issue.get("message").asText()).isEqualTo(Issue.cloneMessage(userOf.get(midServer)));
            int raisedByWave = Character.getNumericValue(issue.get("cloneId").asText().charAt(CLONE_PREFIX.length() + 1));
            assertThat(raisedByWave).as("wave of the clone that raised the issue of %s", midServer)
                    .isGreaterThanOrEqualTo(wave);
        });
        return issues;
    }

    /** @return the issue processes */
    private List<ProcessInstance> thenEveryIssueHasOneDiagnosedProcessAndOneTask(Api node, JsonNode issues) {
        Set<String> issueIds = new HashSet<>();
        issues.forEach(issue -> issueIds.add(issue.get("id").asText()));
        List<ProcessInstance> issueProcesses = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(IssueProcess.PROCESS_KEY).list();
        assertThat(issueProcesses).extracting(ProcessInstance::getBusinessKey).containsExactlyInAnyOrderElementsOf(issueIds);
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY)
                .processInstanceBusinessKeyIn(issueIds.toArray(String[]::new)).count())
                .as("issue processes ever started").isEqualTo(issueIds.size());
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(taskService.createTaskQuery().processDefinitionKey(IssueProcess.PROCESS_KEY)
                    .taskDefinitionKey(IssueModelElements.TASK_VERIFY_CREDENTIALS).list())
                    .extracting(task -> task.getName())
                    .containsExactlyInAnyOrderElementsOf(userOf.entrySet().stream()
                            .map(down -> "Verify credentials of MID Server user '" + down.getValue()
                                    + "' (MID Server " + down.getKey() + ")").toList());
            assertThat(node.get("/api/issues").getBody())
                    .allSatisfy(issue -> assertThat(issue.get("diagnosis").isNull()).isFalse());
        });
        return issueProcesses;
    }

    /** The periodic checks are one timer each: whichever node comes first runs it, and only once. */
    private void thenEachPeriodicCheckRunsOnceOnWhicheverNodeComesFirst() {
        for (String periodic : List.of(HeartbeatCheckProcess.PROCESS_KEY, IssueRetentionProcess.PROCESS_KEY)) {
            List<Job> timers = managementService.createJobQuery().processDefinitionKey(periodic).list();
            assertThat(timers).as("timers of %s", periodic).hasSize(1);
            Job timer = timers.get(0);
            Instant before = Instant.now();
            if (timer.getDuedate().toInstant().isAfter(before.plusSeconds(10))) {
                // not due soon, so no node runs it now: bring the period's end forward
                managementService.setJobDuedate(timer.getId(), Date.from(before));
            }

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(historyService
                    .createHistoricJobLogQuery().jobId(timer.getId()).successLog().count()).isEqualTo(1));
            assertThat(historyService.createHistoricJobLogQuery().jobId(timer.getId()).failureLog().count())
                    .as("failed runs of %s", periodic).isZero();
            assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey(periodic)
                    .startedAfter(Date.from(before)).count()).as("runs of %s", periodic).isEqualTo(1);
            assertThat(managementService.createJobQuery().processDefinitionKey(periodic).count())
                    .as("timers of %s for the next period", periodic).isEqualTo(1);
        }
    }

    private void thenNothingFailedOnEitherNode(Set<String> checks, List<ProcessInstance> issueProcesses) {
        assertThat(runtimeService.createIncidentQuery().count()).isZero();
        assertThat(historyService.createHistoricIncidentQuery().processDefinitionKeyIn(CloneCheckProcess.PROCESS_KEY,
                IssueProcess.PROCESS_KEY, HeartbeatCheckProcess.PROCESS_KEY, IssueRetentionProcess.PROCESS_KEY)
                .list()).filteredOn(incident -> checks.contains(incident.getProcessInstanceId())
                        || issueProcesses.stream().anyMatch(p -> p.getId().equals(incident.getProcessInstanceId())))
                .isEmpty();
        assertThat(managementService.createJobQuery().withException().count()).isZero();
        assertThat(managementService.createJobQuery().list()).allSatisfy(job ->
                assertThat(job.getRetries()).as("retries of job %s", job.getId()).isEqualTo(3));
        // an attempt may lose an optimistic-locking conflict to the other node and be rolled back: that
        // is how the nodes agree; any other failure is a fault
        assertThat(historyService.createHistoricJobLogQuery().processDefinitionKey(CloneCheckProcess.PROCESS_KEY)
                .failureLog().list()).filteredOn(failure -> checks.contains(failure.getProcessInstanceId()))
                .allSatisfy(failure -> assertThat(historyService.getHistoricJobLogExceptionStacktrace(failure.getId()))
                        .as("failed pass attempt").startsWith(OptimisticLockingException.class.getName()));
    }

    private Map<String, Long> runsPerCheck(String pass, Set<String> checks) {
        return historyService.createHistoricActivityInstanceQuery().activityId(pass).finished().list().stream()
                .map(HistoricActivityInstance::getProcessInstanceId)
                .filter(checks::contains)
                .collect(groupingBy(id -> id, counting()));
    }

    private static Map<String, Object> cloneEvent(String cloneId) {
        return Map.of("cloneId", cloneId, "sourceInstance", "prod", "targetInstance", "test");
    }

    /** Timestamps have milliseconds: the next wave must be created strictly after the last clone. */
    private static void awaitClockPast(Instant instant) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> Instant.now().isAfter(instant.plusMillis(1)));
    }

    private static Api api(ConfigurableApplicationContext node) {
        return AnotherMidWatch.adminApi(node);
    }

    private static ConfigurableApplicationContext startNode(String name) {
        return AnotherMidWatch.start(name, new String[0],
                "--midwatch.clone.first-pass-after=PT5S",
                "--midwatch.clone.second-pass-after=PT15S",
                // the Up MID Servers send no heartbeats here and must stay Up
                "--midwatch.heartbeat.timeout=PT1H",
                "--camunda.bpm.job-execution.enabled=true",
                // an idle node looks for due jobs every 5 s rather than every minute: a shorter test
                "--camunda.bpm.job-execution.max-wait=5000",
                // the job log names the node that ran each job; in one JVM both would be 127.0.0.1$default
                "--camunda.bpm.generic-properties.properties.hostname=" + name);
    }
}
