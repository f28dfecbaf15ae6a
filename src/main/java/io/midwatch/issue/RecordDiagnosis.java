package io.midwatch.issue;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Writes the diagnosis the external task worker found onto the issue (R11). */
@Component("recordDiagnosis")
class RecordDiagnosis implements JavaDelegate {

    private final IssueRepository issues;
    private final ApplicationEventPublisher events;

    RecordDiagnosis(IssueRepository issues, ApplicationEventPublisher events) {
        this.issues = issues;
        this.events = events;
    }

    @Override
    public void execute(DelegateExecution execution) {
        issues.setDiagnosis(IssueProcess.issueId(execution), IssueProcess.diagnosis(execution));
        String finding = IssueProcess.diagnosisFinding(execution);
        if (finding != null) {
            events.publishEvent(new DiagnosisRecorded(Finding.valueOf(finding)));
        }
    }
}
