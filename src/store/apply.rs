//! Applies one action inside the caller's transaction and names it.

use rusqlite::{Connection, Transaction, params};

use super::error::StoreResult;
use super::{events, notes, sources, views};
use super::{exec, query_one};
use crate::action::{Action, Applied, Created};
use crate::model::NoteOwner;
use crate::model::notebook::Colour;
use crate::model::text::{Cut, shortened};

/// Longest piece of a quote or title shown in an undo label.
const LABEL_QUOTE_CHARS: usize = 40;

/// A subject as a label names it: on one line, shortened with an ellipsis.
fn subject(text: &str) -> String {
    shortened(text, LABEL_QUOTE_CHARS, Cut::AnyChar)
}

/// `'text'`, shortened with an ellipsis when long.
fn quoted(text: &str) -> String {
    format!("'{}'", subject(text))
}

/// The subject of a note action (what the note is about) and how its label
/// names it ("the notebook", "event 'X'").
fn owner_text(conn: &Connection, owner: NoteOwner) -> StoreResult<(String, String)> {
    Ok(match owner {
        NoteOwner::Notebook => (String::new(), "the notebook".to_owned()),
        NoteOwner::Event(e) => {
            let title = subject(&events::title_tx(conn, e)?);
            (title.clone(), format!("event '{title}'"))
        }
        NoteOwner::Source(s) => {
            let title = subject(&sources::title_tx(conn, s)?);
            (title.clone(), format!("source '{title}'"))
        }
    })
}

