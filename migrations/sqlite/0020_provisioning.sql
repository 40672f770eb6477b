-- The PBX is where users and devices are born: each may carry the PBX's own id for it, unique
-- within the company, so that provisioning by that id creates once and updates after.
ALTER TABLE users ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX users_by_external_id ON users (company_id, external_id) WHERE external_id IS NOT NULL;
ALTER TABLE devices ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX devices_by_external_id ON devices (company_id, external_id) WHERE external_id IS NOT NULL;

-- A deleted user's or device's name, kept on their recordings (whose ids the foreign keys set
-- to none): the recording still says whose call it was.
ALTER TABLE recordings ADD COLUMN user_name TEXT;
ALTER TABLE recordings ADD COLUMN device_name TEXT;

-- A CSV import of users or devices between its upload and its preview, for the administrator
-- who uploaded it; applied or a day old, it goes.
CREATE TABLE pending_imports (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    staged_by  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('users', 'devices')),
    file_name  TEXT NOT NULL,
    content    TEXT NOT NULL,
    staged_at  TEXT NOT NULL
);
CREATE INDEX pending_imports_by_age ON pending_imports (staged_at);
