package io.midwatch.heartbeat;

import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.midwatch.midserver.StatusChanged;
import io.midwatch.platform.BasicCredentials;
import io.midwatch.platform.LoginRefusedException;
import io.midwatch.platform.RetryOnConcurrentChange;

/**
 * {@code POST /api/mid-servers/{name}/heartbeat}, authenticated as the MID Server's own {@code sys_user}
 * (HTTP Basic), not as a Camunda user. A refused login says only that it was refused.
 */
@RestController
class HeartbeatController {

    private static final String REALM = "MID Server";
    private static final String REFUSED = "Login refused";

    private final HeartbeatService heartbeats;
    private final RetryOnConcurrentChange retry;

    HeartbeatController(HeartbeatService heartbeats, RetryOnConcurrentChange retry) {
        this.heartbeats = heartbeats;
        this.retry = retry;
    }

    @PostMapping("/api/mid-servers/{name}/heartbeat")
    StatusChanged beat(@PathVariable String name,
                       @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        BasicCredentials credentials = BasicCredentials.from(authorization).orElseThrow(() ->
                new LoginRefusedException(REALM, "Authenticate with HTTP Basic as the MID Server's user"));
        // Down to Up resolves issues through their processes (R7), which the diagnosis worker may be changing
        Optional<HeartbeatService.Outcome> outcome = retry.inTransaction("Heartbeat of MID Server '" + name + "'",
                () -> heartbeats.beat(name, credentials.userName(), credentials.password()));
        if (outcome.isEmpty() || !outcome.get().accepted()) {
            throw new LoginRefusedException(REALM, REFUSED);
        }
        return outcome.get().change();
    }
}
