//! The notebook file: one SQLite database, changed only through actions.
//!
//! A notebook is a document people send each other, so the file is
//! untrusted input. Opening is careful (see [`open`]): the file's header is
//! read directly before SQLite touches it, so a text file, another
//! program's database or a notebook from a newer Annals is refused with its
//! bytes unchanged; the connection is hardened ([`guard`]); SQLite's check
//! and the schema check ([`schema`]) run before anything else. Nothing
//! stored in the file is ever run: the undo history is data ([`undo`]). An
//! opened notebook is held with a lock, so a second process is told it is
//! already open instead of interleaving writes.

mod apply;
pub mod backups;
mod bulk;
mod changes;
mod create;
mod entities;
mod error;
mod events;
mod evidence;
mod extents;
mod guard;
mod history;
mod ids;
mod journal;
mod load;
mod merge;
mod notes;
mod open;
mod originals;
pub mod rescue;
mod schema;
mod search;
mod search_build;
mod sources;
mod undo;
pub mod verified;
mod views;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::{Connection, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

pub use backups::{Backup, BackupPolicy, BackupReason, NotebookFile};
pub use changes::Changes;
pub use error::{StoreError, StoreResult, describe_sqlite};
pub use history::{HistoryEntry, HistoryLimits};
pub use search::{HitKind, SearchHit, SearchPage, Searcher};

use crate::action::{Action, Applied};
use crate::model::Notebook;
use guard::Trust;
use open::{Check, Mode, Verified};

/// `PRAGMA application_id` of an Annals notebook: the bytes "ANNL".
pub const APPLICATION_ID: i32 = 0x414E_4E4C;

/// The schema migrations, in order; append-only.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../../migrations/01-initial/up.sql"),
    include_str!("../../migrations/02-excerpt-state/up.sql"),
    include_str!("../../migrations/03-event-extent-index/up.sql"),
    include_str!("../../migrations/04-history-as-data/up.sql"),
    include_str!("../../migrations/05-bulk-import/up.sql"),
    include_str!("../../migrations/06-views/up.sql"),
    EVIDENCE_SQL,
    include_str!("../../migrations/10-source-files/up.sql"),
    include_str!("../../migrations/11-entities/up.sql"),
    include_str!("../../migrations/12-source-originals/up.sql"),
];

/// Migration `09-evidence` (issue 19), named so its hook finds it wherever
/// it stands in the list.
const EVIDENCE_SQL: &str = include_str!("../../migrations/09-evidence/up.sql");

/// The schema version this build writes (`PRAGMA user_version`).
#[must_use]
pub fn schema_version() -> i64 {
    MIGRATION_SQL.len() as i64
}

/// The Rust step that runs after a migration's SQL, for the migrations that
/// need one (SQL alone cannot parse a version-3 undo statement or compute a
/// SHA-256).
fn migration_hook(
    version: usize,
) -> Option<fn(&rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult> {
    match version {
        4 => Some(undo::migrate_v3_history),
        v if MIGRATION_SQL.get(v.wrapping_sub(1)) == Some(&EVIDENCE_SQL) => {
            Some(evidence::migrate_fill_digests)
        }
        _ => None,
    }
}

fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATION_SQL
            .iter()
            .enumerate()
            .map(|(i, sql)| match migration_hook(i + 1) {
                Some(hook) => M::up_with_hook(sql, hook),
                None => M::up(sql),
            })
            .collect(),
    )
}

/// Checks that the migrations apply cleanly to an empty database.
///
/// # Errors
/// The migration error, if any.
pub fn validate_migrations() -> StoreResult<()> {
    Ok(migrations().validate()?)
}

/// Why a notebook is open read-only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// The caller asked for read-only (the CLI's reading commands).
    Requested,
    /// The file or its folder cannot be written (read-only media, another
    /// user's file); the text says which.
    NotWritable(String),
}

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Requested => f.write_str("opened read-only"),
            Self::NotWritable(reason) => write!(f, "read-only: {reason}"),
        }
    }
}

