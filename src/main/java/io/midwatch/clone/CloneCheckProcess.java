package io.midwatch.clone;

import org.camunda.bpm.engine.delegate.VariableScope;

import io.midwatch.platform.ProcessVariables;

/**
 * Names shared by the clone check model ({@code bpmn/clone-check.bpmn}), its decision and the code, and typed
 * reads of the process's variables, so that delegates never cast.
 */
public final class CloneCheckProcess {

    public static final String PROCESS_KEY = "CloneCheck";
    public static final String DECISION_KEY = "IssueAction";

    public static final String VAR_CLONE_ID = "cloneId";
    public static final String VAR_FIRST_PASS_AT = "firstPassAt";
    public static final String VAR_SECOND_PASS_AT = "secondPassAt";
    /** Set when the instance reports the clone rolled back after it completed: the state it reports. */
    public static final String VAR_ROLLED_BACK = "rolledBack";
    /** Local input of the pass tasks: {@code first} or {@code second}. */
    public static final String VAR_PASS = "pass";

    private CloneCheckProcess() {
    }

    static String cloneId(VariableScope scope) {
        return ProcessVariables.string(scope, VAR_CLONE_ID);
    }

    static Pass pass(VariableScope scope) {
        return Pass.of(ProcessVariables.string(scope, VAR_PASS));
    }
}
