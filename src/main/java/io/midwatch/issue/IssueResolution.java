package io.midwatch.issue;

import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.midwatch.midserver.MidServer;
import io.midwatch.midserver.MidServerUpListener;
import io.midwatch.platform.ConflictException;

/**
 * R7: a MID Server that went from Down to Up resolves its open clone issues, each through the message
 * {@code MidServerUp} correlated to the issue's own process.
 */
@Component
class IssueResolution implements MidServerUpListener {

    private static final Logger log = LoggerFactory.getLogger(IssueResolution.class);

    private final IssueRepository issues;
    private final RuntimeService runtimeService;

    IssueResolution(IssueRepository issues, RuntimeService runtimeService) {
        this.issues = issues;
        this.runtimeService = runtimeService;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> midServerUp(MidServer midServer) {
        List<UUID> open = issues.unresolvedIds(midServer.id(), Issue.SOURCE_INSTANCE_CLONE);
        for (UUID issueId : open) {
            correlate(IssueProcess.MESSAGE_MID_SERVER_UP, issueId,
                    "MID Server " + midServer.label() + " came Up");
        }
        return open;
    }

    /** Correlates a message to the process of one open issue; no waiting process is an error, never dropped. */
    void correlate(String message, UUID issueId, String why) {
        try {
            runtimeService.createMessageCorrelation(message)
                    .processInstanceBusinessKey(issueId.toString())
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException noProcessWaiting) {
            log.error("{}, but issue {} is open and no issue process waits for {}: nothing was changed", why,
                    issueId, message, noProcessWaiting);
            throw new ConflictException(why + ", but open issue " + issueId + " has no process waiting for "
                    + message + "; nothing was changed");
        }
    }
}
