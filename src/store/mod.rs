//! The notebook file: one SQLite database, changed only through actions.
//!
//! Opening is careful: the file's header is read directly before SQLite
//! touches it, so a text file, another program's database or a notebook from
//! a newer Annals is refused with its bytes unchanged. An opened notebook is
//! held with an exclusive lock, so a second process is told it is already
//! open instead of interleaving writes.

mod apply;
mod changes;
mod error;
mod events;
mod history;
mod ids;
mod load;
mod notes;
mod search;
mod sources;

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

pub use changes::Changes;
pub use error::{StoreError, StoreResult};
pub use history::HistoryEntry;
pub use search::{HitKind, SearchHit};

use crate::action::{Action, Applied};
use crate::model::Notebook;

/// `PRAGMA application_id` of an Annals notebook: the bytes "ANNL".
pub const APPLICATION_ID: i32 = 0x414E_4E4C;

/// The schema migrations, in order; append-only.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../../migrations/01-initial/up.sql"),
    include_str!("../../migrations/02-excerpt-state/up.sql"),
    include_str!("../../migrations/03-event-extent-index/up.sql"),
];

/// The schema version this build writes (`PRAGMA user_version`).
#[must_use]
pub fn schema_version() -> i64 {
    MIGRATION_SQL.len() as i64
}

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}

