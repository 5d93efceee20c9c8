-- Annals notebook, schema version 3: an index on the undo history's state
-- (finding the next action to undo or redo, and the redo stack a new action
-- drops, must not scan the whole history), and an R*Tree over each event's extent in
-- days, so "which events may overlap this range" is answered without
-- scanning. Two inequalities on different columns cannot use one B-tree;
-- an R*Tree answers interval overlap directly. Its 32-bit coordinates are
-- rounded outward, so it may return a few extra rows, which the query then
-- filters exactly on events.earliest_day and events.latest_day. Like the
-- search index, it is derived data kept in sync by triggers.

CREATE VIRTUAL TABLE event_extents USING rtree (id, min_day, max_day);

INSERT INTO event_extents (id, min_day, max_day)
SELECT id, earliest_day, latest_day FROM events;

CREATE TRIGGER events_extent_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_extents (id, min_day, max_day) VALUES (new.id, new.earliest_day, new.latest_day);
END;
CREATE TRIGGER events_extent_update AFTER UPDATE OF earliest_day, latest_day ON events BEGIN
    UPDATE event_extents SET min_day = new.earliest_day, max_day = new.latest_day WHERE id = old.id;
END;
CREATE TRIGGER events_extent_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_extents WHERE id = old.id;
END;

CREATE INDEX history_by_state ON history (undone, id);
