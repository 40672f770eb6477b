-- Every decision that answered "record" for a call id, kept compactly (the user and queue
-- only so a team-limited supervisor sees their teams' calls), so a call that should have a
-- recording and has none can be found. Purged with retention.
CREATE TABLE recording_decisions (
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    call_id    TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    rule       TEXT NOT NULL,
    user_id    TEXT,
    queue_id   TEXT,
    -- Its recording was uploaded (set in the upload's transaction).
    arrived    INTEGER NOT NULL DEFAULT 0 CHECK (arrived IN (0, 1)),
    PRIMARY KEY (company_id, call_id)
);
CREATE INDEX recording_decisions_by_time ON recording_decisions (company_id, decided_at DESC);
-- The list reads the calls still waiting for their recording alone, however many arrived.
CREATE INDEX recording_decisions_missing ON recording_decisions (company_id, decided_at DESC) WHERE arrived = FALSE;

-- How long after its decision a recording may take to arrive before it counts as missing:
-- seed 002's upload SLA, 25 minutes.
ALTER TABLE companies ADD COLUMN upload_deadline_minutes INTEGER NOT NULL DEFAULT 25 CHECK (upload_deadline_minutes BETWEEN 1 AND 10080);
