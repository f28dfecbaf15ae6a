package io.midwatch.issue;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Logs issues and counts their re-detections. Each new issue starts its own issue process in the same
 * transaction as its row: there is never an issue without its process, nor a process without its issue.
 */
@Service
public class IssueLog {

    private static final Logger log = LoggerFactory.getLogger(IssueLog.class);

    private final IssueRepository issues;
    private final RuntimeService runtimeService;
    private final Clock clock;

    IssueLog(IssueRepository issues, RuntimeService runtimeService, Clock clock) {
        this.issues = issues;
        this.runtimeService = runtimeService;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void open(List<NewIssue> newIssues) {
        if (newIssues.isEmpty()) {
            return;
        }
        issues.insertAll(newIssues, clock.instant());
        Map<UUID, String> processInstances = new HashMap<>();
        for (NewIssue issue : newIssues) {
            ProcessInstance instance = runtimeService.createProcessInstanceByKey(IssueProcess.PROCESS_KEY)
                    .businessKey(issue.id().toString())
                    .setVariables(Variables.createVariables()
                            .putValue(IssueProcess.VAR_ISSUE_ID, issue.id().toString())
                            .putValue(IssueProcess.VAR_MID_SERVER_NAME, issue.midServerName())
                            .putValue(IssueProcess.VAR_USER_NAME, issue.userName())
                            .putValue(IssueProcess.VAR_CLONE_ID, issue.cloneId())
                            .putValue(IssueProcess.VAR_MESSAGE, issue.message()))
                    .execute();
            processInstances.put(issue.id(), instance.getId());
        }
        issues.setProcessInstances(processInstances);
        log.info("Logged {} new issue(s), each with its issue process", newIssues.size());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void countRedetections(List<Redetection> redetections) {
        if (redetections.isEmpty()) {
            return;
        }
        issues.countRedetections(redetections, clock.instant());
        log.info("Counted {} re-detection(s) of open issues", redetections.size());
    }

    @Transactional(readOnly = true)
    public List<Issue> search(IssueFilter filter) {
        return issues.search(filter);
    }
}
