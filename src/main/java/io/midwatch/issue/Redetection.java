package io.midwatch.issue;

import java.util.UUID;

/** An open issue detected again, with its refreshed message. */
public record Redetection(UUID issueId, String message) {
}
