package io.midwatch.servicenow;

/** How the polling of an instance goes. */
public enum InstanceState {
    /** Configured, not polled yet. */
    NEW,
    /** The last poll read everything. */
    OK,
    /** The instance refuses the login of MidWatch's account (401); right after a clone onto it, expected. */
    LOGIN_REFUSED,
    /** The account logs in but lacks a role or an ACL to read a table (403); {@code lastError} names it. */
    ACCESS_DENIED,
    /** The instance's rate limit rules hold MidWatch back (429). */
    RATE_LIMITED,
    /** Any other error, a time-out, or no answer. */
    FAILING
}
