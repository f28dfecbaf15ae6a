package io.midwatch.clone;

import static io.midwatch.platform.Timestamps.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.midwatch.issue.IssueProcess;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * A pass commits a chunk of MID Servers at a time (docs/adr/0009-a-pass-commits-in-chunks.md): a pass that fails
 * midway keeps the chunks it committed, and run again it goes on after them, so that no MID Server gets a second
 * issue (R4) and no open issue is counted twice (R6). The failure is a database error on one MID Server's issue,
 * raised by a trigger that the test drops before the pass is run again.
 */
class PassInChunksTest extends PostgresIntegrationTest {

    /** Two and a half chunks: the failing MID Server is in the second one. */
    private static final int FLEET = 2 * CloneEvaluation.MID_SERVERS_PER_CHUNK + CloneEvaluation.MID_SERVERS_PER_CHUNK / 2;
    private static final String FAILING = "fleet-" + (CloneEvaluation.MID_SERVERS_PER_CHUNK + 500);
    private static final Instant REGISTERED = Instant.parse("2026-11-03T07:00:00Z");

    @AfterEach
    void dropTheFailure() {
        jdbc.sql("DROP TRIGGER IF EXISTS fail_on_one_mid_server ON ecc_agent_issue").update();
        jdbc.sql("DROP FUNCTION IF EXISTS fail_on_one_mid_server()").update();
    }

    @Test
    void R4_aFirstPassRunAgainAfterAFailureMidwayOpensNoIssueTwice() {
        // Given a fleet of two and a half chunks, every fifth MID Server Down, and a clone after it
        String check = givenAFleetAndAClone();
        // and the issue of one Down MID Server of the second chunk failing to be written
        failWhenAnIssueOf(FAILING, "INSERT");

        // When the first pass runs, fails, and runs again once the failure has gone
        String firstPass = timer(check, CloneCheckModelElements.TIMER_FIRST_PASS);
        assertThatThrownBy(() -> managementService.executeJob(firstPass)).hasMessageContaining("no issue for");
        long afterTheFailure = issuesWithTheirProcess("count = 1");
        dropTheFailure();
        managementService.executeJob(firstPass);

        // Then the failed run kept the first chunk's issues, each with its process
        assertThat(afterTheFailure).isEqualTo(CloneEvaluation.MID_SERVERS_PER_CHUNK / 5);
        // and in the end every Down MID Server has exactly one issue, detected once, with one process
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT mid_server) FROM ecc_agent_issue").query(Long.class).single())
                .isEqualTo(FLEET / 5);
        assertThat(issuesWithTheirProcess("count = 1")).isEqualTo(FLEET / 5);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY).count())
                .isEqualTo(FLEET / 5);
        assertThat(api.get("/api/clones/clone-fleet").getBody().get("firstPassDoneAt").isNull()).isFalse();
    }

    @Test
    void R6_aSecondPassRunAgainAfterAFailureMidwayCountsNoReDetectionTwice() {
        // Given the first pass over a fleet of two and a half chunks done: an issue for every fifth MID Server
        String check = givenAFleetAndAClone();
        managementService.executeJob(timer(check, CloneCheckModelElements.TIMER_FIRST_PASS));
        // and the re-detection of one issue of the second chunk failing to be written
        failWhenAnIssueOf(FAILING, "UPDATE");

        // When the second pass runs, fails, and runs again once the failure has gone
        String secondPass = timer(check, CloneCheckModelElements.TIMER_SECOND_PASS);
        assertThatThrownBy(() -> managementService.executeJob(secondPass)).hasMessageContaining("no issue for");
        long afterTheFailure = issuesWithTheirProcess("count = 2");
        dropTheFailure();
        managementService.executeJob(secondPass);

        // Then the failed run kept the first chunk's re-detections
        assertThat(afterTheFailure).isEqualTo(CloneEvaluation.MID_SERVERS_PER_CHUNK / 5);
        // and in the end every open issue was counted once by each pass, no more
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ecc_agent_issue").query(Long.class).single()).isEqualTo(FLEET / 5);
        assertThat(issuesWithTheirProcess("count = 2")).isEqualTo(FLEET / 5);
        assertThat(api.get("/api/clones/clone-fleet").getBody().get("secondPassDoneAt").isNull()).isFalse();
    }

    /** The fleet, registered before the clone; the clone's processes are driven by hand. */
    private String givenAFleetAndAClone() {
        jdbc.sql("""
                        INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at)
                        SELECT 'fleet-' || i, CASE WHEN i % 5 = 0 THEN 'Down' ELSE 'Up' END, 'fleet.user.' || i, :at, :at
                        FROM generate_series(0, :last) i""")
                .param("at", utc(REGISTERED))
                .param("last", FLEET - 1)
                .update();
        ClockUtil.setCurrentTime(Date.from(REGISTERED.plus(Duration.ofHours(1))));
        return api.post("/api/clones", Map.of("cloneId", "clone-fleet", "sourceInstance", "prod",
                "targetInstance", "test")).getBody().get("processInstanceId").asText();
    }

    /** A database error on writing ({@code INSERT} or {@code UPDATE}) the issue of one MID Server. */
    private void failWhenAnIssueOf(String midServer, String write) {
        jdbc.sql("""
                CREATE FUNCTION fail_on_one_mid_server() RETURNS trigger AS $$
                BEGIN
                    IF (SELECT name FROM ecc_agent WHERE id = NEW.mid_server) = '%s' THEN
                        RAISE EXCEPTION 'no issue for %s this time';
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(midServer, midServer)).update();
        jdbc.sql("CREATE TRIGGER fail_on_one_mid_server BEFORE " + write
                + " ON ecc_agent_issue FOR EACH ROW EXECUTE FUNCTION fail_on_one_mid_server()").update();
    }

    private long issuesWithTheirProcess(String condition) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM ecc_agent_issue i JOIN act_ru_execution e ON e.id_ = i.process_instance_id
                        WHERE i.state = 'New' AND i.""" + condition).query(Long.class).single();
    }

    private String timer(String check, String timerActivityId) {
        return managementService.createJobQuery().processInstanceId(check).activityId(timerActivityId)
                .singleResult().getId();
    }
}
