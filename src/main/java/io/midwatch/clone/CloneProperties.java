package io.midwatch.clone;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When the evaluation passes run, counted from the clone's {@code completedAt} (R3), as ISO-8601
 * durations such as {@code PT15M}.
 */
@ConfigurationProperties("midwatch.clone")
public record CloneProperties(Duration firstPassAfter, Duration secondPassAfter) {

    public CloneProperties {
        firstPassAfter = firstPassAfter == null ? Duration.ofMinutes(15) : firstPassAfter;
        secondPassAfter = secondPassAfter == null ? Duration.ofMinutes(75) : secondPassAfter;
        // strictly later: the second pass's timer interrupts the wait, so it must never come due with the first
        if (firstPassAfter.isNegative() || secondPassAfter.compareTo(firstPassAfter) <= 0) {
            throw new IllegalArgumentException("midwatch.clone: need 0 <= first-pass-after < second-pass-after, got "
                    + firstPassAfter + " and " + secondPassAfter);
        }
    }
}
