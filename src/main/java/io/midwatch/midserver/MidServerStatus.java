package io.midwatch.midserver;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The status of a MID Server, spelled as the platform spells it. */
public enum MidServerStatus {

    UP("Up"),
    DOWN("Down"),
    PAUSED("Paused"),
    UPGRADING("Upgrading"),
    UPGRADE_FAILED("Upgrade Failed");

    private final String label;

    MidServerStatus(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static MidServerStatus fromLabel(String label) {
        return Arrays.stream(values())
                .filter(status -> status.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown status '" + label + "', expected one of "
                        + Arrays.stream(values()).map(MidServerStatus::label).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return label;
    }
}
