package io.midwatch.midserver;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/mid-servers}; a MID Server registers as Up unless told otherwise. */
public record NewMidServer(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 100) String userName,
        @Size(max = 255) String hostName,
        @Size(max = 100) String version,
        MidServerStatus status) {
}
