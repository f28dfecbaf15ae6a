package io.midwatch.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the gauges that count rows in the database read them again: a scrape between two reads answers
 * the last values, so that frequent scrapes (and several Prometheus servers) cost no more queries.
 */
@ConfigurationProperties("midwatch.metrics")
public record MetricsProperties(@DefaultValue("PT30S") Duration gaugeRefresh) {

    public MetricsProperties {
        if (gaugeRefresh.isNegative()) {
            throw new IllegalArgumentException("midwatch.metrics.gauge-refresh must not be negative, got "
                    + gaugeRefresh);
        }
    }
}
