/**
 * The MID Servers and their status; tells listeners when one comes Up (R7).
 */
@ApplicationModule(displayName = "MID Servers", allowedDependencies = {"platform", "user"})
package io.midwatch.midserver;

import org.springframework.modulith.ApplicationModule;