/// Checks that the migrations apply cleanly to an empty database.
///
/// # Errors
/// The migration error, if any.
pub fn validate_migrations() -> StoreResult<()> {
    Ok(migrations().validate()?)
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Byte offsets of fields in the SQLite file header (sqlite.org/fileformat.html).
const HEADER_USER_VERSION_OFFSET: usize = 60;
/// See [`HEADER_USER_VERSION_OFFSET`].
const HEADER_APPLICATION_ID_OFFSET: usize = 68;
/// Length of the SQLite file header.
const HEADER_BYTES: usize = 100;

/// An open notebook.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Held for as long as the notebook is open (see [`Store::lock`]).
    _lock: Option<fs::File>,
    /// What the last action, undo or redo changed.
    last_changes: Changes,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
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

fn io_error(context: String) -> impl FnOnce(std::io::Error) -> StoreError {
    move |source| StoreError::Io { context, source }
}

fn header_u32(header: &[u8], offset: usize) -> u32 {
    u32::from_be_bytes([
        header[offset],
        header[offset + 1],
        header[offset + 2],
        header[offset + 3],
    ])
}

/// Reads the file header without SQLite and refuses what is not ours.
fn check_header(path: &Path) -> StoreResult<()> {
    let not_notebook = |reason: &str| StoreError::NotANotebook {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let metadata = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotFound(path.to_owned()));
        }
        Err(e) => return Err(io_error(format!("cannot read {}", path.display()))(e)),
    };
    if metadata.is_dir() {
        return Err(not_notebook("it is a folder"));
    }
    if metadata.len() == 0 {
        return Err(not_notebook("the file is empty"));
    }
    let mut header = Vec::with_capacity(HEADER_BYTES);
    fs::File::open(path)
        .and_then(|f| f.take(HEADER_BYTES as u64).read_to_end(&mut header))
        .map_err(io_error(format!("cannot read {}", path.display())))?;
    if header.len() < HEADER_BYTES || &header[..16] != SQLITE_MAGIC {
        return Err(not_notebook(
            "it is not a SQLite database (a text or other file)",
        ));
    }
    let application_id = header_u32(&header, HEADER_APPLICATION_ID_OFFSET) as i32;
    if application_id != APPLICATION_ID {
        return Err(not_notebook("it is another application's SQLite database"));
    }
    let version = i64::from(header_u32(&header, HEADER_USER_VERSION_OFFSET));
    if version > schema_version() {
        return Err(StoreError::NewerVersion {
            path: path.to_owned(),
            found: version,
            supported: schema_version(),
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn is_corrupt(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(e.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

impl Store {
    /// Opens an existing notebook, refusing anything that is not one.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], [`StoreError::NotANotebook`],
    /// [`StoreError::NewerVersion`], [`StoreError::Corrupt`] or
    /// [`StoreError::AlreadyOpen`]; in each case the file is untouched.
    pub fn open(path: &Path) -> StoreResult<Self> {
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let corrupt = |details: String| StoreError::Corrupt {
            path: path.to_owned(),
            details,
        };
        // Fail at once rather than wait: a holder keeps the file until closed.
        conn.busy_timeout(std::time::Duration::ZERO)?;
        let lock = Self::lock(&conn, path).map_err(|e| match e {
            StoreError::Sqlite(ref err) if is_corrupt(err) => corrupt(err.to_string()),
            other => other,
        })?;
        let check: Vec<String> = conn
            .prepare("PRAGMA quick_check")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(|e| {
                if is_corrupt(&e) {
                    corrupt(e.to_string())
                } else {
                    e.into()
                }
            })?;
        if check.first().map(String::as_str) != Some("ok") {
            return Err(corrupt(check.join("; ")));
        }
        let mut store = Self::finish_open(conn, Some(path.to_owned()))?;
        store._lock = lock;
        Ok(store)
    }

    /// Creates a new, empty notebook at `path`, which must not exist.
    ///
    /// The file is built under a temporary name beside it and moved into
    /// place complete, so a failure never leaves half a notebook.
    ///
    /// # Errors
    /// [`StoreError::AlreadyExists`], or an I/O or SQLite error.
    pub fn create(path: &Path) -> StoreResult<Self> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_owned()));
        }
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{file_name}.creating-{}", std::process::id()));
        let build = || -> StoreResult<()> {
            let mut conn = Connection::open(&temp)?;
            Self::configure(&conn)?;
            migrations().to_latest(&mut conn)?;
            conn.close().map_err(|(_, e)| e)?;
            Ok(())
        };
        if let Err(e) = build() {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        // A hard link refuses to replace an existing file, unlike rename.
        let linked = fs::hard_link(&temp, path);
        let _ = fs::remove_file(&temp);
        match linked {
            Ok(()) => Self::open(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(StoreError::AlreadyExists(path.to_owned()))
            }
            Err(e) => Err(io_error(format!("cannot create {}", path.display()))(e)),
        }
    }

    /// A notebook that lives in memory only (tests, benchmarks).
    ///
    /// # Errors
    /// An SQLite error.
    pub fn open_in_memory() -> StoreResult<Self> {
        let mut conn = Connection::open_in_memory()?;
        Self::configure(&conn)?;
        migrations().to_latest(&mut conn)?;
        Self::finish_open(conn, None)
    }

    /// Takes the lock that keeps other processes out while the notebook is
    /// open. On Unix this is `flock` on the file itself: independent of
    /// SQLite's own `fcntl` locks, it writes nothing and leaves the journal
    /// behaviour alone (SQLite's exclusive locking mode would instead keep a
    /// journal file beside the notebook for as long as it is open).
    #[cfg(unix)]
    fn lock(_conn: &Connection, path: &Path) -> StoreResult<Option<fs::File>> {
        let file =
            fs::File::open(path).map_err(io_error(format!("cannot read {}", path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(fs::TryLockError::WouldBlock) => Err(StoreError::AlreadyOpen(path.to_owned())),
            Err(fs::TryLockError::Error(e)) => {
                Err(io_error(format!("cannot lock {}", path.display()))(e))
            }
        }
    }

    /// Elsewhere, SQLite's exclusive locking mode holds the file.
    #[cfg(not(unix))]
    fn lock(conn: &Connection, path: &Path) -> StoreResult<Option<fs::File>> {
        let result = conn
            .pragma_update(None, "locking_mode", "EXCLUSIVE")
            .and_then(|()| conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;"));
        match result {
            Ok(()) => Ok(None),
            Err(e) if is_busy(&e) => Err(StoreError::AlreadyOpen(path.to_owned())),
            Err(e) => Err(e.into()),
        }
    }

    /// Pragmas every connection needs: a complete file on close, durable
    /// commits, enforced foreign keys.
    fn configure(conn: &Connection) -> StoreResult<()> {
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    fn finish_open(mut conn: Connection, path: Option<PathBuf>) -> StoreResult<Self> {
        Self::configure(&conn)?;
        migrations().to_latest(&mut conn)?;
        history::install_triggers(&conn)?;
        Ok(Self {
            conn,
            path,
            _lock: None,
            last_changes: Changes::everything(),
        })
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mark = history::begin_action_tx(&tx)?;
        let applied = apply::apply_tx(&tx, action)?;
        let changes = history::record_action_tx(&tx, mark, &applied.label)?;
        tx.commit()?;
        self.last_changes = changes;
        Ok(applied)
    }

    /// Undoes the latest action; returns its label.
    ///
    /// # Errors
    /// [`StoreError::NothingTo`] when there is nothing to undo.
    pub fn undo(&mut self) -> StoreResult<String> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (label, changes) = history::undo_tx(&tx)?;
        tx.commit()?;
        self.last_changes = changes;
        Ok(label)
    }

    /// Redoes the latest undone action; returns its label.
    ///
    /// # Errors
    /// [`StoreError::NothingTo`] when there is nothing to redo.
    pub fn redo(&mut self) -> StoreResult<String> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (label, changes) = history::redo_tx(&tx)?;
        tx.commit()?;
        self.last_changes = changes;
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

    /// The full text of a source.
    ///
    /// # Errors
    /// [`StoreError::Missing`] if there is no such source.
    pub fn source_body(&self, id: crate::model::SourceId) -> StoreResult<String> {
        sources::body(&self.conn, id)
    }

    /// Full-text search across events, sources, excerpts and notes. Any text
    /// is accepted; words are matched as typed, with prefix matching on the
    /// last one.
    ///
    /// # Errors
    /// An SQLite error.
    pub fn search(&self, query: &str, limit: usize) -> StoreResult<Vec<SearchHit>> {
        search::search(&self.conn, query, limit)
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
        Ok(problems)
    }

    /// Writes a complete copy of the notebook with SQLite's backup API.
    ///
    /// # Errors
    /// [`StoreError::AlreadyExists`] if `target` exists, or an SQLite error.
    pub fn save_copy(&self, target: &Path) -> StoreResult<()> {
        if target.exists() {
            return Err(StoreError::AlreadyExists(target.to_owned()));
        }
        let mut copy = Connection::open(target)?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            backup.run_to_completion(1024, std::time::Duration::ZERO, None)?;
        }
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
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
        self.last_changes = changes;
        Ok(count)
    }
}
