package io.midwatch.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.midwatch.issue.Issue;
import io.midwatch.issue.IssueState;
import io.midwatch.midserver.MidServerStatus;

/**
 * The gauges that count rows in the database: MID Servers by status, open issues by state and source, the
 * engine's open incidents and its external tasks waiting for a worker. One grouped query per family, read
 * at most once per {@code midwatch.metrics.gauge-refresh}: a scrape in between answers the last values.
 * Every status and open state has its gauge from the start (0 when there is none); a source first seen in a
 * read gets its gauges then, and shows from the next scrape on.
 */
@Component
public class DatabaseGauges {

    /** What one read found. */
    record Snapshot(Map<String, Long> midServersByStatus, Map<Tags, Long> openIssuesByStateAndSource,
                    long openIncidents, long waitingExternalTasks, Instant readAt) {
    }

    private static final List<IssueState> OPEN_STATES = List.of(IssueState.NEW, IssueState.ACKNOWLEDGED);

    private final JdbcClient jdbc;
    private final RuntimeService runtimeService;
    private final ExternalTaskService externalTaskService;
    private final MeterRegistry registry;
    private final MetricsProperties properties;
    private final Clock clock;
    private Snapshot snapshot;
    private Instant failedAt;

    DatabaseGauges(JdbcClient jdbc, RuntimeService runtimeService, ExternalTaskService externalTaskService,
                   MeterRegistry registry, MetricsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.runtimeService = runtimeService;
        this.externalTaskService = externalTaskService;
        this.registry = registry;
        this.properties = properties;
        this.clock = clock;
        for (MidServerStatus status : MidServerStatus.DOCUMENTED) {
            Gauge.builder("midwatch.mid.servers", this,
                            gauges -> gauges.current().midServersByStatus().getOrDefault(status.label(), 0L))
                    .description("MID Servers by status").tag("status", status.label()).register(registry);
        }
        // statuses an instance reports that ServiceNow does not document, together
        Gauge.builder("midwatch.mid.servers", this, gauges -> gauges.current().midServersByStatus().entrySet().stream()
                        .filter(count -> !MidServerStatus.DOCUMENTED.contains(new MidServerStatus(count.getKey())))
                        .mapToLong(Map.Entry::getValue).sum())
                .description("MID Servers by status").tag("status", "other").register(registry);
        for (IssueState state : OPEN_STATES) {
            openIssuesGauge(Tags.of("state", state.label(), "source", Issue.SOURCE_INSTANCE_CLONE));
        }
        Gauge.builder("midwatch.engine.incidents.open", this, gauges -> gauges.current().openIncidents())
                .description("Open incidents of the engine (failed jobs and external tasks out of retries)")
                .register(registry);
        Gauge.builder("midwatch.engine.external.tasks.waiting", this, gauges -> gauges.current().waitingExternalTasks())
                .description("External tasks waiting for a worker: not locked, with retries left").register(registry);
    }

    /** Reads the gauges' values now, whatever their age. */
    public synchronized Snapshot refresh() {
        Map<String, Long> midServers = new HashMap<>();
        jdbc.sql("SELECT status, COUNT(*) AS n FROM ecc_agent GROUP BY status")
                .query(rs -> {
                    midServers.put(rs.getString("status"), rs.getLong("n"));
                });
        Map<Tags, Long> openIssues = new HashMap<>();
        jdbc.sql("SELECT state, source, COUNT(*) AS n FROM ecc_agent_issue WHERE state <> :resolved GROUP BY state, source")
                .param("resolved", IssueState.RESOLVED.label())
                .query(rs -> {
                    openIssues.put(Tags.of("state", rs.getString("state"), "source", rs.getString("source")),
                            rs.getLong("n"));
                });
        long incidents = runtimeService.createIncidentQuery().count();
        long waiting = externalTaskService.createExternalTaskQuery().notLocked().withRetriesLeft().count();
        snapshot = new Snapshot(Map.copyOf(midServers), Map.copyOf(openIssues), incidents, waiting, clock.instant());
        failedAt = null;
        openIssues.keySet().forEach(this::openIssuesGauge);
        return snapshot;
    }

    /**
     * The last values while they are fresh, else read again. A read that fails makes the gauges answer no
     * value (NaN) rather than old values, and is not tried again before the refresh interval has passed, so
     * that scrapes do not pile queries onto a database that is in trouble.
     */
    private synchronized Snapshot current() {
        Instant now = clock.instant();
        if (failedAt != null && isFresh(failedAt, now)) {
            throw new IllegalStateException("The gauges could not be read at " + failedAt);
        }
        if (snapshot != null && isFresh(snapshot.readAt(), now)) {
            return snapshot;
        }
        try {
            return refresh();
        } catch (RuntimeException e) {
            failedAt = now;
            snapshot = null;
            throw e;
        }
    }

    /** Read within the refresh interval; a clock set back (as tests do with the engine's) reads again. */
    private boolean isFresh(Instant readAt, Instant now) {
        return !now.isBefore(readAt) && now.isBefore(readAt.plus(properties.gaugeRefresh()));
    }

    private void openIssuesGauge(Tags stateAndSource) {
        Gauge.builder("midwatch.issues.open", this,
                        gauges -> gauges.current().openIssuesByStateAndSource().getOrDefault(stateAndSource, 0L))
                .description("Issues not Resolved, by state and source").tags(stateAndSource).register(registry);
    }
}
