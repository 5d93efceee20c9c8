//! Verified backups beside the notebook, rotated, listed and restored.
//!
//! A backup is written with SQLite's backup API into a temporary file in
//! the backups folder, checked with `quick_check` and the schema check, and
//! only then given its name, so a listed backup is always a whole notebook.
//! The folder is `NAME.backups/` beside `NAME.annals`; when that folder
//! cannot be written (read-only media), the data folder's
//! `backups/NAME-XXXXXXXX/` is used instead.
//!
//! Rotation keeps the 10 newest backups, the newest of each of the last 7
//! days, and the newest one made before a format upgrade.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike as _, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::error::{StoreError, StoreResult};
use super::open::{self, folder_of, io_error};
use super::{Store, guard, schema};

/// Why a backup was made; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupReason {
    /// `annals backup`, File ▸ Backups… ▸ Back up now.
    Manual,
    /// After some minutes of editing.
    Automatic,
    /// When the notebook was closed after changes.
    OnClose,
    /// Before the notebook was upgraded to a newer format.
    BeforeUpgrade,
    /// The notebook as it was before a backup was restored over it.
    BeforeRestore,
}

impl BackupReason {
    /// The word in file names and `--json`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Automatic => "automatic",
            Self::OnClose => "on-close",
            Self::BeforeUpgrade => "before-upgrade",
            Self::BeforeRestore => "before-restore",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [
            Self::Manual,
            Self::Automatic,
            Self::OnClose,
            Self::BeforeUpgrade,
            Self::BeforeRestore,
        ]
        .into_iter()
        .find(|r| r.name() == name)
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backup {
    /// Where it is.
    pub path: PathBuf,
    /// When it was taken (UTC, from its name); RFC 3339 in JSON.
    #[serde(serialize_with = "rfc3339")]
    pub taken_at: DateTime<Utc>,
    /// Why it was taken.
    pub reason: BackupReason,
    /// Its size in bytes.
    pub bytes: u64,
}

fn rfc3339<S: serde::Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// When automatic backups are made and how many are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupPolicy {
    /// At most one automatic backup per this much time of editing.
    pub every: Duration,
    /// Keep this many of the newest backups.
    pub keep_recent: usize,
    /// Also keep the newest backup of each of this many last days.
    pub keep_daily_days: u32,
}

impl BackupPolicy {
    /// Every 10 minutes of editing; 10 recent and 7 daily backups. Ten
    /// minutes bounds the work a damaged disk can take to one coffee break;
    /// a week of dailies covers "it was right last Tuesday".
    pub const DEFAULT: Self = Self {
        every: Duration::from_secs(10 * 60),
        keep_recent: 10,
        keep_daily_days: 7,
    };
}

impl Default for BackupPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The format of the time in a backup's name.
const STAMP_FORMAT: &str = "%Y%m%d-%H%M%S-%3f";
/// Length of a formatted [`STAMP_FORMAT`].
const STAMP_CHARS: usize = 19;
/// Backup files end so.
const BACKUP_EXTENSION: &str = "annals";
/// Hex digits of the notebook path's hash naming its folder in the data
/// folder, so two notebooks of one name do not share backups.
const DATA_FOLDER_HASH_HEX: usize = 8;

