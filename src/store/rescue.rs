//! Getting the research out of a notebook that cannot be opened as it is,
//! and sharing one without what was deleted:
//!
//! - [`salvage`] copies every readable row of a damaged notebook into a new
//!   one and reports what was lost;
//! - [`repair`] copies a notebook that holds schema objects Annals did not
//!   create (a planted trigger or view) into a new one without them;
//! - [`clean_copy`] writes a compacted copy without undo history, without
//!   deleted rows in free pages or the search index, optionally without
//!   notes.
//!
//! Salvage and repair read the old file through a hardened, read-only
//! connection and insert rows with statements this code owns; the new
//! notebook starts with an empty undo history.

use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::{Connection, MAIN_DB, OpenFlags};
use serde::Serialize;

use super::error::{StoreError, StoreResult};
use super::guard::{self, Trust};
use super::open::{self, folder_of, io_error};
use super::undo::{RESEARCH_TABLES, columns, text_sha256};
use super::{create, migrate, schema};

/// What happened to one table's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TableReport {
    /// The table ("events", "sources", …).
    pub table: String,
    /// Rows copied into the new notebook.
    pub copied: u64,
    /// Rows that could not be read (or whose values were invalid).
    pub unreadable: u64,
    /// Rows dropped because what they belong to was lost.
    pub orphaned: u64,
}

/// What [`salvage`] or [`repair`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RescueReport {
    /// Per research table, parents first.
    pub tables: Vec<TableReport>,
    /// Schema objects left out (repair), in words.
    pub removed: Vec<String>,
    /// True when a whole table could not be read at all.
    pub tables_lost: Vec<String>,
}

impl RescueReport {
    /// True when every row came across.
    #[must_use]
    pub fn complete(&self) -> bool {
        self.tables_lost.is_empty()
            && self
                .tables
                .iter()
                .all(|t| t.unreadable == 0 && t.orphaned == 0)
    }
}

/// Opens a file for rescue: hardened, read-only, journal ignored (a damaged
/// file is read as it is), no checks.
fn open_source(path: &Path) -> StoreResult<Connection> {
    open::check_header(path)?;
    let uri = open::immutable_uri(path);
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )?;
    guard::harden(&conn)?;
    Ok(conn)
}

/// The row ids of `table` that can be found: a scan of the table as far as
/// it reads, and of each of its indexes (which name every row), so rows
/// behind a damaged page are still found through an index.
fn row_ids(source: &Connection, table: &str) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    let mut scan = |sql: &str| {
        if let Ok(mut stmt) = source.prepare(sql)
            && let Ok(mut rows) = stmt.query([])
        {
            while let Ok(Some(row)) = rows.next() {
                if let Ok(id) = row.get::<_, i64>(0) {
                    ids.insert(id);
                }
            }
        }
    };
    scan(&format!("SELECT rowid FROM main.{table}"));
    let indexes: Vec<String> = source
        .prepare(&format!("PRAGMA main.index_list({table})"))
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>("name"))?.collect())
        .unwrap_or_default();
    for index in indexes {
        let first: Option<String> = source
            .prepare(&format!("PRAGMA main.index_info(\"{index}\")"))
            .and_then(|mut s| s.query_row([], |r| r.get::<_, String>("name")))
            .ok();
        if let Some(first) = first {
            scan(&format!(
                "SELECT rowid FROM main.{table} INDEXED BY \"{index}\" ORDER BY \"{first}\""
            ));
        }
    }
    ids
}

