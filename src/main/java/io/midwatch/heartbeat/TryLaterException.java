package io.midwatch.heartbeat;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.midwatch.platform.ApiRefusal;

/** A heartbeat refused without checking its password: answered with {@code Retry-After}. */
class TryLaterException extends ApiRefusal {

    TryLaterException(HttpStatus status, Duration retryAfter, String detail) {
        super(status, detail);
        // whole seconds, rounded up and at least one, as Retry-After takes them
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
    }

    /** Thrown by the thousand under a flood of heartbeats: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
