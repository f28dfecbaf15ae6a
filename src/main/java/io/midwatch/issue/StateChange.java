package io.midwatch.issue;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** Body of {@code PATCH /api/issues/{id}}. */
public record StateChange(@NotNull @Schema(example = "Resolved") IssueState state) {
}
