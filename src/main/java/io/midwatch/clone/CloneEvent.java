package io.midwatch.clone;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.midwatch.platform.NoControlCharacters;
import io.midwatch.platform.PathSegmentName;

/** Body of {@code POST /api/clones}: a clone of {@code sourceInstance} onto {@code targetInstance}. */
public record CloneEvent(
        // (?s): a line break inside is refused by @NoControlCharacters alone, with its own message
        @Size(min = 1, max = 100) @Pattern(regexp = "(?s)\\S(.*\\S)?", message = "must not start or end with a space")
        @PathSegmentName @Schema(example = "prod-to-test-42") String cloneId,
        @NotBlank @Size(max = 255) @NoControlCharacters @Schema(example = "prod") String sourceInstance,
        @NotBlank @Size(max = 255) @NoControlCharacters @Schema(example = "test") String targetInstance,
        Instant completedAt) {
}
