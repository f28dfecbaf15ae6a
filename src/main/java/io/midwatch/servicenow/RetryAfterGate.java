package io.midwatch.servicenow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Holds back every request to one instance until the {@code Retry-After} of its last 429 has passed: a rate
 * limit rule counts the calls of the account, so whatever asks (a poll, a diagnosis) waits alike. It never
 * blocks a thread: a request it holds back fails at once, saying how long is left, and its caller tries again
 * then (a poll at its next due time, the diagnosis worker at its task's retry time).
 */
final class RetryAfterGate {

    /** When a 429 names no {@code Retry-After}: long enough not to hammer an instance that limits us. */
    static final Duration WITHOUT_RETRY_AFTER = Duration.ofSeconds(60);

    private final Clock clock;
    private Instant closedUntil = Instant.MIN;

    RetryAfterGate(Clock clock) {
        this.clock = clock;
    }

    /** How long until a request may go: zero when it may go now. */
    synchronized Duration holdBack() {
        Instant now = clock.instant();
        return now.isBefore(closedUntil) ? Duration.between(now, closedUntil) : Duration.ZERO;
    }

    /** The instance answered 429: nothing goes until {@code retryAfter} (null: none named) has passed. */
    synchronized void rateLimited(Duration retryAfter) {
        Instant until = clock.instant().plus(retryAfter != null ? retryAfter : WITHOUT_RETRY_AFTER);
        if (until.isAfter(closedUntil)) {
            closedUntil = until;
        }
    }
}
