package io.midwatch.forecast;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often a clone's forecast is computed again before the clone, and how long before its scheduled time
 * it is computed a last time (ISO-8601 durations).
 */
@ConfigurationProperties("midwatch.forecast")
public record ForecastProperties(@DefaultValue("PT1H") Duration recomputeInterval,
                                 @DefaultValue("PT30M") Duration finalCheckBefore) {

    public ForecastProperties {
        if (recomputeInterval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("midwatch.forecast.recompute-interval must be at least PT1M, got "
                    + recomputeInterval);
        }
        if (finalCheckBefore.isNegative()) {
            throw new IllegalArgumentException("midwatch.forecast.final-check-before must not be negative, got "
                    + finalCheckBefore);
        }
    }
}
