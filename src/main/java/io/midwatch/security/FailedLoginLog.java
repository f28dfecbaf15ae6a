package io.midwatch.security;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.midwatch.platform.TextRules;

/**
 * Logs failed logins of Camunda users at WARN with the user name and the client address, never the
 * password: at most {@value #MAX_LINES_PER_MINUTE} lines in any minute, whatever names and addresses are
 * tried, and the first line after some were held back says how many; so that an attack shows in the log
 * without flooding it.
 */
final class FailedLoginLog {

    static final int MAX_LINES_PER_MINUTE = 100;

    private static final Logger log = LoggerFactory.getLogger(FailedLoginLog.class);
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongSupplier nanoTime;
    /** When the last lines were written, oldest at {@code next} once all are used: O(1) per failure. */
    private final long[] lineTimes = new long[MAX_LINES_PER_MINUTE];
    private int written;
    private int next;
    private int heldBack;

    FailedLoginLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    void failed(String user, String address, boolean refusedUnchecked) {
        int heldBackBefore = takeLine();
        if (heldBackBefore < 0) {
            return;
        }
        log.warn("Failed login of Camunda user '{}' from {}{}{}", TextRules.printable(String.valueOf(user), 100),
                address, refusedUnchecked ? ": too many failures from this address, refused without checking" : "",
                heldBackBefore > 0 ? " (" + heldBackBefore + " more failed logins were not logged before this one: at most "
                        + MAX_LINES_PER_MINUTE + " lines a minute)" : "");
    }

    /** Forgets the lines written and held back. */
    synchronized void clear() {
        written = 0;
        next = 0;
        heldBack = 0;
    }

    /** The failures held back before, when a line may be written now; -1 when it may not (and it is held back). */
    private synchronized int takeLine() {
        long now = nanoTime.getAsLong();
        if (written == lineTimes.length && now - lineTimes[next] < MINUTE_NANOS) {
            heldBack++;
            return -1;
        }
        lineTimes[next] = now;
        next = (next + 1) % lineTimes.length;
        written = Math.min(written + 1, lineTimes.length);
        int before = heldBack;
        heldBack = 0;
        return before;
    }
}
