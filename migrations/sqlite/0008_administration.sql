-- Administration pages: custom roles belong to the scope they were made in, and each
-- signed-in session is listed so its owner (or a disable) can end it.

-- A custom role made by a reseller or company administrator is theirs: others neither see
-- nor use it. Both empty: a built-in role, or a custom role made at the platform.
ALTER TABLE roles ADD COLUMN reseller_id TEXT REFERENCES resellers (id) ON DELETE CASCADE;
ALTER TABLE roles ADD COLUMN company_id TEXT REFERENCES companies (id) ON DELETE CASCADE;
ALTER TABLE roles ADD COLUMN created_at TEXT;

-- One row per signed-in browser session. The session store keeps the session's data; this
-- row is what "your sessions" lists and what ending a session deletes (the session is
-- refused on its next request when its row is gone).
CREATE TABLE admin_sessions (
    id               TEXT PRIMARY KEY NOT NULL,
    administrator_id TEXT NOT NULL REFERENCES administrators (id) ON DELETE CASCADE,
    created_at       TEXT NOT NULL,
    last_seen_at     TEXT NOT NULL,
    user_agent       TEXT,
    client_addr      TEXT
);
CREATE INDEX admin_sessions_by_administrator ON admin_sessions (administrator_id, created_at);

CREATE INDEX administrators_by_company ON administrators (company_id, email);
CREATE INDEX administrators_by_reseller ON administrators (reseller_id, email);
CREATE INDEX administrators_by_role ON administrators (role_id);

-- The audit log above company level: the list of actions of the whole platform is read one
-- index step per action, like a company's.
CREATE INDEX audit_by_action ON audit_log (action);

-- Every entry about a company is filed under its reseller too (new entries get it on
-- insert), so a reseller's log is read by one index. The append-only trigger is lifted for
-- this one backfill of a column that was left empty, and put back.
DROP TRIGGER audit_log_append_only_update;
UPDATE audit_log SET reseller_id = (SELECT c.reseller_id FROM companies c WHERE c.id = audit_log.company_id)
WHERE reseller_id IS NULL AND company_id IS NOT NULL;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log entries cannot be changed');
END;
CREATE INDEX audit_by_reseller ON audit_log (reseller_id, id);
-- Its list of actions, one index step per action, like a company's.
CREATE INDEX audit_by_reseller_action ON audit_log (reseller_id, action);
-- The time filter bounds the ids through this index; the object filter uses one of these two.
CREATE INDEX audit_by_at ON audit_log (at);
CREATE INDEX audit_by_object ON audit_log (object_id, id);
CREATE INDEX audit_by_kind ON audit_log (object_kind, id);
