//! Writing a new notebook file in one step (see [`super::Store::create`]).

use std::fs;
use std::io::Write as _;
use std::path::Path;

use rusqlite::{Connection, MAIN_DB};

use super::error::{StoreError, StoreResult};
use super::open::{folder_of, io_error};
use super::{guard, migrate};

/// Builds an empty notebook in memory and writes it to `path`, which must
/// not exist.
pub(super) fn create(path: &Path) -> StoreResult<()> {
    if path.symlink_metadata().is_ok() {
        return Err(StoreError::AlreadyExists(path.to_owned()));
    }
    let bytes = {
        let mut conn = Connection::open_in_memory()?;
        let trust = guard::harden(&conn)?;
        migrate(&mut conn, &trust)?;
        conn.serialize(MAIN_DB)?.to_vec()
    };
    write_new(path, &bytes)
}

fn already_exists(path: &Path, error: std::io::Error) -> StoreError {
    if error.kind() == std::io::ErrorKind::AlreadyExists {
        StoreError::AlreadyExists(path.to_owned())
    } else {
        io_error(format!("cannot create {}", path.display()))(error)
    }
}

/// Writes `bytes` as a new file at `path` so that the name appears only
/// with the whole content behind it.
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> StoreResult<()> {
    let dir = folder_of(path);
    #[cfg(target_os = "linux")]
    {
        // An unnamed file in the folder, linked to its name once complete:
        // a kill at any moment leaves nothing behind.
        if let Ok(mut file) = tempfile::tempfile_in(&dir) {
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(io_error(format!("cannot write in {}", dir.display())))?;
            let fd = std::os::fd::AsRawFd::as_raw_fd(&file);
            let linked = rustix::fs::linkat(
                rustix::fs::CWD,
                format!("/proc/self/fd/{fd}"),
                rustix::fs::CWD,
                path,
                rustix::fs::AtFlags::SYMLINK_FOLLOW,
            );
            match linked {
                Ok(()) => return sync_folder(&dir),
                Err(rustix::io::Errno::EXIST) => {
                    return Err(StoreError::AlreadyExists(path.to_owned()));
                }
                // Not an O_TMPFILE (the file system lacks it) or no /proc:
                // fall back to a named temporary file.
                Err(_) => {}
            }
        }
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".annals-new-")
        .tempfile_in(&dir)
        .map_err(io_error(format!("cannot write in {}", dir.display())))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(io_error(format!("cannot write in {}", dir.display())))?;
    temp.persist_noclobber(path)
        .map_err(|e| already_exists(path, e.error))?;
    sync_folder(&dir)
}

/// Makes the new name durable.
fn sync_folder(dir: &Path) -> StoreResult<()> {
    #[cfg(unix)]
    if let Ok(folder) = fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = (dir, fs::metadata(dir));
    Ok(())
}
