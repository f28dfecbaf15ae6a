/**
 * Roles, accounts, logins, the engine API's guards and authorizations; single sign-on in
 * {@code security.sso}, internal.
 */
@ApplicationModule(displayName = "Security",
        allowedDependencies = {"clone", "forecast", "heartbeat", "issue", "platform"})
package io.midwatch.security;

import org.springframework.modulith.ApplicationModule;
