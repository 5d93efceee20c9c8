//! Remembering which notebook files SQLite's check has passed, so that an
//! unchanged file is not checked again in full at every open.
//!
//! `PRAGMA quick_check` reads every page: 3.3 s warm for a million events,
//! far more cold. Its verdict holds for as long as the file's bytes do, so
//! after a passing check (or after this process's own transactions on a
//! checked file) the file's identity is written to a small record file in
//! the user's cache folder. An open whose file matches a record exactly,
//! with no journal beside it, skips the full check.
//!
//! The identity is: the canonical path, device, inode, size, modification
//! time and status-change time (`ctime`) in nanoseconds, and a hash of the
//! 100-byte SQLite header (which holds the change counter every commit
//! increments). Why each part:
//! - any write through the file system moves `mtime` *and* `ctime`;
//!   `mtime` can be set back (`touch -r`, `cp -p`, a tool restoring time
//!   stamps), but setting it moves `ctime` to now, and `ctime` cannot be
//!   set by an ordinary process at all. A change that keeps the size and
//!   restores the time stamps still does not match.
//! - device and inode: a file copied, downloaded or renamed into place is
//!   another inode, so a file received from elsewhere never matches, even
//!   with the same name, size and time stamps.
//! - "racy" changes (git's old problem): two writes within one tick of
//!   the file system's clock (a few milliseconds; two seconds on FAT)
//!   could leave equal time stamps. So a file whose `mtime` or `ctime` is
//!   less than [`SETTLE`] old is never recorded: a change after the record
//!   is written necessarily has a later time stamp. Such a file (say, one
//!   closed just after an edit) is checked in full at its next open.
//! - a journal beside the file (an interrupted change) means no identity.
//!
//! What the record cannot see: bytes that change without any write through
//! the file system (a failing disk), and a local process that writes the
//! user's cache folder itself; and, on file systems without a true
//! status-change time (FAT, exFAT, some network shares), a change that also
//! puts `mtime` back. `annals check` always runs the full check.
//!
//! The record lives outside the notebook on purpose: a notebook is
//! untrusted, so a "verified" mark inside it could be forged by whoever
//! made the file.
//!
//! The record file is used only where the process opted in
//! ([`set_location`]): the CLI and the app do, with the user's cache
//! folder; tests and libraries that do not always check in full.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest as _, Sha256};

use super::journal;
use super::open::HEADER_BYTES;

/// Records kept; the oldest go first. Each is one short line.
const MAX_RECORDS: usize = 256;

/// How old a file's last change must be before its state is recorded:
/// longer than any file system's time stamp tick (FAT's is two seconds).
pub const SETTLE: std::time::Duration = std::time::Duration::from_millis(2500);

/// Where the records live, if this process uses them.
static LOCATION: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Uses (or, with `None`, stops using) a record file at `path`.
pub fn set_location(path: Option<PathBuf>) {
    if let Ok(mut location) = LOCATION.lock() {
        *location = path;
    }
}

/// The record file in the user's cache folder.
#[must_use]
pub fn default_location() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Annals", "Annals")
        .map(|dirs| dirs.cache_dir().join("verified-notebooks"))
}

fn location() -> Option<PathBuf> {
    LOCATION.lock().ok().and_then(|l| l.clone())
}

/// What identifies a file's exact state, as one line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Identity {
    line: String,
    /// The later of the file's `mtime` and `ctime`.
    changed: std::time::SystemTime,
}

