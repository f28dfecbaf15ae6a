package io.midwatch.forecast;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.midwatch.forecast.ForecastComputation.Computed;
import io.midwatch.forecast.ForecastComputation.Finding;
import io.midwatch.forecast.InstanceTables.InstanceUnreadable;
import io.midwatch.platform.ConflictException;
import io.midwatch.platform.NotFoundException;

/**
 * Computes a forecast and keeps it: the verdicts in {@code clone_forecast_mid_server}, and on its process
 * whether anything needs preparing and what, for the task. An instance that cannot be read leaves the
 * verdicts as they were and records why; the next computation tries again.
 */
@Component
class ForecastComputer {

    private static final Logger log = LoggerFactory.getLogger(ForecastComputer.class);

    private final ForecastRepository forecasts;
    private final ForecastComputation computation;
    private final RuntimeService runtimeService;
    private final Clock clock;

    ForecastComputer(ForecastRepository forecasts, ForecastComputation computation, RuntimeService runtimeService,
                     Clock clock) {
        this.forecasts = forecasts;
        this.computation = computation;
        this.runtimeService = runtimeService;
        this.clock = clock;
    }

    /** Recomputes an open forecast now, as asked through the API. */
    @Transactional
    public Forecast recompute(String cloneId) {
        Forecast forecast = forecasts.find(cloneId).orElseThrow(() -> new NotFoundException(
                "No forecast of a clone with cloneId '" + cloneId + "'"));
        if (forecast.state() != ForecastState.Open) {
            throw new ConflictException("The forecast of clone " + cloneId + " is " + forecast.state()
                    + ": it is not computed again");
        }
        Map<String, Object> variables = compute(forecast);
        runtimeService.setVariables(forecast.processInstanceId(), variables);
        Object told = runtimeService.getVariable(forecast.processInstanceId(),
                CloneForecastProcess.VAR_TOLD_TO_PREPARE);
        askForNewPreparation(forecast.processInstanceId(), variables, told);
        return forecasts.find(cloneId).orElseThrow();
    }

    /** Computes and stores the forecast; returns the process variables that tell what to prepare. */
    Map<String, Object> compute(Forecast forecast) {
        try {
            List<Computed> computed = computation.compute(forecast);
            forecasts.computed(forecast.id(), computed.stream().map(Computed::forecast).toList(), clock.instant());
            List<Computed> toPrepare = computed.stream().filter(server -> server.verdict().needsPreparation()).toList();
            log.info("Forecast of clone {} ({} onto {}): {} MID Server(s), {} to prepare", forecast.cloneId(),
                    forecast.source(), forecast.target(), computed.size(), toPrepare.size());
            return Map.of(CloneForecastProcess.VAR_NEEDS_PREPARATION, !toPrepare.isEmpty(),
                    CloneForecastProcess.VAR_PREPARATION, preparation(forecast, toPrepare),
                    CloneForecastProcess.VAR_TO_PREPARE, toPrepare.stream().map(server -> server.midServer().name())
                            .sorted().collect(Collectors.joining(",")));
        } catch (InstanceUnreadable e) {
            forecasts.computeFailed(forecast.id(), e.getMessage());
            log.warn("Forecast of clone {} ({} onto {}) not computed: {}", forecast.cloneId(), forecast.source(),
                    forecast.target(), e.getMessage());
            return Map.of();
        }
    }

    /**
     * After a recomputation: when MID Servers are to be prepared that the team was not told of, the forecast
     * that waits for the clone tells the team and opens the preparation task again. While the task is open
     * nothing waits for the message, and the computation after the preparation shows what is left.
     */
    void askForNewPreparation(String processInstanceId, Map<String, Object> computed, Object toldToPrepare) {
        Set<String> toPrepare = names(computed.get(CloneForecastProcess.VAR_TO_PREPARE));
        if (!names(toldToPrepare).containsAll(toPrepare)) {
            runtimeService.createMessageCorrelation(CloneForecastProcess.MESSAGE_NEW_RISK)
                    .processInstanceId(processInstanceId).correlateAllWithResult();
        }
    }

    private static Set<String> names(Object commaSeparated) {
        return commaSeparated instanceof String text && !text.isEmpty() ? Set.of(text.split(",")) : Set.of();
    }

    /** Whether a scheduled recomputation has a point: preservers are read when the clone starts. */
    boolean beforeTheClone(Forecast forecast) {
        return forecast.state() == ForecastState.Open
                && (forecast.computedAt() == null || clock.instant().isBefore(forecast.scheduledAt()));
    }

    /** The task's text: each MID Server to prepare ({@code toPrepare}), why, and what to do. */
    static String preparation(Forecast forecast, List<Computed> toPrepare) {
        if (toPrepare.isEmpty()) {
            return "Nothing to prepare: every MID Server of " + forecast.target() + " keeps its login.";
        }
        StringBuilder text = new StringBuilder("Clone ").append(forecast.source()).append(" → ")
                .append(forecast.target()).append(" at ")
                .append(ForecastService.SHOWN.format(forecast.scheduledAt())).append(": ").append(toPrepare.size())
                .append(" MID Server(s) will lose their login unless prepared.\n");
        var users = new ArrayList<String>();
        for (Computed server : toPrepare) {
            users.add(server.midServer().userName());
            text.append("\n").append(server.midServer().name()).append(" (user ")
                    .append(server.midServer().userName()).append("): ").append(server.verdict()).append('\n');
            for (Finding finding : server.findings()) {
                text.append("  Why: ").append(finding.reason()).append('\n');
                if (finding.remedy() != null) {
                    text.append("  Remedy: ").append(finding.remedy()).append('\n');
                }
            }
        }
        text.append("\nOr, for all of them: add a data preserver on ").append(forecast.source())
                .append(" for table sys_user (user_name IN ").append(String.join(",", users))
                .append(") and one for sys_user_has_role (user.user_name IN ").append(String.join(",", users))
                .append(")").append(forecast.profile() != null ? ", and add both to the clone's profile" : "")
                .append(": the target then keeps these users, their passwords and roles.");
        return text.toString();
    }

    Instant now() {
        return clock.instant();
    }
}
