package io.midwatch.clone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;

import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/** R3: the passes' timers live in the engine's database, so another start of MidWatch on it runs them. */
class CloneTimersSurviveRestartTest extends PostgresIntegrationTest {

    @Test
    void R3_aRestartedMidWatchRunsThePassesOfACloneReceivedBefore() {
        // Given a clone received by the running MidWatch, with a Down MID Server before it
        api.post("/api/mid-servers", Api.midServer("mid-restart", "mid.user", "Down"));
        String check = api.post("/api/clones", Map.of("cloneId", "clone-restart", "sourceInstance", "prod",
                "targetInstance", "test")).getBody().get("processInstanceId").asText();

        // When MidWatch starts again on the same database and its first pass comes due
        try (ConfigurableApplicationContext restarted = AnotherMidWatch.start("restarted", new String[0],
                "--midwatch.worker.enabled=false", "--camunda.bpm.job-execution.enabled=false")) {
            ManagementService engine = restarted.getBean(ManagementService.class);
            Job firstPass = engine.createJobQuery().processInstanceId(check)
                    .activityId(CloneCheckModelElements.TIMER_FIRST_PASS).singleResult();
            assertThat(firstPass).as("the timer is still there after the restart").isNotNull();
            engine.executeJob(firstPass.getId());
        }

        // Then the pass ran: the issue is there and the second timer still waits
        var issues = api.get("/api/issues?cloneId=clone-restart");
        assertThat(issues.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(issues.getBody()).singleElement()
                .satisfies(issue -> assertThat(issue.get("midServer").asText()).isEqualTo("mid-restart"));
        assertThat(managementService.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckModelElements.TIMER_SECOND_PASS).count()).isEqualTo(1);
    }
}
