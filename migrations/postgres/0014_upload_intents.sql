-- Uploads in progress: an upload says here what audio it is about to keep, and its row's
-- transaction takes the line away. A line left behind is an upload a crash cut short, whose
-- audio no recording names; the sweep removes it (store/uploads.rs).
CREATE TABLE upload_intents (
    storage_key        TEXT PRIMARY KEY NOT NULL,
    company_id         TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    storage_account_id TEXT,
    started_at         TEXT NOT NULL
);
CREATE INDEX upload_intents_by_age ON upload_intents (started_at);
