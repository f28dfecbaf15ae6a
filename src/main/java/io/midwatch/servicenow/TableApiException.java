package io.midwatch.servicenow;

import java.time.Duration;

/** A Table API request that did not answer records, and why, in words fit for an operator. */
class TableApiException extends Exception {

    enum Kind {
        /** 401 (or a refused token grant): the instance refuses the login of MidWatch's account. */
        LOGIN_REFUSED,
        /** 403: the account logs in but lacks a role or an ACL to read {@link #table()}. */
        ACCESS_DENIED,
        /** 429: a rate limit rule matched. */
        RATE_LIMITED,
        /** Any other answer, a time-out, or no answer. */
        FAILED
    }

    private final Kind kind;
    private final String table;
    private final Duration retryAfter;

    TableApiException(Kind kind, String message, String table, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.table = table;
        this.retryAfter = retryAfter;
    }

    TableApiException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    Kind kind() {
        return kind;
    }

    /** The table whose request failed, or null (a token request). */
    String table() {
        return table;
    }

    /** For {@link Kind#RATE_LIMITED}: what the instance's {@code Retry-After} said, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
