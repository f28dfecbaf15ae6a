package io.midwatch.forecast;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.midwatch.platform.ProcessVariables;

/**
 * Computes the forecast: first, every {@code recompute-interval} before the clone, once more before it
 * starts, after the team prepared. The recurring computation stops at the scheduled time, since the clone
 * reads the preservers when it starts.
 */
@Component("computeCloneForecast")
class ComputeCloneForecast implements JavaDelegate {

    /** Local input {@code computation}: the recurring one is skipped once the clone is due. */
    static final String RECURRING = "recurring";
    /** Local input {@code computation} of the last computation before the clone. */
    static final String FINAL = "final";

    private final ForecastService forecasts;
    private final ForecastComputer computer;

    ComputeCloneForecast(ForecastService forecasts, ForecastComputer computer) {
        this.forecasts = forecasts;
        this.computer = computer;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Forecast forecast = forecasts.get(CloneForecastProcess.cloneId(execution));
        boolean recurring = RECURRING.equals(ProcessVariables.string(execution, "computation"));
        if (forecast.state() != ForecastState.Open || recurring && !computer.beforeTheClone(forecast)) {
            return;
        }
        // on the process instance, where the gateway and the task read them
        Map<String, Object> computed = computer.compute(forecast);
        execution.getProcessInstance().setVariables(computed);
        if (recurring || FINAL.equals(ProcessVariables.string(execution, "computation"))) {
            computer.askForNewPreparation(execution.getProcessInstanceId(), computed,
                    execution.getVariable(CloneForecastProcess.VAR_TOLD_TO_PREPARE));
        }
    }
}
