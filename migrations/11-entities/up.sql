-- Annals notebook, entities and links between events.
--
-- An entity is a person, an organisation, a place or a kind the user names
-- (kind is free text; 'person', 'organisation' and 'place' are the known
-- ones). Its aliases are the other spellings it is known by ("김정은"); dates
-- is EDTF (born, founded), parsed by the code; a place may have coordinates
-- in degrees (both or neither).
--
-- event_entities says an entity takes part in an event in a role ("visitor",
-- "location"; '' for none), optionally citing the excerpt that says so;
-- source_entities says a source has an entity as its author, subject, ….
-- event_links are directed links between two events ("causes", "precedes",
-- "part-of", "responds-to", "contradicts" or a kind the user names), each
-- optionally citing the excerpt that asserts it. A cited excerpt that is
-- deleted leaves the link uncited.

CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (length(trim(kind)) BETWEEN 1 AND 100),
    name        TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 500),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 100000),
    notes       TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 1000000),
    dates       TEXT CHECK (dates IS NULL OR length(dates) <= 200),
    latitude    REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    longitude   REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
    CHECK ((latitude IS NULL) = (longitude IS NULL))
) STRICT;
CREATE INDEX entities_by_name ON entities (name COLLATE NOCASE);

CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    alias     TEXT NOT NULL CHECK (length(trim(alias)) BETWEEN 1 AND 500),
    UNIQUE (entity_id, alias)
) STRICT;

CREATE TABLE event_entities (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    entity_id  INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    role       TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 200),
    excerpt_id INTEGER REFERENCES excerpts (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    UNIQUE (event_id, entity_id, role)
) STRICT;
CREATE INDEX event_entities_by_entity ON event_entities (entity_id);

CREATE TABLE source_entities (
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    role      TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 200),
    UNIQUE (source_id, entity_id, role)
) STRICT;
CREATE INDEX source_entities_by_entity ON source_entities (entity_id);

CREATE TABLE event_links (
    from_event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    to_event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    kind          TEXT NOT NULL CHECK (length(trim(kind)) BETWEEN 1 AND 100),
    excerpt_id    INTEGER REFERENCES excerpts (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    CHECK (from_event_id <> to_event_id),
    UNIQUE (from_event_id, to_event_id, kind)
) STRICT;
CREATE INDEX event_links_by_to ON event_links (to_event_id);
