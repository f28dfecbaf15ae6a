package io.midwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * R3 on several nodes: a clone reported after both its passes were due has two due timers, and two nodes
 * may take one each. The second pass then runs before the first, and ending the wait ends the first pass's
 * timer. No pass is lost: the second makes up the first before its own evaluation.
 */
class PassesOutOfOrderTest extends PostgresIntegrationTest {

    private static final Instant CLONE_COMPLETED = Instant.parse("2026-11-04T08:00:00Z");

    @Test
    void R3_aSecondPassThatRunsBeforeTheFirstMakesUpTheFirst() {
        // Given a Down MID Server and a clone received two hours after it completed: both passes are due
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED.minus(Duration.ofMinutes(10))));
        api.post("/api/mid-servers", Api.midServer("mid-late", "mid.late", "Down"));
        ClockUtil.setCurrentTime(Date.from(CLONE_COMPLETED.plus(Duration.ofHours(2))));
        String check = api.post("/api/clones", Map.of("cloneId", "clone-late", "sourceInstance", "prod",
                "targetInstance", "test", "completedAt", CLONE_COMPLETED.toString()))
                .getBody().get("processInstanceId").asText();

        // When the node that took the second pass runs it before the other node ran the first
        managementService.executeJob(managementService.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckModelElements.TIMER_SECOND_PASS).singleResult().getId());

        // Then both passes are done, the check has ended, and the issue was detected by both passes
        JsonNode clone = api.get("/api/clones/clone-late").getBody();
        assertThat(clone.get("firstPassDoneAt").isNull()).as("first pass done").isFalse();
        assertThat(clone.get("secondPassDoneAt").isNull()).as("second pass done").isFalse();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(check).count()).isZero();
        assertThat(managementService.createJobQuery().processInstanceId(check).count()).isZero();
        JsonNode issues = api.get("/api/issues?cloneId=clone-late").getBody();
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.get("midServer").asText()).isEqualTo("mid-late");
            assertThat(issue.get("state").asText()).isEqualTo("New");
            assertThat(issue.get("count").asInt()).isEqualTo(2);
        });
    }
}
