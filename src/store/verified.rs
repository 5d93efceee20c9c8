//! Remembering which notebook files SQLite's check has passed, so that an
//! unchanged file is not checked again in full at every open.
//!
//! `PRAGMA quick_check` reads every page: 3.3 s warm for a million events,
//! far more cold. Its verdict holds for as long as the file's bytes do, so
//! after a passing check (or after this process's own transactions on a
//! checked file) the file's identity is written to a small record file in
//! the user's cache folder: device, inode, size, modification time in
//! nanoseconds and a hash of the 100-byte SQLite header (which holds the
//! change counter every commit increments). An open whose file matches a
//! record exactly, with no journal beside it, skips the full check; any
//! write by anyone else changes the time stamp (and usually the counter),
//! so the file is checked again.
//!
//! The record lives outside the notebook on purpose: a notebook is
//! untrusted, so a "verified" mark inside it could be forged by whoever
//! made the file. A record here names one inode on this machine at one
//! nanosecond time stamp, which a file received from elsewhere cannot
//! match.
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
pub(super) struct Identity(String);

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
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt as _;
            (metadata.dev(), metadata.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0u64, 0u64);
        let name = canonical.to_string_lossy().replace(['\t', '\n'], " ");
        Some(Self(format!(
            "{name}\t{device}\t{inode}\t{}\t{modified}\t{hash}",
            metadata.len()
        )))
    }

    fn name(&self) -> &str {
        self.0.split('\t').next().unwrap_or_default()
    }
}

/// True when the file is in the state a passing check was recorded for.
pub(super) fn is_verified(identity: &Identity) -> bool {
    let Some(location) = location() else {
        return false;
    };
    fs::read_to_string(location).is_ok_and(|records| records.lines().any(|l| l == identity.0))
}

/// Records that the file, as `identity` says it is, passed the check
/// (replacing an older record of the same file). Failing to write the
/// record only costs a full check next time, so errors are ignored.
pub(super) fn record(identity: &Identity) {
    let Some(location) = location() else {
        return;
    };
    let old = fs::read_to_string(&location).unwrap_or_default();
    let mut lines: Vec<&str> = old
        .lines()
        .filter(|l| l.split('\t').next() != Some(identity.name()))
        .collect();
    lines.push(&identity.0);
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
    let Ok(old) = fs::read_to_string(&location) else {
        return;
    };
    if !old
        .lines()
        .any(|l| l.split('\t').next() == Some(name.as_str()))
    {
        return;
    }
    let kept: String = old
        .lines()
        .filter(|l| l.split('\t').next() != Some(name.as_str()))
        .map(|l| format!("{l}\n"))
        .collect();
    let _ = fs::write(location, kept);
}
