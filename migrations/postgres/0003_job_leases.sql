-- Work that must run once among all instances on this database holds a lease here
-- (store/jobs.rs; as sqlite/0011).
CREATE TABLE job_leases (
    job    TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    until  BIGINT NOT NULL
);
