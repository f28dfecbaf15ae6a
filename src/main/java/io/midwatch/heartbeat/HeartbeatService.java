package io.midwatch.heartbeat;

import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.midwatch.heartbeat.HeartbeatReceived.Outcome;
import io.midwatch.midserver.MidServer;
import io.midwatch.midserver.MidServerService;
import io.midwatch.midserver.MidServerStatus;
import io.midwatch.midserver.StatusChangeResult;
import io.midwatch.platform.RetryOnConcurrentChange;
import io.midwatch.user.LoginFailure;
import io.midwatch.user.PasswordCheckGate;
import io.midwatch.user.UserService;

/**
 * R12: a MID Server proves it is alive by logging in as its own user. The password is checked before any
 * transaction or row lock (a BCrypt comparison takes tens of milliseconds on purpose), bounded in number,
 * skipped for a password accepted lately for the same row of the user, and refused without checking after
 * too many failures of the MID Server's own user or from the same address, except from an address the MID
 * Server beat well from lately ({@link FailedHeartbeats}).
 */
@Service
public class HeartbeatService {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatService.class);

    private final MidServerService midServers;
    private final UserService users;
    private final RetryOnConcurrentChange retry;
    private final HeartbeatConfig.HeartbeatTurns turns;
    private final FailedHeartbeats failedHeartbeats;
    private final ApplicationEventPublisher events;

    HeartbeatService(MidServerService midServers, UserService users, RetryOnConcurrentChange retry,
                     HeartbeatConfig.HeartbeatTurns turns, FailedHeartbeats failedHeartbeats,
                     ApplicationEventPublisher events) {
        this.midServers = midServers;
        this.users = users;
        this.retry = retry;
        this.turns = turns;
        this.failedHeartbeats = failedHeartbeats;
        this.events = events;
    }

    /** What a heartbeat did: the status change, or why the login failed. */
    public record HeartbeatResult(StatusChangeResult change, LoginFailure failure) {

        public boolean accepted() {
            return failure == null;
        }
    }

    /**
     * Checks the login, then records it. A good one sets the MID Server Up (and so resolves its clone issues
     * when it was Down); a failed one records why and leaves the status alone: Down comes from the MID
     * Server not logging in successfully for the heartbeat timeout. Empty when there is no such MID Server
     * or the credentials are not its user's: nothing is recorded then.
     *
     * @throws TryLaterException when the heartbeat is refused without checking its password
     */
    public Optional<HeartbeatResult> beat(String midServerName, String userName, String password, String clientAddress) {
        try {
            Optional<HeartbeatResult> outcome = turns.databaseWork().run(() ->
                    checkAndRecord(midServerName, userName, password, clientAddress));
            if (outcome.isEmpty()) {
                events.publishEvent(new HeartbeatReceived(Outcome.NOT_ITS_USER));
            } else if (outcome.get().accepted()) {
                events.publishEvent(new HeartbeatReceived(Outcome.ACCEPTED));
            } else {
                events.publishEvent(new HeartbeatRefused(outcome.get().failure()));
            }
            return outcome;
        } catch (TryLaterException notChecked) {
            events.publishEvent(new HeartbeatReceived(notChecked.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS
                    ? Outcome.THROTTLED : Outcome.BUSY));
            throw notChecked;
        }
    }

    private Optional<HeartbeatResult> checkAndRecord(String midServerName, String userName, String password,
                                             String clientAddress) {
        // the password is checked even when the MID Server is unknown, so that no answer comes faster
        Optional<LoginFailure> failure = users.checkMidServerLogin(userName, password, new PasswordCheckGate() {
            @Override
            public void admit() {
                failedHeartbeats.refusedFor(midServerName, clientAddress).ifPresent(rest -> {
                    throw new TryLaterException(HttpStatus.TOO_MANY_REQUESTS, rest,
                            "Too many failed logins; try again later");
                });
            }

            @Override
            public boolean hash(BooleanSupplier comparison) {
                return turns.passwordChecks().run(comparison::getAsBoolean);
            }
        });
        // Down to Up resolves issues through their processes (R7), which the diagnosis worker may be changing
        Optional<HeartbeatResult> outcome = retry.inTransaction("Heartbeat of MID Server '" + midServerName + "'",
                () -> record(midServerName, userName, failure));
        if (outcome.isEmpty()) {
            failedHeartbeats.failedOtherwise(clientAddress);
        } else if (outcome.get().accepted()) {
            failedHeartbeats.succeeded(midServerName, clientAddress);
        } else {
            failedHeartbeats.failedWithItsUser(midServerName, clientAddress);
        }
        return outcome;
    }

    private Optional<HeartbeatResult> record(String midServerName, String userName, Optional<LoginFailure> failure) {
        Optional<MidServer> found = midServers.lockForHeartbeat(midServerName);
        if (found.isEmpty() || !found.get().userName().equals(userName)) {
            return Optional.empty();
        }
        MidServer midServer = found.get();
        if (failure.isEmpty()) {
            midServers.recordLogin(midServer);
            return Optional.of(new HeartbeatResult(midServers.changeStatus(midServer, MidServerStatus.UP), null));
        }
        if (midServer.lastLoginFailureReason() != failure.get()) {
            // once per new failure, not at every refused heartbeat
            log.warn("MID Server {}: {}", midServer.name(), failure.get().logLine(userName));
        }
        midServers.recordLoginFailure(midServer, failure.get());
        return Optional.of(new HeartbeatResult(null, failure.get()));
    }
}
