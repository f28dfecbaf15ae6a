-- A refused poll is told apart: LOGIN_REFUSED (401, the account's login failed) from ACCESS_DENIED (403, the
-- account lacks a role or an ACL to read a table). A row saying REFUSED was a 401 or a 403; its next poll
-- tells which, meanwhile it reads as a refused login, the more likely after a clone.
ALTER TABLE servicenow_instance DROP CONSTRAINT ck_servicenow_instance_state;
UPDATE servicenow_instance SET state = 'LOGIN_REFUSED' WHERE state = 'REFUSED';
ALTER TABLE servicenow_instance ADD CONSTRAINT ck_servicenow_instance_state
    CHECK (state IN ('NEW', 'OK', 'LOGIN_REFUSED', 'ACCESS_DENIED', 'RATE_LIMITED', 'FAILING'));
