package io.midwatch.issue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.midwatch.platform.EngineCommands;
import io.midwatch.platform.TableStatistics;

/**
 * R8: an issue is removed {@code midwatch.issue.retention} (default 10 days) after it was created,
 * whatever its state, and its process instance and Tasklist task end with it, in one transaction. The expired
 * issues go 1,000 at a time, oldest first, each chunk in a transaction of its own, so that memory stays that of
 * one chunk however many expired (docs/adr/0009-a-pass-commits-in-chunks.md); a run cut short leaves whole
 * chunks done, and the next run removes the rest. A MID Server still Down gets a new issue at the next pass.
 */
@Service
public class IssueRetention {

    private static final Logger log = LoggerFactory.getLogger(IssueRetention.class);
    /** Issues per transaction; the engine ends their processes in one call, which costs it quadratic time in its size. */
    private static final int CHUNK = 1_000;

    private final IssueRepository issues;
    private final RuntimeService runtimeService;
    private final TableStatistics tableStatistics;
    private final Clock clock;
    private final Duration retention;
    private final TransactionTemplate chunkTransaction;

    IssueRetention(IssueRepository issues, RuntimeService runtimeService, TableStatistics tableStatistics,
                   Clock clock, IssueProperties properties, PlatformTransactionManager transactionManager) {
        this.issues = issues;
        this.runtimeService = runtimeService;
        this.tableStatistics = tableStatistics;
        this.clock = clock;
        this.retention = properties.retention();
        this.chunkTransaction = new TransactionTemplate(transactionManager);
        this.chunkTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** What one chunk removed. */
    private record Removed(int issues, int processes) {
    }

    /** @return how many issues were removed */
    public int removeExpiredIssues() {
        Instant cutoff = clock.instant().minus(retention);
        int removedIssues = 0;
        int endedProcesses = 0;
        for (Removed chunk; (chunk = chunkTransaction.execute(status -> removeChunk(cutoff))) != null; ) {
            removedIssues += chunk.issues();
            endedProcesses += chunk.processes();
        }
        if (removedIssues == 0) {
            return 0;
        }
        tableStatistics.refreshAfterCommit(removedIssues);
        log.info("Retention removed {} issue(s) created before {} and ended {} issue process(es)", removedIssues,
                cutoff, endedProcesses);
        return removedIssues;
    }

    /** The oldest expired issues with their processes, or null when none is left. */
    private Removed removeChunk(Instant cutoff) {
        Map<UUID, String> expired = issues.createdBefore(cutoff, CHUNK);
        if (expired.isEmpty()) {
            return null;
        }
        Set<String> processIds = expired.values().stream().filter(Objects::nonNull).collect(Collectors.toSet());
        // an engine command of its own in this chunk's transaction, not nested in the command of the job running this
        return EngineCommands.inOwnCommand(() -> {
            List<String> running = processIds.isEmpty() ? List.of()
                    : runtimeService.createProcessInstanceQuery().processInstanceIds(processIds).list()
                            .stream().map(ProcessInstance::getId).toList();
            if (!running.isEmpty()) {
                runtimeService.deleteProcessInstances(running, "Issue removed by retention after " + retention,
                        true, true);
            }
            issues.deleteAll(expired.keySet());
            return new Removed(expired.size(), running.size());
        });
    }
}
