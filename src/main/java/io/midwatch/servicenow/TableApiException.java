package io.midwatch.servicenow;

import java.time.Duration;

/** A Table API request that did not answer records, and why, in words fit for an operator. */
class TableApiException extends Exception {

    enum Kind {
        /** 401 or 403: the instance refuses MidWatch's account. */
        REFUSED,
        /** 429: a rate limit rule matched. */
        RATE_LIMITED,
        /** Any other answer, a time-out, or no answer. */
        FAILED
    }

    private final Kind kind;
    private final Duration retryAfter;

    TableApiException(Kind kind, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    TableApiException(Kind kind, String message) {
        this(kind, message, null);
    }

    Kind kind() {
        return kind;
    }

    /** For {@link Kind#RATE_LIMITED}: what the instance's {@code Retry-After} said, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