/// Copies the research rows of `source` into the empty notebook `target`.
fn copy_rows(source: &Connection, target: &Connection) -> StoreResult<RescueReport> {
    let mut report = RescueReport::default();
    let genuine: BTreeSet<String> = source
        .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    target.pragma_update(None, "foreign_keys", "OFF")?;
    let tx = target.unchecked_transaction()?;
    for table in RESEARCH_TABLES {
        let mut line = TableReport {
            table: (*table).to_owned(),
            ..TableReport::default()
        };
        let theirs = if genuine.contains(*table) {
            source
                .prepare(&format!("PRAGMA main.table_info({table})"))
                .and_then(|mut s| {
                    s.query_map([], |r| r.get::<_, String>("name"))?
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if theirs.is_empty() {
            report.tables_lost.push((*table).to_owned());
            report.tables.push(line);
            continue;
        }
        let ours = columns(&tx, table)?;
        let shared: Vec<String> = ours
            .iter()
            .filter(|c| theirs.contains(c))
            .cloned()
            .collect();
        let select = format!(
            "SELECT {} FROM main.{table} WHERE rowid = ?1",
            shared
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut names: Vec<String> = shared.iter().map(|c| format!("\"{c}\"")).collect();
        let checksum = *table == "sources" && !shared.iter().any(|c| c == "body_sha256");
        if checksum {
            names.push("body_sha256".to_owned());
        }
        let insert = format!(
            "INSERT INTO {table} (rowid, {}) VALUES ({})",
            names.join(", "),
            (1..=names.len() + 1)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let body_at = shared.iter().position(|c| c == "body");
        for id in row_ids(source, table) {
            let row: rusqlite::Result<Vec<rusqlite::types::Value>> =
                source.prepare_cached(&select).and_then(|mut s| {
                    s.query_row([id], |r| (0..shared.len()).map(|i| r.get(i)).collect())
                });
            let Ok(mut values) = row else {
                line.unreadable += 1;
                continue;
            };
            if checksum {
                let sha = match body_at.and_then(|i| values.get(i)) {
                    Some(rusqlite::types::Value::Text(body)) => text_sha256(body),
                    _ => String::new(),
                };
                values.push(rusqlite::types::Value::Text(sha));
            }
            values.insert(0, rusqlite::types::Value::Integer(id));
            match tx
                .prepare_cached(&insert)
                .and_then(|mut s| s.execute(rusqlite::params_from_iter(values)))
            {
                Ok(_) => line.copied += 1,
                Err(_) => line.unreadable += 1,
            }
        }
        report.tables.push(line);
    }
    copy_originals(source, &tx);
    drop_orphans(&tx, &mut report)?;
    tx.commit()?;
    target.pragma_update(None, "foreign_keys", "ON")?;
    Ok(report)
}

/// Copies the kept original files the sources name, those whose bytes are
/// still the file their SHA-256 names; a source whose file is unreadable
/// loses only its kept copy (its link row is dropped as an orphan).
fn copy_originals(source: &Connection, target: &Connection) {
    let Ok(mut stmt) = source.prepare(
        "SELECT sha256, bytes FROM main.original_files
         WHERE sha256 IN (SELECT original_sha256 FROM main.source_originals)",
    ) else {
        return;
    };
    let Ok(rows) = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
    }) else {
        return;
    };
    for (sha, bytes) in rows.flatten() {
        if super::originals::genuine(&sha, &bytes) {
            // A row that does not fit the table is left out like any other.
            let _ = target.execute(
                "INSERT OR IGNORE INTO original_files (sha256, bytes) VALUES (?1, ?2)",
                rusqlite::params![sha, bytes],
            );
        }
    }
}

/// Removes rows whose parent was lost (an event on a lost track just loses
/// its track).
fn drop_orphans(tx: &Connection, report: &mut RescueReport) -> StoreResult<()> {
    loop {
        let violations: Vec<(String, i64, String)> = tx
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        if violations.is_empty() {
            return Ok(());
        }
        for (table, rowid, parent) in violations {
            let Some(table) = RESEARCH_TABLES.iter().find(|t| **t == table) else {
                continue;
            };
            if *table == "events" && parent == "tracks" {
                tx.execute(
                    "UPDATE events SET track_id = NULL WHERE rowid = ?1",
                    [rowid],
                )?;
                continue;
            }
            tx.execute(&format!("DELETE FROM {table} WHERE rowid = ?1"), [rowid])?;
            if let Some(line) = report.tables.iter_mut().find(|l| l.table == *table) {
                line.orphaned += 1;
                line.copied = line.copied.saturating_sub(1);
            }
        }
    }
}

/// A fresh notebook in memory, at the latest format.
fn fresh() -> StoreResult<Connection> {
    let mut conn = Connection::open_in_memory()?;
    let trust = guard::harden(&conn)?;
    migrate(&mut conn, &trust)?;
    Ok(conn)
}

/// Writes a notebook built in memory to a new file at `out`.
fn write_out(conn: &Connection, out: &Path) -> StoreResult<()> {
    let bytes = conn.serialize(MAIN_DB)?.to_vec();
    create::write_new(out, &bytes)
}

/// Copies every readable row of the (damaged) notebook at `damaged` into a
/// new notebook at `out`, which must not exist. The old file is only read.
///
/// # Errors
/// [`StoreError::AlreadyExists`]; what the header check refuses; an I/O or
/// SQLite error when nothing at all can be read.
pub fn salvage(damaged: &Path, out: &Path) -> StoreResult<RescueReport> {
    if out.symlink_metadata().is_ok() {
        return Err(StoreError::AlreadyExists(out.to_owned()));
    }
    let source = open_source(damaged)?;
    let target = fresh()?;
    let report = copy_rows(&source, &target)?;
    if report.tables_lost.len() == RESEARCH_TABLES.len() {
        return Err(StoreError::Corrupt {
            path: damaged.to_owned(),
            details: "no table could be read".to_owned(),
        });
    }
    write_out(&target, out)?;
    Ok(report)
}

/// Copies a notebook that holds schema objects Annals did not create into a
/// new notebook at `out` without them; the report names what was left out.
///
/// # Errors
/// [`StoreError::Corrupt`] for a damaged file (use [`salvage`]);
/// [`StoreError::AlreadyExists`]; an I/O or SQLite error.
pub fn repair(path: &Path, out: &Path) -> StoreResult<RescueReport> {
    if out.symlink_metadata().is_ok() {
        return Err(StoreError::AlreadyExists(out.to_owned()));
    }
    let (_, version) = open::check_header(path)?;
    let source = open_source(path)?;
    let check: String = source
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap_or_default();
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            details: check,
        });
    }
    let removed = schema::differences(&source, version)?;
    let target = fresh()?;
    let mut report = copy_rows(&source, &target)?;
    report.removed = removed;
    write_out(&target, out)?;
    Ok(report)
}

