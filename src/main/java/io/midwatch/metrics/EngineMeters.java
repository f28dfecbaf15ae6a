package io.midwatch.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.history.HistoricExternalTaskLog;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.metrics.Meter;
import org.camunda.bpm.engine.management.Metrics;
import org.springframework.stereotype.Component;

import io.midwatch.issue.IssueProcess;

/**
 * What the engine itself counts, kept as running totals for Prometheus.
 * <p>
 * The engine's job meters ({@code job-successful}, {@code job-failed}, {@code job-acquired-success}) live in
 * memory and are emptied by its database reporter every 15 minutes into {@code ACT_RU_METER_LOG}; the
 * metrics query over that table lags by up to that long and sums every node. Prometheus wants this node's
 * counts as they happen, never going down: each of those meters is replaced by one that also keeps a total
 * the reporter does not empty, so the database reporting goes on unchanged.
 * <p>
 * A failed diagnosis is reported by the worker to the engine ({@code handleFailure} over the engine REST
 * API), wherever the worker runs; the engine records it as a failure of the external task, which is where
 * it is counted here, once its transaction has committed.
 */
@Component
public class EngineMeters extends AbstractProcessEnginePlugin {

    static final List<String> JOB_METERS = List.of(Metrics.JOB_SUCCESSFUL, Metrics.JOB_FAILED,
            Metrics.JOB_ACQUIRED_SUCCESS);

    private final AtomicLong diagnosisFailures = new AtomicLong();
    private volatile Map<String, RunningTotalMeter> jobMeters = Map.of();

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.getCustomHistoryEventHandlers().add(new DiagnosisFailures());
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.isMetricsEnabled()) {
            Map<String, Meter> meters = configuration.getMetricsRegistry().getDbMeters();
            var replaced = new HashMap<String, RunningTotalMeter>();
            for (String name : JOB_METERS) {
                RunningTotalMeter meter = new RunningTotalMeter(name);
                meters.put(name, meter);
                replaced.put(name, meter);
            }
            jobMeters = Map.copyOf(replaced);
        }
    }

    /** How often this node's engine counted the meter since it started; 0 with the engine's metrics off. */
    long total(String meterName) {
        RunningTotalMeter meter = jobMeters.get(meterName);
        return meter == null ? 0 : meter.total();
    }

    /** Failures of credential diagnoses reported to this node's engine since it started. */
    long diagnosisFailures() {
        return diagnosisFailures.get();
    }

    private static final class RunningTotalMeter extends Meter {

        private final AtomicLong total = new AtomicLong();

        RunningTotalMeter(String name) {
            super(name);
        }

        @Override
        public void mark() {
            markTimes(1);
        }

        @Override
        public void markTimes(long times) {
            super.markTimes(times);
            total.addAndGet(times);
        }

        long total() {
            return total.get();
        }
    }

    private final class DiagnosisFailures implements HistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            // the engine leaves the event type of external task logs unset: their state tells a failure
            if (event instanceof HistoricExternalTaskLog log && log.isFailureLog()
                    && IssueProcess.TOPIC_CREDENTIAL_DIAGNOSIS.equals(log.getTopicName())
                    && !String.valueOf(log.getErrorMessage()).startsWith(IssueProcess.DIAGNOSIS_WAITS_FOR_RATE_LIMIT)) {
                Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                        committed -> diagnosisFailures.incrementAndGet());
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }
    }
}
