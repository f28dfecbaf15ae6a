package io.midwatch.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;


import io.midwatch.platform.BasicCredentials;
import io.midwatch.platform.KeyedHash;

/**
 * Credentials of the API's callers that Camunda's identity service accepted lately, with the caller's
 * groups. A client sends the same Basic header with every call, and checking it costs two engine commands
 * and two transactions; so a caller is checked once per {@code timeToLive} as long as it sends the same
 * password. See docs/adr/0007-credential-caching-on-api.md.
 *
 * <p>Only a keyed hash of the password is kept (HMAC-SHA256 under a key made at start-up and never
 * stored). A failed attempt forgets the user at once, so that Camunda's hold-back after a wrong password
 * applies to the next call as before. A password change, a lock-out or a removed user in Camunda takes
 * effect within {@code timeToLive} at the latest.
 */
final class VerifiedCredentials {

    private record Entry(byte[] passwordHash, List<String> groups, long verifiedAtNanos) {
    }

    /** Written when an attempt failed: no verification begun before it may be remembered. */
    private static final byte[] FAILED = new byte[0];

    private final long timeToLiveNanos;
    private final LongSupplier nanoTime;
    private final KeyedHash keyedHash = KeyedHash.withRandomKey();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    VerifiedCredentials(Duration timeToLive, LongSupplier nanoTime) {
        this.timeToLiveNanos = timeToLive.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The caller's groups when the same user sent the same password within the time to live. */
    Optional<List<String>> groupsOf(BasicCredentials credentials) {
        if (timeToLiveNanos <= 0) {
            return Optional.empty();
        }
        Entry entry = entries.get(credentials.userName());
        if (entry == null || entry.passwordHash() == FAILED
                || nanoTime.getAsLong() - entry.verifiedAtNanos() >= timeToLiveNanos
                || !MessageDigest.isEqual(entry.passwordHash(), hash(credentials.password()))) {
            return Optional.empty();
        }
        return Optional.of(entry.groups());
    }

    /** The time to pass to {@link #remember}: taken before the identity service is asked. */
    long beforeVerifying() {
        return nanoTime.getAsLong();
    }

    /** Credentials the identity service has just accepted, unless an attempt failed while it was asked. */
    void remember(BasicCredentials credentials, List<String> groups, long verificationStartedAtNanos) {
        if (timeToLiveNanos <= 0) {
            return;
        }
        Entry verified = new Entry(hash(credentials.password()), List.copyOf(groups), verificationStartedAtNanos);
        entries.compute(credentials.userName(), (user, current) ->
                current != null && current.verifiedAtNanos() - verificationStartedAtNanos > 0 ? current : verified);
    }

    /**
     * A failed attempt: the user is checked by the identity service again, whatever was remembered. Only
     * users remembered before are marked, so that attempts with made-up names leave nothing behind.
     */
    void forget(String userName) {
        entries.computeIfPresent(userName, (user, current) -> new Entry(FAILED, List.of(), nanoTime.getAsLong()));
    }

    private byte[] hash(String password) {
        return keyedHash.of(password.getBytes(StandardCharsets.UTF_8));
    }
}
