package io.midwatch.issue;

import static io.midwatch.support.TestAccounts.INTEGRATION;
import static io.midwatch.support.TestAccounts.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.TestAccounts;

/**
 * R10 as an operator (group mid_admin) works it: through the engine REST API, as Tasklist does, with
 * Camunda's authorizations on. Operators work their group's tasks and change nothing else.
 */
class OperatorTasklistTest extends PostgresIntegrationTest {

    @Autowired
    IdentityService identityService;

    private IssueFixtures given;
    private Api operator;

    @BeforeEach
    void fixtures() {
        TestAccounts.ensure(identityService);
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
        operator = TestAccounts.api(anonymous, OPERATOR);
    }

    @Test
    void R10_anOperatorFindsTheTaskInTheFilterClaimsItAndTheIssueIsAcknowledged() {
        // Given a Down MID Server whose issue waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When the operator opens the filter "MID Server issues" and claims the task in it
        String filterId = operator.get("/engine-rest/filter?resourceType=Task").getBody().get(0).get("id").asText();
        JsonNode tasks = operator.post("/engine-rest/filter/" + filterId + "/list", Map.of()).getBody();
        var claim = operator.post("/engine-rest/task/" + open.taskId() + "/claim", Map.of("userId", OPERATOR));

        // Then the task was in the filter, it is the operator's now, and the issue is Acknowledged
        assertThat(tasks.findValuesAsText("id")).contains(open.taskId());
        assertThat(claim.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(taskService.createTaskQuery().taskId(open.taskId()).singleResult().getAssignee()).isEqualTo(OPERATOR);
        assertThat(operator.get("/api/issues/" + open.id()).getBody().get("state").asText()).isEqualTo("Acknowledged");
    }

    @Test
    void R10_anOperatorCompletesTheTaskWithCredentialsFixedAndTheIssueWaitsForTheMidServer() {
        // Given a Down MID Server's open issue, its verification task claimed by the operator
        var open = given.downMidServerWithIssueAndTask("mid-east");
        operator.post("/engine-rest/task/" + open.taskId() + "/claim", Map.of("userId", OPERATOR));

        // When the operator submits the form with "the credentials were wrong and are fixed now"
        var answer = IssueFixtures.submitVerification(operator, open.taskId(),
                IssueModelElements.OUTCOME_CREDENTIALS_FIXED);

        // Then the task is completed, and the issue's process waits for the MID Server to come Up
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(runtimeService.getActiveActivityIds(open.processInstanceId()))
                .containsExactly(IssueModelElements.TASK_AWAIT_MID_SERVER_UP);
    }

    @Test
    void R10_anOperatorCompletesTheTaskWithCredentialsCorrectAndGetsTheFollowUpTask() {
        // Given a Down MID Server's open issue, its verification task claimed by the operator
        var open = given.downMidServerWithIssueAndTask("mid-east");
        operator.post("/engine-rest/task/" + open.taskId() + "/claim", Map.of("userId", OPERATOR));

        // When the operator submits the form with "the credentials are correct but the MID Server stays Down"
        var answer = IssueFixtures.submitVerification(operator, open.taskId(),
                IssueModelElements.OUTCOME_CREDENTIALS_CORRECT);

        // Then the task is completed and the issue Acknowledged
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(given.state(open.id())).isEqualTo("Acknowledged");
        // and the operator sees one follow-up task, to look in the knowledge base
        JsonNode followUp = operator.get("/engine-rest/task?processInstanceId=" + open.processInstanceId()).getBody();
        assertThat(followUp).hasSize(1);
        assertThat(followUp.get(0).get("name").asText()).containsIgnoringCase("knowledge base");
    }

    @Test
    void anOperatorCannotCompleteTheDiagnosisNorResolveTheIssueBehindTheProcessesBack() {
        // Given an open issue with its task
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When the operator tries to correlate the resolution message itself, or to fetch external tasks
        var message = operator.post("/engine-rest/message", Map.of("messageName", IssueProcess.MESSAGE_MID_SERVER_UP,
                "processInstanceId", open.processInstanceId()));
        var fetch = operator.post("/engine-rest/external-task/fetchAndLock", Map.of("workerId", "op", "maxTasks", 1,
                "topics", java.util.List.of(Map.of("topicName", IssueProcess.TOPIC_CREDENTIAL_DIAGNOSIS,
                        "lockDuration", 1000))));

        // Then both are refused and the issue is still open with its task
        assertThat(message.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(fetch.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(given.state(open.id())).isEqualTo("New");
        assertThat(given.isRunning(open.processInstanceId())).isTrue();
    }

    @Test
    void anIntegrationCannotWorkTasks() {
        // Given an open issue with its verification task
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When an integration tries to claim the task
        var claim = TestAccounts.api(anonymous, INTEGRATION).post("/engine-rest/task/" + open.taskId() + "/claim",
                Map.of("userId", INTEGRATION));

        // Then it is refused, the task has nobody assigned and the issue is still New
        assertThat(claim.getStatusCode().value()).isIn(403, 404);
        assertThat(taskService.createTaskQuery().taskId(open.taskId()).singleResult().getAssignee()).isNull();
        assertThat(given.state(open.id())).isEqualTo("New");
    }
}
