package io.midwatch.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * When failed heartbeats have a MID Server or a client address refused without checking, for how long, and
 * which addresses are never refused for a MID Server.
 */
class FailedHeartbeatsTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMinutes(5);

    private final AtomicLong now = new AtomicLong(5_000);
    private final FailedHeartbeats failed = new FailedHeartbeats(3, 5, WINDOW, HEARTBEAT_TIMEOUT, now::get);

    @Test
    void R12_belowTheLimitNothingIsRefused() {
        // Given two failed heartbeats of a MID Server's own user, whose limit is three
        failed.failedWithItsUser("mid-1", "10.0.0.1");
        failed.failedWithItsUser("mid-1", "10.0.0.2");

        // When its next heartbeat comes
        // Then it is not refused
        assertThat(failed.refusedFor("mid-1", "10.0.0.3")).isEmpty();
    }

    @Test
    void R12_atTheLimitOfItsOwnUserAMidServerIsRefusedForTheRestOfTheWindowFromAnyAddress() {
        // Given three failed heartbeats of one MID Server's own user from three addresses, the last two 20 s later
        failed.failedWithItsUser("mid-1", "10.0.0.1");
        advance(Duration.ofSeconds(20));
        failed.failedWithItsUser("mid-1", "10.0.0.2");
        failed.failedWithItsUser("mid-1", "10.0.0.3");

        // When its next heartbeat comes from yet another address
        // Then it is refused for the 40 s left of the window
        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).contains(Duration.ofSeconds(40));
        // and another MID Server from that address is not
        assertThat(failed.refusedFor("mid-2", "10.0.0.9")).isEmpty();
    }

    @Test
    void R12_failuresWithAnotherUserCountOnlyForTheAddress() {
        // Given four failed heartbeats for one MID Server from four addresses, none with its own user
        for (int i = 0; i < 4; i++) {
            failed.failedOtherwise("10.0.0." + i);
        }

        // When its next heartbeat comes from yet another address
        // Then it is not refused
        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).isEmpty();
    }

    @Test
    void R12_atTheLimitForOneAddressEveryMidServerFromThereIsRefused() {
        // Given five failed heartbeats from one address, some with MID Servers' own users, some not
        failed.failedWithItsUser("mid-0", "10.0.0.1");
        failed.failedWithItsUser("mid-1", "10.0.0.1");
        for (int i = 0; i < 3; i++) {
            failed.failedOtherwise("10.0.0.1");
        }

        // When a heartbeat of yet another MID Server comes from there
        // Then it is refused for the whole window
        assertThat(failed.refusedFor("mid-9", "10.0.0.1")).contains(WINDOW);
        // and the same MID Server from another address is not
        assertThat(failed.refusedFor("mid-9", "10.0.0.2")).isEmpty();
    }

    @Test
    void R12_anAddressThatBeatWellForAMidServerIsNotRefusedForItAtEveryLimit() {
        // Given a good heartbeat of a MID Server from its host, and a window later failures enough for every
        // limit from there
        failed.succeeded("mid-1", "10.0.0.1");
        advance(HEARTBEAT_TIMEOUT.minus(WINDOW));
        for (int i = 0; i < 5; i++) {
            failed.failedWithItsUser("mid-1", "10.0.0.1");
        }

        // When its next heartbeat comes from its host, before the heartbeat timeout is over
        advance(WINDOW.minusSeconds(1));

        // Then it is not refused
        assertThat(failed.refusedFor("mid-1", "10.0.0.1")).isEmpty();
        // while another MID Server from there, and this one from elsewhere, are
        assertThat(failed.refusedFor("mid-2", "10.0.0.1")).isPresent();
        assertThat(failed.refusedFor("mid-1", "10.0.0.2")).isPresent();
    }

    @Test
    void R12_aGoodHeartbeatIsForgottenAfterTheHeartbeatTimeout() {
        // Given a good heartbeat of a MID Server from its host, more than the heartbeat timeout ago
        failed.succeeded("mid-1", "10.0.0.1");
        advance(HEARTBEAT_TIMEOUT);

        // When failures of its own user reach the limit, and its next heartbeat comes from its host
        for (int i = 0; i < 3; i++) {
            failed.failedWithItsUser("mid-1", "10.0.0.2");
        }

        // Then it is refused as from any other address
        assertThat(failed.refusedFor("mid-1", "10.0.0.1")).contains(WINDOW);
    }

    @Test
    void R12_onceTheWindowIsOverAMidServerAtTheLimitIsNoLongerRefused() {
        // Given a MID Server at its limit of three failed heartbeats
        failTimes(3, "mid-1");

        // When the window is over
        advance(WINDOW);

        // Then its next heartbeat is not refused
        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).isEmpty();
    }

    @Test
    void R12_onceTheWindowIsOverCountingStartsAgain() {
        // Given a MID Server at its limit of three failed heartbeats, and the window over
        failTimes(3, "mid-1");
        advance(WINDOW);

        // When its heartbeat fails once more
        failed.failedWithItsUser("mid-1", "10.0.0.9");

        // Then that one failure of the new window does not have it refused
        assertThat(failed.refusedFor("mid-1", "10.0.0.9")).isEmpty();
    }

    private void failTimes(int times, String midServer) {
        for (int i = 0; i < times; i++) {
            failed.failedWithItsUser(midServer, "10.0.0." + i);
        }
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
