-- Annals notebook: the original files kept in the notebook (issue 15).
--
-- original_files holds the bytes of a kept file, once per distinct file:
-- sha256 is the SHA-256 of `bytes` in lower-case hex, at most the 200 MB
-- (209 715 200 bytes) any importer reads. It is not research data and the
-- undo history never copies it: undoing the import of a 20 MB PDF must not
-- write the 20 MB again into the undo log.
--
-- source_originals says that a source keeps its original file: one row per
-- source, deleted with the source, naming the bytes by their SHA-256 (the
-- source's file_sha256 when it was kept). It is a research table, so the
-- undo log records its few columns like any other row's. A row of
-- original_files stays while a source or a step of the undo history names
-- it (undo_values_originals finds the history's mentions without a scan);
-- the store deletes it when the last one goes. The code checks the bytes
-- against the SHA-256 whenever it hands them out.

CREATE TABLE original_files (
    id     INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    bytes  BLOB NOT NULL CHECK (typeof(bytes) = 'blob' AND length(bytes) <= 209715200)
) STRICT;

CREATE TABLE source_originals (
    source_id       INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    original_sha256 TEXT NOT NULL REFERENCES original_files (sha256) DEFERRABLE INITIALLY DEFERRED
                    CHECK (length(original_sha256) = 64)
) STRICT;
CREATE INDEX source_originals_by_file ON source_originals (original_sha256);

CREATE INDEX undo_values_originals ON undo_values (value) WHERE column_name = 'original_sha256';
