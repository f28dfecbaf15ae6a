/**
 * Webhook notifications of the issue and forecast processes.
 */
@ApplicationModule(displayName = "Notifications", allowedDependencies = {"forecast", "issue", "platform"})
package io.midwatch.notify;

import org.springframework.modulith.ApplicationModule;
