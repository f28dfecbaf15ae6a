/**
 * The Table API connector: polls instances for clones, MID Servers and users.
 */
@ApplicationModule(displayName = "ServiceNow",
        allowedDependencies = {"clone", "forecast", "issue", "midserver", "platform"})
package io.midwatch.servicenow;

import org.springframework.modulith.ApplicationModule;
