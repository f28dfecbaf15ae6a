/**
 * MidWatch's own users of MID Servers and their logins.
 */
@ApplicationModule(displayName = "Users", allowedDependencies = "platform")
package io.midwatch.user;

import org.springframework.modulith.ApplicationModule;