/// "1 new event", "2 new events".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "a", "a and b", "a, b and c".
fn listed(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A label `"{verb} '{subject}'"` with its subject.
fn named(verb: &str, text: &str) -> (String, String) {
    let subject = subject(text);
    (format!("{verb} '{subject}'"), subject)
}

/// Label, subject and what was created, as [`apply_tx`] builds them.
type Named = ((String, String), Option<Created>);

/// Applies an action on entities or links between events (issue 18).
fn entity_action_tx(tx: &Transaction<'_>, action: &Action) -> StoreResult<Named> {
    use super::entities as e;
    let on = |verb: &str, who: &str, what: &str, title: &str| {
        let title = subject(title);
        (format!("{verb} {} {what} '{title}'", quoted(who)), title)
    };
    Ok(match action {
        Action::CreateEntity(fields) => {
            let id = e::insert_tx(tx, fields)?;
            (named("add entity", &fields.name), Some(Created::Entity(id)))
        }
        Action::UpdateEntity { id, fields } => {
            e::update_tx(tx, *id, fields)?;
            (named("edit entity", &fields.name), None)
        }
        Action::DeleteEntity(id) => (named("delete entity", &e::delete_tx(tx, *id)?), None),
        Action::Involve {
            event,
            entity,
            role,
            excerpt,
        } => {
            let (title, name) = e::involve_tx(tx, *event, *entity, role, *excerpt)?;
            (on("add", &name, "to event", &title), None)
        }
        Action::InvolveNew {
            event,
            fields,
            role,
            excerpt,
        } => {
            let id = e::insert_tx(tx, fields)?;
            let (title, name) = e::involve_tx(tx, *event, id, role, *excerpt)?;
            (
                on("add", &name, "to event", &title),
                Some(Created::Entity(id)),
            )
        }
        Action::Uninvolve {
            event,
            entity,
            role,
        } => {
            let (title, name) = e::uninvolve_tx(tx, *event, *entity, role.as_deref())?;
            (on("remove", &name, "from event", &title), None)
        }
        Action::InvolveInSource {
            source,
            entity,
            role,
        } => {
            let (title, name) = e::involve_source_tx(tx, *source, *entity, role)?;
            (on("add", &name, "to source", &title), None)
        }
        Action::UninvolveFromSource {
            source,
            entity,
            role,
        } => {
            let (title, name) = e::uninvolve_source_tx(tx, *source, *entity, role.as_deref())?;
            (on("remove", &name, "from source", &title), None)
        }
        Action::Relate {
            from,
            to,
            kind,
            excerpt,
        } => {
            let (a, b) = e::relate_tx(tx, *from, *to, kind, *excerpt)?;
            let a = subject(&a);
            ((format!("link event '{a}' to {}", quoted(&b)), a), None)
        }
        Action::Unrelate { from, to, kind } => {
            let (a, b) = e::unrelate_tx(tx, *from, *to, kind.as_deref())?;
            let a = subject(&a);
            ((format!("unlink event '{a}' from {}", quoted(&b)), a), None)
        }
        _ => {
            return Err(super::StoreError::Invalid(
                "not an action on entities".into(),
            ));
        }
    })
}

/// Applies `action`; the caller owns the transaction and the history entry.
pub(super) fn apply_tx(
    tx: &Transaction<'_>,
    action: &Action,
    trust: &super::guard::Trust,
) -> StoreResult<Applied> {
    let ((label, subject), created) = match action {
        Action::CreateEvent { fields, excerpts } => {
            let id = events::insert_tx(tx, fields)?;
            for excerpt in excerpts {
                sources::link_tx(tx, id, *excerpt)?;
            }
            (named("add event", &fields.title), Some(Created::Event(id)))
        }
        Action::UpdateEvent { id, fields } => {
            events::update_tx(tx, *id, fields)?;
            (named("edit event", &fields.title), None)
        }
        Action::DeleteEvent(id) => {
            let title = events::delete_tx(tx, *id)?;
            (named("delete event", &title), None)
        }
        Action::CreateTrack { name, colour } => {
            let id = events::insert_track_tx(tx, name, *colour)?;
            (named("add track", name), Some(Created::Track(id)))
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
            (named("edit track", &old), None)
        }
        Action::DeleteTrack(id) => {
            let name = events::track_name_tx(tx, *id)?;
            exec(tx, "DELETE FROM tracks WHERE id = ?1", [id])?;
            (named("delete track", &name), None)
        }
        Action::CreateTag { name } => {
            let id = events::tag_by_name_tx(tx, name)?;
            (named("add tag", name), Some(Created::Tag(id)))
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
                (
                    format!("rename tag {} to {}", quoted(&old), quoted(&name)),
                    subject(&old),
                ),
                None,
            )
        }
        Action::DeleteTag(id) => {
            let name = events::tag_name_tx(tx, *id)?;
            exec(tx, "DELETE FROM tags WHERE id = ?1", [id])?;
            (named("delete tag", &name), None)
        }
        Action::CreateSource(fields) => {
            let id = sources::insert_tx(tx, fields)?;
            (
                named("add source", &fields.title),
                Some(Created::Source(id)),
            )
        }
        Action::UpdateSource { id, fields } => {
            sources::update_tx(tx, *id, fields)?;
            (named("edit source", &fields.title), None)
        }
        Action::DeleteSource(id) => {
            let title = sources::delete_tx(tx, *id)?;
            (named("delete source", &title), None)
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
                named("cut excerpt", &sources::quote_tx(tx, id)?),
                Some(Created::Excerpt(id)),
            )
        }
        Action::CreateEventFromExcerpt { range, fields } => {
            let excerpt = sources::insert_excerpt_tx(tx, *range)?;
            let event = events::insert_tx(tx, fields)?;
            sources::link_tx(tx, event, excerpt)?;
            let subject = subject(&fields.title);
            (
                (format!("add event '{subject}' from an excerpt"), subject),
                Some(Created::EventWithExcerpt(event, excerpt)),
            )
        }
        Action::DeleteExcerpt(id) => {
            let quote = sources::delete_excerpt_tx(tx, *id)?;
            (named("delete excerpt", &quote), None)
        }
        Action::Link { event, excerpt } => {
            sources::link_once_tx(tx, *event, *excerpt)?;
            (
                named("link excerpt to event", &events::title_tx(tx, *event)?),
                None,
            )
        }
        Action::Unlink { event, excerpt } => {
            sources::unlink_tx(tx, *event, *excerpt)?;
            (
                named("unlink excerpt from event", &events::title_tx(tx, *event)?),
                None,
            )
        }
        Action::CreateNote { owner, body } => {
            let id = notes::insert_tx(tx, *owner, body)?;
            let (subject, owner) = owner_text(tx, *owner)?;
            (
                (format!("add note to {owner}"), subject),
                Some(Created::Note(id)),
            )
        }
        Action::UpdateNote { id, body } => {
            let owner = notes::update_tx(tx, *id, body)?;
            let (subject, owner) = owner_text(tx, owner)?;
            ((format!("edit note on {owner}"), subject), None)
        }
        Action::DeleteNote(id) => {
            let owner = notes::delete_tx(tx, *id)?;
            let (subject, owner) = owner_text(tx, owner)?;
            ((format!("delete note on {owner}"), subject), None)
        }
        Action::HideTrack { id, hidden } => {
            let name = views::hide_track_tx(tx, *id, *hidden)?;
            (
                named(if *hidden { "hide track" } else { "show track" }, &name),
                None,
            )
        }
        Action::MoveTrack { id, position } => {
            let name = views::move_track_tx(tx, *id, *position)?;
            (named("move track", &name), None)
        }
        Action::MergeTags { from, into } => {
            let (from, into) = views::merge_tags_tx(tx, *from, *into)?;
            (
                (
                    format!("merge tag {} into {}", quoted(&from), quoted(&into)),
                    subject(&from),
                ),
                None,
            )
        }
        Action::ImportNotebook(import) => {
            let (added, updated) = super::merge::import_notebook_tx(tx, import, trust)?;
            let from = subject(&import.events.from);
            (
                (
                    format!(
                        "import {} and {} from '{from}'",
                        count(added, "new row"),
                        count(updated, "update")
                    ),
                    from,
                ),
                None,
            )
        }
        Action::SaveView {
            name,
            filter,
            range,
        } => {
            let name = views::save_view_tx(tx, name, filter, *range)?;
            (named("save view", &name), None)
        }
        Action::DeleteView { name } => {
            views::delete_view_tx(tx, name)?;
            (named("delete view", name), None)
        }
        Action::Batch { label, actions } => {
            if actions.is_empty() {
                return Err(super::StoreError::Invalid("there is nothing to do".into()));
            }
            let mut created = None;
            for action in actions {
                created = created.or(apply_tx(tx, action, trust)?.created);
            }
            ((label.clone(), subject(label)), created)
        }
        Action::CreateEntity(_)
        | Action::UpdateEntity { .. }
        | Action::DeleteEntity(_)
        | Action::Involve { .. }
        | Action::InvolveNew { .. }
        | Action::Uninvolve { .. }
        | Action::InvolveInSource { .. }
        | Action::UninvolveFromSource { .. }
        | Action::Relate { .. }
        | Action::Unrelate { .. } => entity_action_tx(tx, action)?,
        Action::ImportEvents(import) => {
            let (added, updated) = super::bulk::import_events_tx(tx, import, trust)?;
            let mut parts = Vec::new();
            if added > 0 || updated == 0 {
                parts.push(count(added, "new event"));
            }
            if updated > 0 {
                parts.push(count(updated, "update"));
            }
            match import.entities.len() {
                0 => {}
                1 => parts.push("1 new entity".to_owned()),
                n => parts.push(format!("{n} new entities")),
            }
            let subject = subject(&import.from);
            (
                (
                    format!("import {} from '{subject}'", listed(&parts)),
                    subject,
                ),
                None,
            )
        }
        Action::LinkWithEvidence { .. }
        | Action::SetLinkEvidence { .. }
        | Action::SetEventStatus { .. } => apply_evidence_tx(tx, action)?,
    };
    Ok(Applied {
        kind: action.kind(),
        subject,
        label,
        created,
    })
}

