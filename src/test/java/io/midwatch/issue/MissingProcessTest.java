package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.midwatch.support.PostgresIntegrationTest;

/** R7: an open issue whose process is gone is an error that is answered, never a resolution silently dropped. */
class MissingProcessTest extends PostgresIntegrationTest {

    private IssueFixtures given;

    @BeforeEach
    void fixtures() {
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
    }

    @Test
    void R7_downToUpForAnOpenIssueWithoutItsProcessIsA409AndChangesNothing() {
        // Given an open issue whose process instance was deleted behind MidWatch's back
        IssueFixtures.OpenIssue issue = given.downMidServerWithIssueAndTask("mid-orphan");
        runtimeService.deleteProcessInstance(issue.processInstanceId(), "deleted by an operator in Cockpit");

        // When the MID Server goes from Down to Up
        var answer = api.put("/api/mid-servers/mid-orphan/status", Map.of("status", "Up"));

        // Then the caller is told, and neither the status nor the issue changed
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(answer.getBody().get("detail").asText()).contains(issue.id().toString()).contains("MidServerUp");
        assertThat(api.get("/api/mid-servers/mid-orphan").getBody().get("status").asText()).isEqualTo("Down");
        assertThat(given.state(issue.id())).isEqualTo("New");
    }
}
