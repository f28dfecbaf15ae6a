package io.midwatch.user;

import java.time.Instant;
import java.util.List;

/** A {@code sys_user} as the API shows it: without its password. */
public record UserView(String userName, boolean active, boolean lockedOut, boolean hasPassword, List<String> roles,
                       Instant createdAt, Instant updatedAt) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
