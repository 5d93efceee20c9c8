//! A large import into an empty search index (a new notebook, or one that
//! holds nothing yet) builds that index on a second core while the import
//! writes its rows, then copies it in.
//!
//! Filling FTS5 is the largest single cost of a bulk import: tokenizing
//! every title and description and merging the terms into segments is
//! about half of the whole. None of it needs the notebook's rows, only the
//! import's texts and the row ids SQLite will give them (consecutive after
//! the largest, see [`super::bulk`]), so [`SideIndex::start`] runs it in a
//! scoped thread on a private in-memory database holding the same `search`
//! table, declared contentless. [`SideIndex::install`] then, inside the
//! import's transaction:
//!
//! 1. checks that the rows got the ids the side indexed them under and that
//!    the notebook's table is declared exactly as the side's (else the
//!    caller fills the index the ordinary way: nothing is half-written);
//! 2. replaces the index's shadow tables (`search_data`, `search_idx`,
//!    `search_docsize`) with the side's rows, and fills `search_content`
//!    from the events table: the rows FTS5 itself would have written, in
//!    the format it reads, so searching, ranking, undo (which deletes
//!    through the index) and `integrity-check` see an ordinary index;
//! 3. makes the connection's FTS5 table forget the index structure it may
//!    have cached (it re-reads it only when another connection writes): a
//!    savepoint that is rolled back makes FTS5 discard its cache.
//!
//! The shadow tables are written with defensive mode off, by the store's
//! own statements only (the same guard as the packed R*Tree,
//! [`super::extents::DefensiveOff`]). The side database never sees the
//! notebook's schema or any SQL from the file: it holds only the table
//! defined here.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{Scope, ScopedJoinHandle};

use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, Transaction, params_from_iter};

use super::error::StoreResult;
use super::{exec, extents, query_one};
use crate::action::ImportedEvent;

/// The notebook's full-text table, as migration 04 declares it; the side
/// index is built only for a notebook whose table is declared exactly so.
const NOTEBOOK_TABLE: &str = "CREATE VIRTUAL TABLE search USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')";

/// The same table without its content copy: the side keeps only the index.
const SIDE_TABLE: &str = "CREATE VIRTUAL TABLE search USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', content = '')";

/// The side's FTS5 `hashsize`: terms are kept in memory up to this many
/// bytes before they are written as a segment, so a million events make a
/// few large segments rather than hundreds of small ones to merge.
const SIDE_HASHSIZE_BYTES: i64 = 64 * 1024 * 1024;

/// How many rows the side adds between looks at the cancel flag.
const CANCEL_EVERY: usize = 4096;

/// The shadow tables copied from the side, with their columns.
const COPIED: [(&str, &str); 3] = [
    ("search_data", "id, block"),
    ("search_idx", "segid, term, pgno"),
    ("search_docsize", "id, sz"),
];

/// Whether a large import may build the search index on the side: the
/// index holds nothing yet, so the side's index is the whole of it.
pub(super) fn index_is_empty(conn: &Connection) -> StoreResult<bool> {
    let rows: i64 = query_one(
        conn,
        "SELECT (SELECT count(*) FROM search_content) + (SELECT count(*) FROM search_docsize)",
        [],
        |r| r.get(0),
    )?;
    Ok(rows == 0)
}

/// The search index of an import's new events, being built in a thread.
/// Dropped without [`Self::install`] (the import failed), it tells the
/// thread to stop; the scope waits for it.
pub(super) struct SideIndex<'scope> {
    handle: Option<ScopedJoinHandle<'scope, Option<Connection>>>,
    cancel: &'scope AtomicBool,
    first_event: i64,
    events: usize,
}

impl<'scope> SideIndex<'scope> {
    /// Starts indexing `events` as the rows `first_event…` of the events
    /// table.
    pub(super) fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        events: &'env [ImportedEvent],
        first_event: i64,
        cancel: &'env AtomicBool,
    ) -> Self {
        let handle = scope.spawn(move || build(events, first_event, cancel).ok().flatten());
        Self {
            handle: Some(handle),
            cancel,
            first_event,
            events: events.len(),
        }
    }

    /// Puts the side's index in place of the notebook's (empty) one, for
    /// the events `first_event..=last_event` just added. Returns `false`,
    /// having written nothing, when the side's index does not fit them or
    /// could not be built (the caller then fills the index the ordinary
    /// way).
    pub(super) fn install(mut self, tx: &Transaction<'_>, last_event: i64) -> StoreResult<bool> {
        let first_event = self.first_event;
        let fits =
            i64::try_from(self.events).is_ok_and(|n| n > 0 && last_event == first_event + n - 1);
        let built = self.handle.take().map(ScopedJoinHandle::join);
        let Some(Ok(Some(side))) = built else {
            return Ok(false);
        };
        if !fits || !declared_as_expected(tx)? || !index_is_empty(tx)? {
            return Ok(false);
        }
        let off = extents::DefensiveOff::new(tx)?;
        let copied = copy_in(&side, tx, first_event, last_event);
        off.on()?;
        copied?;
        forget_cached_structure(tx)?;
        #[cfg(test)]
        INSTALLED.with(|n| n.set(n.get() + 1));
        Ok(true)
    }
}