/// An open notebook.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Held for as long as the notebook is open (see [`open::lock`]).
    _lock: Option<fs::File>,
    /// What the last action, undo or redo changed.
    last_changes: Changes,
    /// Lets the store's own schema steps past the authorizer.
    trust: Trust,
    /// Set when nothing may be written.
    read_only: Option<ReadOnly>,
    /// What the user should be told about the opening.
    notices: Vec<String>,
    /// Actions, undos and redos since the last backup.
    edits_since_backup: u64,
    /// When the last backup was made (or the notebook opened).
    backed_up_at: Instant,
    /// Set once SQLite's check of the file passed (at open, or in the
    /// background, see [`Verifier`]); until then nothing may be written.
    verified: Option<Verified>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

/// Runs a statement from the connection's statement cache (actions run the
/// same few statements thousands of times in a bulk import).
pub(crate) fn exec(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// Reads one row with a cached statement.
pub(crate) fn query_one<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

/// Pragmas every writing connection needs: a complete file on close,
/// durable commits, enforced foreign keys.
fn configure(conn: &Connection) -> StoreResult<()> {
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Brings a hardened connection to the latest schema.
fn migrate(conn: &mut Connection, trust: &Trust) -> StoreResult<()> {
    trust.run(|| migrations().to_latest(conn))?;
    Ok(())
}

impl Store {
    /// Opens an existing notebook for reading and writing, refusing
    /// anything that is not one. An older notebook is backed up (see
    /// [`backups`]) and then upgraded.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], [`StoreError::NotANotebook`],
    /// [`StoreError::NewerVersion`], [`StoreError::Corrupt`],
    /// [`StoreError::ForeignSchema`], [`StoreError::NotWritable`] (an older
    /// notebook that cannot be upgraded where it is) or
    /// [`StoreError::AlreadyOpen`]; in each case the file is untouched.
    pub fn open(path: &Path) -> StoreResult<Self> {
        Self::open_checked(path, Check::Now)
    }

    /// As [`Store::open`], but SQLite's full check (seconds for a large
    /// notebook) is left to a [`Verifier`] that the caller runs in the
    /// background, unless the file is unchanged since a passing check (see
    /// [`verified`]). Reading works at once; actions, undo and redo are
    /// refused with [`StoreError::Unverified`] until
    /// [`Store::set_verified`] is given the verdict.
    ///
    /// # Errors
    /// As [`Store::open`], except that a damage only the full check finds is
    /// reported by the verifier.
    pub fn open_deferred(path: &Path) -> StoreResult<Self> {
        Self::open_checked(path, Check::Deferred)
    }

    fn open_checked(path: &Path, when: Check) -> StoreResult<Self> {
        let opened = open::open(path, Mode::ReadWrite, when)?;
        let mut conn = opened.conn;
        if opened.version < schema_version() {
            if let Some(reason) = open::not_writable(path) {
                return Err(StoreError::NotWritable {
                    path: path.to_owned(),
                    reason: format!("it needs an upgrade to this version's format, and {reason}"),
                });
            }
            backups::write(&conn, path, BackupReason::BeforeUpgrade)?;
            migrate(&mut conn, &opened.trust).map_err(|e| explain(path, e))?;
        }
        configure(&conn).map_err(|e| explain(path, e))?;
        opened.trust.run(|| history::install_triggers(&conn))?;
        let mut store = Self::new(conn, Some(path.to_owned()), opened.trust);
        store._lock = opened.lock;
        store.notices = opened.notices;
        store.verified = opened.verified;
        if opened.version < schema_version() {
            // The upgrade wrote the file: its identity is a new one.
            store.note_own_write();
        }
        Ok(store)
    }

    /// Opens a notebook without ever writing it: the file's bytes, its time
    /// stamp and its folder stay as they are. An older notebook is upgraded
    /// in memory, so one on read-only media can still be read.
    ///
    /// # Errors
    /// As [`Store::open`], plus [`StoreError::NeedsRecovery`] when an
    /// interrupted change must first be rolled back.
    pub fn open_read_only(path: &Path) -> StoreResult<Self> {
        Self::read_only_with(path, ReadOnly::Requested, Check::Now)
    }

    /// Opens a notebook for writing where it can be written, and read-only
    /// where it cannot (read-only media, a file or folder without write
    /// permission); [`Store::read_only`] says which, for the app's banner.
    ///
    /// # Errors
    /// As [`Store::open`] and [`Store::open_read_only`].
    pub fn open_or_read_only(path: &Path) -> StoreResult<Self> {
        Self::open_or_read_only_checked(path, Check::Now)
    }

    /// As [`Store::open_or_read_only`] with the full check deferred as in
    /// [`Store::open_deferred`] (the app opens notebooks so and checks
    /// them in the background).
    ///
    /// # Errors
    /// As [`Store::open_deferred`].
    pub fn open_or_read_only_deferred(path: &Path) -> StoreResult<Self> {
        Self::open_or_read_only_checked(path, Check::Deferred)
    }

    fn open_or_read_only_checked(path: &Path, when: Check) -> StoreResult<Self> {
        open::check_header(path)?;
        match open::not_writable(path) {
            Some(reason) => Self::read_only_with(path, ReadOnly::NotWritable(reason), when),
            None => Self::open_checked(path, when),
        }
    }

    fn read_only_with(path: &Path, why: ReadOnly, when: Check) -> StoreResult<Self> {
        let opened = open::open(path, Mode::ReadOnly, when)?;
        let mut conn = opened.conn;
        let mut trust = opened.trust;
        if opened.version < schema_version() {
            // Upgrade a copy in memory; the file is only read.
            let mut memory = Connection::open_in_memory()?;
            let memory_trust = guard::harden(&memory)?;
            {
                let backup = rusqlite::backup::Backup::new(&conn, &mut memory)?;
                backup.run_to_completion(1024, std::time::Duration::ZERO, None)?;
            }
            migrate(&mut memory, &memory_trust)?;
            conn = memory;
            trust = memory_trust;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Self::new(conn, Some(path.to_owned()), trust);
        store._lock = opened.lock;
        store.notices = opened.notices;
        store.read_only = Some(why);
        store.verified = opened.verified;
        Ok(store)
    }

    /// Creates a new, empty notebook at `path`, which must not exist.
    ///
    /// The notebook is built in memory and written in one step: on Linux
    /// into an unnamed file (`O_TMPFILE`) in the target folder that is
    /// linked into place only when complete, elsewhere into a temporary
    /// file created with `O_EXCL` and moved into place. A failure, or a kill
    /// at any moment, never leaves half a notebook or a stray file, and a
    /// symlink planted at any name is never followed.
    ///
    /// # Errors
    /// [`StoreError::AlreadyExists`], or an I/O or SQLite error.
    pub fn create(path: &Path) -> StoreResult<Self> {
        create::create(path)?;
        Self::open(path)
    }

    /// A notebook that lives in memory only (tests, benchmarks).
    ///
    /// # Errors
    /// An SQLite error.
    pub fn open_in_memory() -> StoreResult<Self> {
        let mut conn = Connection::open_in_memory()?;
        let trust = guard::harden(&conn)?;
        migrate(&mut conn, &trust)?;
        configure(&conn)?;
        trust.run(|| history::install_triggers(&conn))?;
        let mut store = Self::new(conn, None, trust);
        store.verified = Some(Verified(None));
        Ok(store)
    }

    fn new(conn: Connection, path: Option<PathBuf>, trust: Trust) -> Self {
        Self {
            conn,
            path,
            _lock: None,
            last_changes: Changes::everything(),
            trust,
            read_only: None,
            notices: Vec::new(),
            edits_since_backup: 0,
            backed_up_at: Instant::now(),
            verified: None,
        }
    }

    /// True once SQLite's check of the file has passed.
    #[must_use]
    pub const fn is_verified(&self) -> bool {
        self.verified.is_some()
    }

    /// What checks the file in the background, when the check was
    /// deferred ([`Store::open_deferred`]) and has not had its verdict.
    #[must_use]
    pub fn verifier(&self) -> Option<Verifier> {
        if self.verified.is_some() {
            return None;
        }
        Some(Verifier {
            path: self.path.clone()?,
            identity: verified::Identity::of(self.path.as_deref()?),
        })
    }

    /// Takes the background check's verdict: a pass allows editing (and is
    /// recorded, see [`verified`]); a failure is returned for the caller to
    /// refuse the notebook with, and editing stays refused.
    ///
    /// # Errors
    /// The verifier's error, as it was.
    pub fn set_verified(&mut self, verdict: Result<Verification, StoreError>) -> StoreResult<()> {
        let verification = verdict?;
        let now = self.path.as_deref().and_then(verified::Identity::of);
        // The verdict is for the file as the verifier saw it.
        let identity = verification.identity.filter(|i| Some(i) == now.as_ref());
        if let Some(identity) = &identity {
            verified::record(identity);
        }
        self.verified = Some(Verified(identity));
        Ok(())
    }

    /// After this store's own committed write on a verified file: the file
    /// is as verified, at its new identity.
    fn note_own_write(&mut self) {
        if let (Some(verified), Some(path)) = (&mut self.verified, &self.path) {
            verified.0 = verified::Identity::of(path);
        }
    }

    /// Why the notebook is read-only, if it is: actions, undo and redo are
    /// then refused with [`StoreError::ReadOnly`].
    #[must_use]
    pub const fn read_only(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    /// What the user should be told about how the notebook was opened (a
    /// leftover journal set aside), one sentence each.
    #[must_use]
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    fn writable(&self) -> StoreResult<()> {
        if self.verified.is_none() {
            return Err(StoreError::Unverified(
                self.path
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("the notebook")),
            ));
        }
        match (&self.read_only, &self.path) {
            (Some(_), Some(path)) => Err(StoreError::ReadOnly(path.clone())),
            (Some(_), None) => Err(StoreError::ReadOnly(PathBuf::from("the notebook"))),
            (None, _) => Ok(()),
        }
    }

    /// Names the file or folder when a write failed because of it.
    fn explained(&self, error: StoreError) -> StoreError {
        match &self.path {
            Some(path) => explain(path, error),
            None => error,
        }
    }

    /// Where the notebook lives (`None` in memory).
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The notebook's name: its file name without extension.
    #[must_use]
    pub fn name(&self) -> String {
        self.path.as_deref().and_then(Path::file_stem).map_or_else(
            || "Untitled".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    }

    /// Applies one action in one transaction and records it for undo.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] or [`StoreError::Missing`] for bad input, in
    /// which case nothing changed; an SQLite error otherwise.
    pub fn apply(&mut self, action: &Action) -> StoreResult<Applied> {
        self.writable()?;
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mark = history::begin_action_tx(&tx)?;
            let applied = apply::apply_tx(&tx, action, &self.trust)?;
            let changes = history::record_action_tx(&tx, mark, &applied.label)?;
            tx.commit()?;
            Ok((applied, changes))
        })();
        let (applied, changes) = result.map_err(|e| self.explained(e))?;
        self.note_own_write();
        self.last_changes = changes;
        self.edits_since_backup += 1;
        Ok(applied)
    }

    /// Undoes the latest action; returns its label.
    ///
    /// # Errors
    /// [`StoreError::NothingTo`] when there is nothing to undo;
    /// [`StoreError::BadHistory`] when its history entry is not data Annals
    /// recorded (it is never run).
    pub fn undo(&mut self) -> StoreResult<String> {
        self.step(history::undo_tx)
    }

    /// Redoes the latest undone action; returns its label.
    ///
    /// # Errors
    /// [`StoreError::NothingTo`] when there is nothing to redo.
    pub fn redo(&mut self) -> StoreResult<String> {
        self.step(history::redo_tx)
    }

    /// Runs an undo or a redo in its own transaction.
    fn step(
        &mut self,
        run: fn(&rusqlite::Transaction<'_>) -> StoreResult<(String, Changes)>,
    ) -> StoreResult<String> {
        self.writable()?;
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (label, changes) = run(&tx)?;
            tx.commit()?;
            Ok((label, changes))
        })();
        let (label, changes) = result.map_err(|e| self.explained(e))?;
        self.note_own_write();
        self.last_changes = changes;
        self.edits_since_backup += 1;
        Ok(label)
    }

    /// Label of the action [`Store::undo`] would undo.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn undo_label(&self) -> StoreResult<Option<String>> {
        history::next_label(&self.conn, false)
    }

    /// Label of the action [`Store::redo`] would redo.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn redo_label(&self) -> StoreResult<Option<String>> {
        history::next_label(&self.conn, true)
    }

    /// What was done, newest first.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn history(&self, limit: usize) -> StoreResult<Vec<HistoryEntry>> {
        history::list(&self.conn, limit)
    }

    /// The whole notebook as the read model.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn load(&self) -> StoreResult<Notebook> {
        load::notebook(&self.conn)
    }

    /// Brings a read model loaded from this store up to date with the last
    /// action, undo or redo, reloading only what it changed.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn refresh(&self, notebook: &mut Notebook) -> StoreResult<()> {
        changes::refresh(&self.conn, notebook, &self.last_changes)
    }

    /// What the last action, undo or redo changed.
    #[must_use]
    pub fn last_changes(&self) -> &Changes {
        &self.last_changes
    }

    /// Events that may overlap the days `from..=to` (either side open),
    /// in chronological order.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn events_in_range(
        &self,
        from_day: Option<i64>,
        to_day: Option<i64>,
    ) -> StoreResult<Vec<crate::model::Event>> {
        load::events_in_range(&self.conn, from_day, to_day)
    }

    /// Calls `each` with the events that may overlap the days
    /// `from..=to` (either side open; the fuzzy bounds when `fuzzy`), in
    /// chronological order, one at a time and without loading the read
    /// model: the CLI streams a range of a large notebook so.
    ///
    /// # Errors
    /// An SQLite error, or the first error `each` returns.
    pub fn each_event_in_range<E: From<StoreError>>(
        &self,
        from_day: Option<i64>,
        to_day: Option<i64>,
        fuzzy: bool,
        each: impl FnMut(crate::model::Event) -> Result<(), E>,
    ) -> Result<(), E> {
        load::each_event_in_range(&self.conn, from_day, to_day, fuzzy, each)
    }

    /// The read model without its events (tracks, tags, sources, excerpts,
    /// notes, views): what a command that reads a few events needs.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn load_without_events(&self) -> StoreResult<Notebook> {
        load::notebook_without_events(&self.conn)
    }

    /// Everything but the events, with one event (if it exists) and its
    /// evidence, and the events it is linked with: what `annals show` needs,
    /// without loading every event.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn load_for_event(
        &self,
        id: crate::model::EventId,
    ) -> StoreResult<(Notebook, Option<crate::model::Event>)> {
        let mut notebook = load::notebook_without_events(&self.conn)?;
        let event = events::load_one(&self.conn, id)?;
        let ids = std::collections::BTreeSet::from([id]);
        evidence::refresh(&self.conn, &mut notebook, &ids, true)?;
        // The events it links to or from, so their titles can be shown.
        let linked: std::collections::BTreeSet<_> = notebook
            .entities
            .links_of(id)
            .map(|l| if l.from == id { l.to } else { l.from })
            .collect();
        let mut others = Vec::with_capacity(linked.len());
        for other in &linked {
            others.extend(events::load_one(&self.conn, *other)?);
        }
        notebook.replace_events(&linked, others);
        Ok((notebook, event))
    }

    /// One event with its tags and excerpt links, if it exists.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn event(&self, id: crate::model::EventId) -> StoreResult<Option<crate::model::Event>> {
        events::load_one(&self.conn, id)
    }

    /// The full text of a source.
    ///
    /// # Errors
    /// [`StoreError::Missing`] if there is no such source.
    pub fn source_body(&self, id: crate::model::SourceId) -> StoreResult<String> {
        sources::body(&self.conn, id)
    }

    /// The bytes of the original file source `id` keeps in the notebook,
    /// checked against the SHA-256 and size recorded when it was imported;
    /// `None` when it keeps none.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the kept bytes are missing or are not
    /// the recorded file's (a notebook altered outside Annals); an SQLite
    /// error.
    pub fn original(&self, id: crate::model::SourceId) -> StoreResult<Option<Vec<u8>>> {
        originals::read(&self.conn, id)
    }

    /// A reader of source `id`'s kept original that runs on a worker with a
    /// connection of its own, so a large file does not hold up the frame;
    /// `None` for a notebook in memory (read it with [`Store::original`]).
    #[must_use]
    pub fn original_reader(&self, id: crate::model::SourceId) -> Option<OriginalReader> {
        self.path.clone().map(|path| OriginalReader { path, id })
    }

    /// Full-text search across events, sources, excerpts and notes: the
    /// first `limit` hits. Any text is accepted; words are matched as
    /// typed, with prefix matching on the last one.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for a query longer than
    /// [`search::MAX_QUERY_WORDS`] words or [`search::MAX_QUERY_CHARS`]
    /// characters; an SQLite error.
    pub fn search(&self, query: &str, limit: usize) -> StoreResult<Vec<SearchHit>> {
        Ok(search::search(&self.conn, query, 0, limit)?.hits)
    }

    /// One page of search hits: `limit` hits from `offset`, best first,
    /// with snippets computed for those rows only.
    ///
    /// # Errors
    /// As [`Store::search`].
    pub fn search_page(&self, query: &str, offset: usize, limit: usize) -> StoreResult<SearchPage> {
        search::search(&self.conn, query, offset, limit)
    }

    /// The events whose title, description, excerpts or notes match the
    /// words (the filter's text part; the last word may be a prefix).
    ///
    /// # Errors
    /// As [`Store::search`].
    pub fn matching_events(
        &self,
        query: &str,
    ) -> StoreResult<std::collections::HashSet<crate::model::EventId>> {
        search::matching_events(&self.conn, query)
    }

    /// Checks SQLite's integrity and Annals' own invariants; returns the
    /// problems found (empty when all is well).
    ///
    /// # Errors
    /// An SQLite error.
    pub fn check(&self) -> StoreResult<Vec<String>> {
        let mut problems: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|line| line != "ok")
            .collect();
        let fk: Vec<String> = self
            .conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} points to a missing {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        problems.extend(fk);
        problems.extend(sources::check_excerpts(&self.conn)?);
        problems.extend(events::check_dates(&self.conn)?);
        problems.extend(sources::check_checksums(&self.conn)?);
        problems.extend(originals::check(&self.conn)?);
        problems.extend(evidence::check_drift(&self.conn)?);
        problems.extend(entities::check(&self.conn)?);
        Ok(problems)
    }

    /// The date an excerpt's own words suggest for an event (what a new
    /// link is prefilled with): the date expression inside the excerpt,
    /// read against its source's publication day, nearest the event's date.
    ///
    /// # Errors
    /// [`StoreError::Missing`] for an unknown excerpt or event.
    pub fn suggested_assertion(
        &self,
        event: crate::model::EventId,
        excerpt: crate::model::ExcerptId,
    ) -> StoreResult<Option<crate::model::date::Date>> {
        let date = evidence::event_date(&self.conn, event)?;
        evidence::suggested_date(&self.conn, excerpt, Some(&date))
    }

    /// Disputed events, one line each ("disputed: event 3 “…”: its sources
    /// disagree on the date (September 2023 vs October 2023)"): what
    /// `annals check` reports beside the problems.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn disputes(&self) -> StoreResult<Vec<String>> {
        evidence::disputes(&self.conn)
    }

    /// Writes a complete, verified copy of the notebook with SQLite's backup
    /// API (checked with `quick_check` before it gets its name).
    ///
    /// # Errors
    /// [`StoreError::AlreadyExists`] if `target` exists, or an I/O or
    /// SQLite error.
    pub fn save_copy(&self, target: &Path) -> StoreResult<()> {
        backups::verified_copy(&self.conn, target)
    }

    /// Writes a clean copy to share: compacted by `VACUUM INTO`, without
    /// undo history, without deleted rows left in free pages or in the
    /// search index, and without notes when `without_notes`.
    ///
    /// # Errors
    /// [`StoreError::AlreadyExists`] if `target` exists, or an I/O or
    /// SQLite error.
    pub fn copy_clean(&self, target: &Path, without_notes: bool) -> StoreResult<()> {
        rescue::clean_copy(&self.conn, &self.trust, target, without_notes)
    }

    /// Every research row and the search index as text, for tests that
    /// compare a notebook before and after undo.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn dump(&self) -> StoreResult<String> {
        history::dump(&self.conn)
    }

    /// Adds many events in one transaction, recorded as one undo step
    /// ("add 100000 events"): the bulk import path for benchmarks and
    /// importers.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for a bad event (nothing is added), or an
    /// SQLite error.
    pub fn add_events(
        &mut self,
        events: impl IntoIterator<Item = crate::action::EventFields>,
    ) -> StoreResult<usize> {
        self.writable()?;
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mark = history::begin_action_tx(&tx)?;
            let mut count = 0;
            for fields in events {
                events::insert_tx(&tx, &fields)?;
                count += 1;
            }
            let changes = history::record_action_tx(&tx, mark, &format!("add {count} events"))?;
            tx.commit()?;
            Ok((count, changes))
        })();
        let (count, changes) = result.map_err(|e| self.explained(e))?;
        self.note_own_write();
        self.last_changes = changes;
        self.edits_since_backup += 1;
        Ok(count)
    }

    /// How much undo history this notebook keeps.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn history_limits(&self) -> StoreResult<HistoryLimits> {
        history::limits(&self.conn)
    }

    /// Changes how much undo history this notebook keeps, forgetting at once
    /// the steps beyond the new limits. Not an undoable action: it changes
    /// no research data.
    ///
    /// # Errors
    /// [`StoreError::ReadOnly`], or an SQLite error.
    pub fn set_history_limits(&mut self, limits: HistoryLimits) -> StoreResult<()> {
        self.writable()?;
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            history::set_limits_tx(&tx, limits)?;
            tx.commit()?;
            Ok(())
        })();
        result.map_err(|e| self.explained(e))?;
        self.note_own_write();
        Ok(())
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Only this store's own transactions changed the verified file
        // since its check (a writer holds the notebook's lock), so the
        // file as it is now is recorded as verified. If anything else
        // changed it, its identity differs and the record never matches.
        if self.read_only.is_none()
            && let Some(Verified(Some(identity))) = &self.verified
            && self
                .path
                .as_deref()
                .and_then(verified::Identity::of)
                .as_ref()
                == Some(identity)
        {
            verified::record(identity);
        }
    }
}

