//! Notes on events, sources and the notebook.

use rusqlite::{Connection, OptionalExtension as _, Row, Transaction, params};

use super::error::{StoreError, StoreResult};
use super::{exec, query_one};
use crate::model::{EventId, Note, NoteId, NoteOwner, SourceId, Uid};

/// The columns [`from_row`] reads.
pub(super) const NOTE_COLUMNS: &str = "id, uid, body, event_id, source_id";

/// Reads a note row by column name.
pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Note> {
    let event: Option<EventId> = row.get("event_id")?;
    let source: Option<SourceId> = row.get("source_id")?;
    let owner = match (event, source) {
        (Some(e), _) => NoteOwner::Event(e),
        (None, Some(s)) => NoteOwner::Source(s),
        (None, None) => NoteOwner::Notebook,
    };
    Ok(Note {
        id: row.get("id")?,
        uid: row.get("uid")?,
        body: row.get("body")?,
        owner,
    })
}

fn body_checked(body: &str) -> StoreResult<&str> {
    if body.trim().is_empty() {
        return Err(StoreError::Invalid("the note is empty".to_owned()));
    }
    Ok(body)
}

/// Adds a note; the owner must exist.
pub(super) fn insert_tx(tx: &Transaction<'_>, owner: NoteOwner, body: &str) -> StoreResult<NoteId> {
    let body = body_checked(body)?;
    let (event, source) = match owner {
        NoteOwner::Notebook => (None, None),
        NoteOwner::Event(e) => {
            super::events::title_tx(tx, e)?;
            (Some(e), None)
        }
        NoteOwner::Source(s) => {
            super::sources::title_tx(tx, s)?;
            (None, Some(s))
        }
    };
    exec(
        tx,
        "INSERT INTO notes (uid, body, event_id, source_id) VALUES (?1, ?2, ?3, ?4)",
        params![Uid::new(), body, event, source],
    )?;
    Ok(NoteId(tx.last_insert_rowid()))
}

/// The owner of a note, or [`StoreError::Missing`].
pub(super) fn owner_tx(conn: &Connection, id: NoteId) -> StoreResult<NoteOwner> {
    query_one(
        conn,
        &format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .map(|n| n.owner)
    .ok_or(StoreError::Missing {
        kind: "note",
        id: id.0,
    })
}

/// Replaces a note's text.
pub(super) fn update_tx(tx: &Transaction<'_>, id: NoteId, body: &str) -> StoreResult<NoteOwner> {
    let owner = owner_tx(tx, id)?;
    exec(
        tx,
        "UPDATE notes SET body = ?2 WHERE id = ?1",
        params![id, body_checked(body)?],
    )?;
    Ok(owner)
}

/// Deletes a note.
pub(super) fn delete_tx(tx: &Transaction<'_>, id: NoteId) -> StoreResult<NoteOwner> {
    let owner = owner_tx(tx, id)?;
    exec(tx, "DELETE FROM notes WHERE id = ?1", [id])?;
    Ok(owner)
}
