package io.midwatch.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.camunda.bpm.engine.management.Metrics;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.midwatch.clone.CloneCheckStarted;
import io.midwatch.clone.PassCompleted;
import io.midwatch.forecast.ForecastCompared;
import io.midwatch.heartbeat.HeartbeatReceived;
import io.midwatch.heartbeat.HeartbeatRefused;
import io.midwatch.issue.DiagnosisRecorded;
import io.midwatch.issue.Finding;
import io.midwatch.issue.IssueResolved;
import io.midwatch.user.LoginFailure;

/**
 * MidWatch's counters and the engine's, as Prometheus reads them at {@code /actuator/prometheus}
 * (docs/operations.md#metrics). Every label value is registered at start, so that a dashboard shows 0
 * rather than nothing. The features publish what happened as events; an event inside a transaction is
 * counted once that transaction commits, so that a transaction run again is counted once, a failed one not.
 */
@Component
public class MidWatchMetrics {

    /** The passes of a clone check, as the clone check model names them. */
    static final List<String> PASSES = List.of("first", "second");

    private static final Duration[] PASS_DURATION_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(1),
            Duration.ofMinutes(5)};

    private final MeterRegistry registry;

    MidWatchMetrics(MeterRegistry registry, EngineMeters engineMeters) {
        this.registry = registry;
        cloneEvents();
        for (String pass : PASSES) {
            passes(pass);
            passDuration(pass);
            newIssues(pass);
            redetections(pass);
        }
        for (IssueResolved.Cause cause : IssueResolved.Cause.values()) {
            resolutions(cause);
        }
        for (Finding finding : Finding.values()) {
            diagnoses(finding);
        }
        for (HeartbeatReceived.Outcome outcome : HeartbeatReceived.Outcome.values()) {
            heartbeats(label(outcome));
        }
        for (LoginFailure reason : LoginFailure.values()) {
            heartbeats(label(reason));
        }
        FunctionCounter.builder("midwatch.diagnosis.failures", engineMeters, EngineMeters::diagnosisFailures)
                .description("Failed attempts of credential diagnoses, as workers reported them to this node")
                .register(registry);
        jobsExecuted(engineMeters, Metrics.JOB_SUCCESSFUL, "successful");
        jobsExecuted(engineMeters, Metrics.JOB_FAILED, "failed");
        FunctionCounter.builder("midwatch.engine.jobs.acquired", engineMeters,
                        meters -> meters.total(Metrics.JOB_ACQUIRED_SUCCESS))
                .description("Jobs this node's job executor acquired").register(registry);
    }

    @TransactionalEventListener
    void cloneCheckStarted(CloneCheckStarted started) {
        cloneEvents().increment();
    }

    @TransactionalEventListener
    void passCompleted(PassCompleted pass) {
        passes(pass.pass()).increment();
        passDuration(pass.pass()).record(pass.took());
        newIssues(pass.pass()).increment(pass.newIssues());
        redetections(pass.pass()).increment(pass.redetections());
    }

    @TransactionalEventListener
    void issueResolved(IssueResolved resolved) {
        resolutions(resolved.cause()).increment();
    }

    @TransactionalEventListener
    void diagnosisRecorded(DiagnosisRecorded recorded) {
        diagnoses(recorded.finding()).increment();
    }

    /** A heartbeat is answered outside any transaction: counted at once. */
    @TransactionalEventListener(fallbackExecution = true)
    void heartbeatReceived(HeartbeatReceived received) {
        heartbeats(label(received.outcome())).increment();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void heartbeatRefused(HeartbeatRefused refused) {
        heartbeats(label(refused.reason())).increment();
    }

    @TransactionalEventListener
    void forecastCompared(ForecastCompared compared) {
        counter("midwatch.forecast.comparisons",
                "Forecast MID Servers compared after their clone, by verdict and what the passes found",
                "verdict", compared.verdict().name(), "found", compared.found().name()).increment();
    }

    private Counter cloneEvents() {
        return counter("midwatch.clone.events.accepted", "Clone events that started a clone check");
    }

    private Counter passes(String pass) {
        return counter("midwatch.passes", "Evaluation passes run", "pass", pass);
    }

    private Timer passDuration(String pass) {
        return Timer.builder("midwatch.pass.duration").description("How long evaluation passes took")
                .tag("pass", pass).serviceLevelObjectives(PASS_DURATION_BUCKETS).register(registry);
    }

    private Counter newIssues(String pass) {
        return counter("midwatch.pass.new.issues", "Issues logged by evaluation passes", "pass", pass);
    }

    private Counter redetections(String pass) {
        return counter("midwatch.pass.redetections", "Re-detections of open issues counted by evaluation passes",
                "pass", pass);
    }

    private Counter resolutions(IssueResolved.Cause cause) {
        return counter("midwatch.issues.resolved", "Issues resolved", "cause", label(cause));
    }

    private Counter diagnoses(Finding finding) {
        return counter("midwatch.diagnoses", "Credential diagnoses recorded on issues", "cause", label(finding));
    }

    private Counter heartbeats(String outcome) {
        return counter("midwatch.heartbeats", "Heartbeats received", "outcome", outcome);
    }

    private void jobsExecuted(EngineMeters engineMeters, String engineMeter, String outcome) {
        FunctionCounter.builder("midwatch.engine.jobs.executed", engineMeters, meters -> meters.total(engineMeter))
                .description("Jobs this node's engine executed").tag("outcome", outcome).register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** An enum constant as a Prometheus label value: {@code CAME_UP} is {@code came_up}. */
    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
