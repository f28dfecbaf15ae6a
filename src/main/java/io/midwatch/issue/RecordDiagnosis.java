package io.midwatch.issue;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Writes the diagnosis the external task worker found onto the issue (R11). */
@Component("recordDiagnosis")
class RecordDiagnosis implements JavaDelegate {

    private final IssueRepository issues;

    RecordDiagnosis(IssueRepository issues) {
        this.issues = issues;
    }

    @Override
    public void execute(DelegateExecution execution) {
        issues.setDiagnosis(IssueProcess.issueId(execution), IssueProcess.diagnosis(execution));
    }
}
