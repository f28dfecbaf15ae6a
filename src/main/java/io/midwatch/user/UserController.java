package io.midwatch.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/users")
@Tag(name = "Users", description = "The instance's users (sys_user) that MID Servers log in as; never a password")
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @Operation(operationId = "saveUser",
            summary = "Create or update a user", description = "What the body leaves out keeps its value, or "
            + "for a new user: active, not locked out, no password, no roles; roles replace the roles before")
    @ApiResponse(responseCode = "201", description = "The user, created")
    @ApiResponse(responseCode = "200", description = "The user, updated")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, an unknown field, a field that fails "
            + "validation, or a user name that is not 1 to 100 characters without / \\ or control characters")
    @ApiResponse(responseCode = "409", description = "The user was created concurrently: send the request again")
    @PutMapping("/{userName}")
    ResponseEntity<UserView> save(@Parameter(example = "mid.user") @PathVariable String userName,
                                  @Valid @RequestBody UserChange change) {
        UserService.Saved saved = users.save(userName, change);
        return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK).body(saved.user());
    }

    @Operation(operationId = "getUser", summary = "One user")
    @ApiResponse(responseCode = "200", description = "The user, without its password")
    @ApiResponse(responseCode = "404", description = "No such user")
    @GetMapping("/{userName}")
    UserView get(@Parameter(example = "mid.user") @PathVariable String userName) {
        return users.get(userName);
    }
}
