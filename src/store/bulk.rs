//! The bulk import path: many events in one action, fast and exactly
//! undoable.
//!
//! Adding events one by one costs, per row, the undo triggers (a logged
//! change), the search-index trigger and the R*Tree trigger. An import
//! instead:
//!
//! 1. applies its updates (events matched by uid) the ordinary way, so each
//!    is logged and undone column by column;
//! 2. looks each distinct track and tag name up (or creates it) once, the
//!    ordinary way;
//! 3. turns the connection's triggers off (`SQLITE_DBCONFIG_ENABLE_TRIGGER`,
//!    for this connection only and inside the action's transaction) and
//!    inserts the new events and their tag rows, with CHECK constraints
//!    off and what they guard ensured by the code ([`ChecksOff`]): SQLite
//!    gives them consecutive row ids after the largest one;
//! 4. turns the triggers back on and fills the search index and the R*Tree
//!    for those row ids with one `INSERT … SELECT` each (a large import
//!    raises FTS5's `hashsize` meanwhile, [`LARGE_IMPORT_HASHSIZE_BYTES`]);
//!    a large import into an empty R*Tree (a new notebook) writes it as a
//!    packed tree instead ([`extents::Packer`]), and one into an empty
//!    search index copies in the index a second thread built meanwhile
//!    ([`search_build`]);
//! 5. records one `delete` change per table with a span (`undo_spans`)
//!    naming the last row, instead of one change per row.
//!
//! Undo replays the span as one `DELETE … WHERE rowid BETWEEN`, with the
//! triggers on, so the search index and R*Tree rows go with them and the
//! redo is recorded as usual. Undo runs newest first, so no row added after
//! the import can be inside the span when it is replayed. Everything is one
//! transaction: a kill at any moment leaves the notebook as it was.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, Transaction};

use super::error::{StoreError, StoreResult};
use super::guard::Trust;
use super::{entities, events, exec, extents, query_one, search_build};
use crate::action::{EventImport, RoleEntity, RoleEvent};
use crate::model::{EventId, TagId, TrackId, UidSeries};

/// Turns the connection's triggers off until dropped (or [`Self::on`]):
/// the schema's (search index, R*Tree) by `SQLITE_DBCONFIG_ENABLE_TRIGGER`,
/// and the TEMP undo triggers of the two tables the bulk path fills, which
/// that setting leaves on since SQLite 3.35, by dropping them (inside the
/// transaction, so a rollback brings them back; [`Self::on`] and the drop
/// reinstall them).
struct TriggersOff<'c> {
    conn: &'c Connection,
    trust: &'c Trust,
}

impl<'c> TriggersOff<'c> {
    fn new(conn: &'c Connection, trust: &'c Trust) -> StoreResult<Self> {
        let off = Self { conn, trust };
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        trust.run(|| {
            conn.execute_batch(
                "DROP TRIGGER IF EXISTS temp.undo_events_insert;
                 DROP TRIGGER IF EXISTS temp.undo_event_tags_insert;",
            )
        })?;
        Ok(off)
    }

    fn restore(&self) -> StoreResult<()> {
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
        self.trust
            .run(|| super::history::install_triggers(self.conn))
    }

    /// Turns them back on, reporting a failure (dropping cannot).
    fn on(self) -> StoreResult<()> {
        let result = self.restore();
        std::mem::forget(self);
        result
    }
}

impl Drop for TriggersOff<'_> {
    fn drop(&mut self) {
        // On an error path: the caller rolls the transaction back; the
        // triggers must be on for whatever runs next.
        let _ = self.restore();
    }
}

/// Turns the connection's CHECK constraints off until dropped (or
/// [`Self::on`]), for the bulk path's own inserts into `events` and
/// `event_tags`. SQLite codes `status IN ('reported', …)` as a temporary
/// B-tree it builds and frees again for every row: with the check on, the
/// inserts of a million events took 4.6 s, without it 2.2 s. What the
/// checks guard still holds for every row the bulk path writes:
///
/// - `length(trim(title)) > 0`: [`events::ResolvedInserter::insert`]
///   refuses a title that Rust's `trim` leaves empty, which removes all
///   white space where SQLite's `trim` removes only spaces, so a title it
///   passes passes the check;
/// - `status IN (…)`: the insert leaves `status` to its default,
///   `'reported'`;
/// - `event_tags` has no CHECK.
///
/// A test (`the_bulk_path_knows_every_check_it_skips`) fails if a
/// migration adds a CHECK to either table.
struct ChecksOff<'c> {
    conn: &'c Connection,
    trust: &'c Trust,
}

