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
        fail("10.0.0.9", "admin", 4);
        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isFalse();

        fail("10.0.0.9", "admin", 1);

        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isTrue();
    }

    @Test
    void theBlockNeitherLocksTheUserElsewhereNorOtherUsersOfTheAddress() {
        // Given someone at 10.0.0.9 guessing the administrator's password
        fail("10.0.0.9", "admin", 5);

        // Then the administrator elsewhere, and the worker at the same address, are let through to the check
        assertThat(throttle.isBlocked("10.0.0.7", "admin")).isFalse();
        assertThat(throttle.isBlocked("10.0.0.9", "midwatch-worker")).isFalse();
    }

    @Test
    void theBlockEndsByItself() {
        fail("10.0.0.9", "admin", 5);

        now.addAndGet(BLOCK.toNanos());

        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isFalse();
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        fail("10.0.0.9", "admin", 4);
        now.addAndGet(WINDOW.toNanos());

        fail("10.0.0.9", "admin", 4);

        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isFalse();
    }

    @Test
    void aSuccessfulLoginForgetsTheFailures() {
        fail("10.0.0.9", "admin", 4);
        throttle.recordSuccess("10.0.0.9", "admin");

        fail("10.0.0.9", "admin", 4);

        assertThat(throttle.isBlocked("10.0.0.9", "admin")).isFalse();
    }
}
