package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.midwatch.support.PostgresIntegrationTest;

/**
 * An issue's life end to end, through the APIs: a clone and its pass log the issue, its own process
 * instance diagnoses it and asks for a verification in Tasklist, and the MID Server coming Up resolves
 * it (docs/spec.md, R7, R10, R11).
 */
class IssueLifecycleTest extends PostgresIntegrationTest {

    private IssueFixtures given;

    @BeforeEach
    void fixtures() {
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
    }

    @Test
    void R10_eachIssueHasOneProcessInstanceKeyedByTheIssueIdWithItsMidServerUserAndClone() {
        // Given two MID Servers Down and one Up at a clone
        given.healthyUser("mid.east.user");
        given.healthyUser("mid.west.user");
        given.midServer("mid-east", "mid.east.user", "Down");
        given.midServer("mid-west", "mid.west.user", "Down");
        given.midServer("mid-north", "mid.west.user", "Up");
        String cloneId = given.cloneNow();

        // When the first pass runs
        given.runFirstPass(cloneId);

        // Then each Down MID Server has one issue, and each issue one process instance keyed by its id
        JsonNode issues = api.get("/api/clones/" + cloneId).getBody().get("issues");
        assertThat(issues).extracting(issue -> issue.get("midServer").asText())
                .containsExactlyInAnyOrder("mid-east", "mid-west");
        JsonNode instances = api.get("/engine-rest/process-instance?processDefinitionKey="
                + IssueProcess.PROCESS_KEY).getBody();
        assertThat(instances).extracting(instance -> instance.get("businessKey").asText())
                .containsExactlyInAnyOrder(issues.get(0).get("id").asText(), issues.get(1).get("id").asText());
        for (JsonNode issue : issues) {
            String instanceId = onlyInstanceOf(issue.get("id").asText()).get("id").asText();
            JsonNode variables = api.get("/engine-rest/process-instance/" + instanceId + "/variables").getBody();
            String midServer = issue.get("midServer").asText();
            assertThat(variables.get("midServerName").get("value").asText()).isEqualTo(midServer);
            assertThat(variables.get("userName").get("value").asText())
                    .isEqualTo(Map.of("mid-east", "mid.east.user", "mid-west", "mid.west.user").get(midServer));
            assertThat(variables.get("cloneId").get("value").asText()).isEqualTo(cloneId);
        }
    }

