-- The audio library's content: the format found in the file's bytes (not its name), its
-- size, and the bytes themselves (at most 5 MB each; kept in the database so an upload is
-- stored whole or not at all).
ALTER TABLE audio_files ADD COLUMN format TEXT CHECK (format IN ('wav', 'mp3', 'ogg'));
ALTER TABLE audio_files ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0;
CREATE TABLE audio_blobs (
    audio_file_id TEXT PRIMARY KEY NOT NULL REFERENCES audio_files (id) ON DELETE CASCADE,
    bytes         BLOB NOT NULL
);
