package io.midwatch.user;

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
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @PutMapping("/{userName}")
    ResponseEntity<UserView> save(@PathVariable String userName, @Valid @RequestBody UserChange change) {
        UserService.Saved saved = users.save(userName, change);
        return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK).body(saved.user());
    }

    @GetMapping("/{userName}")
    UserView get(@PathVariable String userName) {
        return users.get(userName);
    }
}
