/**
 * Before a scheduled clone, which MID Servers keep their login; after it, compared with the clone check.
 */
@ApplicationModule(displayName = "Clone forecasts", allowedDependencies = {"clone", "issue", "midserver", "platform"})
package io.midwatch.forecast;

import org.springframework.modulith.ApplicationModule;
