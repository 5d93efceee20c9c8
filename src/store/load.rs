//! Builds the read model from the database.

use std::collections::HashMap;

use rusqlite::Connection;

use super::error::StoreResult;
use super::{events, notes, sources};
use crate::model::{Event, EventId, ExcerptId, Notebook, TagId};

/// Tags and excerpt links of every event.
type EventLinks = (
    HashMap<EventId, Vec<TagId>>,
    HashMap<EventId, Vec<ExcerptId>>,
);

fn links(conn: &Connection) -> StoreResult<EventLinks> {
    let mut tags: HashMap<EventId, Vec<TagId>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT et.event_id, et.tag_id FROM event_tags et JOIN tags t ON t.id = et.tag_id ORDER BY t.name",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, EventId>("event_id")?,
            r.get::<_, TagId>("tag_id")?,
        ))
    })? {
        let (event, tag) = row?;
        tags.entry(event).or_default().push(tag);
    }
    let mut excerpts: HashMap<EventId, Vec<ExcerptId>> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT event_id, excerpt_id FROM event_excerpts ORDER BY rowid")?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, EventId>("event_id")?,
            r.get::<_, ExcerptId>("excerpt_id")?,
        ))
    })? {
        let (event, excerpt) = row?;
        excerpts.entry(event).or_default().push(excerpt);
    }
    Ok((tags, excerpts))
}

fn attach_links(events: &mut [Event], conn: &Connection) -> StoreResult<()> {
    let (mut tags, mut excerpts) = links(conn)?;
    for event in events {
        event.tags = tags.remove(&event.id).unwrap_or_default();
        event.excerpts = excerpts.remove(&event.id).unwrap_or_default();
    }
    Ok(())
}

pub(super) fn notebook(conn: &Connection) -> StoreResult<Notebook> {
    let mut events: Vec<Event> = conn
        .prepare(&format!("SELECT {} FROM events", events::EVENT_COLUMNS))?
        .query_map([], events::from_row)?
        .collect::<Result<_, _>>()?;
    // A table scan and a sort here beat SQLite walking the sort-key index
    // and fetching every row by id (measured at 100k events).
    events.sort_by_cached_key(|e| (e.date.sort_key(), e.id));
    attach_links(&mut events, conn)?;
    let mut notebook = notebook_without_events(conn)?;
    notebook.events = events;
    notebook.reindex();
    Ok(notebook)
}

/// Everything but the events: tracks, tags, sources, excerpts and notes.
pub(super) fn notebook_without_events(conn: &Connection) -> StoreResult<Notebook> {
    let events = Vec::new();
    let tracks = conn
        .prepare(
            "SELECT id, uid, name, colour, position, hidden FROM tracks ORDER BY position, id",
        )?
        .query_map([], events::track_from_row)?
        .collect::<Result<_, _>>()?;
    let tags = conn
        .prepare("SELECT id, uid, name FROM tags ORDER BY name")?
        .query_map([], |r| {
            Ok(crate::model::Tag {
                id: r.get("id")?,
                uid: r.get("uid")?,
                name: r.get("name")?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let sources = conn
        .prepare(&format!(
            "SELECT {} FROM sources ORDER BY title COLLATE NOCASE, id",
            sources::SOURCE_COLUMNS
        ))?
        .query_map([], sources::from_row)?
        .collect::<Result<_, _>>()?;
    let excerpts = conn
        .prepare(&format!(
            "SELECT {} FROM excerpts ORDER BY source_id, start_char, id",
            sources::EXCERPT_COLUMNS
        ))?
        .query_map([], sources::excerpt_from_row)?
        .collect::<Result<_, _>>()?;
    let notes = conn
        .prepare(&format!(
            "SELECT {} FROM notes ORDER BY id",
            notes::NOTE_COLUMNS
        ))?
        .query_map([], notes::from_row)?
        .collect::<Result<_, _>>()?;
    let mut notebook = Notebook::new(events, tracks, tags, sources, excerpts, notes);
    notebook.views = super::views::load(conn)?;
    notebook.entities = super::entities::load(conn)?;
    Ok(notebook)
}

/// Events whose strict extent may overlap `from..=to`; uses the date indexes.
pub(super) fn events_in_range(
    conn: &Connection,
    from: Option<i64>,
    to: Option<i64>,
) -> StoreResult<Vec<Event>> {
    let mut events: Vec<Event> = conn
        .prepare(&format!(
            "SELECT {} FROM events WHERE id IN (
                 SELECT id FROM event_extents WHERE max_day >= ?1 AND min_day <= ?2)
             AND earliest_day <= ?2 AND latest_day >= ?1
             ORDER BY sort_key, id",
            events::EVENT_COLUMNS
        ))?
        .query_map(
            [from.unwrap_or(i64::MIN), to.unwrap_or(i64::MAX)],
            events::from_row,
        )?
        .collect::<Result<_, _>>()?;
    attach_links(&mut events, conn)?;
    Ok(events)
}
