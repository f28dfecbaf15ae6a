package io.midwatch.midserver;

import java.time.Instant;

import io.midwatch.user.LoginFailure;

/**
 * A MID Server as the REST contract of docs/spec.md shows it, with the instance it was read from (null: registered
 * through the API), and when that instance stopped listing it.
 */
record MidServerView(String name, String instance, MidServerStatus status, String userName, String hostName,
                     String version, Instant lastRefreshed, String lastLoginFailure, LoginFailure lastLoginFailureReason,
                     Instant lastLoginFailureAt, Instant createdAt, Instant removedAt) {

    static MidServerView of(MidServer server) {
        return new MidServerView(server.name(), server.instance(), server.status(), server.userName(), server.hostName(),
                server.version(), server.lastRefreshed(), server.lastLoginFailure(), server.lastLoginFailureReason(),
                server.lastLoginFailureAt(), server.createdAt(), server.removedAt());
    }
}
