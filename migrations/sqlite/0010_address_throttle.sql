-- Failed logins per client address in a fixed window, in the database (it was kept in each
-- process's memory): every instance on one database throttles an address alike.
CREATE TABLE address_attempts (
    address      TEXT PRIMARY KEY NOT NULL,
    window_start INTEGER NOT NULL,
    failures     INTEGER NOT NULL
);
