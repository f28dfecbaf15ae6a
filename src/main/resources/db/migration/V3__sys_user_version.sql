-- Counts the changes of a user (password, flags, roles): a MID Server login verified at one version is not
-- taken as verified at another, on any node, because every heartbeat reads the version from here.
ALTER TABLE sys_user ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
