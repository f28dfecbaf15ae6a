package io.midwatch.midserver;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.midwatch.platform.NoControlCharacters;
import io.midwatch.platform.PathSegmentName;

/** Body of {@code POST /api/mid-servers}; a MID Server registers as Up unless told otherwise. */
public record NewMidServer(
        @NotBlank @Size(max = 100) @PathSegmentName @Schema(example = "mid-1") String name,
        @NotBlank @Size(max = 100) @PathSegmentName @Schema(example = "mid.user") String userName,
        @Size(max = 255) @NoControlCharacters String hostName,
        @Size(max = 100) @NoControlCharacters String version,
        @Schema(example = "Down") MidServerStatus status) {
}
