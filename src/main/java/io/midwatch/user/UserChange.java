package io.midwatch.user;

import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /api/users/{userName}}: every field is optional; what is left out keeps its value
 * (or its default when the user is new).
 */
public record UserChange(
        @Size(min = 1, max = 200, message = "must be 1 to 200 characters") @Schema(example = "s3cret") String password,
        @Schema(example = "[\"mid_server\"]") Set<@NotNull(message = "must be a role name such as mid_server, not null")
            @Pattern(regexp = "[A-Za-z0-9_.-]{1,100}", message = "must be a role name such as mid_server") String> roles,
        Boolean active,
        Boolean lockedOut) {
}
