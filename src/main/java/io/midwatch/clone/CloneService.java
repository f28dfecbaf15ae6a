package io.midwatch.clone;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import io.midwatch.platform.NotFoundException;
import io.midwatch.platform.RetryOnConcurrentChange;
import io.midwatch.platform.RuleViolationException;

/** Receives clone events: one clone check per clone (R1), its passes timed by R3. */
@Service
public class CloneService {

    private static final Logger log = LoggerFactory.getLogger(CloneService.class);

    private final CloneRepository clones;
    private final RuntimeService runtimeService;
    private final CloneProperties properties;
    private final RetryOnConcurrentChange retry;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    CloneService(CloneRepository clones, RuntimeService runtimeService, CloneProperties properties,
                 RetryOnConcurrentChange retry, Clock clock, ApplicationEventPublisher events) {
        this.clones = clones;
        this.runtimeService = runtimeService;
        this.properties = properties;
        this.retry = retry;
        this.clock = clock;
        this.events = events;
    }

    public record Received(InstanceClone instanceClone, boolean created) {
    }

    /**
     * Records the clone and starts its check in one transaction. The same {@code cloneId} again, even
     * at the same moment from another caller, starts nothing and answers the existing clone: the unique
     * constraint on {@code clone_id} decides. A transaction that loses its database connection is run again
     * with the same cloneId, so a commit that got through before the connection broke is found, not repeated.
     */
    public Received receive(CloneEvent event) {
        Instant now = clock.instant();
        if (event.completedAt() != null && event.completedAt().isAfter(now)) {
            throw new RuleViolationException("completedAt " + event.completedAt() + " is in the future: a clone "
                    + "is reported once it has completed");
        }
        String cloneId = event.cloneId() != null ? event.cloneId() : UUID.randomUUID().toString();
        try {
            return retry.inTransaction("Clone event " + cloneId, () -> clones.find(cloneId)
                    .map(existing -> new Received(existing, false))
                    .orElseGet(() -> new Received(start(cloneId, event, now), true)));
        } catch (DuplicateKeyException sameCloneAtTheSameTime) {
            return new Received(get(cloneId), false);
        }
    }

    /**
     * Starts the check first and then writes the clone's row with it, and answers from the values at
     * hand: one insert instead of an insert, an update and a read. A concurrent event with the same
     * cloneId still fails on the row's unique constraint, and its process start rolls back with it.
     */
    private InstanceClone start(String cloneId, CloneEvent event, Instant now) {
        // as stored: TIMESTAMP WITH TIME ZONE keeps microseconds
        Instant completedAt = (event.completedAt() != null ? event.completedAt() : now).truncatedTo(ChronoUnit.MICROS);
        Instant receivedAt = now.truncatedTo(ChronoUnit.MICROS);
        Instant firstPassAt = completedAt.plus(properties.firstPassAfter());
        Instant secondPassAt = completedAt.plus(properties.secondPassAfter());
        ProcessInstance check = runtimeService.createProcessInstanceByKey(CloneCheckProcess.PROCESS_KEY)
                .businessKey(cloneId)
                .setVariables(Variables.createVariables()
                        .putValue(CloneCheckProcess.VAR_CLONE_ID, cloneId)
                        .putValue(CloneCheckProcess.VAR_FIRST_PASS_AT, Date.from(firstPassAt))
                        .putValue(CloneCheckProcess.VAR_SECOND_PASS_AT, Date.from(secondPassAt)))
                .execute();
        long id = clones.insert(cloneId, event, completedAt, receivedAt, firstPassAt, secondPassAt, check.getId());
        events.publishEvent(new CloneCheckStarted(cloneId));
        log.info("Clone {} of {} onto {} completed at {}: check {} started, passes due at {} and {}", cloneId,
                event.sourceInstance(), event.targetInstance(), completedAt, check.getId(), firstPassAt, secondPassAt);
        return new InstanceClone(id, cloneId, event.sourceInstance(), event.targetInstance(), completedAt, receivedAt,
                check.getId(), firstPassAt, secondPassAt, null, null);
    }

    /**
     * A clone its instance reports rolled back after it completed: noted on its running check as the
     * variable {@code rolledBack} (the state reported) and logged, once. The check goes on: the MID Servers
     * are evaluated as the instance is now.
     *
     * @return whether it was noted now
     */
    public boolean noteRollback(String cloneId, String state) {
        Optional<InstanceClone> clone = clones.find(cloneId);
        if (clone.isEmpty()) {
            return false;
        }
        String check = clone.get().processInstanceId();
        if (runtimeService.createProcessInstanceQuery().processInstanceId(check).count() == 0
                || runtimeService.getVariable(check, CloneCheckProcess.VAR_ROLLED_BACK) != null) {
            return false;
        }
        runtimeService.setVariable(check, CloneCheckProcess.VAR_ROLLED_BACK, state);
        log.warn("Clone {} of {} onto {} was rolled back after it completed (state {}): noted on its check {} as "
                + "variable {}; the check goes on against the instance as it is now", cloneId,
                clone.get().sourceInstance(), clone.get().targetInstance(), state, check,
                CloneCheckProcess.VAR_ROLLED_BACK);
        return true;
    }

    public InstanceClone get(String cloneId) {
        return clones.find(cloneId).orElseThrow(() -> new NotFoundException("No clone with cloneId '" + cloneId + "'"));
    }

    /**
     * A page of clones, newest {@code completedAt} first.
     *
     * @param before the cloneId of the last clone of the page before, or null for the first page
     * @throws IllegalArgumentException when {@code before} names no clone (answered 400)
     */
    public List<InstanceClone> page(int limit, String before) {
        InstanceClone after = before == null ? null : clones.find(before)
                .orElseThrow(() -> new IllegalArgumentException("before names no clone: '" + before + "'"));
        return clones.page(limit, after);
    }

    /** Which of these cloneIds MidWatch has received already. */
    public Set<String> known(Collection<String> cloneIds) {
        return new HashSet<>(clones.knownOf(cloneIds));
    }

    /** Clones received per target instance. */
    public Map<String, Long> countPerTarget(Collection<String> targets) {
        return clones.countPerTarget(targets);
    }

    public Optional<InstanceClone> latestOnto(String target) {
        return clones.latestOnto(target);
    }
}
