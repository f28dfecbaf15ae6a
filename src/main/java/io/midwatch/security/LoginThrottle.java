package io.midwatch.security;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per client address and user, and refuses an address as a user for a while once it
 * has failed too often. Keyed by both, so that someone guessing one account's password neither locks that
 * account for anybody else nor stops the other accounts (the diagnosis worker, integrations) that call
 * from the same address. Names that are no Camunda user share one counter per address, so that made-up
 * names add no entries; and the number of entries is capped, so that no flood of failures grows the heap.
 * Camunda's own hold-back and lock of a user after wrong passwords are switched off in its place
 * (docs/security.md).
 */
@Component
final class LoginThrottle {

    /** At about 300 bytes an entry, a few MB at most: addresses times real users with failures. */
    static final int MAX_ENTRIES = 10_000;

    /** @param user a Camunda user's id, or null for every name that is no Camunda user */
    private record Key(String address, String user) {
    }

    private record Failures(int count, long windowStartNanos, long blockedUntilNanos) {
    }

    private final int maxFailures;
    private final long windowNanos;
    private final long blockNanos;
    private final LongSupplier nanoTime;
    private final Cache<Key, Failures> failures;

    @Autowired
    LoginThrottle(LoginProtectionProperties properties) {
        this(properties.maxFailures(), properties.window(), properties.block(), System::nanoTime);
    }

    LoginThrottle(int maxFailures, Duration window, Duration block, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.blockNanos = block.toNanos();
        this.nanoTime = nanoTime;
        // an entry matters until its window or its block is over, whichever is later
        this.failures = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
                .expireAfterWrite(Duration.ofNanos(Math.max(windowNanos, blockNanos)))
                .ticker(nanoTime::getAsLong).executor(Runnable::run).build();
    }

    /**
     * Whether logins as this user from this address are refused without being checked.
     *
     * @param user a Camunda user's id, or null for a name that is no Camunda user
     */
    boolean isBlocked(String address, String user) {
        Failures current = failures.getIfPresent(new Key(address, user));
        return current != null && current.blockedUntilNanos() - nanoTime.getAsLong() > 0;
    }

    /** @param user a Camunda user's id, or null for a name that is no Camunda user */
    void recordFailure(String address, String user) {
        long now = nanoTime.getAsLong();
        failures.asMap().compute(new Key(address, user), (key, current) -> {
            Failures counted = current == null || now - current.windowStartNanos() >= windowNanos
                    ? new Failures(1, now, 0)
                    : new Failures(current.count() + 1, current.windowStartNanos(), current.blockedUntilNanos());
            return counted.count() >= maxFailures ? new Failures(0, now, now + blockNanos) : counted;
        });
    }

    void recordSuccess(String address, String user) {
        failures.invalidate(new Key(address, user));
    }

    /** How many counters are kept. */
    long entries() {
        failures.cleanUp();
        return failures.estimatedSize();
    }

    /** Forgets every failure: for an administrator who has found the cause, and for tests. */
    void clear() {
        failures.invalidateAll();
    }
}
