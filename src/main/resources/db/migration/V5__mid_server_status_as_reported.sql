-- A MID Server of an instance keeps the status its instance reports, documented or not (ServiceNow adds
-- statuses: Draining, Drained, Drain Failed, ...); one registered through /api takes a documented status only.
ALTER TABLE ecc_agent DROP CONSTRAINT ck_ecc_agent_status;
ALTER TABLE ecc_agent ALTER COLUMN status SET DATA TYPE VARCHAR(40);
ALTER TABLE ecc_agent ADD CONSTRAINT ck_ecc_agent_status CHECK (TRIM(status) <> '' AND (instance IS NOT NULL
    OR status IN ('Up', 'Down', 'Upgrading', 'Paused', 'Upgrade Failed', 'Draining', 'Drained', 'Drain Failed')));

-- When the instance stopped listing the MID Server (deleted there); NULL while it lists it. The row stays for
-- its issues; evaluation passes leave it out.
ALTER TABLE ecc_agent ADD COLUMN removed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE ecc_agent ADD CONSTRAINT ck_ecc_agent_removed_at CHECK (removed_at IS NULL OR instance IS NOT NULL);

-- MID Servers the last good poll of the instance could not take over (a name longer than MidWatch keeps, ...)
ALTER TABLE servicenow_instance ADD COLUMN skipped_mid_servers INTEGER DEFAULT 0 NOT NULL;
