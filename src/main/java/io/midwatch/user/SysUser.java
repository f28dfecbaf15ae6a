package io.midwatch.user;

import java.time.Instant;
import java.util.Set;

/**
 * A user of the instance ({@code sys_user}). The password hash stays inside this package: it is
 * never part of a view.
 */
record SysUser(long id, String userName, String passwordHash, boolean active, boolean lockedOut, Set<String> roles,
               Instant createdAt, Instant updatedAt) {

    UserView view() {
        return new UserView(userName, active, lockedOut, passwordHash != null,
                roles.stream().sorted().toList(), createdAt, updatedAt);
    }
}