    @Test
    void R11_R10_theDiagnosisIsOnTheIssueAndInTheVerificationTaskForMidAdmin() {
        // Given a MID Server Down at a clone whose user is locked out
        given.user("mid.east.user", true, true, IssueFixtures.MID_SERVER_ROLE);
        given.midServer("mid-east", "mid.east.user", "Down");
        String cloneId = given.cloneAndFirstPass();
        UUID issueId = UUID.fromString(given.onlyIssueOf("mid-east").get("id").asText());

        // When the diagnosis worker has done its part
        given.awaitVerificationTask(issueId);

        // Then the issue carries the diagnosis
        JsonNode issue = given.issue(issueId);
        String diagnosis = issue.get("diagnosis").asText();
        assertThat(diagnosis).isEqualTo("User 'mid.east.user' is locked out: unlock it.");
        assertThat(issue.get("cloneId").asText()).isEqualTo(cloneId);
        assertThat(issue.get("state").asText()).isEqualTo("New");

        // And Tasklist shows the verification task, for mid_admin, with the message and the diagnosis
        JsonNode tasks = api.get("/engine-rest/task?processInstanceBusinessKey=" + issueId).getBody();
        assertThat(tasks).hasSize(1);
        JsonNode task = tasks.get(0);
        assertThat(task.get("name").asText())
                .isEqualTo("Verify credentials of MID Server user 'mid.east.user' (MID Server mid-east)");
        assertThat(task.get("description").asText()).contains(issue.get("message").asText()).contains(diagnosis);
        assertThat(task.get("assignee").isNull()).isTrue();
        JsonNode links = api.get("/engine-rest/task/" + task.get("id").asText() + "/identity-links").getBody();
        assertThat(links).anySatisfy(link -> {
            assertThat(link.get("type").asText()).isEqualTo("candidate");
            assertThat(link.get("groupId").asText()).isEqualTo("mid_admin");
        });

        // And its form, served by the engine REST API, shows the MID Server, its user, the message and the diagnosis
        var form = api.get("/engine-rest/task/" + task.get("id").asText() + "/form-variables");
        assertThat(form.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(form.getBody().get("midServerName").get("value").asText()).isEqualTo("mid-east");
        assertThat(form.getBody().get("userName").get("value").asText()).isEqualTo("mid.east.user");
        assertThat(form.getBody().get("message").get("value").asText()).isEqualTo(
                "MID Server not operational (status: Down), possibly due to recent clone. "
                        + "Verify credentials for logged in User 'mid.east.user'.");
        assertThat(form.getBody().get("diagnosis").get("value").asText()).isEqualTo(diagnosis);

        // And Tasklist gets the form itself from there, asking for one of the two outcomes
        var rendered = anonymous.withBasicAuth("admin", ADMIN_PASSWORD)
                .getForEntity("/engine-rest/task/" + task.get("id").asText() + "/rendered-form", String.class);
        assertThat(rendered.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rendered.getBody()).contains("outcome").contains("credentialsFixed").contains("credentialsCorrect")
                .contains("The credentials were wrong and are fixed now")
                .contains("The credentials are correct but the MID Server stays Down");
    }

    @Test
    void R6_aRedetectionCountsOnTheIssueAndStartsNoSecondProcessInstance() {
        // Given a Down MID Server whose issue waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When the second pass finds it Down again
        given.runSecondPass(open.cloneId());

        // Then the same issue counts 2 and still has its one process instance and one task
        JsonNode issue = given.onlyIssueOf("mid-east");
        assertThat(issue.get("id").asText()).isEqualTo(open.id().toString());
        assertThat(issue.get("count").asInt()).isEqualTo(2);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY).count())
                .isEqualTo(1);
        assertThat(taskService.createTaskQuery().processInstanceBusinessKey(open.id().toString()).count()).isEqualTo(1);
    }

    @Test
    void R7_downToUpResolvesTheIssueAndEndsItsTask() {
        // Given a Down MID Server whose issue waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When it goes Up
        var answer = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));

        // Then the answer names the issue it resolved
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("previousStatus").asText()).isEqualTo("Down");
        assertThat(answer.getBody().get("status").asText()).isEqualTo("Up");
        assertThat(answer.getBody().get("resolvedIssues")).extracting(JsonNode::asText)
                .containsExactly(open.id().toString());

        // And the issue is Resolved with its time, its task is gone and its process instance ended
        JsonNode issue = given.issue(open.id());
        assertThat(issue.get("state").asText()).isEqualTo("Resolved");
        assertThat(issue.get("resolvedAt").asText()).endsWith("Z");
        given.assertEndedAt(open.processInstanceId(), IssueModelElements.END_RESOLVED_BY_MID_SERVER_UP);
        assertThat(api.get("/api/mid-servers/mid-east/issues").getBody()).singleElement()
                .satisfies(listed -> assertThat(listed.get("state").asText()).isEqualTo("Resolved"));
    }

    @Test
    void R7_downToUpResolvesOnlyTheIssuesOfThatMidServer() {
        // Given two Down MID Servers, each with its issue in Tasklist
        var open = given.downMidServersWithIssuesAndTasks(List.of("mid-east", "mid-west"));

        // When one of them goes Up
        var answer = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));

        // Then only its issue is resolved; the other one keeps its issue, process and task
        assertThat(answer.getBody().get("resolvedIssues")).extracting(JsonNode::asText)
                .containsExactly(open.get("mid-east").id().toString());
        assertThat(given.state(open.get("mid-west").id())).isEqualTo("New");
        assertThat(taskService.createTaskQuery().taskId(open.get("mid-west").taskId()).count()).isEqualTo(1);
    }

    @Test
    void R7_upToDownResolvesNothing() {
        // Given a MID Server with an open issue that is Up again by way of Paused, which resolves nothing
        var open = given.downMidServerWithIssueAndTask("mid-east");
        api.put("/api/mid-servers/mid-east/status", Map.of("status", "Paused"));
        var pausedToUp = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));
        assertThat(pausedToUp.getBody().get("resolvedIssues")).isEmpty();

        // When it goes Down
        var answer = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Down"));

        // Then nothing is resolved: the issue, its process instance and its task stay
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("previousStatus").asText()).isEqualTo("Up");
        assertThat(answer.getBody().get("resolvedIssues")).isEmpty();
        assertStillOpen(open);
    }

    @Test
    void R7_downToPausedResolvesNothing() {
        // Given a Down MID Server whose issue waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When it is Paused
        var answer = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Paused"));

        // Then nothing is resolved: the issue, its process instance and its task stay
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("previousStatus").asText()).isEqualTo("Down");
        assertThat(answer.getBody().get("resolvedIssues")).isEmpty();
        assertStillOpen(open);
    }

    @Test
    void R7_aResolvedIssueIsNotResolvedAgainByTheNextDownToUp() {
        // Given a MID Server whose issue was resolved when it came Up
        var open = given.downMidServerWithIssueAndTask("mid-east");
        api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));
        String resolvedAt = given.issue(open.id()).get("resolvedAt").asText();

        // When it goes Down and Up again without a new pass
        api.put("/api/mid-servers/mid-east/status", Map.of("status", "Down"));
        var answer = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));

        // Then nothing more is resolved and the issue keeps its resolution time
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("resolvedIssues")).isEmpty();
        assertThat(given.issue(open.id()).get("resolvedAt").asText()).isEqualTo(resolvedAt);
    }

    private JsonNode onlyInstanceOf(String issueId) {
        JsonNode instances = api.get("/engine-rest/process-instance?processDefinitionKey=" + IssueProcess.PROCESS_KEY
                + "&businessKey=" + issueId).getBody();
        assertThat(instances).as("process instances of issue %s", issueId).hasSize(1);
        return instances.get(0);
    }

    private void assertStillOpen(IssueFixtures.OpenIssue open) {
        JsonNode issue = given.issue(open.id());
        assertThat(issue.get("state").asText()).isEqualTo("New");
        assertThat(issue.get("resolvedAt").isNull()).isTrue();
        assertThat(given.isRunning(open.processInstanceId())).isTrue();
        assertThat(taskService.createTaskQuery().taskId(open.taskId()).count()).isEqualTo(1);
    }
}
