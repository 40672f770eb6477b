-- Work that must run once among all instances on one database holds a lease here
-- (store/jobs.rs): the holder, and when its lease runs out.
CREATE TABLE job_leases (
    job    TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    until  INTEGER NOT NULL
);
