package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/** R8 on PostgreSQL: issues go 10 days after they were created, whatever their state, with their processes. */
class RetentionTest extends PostgresIntegrationTest {

    private static final Instant OLD_CLONE = Instant.parse("2026-10-01T10:00:00Z");
    private static final Instant YOUNG_CLONE = OLD_CLONE.plus(Duration.ofDays(8));

    @Test
    void R8_issuesOlderThanTenDaysGoWithTheirProcessesAndTasksWhateverTheirState() {
        // Given three issues created on day 0: one New, one Acknowledged, one Resolved
        ClockUtil.setCurrentTime(Date.from(OLD_CLONE.minus(Duration.ofMinutes(1))));
        for (String name : List.of("mid-new", "mid-acknowledged", "mid-resolved")) {
            api.post("/api/mid-servers", Api.midServer(name, name + ".user", "Down"));
        }
        runFirstPass("clone-old", OLD_CLONE, 3);
        String acknowledged = issueOf("mid-acknowledged");
        String resolved = issueOf("mid-resolved");
        api.patch("/api/issues/" + acknowledged, Map.of("state", "Acknowledged"));
        api.patch("/api/issues/" + resolved, Map.of("state", "Resolved"));
        api.put("/api/mid-servers/mid-resolved/status", Map.of("status", "Up"));
        String newIssue = issueOf("mid-new");
        String[] oldProcesses = {processOf(newIssue), processOf(acknowledged)};
        // and a younger issue created on day 8 (the two open old ones are only counted again)
        ClockUtil.setCurrentTime(Date.from(OLD_CLONE.plus(Duration.ofDays(1))));
        api.post("/api/mid-servers", Api.midServer("mid-young", "young.user", "Down"));
        runFirstPass("clone-young", YOUNG_CLONE, 1);
        String young = issueOf("mid-young");

        // When retention runs on day 10 and a bit
        ClockUtil.setCurrentTime(Date.from(OLD_CLONE.plus(Duration.ofDays(10)).plus(Duration.ofHours(1))));
        managementService.executeJob(managementService.createJobQuery()
                .processDefinitionKey(IssueRetentionProcess.PROCESS_KEY)
                .activityId(IssueRetentionModelElements.TIMER_RETENTION_CHECK).singleResult().getId());

        // Then the three old issues are gone, with their processes and tasks; the young one stays
        for (String removed : List.of(newIssue, acknowledged, resolved)) {
            assertThat(api.get("/api/issues/" + removed).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceIds(Set.of(oldProcesses))
                .count()).isZero();
        assertThat(taskService.createTaskQuery().processInstanceIdIn(oldProcesses).count()).isZero();
        assertThat(api.get("/api/issues/" + young).getBody().get("state").asText()).isEqualTo("New");
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(young).count()).isEqualTo(1);
    }

    @Test
    void R8_aMidServerStillDownGetsANewIssueAtTheNextPassAfterRetention() {
        // Given a Down MID Server whose issue of a clone eleven days ago was removed by the retention
        ClockUtil.setCurrentTime(Date.from(OLD_CLONE.minus(Duration.ofMinutes(1))));
        api.post("/api/mid-servers", Api.midServer("mid-down", "mid.user", "Down"));
        runFirstPass("clone-before", OLD_CLONE, 1);
        String expired = issueOf("mid-down");
        ClockUtil.setCurrentTime(Date.from(OLD_CLONE.plus(Duration.ofDays(11))));
        managementService.executeJob(managementService.createJobQuery()
                .processDefinitionKey(IssueRetentionProcess.PROCESS_KEY).singleResult().getId());

        // When the first pass of a later clone runs
        runFirstPass("clone-after", OLD_CLONE.plus(Duration.ofDays(12)), 1);

        // Then the MID Server has one issue, a new one of that clone
        JsonNode issues = api.get("/api/mid-servers/mid-down/issues").getBody();
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.get("id").asText()).isNotEqualTo(expired);
            assertThat(issue.get("state").asText()).isEqualTo("New");
            assertThat(issue.get("cloneId").asText()).isEqualTo("clone-after");
        });
    }

    /** Runs a clone's first pass and waits until the worker has diagnosed the issues it logged. */
    private void runFirstPass(String cloneId, Instant completedAt, int expectedNewIssues) {
        ClockUtil.setCurrentTime(Date.from(completedAt));
        String check = api.post("/api/clones", Map.of("cloneId", cloneId, "sourceInstance", "prod",
                "targetInstance", "test")).getBody().get("processInstanceId").asText();
        managementService.executeJob(managementService.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckModelElements.TIMER_FIRST_PASS).singleResult().getId());
        assertThat(api.get("/api/issues?cloneId=" + cloneId).getBody()).hasSize(expectedNewIssues);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/issues?cloneId=" + cloneId).getBody())
                .allSatisfy(issue -> assertThat(issue.get("diagnosis").isNull()).isFalse()));
    }

    private String issueOf(String midServer) {
        JsonNode open = api.get("/api/issues?midServer=" + midServer).getBody();
        assertThat(open).hasSize(1);
        return open.get(0).get("id").asText();
    }

    private String processOf(String issueId) {
        return api.get("/api/issues/" + issueId).getBody().get("processInstanceId").asText();
    }
}
