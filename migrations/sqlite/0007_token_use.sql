-- The API tokens page says when a token was last used (at most a minute off: the server
-- writes it when it reads the token from the database, not on every request) and when it
-- was revoked.
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
