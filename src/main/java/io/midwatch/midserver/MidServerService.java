package io.midwatch.midserver;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
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
        return get(null, name);
    }

    /** @param instance the instance the MID Server was read from, or null for one registered through the API */
    @Transactional(readOnly = true)
    public MidServer get(String instance, String name) {
        return midServers.find(instance, name).orElseThrow(() -> unknown(instance, name));
    }

    @Transactional(readOnly = true)
    /** @param instance only the MID Servers read from this instance; null for all */
    public List<MidServer> list(String instance) {
        return instance == null ? midServers.findAll() : midServers.findAllOf(instance);
    }

    /**
     * Sets a MID Server's status. Down to Up resolves its clone issues in the same transaction (R7): if
     * they cannot be resolved, the status does not change either. A transaction that collides with a
     * concurrent change of an issue's process (the diagnosis worker completing its task), or that loses its
     * database connection, is run again.
     */
    public StatusChangeResult changeStatus(String name, MidServerStatus status) {
        return changeStatus(null, name, status);
    }

    /** The same through the API, which leaves a MID Server of an instance alone: its status comes from there. */
    public StatusChangeResult changeStatus(String instance, String name, MidServerStatus status) {
        if (instance != null) {
            midServers.find(instance, name).orElseThrow(() -> unknown(instance, name));
            throw new ConflictException("MID Server '" + name + "' of instance " + instance + " gets its status from "
                    + "that instance; change it there");
        }
        return retry.inTransaction("Status change of MID Server '" + name + "' to " + status, () -> {
            MidServer midServer = midServers.findForUpdate(null, name).orElseThrow(() -> unknown(null, name));
            return changeStatus(midServer, status);
        });
    }

    /**
     * Brings the MID Servers of an instance up to date with what it reports, in the caller's transaction:
     * new ones are inserted, known ones updated in one batch each, and a changed status goes the way of
     * {@link #changeStatus(MidServer, MidServerStatus)}, so that Down to Up resolves clone issues (R7). MID
     * Servers the instance no longer lists are kept, marked removed: their issues refer to them, and passes
     * leave them out. One that is listed again is no longer removed.
     *
     * @param listed every name the instance listed, also of records MidWatch could not take over: those are
     *               not taken as removed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public InstanceSync syncInstance(String instance, List<InstanceMidServer> reported, Set<String> listed) {
        Instant now = clock.instant();
        Map<String, MidServer> known = new HashMap<>();
        midServers.findAllOf(instance).forEach(server -> known.put(server.name(), server));
        var added = new ArrayList<InstanceMidServer>();
        var kept = new ArrayList<InstanceMidServer>();
        var back = new ArrayList<String>();
        var changed = new HashMap<String, MidServerStatus>();
        for (InstanceMidServer server : reported) {
            MidServer before = known.get(server.name());
            if (before == null) {
                added.add(server);
            } else {
                kept.add(server);
                if (before.removedAt() != null) {
                    back.add(server.name());
                }
                if (!before.status().equals(server.status())) {
                    changed.put(server.name(), server.status());
                }
            }
        }
        List<String> removed = known.values().stream()
                .filter(server -> server.removedAt() == null && !listed.contains(server.name()))
                .map(MidServer::name).sorted().toList();
        midServers.insertAllOf(instance, added, now);
        midServers.updateAllOf(instance, kept, now);
        midServers.markRemoved(instance, removed, now);
        var resolved = new ArrayList<UUID>();
        for (MidServer locked : midServers.lockAllOf(instance, changed.keySet())) {
            resolved.addAll(changeStatus(locked, changed.get(locked.name())).resolvedIssues());
        }
        if (!added.isEmpty()) {
            log.info("Instance {}: {} new MID Server(s)", instance, added.size());
        }
        if (!removed.isEmpty()) {
            log.info("Instance {} no longer lists MID Server(s) {}: marked removed, their issues stay", instance,
                    removed);
        }
        if (!back.isEmpty()) {
            log.info("Instance {} lists MID Server(s) {} again: no longer removed", instance, back);
        }
        return new InstanceSync(added.size(), kept.size(), changed.size(), removed.size(), resolved);
    }

    /** What a sync with an instance did. */
    public record InstanceSync(int added, int updated, int statusChanges, int removed, List<UUID> resolvedIssues) {
    }

    /** The same, for a MID Server whose row the caller has already locked in this transaction. */
    @Transactional
    public StatusChangeResult changeStatus(MidServer lockedMidServer, MidServerStatus status) {
        MidServerStatus previous = lockedMidServer.status();
        if (!status.equals(previous)) {
            midServers.updateStatus(lockedMidServer.id(), status, clock.instant());
            log.info("MID Server {} went from {} to {}", lockedMidServer.label(), previous, status);
        }
        var changed = new StatusChangeResult(lockedMidServer.name(), previous, status, List.of());
        if (!changed.wentUp()) {
            return changed;
        }
        List<UUID> resolved = upListeners.stream()
                .flatMap(listener -> listener.midServerUp(lockedMidServer).stream())
                .toList();
        return new StatusChangeResult(changed.name(), previous, status, resolved);
    }

    /**
     * Reads and locks a MID Server to record a heartbeat whose login has been checked already (the lock is
     * held for a few statements, never while a password is hashed); empty when there is none of that name.
     * Only MID Servers registered through the API send heartbeats: those of an instance log in to their instance.
     */
    @Transactional
    public Optional<MidServer> lockForHeartbeat(String name) {
        return midServers.findForUpdate(null, name);
    }

    /** A good login of a locked MID Server: it is alive now. */
    @Transactional
    public void recordLogin(MidServer lockedMidServer) {
        midServers.recordLogin(lockedMidServer.id(), clock.instant());
    }

    /** A failed login of a locked MID Server, and why; its status stays as it is (R12). */
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

    /** How many MID Servers send heartbeats, each as its own user: those registered through the API. */
    public long countRegistered() {
        return midServers.countRegistered();
    }

    static NotFoundException unknown(String instance, String name) {
        return new NotFoundException(instance == null ? "No MID Server named '" + name + "'"
                : "No MID Server named '" + name + "' of instance " + instance);
    }
}
