-- Earmark's schema on PostgreSQL: the same tables, keys and guarantees as migrations/sqlite
-- (0001 to 0009) in one step. Times are UTC, RFC 3339 text (sorts in time order); ids are
-- UUID v7 text; flags are booleans; integers are 64-bit, as the Rust side reads them.
-- A unique constraint is named "table.column" after the field a taken value is about, so
-- the error a concurrent insert gets names that field (app/src/error.rs).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE platform_settings (
    id                 BIGINT PRIMARY KEY CHECK (id = 1),
    recording_mode     TEXT NOT NULL DEFAULT 'off' CHECK (recording_mode IN ('off', 'on')),
    outbound_recording TEXT NOT NULL DEFAULT 'off' CHECK (outbound_recording IN ('off', 'on')),
    version            BIGINT NOT NULL DEFAULT 1,
    updated_at         TEXT NOT NULL
);

CREATE TABLE resellers (
    id                 TEXT PRIMARY KEY NOT NULL,
    name               TEXT NOT NULL CONSTRAINT "resellers.name" UNIQUE,
    recording_mode     TEXT NOT NULL DEFAULT 'default' CHECK (recording_mode IN ('default', 'off', 'on')),
    outbound_recording TEXT NOT NULL DEFAULT 'default' CHECK (outbound_recording IN ('default', 'off', 'on')),
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL
);

CREATE TABLE companies (
    id                 TEXT PRIMARY KEY NOT NULL,
    reseller_id        TEXT NOT NULL REFERENCES resellers (id),
    name               TEXT NOT NULL,
    licensed           BOOLEAN NOT NULL DEFAULT FALSE,
    seats              BIGINT NOT NULL DEFAULT 0 CHECK (seats >= 0),
    recording_mode     TEXT NOT NULL DEFAULT 'default' CHECK (recording_mode IN ('default', 'off', 'on')),
    outbound_recording TEXT NOT NULL DEFAULT 'default' CHECK (outbound_recording IN ('default', 'off', 'on')),
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    treatment          TEXT NOT NULL DEFAULT '',
    CONSTRAINT "companies.name" UNIQUE (reseller_id, name)
);

CREATE TABLE teams (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT "teams.name" UNIQUE (company_id, name)
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    company_id    TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    extension     TEXT NOT NULL,
    email         TEXT,
    team_id       TEXT REFERENCES teams (id) ON DELETE SET NULL,
    seat          BOOLEAN NOT NULL DEFAULT FALSE,
    version       BIGINT NOT NULL DEFAULT 1,
    -- Override matrices are four letters in the cell order inbound.onnet, inbound.offnet,
    -- outbound.onnet, outbound.offnet: i = Inherit ("Account default"), n = On, f = Off.
    override_code TEXT NOT NULL DEFAULT 'iiii' CHECK (override_code ~ '^[inf]{4}$'),
    treatment     TEXT NOT NULL DEFAULT '',
    CONSTRAINT "users.extension" UNIQUE (company_id, extension)
);
CREATE INDEX users_by_company_name ON users (company_id, name, id);
CREATE INDEX users_by_team ON users (team_id);

CREATE TABLE devices (
    id            TEXT PRIMARY KEY NOT NULL,
    company_id    TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    owner_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    override_code TEXT NOT NULL DEFAULT 'iiii' CHECK (override_code ~ '^[inf]{4}$')
);
CREATE INDEX devices_by_company_name ON devices (company_id, name, id);
CREATE INDEX devices_by_owner ON devices (owner_user_id);

CREATE TABLE audio_files (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- The format found in the file's bytes (not its name).
    format     TEXT CHECK (format IN ('wav', 'mp3', 'ogg')),
    size_bytes BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "audio_files.name" UNIQUE (company_id, name)
);
-- At most 5 MB each; kept in the database so an upload is stored whole or not at all.
CREATE TABLE audio_blobs (
    audio_file_id TEXT PRIMARY KEY NOT NULL REFERENCES audio_files (id) ON DELETE CASCADE,
    bytes         BYTEA NOT NULL
);

