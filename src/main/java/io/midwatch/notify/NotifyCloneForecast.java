package io.midwatch.notify;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

import io.midwatch.forecast.CloneForecastProcess;
import io.midwatch.platform.ProcessVariables;

/**
 * Tells the team through the configured webhooks that MID Servers need preparing before a clone. Runs as an
 * asynchronous task: a failing webhook is retried by the engine while the forecast goes on.
 */
@Component("notifyCloneForecast")
class NotifyCloneForecast implements JavaDelegate {

    private final NotifyWebhooks webhooks;

    NotifyCloneForecast(NotifyWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void execute(DelegateExecution execution) {
        // the team is told now, by the task if not by a webhook: a recomputation asks again for new names only
        execution.getProcessInstance().setVariable(CloneForecastProcess.VAR_TOLD_TO_PREPARE,
                execution.getVariable(CloneForecastProcess.VAR_TO_PREPARE));
        if (!webhooks.isConfigured()) {
            return;
        }
        String cloneId = CloneForecastProcess.cloneId(execution);
        webhooks.post("MID Servers to prepare before clone " + ProcessVariables.string(execution,
                CloneForecastProcess.VAR_SOURCE) + " → " + ProcessVariables.string(execution,
                CloneForecastProcess.VAR_TARGET) + " at " + ProcessVariables.string(execution,
                CloneForecastProcess.VAR_SCHEDULED_AT_TEXT) + ".\n"
                + ProcessVariables.string(execution, CloneForecastProcess.VAR_PREPARATION) + "\n"
                + "Forecast: " + webhooks.linkBase() + "/api/forecasts/"
                + UriUtils.encodePathSegment(cloneId, "UTF-8"));
    }
}
