//! Builds the read model from the database.

use std::collections::HashMap;

use rusqlite::Connection;

use super::error::StoreResult;
use super::{events, notes, sources};
use crate::model::date::Date;
use crate::model::{Event, EventId, ExcerptId, Notebook, TagId};

/// Tags and excerpt links of the events `range` selects (see [`links_in`]).
type EventLinks = (
    HashMap<EventId, Vec<TagId>>,
    HashMap<EventId, Vec<ExcerptId>>,
);

/// Gives every event its tags (by name) and excerpt links (in link order),
/// each found by `at`, which names the event's place in `events`.
fn attach_links_at(
    events: &mut [Event],
    conn: &Connection,
    at: impl Fn(EventId) -> Option<usize>,
) -> StoreResult<()> {
    let mut stmt = conn.prepare(
        "SELECT et.event_id, et.tag_id FROM event_tags et JOIN tags t ON t.id = et.tag_id ORDER BY t.name",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(i) = at(row.get(0)?) {
            events[i].tags.push(row.get(1)?);
        }
    }
    let mut stmt =
        conn.prepare("SELECT event_id, excerpt_id FROM event_excerpts ORDER BY rowid")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(i) = at(row.get(0)?) {
            events[i].excerpts.push(row.get(1)?);
        }
    }
    Ok(())
}

/// Gives each event (in any order, without links yet) its tags and
/// excerpt links.
fn attach_links(events: &mut [Event], conn: &Connection) -> StoreResult<()> {
    let places: HashMap<EventId, usize> =
        events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    attach_links_at(events, conn, |id| places.get(&id).copied())
}

/// As [`attach_links`], for events in ascending id order (as a table scan
/// reads them): found by binary search on the ids, with no map of a
/// million entries to build and probe.
fn attach_links_by_id(events: &mut [Event], conn: &Connection) -> StoreResult<()> {
    // The ids alone: a search touches 8-byte ids, not whole events.
    let ids: Vec<EventId> = events.iter().map(|e| e.id).collect();
    attach_links_at(events, conn, |id| ids.binary_search(&id).ok())
}

pub(super) fn notebook(conn: &Connection) -> StoreResult<Notebook> {
    let mut events: Vec<Event> = Vec::new();
    let mut keys: Vec<(i64, EventId, usize)> = Vec::new();
    // Most events share their date's text with others (a million events
    // over fifty years have some tens of thousands of distinct dates), so
    // each distinct text is parsed once: measured 0.36 s of parsing at a
    // million events without this.
    let mut dates: HashMap<String, Date> = HashMap::new();
    // Columns by position (see `events::from_row_with_date`): the event's,
    // then the sort key and the status (for the evidence).
    let mut statuses = Vec::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT {}, sort_key, status FROM events",
        events::EVENT_COLUMNS
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let edtf = row.get_ref(3)?.as_str().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
        })?;
        let date = match dates.get(edtf) {
            Some(date) => date.clone(),
            None => {
                let date = events::date_from_stored(edtf)?;
                dates.insert(edtf.to_owned(), date.clone());
                date
            }
        };
        let event = events::from_row_with_date(row, date)?;
        keys.push((row.get(7)?, event.id, events.len()));
        if let Some(status) = super::evidence::status_of_row(row, 0, 8)? {
            statuses.push(status);
        }
        events.push(event);
    }
    drop(dates);
    // A scan of the table reads the rows by id; should that ever not hold,
    // they are put in id order for the links' binary search.
    if !events.windows(2).all(|w| w[0].id < w[1].id) {
        events.sort_unstable_by_key(|e| e.id);
        keys.sort_unstable_by_key(|(_, id, _)| *id);
        for (i, key) in keys.iter_mut().enumerate() {
            key.2 = i;
        }
    }
    attach_links_by_id(&mut events, conn)?;
    // A table scan and a sort here beat SQLite walking the sort-key index
    // and fetching every row by id (measured at 100k events). The key is
    // the stored column: computing it from the date costs as much again.
    // The small keys are sorted, then the events taken in their order.
    keys.sort_unstable();
    let mut scanned: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    let events: Vec<Box<Event>> = keys
        .iter()
        .filter_map(|(_, _, i)| scanned[*i].take().map(Box::new))
        .collect();
    drop(scanned);
    let mut notebook = notebook_without_events(conn)?;
    notebook.events = events;
    notebook.evidence = super::evidence::load_with_statuses(conn, statuses)?;
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
    let mut sources: Vec<crate::model::Source> = conn
        .prepare(&format!(
            "SELECT {} FROM sources ORDER BY title COLLATE NOCASE, id",
            sources::SOURCE_COLUMNS
        ))?
        .query_map([], sources::from_row)?
        .collect::<Result<_, _>>()?;
    let mut pages = sources::all_pages(conn)?;
    for source in &mut sources {
        source.pages = pages.remove(&source.id).unwrap_or_default();
    }
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

