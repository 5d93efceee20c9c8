-- Annals notebook, schema version 8: the file a source was read from, and
-- the pages of a paged source (a PDF).
--
-- file_name, file_sha256, file_bytes and file_imported describe the
-- original file as it was when its text was read (its name without the
-- folder, the SHA-256 of its bytes in lower-case hex, its size in bytes,
-- the import time in RFC 3339 UTC), so a quote can be traced to the exact
-- file it was cut from. A source typed or pasted in has none ('' and 0).
--
-- source_pages maps a paged source's text to its pages: page `page` (1 for
-- the first page of the file) is the characters start_char..end_char
-- (Unicode scalar values, end exclusive) of the source's body, as excerpt
-- ranges count them. Pages are in order and do not overlap; the text
-- between two pages (the blank line Annals puts between them) belongs to
-- neither. A rowid table, so the undo log records its rows like any other.

ALTER TABLE sources ADD COLUMN file_name TEXT NOT NULL DEFAULT '' CHECK (length(file_name) <= 1000);
ALTER TABLE sources ADD COLUMN file_sha256 TEXT NOT NULL DEFAULT '' CHECK (length(file_sha256) IN (0, 64));
ALTER TABLE sources ADD COLUMN file_bytes INTEGER NOT NULL DEFAULT 0 CHECK (file_bytes >= 0);
ALTER TABLE sources ADD COLUMN file_imported TEXT NOT NULL DEFAULT '' CHECK (length(file_imported) <= 64);

CREATE TABLE source_pages (
    id         INTEGER PRIMARY KEY,
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    page       INTEGER NOT NULL CHECK (page >= 1),
    start_char INTEGER NOT NULL CHECK (start_char >= 0),
    end_char   INTEGER NOT NULL CHECK (end_char >= start_char),
    UNIQUE (source_id, page)
) STRICT;
