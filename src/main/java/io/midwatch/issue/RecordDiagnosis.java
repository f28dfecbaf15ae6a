package io.midwatch.issue;

import java.util.UUID;

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
        String diagnosis = (String) execution.getVariable(IssueProcess.VAR_DIAGNOSIS);
        issues.setDiagnosis(UUID.fromString((String) execution.getVariable(IssueProcess.VAR_ISSUE_ID)), diagnosis);
        metrics.diagnosisRecorded(CredentialDiagnosis.Finding.of(diagnosis));
    }
}
