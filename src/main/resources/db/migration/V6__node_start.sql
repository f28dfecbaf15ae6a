-- When a node last started on this database, the latest of all nodes: the heartbeat check counts no silence
-- from before it against a MID Server (R12), since a restarted node must verify the fleet's passwords again.
-- One row, raised by each node as it starts.
CREATE TABLE node_start (
    id          INTEGER                  NOT NULL PRIMARY KEY,
    latest_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_node_start_one_row CHECK (id = 1)
);
INSERT INTO node_start (id, latest_at) VALUES (1, CURRENT_TIMESTAMP);
