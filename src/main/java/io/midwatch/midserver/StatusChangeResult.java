package io.midwatch.midserver;

import java.util.List;
import java.util.UUID;

/** Answer to a status change: what it was, what it is, and the issues the change resolved (R7). */
public record StatusChangeResult(String name, MidServerStatus previousStatus, MidServerStatus status,
                                 List<UUID> resolvedIssues) {

    public boolean wentUp() {
        return MidServerStatus.DOWN.equals(previousStatus) && MidServerStatus.UP.equals(status);
    }
}
