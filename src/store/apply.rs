//! Applies one action inside the caller's transaction and names it.

use rusqlite::{Connection, Transaction, params};

use super::error::StoreResult;
use super::{events, notes, sources};
use super::{exec, query_one};
use crate::action::{Action, Applied, Created};
use crate::model::NoteOwner;
use crate::model::notebook::Colour;

/// Longest piece of a quote or title shown in an undo label.
const LABEL_QUOTE_CHARS: usize = 40;

/// `'text'`, shortened with an ellipsis when long.
pub(super) fn quoted(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > LABEL_QUOTE_CHARS {
        let short: String = flat.chars().take(LABEL_QUOTE_CHARS - 1).collect();
        format!("'{}…'", short.trim_end())
    } else {
        format!("'{flat}'")
    }
}

fn owner_text(conn: &Connection, owner: NoteOwner) -> StoreResult<String> {
    Ok(match owner {
        NoteOwner::Notebook => "the notebook".to_owned(),
        NoteOwner::Event(e) => format!("event {}", quoted(&events::title_tx(conn, e)?)),
        NoteOwner::Source(s) => format!("source {}", quoted(&sources::title_tx(conn, s)?)),
    })
}

/// Applies `action`; the caller owns the transaction and the history entry.
pub(super) fn apply_tx(tx: &Transaction<'_>, action: &Action) -> StoreResult<Applied> {
    let (label, created) = match action {
        Action::CreateEvent { fields, excerpts } => {
            let id = events::insert_tx(tx, fields)?;
            for excerpt in excerpts {
                sources::link_tx(tx, id, *excerpt)?;
            }
            (
                format!("add event {}", quoted(&fields.title)),
                Some(Created::Event(id)),
            )
        }
        Action::UpdateEvent { id, fields } => {
            events::update_tx(tx, *id, fields)?;
            (format!("edit event {}", quoted(&fields.title)), None)
        }
        Action::DeleteEvent(id) => {
            let title = events::delete_tx(tx, *id)?;
            (format!("delete event {}", quoted(&title)), None)
        }
        Action::CreateTrack { name, colour } => {
            let id = events::insert_track_tx(tx, name, *colour)?;
            (
                format!("add track {}", quoted(name)),
                Some(Created::Track(id)),
            )
        }
        Action::UpdateTrack { id, name, colour } => {
            let old = events::track_name_tx(tx, *id)?;
            let name = events::required(name, "track name")?;
            let clash: bool = query_one(
                tx,
                "SELECT EXISTS (SELECT 1 FROM tracks WHERE name = ?1 AND id <> ?2)",
                params![name, id],
                |r| r.get(0),
            )?;
            if clash {
                return Err(super::StoreError::Invalid(format!(
                    "there is already a track named “{name}”"
                )));
            }
            exec(
                tx,
                "UPDATE tracks SET name = ?2, colour = ?3 WHERE id = ?1",
                params![id, name, Colour::hex(*colour)],
            )?;
            (format!("edit track {}", quoted(&old)), None)
        }
        Action::DeleteTrack(id) => {
            let name = events::track_name_tx(tx, *id)?;
            exec(tx, "DELETE FROM tracks WHERE id = ?1", [id])?;
            (format!("delete track {}", quoted(&name)), None)
        }
        Action::CreateTag { name } => {
            let id = events::tag_by_name_tx(tx, name)?;
            (format!("add tag {}", quoted(name)), Some(Created::Tag(id)))
        }
        Action::RenameTag { id, name } => {
            let old = events::tag_name_tx(tx, *id)?;
            let name = events::required(name, "tag")?;
            let clash: bool = query_one(
                tx,
                "SELECT EXISTS (SELECT 1 FROM tags WHERE name = ?1 AND id <> ?2)",
                params![name, id],
                |r| r.get(0),
            )?;
            if clash {
                return Err(super::StoreError::Invalid(format!(
                    "there is already a tag named “{name}”"
                )));
            }
            exec(
                tx,
                "UPDATE tags SET name = ?2 WHERE id = ?1",
                params![id, name],
            )?;
            (
                format!("rename tag {} to {}", quoted(&old), quoted(&name)),
                None,
            )
        }
        Action::DeleteTag(id) => {
            let name = events::tag_name_tx(tx, *id)?;
            exec(tx, "DELETE FROM tags WHERE id = ?1", [id])?;
            (format!("delete tag {}", quoted(&name)), None)
        }
        Action::CreateSource(fields) => {
            let id = sources::insert_tx(tx, fields)?;
            (
                format!("add source {}", quoted(&fields.title)),
                Some(Created::Source(id)),
            )
        }
        Action::UpdateSource { id, fields } => {
            sources::update_tx(tx, *id, fields)?;
            (format!("edit source {}", quoted(&fields.title)), None)
        }
        Action::DeleteSource(id) => {
            let title = sources::delete_tx(tx, *id)?;
            (format!("delete source {}", quoted(&title)), None)
        }
        Action::CreateExcerpt {
            range,
            events: linked,
        } => {
            let id = sources::insert_excerpt_tx(tx, *range)?;
            for event in linked {
                sources::link_tx(tx, *event, id)?;
            }
            (
                format!("cut excerpt {}", quoted(&sources::quote_tx(tx, id)?)),
                Some(Created::Excerpt(id)),
            )
        }
        Action::CreateEventFromExcerpt { range, fields } => {
            let excerpt = sources::insert_excerpt_tx(tx, *range)?;
            let event = events::insert_tx(tx, fields)?;
            sources::link_tx(tx, event, excerpt)?;
            (
                format!("add event {} from an excerpt", quoted(&fields.title)),
                Some(Created::EventWithExcerpt(event, excerpt)),
            )
        }
        Action::DeleteExcerpt(id) => {
            let quote = sources::delete_excerpt_tx(tx, *id)?;
            (format!("delete excerpt {}", quoted(&quote)), None)
        }
        Action::Link { event, excerpt } => {
            sources::link_once_tx(tx, *event, *excerpt)?;
            (
                format!(
                    "link excerpt to event {}",
                    quoted(&events::title_tx(tx, *event)?)
                ),
                None,
            )
        }
        Action::Unlink { event, excerpt } => {
            sources::unlink_tx(tx, *event, *excerpt)?;
            (
                format!(
                    "unlink excerpt from event {}",
                    quoted(&events::title_tx(tx, *event)?)
                ),
                None,
            )
        }
        Action::CreateNote { owner, body } => {
            let id = notes::insert_tx(tx, *owner, body)?;
            (
                format!("add note to {}", owner_text(tx, *owner)?),
                Some(Created::Note(id)),
            )
        }
        Action::UpdateNote { id, body } => {
            let owner = notes::update_tx(tx, *id, body)?;
            (format!("edit note on {}", owner_text(tx, owner)?), None)
        }
        Action::DeleteNote(id) => {
            let owner = notes::delete_tx(tx, *id)?;
            (format!("delete note on {}", owner_text(tx, owner)?), None)
        }
    };
    Ok(Applied { label, created })
}
