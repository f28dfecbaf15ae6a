package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Failed logins hold back one address as one user, for a while, and nobody else. */
class LoginThrottleTest {

    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final Duration BLOCK = Duration.ofMinutes(10);

    private final AtomicLong now = new AtomicLong(42);
    private final LoginThrottle throttle = new LoginThrottle(5, WINDOW, BLOCK, now::get);

    private void fail(String address, String user, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(address, user);
        }
    }

    @Test
    void fiveFailuresBlockThatAddressAsThatUser() {
        // Given four failed logins as admin from one address, which do not block it yet
        fail("10.0.0.9", "admin", 4);
        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isFalse();

        // When a fifth fails
        fail("10.0.0.9", "admin", 1);

        // Then that address is refused as admin
        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isTrue();
    }

    @Test
    void theBlockNeitherLocksTheUserElsewhereNorOtherUsersOfTheAddress() {
        // Given someone at 10.0.0.9 guessing the administrator's password
        fail("10.0.0.9", "admin", 5);

        // When the administrator logs in from elsewhere, or the worker from the same address
        // Then they are let through to the check
        assertThat(throttle.isBlocked("10.0.0.7", "admin")).isFalse();
        assertThat(throttle.isBlocked("10.0.0.9", "midwatch-worker")).isFalse();
    }

    @Test
    void theBlockEndsByItself() {
        // Given an address blocked as admin
        fail("10.0.0.9", "admin", 5);

        // When the block time has passed
        now.addAndGet(BLOCK.toNanos());

        // Then it is let through to the check again
        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isFalse();
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        // Given four failures, and the window over since
        fail("10.0.0.9", "admin", 4);
        now.addAndGet(WINDOW.toNanos());

        // When four more fail
        fail("10.0.0.9", "admin", 4);

        // Then the address is not blocked
        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isFalse();
    }

    @Test
    void aSuccessfulLoginForgetsTheFailures() {
        // Given four failures followed by a successful login
        fail("10.0.0.9", "admin", 4);
        throttle.recordSuccess("10.0.0.9", "admin");

        // When four more fail
        fail("10.0.0.9", "admin", 4);

        // Then the address is not blocked
        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isFalse();
    }

    @Test
    void theCountersStayUnderTheirCapWhateverAddressesAndUsersFail() {
        // Given failures of five times as many addresses and users as the throttle keeps counters for
        for (int i = 0; i < 5 * LoginThrottle.MAX_ENTRIES; i++) {
            throttle.recordFailure("10.0." + (i / 250) + "." + (i % 250), "user-" + i);
        }

        // Then it keeps no more counters than its cap
        assertThat(throttle.entries()).isLessThanOrEqualTo(LoginThrottle.MAX_ENTRIES);
    }
}
