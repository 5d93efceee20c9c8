-- Annals notebook, schema version 1.
-- Research tables hold the user's work; every change to them goes through an
-- action and is recorded in undo_log by triggers the store creates at open.
-- Day numbers count days since 1970-01-01 in the proleptic Gregorian calendar;
-- an unbounded side is stored as -9223372036854775808 (start) or
-- 9223372036854775807 (end) so range queries stay plain comparisons.
-- Foreign keys are deferred so that undo can replay a cascade in any order.

PRAGMA application_id = 1095650892; -- 'ANNL'

CREATE TABLE tracks (
    id       INTEGER PRIMARY KEY,
    uid      TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    colour   TEXT NOT NULL CHECK (colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    uid                TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL CHECK (length(trim(title)) > 0),
    date               TEXT NOT NULL,
    earliest_day       INTEGER NOT NULL,
    latest_day         INTEGER NOT NULL,
    fuzzy_earliest_day INTEGER NOT NULL,
    fuzzy_latest_day   INTEGER NOT NULL,
    sort_key           INTEGER NOT NULL,
    precision          TEXT NOT NULL,
    time_zone          TEXT,
    description        TEXT NOT NULL DEFAULT '',
    track_id           INTEGER REFERENCES tracks (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE INDEX events_by_sort_key ON events (sort_key);
CREATE INDEX events_by_earliest ON events (earliest_day, latest_day);
CREATE INDEX events_by_latest ON events (latest_day);
CREATE INDEX events_by_track ON events (track_id);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    uid  TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE event_tags (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    tag_id   INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    UNIQUE (event_id, tag_id)
) STRICT;
CREATE INDEX event_tags_by_tag ON event_tags (tag_id);

CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL CHECK (length(trim(title)) > 0),
    outlet    TEXT NOT NULL DEFAULT '',
    author    TEXT NOT NULL DEFAULT '',
    url       TEXT NOT NULL DEFAULT '',
    published TEXT,
    accessed  TEXT,
    body      TEXT NOT NULL,
    encoding  TEXT NOT NULL DEFAULT 'UTF-8'
) STRICT;

CREATE TABLE excerpts (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    start_char INTEGER NOT NULL CHECK (start_char >= 0),
    end_char   INTEGER NOT NULL CHECK (end_char > start_char),
    quote      TEXT NOT NULL CHECK (length(quote) > 0),
    prefix     TEXT NOT NULL DEFAULT '',
    suffix     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX excerpts_by_source ON excerpts (source_id, start_char);

CREATE TABLE event_excerpts (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    excerpt_id INTEGER NOT NULL REFERENCES excerpts (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    UNIQUE (event_id, excerpt_id)
) STRICT;
CREATE INDEX event_excerpts_by_excerpt ON event_excerpts (excerpt_id);

-- A note belongs to an event, to a source, or (both NULL) to the notebook.
CREATE TABLE notes (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    body      TEXT NOT NULL,
    event_id  INTEGER REFERENCES events (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    source_id INTEGER REFERENCES sources (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    CHECK (event_id IS NULL OR source_id IS NULL)
) STRICT;
CREATE INDEX notes_by_event ON notes (event_id);
CREATE INDEX notes_by_source ON notes (source_id);

-- Undo history: one row per action; its inverse statements live in undo_log
-- between first_seq and last_seq. An undone action keeps the statements that
-- redo it.
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    label     TEXT NOT NULL,
    past      TEXT NOT NULL,
    done_at   INTEGER NOT NULL,
    undone    INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    first_seq INTEGER,
    last_seq  INTEGER
) STRICT;

CREATE TABLE undo_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    statement TEXT NOT NULL
) STRICT;

-- Full-text search over everything a researcher writes or collects. The rowid
-- encodes what a hit is: id * 4 + kind (0 event, 1 source, 2 excerpt, 3 note).
CREATE VIRTUAL TABLE search USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO search (rowid, title, body) VALUES (new.id * 4, new.title, new.description);
END;
CREATE TRIGGER events_search_update AFTER UPDATE OF title, description ON events BEGIN
    DELETE FROM search WHERE rowid = old.id * 4;
    INSERT INTO search (rowid, title, body) VALUES (new.id * 4, new.title, new.description);
END;
CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    DELETE FROM search WHERE rowid = old.id * 4;
END;

CREATE TRIGGER sources_search_insert AFTER INSERT ON sources BEGIN
    INSERT INTO search (rowid, title, body) VALUES (new.id * 4 + 1, new.title, new.body);
END;
CREATE TRIGGER sources_search_update AFTER UPDATE OF title, body ON sources BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 1;
    INSERT INTO search (rowid, title, body) VALUES (new.id * 4 + 1, new.title, new.body);
END;
CREATE TRIGGER sources_search_delete AFTER DELETE ON sources BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 1;
END;

CREATE TRIGGER excerpts_search_insert AFTER INSERT ON excerpts BEGIN
    INSERT INTO search (rowid, title, body) VALUES (new.id * 4 + 2, '', new.quote);
END;
CREATE TRIGGER excerpts_search_update AFTER UPDATE OF quote ON excerpts BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 2;
    INSERT INTO search (rowid, title, body) VALUES (new.id * 4 + 2, '', new.quote);
END;
CREATE TRIGGER excerpts_search_delete AFTER DELETE ON excerpts BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 2;
END;

CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
    INSERT INTO search (rowid, title, body) VALUES (new.id * 4 + 3, '', new.body);
END;
CREATE TRIGGER notes_search_update AFTER UPDATE OF body ON notes BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 3;
    INSERT INTO search (rowid, title, body) VALUES (new.id * 4 + 3, '', new.body);
END;
CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 3;
END;
