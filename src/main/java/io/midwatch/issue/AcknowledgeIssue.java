package io.midwatch.issue;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The credentials are correct but the MID Server stays Down: the issue is Acknowledged (R10). */
@Component("acknowledgeIssue")
class AcknowledgeIssue implements JavaDelegate {

    private final IssueRepository issues;

    AcknowledgeIssue(IssueRepository issues) {
        this.issues = issues;
    }

    @Override
    public void execute(DelegateExecution execution) {
        issues.acknowledge(IssueProcess.issueId(execution));
    }
}
