-- MID Servers read from a ServiceNow instance belong to it: instance holds its name, NULL for the MID
-- Servers registered through /api. MID Servers of different instances may share a name.
ALTER TABLE ecc_agent ADD COLUMN instance VARCHAR(100);
-- the instance's own record of the MID Server (ecc_agent.sys_id there)
ALTER TABLE ecc_agent ADD COLUMN sys_id VARCHAR(32);
-- TRUE for a MID Server without an instance, NULL for one of an instance: with the unique constraint on
-- (name, registered) names stay unique among the MID Servers registered through /api, while those of
-- instances are unique per instance (a portable stand-in for a partial unique index, which H2 lacks)
ALTER TABLE ecc_agent ADD COLUMN registered BOOLEAN DEFAULT TRUE;
ALTER TABLE ecc_agent ADD CONSTRAINT ck_ecc_agent_registered
    CHECK ((instance IS NULL AND registered = TRUE) OR (instance IS NOT NULL AND registered IS NULL));
ALTER TABLE ecc_agent DROP CONSTRAINT uq_ecc_agent_name;
ALTER TABLE ecc_agent ADD CONSTRAINT uq_ecc_agent_name UNIQUE (name, registered);
ALTER TABLE ecc_agent ADD CONSTRAINT uq_ecc_agent_instance_name UNIQUE (instance, name);

-- A clone's pass evaluates the MID Servers of its target instance (and those without an instance)
CREATE INDEX ix_ecc_agent_instance ON ecc_agent (instance, created_at);

-- The polling of each configured ServiceNow instance: what the last polls found, and which node polls it
-- now. Shared by all nodes on the database.
CREATE TABLE servicenow_instance (
    name                VARCHAR(100)             NOT NULL PRIMARY KEY,
    -- OK, REFUSED (401/403), RATE_LIMITED (429), FAILING (any other error or a time-out)
    state               VARCHAR(20)              NOT NULL,
    last_poll_at        TIMESTAMP WITH TIME ZONE,
    last_success_at     TIMESTAMP WITH TIME ZONE,
    last_error          VARCHAR(1000),
    last_error_at       TIMESTAMP WITH TIME ZONE,
    -- failed polls in a row, for the back-off
    failures            INTEGER                  NOT NULL DEFAULT 0,
    next_poll_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the node that polls the instance now, until lease_until
    lease_owner         VARCHAR(100),
    lease_until         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ck_servicenow_instance_state CHECK (state IN ('NEW', 'OK', 'REFUSED', 'RATE_LIMITED', 'FAILING'))
);
