package io.midwatch.forecast;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

import io.midwatch.notify.NotifyWebhooks;
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
