-- Annals notebook, schema version 4: the undo history is data, never SQL.
-- A notebook comes from anyone, so nothing in it is ever executed. Each row
-- change an action made is one row of undo_changes: what replaying it does
-- ('delete' the row an insert added, 'update' the columns an update changed
-- back, 'insert' the row a delete removed), the table (one of the research
-- tables, checked by the code) and the row id. Its old column values are
-- rows of undo_values, stored as typed values; a long text may be stored as
-- a line diff (diff = 1) against the value the column has when the change
-- is replayed. The code replays them with statements it owns.
--
-- The hook that runs after this script converts every version-3 statement
-- of the old undo_log into these rows (a statement that is not exactly what
-- Annals' own triggers wrote becomes an 'unreadable' change, which undo
-- refuses), fills the text checksums and drops undo_log.
--
-- Sources gain the SHA-256 of their text, so `annals check` sees a changed
-- byte that SQLite's own checks cannot. Settings holds the user's choices
-- for the notebook (how much history to keep).

CREATE TABLE undo_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    op         TEXT NOT NULL CHECK (op IN ('delete', 'update', 'insert', 'unreadable')),
    table_name TEXT NOT NULL,
    row_id     INTEGER NOT NULL
) STRICT;

CREATE TABLE undo_values (
    seq         INTEGER NOT NULL,
    column_name TEXT NOT NULL,
    value       ANY,
    diff        INTEGER NOT NULL DEFAULT 0 CHECK (diff IN (0, 1)),
    UNIQUE (seq, column_name)
) STRICT;

ALTER TABLE sources ADD COLUMN body_sha256 TEXT NOT NULL DEFAULT '';

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value ANY
) STRICT;

-- The search index gains prefix indexes of two and three characters: the
-- last word of a query is matched as a prefix, and without them a short
-- prefix ("sa", "sat") merges the lists of every word that starts so (at a
-- million rows, about 100 ms a query). The index is rebuilt from the rows;
-- the triggers that keep it in sync name it and stay as they are.
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO search (rowid, title, body) SELECT id * 4, title, description FROM events;
INSERT INTO search (rowid, title, body) SELECT id * 4 + 1, title, body FROM sources;
INSERT INTO search (rowid, title, body) SELECT id * 4 + 2, '', quote FROM excerpts;
INSERT INTO search (rowid, title, body) SELECT id * 4 + 3, '', body FROM notes;
