package io.midwatch.issue;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Housekeeping: removes the issues past their retention, with their processes (R8). */
@Component("removeExpiredIssues")
class RemoveExpiredIssues implements JavaDelegate {

    private final IssueRetention retention;

    RemoveExpiredIssues(IssueRetention retention) {
        this.retention = retention;
    }

    @Override
    public void execute(DelegateExecution execution) {
        retention.removeExpiredIssues();
    }
}
