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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.midwatch.issue.diagnosis.CredentialDiagnosis;
import io.midwatch.user.LoginFailure;

/**
 * MidWatch's counters and the engine's, as Prometheus reads them at {@code /actuator/prometheus}
 * (docs/operations.md#metrics). Every label value is registered at start, so that a dashboard shows 0
 * rather than nothing. The services call these where the event happens; an event inside a transaction is
 * counted once that transaction commits, so that a transaction run again is counted once, a failed one not.
 */
@Component
public class MidWatchMetrics {

    /** Why an issue was resolved: its MID Server came Up, was Up already at the verification, or by hand. */
    public enum Resolution { CAME_UP, ALREADY_UP, BY_HAND }

    public static final String HEARTBEAT_ACCEPTED = "accepted";
    /** No such MID Server, or the credentials of a user that is not its user: nothing was recorded. */
    public static final String HEARTBEAT_NOT_ITS_USER = "not_its_user";
    /** Refused without checking the password: too many failures (429) or too many checks at once (503). */
    public static final String HEARTBEAT_THROTTLED = "throttled";
    public static final String HEARTBEAT_BUSY = "busy";

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
        for (Resolution cause : Resolution.values()) {
            resolutions(cause);
        }
        for (CredentialDiagnosis.Finding finding : CredentialDiagnosis.Finding.values()) {
            diagnoses(finding);
        }
        for (String outcome : List.of(HEARTBEAT_ACCEPTED, HEARTBEAT_NOT_ITS_USER, HEARTBEAT_THROTTLED, HEARTBEAT_BUSY)) {
            heartbeats(outcome);
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

    /** A clone event that started a clone check; the same cloneId again is not counted. */
    public void cloneAccepted() {
        afterCommit(() -> cloneEvents().increment());
    }

    /** An evaluation pass ({@code first} or {@code second}): its duration, its new issues and re-detections. */
    public void passRun(String pass, Duration took, int created, int redetected) {
        afterCommit(() -> {
            passes(pass).increment();
            passDuration(pass).record(took);
            newIssues(pass).increment(created);
            redetections(pass).increment(redetected);
        });
    }

    public void issueResolved(Resolution cause) {
        afterCommit(() -> resolutions(cause).increment());
    }

    /** A diagnosis written on its issue, by the fault it names. */
    public void diagnosisRecorded(CredentialDiagnosis.Finding finding) {
        afterCommit(() -> diagnoses(finding).increment());
    }

    /** A heartbeat's outcome: one of the {@code HEARTBEAT_} constants. */
    public void heartbeat(String outcome) {
        afterCommit(() -> heartbeats(outcome).increment());
    }

    /** A heartbeat whose login failed, by the reason. */
    public void heartbeatRefused(LoginFailure reason) {
        heartbeat(label(reason));
    }

    /** A forecast MID Server compared after its clone: its verdict and what the passes found. */
    public void forecastCompared(String verdict, String found) {
        afterCommit(() -> counter("midwatch.forecast.comparisons",
                "Forecast MID Servers compared after their clone, by verdict and what the passes found",
                "verdict", verdict, "found", found).increment());
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

    private Counter resolutions(Resolution cause) {
        return counter("midwatch.issues.resolved", "Issues resolved", "cause", label(cause));
    }

    private Counter diagnoses(CredentialDiagnosis.Finding finding) {
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

    private static void afterCommit(Runnable count) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
    }
}
