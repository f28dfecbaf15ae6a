package io.midwatch.issue;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.midwatch.issue.diagnosis.CredentialDiagnosis;
import io.midwatch.metrics.MidWatchMetrics;

/** Writes the diagnosis the external task worker found onto the issue (R11). */
@Component("recordDiagnosis")
class RecordDiagnosis implements JavaDelegate {

    private final IssueRepository issues;
    private final MidWatchMetrics metrics;

    RecordDiagnosis(IssueRepository issues, MidWatchMetrics metrics) {
        this.issues = issues;
        this.metrics = metrics;
    }

    @Override
    public void execute(DelegateExecution execution) {
        issues.setDiagnosis(IssueProcess.issueId(execution), IssueProcess.diagnosis(execution));
        String finding = IssueProcess.diagnosisFinding(execution);
        if (finding != null) {
            metrics.diagnosisRecorded(CredentialDiagnosis.Finding.valueOf(finding));
        }
    }
}
