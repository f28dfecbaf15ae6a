package io.midwatch.midserver;

import jakarta.validation.constraints.NotNull;

/** Body of {@code PUT /api/mid-servers/{name}/status}. */
public record StatusChangeRequest(@NotNull MidServerStatus status) {
}
