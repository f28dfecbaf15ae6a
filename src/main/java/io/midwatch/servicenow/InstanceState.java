package io.midwatch.servicenow;

/** How the polling of an instance goes. */
public enum InstanceState {
    /** Configured, not polled yet. */
    NEW,
    /** The last poll read everything. */
    OK,
    /** The instance refuses MidWatch's account (401 or 403). */
    REFUSED,
    /** The instance's rate limit rules hold MidWatch back (429). */
    RATE_LIMITED,
    /** Any other error, a time-out, or no answer. */
    FAILING
}
