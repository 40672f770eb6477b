-- Recording treatment (issue 7): the company's defaults, each user's own options (absent:
-- Inherit) and each queue's contact-center options, stored as the JSON of the shared policy
-- model (app/src/policy/treatment.rs), which validates them before every write. Empty means
-- the defaults. Written under the row's version like the row's other settings.
ALTER TABLE companies ADD COLUMN treatment TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN treatment TEXT NOT NULL DEFAULT '';
ALTER TABLE queues ADD COLUMN contact_center TEXT NOT NULL DEFAULT '';
