package io.midwatch.clone;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/clones}: a clone of {@code sourceInstance} onto {@code targetInstance}. */
public record CloneEvent(
        @Size(min = 1, max = 100) @Pattern(regexp = "\\S(.*\\S)?", message = "must not start or end with a space")
        String cloneId,
        @NotBlank @Size(max = 255) String sourceInstance,
        @NotBlank @Size(max = 255) String targetInstance,
        Instant completedAt) {
}
