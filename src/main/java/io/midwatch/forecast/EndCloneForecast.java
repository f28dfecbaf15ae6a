package io.midwatch.forecast;

import java.time.Clock;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.midwatch.platform.ProcessVariables;

/** Ends the forecast in the state its local input {@code state} names: Canceled or Ended. */
@Component("endCloneForecast")
class EndCloneForecast implements JavaDelegate {

    private final ForecastService forecasts;
    private final ForecastRepository repository;
    private final Clock clock;

    EndCloneForecast(ForecastService forecasts, ForecastRepository repository, Clock clock) {
        this.forecasts = forecasts;
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Forecast forecast = forecasts.get(CloneForecastProcess.cloneId(execution));
        repository.ended(forecast.id(), ForecastState.valueOf(ProcessVariables.string(execution, "state")),
                clock.instant());
    }
}
