/**
 * Counters and gauges for Prometheus: counts the events the features publish, and reads the database.
 */
@ApplicationModule(displayName = "Metrics",
        allowedDependencies = {"clone", "forecast", "heartbeat", "issue", "midserver", "platform", "user"})
package io.midwatch.metrics;

import org.springframework.modulith.ApplicationModule;
