package io.midwatch.clone;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * How far a pass has got ({@code clone_pass_progress}): the last MID Server id it evaluated and its totals so far.
 * Each chunk of a pass locks its row, and moves it on in the chunk's own transaction, so that work and progress
 * commit together or not at all. See docs/adr/0009-a-pass-commits-in-chunks.md.
 */
@Repository
class PassProgress {

    /** Evaluated up to no MID Server yet: their ids start at 1. */
    private static final long NONE = 0;

    private final JdbcClient jdbc;

    PassProgress(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The pass's row, committed at once so that every runner of the pass, on any node, locks the same row. A runner
     * that finds it there, or loses the race to insert it, goes on from where the row says.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void begin(long clone, Pass pass) {
        try {
            jdbc.sql("""
                            INSERT INTO clone_pass_progress (clone, pass, evaluated_up_to, evaluated, created, redetected)
                            SELECT :clone, :pass, :none, 0, 0, 0 WHERE NOT EXISTS
                                (SELECT 1 FROM clone_pass_progress WHERE clone = :clone AND pass = :pass)""")
                    .param("clone", clone)
                    .param("pass", pass.label())
                    .param("none", NONE)
                    .update();
        } catch (DuplicateKeyException insertedByAnotherRunner) {
            // the row is there: that is all this needs
        }
    }

    /** The last MID Server id evaluated, its row locked until the transaction ends: one chunk at a time per pass. */
    long lockEvaluatedUpTo(long clone, Pass pass) {
        return jdbc.sql("SELECT evaluated_up_to FROM clone_pass_progress WHERE clone = :clone AND pass = :pass FOR UPDATE")
                .param("clone", clone)
                .param("pass", pass.label())
                .query(Long.class)
                .single();
    }

    void advance(long clone, Pass pass, long evaluatedUpTo, CloneEvaluation.PassResult chunk) {
        jdbc.sql("""
                        UPDATE clone_pass_progress
                        SET evaluated_up_to = :upTo, evaluated = evaluated + :evaluated, created = created + :created,
                            redetected = redetected + :redetected
                        WHERE clone = :clone AND pass = :pass""")
                .param("upTo", evaluatedUpTo)
                .param("evaluated", chunk.evaluated())
                .param("created", chunk.created())
                .param("redetected", chunk.redetected())
                .param("clone", clone)
                .param("pass", pass.label())
                .update();
    }

    /** What the pass did in all, over every run of it. */
    CloneEvaluation.PassResult totals(long clone, Pass pass) {
        return jdbc.sql("SELECT evaluated, created, redetected FROM clone_pass_progress WHERE clone = :clone AND pass = :pass")
                .param("clone", clone)
                .param("pass", pass.label())
                .query((rs, n) -> new CloneEvaluation.PassResult(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
                .single();
    }
}
