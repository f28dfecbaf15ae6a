package io.midwatch.midserver;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.midwatch.platform.Labelled;

/** The status of a MID Server, spelled as the platform spells it. */
public enum MidServerStatus implements Labelled {

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
    @Override
    public String label() {
        return label;
    }

    @JsonCreator
    public static MidServerStatus fromLabel(String label) {
        return Labelled.fromLabel(MidServerStatus.class, "status", label);
    }

    @Override
    public String toString() {
        return label;
    }
}
