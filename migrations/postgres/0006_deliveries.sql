-- Recordings sent by e-mail after the call (the decision's `email_to`): the queue the delivery
-- job works through, written with the recording's row, so it survives a restart. A row being
-- sent holds a lease until `next_attempt_at`; one whose sender died is taken again after it.
CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY NOT NULL,
    company_id      TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    recording_id    TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
    email_to        TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    -- Unix seconds: when a pending delivery is next tried, or a sending one's lease ends.
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    -- Sent with the audio attached, or as a link to its page (too large to attach).
    attached        BOOLEAN,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_by_recording ON deliveries (recording_id);
