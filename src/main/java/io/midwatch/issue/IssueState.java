package io.midwatch.issue;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

public enum IssueState {

    NEW("New"),
    ACKNOWLEDGED("Acknowledged"),
    RESOLVED("Resolved");

    private final String label;

    IssueState(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static IssueState fromLabel(String label) {
        return Arrays.stream(values())
                .filter(state -> state.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown state '" + label + "', expected one of "
                        + Arrays.stream(values()).map(IssueState::label).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return label;
    }
}
