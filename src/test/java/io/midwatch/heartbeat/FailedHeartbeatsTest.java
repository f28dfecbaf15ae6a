package io.midwatch.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** When failed heartbeats have a MID Server or a client address refused without checking, and for how long. */
class FailedHeartbeatsTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final AtomicLong now = new AtomicLong(5_000);
    private final FailedHeartbeats failed = new FailedHeartbeats(3, 5, WINDOW, now::get);

    @Test
    void belowTheLimitNothingIsRefused() {
        failed.failed("mid-1", "10.0.0.1");
        failed.failed("mid-1", "10.0.0.2");

        assertThat(failed.refusedFor("mid-1", "10.0.0.3")).isEmpty();
    }

    @Test
    void atTheLimitForOneMidServerItIsRefusedForTheRestOfTheWindowFromAnyAddress() {
        failed.failed("mid-1", "10.0.0.1");
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        failed.failed("mid-1", "10.0.0.2");
        failed.failed("mid-1", "10.0.0.3");

        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).contains(Duration.ofSeconds(40));
        assertThat(failed.refusedFor("mid-2", "10.0.0.9")).isEmpty();
    }

    @Test
    void atTheLimitForOneAddressEveryMidServerFromThereIsRefused() {
        for (int i = 0; i < 5; i++) {
            failed.failed("mid-" + i, "10.0.0.1");
        }

        assertThat(failed.refusedFor("mid-9", "10.0.0.1")).contains(WINDOW);
        assertThat(failed.refusedFor("mid-9", "10.0.0.2")).isEmpty();
    }

    @Test
    void onceTheWindowIsOverCountingStartsAgain() {
        for (int i = 0; i < 3; i++) {
            failed.failed("mid-1", "10.0.0." + i);
        }

        now.addAndGet(WINDOW.toNanos());
        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).isEmpty();
        failed.failed("mid-1", "10.0.0.9");
        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).isEmpty();
    }
}
