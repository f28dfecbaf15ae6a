package io.midwatch.forecast;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.BytesValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriUtils;

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

    /** What the engine keeps of a text variable and of a task's description. */
    static final int PREPARATION_LENGTH = 4000;

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
                    CloneForecastProcess.VAR_TO_PREPARE, names(toPrepare));
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

    /**
     * The names, sorted and comma-separated, as bytes: a fleet's names can outgrow the 4,000 characters the
     * engine keeps of a text variable.
     */
    private static BytesValue names(List<Computed> servers) {
        return Variables.byteArrayValue(servers.stream().map(server -> server.midServer().name()).sorted()
                .collect(Collectors.joining(",")).getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> names(Object commaSeparated) {
        Object value = commaSeparated instanceof BytesValue typed ? typed.getValue() : commaSeparated;
        // a text value: kept by a forecast that started before the names were bytes
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : value instanceof String string ? string : "";
        return text.isEmpty() ? Set.of() : Set.of(text.split(","));
    }

    /** Whether a scheduled recomputation has a point: preservers are read when the clone starts. */
    boolean beforeTheClone(Forecast forecast) {
        return forecast.state() == ForecastState.Open
                && (forecast.computedAt() == null || clock.instant().isBefore(forecast.scheduledAt()));
    }

    /**
     * The task's text: each MID Server to prepare ({@code toPrepare}), why, and what to do; as many as fit in
     * {@link #PREPARATION_LENGTH}, the rest named by the forecast's answer in the API.
     */
    static String preparation(Forecast forecast, List<Computed> toPrepare) {
        if (toPrepare.isEmpty()) {
            return "Nothing to prepare: every MID Server of " + forecast.target() + " keeps its login.";
        }
        StringBuilder text = new StringBuilder("Clone ").append(forecast.source()).append(" → ")
                .append(forecast.target()).append(" at ")
                .append(ForecastService.SHOWN.format(forecast.scheduledAt())).append(": ").append(toPrepare.size())
                .append(" MID Server(s) will lose their login unless prepared.\n");
        String users = toPrepare.stream().map(server -> server.midServer().userName()).collect(Collectors.joining(","));
        String forAll = "\nOr, for all of them: add a data preserver on " + forecast.source() + " for table sys_user ("
                + "user_name IN " + users + ") and one for sys_user_has_role (user.user_name IN " + users + ")"
                + (forecast.profile() != null ? ", and add both to the clone's profile" : "")
                + ": the target then keeps these users, their passwords and roles.";
        String more = "\n... and %d more MID Server(s) to prepare: GET /api/forecasts/"
                + UriUtils.encodePathSegment(forecast.cloneId(), StandardCharsets.UTF_8)
                + " lists each with its reasons and remedies.\n";
        // the longest "more" line, and the preservers' advice if it fits at all
        int reserved = more.length() + 10 + (forAll.length() <= PREPARATION_LENGTH / 2 ? forAll.length() : 0);
        int shown = 0;
        for (Computed server : toPrepare) {
            String block = block(server);
            if (text.length() + block.length() + reserved > PREPARATION_LENGTH) {
                break;
            }
            text.append(block);
            shown++;
        }
        if (shown < toPrepare.size()) {
            text.append(more.formatted(toPrepare.size() - shown));
        }
        if (forAll.length() <= PREPARATION_LENGTH / 2) {
            text.append(forAll);
        }
        return text.toString();
    }

    private static String block(Computed server) {
        StringBuilder block = new StringBuilder("\n").append(server.midServer().name()).append(" (user ")
                .append(server.midServer().userName()).append("): ").append(server.verdict()).append('\n');
        for (Finding finding : server.findings()) {
            block.append("  Why: ").append(finding.reason()).append('\n');
            if (finding.remedy() != null) {
                block.append("  Remedy: ").append(finding.remedy()).append('\n');
            }
        }
        return block.toString();
    }
}
