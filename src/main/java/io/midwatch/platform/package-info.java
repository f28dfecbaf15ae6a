/**
 * What every module shares: time, HTTP clients, problem answers, engine commands, text rules. Uses no other
 * module.
 */
@ApplicationModule(displayName = "Platform", allowedDependencies = {})
package io.midwatch.platform;

import org.springframework.modulith.ApplicationModule;
