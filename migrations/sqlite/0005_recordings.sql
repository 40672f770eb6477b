-- Stored recordings. The audio lives in the recording storage (a local directory by
-- default) under `storage_key`; the row is committed only after the file is safely there.
-- Times are RFC 3339 UTC text (`2026-11-02T09:15:00Z`), which sorts as time does.
CREATE TABLE recordings (
    -- A stable rowid (VACUUM keeps it) for the search index below.
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    company_id    TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    call_id       TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    duration_ms   INTEGER NOT NULL CHECK (duration_ms >= 0),
    direction     TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    caller_name   TEXT NOT NULL DEFAULT '',
    caller_number TEXT NOT NULL DEFAULT '',
    callee_name   TEXT NOT NULL DEFAULT '',
    callee_number TEXT NOT NULL DEFAULT '',
    user_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    device_id     TEXT REFERENCES devices (id) ON DELETE SET NULL,
    queue_id      TEXT REFERENCES queues (id) ON DELETE SET NULL,
    trace         TEXT NOT NULL DEFAULT '[]',
    format        TEXT NOT NULL CHECK (format IN ('wav', 'mp3', 'ogg')),
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    storage_key   TEXT NOT NULL,
    peaks         BLOB NOT NULL,
    -- Names and numbers of both parties, lower-case: the search box matches anywhere in it.
    search_text   TEXT NOT NULL,
    legal_hold    INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1)),
    uploaded_at   TEXT NOT NULL,
    UNIQUE (company_id, call_id)
);
-- Newest first, within a company, optionally one direction: the list's two orders.
CREATE INDEX recordings_by_time ON recordings (company_id, started_at DESC, id DESC);
CREATE INDEX recordings_by_direction ON recordings (company_id, direction, started_at DESC, id DESC);

-- The search box matches anywhere in names and numbers. A trigram index answers a rare
-- match without reading every row; the list uses it when the text has 3 characters or more
-- and few rows match (a common text is found faster by walking the time index).
CREATE VIRTUAL TABLE recordings_search USING fts5(
    search_text, content = 'recordings', content_rowid = 'seq', tokenize = 'trigram'
);
CREATE TRIGGER recordings_search_insert AFTER INSERT ON recordings BEGIN
    INSERT INTO recordings_search (rowid, search_text) VALUES (new.seq, new.search_text);
END;
CREATE TRIGGER recordings_search_delete AFTER DELETE ON recordings BEGIN
    INSERT INTO recordings_search (recordings_search, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
END;
CREATE TRIGGER recordings_search_update AFTER UPDATE OF search_text ON recordings BEGIN
    INSERT INTO recordings_search (recordings_search, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
    INSERT INTO recordings_search (rowid, search_text) VALUES (new.seq, new.search_text);
END;