fn stem(notebook: &Path) -> String {
    notebook.file_stem().map_or_else(
        || "notebook".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// The backups folder beside a notebook: `NAME.backups/`.
#[must_use]
pub fn folder(notebook: &Path) -> PathBuf {
    folder_of(notebook).join(format!("{}.backups", stem(notebook)))
}

/// The fallback backups folder in the user's data folder.
fn data_folder(notebook: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(notebook).unwrap_or_else(|_| notebook.to_owned());
    let hash = super::undo::text_sha256(&absolute.to_string_lossy());
    directories::ProjectDirs::from("org", "Annals", "Annals").map(|dirs| {
        dirs.data_dir().join("backups").join(format!(
            "{}-{}",
            stem(notebook),
            &hash[..DATA_FOLDER_HASH_HEX]
        ))
    })
}

/// The folder backups are written to: beside the notebook if it can be
/// written there, else the data folder's.
fn writable_folder(notebook: &Path) -> StoreResult<PathBuf> {
    let beside = folder(notebook);
    let try_folder = |dir: &Path| -> bool {
        fs::create_dir_all(dir).is_ok() && tempfile::tempfile_in(dir).is_ok()
    };
    if try_folder(&beside) {
        return Ok(beside);
    }
    match data_folder(notebook) {
        Some(dir) if try_folder(&dir) => Ok(dir),
        _ => Err(StoreError::NotWritable {
            path: notebook.to_owned(),
            reason: format!(
                "no backup can be written: neither {} nor the data folder can be written",
                beside.display()
            ),
        }),
    }
}

/// Opens a file read-only with a hardened connection and checks that it is
/// a whole notebook (header, `quick_check`, schema).
pub(super) fn verify(path: &Path) -> StoreResult<()> {
    let (_, version) = open::check_header(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    guard::harden(&conn)?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| StoreError::Corrupt {
            path: path.to_owned(),
            details: e.to_string(),
        })?;
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            details: check,
        });
    }
    schema::check(&conn, version, path)
}

/// Copies `conn`'s database into a new file at `target`: written under a
/// temporary name in the target folder, verified, then linked into place
/// without replacing anything.
pub(super) fn verified_copy(conn: &Connection, target: &Path) -> StoreResult<()> {
    if target.symlink_metadata().is_ok() {
        return Err(StoreError::AlreadyExists(target.to_owned()));
    }
    let dir = folder_of(target);
    let temp = tempfile::Builder::new()
        .prefix(".annals-copy-")
        .tempfile_in(&dir)
        .map_err(io_error(format!("cannot write in {}", dir.display())))?;
    {
        let mut copy = Connection::open(temp.path())?;
        guard::harden(&copy)?;
        {
            let backup = rusqlite::backup::Backup::new(conn, &mut copy)?;
            backup.run_to_completion(1024, Duration::ZERO, None)?;
        }
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        copy.close().map_err(|(_, e)| e)?;
    }
    temp.as_file()
        .sync_all()
        .map_err(io_error(format!("cannot write {}", temp.path().display())))?;
    verify(temp.path())?;
    persist_new(temp, target)
}

/// Gives a finished temporary file its name, never replacing a file.
pub(super) fn persist_new(temp: tempfile::NamedTempFile, target: &Path) -> StoreResult<()> {
    temp.persist_noclobber(target).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            StoreError::AlreadyExists(target.to_owned())
        } else {
            io_error(format!("cannot create {}", target.display()))(e.error)
        }
    })?;
    Ok(())
}

/// A name for a new backup in `dir`.
fn new_name(dir: &Path, notebook: &Path, reason: BackupReason, now: DateTime<Utc>) -> PathBuf {
    let base = format!(
        "{}-{}-{}",
        stem(notebook),
        now.format(STAMP_FORMAT),
        reason.name()
    );
    let mut path = dir.join(format!("{base}.{BACKUP_EXTENSION}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}.{BACKUP_EXTENSION}"));
        n += 1;
    }
    path
}

/// Makes a verified backup of `conn` (the notebook at `notebook`), then
/// rotates the backups.
pub(super) fn write(
    conn: &Connection,
    notebook: &Path,
    reason: BackupReason,
) -> StoreResult<Backup> {
    let dir = writable_folder(notebook)?;
    let now = Utc::now();
    let path = new_name(&dir, notebook, reason, now);
    verified_copy(conn, &path)?;
    rotate(notebook, &BackupPolicy::DEFAULT)?;
    let bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(Backup {
        path,
        taken_at: now,
        reason,
        bytes,
    })
}

