-- The recording policy of docs/POLICY.md: queue opt-in prompts, account force record and
-- the on-demand code, user and device overrides; the company's audio library that prompts
-- play; bearer tokens of the JSON API.

-- Override matrices are four letters in the cell order inbound.onnet, inbound.offnet,
-- outbound.onnet, outbound.offnet: i = Inherit ("Account default"), n = On, f = Off.
ALTER TABLE users ADD COLUMN override_code TEXT NOT NULL DEFAULT 'iiii'
    CHECK (length(override_code) = 4 AND override_code NOT GLOB '*[^inf]*');
ALTER TABLE devices ADD COLUMN override_code TEXT NOT NULL DEFAULT 'iiii'
    CHECK (length(override_code) = 4 AND override_code NOT GLOB '*[^inf]*');

CREATE TABLE audio_files (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (company_id, name)
);

CREATE TABLE playbooks (
    id         TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (company_id, name)
);

-- A queue's opt-in prompt. The audio is a file or a playbook of the same company, never
-- both; the policy model checks the rest (delay 1-60, keys 1-9 # *, keys differ).
ALTER TABLE queues ADD COLUMN opt_in_audio_file TEXT REFERENCES audio_files (id);
ALTER TABLE queues ADD COLUMN opt_in_playbook TEXT REFERENCES playbooks (id);
ALTER TABLE queues ADD COLUMN opt_in_delay_seconds INTEGER NOT NULL DEFAULT 5
    CHECK (opt_in_delay_seconds BETWEEN 1 AND 60);
ALTER TABLE queues ADD COLUMN opt_in_accept_key TEXT CHECK (opt_in_accept_key IN ('1','2','3','4','5','6','7','8','9','#','*'));
ALTER TABLE queues ADD COLUMN opt_in_reject_key TEXT CHECK (opt_in_reject_key IN ('1','2','3','4','5','6','7','8','9','#','*'));
ALTER TABLE queues ADD COLUMN opt_in_replay_limit INTEGER NOT NULL DEFAULT 2
    CHECK (opt_in_replay_limit BETWEEN 0 AND 10);

-- Account force record: two matrices as four bits each (bit i = cell i, order as above).
CREATE TABLE force_record (
    company_id        TEXT PRIMARY KEY NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    all_users         INTEGER NOT NULL DEFAULT 0 CHECK (all_users BETWEEN 0 AND 15),
    entire_account    INTEGER NOT NULL DEFAULT 0 CHECK (entire_account BETWEEN 0 AND 15),
    on_demand_enabled INTEGER NOT NULL DEFAULT 0 CHECK (on_demand_enabled IN (0, 1)),
    on_demand_code    TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1
);
INSERT INTO force_record (company_id) SELECT id FROM companies;
CREATE TRIGGER force_record_for_new_company AFTER INSERT ON companies
BEGIN
    INSERT INTO force_record (company_id) VALUES (NEW.id);
END;

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
    revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE INDEX api_tokens_by_company ON api_tokens (company_id, created_at);
