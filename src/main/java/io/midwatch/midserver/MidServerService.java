package io.midwatch.midserver;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.midwatch.platform.ConflictException;
import io.midwatch.platform.NotFoundException;
import io.midwatch.platform.RetryOnConcurrentChange;
import io.midwatch.user.LoginFailure;

@Service
public class MidServerService {

    private static final Logger log = LoggerFactory.getLogger(MidServerService.class);

    private final MidServerRepository midServers;
    private final List<MidServerUpListener> upListeners;
    private final Clock clock;
    private final RetryOnConcurrentChange retry;

    MidServerService(MidServerRepository midServers, List<MidServerUpListener> upListeners, Clock clock,
                     RetryOnConcurrentChange retry) {
        this.midServers = midServers;
        this.upListeners = upListeners;
        this.clock = clock;
        this.retry = retry;
    }

    @Transactional
    public MidServer register(NewMidServer server) {
        MidServerStatus status = server.status() == null ? MidServerStatus.UP : server.status();
        try {
            midServers.insert(server, status, clock.instant());
        } catch (DuplicateKeyException taken) {
            throw new ConflictException("A MID Server named '" + server.name() + "' already exists");
        }
        log.info("Registered MID Server {} (user {}, status {})", server.name(), server.userName(), status);
        return midServers.find(server.name()).orElseThrow();
    }

    @Transactional(readOnly = true)
    public MidServer get(String name) {
        return midServers.find(name).orElseThrow(() -> unknown(name));
    }

    @Transactional(readOnly = true)
    public List<MidServer> list() {
        return midServers.findAll();
    }

    /**
     * Sets a MID Server's status. Down to Up resolves its clone issues in the same transaction (R7): if
     * they cannot be resolved, the status does not change either. A transaction that collides with a
     * concurrent change of an issue's process (the diagnosis worker completing its task), or that loses its
     * database connection, is run again.
     */
    public StatusChanged changeStatus(String name, MidServerStatus status) {
        return retry.inTransaction("Status change of MID Server '" + name + "' to " + status, () -> {
            MidServer midServer = midServers.findForUpdate(name).orElseThrow(() -> unknown(name));
            return changeStatus(midServer, status);
        });
    }

    /** The same, for a MID Server whose row the caller has already locked in this transaction. */
    @Transactional
    public StatusChanged changeStatus(MidServer lockedMidServer, MidServerStatus status) {
        MidServerStatus previous = lockedMidServer.status();
        if (previous != status) {
            midServers.updateStatus(lockedMidServer.id(), status, clock.instant());
            log.info("MID Server {} went from {} to {}", lockedMidServer.name(), previous, status);
        }
        var changed = new StatusChanged(lockedMidServer.name(), previous, status, List.of());
        if (!changed.wentUp()) {
            return changed;
        }
        List<UUID> resolved = upListeners.stream()
                .flatMap(listener -> listener.midServerUp(lockedMidServer).stream())
                .toList();
        return new StatusChanged(changed.name(), previous, status, resolved);
    }

    /** Reads and locks a MID Server for a heartbeat; empty when there is none of that name. */
    @Transactional
    public Optional<MidServer> lockForHeartbeat(String name) {
        return midServers.findForUpdate(name);
    }

    /** A good login of a locked MID Server: it is alive now. */
    @Transactional
    public void recordLogin(MidServer lockedMidServer) {
        midServers.recordLogin(lockedMidServer.id(), clock.instant());
    }

    /** A failed login of a locked MID Server, and why. */
    @Transactional
    public void recordLoginFailure(MidServer lockedMidServer, LoginFailure failure) {
        midServers.recordLoginFailure(lockedMidServer.id(), failure, clock.instant());
    }

    /**
     * Sets Down every Up MID Server without a good heartbeat since {@code silentSince} (R12), in one
     * statement. Up to Down resolves nothing, so no process is involved.
     */
    @Transactional
    public int setSilentMidServersDown(Instant silentSince) {
        return midServers.setDownWhenSilentSince(silentSince, clock.instant());
    }

    static NotFoundException unknown(String name) {
        return new NotFoundException("No MID Server named '" + name + "'");
    }
}
