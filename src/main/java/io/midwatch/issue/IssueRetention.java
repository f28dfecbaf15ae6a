package io.midwatch.issue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.midwatch.platform.TableStatistics;

/**
 * R8: an issue is removed {@code midwatch.issue.retention} (default 10 days) after it was created,
 * whatever its state, and its process instance and Tasklist task end with it, in one transaction. A
 * MID Server still Down gets a new issue at the next pass.
 */
@Service
public class IssueRetention {

    private static final Logger log = LoggerFactory.getLogger(IssueRetention.class);
    private static final int CHUNK = 1_000;

    private final IssueRepository issues;
    private final RuntimeService runtimeService;
    private final TableStatistics tableStatistics;
    private final Clock clock;
    private final Duration retention;

    IssueRetention(IssueRepository issues, RuntimeService runtimeService, TableStatistics tableStatistics,
                   Clock clock, IssueProperties properties) {
        this.issues = issues;
        this.runtimeService = runtimeService;
        this.tableStatistics = tableStatistics;
        this.clock = clock;
        this.retention = properties.retention();
    }

    /** @return how many issues were removed */
    @Transactional
    public int removeExpiredIssues() {
        Instant cutoff = clock.instant().minus(retention);
        Map<UUID, String> expired = issues.createdBefore(cutoff);
        if (expired.isEmpty()) {
            return 0;
        }
        List<UUID> ids = new ArrayList<>(expired.keySet());
        int endedProcesses = 0;
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(from + CHUNK, ids.size()));
            var processIds = new HashSet<String>();
            chunk.stream().map(expired::get).filter(Objects::nonNull).forEach(processIds::add);
            List<String> running = processIds.isEmpty() ? List.of()
                    : runtimeService.createProcessInstanceQuery().processInstanceIds(processIds).list().stream()
                            .map(ProcessInstance::getId).toList();
            if (!running.isEmpty()) {
                runtimeService.deleteProcessInstances(running, "Issue removed by retention after " + retention,
                        true, true);
            }
            endedProcesses += running.size();
            issues.deleteAll(chunk);
        }
        tableStatistics.refreshAfterCommit(ids.size());
        log.info("Retention removed {} issue(s) created before {} and ended {} issue process(es)", ids.size(),
                cutoff, endedProcesses);
        return ids.size();
    }
}
