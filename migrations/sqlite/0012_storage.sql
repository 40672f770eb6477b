-- A company's own storage account (the Storage page). A change writes a new row and points
-- the company at it, so the recordings kept under the old account can still name it and be
-- read. The secret is sealed with the server's EARMARK_SECRET_KEY (store/secret.rs), never
-- kept in clear.
CREATE TABLE storage_accounts (
    id            TEXT PRIMARY KEY NOT NULL,
    company_id    TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    endpoint      TEXT NOT NULL,
    region        TEXT NOT NULL,
    bucket        TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);
CREATE INDEX storage_accounts_by_company ON storage_accounts (company_id);

-- Where the company's new recordings go (no account: the platform's storage) and how they
-- are kept. No row: the platform's storage, as uploaded, no maximum length.
CREATE TABLE company_storage (
    company_id         TEXT PRIMARY KEY NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    account_id         TEXT REFERENCES storage_accounts (id),
    stored_format      TEXT NOT NULL DEFAULT 'as_uploaded' CHECK (stored_format IN ('as_uploaded')),
    max_length_seconds INTEGER CHECK (max_length_seconds > 0),
    version            INTEGER NOT NULL DEFAULT 1
);

-- The storage that holds each recording; none: the platform's.
ALTER TABLE recordings ADD COLUMN storage_account_id TEXT REFERENCES storage_accounts (id);
