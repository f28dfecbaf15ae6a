package io.midwatch.midserver;

import java.time.Instant;

import io.midwatch.user.LoginFailure;

/** A MID Server as the REST contract of docs/spec.md shows it. */
record MidServerView(String name, MidServerStatus status, String userName, String hostName, String version,
                     Instant lastRefreshed, String lastLoginFailure, LoginFailure lastLoginFailureReason,
                     Instant lastLoginFailureAt, Instant createdAt) {

    static MidServerView of(MidServer server) {
        return new MidServerView(server.name(), server.status(), server.userName(), server.hostName(),
                server.version(), server.lastRefreshed(), server.lastLoginFailure(), server.lastLoginFailureReason(),
                server.lastLoginFailureAt(),
                server.createdAt());
    }
}
