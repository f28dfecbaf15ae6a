package io.midwatch.platform;

import static io.midwatch.platform.Timestamps.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.issue.Issue;
import io.midwatch.issue.IssueRetentionModelElements;
import io.midwatch.issue.IssueRetentionProcess;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * A pass that logs many issues, or a retention that removes many, leaves PostgreSQL with statistics that
 * know of the change; a pass that logs a handful leaves them alone. The data is kept just over (or well
 * under) the threshold {@code midwatch.statistics.analyze-after-issues}.
 */
class TableStatisticsTest extends PostgresIntegrationTest {

    private static final Instant REGISTERED = Instant.parse("2026-11-03T07:00:00Z");
    private static final Instant CLONE = REGISTERED.plus(Duration.ofHours(1));

    @Autowired
    StatisticsProperties statistics;

    @BeforeEach
    void noAnalysisUnderWay() {
        // an earlier test's large pass may still be analysed in the background
        await().atMost(Duration.ofMinutes(1)).until(() -> jdbc.sql("""
                        SELECT COUNT(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND state = 'active' AND query ILIKE 'ANALYZE%'""")
                .query(Long.class).single() == 0);
    }

    @Test
    void aPassThatLogsManyIssuesLeavesTheTablesWithCurrentStatistics() {
        // Given as many Down MID Servers before a clone as the threshold
        int issues = statistics.analyzeAfterIssues();
        downMidServers(issues);
        OffsetDateTime before = databaseNow();

        // When the first pass logs an issue for each
        firstPass("clone-many");

        // Then every table an issue lives in is analysed, and the planner knows of the new rows
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(tablesAnalysedSince(before)).containsExactlyInAnyOrderElementsOf(TableStatistics.TABLES);
            assertThat(estimatedRows("ecc_agent_issue")).isEqualTo(issues);
            assertThat(estimatedRows("act_ru_execution")).isGreaterThanOrEqualTo(issues);
        });
    }

    @Test
    void aPassThatLogsAHandfulOfIssuesAnalysesNothing() {
        // Given three Down MID Servers before a clone
        downMidServers(3);
        OffsetDateTime before = databaseNow();

        // When the first pass logs their issues
        firstPass("clone-few");

        // Then no table is analysed
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> tablesAnalysedSince(before).isEmpty());
    }

    @Test
    void aRetentionThatRemovesManyIssuesLeavesTheTablesWithCurrentStatistics() {
        // Given as many expired issues as the threshold, known to the planner
        int issues = statistics.analyzeAfterIssues();
        downMidServers(issues);
        jdbc.sql("""
                        INSERT INTO ecc_agent_issue (id, mid_server, source, state, message, count, created_at,
                                                     last_detected, unresolved)
                        SELECT gen_random_uuid(), id, :source, 'New', 'expired', 1, :at, :at, TRUE
                        FROM ecc_agent""")
                .param("source", Issue.SOURCE_INSTANCE_CLONE)
                .param("at", utc(CLONE))
                .update();
        jdbc.sql("ANALYZE ecc_agent_issue").update();
        OffsetDateTime before = databaseNow();

        // When the retention removes them
        ClockUtil.setCurrentTime(Date.from(CLONE.plus(Duration.ofDays(11))));
        managementService.executeJob(managementService.createJobQuery()
                .processDefinitionKey(IssueRetentionProcess.PROCESS_KEY)
                .activityId(IssueRetentionModelElements.TIMER_RETENTION_CHECK).singleResult().getId());

        // Then the tables are analysed again, and the planner knows the issues are gone
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(tablesAnalysedSince(before)).containsExactlyInAnyOrderElementsOf(TableStatistics.TABLES);
            assertThat(estimatedRows("ecc_agent_issue")).isZero();
        });
    }

    private void downMidServers(int count) {
        jdbc.sql("""
                        INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at)
                        SELECT 'down-' || i, 'Down', 'down.user.' || i, :at, :at FROM generate_series(1, :count) AS i""")
                .param("count", count)
                .param("at", utc(REGISTERED))
                .update();
    }

    private void firstPass(String cloneId) {
        ClockUtil.setCurrentTime(Date.from(CLONE));
        String check = api.post("/api/clones", Map.of("cloneId", cloneId, "sourceInstance", "prod",
                "targetInstance", "test")).getBody().get("processInstanceId").asText();
        ClockUtil.setCurrentTime(Date.from(CLONE.plus(Duration.ofMinutes(20))));
        managementService.executeJob(managementService.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckModelElements.TIMER_FIRST_PASS).singleResult().getId());
    }

    private OffsetDateTime databaseNow() {
        return jdbc.sql("SELECT clock_timestamp()").query(OffsetDateTime.class).single();
    }

    private List<String> tablesAnalysedSince(OffsetDateTime since) {
        return jdbc.sql("""
                        SELECT relname FROM pg_stat_user_tables
                        WHERE schemaname = current_schema() AND relname IN (:tables) AND last_analyze > :since""")
                .param("tables", TableStatistics.TABLES)
                .param("since", since)
                .query(String.class).list();
    }

    private long estimatedRows(String table) {
        return jdbc.sql("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(:table)")
                .param("table", table).query(Long.class).single();
    }
}
