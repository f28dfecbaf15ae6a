package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * R7 under load and in races: many MID Servers coming Up at once, and a MID Server coming Up while a pass
 * is logging its issue. Nothing is resolved twice, nothing is lost, nothing is left waiting.
 */
class ResolutionConcurrencyTest extends PostgresIntegrationTest {

    private static final int MID_SERVERS = 50;

    private IssueFixtures given;
    private ExecutorService callers;

    @BeforeEach
    void fixtures() {
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
        callers = Executors.newFixedThreadPool(MID_SERVERS);
    }

    @AfterEach
    void stopCallers() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void R7_fiftyMidServersComingUpAtOnceEachResolveTheirOwnIssueExactlyOnce() throws Exception {
        // Given 50 Down MID Servers whose users the clone did not bring, each with its issue and its task
        List<String> names = IntStream.rangeClosed(1, MID_SERVERS).mapToObj("mid-%02d"::formatted).toList();
        var open = given.downMidServersWithIssuesAndTasks(names, false);

        // When all of them go Up at the same moment, each through its own caller
        var startGate = new CountDownLatch(1);
        Map<String, Future<ResponseEntity<JsonNode>>> answers = new LinkedHashMap<>();
        for (String name : names) {
            answers.put(name, callers.submit(() -> {
                startGate.await();
                return api.put("/api/mid-servers/" + name + "/status", Map.of("status", "Up"));
            }));
        }
        startGate.countDown();

        // Then every caller gets a 200 that names exactly its own issue
        for (String name : names) {
            ResponseEntity<JsonNode> answer = answers.get(name)
                    .get(IssueFixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.getStatusCode()).as("answer for %s: %s", name, answer).isEqualTo(HttpStatus.OK);
            assertThat(answer.getBody().get("resolvedIssues")).extracting(JsonNode::asText).as("resolved by %s", name)
                    .containsExactly(open.get(name).id().toString());
        }

        // And all 50 issues are Resolved, with no issue process instance and no task left
        JsonNode issues = api.get("/api/issues").getBody();
        assertThat(issues).hasSize(MID_SERVERS)
                .allSatisfy(issue -> assertThat(issue.get("state").asText()).isEqualTo("Resolved"));
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY).count())
                .isZero();
        assertThat(taskService.createTaskQuery().count()).isZero();
        open.values().forEach(issue ->
                given.assertEndedAt(issue.processInstanceId(), IssueModelElements.END_RESOLVED_BY_MID_SERVER_UP));
    }

    @RepeatedTest(10)
    void R7_aMidServerSetUpThroughTheStatusApiWhileAPassRunsLosesNothing() throws Exception {
        // Given a MID Server that is Down at a clone, and the clone's first pass due
        String cloneId = givenADownMidServerAndAClone();

        // When the pass runs and the MID Server is set Up through the status API at the same moment
        ResponseEntity<JsonNode> answer = runThePassWhile(cloneId,
                () -> api.put("/api/mid-servers/mid-race/status", Map.of("status", "Up")));

        // Then the MID Server is Up with no open issue, and nothing waits
        assertNothingLost(cloneId, answer);
    }

    @RepeatedTest(10)
    void R7_aMidServerComingUpByHeartbeatWhileAPassRunsLosesNothing() throws Exception {
        // Given a MID Server that is Down at a clone, and the clone's first pass due
        String cloneId = givenADownMidServerAndAClone();

        // When the pass runs and the MID Server logs in with a heartbeat at the same moment
        ResponseEntity<JsonNode> answer = runThePassWhile(cloneId,
                () -> anonymous.withBasicAuth("mid-race.user", IssueFixtures.PASSWORD)
                        .postForEntity("/api/mid-servers/mid-race/heartbeat", null, JsonNode.class));

        // Then the MID Server is Up with no open issue, and nothing waits
        assertNothingLost(cloneId, answer);
    }

    private String givenADownMidServerAndAClone() {
        given.healthyUser("mid-race.user");
        given.midServer("mid-race", "mid-race.user", "Down");
        return given.cloneNow();
    }

    /** Fires the clone's first pass and the given call from two threads let go at the same moment. */
    private ResponseEntity<JsonNode> runThePassWhile(String cloneId, Callable<ResponseEntity<JsonNode>> call)
            throws Exception {
        Job firstPass = given.passJob(cloneId, CloneCheckModelElements.TIMER_FIRST_PASS);
        var startGate = new CountDownLatch(1);
        Future<?> pass = callers.submit(() -> {
            startGate.await();
            managementService.executeJob(firstPass.getId());
            return null;
        });
        Future<ResponseEntity<JsonNode>> answer = callers.submit(() -> {
            startGate.await();
            return call.call();
        });
        startGate.countDown();
        pass.get(IssueFixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return answer.get(IssueFixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Either the pass saw the MID Server Up and logged no issue, or it logged one and the change to Up
     * resolved it: the MID Server is Up, has no open issue, and no issue process or task is left.
     */
    private void assertNothingLost(String cloneId, ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode()).as("change to Up: %s", answer).isEqualTo(HttpStatus.OK);
        assertThat(api.get("/api/mid-servers/mid-race").getBody().get("status").asText()).isEqualTo("Up");
        JsonNode issues = api.get("/api/issues?midServer=mid-race").getBody();
        assertThat(issues).allSatisfy(issue -> assertThat(issue.get("state").asText()).isEqualTo("Resolved"));
        assertThat(answer.getBody().get("resolvedIssues")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(issues.findValuesAsText("id"));
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY).count())
                .isZero();
        assertThat(taskService.createTaskQuery().count()).isZero();
        assertThat(api.get("/api/clones/" + cloneId).getBody().get("firstPassDoneAt").isNull()).isFalse();
    }
}
