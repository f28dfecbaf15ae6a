package io.midwatch.issue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.midwatch.platform.Labelled;

/** The state of an issue (R6, R7, R10), spelled as the issue table and the API spell it. */
public enum IssueState implements Labelled {

    NEW("New"),
    ACKNOWLEDGED("Acknowledged"),
    RESOLVED("Resolved");

    private final String label;

    IssueState(String label) {
        this.label = label;
    }

    @JsonValue
    @Override
    public String label() {
        return label;
    }

    @JsonCreator
    public static IssueState fromLabel(String label) {
        return Labelled.fromLabel(IssueState.class, "state", label);
    }

    @Override
    public String toString() {
        return label;
    }
}
