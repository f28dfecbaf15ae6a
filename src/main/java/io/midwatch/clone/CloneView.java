package io.midwatch.clone;

import java.time.Instant;
import java.util.List;

import io.midwatch.issue.Issue;

/** A clone as the REST contract of docs/spec.md shows it, with the issues it raised. */
record CloneView(String cloneId, String sourceInstance, String targetInstance, Instant completedAt,
                 Instant receivedAt, String processInstanceId, Instant firstPassAt, Instant secondPassAt,
                 Instant firstPassDoneAt, Instant secondPassDoneAt, List<Issue> issues) {

    static CloneView of(InstanceClone clone, List<Issue> issues) {
        return new CloneView(clone.cloneId(), clone.sourceInstance(), clone.targetInstance(), clone.completedAt(),
                clone.receivedAt(), clone.processInstanceId(), clone.firstPassAt(), clone.secondPassAt(),
                clone.firstPassDoneAt(), clone.secondPassDoneAt(), issues);
    }
}
