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

/// What one scan of the events table read: the events in id order, their
/// (sort key, id, index) keys, and the statuses other than the default.
#[derive(Default)]
struct Scanned {
    events: Vec<Event>,
    keys: Vec<(i64, EventId, usize)>,
    statuses: Vec<(EventId, crate::model::evidence::Status)>,
}

/// Reads the events with ids in `ids` (all of them when `None`).
fn scan_events(conn: &Connection, ids: Option<(i64, i64)>) -> StoreResult<Scanned> {
    let mut out = Scanned::default();
    // Most events share their date's text with others (a million events
    // over fifty years have some tens of thousands of distinct dates), so
    // each distinct text is parsed once: measured 0.36 s of parsing at a
    // million events without this.
    let mut dates: HashMap<String, Date> = HashMap::new();
    // Columns by position (see `events::from_row_with_date`): the event's,
    // then the sort key and the status (for the evidence).
    let (from, to) = ids.unwrap_or((i64::MIN, i64::MAX));
    let mut stmt = conn.prepare(&format!(
        "SELECT {}, sort_key, status FROM events WHERE id BETWEEN ?1 AND ?2",
        events::EVENT_COLUMNS
    ))?;
    let mut rows = stmt.query([from, to])?;
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
        out.keys.push((row.get(7)?, event.id, out.events.len()));
        if let Some(status) = super::evidence::status_of_row(row, 0, 8)? {
            out.statuses.push(status);
        }
        out.events.push(event);
    }
    Ok(out)
}

/// Notebooks with ids spread over at least this many are read by two
/// scans at once, one per half of the ids.
const SPLIT_SCAN_FROM_IDS: i64 = 100_000;

/// Reads every event. A large notebook in a file is read in two halves at
/// once: the upper half of the ids on a read-only connection of its own
/// (hardened as every connection is), on a second core, while this one
/// reads the lower half; stepping SQLite through the rows and making
/// their strings is most of opening a large notebook. Both read the same
/// state of the file: this connection holds a read transaction (a shared
/// lock no writer can commit past) from before the other starts until it
/// is done.
fn scan_all_events(conn: &Connection) -> StoreResult<Scanned> {
    scan_all_events_split_from(conn, SPLIT_SCAN_FROM_IDS)
}

/// [`scan_all_events`], splitting from `split_from` ids (tests split small
/// notebooks).
fn scan_all_events_split_from(conn: &Connection, split_from: i64) -> StoreResult<Scanned> {
    let path = conn.path().filter(|p| !p.is_empty()).map(str::to_owned);
    let (low, high): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT min(id), max(id) FROM events", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let split = match (path, low, high) {
        (Some(path), Some(low), Some(high)) if high.saturating_sub(low) >= split_from => {
            Some((path, low + (high - low) / 2))
        }
        _ => None,
    };
    let Some((path, middle)) = split else {
        return scan_events(conn, None);
    };
    // The read transaction, unless the caller's transaction holds one.
    let read = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    conn.query_row("SELECT count(*) FROM tracks", [], |_| Ok(()))?;
    let upper = std::thread::Builder::new()
        .name("load-events".into())
        .spawn(move || -> StoreResult<Scanned> {
            let other = Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            let _trust = super::guard::harden(&other)?;
            scan_events(&other, Some((middle + 1, i64::MAX)))
        });
    let Ok(upper) = upper else {
        // No thread to be had: one scan here.
        return scan_events(conn, None);
    };
    let lower = scan_events(conn, Some((i64::MIN, middle)));
    let mut lower = lower?;
    // Should the other connection fail (a writer waiting for its turn
    // keeps new readers out), this one, which holds its read, reads on.
    let upper = match upper.join() {
        Ok(Ok(upper)) => upper,
        Ok(Err(_)) | Err(_) => scan_events(conn, Some((middle + 1, i64::MAX)))?,
    };
    drop(read);
    let offset = lower.events.len();
    lower
        .keys
        .extend(upper.keys.into_iter().map(|(k, id, i)| (k, id, i + offset)));
    lower.events.extend(upper.events);
    lower.statuses.extend(upper.statuses);
    Ok(lower)
}

pub(super) fn notebook(conn: &Connection) -> StoreResult<Notebook> {
    let Scanned {
        mut events,
        mut keys,
        statuses,
    } = scan_all_events(conn)?;
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

#[cfg(test)]
mod tests {
    use super::{scan_all_events_split_from, scan_events};
    use crate::action::{Action, EventFields, EventImport, ImportedEvent};
    use crate::model::EventId;
    use crate::model::date::Date;
    use crate::model::evidence::Status;
    use crate::store::Store;

    #[test]
    fn two_scans_at_once_read_what_one_scan_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("split.annals");
        let mut store = Store::create(&path).unwrap();
        let new = (0..300)
            .map(|i| ImportedEvent {
                uid: None,
                fields: EventFields {
                    tags: if i % 3 == 0 {
                        vec!["t".to_owned()]
                    } else {
                        Vec::new()
                    },
                    ..EventFields::new(
                        format!("event {i} 정상회담"),
                        Date::parse(&format!("{}", 2000 + (i * 7) % 30)).unwrap(),
                    )
                },
            })
            .collect();
        store
            .apply(&Action::ImportEvents(EventImport {
                from: "x".to_owned(),
                new,
                ..EventImport::default()
            }))
            .unwrap();
        // Gaps in the ids, and statuses on both sides of the middle.
        for id in [2, 150, 151, 299] {
            store.apply(&Action::DeleteEvent(EventId(id))).unwrap();
        }
        for id in [5, 149, 152, 280] {
            store
                .apply(&Action::SetEventStatus {
                    id: EventId(id),
                    status: Status::Disputed,
                })
                .unwrap();
        }
        let one = scan_events(&store.conn, None).unwrap();
        let two = scan_all_events_split_from(&store.conn, 10).unwrap();
        assert_eq!(one.events.len(), 296);
        assert_eq!(two.events, one.events);
        assert_eq!(two.keys, one.keys);
        assert_eq!(two.statuses, one.statuses);
        assert_eq!(one.statuses.len(), 4);
        // Split or not, the read model is the same.
        let read = store.load().unwrap();
        assert_eq!(read.events.len(), 296);
        // No read transaction is left open.
        assert!(store.conn.is_autocommit());
    }
}
