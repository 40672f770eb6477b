-- How long recordings are kept, in days, at the three levels; NULL at a reseller or a
-- company is Default (the level above). The system's 365 is seed 004's "stored for a
-- minimum of 1 year".
ALTER TABLE platform_settings ADD COLUMN retention_days BIGINT NOT NULL DEFAULT 365 CHECK (retention_days BETWEEN 1 AND 36500);
ALTER TABLE resellers ADD COLUMN retention_days BIGINT CHECK (retention_days BETWEEN 1 AND 36500);
ALTER TABLE companies ADD COLUMN retention_days BIGINT CHECK (retention_days BETWEEN 1 AND 36500);
