package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.midwatch.support.PostgresIntegrationTest;

/**
 * R10: the verification task in Tasklist, its two outcomes and what claiming it does. Tasks are worked on
 * through the engine REST API, as Tasklist does, or through the task service.
 */
class VerificationTaskTest extends PostgresIntegrationTest {

    private IssueFixtures given;

    @BeforeEach
    void fixtures() {
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
    }

    @Test
    void R10_credentialsFixedWhileTheMidServerIsStillDownWaitsForItToComeUp() {
        // Given a Down MID Server whose issue waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When an administrator submits the form: the credentials were wrong and are fixed now
        var answer = IssueFixtures.submitVerification(api, open.taskId(),
                IssueModelElements.OUTCOME_CREDENTIALS_FIXED);

        // Then the task is done and the issue's process waits for the MID Server to come Up; the issue stays open
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(taskService.createTaskQuery().processInstanceId(open.processInstanceId()).count()).isZero();
        assertThat(runtimeService.getActiveActivityIds(open.processInstanceId()))
                .containsExactly(IssueModelElements.TASK_AWAIT_MID_SERVER_UP);
        assertThat(given.state(open.id())).isEqualTo("New");
    }

    @Test
    void R7_aMidServerComingUpAfterItsCredentialsWereFixedResolvesTheIssue() {
        // Given a Down MID Server whose credentials were fixed, its issue's process waiting for it to come Up
        var open = given.downMidServerWithIssueAndTask("mid-east");
        taskService.complete(open.taskId(),
                Variables.putValue(IssueModelElements.VAR_OUTCOME, IssueModelElements.OUTCOME_CREDENTIALS_FIXED));

        // When it goes Up
        var answer = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));

        // Then its issue is resolved and the process instance ended
        assertThat(answer.getBody().get("resolvedIssues")).extracting(JsonNode::asText)
                .containsExactly(open.id().toString());
        assertThat(given.state(open.id())).isEqualTo("Resolved");
        given.assertEndedAt(open.processInstanceId(), IssueModelElements.END_RESOLVED_BY_MID_SERVER_UP);
    }

    @Test
    void R10_credentialsFixedWhenTheMidServerIsUpAlreadyResolvesTheIssueAtOnce() {
        // Given a MID Server with an open issue that is Up again by way of Paused, which resolves nothing
        var open = given.downMidServerWithIssueAndTask("mid-east");
        api.put("/api/mid-servers/mid-east/status", Map.of("status", "Paused"));
        api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));
        assertThat(given.state(open.id())).isEqualTo("New");

        // When an administrator completes the task: the credentials were wrong and are fixed now
        taskService.complete(open.taskId(),
                Variables.putValue(IssueModelElements.VAR_OUTCOME, IssueModelElements.OUTCOME_CREDENTIALS_FIXED));

        // Then there is nothing to wait for: the issue is Resolved and the process instance ended
        JsonNode issue = given.issue(open.id());
        assertThat(issue.get("state").asText()).isEqualTo("Resolved");
        assertThat(issue.get("resolvedAt").isNull()).isFalse();
        given.assertEndedAt(open.processInstanceId(), IssueModelElements.END_ALREADY_UP);
    }

    @Test
    void R10_credentialsCorrectAcknowledgesTheIssueAndAsksToLookForOtherCausesInTheKnowledgeBase() {
        // Given a Down MID Server whose issue waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When an administrator submits the form: the credentials are correct but the MID Server stays Down
        var answer = IssueFixtures.submitVerification(api, open.taskId(),
                IssueModelElements.OUTCOME_CREDENTIALS_CORRECT);

        // Then the issue is Acknowledged and a new task for mid_admin says to look for other causes
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(given.state(open.id())).isEqualTo("Acknowledged");
        Task next = given.openTask(open.id(), IssueModelElements.TASK_LOOK_FOR_OTHER_CAUSES);
        assertThat(next).isNotNull();
        assertThat(next.getName()).startsWith("Look for other causes").contains("mid-east")
                .endsWith("knowledge base");
        assertThat(next.getDescription()).contains("knowledge base");
        assertThat(taskService.getIdentityLinksForTask(next.getId()))
                .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("mid_admin"));
        assertThat(given.openTask(open.id(), IssueModelElements.TASK_VERIFY_CREDENTIALS)).isNull();
    }

    @Test
    void R7_aMidServerComingUpWhileOtherCausesAreLookedForResolvesTheIssueAndEndsThatTask() {
        // Given a Down MID Server whose credentials were found correct, a task to look for other causes open
        var open = given.downMidServerWithIssueAndTask("mid-east");
        taskService.complete(open.taskId(),
                Variables.putValue(IssueModelElements.VAR_OUTCOME, IssueModelElements.OUTCOME_CREDENTIALS_CORRECT));
        assertThat(given.openTask(open.id(), IssueModelElements.TASK_LOOK_FOR_OTHER_CAUSES)).isNotNull();

        // When it goes Up
        var answer = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));

        // Then the Acknowledged issue is resolved and the task is gone with its process instance
        assertThat(answer.getBody().get("resolvedIssues")).extracting(JsonNode::asText)
                .containsExactly(open.id().toString());
        assertThat(given.state(open.id())).isEqualTo("Resolved");
        given.assertEndedAt(open.processInstanceId(), IssueModelElements.END_RESOLVED_BY_MID_SERVER_UP);
    }

    @Test
    void R10_theFormWantsAnOutcome() {
        // Given a Down MID Server whose issue waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When the form is submitted without an outcome
        var answer = api.post("/engine-rest/task/" + open.taskId() + "/submit-form", Map.of("variables", Map.of()));

        // Then it is refused, naming the field (the engine REST API answers a failed form validation with a
        // 500 of its own), and the task stays open
        assertThat(answer.getStatusCode().is2xxSuccessful()).isFalse();
        assertThat(answer.getBody().get("message").asText()).contains("outcome");
        assertThat(taskService.createTaskQuery().taskId(open.taskId()).count()).isEqualTo(1);
        assertThat(given.state(open.id())).isEqualTo("New");
    }

    @Test
    void R10_claimingTheTaskMarksANewIssueAcknowledged() {
        // Given a Down MID Server whose New issue waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When the administrator claims the task in Tasklist
        var answer = api.post("/engine-rest/task/" + open.taskId() + "/claim", Map.of("userId", "admin"));

        // Then the task is theirs and the issue is Acknowledged
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(taskService.createTaskQuery().taskId(open.taskId()).singleResult().getAssignee()).isEqualTo("admin");
        assertThat(given.state(open.id())).isEqualTo("Acknowledged");
    }

    @Test
    void R10_unclaimingTheTaskLeavesTheIssueAcknowledged() {
        // Given a Down MID Server whose task was claimed
        var open = given.downMidServerWithIssueAndTask("mid-east");
        taskService.claim(open.taskId(), "admin");

        // When the task is given back
        var answer = api.post("/engine-rest/task/" + open.taskId() + "/unclaim", Map.of());

        // Then the issue stays Acknowledged: nothing moves back to New
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(given.state(open.id())).isEqualTo("Acknowledged");
    }
}
