package io.midwatch.clone;

import java.time.Instant;

/** A clone event ({@code instance_clone}) and the progress of its check. */
public record InstanceClone(long id, String cloneId, String sourceInstance, String targetInstance,
                            Instant completedAt, Instant receivedAt, String processInstanceId,
                            Instant firstPassAt, Instant secondPassAt, Instant firstPassDoneAt,
                            Instant secondPassDoneAt) {
}
