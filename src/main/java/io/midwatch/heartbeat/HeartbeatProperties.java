package io.midwatch.heartbeat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How heartbeats are checked (R12), with every default here.
 *
 * @param timeout                    an Up MID Server without a good heartbeat this long is set Down
 * @param verifiedPasswordTimeToLive how long a password BCrypt accepted is not hashed again while the user's row
 *                                   stays the same; {@code PT0S} hashes every heartbeat
 * @param concurrentPasswordChecks   how many BCrypt comparisons heartbeats may run at once
 * @param passwordCheckWait          how long a heartbeat waits for its turn to be hashed before it is answered 503
 * @param failuresPerMidServer       failed logins of one MID Server's own user within {@code failureWindow} after
 *                                   which the rest of the window is answered 429 without checking, except from
 *                                   an address that sent a good heartbeat for it within {@code timeout}
 * @param failuresPerAddress         the same per client address, counting every failed heartbeat
 * @param failureWindow              the window, counted from the first failure in it
 * @param firstHeartbeatsPerSecond   how many first heartbeats (each a BCrypt comparison) a node verifies per
 *                                   second: after a node starts, the fleet is given its size divided by this
 *                                   before any silence counts
 */
@ConfigurationProperties("midwatch.heartbeat")
public record HeartbeatProperties(@DefaultValue("PT5M") Duration timeout,
                                  @DefaultValue("PT1H") Duration verifiedPasswordTimeToLive,
                                  @DefaultValue("2") int concurrentPasswordChecks,
                                  @DefaultValue("PT1S") Duration passwordCheckWait,
                                  @DefaultValue("5") int failuresPerMidServer,
                                  @DefaultValue("20") int failuresPerAddress,
                                  @DefaultValue("PT1M") Duration failureWindow,
                                  @DefaultValue("15") int firstHeartbeatsPerSecond) {

    public HeartbeatProperties {
        if (timeout.isNegative() || timeout.isZero() || verifiedPasswordTimeToLive.isNegative() || concurrentPasswordChecks < 1
                || passwordCheckWait.isNegative() || failuresPerMidServer < 1 || failuresPerAddress < 1
                || failureWindow.isNegative() || failureWindow.isZero() || firstHeartbeatsPerSecond < 1) {
            throw new IllegalArgumentException("midwatch.heartbeat: need a positive timeout and failure-window, "
                    + "at least 1 for concurrent-password-checks, failures-per-mid-server, failures-per-address "
                    + "and first-heartbeats-per-second, "
                    + "no negative duration; got " + this);
        }
    }
}
