package io.midwatch.clone;

import static io.midwatch.platform.Timestamps.utc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.midwatch.issue.Issue;
import io.midwatch.issue.IssueRecorder;
import io.midwatch.issue.NewIssue;
import io.midwatch.issue.Redetection;

/**
 * One evaluation pass over the MID Servers that existed before a clone (R2, R4, R5, R6), a chunk of MID Servers at a
 * time in id order, each chunk in a transaction of its own: a set-based read, the decision table per distinct set of
 * facts, batched writes, and the pass's progress moved on with them. Memory stays that of one chunk whatever the
 * fleet; a pass run again goes on after the last chunk that committed. See docs/adr/0009-a-pass-commits-in-chunks.md.
 */
@Component
class CloneEvaluation {

    /** MID Servers per chunk, and so at most issues and issue processes per transaction. */
    static final int MID_SERVERS_PER_CHUNK = 1_000;

    /** A MID Server as a pass sees it, with its current clone issue if any. */
    record Candidate(long midServerId, String instance, String name, String userName, String status,
                     boolean existedBeforeClone, UUID openIssueId, String currentIssueState) {

        IssueDecision.Facts facts() {
            return new IssueDecision.Facts(status, existedBeforeClone, currentIssueState);
        }
    }

    /** MID Servers evaluated, issues logged, re-detections counted. */
    record PassResult(int evaluated, int created, int redetected) {

        static final PassResult NONE = new PassResult(0, 0, 0);

        PassResult plus(PassResult other) {
            return new PassResult(evaluated + other.evaluated, created + other.created, redetected + other.redetected);
        }
    }

    /** What this run of a pass did, and what the pass did in all, counting earlier runs cut short. */
    record Run(PassResult thisRun, PassResult pass) {
    }

    private final JdbcClient jdbc;
    private final IssueDecision decision;
    private final IssueRecorder issueRecorder;
    private final PassProgress progress;
    private final TransactionTemplate chunkTransaction;

    CloneEvaluation(JdbcClient jdbc, IssueDecision decision, IssueRecorder issueRecorder, PassProgress progress,
                    PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.decision = decision;
        this.issueRecorder = issueRecorder;
        this.progress = progress;
        this.chunkTransaction = new TransactionTemplate(transactionManager);
        this.chunkTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Runs the pass, or what is left of it, chunk after chunk; the caller's transaction (the job's) is left as it is.
     * A chunk that fails rolls back alone: the chunks before it stay, and the next run starts with it.
     */
    Run evaluate(InstanceClone clone, Pass pass) {
        progress.begin(clone.id(), pass);
        // the answers depend on the facts only, and there are few distinct facts
        Map<IssueDecision.Facts, IssueDecision.Action> decided = new HashMap<>();
        PassResult thisRun = PassResult.NONE;
        for (PassResult chunk; (chunk = chunkTransaction.execute(status -> evaluateChunk(clone, pass, decided))) != null; ) {
            thisRun = thisRun.plus(chunk);
        }
        return new Run(thisRun, progress.totals(clone.id(), pass));
    }

    /** The next chunk after the pass's progress, or null when none is left. */
    private PassResult evaluateChunk(InstanceClone clone, Pass pass, Map<IssueDecision.Facts, IssueDecision.Action> decided) {
        long after = progress.lockEvaluatedUpTo(clone.id(), pass);
        Long through = lastOfChunk(clone, after);
        if (through == null) {
            return null;
        }
        lockDownMidServers(clone, after, through);
        List<Candidate> candidates = candidates(clone, after, through);
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
        PassResult chunk = new PassResult(candidates.size(), created.size(), redetected.size());
        progress.advance(clone.id(), pass, through, chunk);
        return chunk;
    }

    /**
     * The MID Servers a clone concerns: those of its target instance, read from there, and those registered
     * through the API, which name no instance and so are evaluated by every clone. MID Servers their instance
     * no longer lists are left out: nothing can bring them Up.
     */
    static final String CONCERNED = "(a.instance IS NULL OR a.instance = :target) AND a.removed_at IS NULL";

    /**
     * Locks the chunk's pre-clone MID Servers that are Down until the chunk commits: a Down to Up change that
     * arrives meanwhile waits, then sees the issue this chunk logs and resolves it, instead of being lost.
     * Ordered by id so that concurrent passes lock in the same order.
     */
    private void lockDownMidServers(InstanceClone clone, long after, long through) {
        jdbc.sql("SELECT a.id FROM ecc_agent a WHERE a.created_at <= :completedAt AND a.status = 'Down' AND "
                        + CONCERNED + " AND " + IN_CHUNK
                        + " ORDER BY a.id FOR UPDATE")
                .param("completedAt", utc(clone.completedAt()))
                .param("target", clone.targetInstance())
                .param("after", after)
                .param("through", through)
                .query(Long.class)
                .list();
    }

    private static final String IN_CHUNK = "a.id > :after AND a.id <= :through";

    /** The id of the last MID Server of the chunk that follows {@code after}, or null when none follows. */
    private Long lastOfChunk(InstanceClone clone, long after) {
        return jdbc.sql("SELECT MAX(c.id) FROM (SELECT a.id FROM ecc_agent a WHERE a.created_at <= :completedAt AND "
                        + CONCERNED + " AND a.id > :after ORDER BY a.id LIMIT :chunk) c")
                .param("completedAt", utc(clone.completedAt()))
                .param("target", clone.targetInstance())
                .param("after", after)
                .param("chunk", MID_SERVERS_PER_CHUNK)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    private List<Candidate> candidates(InstanceClone clone, long after, long through) {
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
                        WHERE a.created_at <= :completedAt AND """ + CONCERNED + " AND " + IN_CHUNK)
                .param("completedAt", utc(clone.completedAt()))
                .param("after", after)
                .param("through", through)
                .param("target", clone.targetInstance())
                .param("source", Issue.SOURCE_INSTANCE_CLONE)
                .query((rs, n) -> new Candidate(rs.getLong("id"), rs.getString("instance"), rs.getString("name"),
                        rs.getString("user_name"), rs.getString("status"), rs.getBoolean("existed_before_clone"),
                        rs.getObject("open_issue_id", UUID.class), rs.getString("current_issue_state")))
                .list();
    }
}
