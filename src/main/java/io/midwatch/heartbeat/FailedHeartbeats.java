package io.midwatch.heartbeat;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.midwatch.platform.TextRules;

/**
 * Counts failed heartbeats in memory of this node: per MID Server only those with the MID Server's own user
 * (so that strangers using other names cannot have it refused), and every one per client address. Once
 * {@code limit} failures fall within one window (counted from the first failure in it), a heartbeat for that
 * MID Server or from that address that would have to be hashed is refused for the rest of the window, before
 * anything is read or hashed, unless it comes from an address that sent a good heartbeat for that MID
 * Server within the heartbeat timeout: the MID Server itself keeps getting in whoever guesses its password.
 * Time runs on the ticker, a monotonic clock, not the engine's.
 */
class FailedHeartbeats {

    private static final Logger log = LoggerFactory.getLogger(FailedHeartbeats.class);

    /** Entries kept per kind at most, so that a flood of names or addresses cannot fill the heap. */
    private static final int MAX_KEYS = 100_000;

    private record Sender(String midServer, String address) {
    }

    private final Counter perMidServer;
    private final Counter perAddress;
    private final Cache<Sender, Boolean> goodSenders;

    FailedHeartbeats(int limitPerMidServer, int limitPerAddress, Duration window, Duration heartbeatTimeout,
                     Ticker ticker) {
        this.perMidServer = new Counter("MID Server", limitPerMidServer, window, ticker);
        this.perAddress = new Counter("client address", limitPerAddress, window, ticker);
        this.goodSenders = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(heartbeatTimeout)
                .ticker(ticker).build();
    }

    /** How long heartbeats for this MID Server from this address are still refused; empty when they are not. */
    Optional<Duration> refusedFor(String midServer, String address) {
        if (goodSenders.getIfPresent(new Sender(midServer, address)) != null) {
            return Optional.empty();
        }
        long nanos = Math.max(perMidServer.refusedForNanos(midServer), perAddress.refusedForNanos(address));
        return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    void succeeded(String midServer, String address) {
        goodSenders.put(new Sender(midServer, address), Boolean.TRUE);
    }

    /** A failed login of the MID Server's own user. */
    void failedWithItsUser(String midServer, String address) {
        perMidServer.failed(midServer);
        perAddress.failed(address);
    }

    /** Any other failed heartbeat: another user's name, or no such MID Server. */
    void failedOtherwise(String address) {
        perAddress.failed(address);
    }

    private static final class Counter {

        private record Window(long startNanos, int failures) {
        }

        private final String kind;
        private final int limit;
        private final Duration window;
        private final Ticker ticker;
        private final Cache<String, Window> windows;

        Counter(String kind, int limit, Duration window, Ticker ticker) {
            this.kind = kind;
            this.limit = limit;
            this.window = window;
            this.ticker = ticker;
            // a window ends a fixed time after its first failure, whatever is counted in it later
            this.windows = Caffeine.newBuilder().maximumSize(MAX_KEYS)
                    .expireAfter(Expiry.creating((String key, Window counted) -> window))
                    .ticker(ticker).build();
        }

        long refusedForNanos(String key) {
            Window current = windows.getIfPresent(key);
            if (current == null || current.failures() < limit) {
                return 0;
            }
            return Math.max(0, current.startNanos() + window.toNanos() - ticker.read());
        }

        void failed(String key) {
            Window counted = windows.asMap().merge(key, new Window(ticker.read(), 1),
                    (current, one) -> new Window(current.startNanos(), current.failures() + 1));
            if (counted.failures() == limit) {
                log.warn("{} failed heartbeats for {} '{}' within {}: its heartbeats are refused without checking "
                        + "until the window is over", limit, kind, TextRules.printable(key, 200), window);
            }
        }
    }
}
