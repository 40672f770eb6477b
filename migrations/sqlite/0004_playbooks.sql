-- A playbook plays audio files of its company's library one after another. A file in a
-- playbook cannot be deleted (the service names the playbook; the foreign key is the last
-- line of defence). Playbooks carry a version like every other edited object.
ALTER TABLE playbooks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TABLE playbook_items (
    playbook_id   TEXT NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position >= 0),
    audio_file_id TEXT NOT NULL REFERENCES audio_files (id),
    PRIMARY KEY (playbook_id, position)
);
CREATE INDEX playbook_items_by_file ON playbook_items (audio_file_id);
