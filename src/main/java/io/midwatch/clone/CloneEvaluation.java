package io.midwatch.clone;

import static io.midwatch.platform.Timestamps.utc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.midwatch.issue.Issue;
import io.midwatch.issue.IssueRecorder;
import io.midwatch.issue.NewIssue;
import io.midwatch.issue.Redetection;

/**
 * One evaluation pass over the MID Servers that existed before a clone (R2, R4, R5, R6): a set-based
 * read, the decision table per distinct set of facts, and batched writes.
 */
@Component
class CloneEvaluation {

    /** A MID Server as a pass sees it, with its current clone issue if any. */
    record Candidate(long midServerId, String instance, String name, String userName, String status,
                     boolean existedBeforeClone, UUID openIssueId, String currentIssueState) {

        IssueDecision.Facts facts() {
            return new IssueDecision.Facts(status, existedBeforeClone, currentIssueState);
        }
    }

    /** What one pass found: MID Servers evaluated, issues it logged, re-detections it counted. */
    record PassResult(int evaluated, int created, int redetected) {
    }

    private final JdbcClient jdbc;
    private final IssueDecision decision;
    private final IssueRecorder issueRecorder;

    CloneEvaluation(JdbcClient jdbc, IssueDecision decision, IssueRecorder issueRecorder) {
        this.jdbc = jdbc;
        this.decision = decision;
        this.issueRecorder = issueRecorder;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    PassResult evaluate(InstanceClone clone) {
        lockDownMidServers(clone);
        List<Candidate> candidates = candidates(clone);
        Map<IssueDecision.Facts, IssueDecision.Action> decided = new HashMap<>();
        var created = new ArrayList<NewIssue>();
        var redetected = new ArrayList<Redetection>();
        for (Candidate candidate : candidates) {
            switch (decided.computeIfAbsent(candidate.facts(), decision::decide)) {
                case CreateIssue -> created.add(new NewIssue(UUID.randomUUID(), candidate.midServerId(),
                        candidate.instance(), candidate.name(), candidate.userName(), Issue.SOURCE_INSTANCE_CLONE,
                        Issue.cloneMessage(candidate.userName()), clone.id(), clone.cloneId()));
                case CountRedetection -> redetected.add(
                        new Redetection(candidate.openIssueId(), Issue.cloneMessage(candidate.userName())));
                case Nothing -> { }
            }
        }
        issueRecorder.open(created);
        issueRecorder.countRedetections(redetected);
        return new PassResult(candidates.size(), created.size(), redetected.size());
    }

    /**
     * The MID Servers a clone concerns: those of its target instance, read from there, and those registered
     * through the API, which name no instance and so are evaluated by every clone. MID Servers their instance
     * no longer lists are left out: nothing can bring them Up.
     */
    static final String CONCERNED = "(a.instance IS NULL OR a.instance = :target) AND a.removed_at IS NULL";

    /**
     * Locks the pre-clone MID Servers that are Down until the pass commits: a Down to Up change that
     * arrives meanwhile waits, then sees the issue this pass logs and resolves it, instead of being lost.
     * Ordered by id so that concurrent passes lock in the same order.
     */
    private void lockDownMidServers(InstanceClone clone) {
        jdbc.sql("SELECT a.id FROM ecc_agent a WHERE a.created_at <= :completedAt AND a.status = 'Down' AND "
                        + CONCERNED
                        + " ORDER BY a.id FOR UPDATE")
                .param("completedAt", utc(clone.completedAt()))
                .param("target", clone.targetInstance())
                .query(Long.class)
                .list();
    }

    private List<Candidate> candidates(InstanceClone clone) {
        return jdbc.sql("""
                        SELECT a.id, a.instance, a.name, a.user_name, a.status,
                               CASE WHEN a.created_at <= :completedAt THEN TRUE ELSE FALSE END AS existed_before_clone,
                               i.id AS open_issue_id,
                               CASE WHEN i.id IS NOT NULL THEN i.state
                                    WHEN EXISTS (SELECT 1 FROM ecc_agent_issue r
                                                 WHERE r.mid_server = a.id AND r.source = :source) THEN 'Resolved'
                                    ELSE 'None' END AS current_issue_state
                        FROM ecc_agent a
                        LEFT JOIN ecc_agent_issue i
                               ON i.mid_server = a.id AND i.source = :source AND i.state <> 'Resolved'
                        WHERE a.created_at <= :completedAt AND """ + CONCERNED)
                .param("completedAt", utc(clone.completedAt()))
                .param("target", clone.targetInstance())
                .param("source", Issue.SOURCE_INSTANCE_CLONE)
                .query((rs, n) -> new Candidate(rs.getLong("id"), rs.getString("instance"), rs.getString("name"),
                        rs.getString("user_name"), rs.getString("status"), rs.getBoolean("existed_before_clone"),
                        rs.getObject("open_issue_id", UUID.class), rs.getString("current_issue_state")))
                .list();
    }
}