/// Reads a backup's time and reason from its name.
fn parse_name(stem_prefix: &str, path: &Path) -> Option<(DateTime<Utc>, BackupReason)> {
    if path.extension()? != BACKUP_EXTENSION {
        return None;
    }
    let name = path.file_stem()?.to_str()?;
    let rest = name.strip_prefix(stem_prefix)?.strip_prefix('-')?;
    let stamp = rest.get(..STAMP_CHARS)?;
    let taken = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT)
        .ok()?
        .and_utc();
    let reason = rest.get(STAMP_CHARS..)?.strip_prefix('-')?;
    // A collision suffix ("-2") may follow the reason.
    let reason = reason
        .rsplit_once('-')
        .filter(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
        .map_or(reason, |(r, _)| r);
    Some((taken, BackupReason::from_name(reason)?))
}

/// The backups of a notebook, newest first, from both possible folders.
///
/// # Errors
/// An I/O error reading a folder that exists.
pub fn list(notebook: &Path) -> StoreResult<Vec<Backup>> {
    let prefix = stem(notebook);
    let mut found = Vec::new();
    for dir in std::iter::once(folder(notebook)).chain(data_folder(notebook)) {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_error(format!("cannot read {}", dir.display()))(e)),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if let Some((taken_at, reason)) = parse_name(&prefix, &path) {
                let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
                found.push(Backup {
                    path,
                    taken_at,
                    reason,
                    bytes,
                });
            }
        }
    }
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(found)
}

/// The newest backup that is a whole, unaltered notebook, for "restore the
/// latest good backup?" when a notebook is damaged.
///
/// # Errors
/// An I/O error listing the backups.
pub fn latest_good(notebook: &Path) -> StoreResult<Option<Backup>> {
    Ok(list(notebook)?
        .into_iter()
        .find(|b| verify(&b.path).is_ok()))
}

