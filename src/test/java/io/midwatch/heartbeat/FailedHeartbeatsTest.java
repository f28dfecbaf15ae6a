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
    void R12_belowTheLimitNothingIsRefused() {
        // Given two failed heartbeats of a MID Server whose limit is three
        failed.failed("mid-1", "10.0.0.1");
        failed.failed("mid-1", "10.0.0.2");

        // When its next heartbeat comes
        // Then it is not refused
        assertThat(failed.refusedFor("mid-1", "10.0.0.3")).isEmpty();
    }

    @Test
    void R12_atTheLimitForOneMidServerItIsRefusedForTheRestOfTheWindowFromAnyAddress() {
        // Given three failed heartbeats of one MID Server from three addresses, the last two 20 s after the first
        failed.failed("mid-1", "10.0.0.1");
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        failed.failed("mid-1", "10.0.0.2");
        failed.failed("mid-1", "10.0.0.3");

        // When its next heartbeat comes from yet another address
        // Then it is refused for the 40 s left of the window
        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).contains(Duration.ofSeconds(40));
        // and another MID Server from that address is not
        assertThat(failed.refusedFor("mid-2", "10.0.0.9")).isEmpty();
    }

    @Test
    void R12_atTheLimitForOneAddressEveryMidServerFromThereIsRefused() {
        // Given five failed heartbeats from one address, each of another MID Server
        for (int i = 0; i < 5; i++) {
            failed.failed("mid-" + i, "10.0.0.1");
        }

        // When a heartbeat of yet another MID Server comes from there
        // Then it is refused for the whole window
        assertThat(failed.refusedFor("mid-9", "10.0.0.1")).contains(WINDOW);
        // and the same MID Server from another address is not
        assertThat(failed.refusedFor("mid-9", "10.0.0.2")).isEmpty();
    }

    @Test
    void R12_onceTheWindowIsOverAMidServerAtTheLimitIsNoLongerRefused() {
        // Given a MID Server at its limit of three failed heartbeats
        failTimes(3, "mid-1");

        // When the window is over
        now.addAndGet(WINDOW.toNanos());

        // Then its next heartbeat is not refused
        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).isEmpty();
    }

    @Test
    void R12_onceTheWindowIsOverCountingStartsAgain() {
        // Given a MID Server at its limit of three failed heartbeats, and the window over
        failTimes(3, "mid-1");
        now.addAndGet(WINDOW.toNanos());

        // When its heartbeat fails once more
        failed.failed("mid-1", "10.0.0.9");

        // Then that one failure of the new window does not have it refused
        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).isEmpty();
    }

    private void failTimes(int times, String midServer) {
        for (int i = 0; i < times; i++) {
            failed.failed(midServer, "10.0.0." + i);
        }
    }
}
