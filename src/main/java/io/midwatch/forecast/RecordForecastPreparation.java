package io.midwatch.forecast;

import java.time.Clock;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/** On completion of the preparation task: records on the forecast who prepared and what they wrote. */
@Component("recordForecastPreparation")
class RecordForecastPreparation implements TaskListener {

    private final ForecastService forecasts;
    private final ForecastRepository repository;
    private final Clock clock;

    RecordForecastPreparation(ForecastService forecasts, ForecastRepository repository, Clock clock) {
        this.forecasts = forecasts;
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateTask task) {
        Forecast forecast = forecasts.get(CloneForecastProcess.cloneId(task.getExecution()));
        Authentication user = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        String by = user != null ? user.getUserId() : task.getAssignee();
        Object note = task.getVariable(CloneForecastProcess.VAR_PREPARATION_NOTE);
        repository.prepared(forecast.id(), by == null ? "(unknown)" : by, note == null ? null : note.toString(),
                clock.instant());
    }
}