/// Deletes the backups the policy no longer keeps.
fn rotate(notebook: &Path, policy: &BackupPolicy) -> StoreResult<()> {
    let all = list(notebook)?;
    let today = Utc::now().date_naive();
    let mut keep = vec![false; all.len()];
    for flag in keep.iter_mut().take(policy.keep_recent) {
        *flag = true;
    }
    let mut days_seen = std::collections::HashSet::new();
    for (i, backup) in all.iter().enumerate() {
        let day = backup.taken_at.date_naive();
        let age = (today - day).num_days();
        if age >= 0
            && age < i64::from(policy.keep_daily_days)
            && days_seen.insert(day.num_days_from_ce())
        {
            keep[i] = true;
        }
    }
    if let Some(i) = all
        .iter()
        .position(|b| b.reason == BackupReason::BeforeUpgrade)
    {
        keep[i] = true;
    }
    for (backup, kept) in all.iter().zip(keep) {
        if !kept {
            fs::remove_file(&backup.path)
                .map_err(io_error(format!("cannot remove {}", backup.path.display())))?;
        }
    }
    Ok(())
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The notebook as it was before, saved first (a verified backup, or a
    /// raw copy named `…-damaged.annals` when it could not be read).
    pub previous: Option<PathBuf>,
    /// A journal that belonged to the replaced file, moved out of the way.
    pub journal_set_aside: Option<PathBuf>,
}

/// Replaces the notebook at `notebook` with the backup at `backup`. The
/// notebook must be closed (the app drops its [`Store`] first); the backup
/// is verified, the current file is itself backed up first, the copy is
/// moved into place in one step, and a journal left by the old file is set
/// aside so it is never rolled back into the restored one.
///
/// # Errors
/// [`StoreError::AlreadyOpen`] if the notebook is open; what [`verify`]
/// says of a bad backup; an I/O or SQLite error. On error the notebook is
/// as it was.
pub fn restore(notebook: &Path, backup: &Path) -> StoreResult<Restored> {
    verify(backup)?;
    let mut previous = None;
    let _lock = if notebook.exists() {
        let lock = open::lock(notebook, open::Mode::ReadWrite)?;
        previous = Some(save_previous(notebook)?);
        Some(lock)
    } else {
        None
    };
    let dir = folder_of(notebook);
    let mut temp = tempfile::Builder::new()
        .prefix(".annals-restore-")
        .tempfile_in(&dir)
        .map_err(io_error(format!("cannot write in {}", dir.display())))?;
    let bytes = fs::read(backup).map_err(io_error(format!("cannot read {}", backup.display())))?;
    temp.write_all(&bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(io_error(format!("cannot write in {}", dir.display())))?;
    verify(temp.path())?;
    let journal = super::journal::path_of(notebook);
    let journal_set_aside = if journal.exists() {
        Some(
            super::journal::set_aside(notebook)
                .map_err(io_error(format!("cannot set aside {}", journal.display())))?,
        )
    } else {
        None
    };
    temp.persist(notebook)
        .map_err(|e| io_error(format!("cannot replace {}", notebook.display()))(e.error))?;
    Ok(Restored {
        previous,
        journal_set_aside,
    })
}

/// Saves the notebook about to be replaced: a verified backup if it reads,
/// else its bytes as they are.
fn save_previous(notebook: &Path) -> StoreResult<PathBuf> {
    let readable = verify(notebook).is_ok();
    if readable {
        let conn = Connection::open_with_flags(
            notebook,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        guard::harden(&conn)?;
        return Ok(write(&conn, notebook, BackupReason::BeforeRestore)?.path);
    }
    let dir = writable_folder(notebook)?;
    let stamp = Utc::now().format(STAMP_FORMAT);
    let target = dir.join(format!(
        "{}-{stamp}-damaged.{BACKUP_EXTENSION}",
        stem(notebook)
    ));
    fs::copy(notebook, &target).map_err(io_error(format!("cannot copy {}", notebook.display())))?;
    Ok(target)
}

/// A notebook's file, to back up or copy on another thread while the
/// notebook stays open (the app's jobs): each call opens its own hardened,
/// read-only connection, so the frame that owns the [`Store`] never waits
/// for the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotebookFile {
    path: PathBuf,
}

impl NotebookFile {
    /// The notebook file at `path` (nothing is opened yet).
    #[must_use]
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
        }
    }

    /// Where the notebook is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn connect(&self) -> StoreResult<(Connection, guard::Trust)> {
        open::check_header(&self.path)?;
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let trust = guard::harden(&conn)?;
        // The app's own writes come between the copy's steps; wait for them.
        conn.busy_timeout(WORKER_BUSY_WAIT)?;
        Ok((conn, trust))
    }

    /// Makes a verified backup of the file as it is on disk, then rotates.
    ///
    /// # Errors
    /// As [`Store::backup_now`].
    pub fn backup(&self, reason: BackupReason) -> StoreResult<Backup> {
        let (conn, _trust) = self.connect()?;
        write(&conn, &self.path, reason)
    }

    /// Writes a clean copy to share, as [`Store::copy_clean`].
    ///
    /// # Errors
    /// As [`Store::copy_clean`].
    pub fn copy_clean(&self, target: &Path, without_notes: bool) -> StoreResult<()> {
        let (conn, trust) = self.connect()?;
        super::rescue::clean_copy(&conn, &trust, target, without_notes)
    }
}

/// How long a worker's copy waits for the app's write to finish; a write
/// is one action's transaction, milliseconds long.
const WORKER_BUSY_WAIT: Duration = Duration::from_secs(5);

/// How long the app's own connection waits for a worker's copy step (1,024
/// pages, a few milliseconds) before a write reports the notebook busy.
const APP_BUSY_WAIT: Duration = Duration::from_millis(500);

impl Store {
    /// Makes a verified backup now (`annals backup`, Back up now).
    ///
    /// # Errors
    /// An in-memory notebook has no backups ([`StoreError::Invalid`]); an
    /// I/O or SQLite error.
    pub fn backup_now(&mut self) -> StoreResult<Backup> {
        self.backup(BackupReason::Manual)
    }

