//! Opening a notebook file carefully: the header is read without SQLite, the
//! file is locked, a journal that does not belong to it is set aside, the
//! connection is hardened, and SQLite's quick check and the schema check run
//! before anything else reads the file. Every refusal leaves the file as it
//! was.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::error::{StoreError, StoreResult};
use super::guard::{self, Trust};
use super::verified::{self, Identity};
use super::{APPLICATION_ID, journal, schema, schema_version};

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Byte offsets of fields in the SQLite file header (sqlite.org/fileformat.html).
const HEADER_USER_VERSION_OFFSET: usize = 60;
/// See [`HEADER_USER_VERSION_OFFSET`].
const HEADER_APPLICATION_ID_OFFSET: usize = 68;
/// Length of the SQLite file header.
pub(super) const HEADER_BYTES: usize = 100;

/// How a notebook is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// May write (and upgrade) the file.
    ReadWrite,
    /// Never writes the file.
    ReadOnly,
}

/// Whether SQLite's full check of the file has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    /// Run it now, before anything else reads the file.
    Now,
    /// Leave it to the caller, who runs it in the background
    /// ([`super::Verifier`]) and allows no edit before its verdict.
    Deferred,
}

/// A checked, locked, hardened connection to a notebook file.
pub(super) struct Opened {
    pub conn: Connection,
    /// The file's identity as verified, or `None` while the check is
    /// deferred.
    pub verified: Option<Verified>,
    pub trust: Trust,
    pub version: i64,
    pub lock: Option<fs::File>,
    /// Things the user should hear about (a journal set aside).
    pub notices: Vec<String>,
}

pub(super) fn io_error(context: String) -> impl FnOnce(std::io::Error) -> StoreError {
    move |cause| StoreError::Io { context, cause }
}

fn header_u32(header: &[u8], offset: usize) -> u32 {
    u32::from_be_bytes([
        header[offset],
        header[offset + 1],
        header[offset + 2],
        header[offset + 3],
    ])
}

/// Reads the file header without SQLite and refuses what is not ours;
/// returns the header and the notebook format version.
pub(super) fn check_header(path: &Path) -> StoreResult<(Vec<u8>, i64)> {
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
    Ok((header, version))
}

pub(super) fn is_corrupt(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _)
            if matches!(e.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

fn is_read_only_error(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::ReadOnly
    )
}

/// Takes the lock that keeps other Annals processes out while the notebook
/// is open: exclusive for a writer, shared for readers. On Unix this is
/// `flock` on the file itself: independent of SQLite's own `fcntl` locks, it
/// writes nothing and leaves the journal behaviour alone.
pub(super) fn lock(path: &Path, mode: Mode) -> StoreResult<fs::File> {
    let file = fs::File::open(path).map_err(io_error(format!("cannot read {}", path.display())))?;
    let locked = match mode {
        Mode::ReadWrite => file.try_lock(),
        Mode::ReadOnly => file.try_lock_shared(),
    };
    match locked {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(StoreError::AlreadyOpen(path.to_owned())),
        Err(fs::TryLockError::Error(e)) => {
            Err(io_error(format!("cannot lock {}", path.display()))(e))
        }
    }
}

/// Why the notebook cannot be written where it is, if it cannot.
pub(super) fn not_writable(path: &Path) -> Option<String> {
    let folder = folder_of(path);
    if let Err(e) = fs::OpenOptions::new().append(true).open(path) {
        return Some(match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                format!("the file {} is read-only", path.display())
            }
            _ => format!("the file {} cannot be written ({e})", path.display()),
        });
    }
    // SQLite writes its journal beside the file.
    if let Err(e) = tempfile::tempfile_in(&folder) {
        return Some(match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                format!("the folder {} is read-only", folder.display())
            }
            _ => format!(
                "nothing can be written in the folder {} ({e})",
                folder.display()
            ),
        });
    }
    None
}

/// The folder a notebook lives in.
pub(super) fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

