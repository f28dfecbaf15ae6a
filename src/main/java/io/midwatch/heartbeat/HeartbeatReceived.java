package io.midwatch.heartbeat;

/**
 * Published once a heartbeat is answered, by what came of it; one whose own user failed to log in is a
 * {@link HeartbeatRefused}.
 */
public record HeartbeatReceived(Outcome outcome) {

    public enum Outcome {
        ACCEPTED,
        /** No such MID Server, or the credentials of a user that is not its user: nothing was recorded. */
        NOT_ITS_USER,
        /** Refused without checking the password: too many failures (429) or too many checks at once (503). */
        THROTTLED, BUSY
    }
}
