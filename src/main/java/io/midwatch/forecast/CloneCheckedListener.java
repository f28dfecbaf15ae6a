package io.midwatch.forecast;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.midwatch.clone.CloneChecked;

/**
 * Tells a clone's forecast, in the transaction of the second pass, that the clone was checked. A clone with
 * no forecast (reported through the API, or never scheduled) has nothing to tell.
 */
@Component
class CloneCheckedListener {

    private final RuntimeService runtimeService;

    CloneCheckedListener(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    @EventListener
    void cloneChecked(CloneChecked checked) {
        runtimeService.createMessageCorrelation(CloneForecastProcess.MESSAGE_CLONE_CHECKED)
                .processInstanceBusinessKey(checked.cloneId())
                .correlateAllWithResult();
    }
}