impl Identity {
    /// The identity of the file at `path` now; `None` when it cannot be
    /// read or has a journal beside it (an interrupted change).
    pub(super) fn of(path: &Path) -> Option<Self> {
        if journal::path_of(path).symlink_metadata().is_ok() {
            return None;
        }
        let canonical = path.canonicalize().ok()?;
        let metadata = fs::metadata(&canonical).ok()?;
        let modified = metadata
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        let mut header = Vec::with_capacity(HEADER_BYTES);
        fs::File::open(&canonical)
            .and_then(|f| f.take(HEADER_BYTES as u64).read_to_end(&mut header))
            .ok()?;
        let digest = Sha256::digest(&header);
        let hash: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        #[cfg(unix)]
        let (device, inode, changed_ns) = {
            use std::os::unix::fs::MetadataExt as _;
            let ctime =
                i128::from(metadata.ctime()) * 1_000_000_000 + i128::from(metadata.ctime_nsec());
            (metadata.dev(), metadata.ino(), ctime)
        };
        #[cfg(not(unix))]
        let (device, inode, changed_ns) = (0u64, 0u64, 0i128);
        let status = u64::try_from(changed_ns).ok()?;
        let changed = std::time::UNIX_EPOCH
            .checked_add(std::time::Duration::from_nanos(status))?
            .max(metadata.modified().ok()?);
        let name = canonical.to_string_lossy().replace(['\t', '\n'], " ");
        Some(Self {
            line: format!(
                "{name}\t{device}\t{inode}\t{}\t{modified}\t{changed_ns}\t{hash}",
                metadata.len()
            ),
            changed,
        })
    }

    /// True when the file changed too recently for its time stamps to
    /// tell a later change apart (see [`SETTLE`]).
    fn is_racy(&self) -> bool {
        std::time::SystemTime::now()
            .duration_since(self.changed)
            .map_or(true, |age| age < SETTLE)
    }

    fn name(&self) -> &str {
        self.line.split('\t').next().unwrap_or_default()
    }
}

/// True when the file is in the state a passing check was recorded for.
pub(super) fn is_verified(identity: &Identity) -> bool {
    let Some(location) = location() else {
        return false;
    };
    fs::read_to_string(location).is_ok_and(|records| records.lines().any(|l| l == identity.line))
}

/// True when the file at `path` is, right now, in a state recorded as
/// checked: its next open skips the full check.
#[must_use]
pub fn is_recorded(path: &Path) -> bool {
    Identity::of(path).is_some_and(|identity| is_verified(&identity))
}

/// Records that the file, as `identity` says it is, passed the check
/// (replacing an older record of the same file). A file that changed too
/// recently is not recorded (see [`SETTLE`]), and any record it had is
/// forgotten. Failing to write the record only costs a full check next
/// time, so errors are ignored.
pub(super) fn record(identity: &Identity) {
    let Some(location) = location() else {
        return;
    };
    if identity.is_racy() {
        forget_name(&location, identity.name());
        return;
    }
    let old = fs::read_to_string(&location).unwrap_or_default();
    let mut lines: Vec<&str> = old
        .lines()
        .filter(|l| l.split('\t').next() != Some(identity.name()))
        .collect();
    lines.push(&identity.line);
    let keep = lines.len().saturating_sub(MAX_RECORDS);
    let mut text = lines[keep..].join("\n");
    text.push('\n');
    let Some(folder) = location.parent() else {
        return;
    };
    if fs::create_dir_all(folder).is_err() {
        return;
    }
    // Written whole and renamed, so a reader never sees half a file.
    if let Ok(mut file) = tempfile::NamedTempFile::new_in(folder) {
        use std::io::Write as _;
        if file.write_all(text.as_bytes()).is_ok() {
            let _ = file.persist(&location);
        }
    }
}

/// Forgets any record of the file (after a failed check).
pub(super) fn forget(path: &Path) {
    let Some(location) = location() else {
        return;
    };
    let Ok(canonical) = path.canonicalize() else {
        return;
    };
    let name = canonical.to_string_lossy().replace(['\t', '\n'], " ");
    forget_name(&location, &name);
}

fn forget_name(location: &Path, name: &str) {
    let Ok(old) = fs::read_to_string(location) else {
        return;
    };
    if !old.lines().any(|l| l.split('\t').next() == Some(name)) {
        return;
    }
    let kept: String = old
        .lines()
        .filter(|l| l.split('\t').next() != Some(name))
        .map(|l| format!("{l}\n"))
        .collect();
    let _ = fs::write(location, kept);
}
