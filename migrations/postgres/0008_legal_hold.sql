-- Who placed a recording's legal hold, when and why (legal_hold itself is older). Kept
-- beside the flag so the list shows a hold without a join.
ALTER TABLE recordings ADD COLUMN hold_reason TEXT;
ALTER TABLE recordings ADD COLUMN hold_case TEXT;
ALTER TABLE recordings ADD COLUMN hold_by TEXT;
ALTER TABLE recordings ADD COLUMN hold_at TEXT;

-- What the purge and its count read: the recordings that may be purged, oldest first.
CREATE INDEX recordings_expiring ON recordings (company_id, started_at, id) WHERE legal_hold = FALSE;