/// Writes a clean copy of `conn`'s notebook to `target` (see
/// [`super::Store::copy_clean`]).
pub(super) fn clean_copy(
    conn: &Connection,
    trust: &Trust,
    target: &Path,
    without_notes: bool,
) -> StoreResult<()> {
    if target.symlink_metadata().is_ok() {
        return Err(StoreError::AlreadyExists(target.to_owned()));
    }
    let dir = folder_of(target);
    // VACUUM INTO takes an empty file; this one is created with O_EXCL.
    let temp = tempfile::Builder::new()
        .prefix(".annals-clean-")
        .tempfile_in(&dir)
        .map_err(io_error(format!("cannot write in {}", dir.display())))?;
    let temp_name = temp.path().to_string_lossy().into_owned();
    trust.run(|| -> StoreResult<()> {
        guard::allow_attach_files(conn, true)?;
        let vacuumed = conn.execute("VACUUM INTO ?1", [&temp_name]);
        guard::allow_attach_files(conn, false)?;
        vacuumed?;
        Ok(())
    })?;
    {
        let copy = Connection::open(temp.path())?;
        let copy_trust = guard::harden(&copy)?;
        copy.pragma_update(None, "foreign_keys", "ON")?;
        copy.execute_batch(
            "BEGIN;
             DELETE FROM undo_values;
             DELETE FROM undo_spans;
             DELETE FROM undo_changes;
             DELETE FROM history;
             DELETE FROM sqlite_sequence WHERE name = 'undo_changes';",
        )?;
        // Without history, a kept file no source names is nobody's.
        copy.execute_batch(super::originals::unnamed_sql())?;
        if without_notes {
            // An entity's notes are notes too.
            copy.execute_batch("DELETE FROM notes; UPDATE entities SET notes = '';")?;
        }
        // Rebuilt, the search index holds no token of a deleted row.
        copy.execute_batch(
            "INSERT INTO search (search) VALUES ('rebuild');
             INSERT INTO search (search) VALUES ('optimize');
             COMMIT;",
        )?;
        copy_trust.run(|| copy.execute_batch("VACUUM"))?;
        copy.close().map_err(|(_, e)| e)?;
    }
    temp.as_file()
        .sync_all()
        .map_err(io_error(format!("cannot write {}", temp.path().display())))?;
    super::backups::verify(temp.path())?;
    super::backups::persist_new(temp, target)
}
