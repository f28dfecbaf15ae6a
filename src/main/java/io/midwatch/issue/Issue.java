package io.midwatch.issue;

import java.time.Instant;
import java.util.UUID;

/** A MID Server issue ({@code ecc_agent_issue}) as the API shows it; {@code instance} is the MID Server's. */
public record Issue(UUID id, String midServer, String instance, String source, IssueState state, String message,
                    int count,
                    Instant createdAt, Instant lastDetected, Instant resolvedAt, String cloneId, String diagnosis,
                    String processInstanceId) {

    /** The source of the issues MidWatch logs after a clone. */
    public static final String SOURCE_INSTANCE_CLONE = "InstanceClone";

    /** R5 of docs/spec.md, to the character. */
    public static String cloneMessage(String userName) {
        return "MID Server not operational (status: Down), possibly due to recent clone. "
                + "Verify credentials for logged in User '" + userName + "'.";
    }
}
