package io.midwatch.issue;

import java.time.Clock;
import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sets the issue Resolved with its resolution time (R7, and by hand). */
@Component("resolveIssue")
class ResolveIssue implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ResolveIssue.class);

    private final IssueRepository issues;
    private final Clock clock;

    ResolveIssue(IssueRepository issues, Clock clock) {
        this.issues = issues;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID issueId = IssueProcess.issueId(execution);
        if (issues.resolve(issueId, clock.instant())) {
            log.info("Issue {} of MID Server {} resolved ({})", issueId,
                    IssueProcess.midServerName(execution), execution.getCurrentActivityName());
        }
    }
}
