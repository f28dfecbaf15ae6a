package io.midwatch.issue;

import jakarta.validation.constraints.NotNull;

/** Body of {@code PATCH /api/issues/{id}}. */
public record StateChange(@NotNull IssueState state) {
}
