package io.midwatch.issue;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Claiming the verification task marks a New issue Acknowledged (R10); unclaiming changes nothing. */
@Component("acknowledgeIssueOnClaim")
class AcknowledgeIssueOnClaim implements TaskListener {

    private final IssueRepository issues;

    AcknowledgeIssueOnClaim(IssueRepository issues) {
        this.issues = issues;
    }

    @Override
    public void notify(DelegateTask task) {
        if (task.getAssignee() != null) {
            issues.acknowledge(IssueProcess.issueId(task));
        }
    }
}
