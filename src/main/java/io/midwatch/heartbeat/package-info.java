/**
 * Heartbeats of MID Servers (R12) and the check that sets silent ones Down.
 */
@ApplicationModule(displayName = "Heartbeats", allowedDependencies = {"midserver", "platform", "user"})
package io.midwatch.heartbeat;

import org.springframework.modulith.ApplicationModule;
