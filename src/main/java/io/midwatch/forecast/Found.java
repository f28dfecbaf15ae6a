package io.midwatch.forecast;

/** What the clone check's passes found of a forecast MID Server after the clone. */
public enum Found {
    IssueLogged, NoIssue
}
