-- How far a pass of a clone check has got: a pass commits its work a chunk of MID Servers at a time, in id order
-- (docs/adr/0009-a-pass-commits-in-chunks.md). Each chunk moves this row on in its own transaction, so a pass run
-- again after a failure or a dead node goes on after the last MID Server evaluated: no issue is opened twice and
-- no re-detection counted twice. The counts are the pass's totals so far.
CREATE TABLE clone_pass_progress (
    clone           BIGINT      NOT NULL REFERENCES instance_clone (id) ON DELETE CASCADE,
    pass            VARCHAR(10) NOT NULL,
    evaluated_up_to BIGINT      NOT NULL,
    evaluated       INTEGER     NOT NULL,
    created         INTEGER     NOT NULL,
    redetected      INTEGER     NOT NULL,
    CONSTRAINT pk_clone_pass_progress PRIMARY KEY (clone, pass),
    CONSTRAINT ck_clone_pass_progress_pass CHECK (pass IN ('first', 'second'))
);
