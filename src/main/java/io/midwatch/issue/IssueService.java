package io.midwatch.issue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.midwatch.platform.NotFoundException;
import io.midwatch.platform.RetryOnConcurrentChange;
import io.midwatch.platform.RuleViolationException;

/** Reads issues and changes their state by hand. */
@Service
public class IssueService {

    private final IssueRepository issues;
    private final IssueResolution resolution;
    private final RetryOnConcurrentChange retry;

    IssueService(IssueRepository issues, IssueResolution resolution, RetryOnConcurrentChange retry) {
        this.issues = issues;
        this.resolution = resolution;
        this.retry = retry;
    }

    @Transactional(readOnly = true)
    public Issue get(UUID id) {
        return issues.find(id).orElseThrow(() -> unknown(id));
    }

    @Transactional(readOnly = true)
    public List<Issue> search(IssueFilter filter) {
        return issues.search(filter);
    }

    /** The issues each of these clones raised, by cloneId. */
    public Map<String, List<Issue>> ofClones(Collection<String> cloneIds) {
        return issues.ofClones(cloneIds).stream().collect(Collectors.groupingBy(Issue::cloneId));
    }

    /**
     * User names of the MID Servers of a ServiceNow instance whose unresolved issues still await their
     * diagnosis, each with the number of such issues: the users a pass's diagnoses are about to read.
     */
    @Transactional(readOnly = true)
    public Map<String, Integer> usersAwaitingDiagnosis(String instance) {
        return issues.usersAwaitingDiagnosis(instance);
    }

    /** The related list of one MID Server's record (R9). */
    @Transactional(readOnly = true)
    public List<Issue> ofMidServer(long midServerId) {
        return issues.ofMidServer(midServerId);
    }

    /**
     * New to Acknowledged, or anything to Resolved; resolving ends the issue's process and task. Asking
     * for the state an issue already has changes nothing. A transaction that collides with a concurrent
     * change of the issue's process (the diagnosis worker completing its task) is run again.
     */
    public Issue changeState(UUID id, IssueState target) {
        return retry.inTransaction("State change of issue " + id + " to " + target,
                () -> changeLockedState(id, target));
    }

    private Issue changeLockedState(UUID id, IssueState target) {
        if (!issues.lock(id)) {
            throw unknown(id);
        }
        Issue issue = issues.find(id).orElseThrow();
        if (issue.state() == target) {
            return issue;
        }
        switch (target) {
            case ACKNOWLEDGED -> {
                if (issue.state() != IssueState.NEW) {
                    throw new RuleViolationException("Issue " + id + " is " + issue.state()
                            + ": only a New issue can be Acknowledged");
                }
                issues.acknowledge(id);
            }
            case RESOLVED -> resolution.correlate(IssueProcess.MESSAGE_RESOLVED_BY_HAND, id, "Issue resolved by hand");
            case NEW -> throw new RuleViolationException("Issue " + id + " is " + issue.state()
                    + ": no issue moves back to New");
        }
        return issues.find(id).orElseThrow();
    }

    private static NotFoundException unknown(UUID id) {
        return new NotFoundException("No issue with id " + id);
    }
}