impl Drop for SideIndex<'_> {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
thread_local! {
    /// How many side indexes this thread installed: the tests' way to know
    /// which path an import took.
    static INSTALLED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Whether the notebook's `search` table is the one the side builds for.
fn declared_as_expected(conn: &Connection) -> StoreResult<bool> {
    let sql: Option<String> = query_one(
        conn,
        "SELECT max(sql) FROM sqlite_schema WHERE type = 'table' AND name = 'search'",
        [],
        |r| r.get(0),
    )?;
    Ok(sql.as_deref() == Some(NOTEBOOK_TABLE))
}

/// Builds the side index; `None` when cancelled.
fn build(
    events: &[ImportedEvent],
    first_event: i64,
    cancel: &AtomicBool,
) -> rusqlite::Result<Option<Connection>> {
    let side = Connection::open_in_memory()?;
    side.execute_batch(SIDE_TABLE)?;
    side.execute(
        "INSERT INTO search (search, rank) VALUES ('hashsize', ?1)",
        [SIDE_HASHSIZE_BYTES],
    )?;
    side.execute_batch("BEGIN")?;
    {
        let mut insert =
            side.prepare("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?;
        for (i, event) in events.iter().enumerate() {
            if i % CANCEL_EVERY == 0 && cancel.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let id = first_event + i as i64;
            // The store keeps the title trimmed and the description as
            // given (`events::validated`); the index must hold the same.
            insert.execute(rusqlite::params![
                id * 4,
                event.fields.title.trim(),
                event.fields.description
            ])?;
        }
    }
    side.execute_batch("COMMIT")?;
    Ok(Some(side))
}

/// Replaces the notebook's index rows by the side's and writes the content
/// rows. Defensive mode is off; every statement is prepared here and
/// finalized before it is back on.
fn copy_in(
    side: &Connection,
    tx: &Transaction<'_>,
    first_event: i64,
    last_event: i64,
) -> StoreResult<()> {
    for (table, columns) in COPIED {
        tx.execute(&format!("DELETE FROM {table}"), [])?;
        let count = columns.split(',').count();
        let placeholders = (1..=count)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut read = side.prepare(&format!("SELECT {columns} FROM {table}"))?;
        let mut write = tx.prepare(&format!(
            "INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        ))?;
        let mut rows = read.query([])?;
        while let Some(row) = rows.next()? {
            let values = (0..count)
                .map(|i| row.get_ref(i).map(ToSqlOutput::Borrowed))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            write.execute(params_from_iter(values))?;
        }
    }
    tx.execute(
        "INSERT INTO search_content (id, c0, c1)
         SELECT id * 4, title, description FROM events WHERE id BETWEEN ?1 AND ?2",
        [first_event, last_event],
    )?;
    Ok(())
}

/// FTS5 keeps the index structure it last read and re-reads it only when
/// another connection has written the file; this connection's own copy
/// went under it. Rolling back a savepoint in which the table was written
/// makes FTS5 drop what it cached (and the write, a setting equal to the
/// default, is undone with it).
fn forget_cached_structure(tx: &Transaction<'_>) -> StoreResult<()> {
    exec(tx, "SAVEPOINT search_reload", [])?;
    let written = exec(
        tx,
        "INSERT INTO search (search, rank) VALUES ('hashsize', ?1)",
        [super::bulk::SEARCH_DEFAULT_HASHSIZE_BYTES],
    );
    exec(tx, "ROLLBACK TO search_reload", [])?;
    exec(tx, "RELEASE search_reload", [])?;
    written?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::INSTALLED;
    use crate::action::{Action, EventFields, EventImport, ImportedEvent, SourceFields};
    use crate::model::NoteOwner;
    use crate::model::date::Date;
    use crate::store::Store;

    const N: usize = super::super::bulk::LARGE_IMPORT_EVENTS + 37;

    /// Titles and descriptions in several scripts, with words shared by
    /// many events and words only one has.
    fn import(n: usize) -> Action {
        let words = ["саммит", "정상회담", "卫星", "قمة", "Vostochny", "launch"];
        let new = (0..n)
            .map(|i| {
                let mut fields = EventFields::new(
                    format!("  {} event{i}  ", words[i % words.len()]),
                    Date::parse(&format!("{}-{:02}", 1950 + i % 70, 1 + i % 12)).unwrap(),
                );
                fields.description = format!("{} note{}", words[(i / 7) % words.len()], i % 100);
                ImportedEvent { uid: None, fields }
            })
            .collect();
        Action::ImportEvents(EventImport {
            from: "big.csv".to_owned(),
            new,
            ..EventImport::default()
        })
    }

    fn installed() -> usize {
        INSTALLED.with(std::cell::Cell::get)
    }

    /// FTS5's own check of the index against the content, and SQLite's.
    fn assert_index_sound(store: &Store) {
        store
            .conn
            .execute(
                "INSERT INTO search (search, rank) VALUES ('integrity-check', 1)",
                [],
            )
            .unwrap();
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
        let settings: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM search_config WHERE k <> 'version'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(settings, 0, "no index setting is left behind");
    }

    /// What a set of queries finds, in order, with the ranks' order.
    fn findings(store: &Store) -> Vec<(String, Vec<String>)> {
        [
            "саммит",
            "정상",
            "卫星",
            "قمة",
            "vostochny",
            "event12",
            "note4",
            "launch note9",
        ]
        .into_iter()
        .map(|q| {
            let page = store.search_page(q, 0, 50).unwrap();
            let hits = page.hits.iter().map(|h| format!("{h:?}")).collect();
            (format!("{q}: {} {}", page.total, page.more), hits)
        })
        .collect()
    }

    #[test]
    fn a_large_import_into_an_empty_index_is_indexed_on_the_side_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let mut side = Store::create(&dir.path().join("side.annals")).unwrap();
        // A search first: FTS5 now holds the empty index's structure, which
        // the copy must make it forget.
        assert_eq!(side.search_page("launch", 0, 10).unwrap().total, 0);
        let before = installed();
        side.apply(&import(N)).unwrap();
        assert_eq!(installed(), before + 1, "the side index was used");
        assert_index_sound(&side);

        // The same events through FTS5 itself: a note first keeps the index
        // from being empty.
        let mut plain = Store::create(&dir.path().join("plain.annals")).unwrap();
        plain
            .apply(&Action::CreateNote {
                owner: NoteOwner::Notebook,
                body: "x".to_owned(),
            })
            .unwrap();
        plain.apply(&import(N)).unwrap();
        assert_eq!(
            installed(),
            before + 1,
            "a non-empty index is filled by FTS5"
        );
        let note = plain.load().unwrap().notes[0].id;
        plain.apply(&Action::DeleteNote(note)).unwrap();
        assert_eq!(findings(&side), findings(&plain));
        assert!(findings(&side).iter().all(|(_, hits)| !hits.is_empty()));

        // Writing after the copy goes on from the copied structure: a
        // source, then an edit, are found, and the index stays sound.
        side.apply(&Action::CreateSource(SourceFields {
            title: "Путин и Ким".to_owned(),
            body: "The summit at the Vostochny cosmodrome.".to_owned(),
            ..SourceFields::default()
        }))
        .unwrap();
        assert_index_sound(&side);
        let hits = side.search_page("cosmodrome", 0, 10).unwrap();
        assert_eq!(hits.total, 1);
        let notebook = side.load().unwrap();
        let first = &notebook.events[0];
        let mut fields = EventFields::of(&notebook, first);
        fields.title = "Renamed 우주".to_owned();
        side.apply(&Action::UpdateEvent {
            id: first.id,
            fields,
        })
        .unwrap();
        assert_eq!(side.search_page("우주", 0, 10).unwrap().total, 1);
        assert_index_sound(&side);

        // Undo deletes through the index; it stays sound and empties.
        side.undo().unwrap();
        side.undo().unwrap();
        side.undo().unwrap();
        assert_index_sound(&side);
        assert_eq!(side.search_page("launch", 0, 10).unwrap().total, 0);
        side.redo().unwrap();
        assert_index_sound(&side);
        assert_eq!(findings(&side), findings(&plain));
    }

    #[test]
    fn a_refused_large_import_stops_the_side_and_leaves_the_index_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(&dir.path().join("refused.annals")).unwrap();
        let Action::ImportEvents(mut bad) = import(N) else {
            unreachable!()
        };
        bad.new[N - 1].fields.title = " ".to_owned();
        let before = installed();
        assert!(store.apply(&Action::ImportEvents(bad)).is_err());
        assert_eq!(installed(), before);
        assert_eq!(store.load().unwrap().events.len(), 0);
        assert_index_sound(&store);
        // The next import finds the index empty and uses the side.
        store.apply(&import(N)).unwrap();
        assert_eq!(installed(), before + 1);
        assert_index_sound(&store);
    }
}