CREATE TABLE playbooks (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT "playbooks.name" UNIQUE (company_id, name)
);
-- A file in a playbook cannot be deleted (the service names the playbook; the foreign key
-- is the last line of defence).
CREATE TABLE playbook_items (
    playbook_id   TEXT NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
    position      BIGINT NOT NULL CHECK (position >= 0),
    audio_file_id TEXT NOT NULL REFERENCES audio_files (id),
    PRIMARY KEY (playbook_id, position)
);
CREATE INDEX playbook_items_by_file ON playbook_items (audio_file_id);

CREATE TABLE queues (
    id                   TEXT PRIMARY KEY NOT NULL,
    company_id           TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1,
    -- The opt-in prompt's audio is a file or a playbook of the same company, never both;
    -- the policy model checks the rest.
    opt_in_audio_file    TEXT REFERENCES audio_files (id),
    opt_in_playbook      TEXT REFERENCES playbooks (id),
    opt_in_delay_seconds BIGINT NOT NULL DEFAULT 5 CHECK (opt_in_delay_seconds BETWEEN 1 AND 60),
    opt_in_accept_key    TEXT CHECK (opt_in_accept_key IN ('1','2','3','4','5','6','7','8','9','#','*')),
    opt_in_reject_key    TEXT CHECK (opt_in_reject_key IN ('1','2','3','4','5','6','7','8','9','#','*')),
    opt_in_replay_limit  BIGINT NOT NULL DEFAULT 2 CHECK (opt_in_replay_limit BETWEEN 0 AND 10),
    contact_center       TEXT NOT NULL DEFAULT '',
    CONSTRAINT "queues.name" UNIQUE (company_id, name)
);

-- Which queues a team serves: a supervisor limited to teams sees these queues' recordings.
CREATE TABLE team_queues (
    team_id  TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    queue_id TEXT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, queue_id)
);

