package io.midwatch.midserver;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** Body of {@code PUT /api/mid-servers/{name}/status}. */
public record StatusChangeRequest(@NotNull @Schema(example = "Up") MidServerStatus status) {
}
