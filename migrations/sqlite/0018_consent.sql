-- What the engine reported of the caller's consent at the queue prompt, and the stretches the
-- recording was paused (JSON), as the upload's metadata carried them; the caller's choice
-- beside them for the list's "opted in by the caller" filter.
ALTER TABLE recordings ADD COLUMN consent TEXT;
ALTER TABLE recordings ADD COLUMN pauses TEXT NOT NULL DEFAULT '[]';
ALTER TABLE recordings ADD COLUMN caller_choice TEXT CHECK (caller_choice IN ('accept', 'reject', 'none'));
