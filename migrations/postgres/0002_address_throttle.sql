-- Failed logins per client address in a fixed window, in the database: every instance on
-- this database throttles an address alike (as sqlite/0010).
CREATE TABLE address_attempts (
    address      TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    failures     BIGINT NOT NULL
);