impl<'c> ChecksOff<'c> {
    fn new(conn: &'c Connection, trust: &'c Trust) -> StoreResult<Self> {
        trust.run(|| conn.pragma_update(None, "ignore_check_constraints", true))?;
        Ok(Self { conn, trust })
    }

    fn restore(&self) -> StoreResult<()> {
        Ok(self.trust.run(|| {
            self.conn
                .pragma_update(None, "ignore_check_constraints", false)
        })?)
    }

    /// Turns them back on, reporting a failure (dropping cannot).
    fn on(self) -> StoreResult<()> {
        let result = self.restore();
        std::mem::forget(self);
        result
    }
}

impl Drop for ChecksOff<'_> {
    fn drop(&mut self) {
        // On an error path: the checks must be on for whatever runs next.
        let _ = self.restore();
    }
}

/// The full-text index's pending-terms budget for a large import, in
/// bytes. FTS5 keeps new terms in memory and writes them out as a segment
/// each time they exceed its `hashsize` (1 MB by default); a million
/// events (with the `2 3` prefix indexes) made a few hundred segments that
/// it then merged over and over. Measured at a million events, filling the
/// index and the R*Tree after it (the pending terms are written out when
/// the next statement begins) took 9.6–9.9 s with the default, 8.3–8.7 s
/// at 16 MB, 7.5–8.4 s at 64 MB and no better at 128 or 256 MB, which
/// hold more memory.
const LARGE_IMPORT_HASHSIZE_BYTES: i64 = 64 * 1024 * 1024;

/// FTS5's default `hashsize` (`FTS5_DEFAULT_HASHSIZE`, 1 MB).
pub(super) const SEARCH_DEFAULT_HASHSIZE_BYTES: i64 = 1024 * 1024;

/// Sets the full-text index's `hashsize` for this transaction's writes.
/// FTS5 stores the setting as a row of `search_config`, inside the
/// transaction: a rollback or a kill takes it back.
fn set_search_hashsize(conn: &Connection, bytes: i64) -> StoreResult<()> {
    exec(
        conn,
        "INSERT INTO search (search, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )?;
    Ok(())
}

/// Puts the full-text index's `hashsize` back as it was before the import:
/// FTS5's default in memory, and no row in `search_config`, so the file is
/// exactly what any Annals expects (the check at open refuses every search
/// index setting). FTS5 has no way to delete a setting, and defensive mode
/// makes its tables read-only to statements, so defensive mode is off for
/// this one statement of the store's own, inside the import's transaction.
fn reset_search_hashsize(conn: &Connection) -> StoreResult<()> {
    set_search_hashsize(conn, SEARCH_DEFAULT_HASHSIZE_BYTES)?;
    let off = super::extents::DefensiveOff::new(conn)?;
    // Not a cached statement: it is finalized before defensive mode is on.
    conn.execute("DELETE FROM search_config WHERE k = 'hashsize'", [])?;
    off.on()
}

/// Imports of at least this many events get [`LARGE_IMPORT_CACHE_KIB`] of
/// page cache.
pub(super) const LARGE_IMPORT_EVENTS: usize = 10_000;
/// The page cache of a large import, in KiB: a million events make a file
/// of a few hundred MB, and the indexes being filled stay in cache.
const LARGE_IMPORT_CACHE_KIB: i64 = 256 * 1024;
/// SQLite's default page cache, in KiB (what `cache_size = -2000` means).
const DEFAULT_CACHE_KIB: i64 = 2000;

/// A larger page cache until dropped.
struct BigCache<'c>(&'c Connection);

impl<'c> BigCache<'c> {
    fn new(conn: &'c Connection) -> StoreResult<Self> {
        conn.pragma_update(None, "cache_size", -LARGE_IMPORT_CACHE_KIB)?;
        Ok(Self(conn))
    }
}

impl Drop for BigCache<'_> {
    fn drop(&mut self) {
        // Only a smaller cache is lost if this fails.
        let _ = self.0.pragma_update(None, "cache_size", -DEFAULT_CACHE_KIB);
    }
}

