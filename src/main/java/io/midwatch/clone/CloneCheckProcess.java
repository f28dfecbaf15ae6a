package io.midwatch.clone;

/** Names shared by the clone check model ({@code bpmn/clone-check.bpmn}), its decision and the code. */
public final class CloneCheckProcess {

    public static final String PROCESS_KEY = "CloneCheck";
    public static final String DECISION_KEY = "IssueAction";

    public static final String VAR_CLONE_ID = "cloneId";
    public static final String VAR_FIRST_PASS_AT = "firstPassAt";
    public static final String VAR_SECOND_PASS_AT = "secondPassAt";
    /** Local input of the pass tasks: {@code first} or {@code second}. */
    public static final String VAR_PASS = "pass";

    /** Lasts until the second pass is due; the first pass's timer hangs on it. */
    public static final String SUBPROCESS_AWAIT_PASSES = "SubProcess_AwaitEvaluationPasses";
    public static final String TIMER_FIRST_PASS = "Timer_FirstPass";
    public static final String TIMER_SECOND_PASS = "Timer_SecondPass";
    public static final String TASK_FIRST_PASS = "Task_FirstPass";
    public static final String TASK_SECOND_PASS = "Task_SecondPass";
    public static final String END_FIRST_PASS_DONE = "End_FirstPassDone";
    public static final String END_CLONE_CHECKED = "End_CloneChecked";

    private CloneCheckProcess() {
    }
}