/// Reads a kept original file on a worker (see [`Store::original_reader`]).
#[derive(Debug, Clone)]
pub struct OriginalReader {
    path: PathBuf,
    id: crate::model::SourceId,
}

impl OriginalReader {
    /// Reads and checks the bytes, as [`Store::original`] does, on a
    /// read-only connection of its own (waiting briefly while the app
    /// writes).
    ///
    /// # Errors
    /// As [`Store::original`], or the SQLite error that stopped the read.
    pub fn run(self) -> StoreResult<Option<Vec<u8>>> {
        let conn = Connection::open_with_flags(
            &self.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let _trust = guard::harden(&conn)?;
        conn.busy_timeout(ORIGINAL_READ_BUSY_WAIT)?;
        originals::read(&conn, self.id)
    }
}

/// How long a worker reading a kept original waits for the app's write to
/// end: an action commits in well under a second, even one keeping 200 MB.
const ORIGINAL_READ_BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The outcome of a passing background check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    identity: Option<verified::Identity>,
}

/// SQLite's full check of a notebook file, run off the frame thread on a
/// connection of its own while the app reads the notebook.
#[derive(Debug, Clone)]
pub struct Verifier {
    path: PathBuf,
    /// The file's identity when the check was asked for.
    identity: Option<verified::Identity>,
}

