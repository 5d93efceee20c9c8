-- Annals notebook, schema version 2.
-- An excerpt is "lost" when an edit of its source removed its quote: its
-- range, prefix and suffix then say where it last was, and `annals check`
-- reports it. Re-anchoring after an edit sets and clears the flag in the same
-- action as the edit, so undo restores both together.

ALTER TABLE excerpts ADD COLUMN lost INTEGER NOT NULL DEFAULT 0 CHECK (lost IN (0, 1));
