package io.midwatch.clone;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the evaluation passes run, counted from the clone's {@code completedAt} (R3), as ISO-8601
 * durations such as {@code PT15M}.
 */
@ConfigurationProperties("midwatch.clone")
public record CloneProperties(@DefaultValue("PT15M") Duration firstPassAfter,
                              @DefaultValue("PT75M") Duration secondPassAfter) {

    public CloneProperties {
        // strictly later: the second pass's timer interrupts the wait, so it must never come due with the first
        if (firstPassAfter.isNegative() || secondPassAfter.compareTo(firstPassAfter) <= 0) {
            throw new IllegalArgumentException("midwatch.clone: need 0 <= first-pass-after < second-pass-after, got "
                    + firstPassAfter + " and " + secondPassAfter);
        }
    }
}
