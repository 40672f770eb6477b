-- What the engine reported happening on a recorded call (hold, retrieve, manual pause and
-- resume, transfers), in order: the recording's state is the fold of them by the queue's
-- contact-center rules. Kept with the call's decision and purged with it.
CREATE TABLE call_events (
    company_id TEXT NOT NULL,
    call_id    TEXT NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    event      TEXT NOT NULL CHECK (event IN ('hold', 'retrieve', 'manual_pause', 'manual_resume', 'transfer_to_agent', 'transfer_outside')),
    at         TEXT NOT NULL,
    PRIMARY KEY (company_id, call_id, seq),
    FOREIGN KEY (company_id, call_id) REFERENCES recording_decisions (company_id, call_id) ON DELETE CASCADE
);
