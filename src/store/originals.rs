//! The original files a notebook keeps (issue 15): a source's file, byte
//! for byte, so a quote can be traced to the exact file it was cut from
//! and the file itself handed back.
//!
//! The bytes live once per distinct file in `original_files`, outside the
//! undo history; `source_originals` (a research table, one small row per
//! source) says which source keeps which file. So the undo log never holds
//! a copy of the bytes: undoing an import records the link row's two
//! columns, and redoing it puts them back, while the bytes stay where they
//! are. A file is deleted when neither a source nor a step of the history
//! names it any more ([`collect_tx`]), which happens when the history
//! forgets the steps that did.
//!
//! A notebook is untrusted input, so the bytes are checked against the
//! SHA-256 recorded with the source whenever they are handed out.

use rusqlite::{Connection, OptionalExtension as _, Transaction, params};
use sha2::{Digest as _, Sha256};

use super::error::{StoreError, StoreResult};
use super::{exec, query_one};
use crate::model::SourceId;
use crate::model::pages::{KeptBytes, OriginalFile};

use crate::model::pages::MAX_KEPT_BYTES;

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The SHA-256 of the file a source keeps, if it keeps one.
fn kept_sha_tx(conn: &Connection, id: SourceId) -> StoreResult<Option<String>> {
    Ok(query_one(
        conn,
        "SELECT original_sha256 FROM source_originals WHERE source_id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?)
}

/// Makes what source `id` keeps of its original file what `kept` says,
/// for the file `original` (the source's file after the action).
pub(super) fn write_tx(
    tx: &Transaction<'_>,
    id: SourceId,
    original: &OriginalFile,
    kept: &KeptBytes,
) -> StoreResult<()> {
    let current = kept_sha_tx(tx, id)?;
    let sha = original.sha256.to_ascii_lowercase();
    match kept {
        KeptBytes::AsBefore => {
            // Bytes of another file than the source's now are not its
            // original any more.
            if current.as_ref().is_some_and(|c| *c != sha) {
                exec(
                    tx,
                    "DELETE FROM source_originals WHERE source_id = ?1",
                    [id],
                )?;
            }
        }
        KeptBytes::Discard => {
            if current.is_some() {
                exec(
                    tx,
                    "DELETE FROM source_originals WHERE source_id = ?1",
                    [id],
                )?;
            }
        }
        KeptBytes::Keep(bytes) => {
            if bytes.len() as u64 > MAX_KEPT_BYTES {
                return Err(StoreError::Invalid(format!(
                    "the original file is {} bytes; at most {MAX_KEPT_BYTES} can be kept",
                    bytes.len()
                )));
            }
            let actual = sha256_hex(bytes);
            if sha.is_empty() || actual != sha || bytes.len() as u64 != original.bytes {
                return Err(StoreError::Invalid(format!(
                    "the bytes to keep are not the source's file (their SHA-256 is {actual}, the file's {})",
                    if sha.is_empty() { "unknown" } else { &sha }
                )));
            }
            // A file already kept (by another source, or by a step of the
            // history) is stored once; bytes that do not match their key (a
            // tampered notebook) are replaced by the genuine ones.
            exec(
                tx,
                "INSERT INTO original_files (sha256, bytes) VALUES (?1, ?2)
                 ON CONFLICT (sha256) DO UPDATE SET bytes = excluded.bytes
                 WHERE original_files.bytes IS NOT excluded.bytes",
                params![sha, &bytes[..]],
            )?;
            match current {
                Some(c) if c == sha => {}
                Some(_) => {
                    exec(
                        tx,
                        "UPDATE source_originals SET original_sha256 = ?2 WHERE source_id = ?1",
                        params![id, sha],
                    )?;
                }
                None => {
                    exec(
                        tx,
                        "INSERT INTO source_originals (source_id, original_sha256) VALUES (?1, ?2)",
                        params![id, sha],
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Deletes the kept files that neither a source nor a step of the undo
/// history names. Run after the history forgot steps (a new action drops
/// the redo steps; old steps are trimmed).
pub(super) fn collect_tx(tx: &Connection) -> StoreResult<()> {
    exec(
        tx,
        "DELETE FROM original_files
         WHERE sha256 NOT IN (SELECT original_sha256 FROM source_originals)
           AND sha256 NOT IN (SELECT value FROM undo_values WHERE column_name = 'original_sha256')",
        [],
    )?;
    Ok(())
}

/// The bytes of the original file source `id` keeps, checked against the
/// SHA-256 and size recorded with the source; `None` when it keeps none.
pub(super) fn read(conn: &Connection, id: SourceId) -> StoreResult<Option<Vec<u8>>> {
    let row: Option<(String, i64, Option<Vec<u8>>)> = query_one(
        conn,
        "SELECT s.file_sha256, s.file_bytes,
                (SELECT f.bytes FROM original_files f WHERE f.sha256 = o.original_sha256) AS bytes
         FROM source_originals o JOIN sources s ON s.id = o.source_id
         WHERE o.source_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?;
    let Some((sha, size, bytes)) = row else {
        return Ok(None);
    };
    let Some(bytes) = bytes else {
        return Err(StoreError::Invalid(format!(
            "the original file of source {id} is missing from the notebook"
        )));
    };
    let actual = sha256_hex(&bytes);
    if actual != sha || i64::try_from(bytes.len()).ok() != Some(size) {
        return Err(StoreError::Invalid(format!(
            "the original file kept for source {id} was altered: its SHA-256 is {actual}, not the {} recorded at import; it was not handed out",
            if sha.is_empty() { "(none)" } else { &sha }
        )));
    }
    Ok(Some(bytes))
}

/// Kept originals that are missing or no longer match their source's
/// SHA-256, for `annals check`.
pub(super) fn check(conn: &Connection) -> StoreResult<Vec<String>> {
    let ids: Vec<SourceId> = conn
        .prepare("SELECT source_id FROM source_originals ORDER BY source_id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut problems = Vec::new();
    for id in ids {
        if let Err(StoreError::Invalid(problem)) = read(conn, id) {
            problems.push(problem);
        }
    }
    Ok(problems)
}

/// Deletes the kept files no source names, in a copy without history.
pub(super) fn unnamed_sql() -> &'static str {
    "DELETE FROM original_files WHERE sha256 NOT IN (SELECT original_sha256 FROM source_originals);"
}

/// True when `bytes` are the file `sha256` names (a salvage copies only
/// those).
pub(super) fn genuine(sha256: &str, bytes: &[u8]) -> bool {
    sha256_hex(bytes) == sha256
}
