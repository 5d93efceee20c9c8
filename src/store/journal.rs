//! Leftover rollback journals. After a crash SQLite rolls the `-journal`
//! beside a notebook back into it, which is right when the journal belongs
//! to that file and ruinous when it does not: a backup copied over a
//! notebook after a crash would have the old transaction's pages written
//! into it. Before SQLite sees a journal, it is checked against the file and
//! set aside when it cannot belong to it.
//!
//! Format: sqlite.org/fileformat.html, "The Rollback Journal".

use std::fs;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The first eight bytes of a live rollback journal header.
const JOURNAL_MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
/// Bytes of the journal header that are read.
const JOURNAL_HEADER_BYTES: usize = 28;
/// Offset of the sector size in the journal header.
const JOURNAL_SECTOR_SIZE_OFFSET: usize = 20;
/// Offset of the database's size in pages when the transaction began.
const JOURNAL_INITIAL_PAGES_OFFSET: usize = 16;
/// Offset of the page size in the journal header.
const JOURNAL_PAGE_SIZE_OFFSET: usize = 24;
/// Offset of the page size in the database header.
const DB_PAGE_SIZE_OFFSET: usize = 16;
/// Offset of the file change counter in the database header.
const DB_CHANGE_COUNTER_OFFSET: usize = 24;
/// Offset of the database size in pages in the database header.
const DB_PAGE_COUNT_OFFSET: usize = 28;
/// Offset of the change counter for which that size is valid.
const DB_VERSION_VALID_FOR_OFFSET: usize = 92;
/// Journal records looked through for page 1 before giving up: page 1 is
/// journaled early in every write transaction.
const JOURNAL_RECORDS_SCANNED: u64 = 100_000;
/// A journal this much older than its notebook was not written by the last
/// transaction on it: SQLite journals a page before it first writes it to
/// the file, and no Annals transaction runs for minutes.
const STALE_JOURNAL_AGE: Duration = Duration::from_secs(600);

/// The journal path SQLite uses for a notebook.
pub(super) fn path_of(notebook: &Path) -> PathBuf {
    let mut name = notebook.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

fn u32_at(bytes: &[u8], offset: usize) -> Option<u32> {
    let b = bytes.get(offset..offset + 4)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn page_size_at(bytes: &[u8], offset: usize) -> Option<u32> {
    let b = bytes.get(offset..offset + 2)?;
    // The value 1 stands for 65536.
    match u16::from_be_bytes([b[0], b[1]]) {
        1 => Some(65_536),
        n => Some(u32::from(n)),
    }
}

/// Why a journal does not belong to its notebook, if it does not; `None`
/// when there is no live journal or it may be genuine.
pub(super) fn stale_reason(notebook: &Path, db_header: &[u8]) -> Option<&'static str> {
    let journal = path_of(notebook);
    let mut file = fs::File::open(&journal).ok()?;
    let mut header = [0_u8; JOURNAL_HEADER_BYTES];
    file.read_exact(&mut header).ok()?;
    if header[..8] != JOURNAL_MAGIC {
        // A zeroed or truncated header: SQLite ignores such a journal.
        return None;
    }
    let journal_page = u32_at(&header, JOURNAL_PAGE_SIZE_OFFSET)?;
    let sector = u32_at(&header, JOURNAL_SECTOR_SIZE_OFFSET)?;
    if page_size_at(db_header, DB_PAGE_SIZE_OFFSET) != Some(journal_page) {
        return Some("its page size differs from the notebook's");
    }
    let current = u32_at(db_header, DB_CHANGE_COUNTER_OFFSET)?;
    if let Some(counter) = journaled_change_counter(&mut file, sector, journal_page) {
        // The transaction started from the journal's page 1 and may have
        // written its incremented counter before the crash.
        if current != counter && current != counter.wrapping_add(1) {
            return Some("it was written for another version of the file");
        }
    } else if u32_at(db_header, DB_VERSION_VALID_FOR_OFFSET) == Some(current)
        && u32_at(db_header, DB_PAGE_COUNT_OFFSET) != u32_at(&header, JOURNAL_INITIAL_PAGES_OFFSET)
    {
        // Page 1 was not journaled, so it is as the transaction found it:
        // the size it records must be the size the journal started from.
        return Some("it was written for a file of another size");
    }
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(journal_time), Some(file_time)) = (modified(&journal), modified(notebook))
        && file_time
            .duration_since(journal_time)
            .is_ok_and(|age| age > STALE_JOURNAL_AGE)
    {
        return Some("it is older than the file");
    }
    None
}

/// The change counter in the journal's copy of page 1, if it holds one.
fn journaled_change_counter(file: &mut fs::File, sector: u32, page: u32) -> Option<u32> {
    let record = u64::from(page) + 8;
    let length = file.metadata().ok()?.len();
    let mut offset = u64::from(sector);
    let mut scanned = 0;
    while offset + record <= length && scanned < JOURNAL_RECORDS_SCANNED {
        file.seek(SeekFrom::Start(offset)).ok()?;
        let mut number = [0_u8; 4];
        file.read_exact(&mut number).ok()?;
        if u32::from_be_bytes(number) == 1 {
            file.seek(SeekFrom::Start(
                offset + 4 + DB_CHANGE_COUNTER_OFFSET as u64,
            ))
            .ok()?;
            let mut counter = [0_u8; 4];
            file.read_exact(&mut counter).ok()?;
            return Some(u32::from_be_bytes(counter));
        }
        offset += record;
        scanned += 1;
    }
    None
}

/// Moves a stale journal out of SQLite's way; returns where it went.
pub(super) fn set_aside(notebook: &Path) -> std::io::Result<PathBuf> {
    let journal = path_of(notebook);
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut target = PathBuf::from(format!("{}.set-aside-{stamp}", journal.display()));
    let mut n = 2;
    while target.exists() {
        target = PathBuf::from(format!("{}.set-aside-{stamp}-{n}", journal.display()));
        n += 1;
    }
    fs::rename(&journal, &target)?;
    Ok(target)
}