/// The tables whose secondary indexes a large import rebuilds: the ones it
/// fills row by row.
const REBUILT_TABLES: [&str; 2] = ["events", "event_tags"];

/// Drops the explicit secondary indexes of the tables a large import fills
/// and returns the statements that recreate them. Inserting a million rows
/// into four date and track indexes walks each B-tree at a random place per
/// row; `CREATE INDEX` after the rows are in sorts once and writes each
/// index in order. Measured on 300k events with dates over 50 years: the
/// inserts with the indexes rebuilt took 2.2 s against 3.8 s. The names and
/// statements are the migrations' own (see [`super::schema::indexes_of`]),
/// and it is all inside the action's transaction: a rollback or a kill
/// brings the indexes back as they were.
fn drop_indexes(conn: &Connection, trust: &Trust) -> StoreResult<Vec<String>> {
    let mut recreate = Vec::new();
    for table in REBUILT_TABLES {
        for (name, sql) in super::schema::indexes_of(table)? {
            trust.run(|| conn.execute_batch(&format!("DROP INDEX \"{name}\"")))?;
            recreate.push(sql);
        }
    }
    Ok(recreate)
}

/// Recreates the indexes [`drop_indexes`] dropped.
fn recreate_indexes(conn: &Connection, trust: &Trust, statements: &[String]) -> StoreResult<()> {
    for sql in statements {
        trust.run(|| conn.execute_batch(sql))?;
    }
    Ok(())
}

