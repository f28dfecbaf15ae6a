package io.midwatch.heartbeat;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.midwatch.midserver.MidServer;
import io.midwatch.midserver.MidServerService;
import io.midwatch.midserver.MidServerStatus;
import io.midwatch.midserver.StatusChanged;
import io.midwatch.user.LoginFailure;
import io.midwatch.user.UserService;

/** R12: a MID Server proves it is alive by logging in as its own user. */
@Service
public class HeartbeatService {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatService.class);

    private final MidServerService midServers;
    private final UserService users;
    private final Clock clock;

    HeartbeatService(MidServerService midServers, UserService users, Clock clock) {
        this.midServers = midServers;
        this.users = users;
        this.clock = clock;
    }

    /** What a heartbeat did: the status change, or why the login failed. */
    public record Outcome(StatusChanged change, LoginFailure failure) {

        public boolean accepted() {
            return failure == null;
        }
    }

    /**
     * Checks the login and records it. A good one sets the MID Server Up (and so resolves its clone issues
     * when it was Down); a failed one sets it Down and records why. Empty when there is no such MID
     * Server or the credentials are not its user's: nothing is recorded then.
     */
    @Transactional
    public Optional<Outcome> beat(String midServerName, String userName, String password) {
        Optional<MidServer> found = midServers.lockForHeartbeat(midServerName);
        // the password is checked even when the MID Server is unknown, so that no answer comes faster
        Optional<LoginFailure> failure = users.checkMidServerLogin(userName, password);
        if (found.isEmpty() || !found.get().userName().equals(userName)) {
            return Optional.empty();
        }
        MidServer midServer = found.get();
        if (failure.isEmpty()) {
            midServers.recordLogin(midServer);
            return Optional.of(new Outcome(midServers.changeStatus(midServer, MidServerStatus.UP), null));
        }
        midServers.recordLoginFailure(midServer, failure.get());
        if (midServer.status() != MidServerStatus.DOWN || midServer.lastLoginFailureReason() != failure.get()) {
            // once per new failure, not at every refused heartbeat
            log.warn("MID Server {}: {}", midServer.name(), failure.get().logLine(userName));
        }
        return Optional.of(new Outcome(midServers.changeStatus(midServer, MidServerStatus.DOWN), failure.get()));
    }
}
