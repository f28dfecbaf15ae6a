package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.midwatch.support.PostgresIntegrationTest;

/**
 * {@code PATCH /api/issues/{id}}: New to Acknowledged, or anything to Resolved by hand, which ends the
 * issue's process instance and its task like R7 does. Nothing moves back to New.
 */
class IssueStateApiTest extends PostgresIntegrationTest {

    private IssueFixtures given;

    @BeforeEach
    void fixtures() {
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
    }

    @Test
    void R10_patchMovesANewIssueToAcknowledgedAndKeepsItsTask() {
        // Given a New issue whose task waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When it is patched to Acknowledged
        var answer = api.patch("/api/issues/" + open.id(), Map.of("state", "Acknowledged"));

        // Then it is Acknowledged and its task still waits
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("state").asText()).isEqualTo("Acknowledged");
        assertThat(given.state(open.id())).isEqualTo("Acknowledged");
        assertThat(taskService.createTaskQuery().taskId(open.taskId()).count()).isEqualTo(1);
    }

    @Test
    void R10_patchResolvesAnIssueByHandAndEndsItsProcessInstanceAndTask() {
        // Given an Acknowledged issue whose task waits in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");
        api.patch("/api/issues/" + open.id(), Map.of("state", "Acknowledged"));

        // When it is resolved by hand
        var answer = api.patch("/api/issues/" + open.id(), Map.of("state", "Resolved"));

        // Then it is Resolved with its time, and its process instance ended by hand, task and all
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("state").asText()).isEqualTo("Resolved");
        assertThat(answer.getBody().get("resolvedAt").asText()).endsWith("Z");
        given.assertEndedAt(open.processInstanceId(), IssueModelElements.END_RESOLVED_BY_HAND);
    }

    @Test
    void R7_R10_anIssueResolvedByHandIsNotResolvedAgainWhenItsMidServerComesUp() {
        // Given an issue resolved by hand while its MID Server is still Down
        var open = given.downMidServerWithIssueAndTask("mid-east");
        api.patch("/api/issues/" + open.id(), Map.of("state", "Resolved"));

        // When the MID Server goes Up
        var answer = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));

        // Then it resolves nothing more
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("resolvedIssues")).isEmpty();
        assertThat(given.state(open.id())).isEqualTo("Resolved");
    }

    @Test
    void patchingAResolvedIssueToResolvedAgainChangesNothing() {
        // Given an issue resolved when its MID Server came Up
        var open = given.downMidServerWithIssueAndTask("mid-east");
        api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));
        String resolvedAt = given.issue(open.id()).get("resolvedAt").asText();

        // When it is patched to Resolved
        var answer = api.patch("/api/issues/" + open.id(), Map.of("state", "Resolved"));

        // Then it answers the issue as it was
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("resolvedAt").asText()).isEqualTo(resolvedAt);
    }

    @Test
    void patchingAnAcknowledgedIssueBackToNewIs422AndChangesNothing() {
        // Given an Acknowledged issue
        var open = given.downMidServerWithIssueAndTask("mid-east");
        api.patch("/api/issues/" + open.id(), Map.of("state", "Acknowledged"));

        // When it is patched back to New
        var answer = api.patch("/api/issues/" + open.id(), Map.of("state", "New"));

        // Then the rule is named and the issue stays Acknowledged
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().get("detail").asText()).contains(open.id().toString()).contains("New");
        assertThat(given.state(open.id())).isEqualTo("Acknowledged");
    }

    @Test
    void patchingAResolvedIssueToAcknowledgedIs422() {
        // Given an issue resolved by hand
        var open = given.downMidServerWithIssueAndTask("mid-east");
        api.patch("/api/issues/" + open.id(), Map.of("state", "Resolved"));

        // When it is patched to Acknowledged
        var answer = api.patch("/api/issues/" + open.id(), Map.of("state", "Acknowledged"));

        // Then it is refused and stays Resolved
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(given.state(open.id())).isEqualTo("Resolved");
    }

    @Test
    void patchingAnUnknownIssueIs404() {
        // Given no issue with this id
        UUID unknown = UUID.randomUUID();

        // When it is patched
        var answer = api.patch("/api/issues/" + unknown, Map.of("state", "Resolved"));

        // Then the answer is a 404 that names it
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().get("detail").asText()).contains(unknown.toString());
    }

    @Test
    void patchingToAnUnknownStateIs400AndChangesNothing() {
        // Given a New issue
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When it is patched to a state that does not exist
        var answer = api.patch("/api/issues/" + open.id(), Map.of("state", "Closed"));

        // Then the answer lists the states and the issue is as it was
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().get("detail").asText()).contains("Closed").contains("Acknowledged");
        assertThat(given.state(open.id())).isEqualTo("New");
        assertThat(given.isRunning(open.processInstanceId())).isTrue();
    }

    @Test
    void patchingWithoutAStateIs400() {
        // Given a New issue
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When it is patched with an empty body
        var answer = api.send(HttpMethod.PATCH, "/api/issues/" + open.id(), "{}");

        // Then the answer names the missing field and the issue is as it was
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("detail").asText()).contains("state");
        assertThat(given.state(open.id())).isEqualTo("New");
    }

    @Test
    void theIssueListFiltersByStateAndMidServer() {
        // Given two issues, one of them resolved
        var open = given.downMidServersWithIssuesAndTasks(List.of("mid-east", "mid-west"));
        api.put("/api/mid-servers/mid-west/status", Map.of("status", "Up"));

        // When the issues are listed by state
        JsonNode stillNew = api.get("/api/issues?state=New").getBody();
        JsonNode resolved = api.get("/api/issues?state=Resolved&midServer=mid-west").getBody();

        // Then each list has the one issue it asks for
        assertThat(stillNew).extracting(issue -> issue.get("id").asText())
                .containsExactly(open.get("mid-east").id().toString());
        assertThat(resolved).extracting(issue -> issue.get("id").asText())
                .containsExactly(open.get("mid-west").id().toString());
    }
}
