package io.midwatch.heartbeat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.midwatch.platform.TextRules;

/**
 * Counts failed heartbeats per MID Server (by the name called) and per client address, in memory of this
 * node. Once {@code limit} failures fall within one window (counted from the first failure in it), every
 * heartbeat for that MID Server or from that address that would have to be hashed is refused for the rest
 * of the window, before anything is read or hashed. The window runs on a monotonic clock, not the
 * engine's.
 */
class FailedHeartbeats {

    private static final Logger log = LoggerFactory.getLogger(FailedHeartbeats.class);

    /** Keys tracked per kind at most: beyond, windows that are over are dropped, and new keys go uncounted until some are. */
    private static final int MAX_KEYS = 100_000;

    private record Window(long startNanos, int failures) {
    }

    private final Counter perMidServer;
    private final Counter perAddress;

    FailedHeartbeats(int limitPerMidServer, int limitPerAddress, Duration window, LongSupplier nanoTime) {
        this.perMidServer = new Counter("MID Server", limitPerMidServer, window, nanoTime);
        this.perAddress = new Counter("client address", limitPerAddress, window, nanoTime);
    }

    /** How long heartbeats for this MID Server or from this address are still refused; empty when they are not. */
    Optional<Duration> refusedFor(String midServer, String address) {
        long nanos = Math.max(perMidServer.refusedForNanos(midServer), perAddress.refusedForNanos(address));
        return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    void failed(String midServer, String address) {
        perMidServer.failed(midServer);
        perAddress.failed(address);
    }

    private static final class Counter {

        private final String kind;
        private final int limit;
        private final Duration window;
        private final long windowNanos;
        private final LongSupplier nanoTime;
        private final Map<String, Window> windows = new ConcurrentHashMap<>();

        Counter(String kind, int limit, Duration window, LongSupplier nanoTime) {
            this.kind = kind;
            this.limit = limit;
            this.window = window;
            this.windowNanos = window.toNanos();
            this.nanoTime = nanoTime;
        }

        long refusedForNanos(String key) {
            Window current = windows.get(key);
            if (current == null || current.failures() < limit) {
                return 0;
            }
            return Math.max(0, current.startNanos() + windowNanos - nanoTime.getAsLong());
        }

        void failed(String key) {
            long now = nanoTime.getAsLong();
            if (windows.size() >= MAX_KEYS && !windows.containsKey(key)) {
                windows.values().removeIf(w -> now - w.startNanos() >= windowNanos);
                if (windows.size() >= MAX_KEYS) {
                    return;
                }
            }
            Window counted = windows.compute(key, (k, current) -> current == null || now - current.startNanos() >= windowNanos
                    ? new Window(now, 1)
                    : new Window(current.startNanos(), current.failures() + 1));
            if (counted.failures() == limit) {
                log.warn("{} failed heartbeats for {} '{}' within {}: its heartbeats are refused without checking "
                        + "until the window is over", limit, kind, TextRules.printable(key, 200), window);
            }
        }
    }
}
