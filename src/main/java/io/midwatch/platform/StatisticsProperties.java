package io.midwatch.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When MidWatch has PostgreSQL gather fresh planner statistics of the tables that a pass or the retention
 * changed (see {@link TableStatistics}).
 *
 * @param analyzeAfterIssues how many issues a pass must log, or the retention remove, for the tables to be
 *                           analysed after its commit (default 100): below it, the change is too small to
 *                           mislead the planner and autovacuum's own analysis suffices
 */
@ConfigurationProperties("midwatch.statistics")
public record StatisticsProperties(Integer analyzeAfterIssues) {

    public static final int DEFAULT_ANALYZE_AFTER_ISSUES = 100;

    public StatisticsProperties {
        analyzeAfterIssues = analyzeAfterIssues == null ? DEFAULT_ANALYZE_AFTER_ISSUES : analyzeAfterIssues;
        if (analyzeAfterIssues < 1) {
            throw new IllegalArgumentException("midwatch.statistics.analyze-after-issues must be at least 1, got "
                    + analyzeAfterIssues);
        }
    }
}
