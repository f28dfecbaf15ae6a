package io.midwatch.midserver;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/mid-servers}; a MID Server registers as Up unless told otherwise. */
public record NewMidServer(
        @NotBlank @Size(max = 100) @Pattern(regexp = NO_SLASHES, message = SLASHES_MESSAGE) String name,
        @NotBlank @Size(max = 100) @Pattern(regexp = NO_SLASHES, message = SLASHES_MESSAGE) String userName,
        @Size(max = 255) String hostName,
        @Size(max = 100) String version,
        MidServerStatus status) {

    /** Names travel as URL path segments (the API, the diagnosis worker), where servers refuse encoded slashes. */
    static final String NO_SLASHES = "[^/\\\\]*";
    static final String SLASHES_MESSAGE = "must not contain / or \\";
}