-- A role is a named set of privileges; checks are made on privileges, never on role names.
-- A custom role belongs to the scope it was made in (both empty: built in, or the platform's).
CREATE TABLE roles (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL CONSTRAINT "roles.name" UNIQUE,
    builtin     BOOLEAN NOT NULL DEFAULT FALSE,
    version     BIGINT NOT NULL DEFAULT 1,
    reseller_id TEXT REFERENCES resellers (id) ON DELETE CASCADE,
    company_id  TEXT REFERENCES companies (id) ON DELETE CASCADE,
    created_at  TEXT
);

CREATE TABLE role_privileges (
    role_id   TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    privilege TEXT NOT NULL,
    PRIMARY KEY (role_id, privilege)
);

CREATE TABLE administrators (
    id                   TEXT PRIMARY KEY NOT NULL,
    email                TEXT NOT NULL,
    name                 TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    role_id              TEXT NOT NULL REFERENCES roles (id),
    scope_kind           TEXT NOT NULL CHECK (scope_kind IN ('platform', 'reseller', 'company')),
    reseller_id          TEXT REFERENCES resellers (id),
    company_id           TEXT REFERENCES companies (id),
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    -- Bumped when the administrator is disabled or changes password: every session that
    -- carries an older value is ended on its next request.
    session_epoch        BIGINT NOT NULL DEFAULT 0,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    last_login_at        TEXT,
    created_at           TEXT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1,
    CHECK (
        (scope_kind = 'platform' AND reseller_id IS NULL AND company_id IS NULL)
        OR (scope_kind = 'reseller' AND reseller_id IS NOT NULL AND company_id IS NULL)
        OR (scope_kind = 'company' AND company_id IS NOT NULL)
    )
);
-- E-mail addresses are unique whatever their case, as SQLite's COLLATE NOCASE has it.
CREATE UNIQUE INDEX "administrators.email" ON administrators (lower(email));
CREATE INDEX administrators_by_company ON administrators (company_id, email);
CREATE INDEX administrators_by_reseller ON administrators (reseller_id, email);
CREATE INDEX administrators_by_role ON administrators (role_id);

-- An administrator limited to teams: empty means the whole company.
CREATE TABLE administrator_teams (
    administrator_id TEXT NOT NULL REFERENCES administrators (id) ON DELETE CASCADE,
    team_id          TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    PRIMARY KEY (administrator_id, team_id)
);

-- Failed logins per account key (the e-mail as typed, lower-cased, whether or not it
-- exists, so the throttle itself reveals nothing about which accounts exist). In the
-- database, so every instance on it throttles alike.
CREATE TABLE login_attempts (
    account_key  TEXT PRIMARY KEY NOT NULL,
    failures     BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    updated_at   TEXT NOT NULL
);

CREATE TABLE audit_log (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    TEXT,
    actor_email TEXT,
    action      TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
    object_kind TEXT,
    object_id   TEXT,
    reseller_id TEXT,
    company_id  TEXT,
    before      TEXT,
    after       TEXT,
    detail      TEXT,
    request_id  TEXT,
    client_addr TEXT
);
CREATE INDEX audit_by_company ON audit_log (company_id, id);
CREATE INDEX audit_by_actor ON audit_log (actor_id, id);
CREATE INDEX audit_by_company_action ON audit_log (company_id, action, id);
CREATE INDEX audit_by_action ON audit_log (action);
CREATE INDEX audit_by_reseller ON audit_log (reseller_id, id);
CREATE INDEX audit_by_reseller_action ON audit_log (reseller_id, action);
CREATE INDEX audit_by_at ON audit_log (at);
CREATE INDEX audit_by_object ON audit_log (object_id, id);
CREATE INDEX audit_by_kind ON audit_log (object_kind, id);

-- The audit log is append-only, whoever connects: no update, delete or truncate.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log entries cannot be changed or deleted';
END;
$$;
CREATE TRIGGER audit_log_append_only_rows BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Account force record: two matrices as four bits each (bit i = cell i, order as above).
CREATE TABLE force_record (
    company_id        TEXT PRIMARY KEY NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    all_users         BIGINT NOT NULL DEFAULT 0 CHECK (all_users BETWEEN 0 AND 15),
    entire_account    BIGINT NOT NULL DEFAULT 0 CHECK (entire_account BETWEEN 0 AND 15),
    on_demand_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    on_demand_code    TEXT NOT NULL DEFAULT '',
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE FUNCTION force_record_for_new_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO force_record (company_id) VALUES (NEW.id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER force_record_for_new_company AFTER INSERT ON companies
    FOR EACH ROW EXECUTE FUNCTION force_record_for_new_company();

-- Bearer tokens: only the SHA-256 of the secret is kept; the secret is shown once. A token
-- reaches one company with the privileges it was given, never more than its creator held.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    company_id   TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL UNIQUE,
    privileges   TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES administrators (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked      BOOLEAN NOT NULL DEFAULT FALSE,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_by_company ON api_tokens (company_id, created_at);

-- Stored recordings. The audio lives in the recording storage under `storage_key`; the row
-- is committed only after the file is safely there.
CREATE TABLE recordings (
    seq           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    company_id    TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    call_id       TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    duration_ms   BIGINT NOT NULL CHECK (duration_ms >= 0),
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
    size_bytes    BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    storage_key   TEXT NOT NULL,
    peaks         BYTEA NOT NULL,
    -- Names and numbers of both parties, lower-case: the search box matches anywhere in it.
    search_text   TEXT NOT NULL,
    legal_hold    BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_at   TEXT NOT NULL,
    UNIQUE (company_id, call_id)
);
-- Newest first, within a company, optionally one direction: the list's two orders.
CREATE INDEX recordings_by_time ON recordings (company_id, started_at DESC, id DESC);
CREATE INDEX recordings_by_direction ON recordings (company_id, direction, started_at DESC, id DESC);
-- "Anywhere in the name or number": a trigram index answers LIKE '%text%' without reading
-- every row.
CREATE INDEX recordings_search ON recordings USING gin (search_text gin_trgm_ops);

-- One row per signed-in browser session: what "your sessions" lists and what ending a
-- session deletes (the session is refused on its next request when its row is gone).
CREATE TABLE admin_sessions (
    id               TEXT PRIMARY KEY NOT NULL,
    administrator_id TEXT NOT NULL REFERENCES administrators (id) ON DELETE CASCADE,
    created_at       TEXT NOT NULL,
    last_seen_at     TEXT NOT NULL,
    user_agent       TEXT,
    client_addr      TEXT
);
CREATE INDEX admin_sessions_by_administrator ON admin_sessions (administrator_id, created_at);

-- tower-sessions' PostgreSQL store reads and writes this table: a browser signed in through
-- one instance is signed in on every instance on this database.
CREATE SCHEMA tower_sessions;
CREATE TABLE tower_sessions.session (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BYTEA NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);