impl Verifier {
    /// Runs the check.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] when the file is damaged, or the SQLite
    /// error that stopped the check.
    pub fn run(self) -> StoreResult<Verification> {
        let conn = Connection::open_with_flags(
            &self.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let _trust = guard::harden(&conn)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        open::quick_check(&conn, &self.path, Mode::ReadOnly)?;
        Ok(Verification {
            identity: self.identity,
        })
    }
}

/// A write that failed because the file or its folder cannot be written,
/// said as such.
fn explain(path: &Path, error: StoreError) -> StoreError {
    let denied = |e: &rusqlite::Error| {
        matches!(
            e,
            rusqlite::Error::SqliteFailure(f, _) if matches!(
                f.code,
                rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::PermissionDenied
            )
        )
    };
    let failed = match &error {
        StoreError::Sqlite(e) => denied(e),
        StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => denied(err),
        _ => false,
    };
    if !failed {
        return error;
    }
    let journal = journal::path_of(path);
    let reason = open::not_writable(path).unwrap_or_else(|| {
        if journal.is_dir() {
            format!("{} is in the way of its journal", journal.display())
        } else {
            format!("{} cannot be written beside it", journal.display())
        }
    });
    StoreError::NotWritable {
        path: path.to_owned(),
        reason,
    }
}
