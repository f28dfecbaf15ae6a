package io.midwatch.issue;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.midwatch.platform.EngineCommands;
import io.midwatch.platform.QueryPlans;

/**
 * Records new issues and counts the re-detections of open ones. Each new issue starts its own issue process in the same
 * transaction as its row: there is never an issue without its process, nor a process without its issue. The caller
 * bounds how many issues one transaction holds, and asks for the tables' statistics after large changes.
 */
@Service
public class IssueRecorder {

    private static final Logger log = LoggerFactory.getLogger(IssueRecorder.class);

    /** Issue processes started per engine command, see {@link #startInOwnCommand}. */
    static final int STARTS_PER_FLUSH = 100;

    private final IssueRepository issues;
    private final RuntimeService runtimeService;
    private final RepositoryService repositoryService;
    private final ProcessEngineConfigurationImpl engineConfiguration;
    private final QueryPlans queryPlans;
    private final Clock clock;

    IssueRecorder(IssueRepository issues, ProcessEngine processEngine, QueryPlans queryPlans, Clock clock) {
        this.issues = issues;
        this.queryPlans = queryPlans;
        this.runtimeService = processEngine.getRuntimeService();
        this.repositoryService = processEngine.getRepositoryService();
        this.engineConfiguration = (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
        this.clock = clock;
    }

    /**
     * Starts the processes of 100 issues, then inserts those issues with their process ids in one batch: one
     * insert per issue, where an insert and a later update of its process id cost two statements.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void open(List<NewIssue> newIssues) {
        if (newIssues.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String definitionId = inOwnCommand(commandContext -> repositoryService.createProcessDefinitionQuery()
                .processDefinitionKey(IssueProcess.PROCESS_KEY).latestVersion().singleResult().getId());
        for (int from = 0; from < newIssues.size(); from += STARTS_PER_FLUSH) {
            if (from > 0) {
                // see docs/adr/0002-discard-plans-between-batches.md
                queryPlans.planAgainForGrownTables();
            }
            List<NewIssue> chunk = newIssues.subList(from, Math.min(from + STARTS_PER_FLUSH, newIssues.size()));
            issues.insertAll(chunk, startInOwnCommand(definitionId, chunk), now);
        }
        log.info("Logged {} new issue(s), each with its issue process", newIssues.size());
    }

    /**
     * Starts the issue processes of a chunk in an engine command of their own, which joins the current
     * transaction, so that each flush stays small: the engine orders the inserts of one flush in quadratic
     * time. See docs/adr/0005-hundred-process-starts-per-command.md.
     */
    private Map<UUID, String> startInOwnCommand(String definitionId, List<NewIssue> chunk) {
        Command<Map<UUID, String>> startAll = commandContext -> {
            Map<UUID, String> started = new HashMap<>();
            for (NewIssue issue : chunk) {
                ProcessInstance instance = runtimeService.createProcessInstanceById(definitionId)
                        .businessKey(issue.id().toString())
                        .setVariables(Variables.createVariables()
                                .putValue(IssueProcess.VAR_ISSUE_ID, issue.id().toString())
                                .putValue(IssueProcess.VAR_MID_SERVER_NAME, issue.midServerName())
                                .putValue(IssueProcess.VAR_INSTANCE, issue.instance())
                                .putValue(IssueProcess.VAR_USER_NAME, issue.userName())
                                .putValue(IssueProcess.VAR_CLONE_ID, issue.cloneId())
                                .putValue(IssueProcess.VAR_MESSAGE, issue.message()))
                        .execute();
                started.put(issue.id(), instance.getId());
            }
            return started;
        };
        return inOwnCommand(startAll);
    }

    /**
     * An engine command of its own that joins the current transaction, instead of one nested in the command of
     * the job that may be running this: that command's transaction is not necessarily the current one (a pass
     * commits in chunks, see docs/adr/0009-a-pass-commits-in-chunks.md).
     */
    private <T> T inOwnCommand(Command<T> command) {
        return EngineCommands.inOwnCommand(() -> engineConfiguration.getCommandExecutorTxRequired().execute(command));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void countRedetections(List<Redetection> redetections) {
        if (redetections.isEmpty()) {
            return;
        }
        issues.countRedetections(redetections, clock.instant());
        log.info("Counted {} re-detection(s) of open issues", redetections.size());
    }
}
