package io.midwatch.user;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.midwatch.platform.KeyedHash;

/**
 * MID Server logins whose password BCrypt accepted lately, so that the heartbeats of a healthy fleet do
 * not each cost a BCrypt comparison (slow on purpose).
 *
 * <p>A verification holds for one user, one password and one state of the user's row: its {@code version}
 * (which every change of the user raises) and its password hash. Both are read from the database at every
 * heartbeat, so a change made on any node makes the next heartbeat be checked with BCrypt again. Only keyed
 * hashes are kept (HMAC-SHA256 under a key made at start-up and never stored): neither the password nor
 * the stored hash is in memory. Entries are made only for passwords BCrypt accepted, so there are at most
 * as many as users; they expire after the time to live, and at most {@link #MAX_ENTRIES} are kept.
 */
public final class VerifiedPasswords {

    /** @param credentials keyed hash of user name and password; @param row keyed hash of version and password hash */
    private record Entry(byte[] credentials, byte[] row, long verifiedAtNanos) {
    }

    /** Far above any fleet's number of MID Server users: the bound is against surprises, not for eviction. */
    static final int MAX_ENTRIES = 100_000;

    private final long timeToLiveNanos;
    private final LongSupplier nanoTime;
    private final KeyedHash keyedHash = KeyedHash.withRandomKey();
    private final Cache<String, Entry> entries;

    /**
     * @param timeToLive how long a verification holds at most, whatever else happens; zero verifies every login
     * @param nanoTime   a monotonic clock ({@code System::nanoTime})
     */
    public VerifiedPasswords(Duration timeToLive, LongSupplier nanoTime) {
        this.timeToLiveNanos = timeToLive.toNanos();
        this.nanoTime = nanoTime;
        this.entries = Caffeine.newBuilder().ticker(nanoTime::getAsLong).maximumSize(MAX_ENTRIES)
                .expireAfterWrite(timeToLive.isNegative() || timeToLive.isZero() ? Duration.ofNanos(1) : timeToLive)
                .build();
    }

    /** The time to pass to {@link #remember}: taken before the user's row is read. */
    long beforeVerifying() {
        return nanoTime.getAsLong();
    }

    /**
     * Whether this user sent this password within the time to live and BCrypt accepted it then; says
     * nothing yet about the user's row, which {@link #holds} checks.
     */
    boolean remembers(String userName, String password) {
        Entry entry = fresh(userName);
        return entry != null && MessageDigest.isEqual(entry.credentials(), credentials(userName, password));
    }

    /** Whether BCrypt accepted this password for this user, at this version of its row with this password hash. */
    boolean holds(String userName, String password, long version, String passwordHash) {
        Entry entry = fresh(userName);
        return entry != null && MessageDigest.isEqual(entry.credentials(), credentials(userName, password))
                && MessageDigest.isEqual(entry.row(), row(version, passwordHash));
    }

    /**
     * A password BCrypt has just accepted against the row read (at {@code version}, with {@code passwordHash}).
     * Should the row have changed meanwhile, the remembered version is the old one and does not hold.
     */
    void remember(String userName, String password, long version, String passwordHash, long verificationStartedAtNanos) {
        if (timeToLiveNanos <= 0) {
            return;
        }
        entries.put(userName, new Entry(credentials(userName, password), row(version, passwordHash),
                verificationStartedAtNanos));
    }

    private Entry fresh(String userName) {
        if (timeToLiveNanos <= 0) {
            return null;
        }
        Entry entry = entries.getIfPresent(userName);
        return entry == null || nanoTime.getAsLong() - entry.verifiedAtNanos() >= timeToLiveNanos ? null : entry;
    }

    private byte[] credentials(String userName, String password) {
        byte[] user = userName.getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        // length-prefixed, so that no other split of the same bytes gives the same hash
        return mac(ByteBuffer.allocate(4 + user.length + secret.length).putInt(user.length).put(user).put(secret).array());
    }

    private byte[] row(long version, String passwordHash) {
        byte[] hash = passwordHash.getBytes(StandardCharsets.UTF_8);
        return mac(ByteBuffer.allocate(8 + hash.length).putLong(version).put(hash).array());
    }

    private byte[] mac(byte[] input) {
        return keyedHash.of(input);
    }
}
