package io.midwatch.issue;

import static io.midwatch.support.TestAccounts.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.TestAccounts;
import io.midwatch.support.WebappSession;

/**
 * Operators complete, submit and resolve user tasks with the task's own form fields that are not read only, and
 * nothing else: no other variable (another issue's {@code issueId}), no files, bytes or objects. Administrators
 * are not narrowed (docs/security.md).
 */
class TaskVariableSmugglingTest extends PostgresIntegrationTest {

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
    void mediumFinding_anOperatorCannotCompleteOneIssuesTaskWithAnotherIssuesIdAndAnUpMidServer() {
        // Given two Down MID Servers with their open issues and tasks, and a MID Server that is Up
        var open = given.downMidServersWithIssuesAndTasks(List.of("mid-east", "mid-west"));
        given.midServer("mid-up", "mid-up.user", "Up");
        var east = open.get("mid-east");
        var west = open.get("mid-west");
        operator.post("/engine-rest/task/" + east.taskId() + "/claim", Map.of("userId", OPERATOR));

        // When the operator completes mid-east's task with mid-west's issue id and the Up MID Server's name
        var answer = operator.post("/engine-rest/task/" + east.taskId() + "/complete", Map.of("variables", Map.of(
                IssueModelElements.VAR_OUTCOME, Map.of("value", IssueModelElements.OUTCOME_CREDENTIALS_FIXED),
                IssueProcess.VAR_ISSUE_ID, Map.of("value", west.id().toString()),
                IssueProcess.VAR_MID_SERVER_NAME, Map.of("value", "mid-up"))));

        // Then it is refused naming both variables, the task is still open, and neither issue changed
        assertBadRequestNaming(answer, IssueProcess.VAR_ISSUE_ID, IssueProcess.VAR_MID_SERVER_NAME);
        assertThat(taskService.createTaskQuery().taskId(east.taskId()).count()).isEqualTo(1);
        assertThat(given.state(west.id())).isEqualTo("New");
        assertThat(given.state(east.id())).isEqualTo("Acknowledged");
        // and nothing ran that could notify: mid-west's process still waits at its task
        assertThat(runtimeService.getActiveActivityIds(west.processInstanceId()))
                .containsExactly(IssueModelElements.TASK_VERIFY_CREDENTIALS);
    }

    @Test
    void mediumFinding_aReadOnlyFormFieldIsRefusedThroughTasklistsEngineApi() {
        // Given a Down MID Server's open issue, and an operator logged in to Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");
        var tasklist = WebappSession.logIn(anonymous.getRootUri(), OPERATOR, TestAccounts.PASSWORD);

        // When the operator submits the form with the outcome and a new value for the read-only MID Server name
        var answer = tasklist.post("/task/" + open.taskId() + "/submit-form", Map.of("variables", Map.of(
                IssueModelElements.VAR_OUTCOME, Map.of("value", IssueModelElements.OUTCOME_CREDENTIALS_FIXED),
                IssueProcess.VAR_MID_SERVER_NAME, Map.of("value", "mid-up"))));

        // Then it is refused and the task is still open with the MID Server's own name
        assertBadRequestNaming(answer, IssueProcess.VAR_MID_SERVER_NAME);
        assertThat(taskService.createTaskQuery().taskId(open.taskId()).count()).isEqualTo(1);
        assertThat(runtimeService.getVariable(open.processInstanceId(), IssueProcess.VAR_MID_SERVER_NAME))
                .isEqualTo("mid-east");
    }

    @Test
    void mediumFinding_anOperatorsFormSubmittedThroughTasklistsEngineApiWithTheOutcomeIsAccepted() {
        // Given a Down MID Server's open issue, and an operator logged in to Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");
        var tasklist = WebappSession.logIn(anonymous.getRootUri(), OPERATOR, TestAccounts.PASSWORD);

        // When the operator submits the form with the outcome only, as Tasklist does
        var answer = tasklist.post("/task/" + open.taskId() + "/submit-form", Map.of("variables", Map.of(
                IssueModelElements.VAR_OUTCOME, Map.of("value", IssueModelElements.OUTCOME_CREDENTIALS_FIXED,
                        "type", "String"))));

        // Then the task is completed and the process waits for the MID Server to come Up
        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(204);
        assertThat(runtimeService.getActiveActivityIds(open.processInstanceId()))
                .containsExactly(IssueModelElements.TASK_AWAIT_MID_SERVER_UP);
    }

    @Test
    void mediumFinding_aBytesOrFileValueForAFormFieldIsRefused() {
        // Given a Down MID Server's open issue
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When the operator sends the outcome as bytes, and as a file
        var bytes = operator.post("/engine-rest/task/" + open.taskId() + "/complete", Map.of("variables", Map.of(
                IssueModelElements.VAR_OUTCOME, Map.of("value", "Y3JlZGVudGlhbHNGaXhlZA==", "type", "Bytes"))));
        var file = operator.post("/engine-rest/task/" + open.taskId() + "/complete", Map.of("variables", Map.of(
                IssueModelElements.VAR_OUTCOME, Map.of("value", "Y3JlZGVudGlhbHNGaXhlZA==", "type", "File",
                        "valueInfo", Map.of("filename", "outcome.txt")))));

        // Then both are refused and the task is still open
        assertBadRequestNaming(bytes, IssueModelElements.VAR_OUTCOME);
        assertBadRequestNaming(file, IssueModelElements.VAR_OUTCOME);
        assertThat(taskService.createTaskQuery().taskId(open.taskId()).count()).isEqualTo(1);
    }

    @Test
    void anAdministratorMaySetAnyVariableWhenCompletingATask() {
        // Given a Down MID Server's open issue
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When the administrator completes its task with the outcome and a note of its own
        var answer = api.post("/engine-rest/task/" + open.taskId() + "/complete", Map.of("variables", Map.of(
                IssueModelElements.VAR_OUTCOME, Map.of("value", IssueModelElements.OUTCOME_CREDENTIALS_FIXED),
                "note", Map.of("value", "fixed by hand"))));

        // Then it is accepted and the note is stored
        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(204);
        assertThat(runtimeService.getVariable(open.processInstanceId(), "note")).isEqualTo("fixed by hand");
    }

    private static void assertBadRequestNaming(ResponseEntity<JsonNode> answer, String... variables) {
        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        String refused = answer.getBody().get("detail").asText();
        assertThat(refused.substring(refused.indexOf("refused"))).contains(variables);
    }
}
