package io.midwatch.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.midwatch.platform.TextRules;

/**
 * Logs failed logins of Camunda users at WARN with the user name and the client address, never the
 * password: at most one line per user and minute, which says how many more failed meanwhile, so that an
 * attack shows in the log without flooding it.
 */
final class FailedLoginLog {

    private static final Logger log = LoggerFactory.getLogger(FailedLoginLog.class);
    private static final long PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_TRACKED_USERS = 10_000;

    private record Reported(long atNanos, AtomicInteger suppressed) {
    }

    private final LongSupplier nanoTime;
    private final Map<String, Reported> reported = new ConcurrentHashMap<>();

    FailedLoginLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    void failed(String user, String address, boolean refusedUnchecked) {
        long now = nanoTime.getAsLong();
        if (reported.size() > MAX_TRACKED_USERS) {
            reported.values().removeIf(entry -> now - entry.atNanos() >= PERIOD_NANOS);
        }
        Reported last = reported.get(user);
        if (last != null && now - last.atNanos() < PERIOD_NANOS) {
            last.suppressed().incrementAndGet();
            return;
        }
        Reported previous = reported.put(user, new Reported(now, new AtomicInteger()));
        int meanwhile = previous == null ? 0 : previous.suppressed().get();
        log.warn("Failed login of Camunda user '{}' from {}{}{}", TextRules.printable(user, 100), address,
                refusedUnchecked ? ": too many failures from this address, refused without checking" : "",
                meanwhile > 0 ? " (" + meanwhile + " more failed logins of this user since the last report)" : "");
    }
}
