package io.midwatch.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When MidWatch has PostgreSQL gather fresh planner statistics of the tables that a pass or the retention
 * changed (see {@link TableStatistics}).
 *
 * @param analyzeAfterIssues how many issues a pass must log, or the retention remove, for the tables to be
 *                           analysed after its commit: below it, the change is too small to
 *                           mislead the planner and autovacuum's own analysis suffices
 */
@ConfigurationProperties("midwatch.statistics")
public record StatisticsProperties(@DefaultValue("100") int analyzeAfterIssues) {

    public StatisticsProperties {
        if (analyzeAfterIssues < 1) {
            throw new IllegalArgumentException("midwatch.statistics.analyze-after-issues must be at least 1, got "
                    + analyzeAfterIssues);
        }
    }
}
