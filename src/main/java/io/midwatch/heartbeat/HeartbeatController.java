package io.midwatch.heartbeat;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.midwatch.midserver.StatusChangeResult;
import io.midwatch.platform.BasicCredentials;
import io.midwatch.platform.LoginRefusedException;

/**
 * {@code POST /api/mid-servers/{name}/heartbeat}, authenticated as the MID Server's own {@code sys_user}
 * (HTTP Basic), not as a Camunda user. A refused login says only that it was refused; a heartbeat refused
 * without checking (too many failures, too many checks at once) is 429 or 503 with {@code Retry-After}.
 */
@RestController
class HeartbeatController {

    private static final String REALM = "MID Server";
    private static final String REFUSED = "Login refused";

    private final HeartbeatService heartbeats;

    HeartbeatController(HeartbeatService heartbeats) {
        this.heartbeats = heartbeats;
    }

    /**
     * The client address is the connection's; behind a reverse proxy set {@code server.forward-headers-strategy}
     * so that it is the MID Server's and not the proxy's.
     */
    @PostMapping("/api/mid-servers/{name}/heartbeat")
    StatusChangeResult beat(@PathVariable String name,
                            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                            HttpServletRequest request) {
        BasicCredentials credentials = BasicCredentials.from(authorization).orElseThrow(() ->
                new LoginRefusedException(REALM, "Authenticate with HTTP Basic as the MID Server's user"));
        Optional<HeartbeatService.Outcome> outcome = heartbeats.beat(name, credentials.userName(),
                credentials.password(), request.getRemoteAddr());
        if (outcome.isEmpty() || !outcome.get().accepted()) {
            throw new LoginRefusedException(REALM, REFUSED);
        }
        return outcome.get().change();
    }

    @ExceptionHandler(TryLaterException.class)
    ResponseEntity<ProblemDetail> tryLater(TryLaterException e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(e.status(), e.getMessage()));
    }
}