/// The evidence actions (issue 19): their label, subject and creation.
type Outcome = ((String, String), Option<Created>);

/// Applies an evidence action.
fn apply_evidence_tx(tx: &Transaction<'_>, action: &Action) -> StoreResult<Outcome> {
    Ok(match action {
        Action::LinkWithEvidence {
            event,
            excerpt,
            asserts,
            stance,
        } => {
            sources::link_once_tx(tx, *event, *excerpt)?;
            let title = events::title_tx(tx, *event)?;
            super::evidence::write_link_tx(tx, *event, *excerpt, asserts.as_ref(), *stance)?;
            (named("link excerpt to event", &title), None)
        }
        Action::SetLinkEvidence {
            event,
            excerpt,
            asserts,
            stance,
        } => {
            let title =
                super::evidence::set_link_tx(tx, *event, *excerpt, asserts.as_ref(), *stance)?;
            (named("set what an excerpt says of event", &title), None)
        }
        Action::SetEventStatus { id, status } => {
            let title = super::evidence::set_status_tx(tx, *id, *status)?;
            let subject = subject(&title);
            (
                (format!("mark event '{subject}' {}", status.name()), subject),
                None,
            )
        }
        other => {
            return Err(super::StoreError::Invalid(format!(
                "{:?} is not an evidence action",
                other.kind()
            )));
        }
    })
}
