package io.midwatch.clone;

/**
 * Ids of the elements of {@code bpmn/clone-check.bpmn} that tests wait at or assert on. The names the code itself
 * needs are in {@link CloneCheckProcess}.
 */
public final class CloneCheckModelElements {

    /** Lasts until the second pass is due; the first pass's timer hangs on it. */
    public static final String SUBPROCESS_AWAIT_PASSES = "SubProcess_AwaitEvaluationPasses";
    public static final String TIMER_FIRST_PASS = "Timer_FirstPass";
    public static final String TIMER_SECOND_PASS = "Timer_SecondPass";
    public static final String TASK_FIRST_PASS = "Task_FirstPass";
    public static final String TASK_SECOND_PASS = "Task_SecondPass";
    public static final String END_FIRST_PASS_DONE = "End_FirstPassDone";
    public static final String END_CLONE_CHECKED = "End_CloneChecked";

    private CloneCheckModelElements() {
    }
}
