package io.midwatch.heartbeat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How heartbeats are checked (R12), with every default here.
 *
 * @param timeout                    an Up MID Server without a good heartbeat this long is set Down
 * @param verifiedPasswordTimeToLive how long a password BCrypt accepted is not hashed again while the user's row
 *                                   stays the same; {@code PT0S} hashes every heartbeat
 * @param concurrentPasswordChecks   how many BCrypt comparisons heartbeats may run at once
 * @param passwordCheckWait          how long a heartbeat waits for its turn to be hashed before it is answered 503
 * @param failuresPerMidServer       failed heartbeats of one MID Server within {@code failureWindow} after which
 *                                   the rest of the window is answered 429 without checking
 * @param failuresPerAddress         the same per client address
 * @param failureWindow              the window, counted from the first failure in it
 */
@ConfigurationProperties("midwatch.heartbeat")
public record HeartbeatProperties(Duration timeout, Duration verifiedPasswordTimeToLive,
                                  Integer concurrentPasswordChecks, Duration passwordCheckWait,
                                  Integer failuresPerMidServer, Integer failuresPerAddress, Duration failureWindow) {

    public HeartbeatProperties {
        timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
        verifiedPasswordTimeToLive = verifiedPasswordTimeToLive == null ? Duration.ofHours(1) : verifiedPasswordTimeToLive;
        concurrentPasswordChecks = concurrentPasswordChecks == null ? 2 : concurrentPasswordChecks;
        passwordCheckWait = passwordCheckWait == null ? Duration.ofSeconds(1) : passwordCheckWait;
        failuresPerMidServer = failuresPerMidServer == null ? 5 : failuresPerMidServer;
        failuresPerAddress = failuresPerAddress == null ? 20 : failuresPerAddress;
        failureWindow = failureWindow == null ? Duration.ofMinutes(1) : failureWindow;
        if (timeout.isNegative() || timeout.isZero() || verifiedPasswordTimeToLive.isNegative() || concurrentPasswordChecks < 1
                || passwordCheckWait.isNegative() || failuresPerMidServer < 1 || failuresPerAddress < 1
                || failureWindow.isNegative() || failureWindow.isZero()) {
            throw new IllegalArgumentException("midwatch.heartbeat: need a positive timeout and failure-window, "
                    + "at least 1 for concurrent-password-checks, failures-per-mid-server and failures-per-address, "
                    + "no negative duration; got " + this);
        }
    }
}
