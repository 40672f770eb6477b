-- The Audit log page filters a company's entries by action, and lists the actions that occur
-- (one index step per distinct action, however long the log).
CREATE INDEX audit_by_company_action ON audit_log (company_id, action, id);
