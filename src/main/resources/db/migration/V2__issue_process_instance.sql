-- The issue's own process instance (R8: retention ends it together with the issue).
ALTER TABLE ecc_agent_issue ADD COLUMN process_instance_id VARCHAR(64);
