package io.midwatch.midserver;

import java.time.Instant;

import io.midwatch.user.LoginFailure;

/** A MID Server ({@code ecc_agent}) as the API shows it. */
public record MidServer(long id, String name, MidServerStatus status, String userName, String hostName,
                        String version, Instant lastRefreshed, LoginFailure lastLoginFailureReason,
                        Instant lastLoginFailureAt, Instant createdAt, Instant updatedAt) {

    /** The last failed login in the words of the MID Server's log, or null after a good one. */
    public String lastLoginFailure() {
        return lastLoginFailureReason == null ? null : lastLoginFailureReason.logLine(userName);
    }
}