    /// Makes an automatic backup when the notebook was changed since the
    /// last one and `policy.every` has passed since it (or since opening);
    /// the app calls this from a timer.
    ///
    /// # Errors
    /// As [`Store::backup_now`].
    pub fn backup_if_due(&mut self, policy: &BackupPolicy) -> StoreResult<Option<Backup>> {
        if self.edits_since_backup == 0 || self.backed_up_at.elapsed() < policy.every {
            return Ok(None);
        }
        self.backup(BackupReason::Automatic).map(Some)
    }

    /// Makes a backup when the notebook was changed since the last one; the
    /// app calls this before closing a notebook.
    ///
    /// # Errors
    /// As [`Store::backup_now`].
    pub fn backup_on_close(&mut self) -> StoreResult<Option<Backup>> {
        if self.edits_since_backup == 0 {
            return Ok(None);
        }
        self.backup(BackupReason::OnClose).map(Some)
    }

    /// True when there are changes no backup holds yet.
    #[must_use]
    pub const fn changed_since_backup(&self) -> bool {
        self.edits_since_backup > 0
    }

    /// The notebook's file, for a backup or copy made on another thread
    /// (`None` in memory). From then on the store's own writes wait a
    /// moment for such a copy instead of failing at once.
    ///
    /// # Errors
    /// An SQLite error setting the wait.
    pub fn file(&self) -> StoreResult<Option<NotebookFile>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        self.conn.busy_timeout(APP_BUSY_WAIT)?;
        Ok(Some(NotebookFile::new(path)))
    }

    /// Actions, undos and redos since the last backup.
    #[must_use]
    pub const fn edits_since_backup(&self) -> u64 {
        self.edits_since_backup
    }

    /// How long until an automatic backup is due under `policy`: `None`
    /// when nothing changed since the last one, zero when it is due.
    #[must_use]
    pub fn backup_due_in(&self, policy: &BackupPolicy) -> Option<Duration> {
        (self.edits_since_backup > 0 && self.path.is_some())
            .then(|| policy.every.saturating_sub(self.backed_up_at.elapsed()))
    }

    /// Records that a backup made elsewhere ([`NotebookFile::backup`]) holds
    /// the first `edits` of the edits counted when it started; edits made
    /// while it ran still wait for the next one.
    pub fn backed_up(&mut self, edits: u64) {
        self.edits_since_backup = self.edits_since_backup.saturating_sub(edits);
        self.backed_up_at = Instant::now();
    }

    /// This notebook's backups, newest first.
    ///
    /// # Errors
    /// An I/O error.
    pub fn backups(&self) -> StoreResult<Vec<Backup>> {
        match &self.path {
            Some(path) => list(path),
            None => Ok(Vec::new()),
        }
    }

    fn backup(&mut self, reason: BackupReason) -> StoreResult<Backup> {
        let Some(path) = self.path.clone() else {
            return Err(StoreError::Invalid(
                "a notebook in memory has no backups".to_owned(),
            ));
        };
        let backup = write(&self.conn, &path, reason)?;
        self.edits_since_backup = 0;
        self.backed_up_at = Instant::now();
        Ok(backup)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_time_and_reason() {
        let now = DateTime::parse_from_rfc3339("2024-06-12T08:30:05.123Z")
            .unwrap()
            .with_timezone(&Utc);
        let dir = Path::new("/nowhere");
        let name = new_name(
            dir,
            Path::new("/x/Putin visit.annals"),
            BackupReason::BeforeUpgrade,
            now,
        );
        assert_eq!(
            name,
            Path::new("/nowhere/Putin visit-20240612-083005-123-before-upgrade.annals")
        );
        assert_eq!(
            parse_name("Putin visit", &name),
            Some((now, BackupReason::BeforeUpgrade))
        );
        assert_eq!(
            parse_name(
                "Putin visit",
                Path::new("Putin visit-20240612-083005-123-manual-2.annals")
            ),
            Some((now, BackupReason::Manual))
        );
        assert_eq!(
            parse_name("Putin visit", Path::new("Putin visit.annals")),
            None
        );
        assert_eq!(
            parse_name(
                "Putin",
                Path::new("Putin visit-20240612-083005-123-manual.annals")
            ),
            None
        );
    }
}
