package io.midwatch.forecast;

import org.camunda.bpm.engine.delegate.VariableScope;

import io.midwatch.platform.ProcessVariables;

/** Names shared by the forecast model ({@code bpmn/clone-forecast.bpmn}) and the code. */
public final class CloneForecastProcess {

    public static final String PROCESS_KEY = "CloneForecast";

    /** The clone's check made its second pass: the forecast is compared with what the passes found. */
    public static final String MESSAGE_CLONE_CHECKED = "CloneChecked";
    /**
     * A recomputation found MID Servers to prepare that the team was not told of: the forecast waiting for the
     * clone tells the team and opens the preparation task again.
     */
    public static final String MESSAGE_NEW_RISK = "ForecastNewRisk";
    /** The instance reports the clone canceled or ended in an error: the forecast ends. */
    public static final String MESSAGE_CLONE_ENDED = "CloneEnded";

    public static final String VAR_CLONE_ID = "cloneId";
    public static final String VAR_SOURCE = "source";
    public static final String VAR_TARGET = "target";
    public static final String VAR_SCHEDULED_AT = "scheduledAt";
    /** The scheduled time as the task's name shows it. */
    public static final String VAR_SCHEDULED_AT_TEXT = "scheduledAtText";
    public static final String VAR_FINAL_CHECK_AT = "finalCheckAt";
    public static final String VAR_CHECK_OVERDUE_AT = "checkOverdueAt";
    /** A repeating ISO-8601 cycle, {@code R/PT1H}. */
    public static final String VAR_RECOMPUTE_CYCLE = "recomputeCycle";
    /** Set by each computation: some MID Server is WillFail or AtRisk. */
    public static final String VAR_NEEDS_PREPARATION = "needsPreparation";
    /** Set by each computation: the MID Servers to prepare, with reasons and remedies, for the task. */
    public static final String VAR_PREPARATION = "preparation";
    /** Set by each computation: the names of the MID Servers to prepare, sorted, comma-separated. */
    public static final String VAR_TO_PREPARE = "toPrepare";
    /** The MID Servers the team was last told to prepare ({@link #VAR_TO_PREPARE} when it was told). */
    public static final String VAR_TOLD_TO_PREPARE = "toldToPrepare";
    /** The task's form field: what the person who completes it prepared. */
    public static final String VAR_PREPARATION_NOTE = "preparationNote";

    private CloneForecastProcess() {
    }

    public static String cloneId(VariableScope scope) {
        return ProcessVariables.string(scope, VAR_CLONE_ID);
    }
}
