package io.midwatch.issue;

import java.time.Clock;
import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.midwatch.issue.IssueResolved.Cause;

/** Sets the issue Resolved with its resolution time (R7, and by hand). */
@Component("resolveIssue")
class ResolveIssue implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ResolveIssue.class);

    private final IssueRepository issues;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ResolveIssue(IssueRepository issues, Clock clock, ApplicationEventPublisher events) {
        this.issues = issues;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UUID issueId = IssueProcess.issueId(execution);
        if (issues.resolve(issueId, clock.instant())) {
            log.info("Issue {} of MID Server {} resolved ({})", issueId,
                    IssueProcess.midServerName(execution), execution.getCurrentActivityName());
            events.publishEvent(new IssueResolved(cause(execution.getCurrentActivityId())));
        }
    }

    /** Which of the model's three resolve tasks runs tells why the issue resolves. */
    private static Cause cause(String resolveTask) {
        return switch (resolveTask) {
            case IssueProcess.TASK_RESOLVE_BY_HAND -> Cause.BY_HAND;
            case IssueProcess.TASK_RESOLVE_ALREADY_UP -> Cause.ALREADY_UP;
            default -> Cause.CAME_UP;
        };
    }
}
