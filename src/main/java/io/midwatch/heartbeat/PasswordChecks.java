package io.midwatch.heartbeat;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.springframework.http.HttpStatus;

/**
 * Bounds the BCrypt comparisons heartbeats run at once: each takes tens of milliseconds of CPU on purpose,
 * and a crowd of them would take every core from everything else. A heartbeat that does not get its turn
 * within the wait is answered 503 with {@code Retry-After} instead of queueing without end.
 */
class PasswordChecks {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Semaphore turns;
    private final long waitNanos;

    PasswordChecks(int concurrent, Duration wait) {
        this.turns = new Semaphore(concurrent, true);
        this.waitNanos = wait.toNanos();
    }

    boolean run(BooleanSupplier comparison) {
        boolean turn;
        try {
            turn = turns.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            throw new TryLaterException(HttpStatus.SERVICE_UNAVAILABLE, RETRY_AFTER,
                    "Too many logins are being checked at once; try again shortly");
        }
        try {
            return comparison.getAsBoolean();
        } finally {
            turns.release();
        }
    }
}
