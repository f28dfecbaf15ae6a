package io.midwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RuntimeService;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.midwatch.support.MovableClock;

/**
 * The gauges' grouped queries on the embedded H2 database (PrometheusMetricsTest runs them on PostgreSQL),
 * and their cache: a read answers the last values until the refresh interval has passed.
 */
class DatabaseGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private JdbcClient jdbc;
    private DatabaseGauges gauges;

    @BeforeEach
    void h2WithMidWatchsSchema() {
        var dataSource = new DriverManagerDataSource("jdbc:h2:mem:gauges-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        RuntimeService runtimeService = mock(RuntimeService.class, RETURNS_DEEP_STUBS);
        when(runtimeService.createIncidentQuery().count()).thenReturn(2L);
        ExternalTaskService externalTaskService = mock(ExternalTaskService.class, RETURNS_DEEP_STUBS);
        when(externalTaskService.createExternalTaskQuery().notLocked().withRetriesLeft().count()).thenReturn(5L);
        gauges = new DatabaseGauges(jdbc, runtimeService, externalTaskService, registry,
                new MetricsProperties(Duration.ofSeconds(30)), clock);
    }

    @Test
    void midServersByStatusAndOpenIssuesByStateAndSourceAreCountedInTheDatabase() {
        // Given two Down MID Servers and an Up one, with a New issue and a Resolved one
        long down = midServer("mid-1", "Down");
        long up = midServer("mid-2", "Up");
        midServer("mid-3", "Down");
        issue(down, "New");
        issue(up, "Resolved");

        // When the gauges are read
        // Then they count each status and each open state, and the engine's figures
        assertThat(value("midwatch.mid.servers", "status", "Down")).isEqualTo(2);
        assertThat(value("midwatch.mid.servers", "status", "Up")).isEqualTo(1);
        assertThat(value("midwatch.mid.servers", "status", "Upgrade Failed")).isZero();
        assertThat(value("midwatch.issues.open", "state", "New")).isEqualTo(1);
        assertThat(value("midwatch.issues.open", "state", "Acknowledged")).isZero();
        assertThat(registry.get("midwatch.engine.incidents.open").gauge().value()).isEqualTo(2);
        assertThat(registry.get("midwatch.engine.external.tasks.waiting").gauge().value()).isEqualTo(5);
    }

    @Test
    void theDatabaseIsReadAgainOnlyOnceTheRefreshIntervalHasPassed() {
        // Given the gauges read once, over one Down MID Server
        midServer("mid-1", "Down");
        assertThat(value("midwatch.mid.servers", "status", "Down")).isEqualTo(1);

        // When a second one goes Down, then 29 s and 30 s pass
        midServer("mid-2", "Down");
        clock.advance(Duration.ofSeconds(29));
        // Then the gauges answer the value read before until the interval is over
        assertThat(value("midwatch.mid.servers", "status", "Down")).as("within 30 s").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(value("midwatch.mid.servers", "status", "Down")).as("after 30 s").isEqualTo(2);

        // and a refresh asked for reads the database at once
        midServer("mid-3", "Down");
        gauges.refresh();
        assertThat(value("midwatch.mid.servers", "status", "Down")).as("refreshed now").isEqualTo(3);
    }

    private double value(String name, String tag, String tagValue) {
        return registry.get(name).tag(tag, tagValue).gauge().value();
    }

    private long midServer(String name, String status) {
        jdbc.sql("INSERT INTO ecc_agent (name, status, user_name, created_at, updated_at) "
                        + "VALUES (:name, :status, 'mid.user', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                .param("name", name).param("status", status).update();
        return jdbc.sql("SELECT id FROM ecc_agent WHERE name = :name").param("name", name).query(Long.class).single();
    }

    private void issue(long midServer, String state) {
        jdbc.sql("INSERT INTO ecc_agent_issue (id, mid_server, source, state, message, created_at, last_detected, "
                        + "resolved_at, unresolved) VALUES (:id, :midServer, 'InstanceClone', :state, 'm', CURRENT_TIMESTAMP, "
                        + "CURRENT_TIMESTAMP, :resolvedAt, :unresolved)")
                .param("id", UUID.randomUUID()).param("midServer", midServer).param("state", state)
                .param("resolvedAt", "Resolved".equals(state) ? Timestamp.from(clock.instant()) : null)
                .param("unresolved", "Resolved".equals(state) ? null : Boolean.TRUE)
                .update();
    }
}
