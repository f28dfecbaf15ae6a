package io.midwatch.heartbeat;

import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.midwatch.midserver.StatusChangeResult;
import io.midwatch.platform.ApiDocs;
import io.midwatch.platform.BasicCredentials;
import io.midwatch.platform.LoginRefusedException;

/**
 * {@code POST /api/mid-servers/{name}/heartbeat}, authenticated as the MID Server's own {@code sys_user}
 * (HTTP Basic), not as a Camunda user. A refused login says only that it was refused; a heartbeat refused
 * without checking (too many failures, too many checks at once) is 429 or 503 with {@code Retry-After}.
 */
@RestController
@Tag(name = "Heartbeats", description = "A MID Server proves it is alive (R12)")
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
    @Operation(operationId = "heartbeat",
            summary = "A MID Server's heartbeat", description = "HTTP Basic as the MID Server's own sys_user, "
            + "not a Camunda user. A good login sets the MID Server Up, which resolves its clone issues when it "
            + "was Down (R7); a failed one of the MID Server's user records the reason and leaves the status alone")
    @SecurityRequirement(name = ApiDocs.MID_SERVER_USER)
    @ApiResponse(responseCode = "200", description = "The login succeeded: the status before and now, and the "
            + "issues resolved")
    @ApiResponse(responseCode = "401", description = "Login refused, whatever the reason: no or wrong credentials, "
            + "another user's, or no MID Server of this name")
    @ApiResponse(responseCode = "409", description = "The change kept colliding with concurrent changes of an "
            + "issue's process")
    @ApiResponse(responseCode = "429", description = "Too many failed heartbeats of this MID Server's user or from "
            + "this address, and no good heartbeat for this MID Server from this address lately: refused without "
            + "checking the password")
    @ApiResponse(responseCode = "503", description = "Too many password checks at once, or the database connection "
            + "was lost: refused without checking")
    @PostMapping("/api/mid-servers/{name}/heartbeat")
    StatusChangeResult beat(@Parameter(example = "mid-1") @PathVariable String name,
                            @Parameter(hidden = true)
                            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                            HttpServletRequest request) {
        BasicCredentials credentials = BasicCredentials.from(authorization).orElseThrow(() ->
                new LoginRefusedException(REALM, "Authenticate with HTTP Basic as the MID Server's user"));
        Optional<HeartbeatService.HeartbeatResult> outcome = heartbeats.beat(name, credentials.userName(),
                credentials.password(), request.getRemoteAddr());
        if (outcome.isEmpty() || !outcome.get().accepted()) {
            throw new LoginRefusedException(REALM, REFUSED);
        }
        return outcome.get().change();
    }
}
