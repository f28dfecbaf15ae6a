package io.midwatch.clone;

import static io.midwatch.platform.Timestamps.utc;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.midwatch.issue.IssueProcess;
import io.midwatch.support.PostgresIntegrationTest;

/** One pass over a fleet of 10,000 MID Servers, a fifth of them Down, gives exactly the right issues. */
class LargeFleetPassTest extends PostgresIntegrationTest {

    private static final int FLEET = 10_000;
    private static final String[] OTHER_STATUSES = {"Up", "Up", "Paused", "Upgrading", "Upgrade Failed"};

    @Autowired
    NamedParameterJdbcTemplate named;

    @Test
    void R2_R4_aPassOverTenThousandMidServersLogsOneIssueAndOneProcessPerDownOne() {
        // Given 10,000 MID Servers before the clone, every fifth one Down
        Instant registered = Instant.parse("2026-11-03T07:00:00Z");
        named.batchUpdate("""
                INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at)
                VALUES (:name, :status, :userName, :at, :at)""",
                IntStream.range(0, FLEET).mapToObj(i -> new MapSqlParameterSource()
                        .addValue("name", "fleet-" + i)
                        .addValue("status", i % 5 == 0 ? "Down" : OTHER_STATUSES[i % 5])
                        .addValue("userName", "fleet.user." + i)
                        .addValue("at", utc(registered))).toArray(MapSqlParameterSource[]::new));
        ClockUtil.setCurrentTime(Date.from(registered.plus(Duration.ofHours(1))));
        String check = api.post("/api/clones", Map.of("cloneId", "clone-fleet", "sourceInstance", "prod",
                "targetInstance", "test")).getBody().get("processInstanceId").asText();

        // When the first pass runs
        managementService.executeJob(managementService.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckModelElements.TIMER_FIRST_PASS).singleResult().getId());

        // Then exactly the 2,000 Down ones have an issue, each with its own process
        List<String> withIssue = jdbc.sql("""
                        SELECT a.name FROM ecc_agent_issue i JOIN ecc_agent a ON a.id = i.mid_server
                        WHERE i.state = 'New' AND i.count = 1""").query(String.class).list();
        List<String> down = IntStream.range(0, FLEET).filter(i -> i % 5 == 0).mapToObj(i -> "fleet-" + i).toList();
        assertThat(withIssue).hasSize(FLEET / 5).containsExactlyInAnyOrderElementsOf(down);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(IssueProcess.PROCESS_KEY).count())
                .isEqualTo(FLEET / 5);
        assertThat(jdbc.sql("""
                        SELECT COUNT(*) FROM ecc_agent_issue i JOIN ecc_agent a ON a.id = i.mid_server
                        WHERE i.message = 'MID Server not operational (status: Down), possibly due to recent clone. '
                                       || 'Verify credentials for logged in User ''' || a.user_name || '''.'""")
                .query(Long.class).single()).isEqualTo(FLEET / 5);
    }
}
