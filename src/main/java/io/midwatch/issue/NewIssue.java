package io.midwatch.issue;

import java.util.UUID;

/**
 * An issue to log: about which MID Server (and the instance it was read from, or null), from which source,
 * raised by which clone (its row id, or null).
 */
public record NewIssue(UUID id, long midServerId, String instance, String midServerName, String userName, String source,
                       String message, Long cloneRef, String cloneId) {
}
