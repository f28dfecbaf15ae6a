package io.midwatch.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed logins per client address and user, and refuses an address as a user for a while once it
 * has failed too often. Keyed by both, so that someone guessing one account's password neither locks that
 * account for everybody else nor stops the other accounts (the diagnosis worker, integrations) that call
 * from the same address. Camunda's own lock for good after repeated failures is switched off in its place
 * (docs/security.md).
 */
final class LoginThrottle {

    /** Beyond this many tracked keys, expired ones are dropped before a new one is added. */
    private static final int TIDY_ABOVE = 10_000;

    private record Key(String address, String user) {
    }

    private record Failures(int count, long windowStartNanos, long blockedUntilNanos) {
    }

    private final int maxFailures;
    private final long windowNanos;
    private final long blockNanos;
    private final LongSupplier nanoTime;
    private final Map<Key, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, Duration window, Duration block, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.blockNanos = block.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether logins as this user from this address are refused without being checked. */
    boolean isBlocked(String address, String user) {
        Failures current = failures.get(new Key(address, user));
        return current != null && current.blockedUntilNanos() - nanoTime.getAsLong() > 0;
    }

    void recordFailure(String address, String user) {
        if (failures.size() > TIDY_ABOVE) {
            tidy();
        }
        long now = nanoTime.getAsLong();
        failures.compute(new Key(address, user), (key, current) -> {
            Failures counted = current == null || now - current.windowStartNanos() >= windowNanos
                    ? new Failures(1, now, 0)
                    : new Failures(current.count() + 1, current.windowStartNanos(), current.blockedUntilNanos());
            return counted.count() >= maxFailures ? new Failures(0, now, now + blockNanos) : counted;
        });
    }

    void recordSuccess(String address, String user) {
        failures.remove(new Key(address, user));
    }

    /** Forgets every failure: for an administrator who has found the cause, and for tests. */
    void clear() {
        failures.clear();
    }

    private void tidy() {
        long now = nanoTime.getAsLong();
        failures.values().removeIf(entry -> now - entry.windowStartNanos() >= windowNanos
                && entry.blockedUntilNanos() - now <= 0);
    }
}
