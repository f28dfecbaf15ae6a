package io.midwatch.heartbeat;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;

/**
 * Bounds how many heartbeats do one costly thing at once: BCrypt comparisons (each takes tens of
 * milliseconds of CPU on purpose, and a crowd of them would take every core from everything else) and
 * database work (a crowd of it would take every connection from the API, the engine and the worker). A
 * heartbeat that does not get its turn within the wait is answered 503 with {@code Retry-After} instead of
 * queueing without end.
 */
class Turns {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Semaphore turns;
    private final long waitNanos;
    private final String busy;

    /** @param busy the detail of the 503 when no turn is free */
    Turns(int concurrent, Duration wait, String busy) {
        this.turns = new Semaphore(concurrent, true);
        this.waitNanos = wait.toNanos();
        this.busy = busy;
    }

    <T> T run(Supplier<T> work) {
        boolean turn;
        try {
            turn = turns.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            throw new TryLaterException(HttpStatus.SERVICE_UNAVAILABLE, RETRY_AFTER, busy);
        }
        try {
            return work.get();
        } finally {
            turns.release();
        }
    }
}
