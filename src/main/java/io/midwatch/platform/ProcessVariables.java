package io.midwatch.platform;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.value.TypedValue;

/** Typed reads of process variables, for the per-process accessors (e.g. {@code IssueProcess.issueId}). */
public final class ProcessVariables {

    private ProcessVariables() {
    }

    /** A string variable, or null when it is unset or null. */
    public static String string(VariableScope scope, String name) {
        TypedValue value = scope.getVariableTyped(name);
        return value == null ? null : String.class.cast(value.getValue());
    }
}
