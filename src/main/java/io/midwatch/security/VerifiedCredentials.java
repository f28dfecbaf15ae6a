package io.midwatch.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.midwatch.platform.BasicCredentials;
import io.midwatch.platform.KeyedHash;

/**
 * Credentials of the API's callers that Camunda's identity service accepted lately, with the caller's
 * groups. A client sends the same Basic header with every call, and checking it costs two engine commands
 * and two transactions; so a caller is checked once per {@code timeToLive} as long as it sends the same
 * password. See docs/adr/0007-credential-caching-on-api.md.
 *
 * <p>Only a keyed hash of the password is kept (HMAC-SHA256 under a key made at start-up and never
 * stored). A failed attempt matters only to the password that failed: one with the remembered password
 * (changed meanwhile, or refused from a held-back address) forgets it at once, one with any other
 * password leaves it be, so that nobody can send the account's real clients back to the identity service
 * by guessing. The time to live counts from when the verification began, so a password change, a removed
 * user or changed groups in Camunda take effect within {@code timeToLive} at the latest.
 */
final class VerifiedCredentials {

    /** Far more than the users that call the API; a bound all the same. */
    static final int MAX_USERS = 10_000;

    private record Entry(byte[] passwordHash, List<String> groups, long verifiedAtNanos) {
    }

    private final long timeToLiveNanos;
    private final LongSupplier nanoTime;
    private final KeyedHash keyedHash = KeyedHash.withRandomKey();
    private final Cache<String, Entry> entries;

    VerifiedCredentials(Duration timeToLive, LongSupplier nanoTime) {
        this.timeToLiveNanos = timeToLive.toNanos();
        this.nanoTime = nanoTime;
        // counted from when the verification began, not from when it was written
        this.entries = Caffeine.newBuilder().maximumSize(MAX_USERS)
                .expireAfter(Expiry.writing((String user, Entry entry) ->
                        Duration.ofNanos(Math.max(0, entry.verifiedAtNanos() + timeToLiveNanos - nanoTime.getAsLong()))))
                .ticker(nanoTime::getAsLong).executor(Runnable::run).build();
    }

    /** The caller's groups when the same user sent the same password within the time to live. */
    Optional<List<String>> groupsOf(BasicCredentials credentials) {
        if (timeToLiveNanos <= 0) {
            return Optional.empty();
        }
        Entry entry = entries.getIfPresent(credentials.userName());
        if (entry == null || !MessageDigest.isEqual(entry.passwordHash(), hash(credentials.password()))) {
            return Optional.empty();
        }
        return Optional.of(entry.groups());
    }

    /** The time to pass to {@link #remember}: taken before the identity service is asked. */
    long beforeVerifying() {
        return nanoTime.getAsLong();
    }

    /** Credentials the identity service has just accepted, unless a verification begun later was remembered. */
    void remember(BasicCredentials credentials, List<String> groups, long verificationStartedAtNanos) {
        if (timeToLiveNanos <= 0) {
            return;
        }
        Entry verified = new Entry(hash(credentials.password()), List.copyOf(groups), verificationStartedAtNanos);
        entries.asMap().compute(credentials.userName(), (user, current) ->
                current != null && current.verifiedAtNanos() - verificationStartedAtNanos > 0 ? current : verified);
    }

    /** An attempt the identity service refused: the remembered password is forgotten if it is the one that failed. */
    void failed(BasicCredentials credentials) {
        byte[] failedHash = hash(credentials.password());
        entries.asMap().computeIfPresent(credentials.userName(), (user, current) ->
                MessageDigest.isEqual(current.passwordHash(), failedHash) ? null : current);
    }

    private byte[] hash(String password) {
        return keyedHash.of(password.getBytes(StandardCharsets.UTF_8));
    }
}
