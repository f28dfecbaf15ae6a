package io.midwatch.issue;

/** Published, inside its transaction, when an issue is set Resolved, with why. */
public record IssueResolved(Cause cause) {

    /** Its MID Server came Up, was Up already at the verification, or it was resolved by hand. */
    public enum Cause { CAME_UP, ALREADY_UP, BY_HAND }
}
