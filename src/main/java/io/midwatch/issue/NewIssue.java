package io.midwatch.issue;

import java.util.UUID;

/** An issue to log: about which MID Server, from which source, raised by which clone (its row id, or null). */
public record NewIssue(UUID id, long midServerId, String midServerName, String userName, String source,
                       String message, Long cloneRef, String cloneId) {
}
