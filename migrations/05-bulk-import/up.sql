-- Annals notebook, schema version 5: compact undo records for bulk imports.
-- An import of a million events would otherwise log a million undo changes
-- (and pay the undo triggers for each row). Instead the importer inserts the
-- new rows with consecutive row ids and records one 'delete' change for the
-- first of them with a span here naming the last: replaying it deletes the
-- rows first..=last of that table, which are exactly the rows the import
-- added (new row ids are max + 1, and undo runs newest first, so no later
-- row can sit inside the span when it is replayed). Like undo_changes, a
-- span is data checked by the code, never SQL.

CREATE TABLE undo_spans (
    seq      INTEGER PRIMARY KEY,
    last_row INTEGER NOT NULL
) STRICT;
