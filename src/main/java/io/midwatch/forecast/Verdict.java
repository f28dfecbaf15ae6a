package io.midwatch.forecast;

/** What a clone will do to a MID Server's login; a MID Server gets the first that applies, in this order. */
public enum Verdict {
    /** A data preserver on the source keeps the user's record and its roles on the target. */
    Preserved,
    /** The source's copy of the user cannot log in as a MID Server: the login will fail after the clone. */
    WillFail,
    /** The user's record is the same, left alone on both sides since the last clone, with the same roles. */
    Unchanged,
    /** The clone replaces the user's record with the source's, whose password nobody outside can compare. */
    AtRisk;

    boolean needsPreparation() {
        return this == WillFail || this == AtRisk;
    }
}