fn max_rowid(conn: &Connection, table: &str) -> StoreResult<i64> {
    Ok(query_one(
        conn,
        &format!("SELECT coalesce(max(rowid), 0) FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

/// Records that replaying deletes the rows `first..=last` of `table`.
fn record_span(conn: &Connection, table: &str, first: i64, last: i64) -> StoreResult<()> {
    if last < first {
        return Ok(());
    }
    exec(
        conn,
        "INSERT INTO undo_changes (op, table_name, row_id) VALUES ('delete', ?1, ?2)",
        rusqlite::params![table, first],
    )?;
    exec(
        conn,
        "INSERT INTO undo_spans (seq, last_row) VALUES (?1, ?2)",
        rusqlite::params![conn.last_insert_rowid(), last],
    )?;
    Ok(())
}

/// Applies an import; returns how many events it added and updated.
pub(super) fn import_events_tx(
    tx: &Transaction<'_>,
    import: &EventImport,
    trust: &Trust,
) -> StoreResult<(usize, usize)> {
    for (id, fields) in &import.updates {
        events::update_tx(tx, *id, fields)?;
    }
    let new = insert_new_tx(tx, import, trust)?;
    roles_tx(tx, import, &new)?;
    Ok((import.new.len(), import.updates.len()))
}

/// The entities and roles of an import, logged the ordinary way after the
/// events' spans: undo, newest first, takes the roles and entities off
/// before it deletes the events. `new` are the ids the new events got.
fn roles_tx(tx: &Transaction<'_>, import: &EventImport, new: &[EventId]) -> StoreResult<()> {
    if import.roles.is_empty() {
        return Ok(());
    }
    let mut created = Vec::with_capacity(import.entities.len());
    for fields in &import.entities {
        created.push(entities::insert_tx(tx, fields)?);
    }
    let missing = || StoreError::Invalid("the import names a row it does not hold".to_owned());
    for role in &import.roles {
        let event = match role.event {
            RoleEvent::New(i) => *new.get(i).ok_or_else(missing)?,
            RoleEvent::Existing(id) => id,
        };
        let entity = match role.entity {
            RoleEntity::New(i) => *created.get(i).ok_or_else(missing)?,
            RoleEntity::Existing(id) => id,
        };
        entities::involve_once_tx(tx, event, entity, &role.role)?;
    }
    Ok(())
}

/// Adds the import's new events by the bulk path; returns their ids. A
/// large import into an empty search index builds that index on a second
/// core meanwhile ([`search_build`]).
fn insert_new_tx(
    tx: &Transaction<'_>,
    import: &EventImport,
    trust: &Trust,
) -> StoreResult<Vec<EventId>> {
    if import.new.is_empty() {
        return Ok(Vec::new());
    }
    let on_the_side = import.new.len() >= LARGE_IMPORT_EVENTS && search_build::index_is_empty(tx)?;
    // Tracks and tags are not events: the first new id is known now.
    let first_event = max_rowid(tx, "events")? + 1;
    let cancel = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let side = on_the_side
            .then(|| search_build::SideIndex::start(scope, &import.new, first_event, &cancel));
        insert_rows_tx(tx, import, trust, first_event, side)
    })
}

/// [`insert_new_tx`] once the side index, if any, is started.
fn insert_rows_tx(
    tx: &Transaction<'_>,
    import: &EventImport,
    trust: &Trust,
    first_event: i64,
    side: Option<search_build::SideIndex<'_>>,
) -> StoreResult<Vec<EventId>> {
    // Tracks and tags first, logged the ordinary way.
    let mut tracks: HashMap<&str, TrackId> = HashMap::new();
    let mut tags: HashMap<&str, TagId> = HashMap::new();
    for event in &import.new {
        if let Some(track) = event.fields.track.as_deref().map(str::trim)
            && !track.is_empty()
            && !tracks.contains_key(track)
        {
            tracks.insert(track, events::track_by_name_tx(tx, track)?);
        }
        for tag in event.fields.tags.iter().map(|t| t.trim()) {
            if !tag.is_empty() && !tags.contains_key(tag) {
                tags.insert(tag, events::tag_by_name_tx(tx, tag)?);
            }
        }
    }
    // A large import touches far more pages than SQLite's default 2 MB
    // cache holds; spilling dirty pages mid-transaction syncs the journal
    // each time. The cache grows for the import and shrinks back after.
    let _cache = (import.new.len() >= LARGE_IMPORT_EVENTS)
        .then(|| BigCache::new(tx))
        .transpose()?;
    let first_tag_row = max_rowid(tx, "event_tags")? + 1;
    // Rebuilding the indexes costs a sort of the whole table, so it pays
    // when the import at least doubles it.
    let rebuild = import.new.len() >= LARGE_IMPORT_EVENTS
        && i64::try_from(import.new.len()).is_ok_and(|n| n >= first_event - 1);
    let dropped = if rebuild {
        drop_indexes(tx, trust)?
    } else {
        Vec::new()
    };
    let off = TriggersOff::new(tx, trust)?;
    // The triggers are off, so the R*Tree stays as it is until filled.
    let mut packer = if import.new.len() >= LARGE_IMPORT_EVENTS {
        extents::Packer::for_empty_tree(tx, import.new.len())?
    } else {
        None
    };
    let checks = ChecksOff::new(tx, trust)?;
    let mut event_tags = Vec::new();
    let mut ids = Vec::with_capacity(import.new.len());
    let mut rows = events::ResolvedInserter::new(tx)?;
    let mut uids = UidSeries::new();
    let mut uid_buf = [0; uuid::fmt::Hyphenated::LENGTH];
    for event in &import.new {
        let track = event
            .fields
            .track
            .as_deref()
            .map(str::trim)
            .and_then(|t| tracks.get(t).copied());
        event_tags.clear();
        event_tags.extend(
            event
                .fields
                .tags
                .iter()
                .filter_map(|t| tags.get(t.trim()).copied()),
        );
        let uid = match &event.uid {
            Some(uid) => uid.0.as_str(),
            None => uids.next_in(&mut uid_buf),
        };
        let row = rows.insert(uid, &event.fields, track, &event_tags)?;
        if let Some(packer) = &mut packer {
            packer.push(row.id, row.earliest_day, row.latest_day)?;
        }
        ids.push(row.id);
    }
    drop(rows);
    checks.on()?;
    off.on()?;
    recreate_indexes(tx, trust, &dropped)?;
    let last_event = max_rowid(tx, "events")?;
    let last_tag_row = max_rowid(tx, "event_tags")?;
    let installed = match side {
        Some(side) => side.install(tx, last_event)?,
        None => false,
    };
    if !installed {
        fill_search_tx(tx, import.new.len(), first_event, last_event)?;
    }
    match packer {
        Some(packer) => packer.fill(tx)?,
        None => {
            exec(
                tx,
                "INSERT INTO event_extents (id, min_day, max_day)
                 SELECT id, earliest_day, latest_day FROM events WHERE id BETWEEN ?1 AND ?2",
                [first_event, last_event],
            )?;
        }
    }
    // Events first, their tag rows after: replayed newest first, the tag
    // rows go before the events they point to.
    record_span(tx, "events", first_event, last_event)?;
    record_span(tx, "event_tags", first_tag_row, last_tag_row)?;
    Ok(ids)
}

/// Fills the search index for the events `first..=last` by FTS5 itself,
/// with a larger `hashsize` for a large import.
fn fill_search_tx(tx: &Transaction<'_>, events: usize, first: i64, last: i64) -> StoreResult<()> {
    let big_hash = events >= LARGE_IMPORT_EVENTS;
    if big_hash {
        set_search_hashsize(tx, LARGE_IMPORT_HASHSIZE_BYTES)?;
    }
    exec(
        tx,
        "INSERT INTO search (rowid, title, body)
         SELECT id * 4, title, description FROM events WHERE id BETWEEN ?1 AND ?2",
        [first, last],
    )?;
    if big_hash {
        reset_search_hashsize(tx)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::action::{Action, EventFields, EventImport, ImportedEvent};
    use crate::model::date::Date;
    use crate::store::Store;

    /// A date for event `i` of the R*Tree test: mostly years now, some
    /// open at one end or both, before year 0, or so far ahead that `f32`
    /// cannot hold every day (beyond 2^24 days) and the R*Tree rounds.
    fn extent_test_date(i: usize) -> Date {
        let text = match i % 11 {
            0 => format!("../{}", 1900 + i % 120),
            1 => format!("{}-03/..", 1900 + i % 120),
            2 => format!("-{:04}/..", 1 + i % 500),
            3 => format!("-{:04}", 1 + i % 3000),
            4 => format!("Y{}", 50_000 + i % 40_000),
            5 => format!("Y-{}", 50_000 + i % 40_000),
            6 => format!("Y{}", 1_000_000 + i),
            _ => format!("{}-{:02}-{:02}", 1900 + i % 120, 1 + i % 12, 1 + i % 28),
        };
        Date::parse(&text).unwrap()
    }

    /// The ids the R*Tree finds for `from..=to` (checked exactly, as the
    /// store's range queries do) and the ids a scan of `events` finds.
    fn by_tree_and_by_scan(store: &Store, from: i64, to: i64) -> (Vec<i64>, Vec<i64>) {
        let ids = |sql: &str| -> Vec<i64> {
            let mut stmt = store.conn.prepare_cached(sql).unwrap();
            stmt.query_map([from, to], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        (
            ids(
                "SELECT e.id FROM event_extents x JOIN events e ON e.id = x.id
                 WHERE x.max_day >= ?1 AND x.min_day <= ?2
                   AND e.earliest_day <= ?2 AND e.latest_day >= ?1 ORDER BY e.id",
            ),
            ids("SELECT id FROM events NOT INDEXED
                 WHERE earliest_day <= ?2 AND latest_day >= ?1 ORDER BY id"),
        )
    }

    /// Checks the R*Tree's structure and many ranges against a scan:
    /// ranges from and to the events' own bounds (where rounding the
    /// wrong way loses an event), a day either side, and open ones.
    fn assert_extents_match(store: &Store) {
        let check: String = store
            .conn
            .query_row("SELECT rtreecheck('event_extents')", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let bounds: Vec<i64> = store
            .conn
            .prepare("SELECT earliest_day, latest_day FROM events ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok([r.get::<_, i64>(0)?, r.get::<_, i64>(1)?]))
            .unwrap()
            .flat_map(|r| r.unwrap())
            .filter(|d| *d != i64::MIN && *d != i64::MAX)
            .collect();
        let mut ranges = vec![(i64::MIN, i64::MAX), (i64::MIN, 0), (0, i64::MAX)];
        for k in 0..400 {
            let a = bounds[(k * 7919) % bounds.len()] + (k % 3) as i64 - 1;
            let b = bounds[(k * 104_729 + 13) % bounds.len()] + ((k / 3) % 3) as i64 - 1;
            ranges.push((a.min(b), a.max(b)));
            ranges.push((a, a));
        }
        for (from, to) in ranges {
            let (tree, scan) = by_tree_and_by_scan(store, from, to);
            assert!(
                tree == scan,
                "{from}..={to}: {} by the tree, {} by a scan",
                tree.len(),
                scan.len()
            );
        }
    }

    #[test]
    fn a_large_import_into_an_empty_tree_packs_it_and_it_stays_right() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("packed.annals");
        let mut store = Store::create(&path).unwrap();
        let n = super::LARGE_IMPORT_EVENTS + 10;
        let new = (0..n)
            .map(|i| ImportedEvent {
                uid: None,
                fields: EventFields::new(format!("event {i}"), extent_test_date(i)),
            })
            .collect();
        store
            .apply(&Action::ImportEvents(EventImport {
                from: "x".to_owned(),
                new,
                ..EventImport::default()
            }))
            .unwrap();
        let count = |store: &Store, sql: &str| -> i64 {
            store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
        };
        // Packed: full nodes of 51 cells (4 KiB pages), not the two-thirds
        // full ones inserts leave.
        let leaves = n.div_ceil(51);
        let packed_nodes = 1 + leaves + leaves.div_ceil(51);
        assert_eq!(
            count(&store, "SELECT count(*) FROM event_extents_node"),
            packed_nodes as i64
        );
        assert_eq!(
            count(&store, "SELECT count(*) FROM event_extents"),
            n as i64
        );
        let integrity: String = store
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        assert_extents_match(&store);
        // Defensive mode is back on: the shadow tables are read-only.
        assert!(
            store
                .conn
                .execute("DELETE FROM event_extents_rowid WHERE rowid = 1", [])
                .is_err()
        );
        // The store's own range query, on the same connection.
        let open_start = store.events_in_range(None, Some(-1_000_000)).unwrap();
        assert!(open_start.len() > n / 11);
        // Changed the ordinary way, through actions and their triggers.
        let deletes = (1..=n as i64)
            .step_by(5)
            .map(|id| Action::DeleteEvent(crate::model::EventId(id)))
            .collect();
        store
            .apply(&Action::Batch {
                label: "delete".to_owned(),
                actions: deletes,
            })
            .unwrap();
        let creates = (0..300)
            .map(|i| Action::CreateEvent {
                fields: EventFields::new(format!("new {i}"), extent_test_date(i * 17 + 3)),
                excerpts: Vec::new(),
            })
            .collect();
        store
            .apply(&Action::Batch {
                label: "create".to_owned(),
                actions: creates,
            })
            .unwrap();
        assert_extents_match(&store);
        // Reopened: the check at open passes and the tree answers alike.
        drop(store);
        let mut store = Store::open(&path).unwrap();
        assert_extents_match(&store);
        // Undone back to before the import: an empty, valid tree.
        while store.undo().is_ok() {}
        assert_eq!(count(&store, "SELECT count(*) FROM events"), 0);
        assert_eq!(count(&store, "SELECT count(*) FROM event_extents"), 0);
        let check: String = store
            .conn
            .query_row("SELECT rtreecheck('event_extents')", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }

    #[test]
    fn an_import_logs_two_spans_not_a_change_per_row() {
        let mut store = Store::open_in_memory().unwrap();
        let new = (0..500)
            .map(|i| ImportedEvent {
                uid: None,
                fields: EventFields {
                    tags: vec!["tag".to_owned()],
                    ..EventFields::new(format!("event {i}"), Date::parse("2023").unwrap())
                },
            })
            .collect();
        store
            .apply(&Action::ImportEvents(EventImport {
                from: "x".to_owned(),
                new,
                ..EventImport::default()
            }))
            .unwrap();
        let count = |sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        // The tag row itself, then one span for the events and one for
        // their tag rows.
        assert_eq!(count("SELECT count(*) FROM undo_changes"), 3);
        assert_eq!(count("SELECT count(*) FROM undo_spans"), 2);
        assert_eq!(count("SELECT count(*) FROM event_extents"), 500);
        assert_eq!(count("SELECT count(*) FROM search"), 500);
        assert_eq!(count("SELECT count(*) FROM event_tags"), 500);
    }

    #[test]
    fn the_bulk_path_knows_every_check_it_skips() {
        // `ChecksOff` names the CHECKs of the two tables the bulk path
        // fills with the checks off; a new one must be handled there.
        let store = Store::open_in_memory().unwrap();
        let checks = |table: &str| -> usize {
            let sql: String = store
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            sql.to_uppercase().matches("CHECK").count()
        };
        assert_eq!(checks("events"), 2);
        assert_eq!(checks("event_tags"), 0);
    }

    #[test]
    fn a_blank_title_is_refused_with_the_checks_off() {
        let mut store = Store::open_in_memory().unwrap();
        for title in ["   ", "\t\u{a0}"] {
            let mut fields = EventFields::new("x", Date::parse("2023").unwrap());
            fields.title = title.to_owned();
            let result = store.apply(&Action::ImportEvents(EventImport {
                from: "x".to_owned(),
                new: vec![ImportedEvent { uid: None, fields }],
                ..EventImport::default()
            }));
            assert!(result.is_err(), "{title:?} was imported");
        }
        let events: i64 = store
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(events, 0);
        // The checks are on again after the failed import.
        let error = store
            .conn
            .execute(
                "INSERT INTO events (uid, title, date, earliest_day, latest_day,
                     fuzzy_earliest_day, fuzzy_latest_day, sort_key, precision)
                 VALUES ('u', ' ', '2023', 0, 0, 0, 0, 0, 'year')",
                [],
            )
            .unwrap_err();
        assert!(
            error.to_string().contains("CHECK constraint failed"),
            "{error}"
        );
    }

    #[test]
    fn a_notebook_after_a_large_import_opens_again() {
        // The import raised the search index's `hashsize` and must leave no
        // trace of it: the check at open refuses any search index setting.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.annals");
        let mut store = Store::create(&path).unwrap();
        let new = (0..super::LARGE_IMPORT_EVENTS)
            .map(|i| ImportedEvent {
                uid: None,
                fields: EventFields::new(format!("event {i}"), Date::parse("2023").unwrap()),
            })
            .collect();
        store
            .apply(&Action::ImportEvents(EventImport {
                from: "x".to_owned(),
                new,
                ..EventImport::default()
            }))
            .unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        let events: i64 = store
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(events, super::LARGE_IMPORT_EVENTS as i64);
    }

    #[test]
    fn a_large_import_rebuilds_the_indexes_and_undoes_exactly() {
        let mut store = Store::open_in_memory().unwrap();
        let dump = |store: &Store| -> Vec<(String, String)> {
            let mut stmt = store
                .conn
                .prepare("SELECT name, coalesce(sql, '') FROM sqlite_master ORDER BY name")
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let schema_before = dump(&store);
        let new = (0..super::LARGE_IMPORT_EVENTS + 10)
            .map(|i| ImportedEvent {
                uid: None,
                fields: EventFields {
                    tags: vec!["tag".to_owned(), format!("t{}", i % 3)],
                    track: Some("Diplomacy".to_owned()),
                    ..EventFields::new(
                        format!("event {i}"),
                        Date::parse(&format!("{}", 1900 + i % 120)).unwrap(),
                    )
                },
            })
            .collect();
        store
            .apply(&Action::ImportEvents(EventImport {
                from: "x".to_owned(),
                new,
                ..EventImport::default()
            }))
            .unwrap();
        // The same schema, by name and statement, and it passes the check
        // at open.
        assert_eq!(dump(&store), schema_before);
        let version = crate::store::schema_version();
        assert!(
            crate::store::schema::differences(&store.conn, version)
                .unwrap()
                .is_empty()
        );
        let check: String = store
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        // The full-text index's budget is back at its default and no
        // setting is left in the file: it opens as any notebook does.
        let settings: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM search_config WHERE k <> 'version'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(settings, 0);
        let found: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM search WHERE search MATCH 'event'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, super::LARGE_IMPORT_EVENTS as i64 + 10);
        // The rebuilt index answers a query by it.
        let in_1950: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM events INDEXED BY events_by_sort_key WHERE date = '1950'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(in_1950 > 0);
        let count = |store: &Store, sql: &str| -> i64 {
            store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
        };
        assert_eq!(
            count(&store, "SELECT count(*) FROM event_tags"),
            2 * (super::LARGE_IMPORT_EVENTS as i64 + 10)
        );
        store.undo().unwrap();
        assert_eq!(dump(&store), schema_before);
        for table in ["events", "event_tags", "search", "event_extents"] {
            assert_eq!(count(&store, &format!("SELECT count(*) FROM {table}")), 0);
        }
        store.redo().unwrap();
        assert_eq!(
            count(&store, "SELECT count(*) FROM events"),
            super::LARGE_IMPORT_EVENTS as i64 + 10
        );
    }
}
