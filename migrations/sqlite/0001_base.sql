-- The tenancy tree, the objects every later page configures, portal administrators with
-- their roles, the login throttle and the append-only audit log.
-- Times are UTC, RFC 3339 text (sorts in time order); ids are UUID v7 text.

CREATE TABLE platform_settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    recording_mode     TEXT NOT NULL DEFAULT 'off' CHECK (recording_mode IN ('off', 'on')),
    outbound_recording TEXT NOT NULL DEFAULT 'off' CHECK (outbound_recording IN ('off', 'on')),
    version            INTEGER NOT NULL DEFAULT 1,
    updated_at         TEXT NOT NULL
);

CREATE TABLE resellers (
    id                 TEXT PRIMARY KEY NOT NULL,
    name               TEXT NOT NULL UNIQUE,
    recording_mode     TEXT NOT NULL DEFAULT 'default' CHECK (recording_mode IN ('default', 'off', 'on')),
    outbound_recording TEXT NOT NULL DEFAULT 'default' CHECK (outbound_recording IN ('default', 'off', 'on')),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL
);

CREATE TABLE companies (
    id                 TEXT PRIMARY KEY NOT NULL,
    reseller_id        TEXT NOT NULL REFERENCES resellers (id),
    name               TEXT NOT NULL,
    licensed           INTEGER NOT NULL DEFAULT 0 CHECK (licensed IN (0, 1)),
    seats              INTEGER NOT NULL DEFAULT 0 CHECK (seats >= 0),
    recording_mode     TEXT NOT NULL DEFAULT 'default' CHECK (recording_mode IN ('default', 'off', 'on')),
    outbound_recording TEXT NOT NULL DEFAULT 'default' CHECK (outbound_recording IN ('default', 'off', 'on')),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    UNIQUE (reseller_id, name)
);

CREATE TABLE teams (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (company_id, name)
);

CREATE TABLE users (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    extension  TEXT NOT NULL,
    email      TEXT,
    team_id    TEXT REFERENCES teams (id) ON DELETE SET NULL,
    seat       INTEGER NOT NULL DEFAULT 0 CHECK (seat IN (0, 1)),
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (company_id, extension)
);
CREATE INDEX users_by_company_name ON users (company_id, name, id);
CREATE INDEX users_by_team ON users (team_id);

CREATE TABLE devices (
    id            TEXT PRIMARY KEY NOT NULL,
    company_id    TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    owner_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX devices_by_company_name ON devices (company_id, name, id);
CREATE INDEX devices_by_owner ON devices (owner_user_id);

CREATE TABLE queues (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (company_id, name)
);

-- Which queues a team serves: a supervisor limited to teams sees these queues' recordings.
CREATE TABLE team_queues (
    team_id  TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    queue_id TEXT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, queue_id)
);

-- A role is a named set of privileges; checks are made on privileges, never on role names.
CREATE TABLE roles (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE,
    builtin    INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE role_privileges (
    role_id   TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    privilege TEXT NOT NULL,
    PRIMARY KEY (role_id, privilege)
);

CREATE TABLE administrators (
    id                   TEXT PRIMARY KEY NOT NULL,
    email                TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name                 TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    role_id              TEXT NOT NULL REFERENCES roles (id),
    scope_kind           TEXT NOT NULL CHECK (scope_kind IN ('platform', 'reseller', 'company')),
    reseller_id          TEXT REFERENCES resellers (id),
    company_id           TEXT REFERENCES companies (id),
    disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    -- Bumped when the administrator is disabled or changes password: every session that
    -- carries an older value is ended on its next request.
    session_epoch        INTEGER NOT NULL DEFAULT 0,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    last_login_at        TEXT,
    created_at           TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    CHECK (
        (scope_kind = 'platform' AND reseller_id IS NULL AND company_id IS NULL)
        OR (scope_kind = 'reseller' AND reseller_id IS NOT NULL AND company_id IS NULL)
        OR (scope_kind = 'company' AND company_id IS NOT NULL)
    )
);

-- A supervisor limited to teams: empty means the whole company.
CREATE TABLE administrator_teams (
    administrator_id TEXT NOT NULL REFERENCES administrators (id) ON DELETE CASCADE,
    team_id          TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    PRIMARY KEY (administrator_id, team_id)
);

-- Failed logins per account key (the e-mail as typed, lower-cased, whether or not it
-- exists, so the throttle itself reveals nothing about which accounts exist).
CREATE TABLE login_attempts (
    account_key  TEXT PRIMARY KEY NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT NOT NULL
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
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

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log entries cannot be changed');
END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log entries cannot be deleted');
END;

-- tower-sessions' SQLite store reads and writes this table.
CREATE TABLE tower_sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BLOB NOT NULL,
    expiry_date INTEGER NOT NULL
);
