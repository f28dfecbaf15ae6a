package io.midwatch.forecast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import io.midwatch.platform.NotFoundException;
import io.midwatch.platform.RetryOnConcurrentChange;

/**
 * Starts one forecast per scheduled clone and ends it when the instance reports the clone canceled or failed.
 * Starting is idempotent by cloneId on any number of nodes: the process is started and the row inserted in
 * one transaction, and the row's unique constraint makes a concurrent start of the same clone roll back.
 */
@Service
public class ForecastService {

    /** How long after its scheduled time a clone may go unchecked before its forecast gives up waiting. */
    static final Duration CHECK_OVERDUE_AFTER = Duration.ofDays(2);
    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final Logger log = LoggerFactory.getLogger(ForecastService.class);

    private final ForecastRepository forecasts;
    private final RuntimeService runtimeService;
    private final ForecastProperties properties;
    private final RetryOnConcurrentChange retry;
    private final Clock clock;

    ForecastService(ForecastRepository forecasts, RuntimeService runtimeService, ForecastProperties properties,
                    RetryOnConcurrentChange retry, Clock clock) {
        this.forecasts = forecasts;
        this.runtimeService = runtimeService;
        this.properties = properties;
        this.retry = retry;
        this.clock = clock;
    }

    /**
     * What a poll read of an instance's clone records: a forecast for each scheduled clone that has none, the
     * end of the forecasts of the clones canceled or failed. A failure is logged and does not stop the others.
     */
    public void clonesRead(List<ScheduledClone> scheduled, Collection<String> endedCloneIds) {
        Set<String> withForecast = forecasts.withForecast(scheduled.stream().map(ScheduledClone::cloneId).toList());
        for (ScheduledClone clone : scheduled) {
            if (withForecast.contains(clone.cloneId())) {
                continue;
            }
            try {
                open(clone);
            } catch (RuntimeException e) {
                log.error("Clone {} of {} onto {}: its forecast could not be started", clone.cloneId(),
                        clone.source(), clone.target(), e);
            }
        }
        try {
            for (String cloneId : forecasts.openOf(endedCloneIds)) {
                retry.inTransaction("End of the forecast of clone " + cloneId, () -> runtimeService
                        .createMessageCorrelation(CloneForecastProcess.MESSAGE_CLONE_ENDED)
                        .processInstanceBusinessKey(cloneId)
                        .correlateAllWithResult());
            }
        } catch (RuntimeException e) {
            // the next poll reads the canceled clones again
            log.error("Forecasts of canceled clones {} could not be ended", endedCloneIds, e);
        }
    }

    /** @return whether the forecast was started now (false: the clone has one already) */
    public boolean open(ScheduledClone clone) {
        try {
            return retry.inTransaction("Forecast of clone " + clone.cloneId(), () -> {
                if (forecasts.exists(clone.cloneId())) {
                    return false;
                }
                start(clone);
                return true;
            });
        } catch (DuplicateKeyException sameCloneAtTheSameTime) {
            return false;
        }
    }

    private void start(ScheduledClone clone) {
        Instant now = clock.instant();
        Instant scheduledAt = clone.scheduledAt().truncatedTo(ChronoUnit.SECONDS);
        ProcessInstance forecast = runtimeService.createProcessInstanceByKey(CloneForecastProcess.PROCESS_KEY)
                .businessKey(clone.cloneId())
                .setVariables(Variables.createVariables()
                        .putValue(CloneForecastProcess.VAR_CLONE_ID, clone.cloneId())
                        .putValue(CloneForecastProcess.VAR_SOURCE, clone.source())
                        .putValue(CloneForecastProcess.VAR_TARGET, clone.target())
                        .putValue(CloneForecastProcess.VAR_SCHEDULED_AT, Date.from(scheduledAt))
                        .putValue(CloneForecastProcess.VAR_SCHEDULED_AT_TEXT, SHOWN.format(scheduledAt))
                        .putValue(CloneForecastProcess.VAR_FINAL_CHECK_AT,
                                Date.from(scheduledAt.minus(properties.finalCheckBefore())))
                        .putValue(CloneForecastProcess.VAR_CHECK_OVERDUE_AT,
                                Date.from(scheduledAt.plus(CHECK_OVERDUE_AFTER)))
                        .putValue(CloneForecastProcess.VAR_RECOMPUTE_CYCLE, "R/" + properties.recomputeInterval())
                        .putValue(CloneForecastProcess.VAR_NEEDS_PREPARATION, false))
                .execute();
        forecasts.insert(new ScheduledClone(clone.cloneId(), clone.table(), clone.source(), clone.target(),
                scheduledAt, clone.profile(), clone.profileIsName()), now, forecast.getId());
        log.info("Clone {} of {} onto {} scheduled at {}: forecast {} started", clone.cloneId(), clone.source(),
                clone.target(), scheduledAt, forecast.getId());
    }

    Forecast get(String cloneId) {
        return forecasts.find(cloneId)
                .orElseThrow(() -> new NotFoundException("No forecast of a clone with cloneId '" + cloneId + "'"));
    }

    List<Forecast> search(String instance, ForecastState state, int limit) {
        return forecasts.search(instance, state, limit);
    }
}
