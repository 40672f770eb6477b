-- Erasure at a data subject's request: the recordings in which a number is a party lose
-- their audio and that party's number and name, but keep their row, marked.
ALTER TABLE recordings ADD COLUMN audio_erased_at TEXT;

-- The ledger of erasures: the number only as a keyed hash (HMAC-SHA-256 under a key derived
-- from EARMARK_SECRET_KEY), so it proves a request was carried out without keeping whose.
CREATE TABLE erasures (
    id          TEXT PRIMARY KEY NOT NULL,
    company_id  TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    number_hash TEXT NOT NULL,
    erased_at   TEXT NOT NULL,
    erased_by   TEXT NOT NULL,
    erased      BIGINT NOT NULL CHECK (erased >= 0),
    kept        BIGINT NOT NULL CHECK (kept >= 0)
);
CREATE INDEX erasures_by_company ON erasures (company_id, erased_at DESC);
