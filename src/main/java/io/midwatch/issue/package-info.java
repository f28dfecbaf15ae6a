/**
 * Issues and their process: diagnosis (the worker in {@code issue.diagnosis}, internal), verification,
 * resolution, retention.
 */
@ApplicationModule(displayName = "Issues", allowedDependencies = {"midserver", "platform", "user"})
package io.midwatch.issue;

import org.springframework.modulith.ApplicationModule;