/// Calls `each` with every event whose extent may overlap `from..=to`
/// (strict bounds, or fuzzy ones when `fuzzy`), in chronological order,
/// one at a time: the read model is not loaded, and memory grows with the
/// rows' links only. The strict range is answered by the R*Tree.
pub(super) fn each_event_in_range<E: From<super::StoreError>>(
    conn: &Connection,
    from: Option<i64>,
    to: Option<i64>,
    fuzzy: bool,
    mut each: impl FnMut(Event) -> Result<(), E>,
) -> Result<(), E> {
    let (from, to) = (from.unwrap_or(i64::MIN), to.unwrap_or(i64::MAX));
    let range = if fuzzy {
        "SELECT id FROM events WHERE fuzzy_latest_day >= ?1 AND fuzzy_earliest_day <= ?2"
    } else {
        "SELECT e.id FROM event_extents x JOIN events e ON e.id = x.id
         WHERE x.max_day >= ?1 AND x.min_day <= ?2
           AND e.earliest_day <= ?2 AND e.latest_day >= ?1"
    };
    let (mut tags, mut excerpts) = links_in(conn, range, from, to).map_err(E::from)?;
    let sql = format!(
        "SELECT {} FROM events WHERE id IN ({range}) ORDER BY sort_key, id",
        events::EVENT_COLUMNS
    );
    let mut stmt = conn.prepare(&sql).map_err(|e| E::from(e.into()))?;
    let mut rows = stmt.query([from, to]).map_err(|e| E::from(e.into()))?;
    while let Some(row) = rows.next().map_err(|e| E::from(e.into()))? {
        let mut event = events::from_row(row).map_err(|e| E::from(e.into()))?;
        event.tags = tags.remove(&event.id).unwrap_or_default();
        event.excerpts = excerpts.remove(&event.id).unwrap_or_default();
        each(event)?;
    }
    Ok(())
}

/// Tags and excerpt links of the events `range` selects.
fn links_in(conn: &Connection, range: &str, from: i64, to: i64) -> StoreResult<EventLinks> {
    let mut tags: HashMap<EventId, Vec<TagId>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT et.event_id, et.tag_id FROM event_tags et JOIN tags t ON t.id = et.tag_id
         WHERE et.event_id IN ({range}) ORDER BY t.name"
    ))?;
    for row in stmt.query_map([from, to], |r| {
        Ok((
            r.get::<_, EventId>("event_id")?,
            r.get::<_, TagId>("tag_id")?,
        ))
    })? {
        let (event, tag) = row?;
        tags.entry(event).or_default().push(tag);
    }
    let mut excerpts: HashMap<EventId, Vec<ExcerptId>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT event_id, excerpt_id FROM event_excerpts WHERE event_id IN ({range}) ORDER BY rowid"
    ))?;
    for row in stmt.query_map([from, to], |r| {
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
