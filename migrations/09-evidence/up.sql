-- Annals notebook: evidence that reasons (issue 19).
--
-- Each link between an event and an excerpt says what the excerpt asserts:
-- the date it gives for the event (EDTF, with its strict bounds in days
-- since 1970-01-01 as events keep theirs, an unbounded side as
-- -9223372036854775808 / 9223372036854775807; all three NULL when the
-- excerpt gives no date) and its stance towards the event. An event whose
-- supporting excerpts assert dates that do not overlap is shown disputed;
-- that is derived, never stored. Each event has a status the researcher
-- sets ('disputed' among them, for a dispute no date shows).
--
-- Each excerpt keeps the SHA-256 (lower-case hex) of its quote and of the
-- source text it was cut from, so `annals check` can report drift: a quote
-- that sits in a text other than the one it was cut from or last verified
-- against (text changed outside Annals, a tampered export), or a quote
-- changed outside Annals. An edit in Annals re-anchors each excerpt and
-- re-verifies one whose quote still stands word for word (one that does
-- not is lost). An empty digest means "not recorded": the hook after this
-- script fills the quote digests of the excerpts already there; their
-- source digest is set when an edit in Annals next verifies them.

ALTER TABLE event_excerpts ADD COLUMN asserts TEXT CHECK (asserts IS NULL OR length(asserts) BETWEEN 1 AND 200);
ALTER TABLE event_excerpts ADD COLUMN asserts_earliest_day INTEGER;
ALTER TABLE event_excerpts ADD COLUMN asserts_latest_day INTEGER;
ALTER TABLE event_excerpts ADD COLUMN stance TEXT NOT NULL DEFAULT 'supports'
    CHECK (stance IN ('supports', 'disputes', 'mentions'));

ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'reported'
    CHECK (status IN ('reported', 'confirmed', 'planned', 'cancelled', 'disputed'));

ALTER TABLE excerpts ADD COLUMN quote_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE excerpts ADD COLUMN source_sha256 TEXT NOT NULL DEFAULT '';
