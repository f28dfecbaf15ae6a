package io.midwatch.forecast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.midwatch.issue.IssueProperties;

/**
 * Housekeeping beside the issues' retention: a forecast is removed {@code midwatch.issue.retention} after it
 * was created, whatever its state, with its process if it still runs.
 */
@Component("removeExpiredForecasts")
class RemoveExpiredForecasts implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(RemoveExpiredForecasts.class);

    private final ForecastRepository forecasts;
    private final RuntimeService runtimeService;
    private final Clock clock;
    private final Duration retention;

    RemoveExpiredForecasts(ForecastRepository forecasts, RuntimeService runtimeService, Clock clock,
                           IssueProperties properties) {
        this.forecasts = forecasts;
        this.runtimeService = runtimeService;
        this.clock = clock;
        this.retention = properties.retention();
    }

    @Override
    public void execute(DelegateExecution execution) {
        Instant cutoff = clock.instant().minus(retention);
        List<String> processes = forecasts.removeCreatedBefore(cutoff);
        if (processes.isEmpty()) {
            return;
        }
        List<String> running = runtimeService.createProcessInstanceQuery()
                .processInstanceIds(new HashSet<>(processes)).list().stream()
                .map(ProcessInstance::getId).toList();
        if (!running.isEmpty()) {
            runtimeService.deleteProcessInstances(running, "Forecast removed by retention after " + retention,
                    true, true);
        }
        log.info("Retention removed {} clone forecast(s) created before {} and ended {} forecast process(es)",
                processes.size(), cutoff, running.size());
    }
}
