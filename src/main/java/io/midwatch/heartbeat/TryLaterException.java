package io.midwatch.heartbeat;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/** A heartbeat refused without checking its password: answered with {@code Retry-After}. */
class TryLaterException extends RuntimeException {

    private final HttpStatus status;
    private final Duration retryAfter;

    TryLaterException(HttpStatus status, Duration retryAfter, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    HttpStatus status() {
        return status;
    }

    /** Whole seconds, rounded up and at least one, as {@code Retry-After} takes them. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
