/**
 * Clone events and their checks: the evaluation passes that log issues.
 */
@ApplicationModule(displayName = "Clone checks", allowedDependencies = {"issue", "platform"})
package io.midwatch.clone;

import org.springframework.modulith.ApplicationModule;
