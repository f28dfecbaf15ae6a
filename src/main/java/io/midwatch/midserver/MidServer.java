package io.midwatch.midserver;

import java.time.Instant;

import io.midwatch.user.LoginFailure;

/**
 * A MID Server ({@code ecc_agent}) as the API shows it. {@code instance} names the ServiceNow instance it
 * was read from, null for one registered through the API; {@code removedAt} when that instance stopped listing it
 * (null while it does).
 */
public record MidServer(long id, String instance, String name, MidServerStatus status, String userName, String hostName,
                        String version, Instant lastRefreshed, LoginFailure lastLoginFailureReason,
                        Instant lastLoginFailureAt, Instant createdAt, Instant updatedAt, Instant removedAt) {

    /** The last failed login in the words of the MID Server's log, or null after a good one. */
    public String lastLoginFailure() {
        return lastLoginFailureReason == null ? null : lastLoginFailureReason.logLine(userName);
    }

    /** How logs and messages name it: {@code mid-1}, or {@code mid-1 of acmetest}. */
    public String label() {
        return instance == null ? name : name + " of " + instance;
    }
}