/// `path` as an SQLite URI that opens it without locks or journal.
pub(super) fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut uri = String::from("file:");
    // Every byte outside plain ASCII is percent-encoded: SQLite decodes
    // `%XX` back to the byte, while pushing such a byte as a `char` would
    // re-encode it (a Cyrillic name would name another file).
    for byte in absolute.to_string_lossy().bytes() {
        match byte {
            b'?' | b'#' | b'%' | 0x80.. => uri.push_str(&format!("%{byte:02X}")),
            _ => uri.push(char::from(byte)),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// A file that passed SQLite's check, with its identity then (`None` when
/// it cannot be told, e.g. a journal lies beside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Verified(pub Option<Identity>);

/// Runs `PRAGMA quick_check`, mapping its failures to refusals.
pub(super) fn quick_check(conn: &Connection, path: &Path, mode: Mode) -> StoreResult<()> {
    let corrupt = |details: String| StoreError::Corrupt {
        path: path.to_owned(),
        details,
    };
    let check: Vec<String> = conn
        .prepare("PRAGMA quick_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| {
            if is_corrupt(&e) {
                corrupt(e.to_string())
            } else if mode == Mode::ReadOnly && is_read_only_error(&e) {
                StoreError::NeedsRecovery(path.to_owned())
            } else {
                e.into()
            }
        })?;
    if check.first().map(String::as_str) != Some("ok") {
        return Err(corrupt(check.join("; ")));
    }
    Ok(())
}

/// The first read of the file when the full check does not run: it still
/// finds a hot journal a read-only open cannot roll back, or a damaged
/// first page.
fn first_read(conn: &Connection, path: &Path, mode: Mode) -> StoreResult<()> {
    let read: rusqlite::Result<i64> =
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0));
    read.map_err(|e| {
        if is_corrupt(&e) {
            StoreError::Corrupt {
                path: path.to_owned(),
                details: e.to_string(),
            }
        } else if mode == Mode::ReadOnly && is_read_only_error(&e) {
            StoreError::NeedsRecovery(path.to_owned())
        } else {
            e.into()
        }
    })?;
    Ok(())
}

/// Opens, locks and (unless `when` defers it, or the file is unchanged
/// since a passing check, see [`verified`]) checks a notebook file.
pub(super) fn open(path: &Path, mode: Mode, when: Check) -> StoreResult<Opened> {
    let (header, version) = check_header(path)?;
    let lock = lock(path, mode)?;
    let journal = journal::path_of(path);
    if journal.symlink_metadata().is_ok_and(|m| !m.is_file()) {
        return Err(StoreError::NotWritable {
            path: path.to_owned(),
            reason: format!(
                "{} is in the way of the notebook's journal; move it elsewhere",
                journal.display()
            ),
        });
    }
    let mut notices = Vec::new();
    let mut immutable = false;
    if let Some(reason) = journal::stale_reason(path, &header) {
        match mode {
            Mode::ReadWrite => {
                let aside = journal::set_aside(path)
                    .map_err(io_error(format!("cannot set aside {}", journal.display())))?;
                notices.push(format!(
                    "the leftover journal {} did not belong to this notebook ({reason}); it was set aside as {} instead of being rolled back into the file",
                    journal.display(),
                    aside.display()
                ));
            }
            Mode::ReadOnly => {
                immutable = true;
                notices.push(format!(
                    "the leftover journal {} does not belong to this notebook ({reason}) and was ignored",
                    journal.display()
                ));
            }
        }
    }
    let conn = match (mode, immutable) {
        (Mode::ReadWrite, _) => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?,
        (Mode::ReadOnly, false) => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?,
        (Mode::ReadOnly, true) => Connection::open_with_flags(
            immutable_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?,
    };
    let trust = guard::harden(&conn)?;
    // Fail at once rather than wait: a holder keeps the file until closed.
    conn.busy_timeout(std::time::Duration::ZERO)?;
    // The identity before the check, so that a change made while it runs
    // does not get the verdict.
    let identity = Identity::of(path);
    let verified = if identity.as_ref().is_some_and(verified::is_verified) {
        first_read(&conn, path, mode)?;
        Some(Verified(identity))
    } else if when == Check::Now {
        if let Err(error) = quick_check(&conn, path, mode) {
            verified::forget(path);
            return Err(error);
        }
        if let Some(identity) = &identity {
            verified::record(identity);
        }
        Some(Verified(identity))
    } else {
        first_read(&conn, path, mode)?;
        None
    };
    schema::check(&conn, version, path)?;
    Ok(Opened {
        conn,
        verified,
        trust,
        version,
        lock: Some(lock),
        notices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn immutable_uris_name_the_file_in_any_script() {
        let uri = immutable_uri(Path::new("/x/От коллеги?#%.annals"));
        assert_eq!(
            uri,
            "file:/x/%D0%9E%D1%82 %D0%BA%D0%BE%D0%BB%D0%BB%D0%B5%D0%B3%D0%B8%3F%23%25.annals?immutable=1"
        );
    }
}
