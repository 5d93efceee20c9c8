-- Annals notebook, schema version 6: tracks can be hidden from the timeline,
-- and a filter can be saved as a named view.
--
-- A view's filter is JSON the code reads with serde into its own filter
-- model (unknown keys are ignored, a malformed one is skipped with a
-- message); it is data, never SQL. range_start/range_end are the visible
-- time range saved with the view, in days since 1970-01-01, or NULL.

ALTER TABLE tracks ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));

CREATE TABLE views (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    filter      TEXT NOT NULL CHECK (length(filter) <= 100000),
    range_start REAL,
    range_end   REAL
) STRICT;
