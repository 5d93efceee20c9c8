//! Events, tracks and tags.

use rusqlite::{Connection, OptionalExtension as _, Row, Transaction, params};

use super::error::{StoreError, StoreResult};
use super::{exec, query_one};
use crate::action::EventFields;
use crate::model::date::Date;
use crate::model::notebook::Colour;
use crate::model::{Event, EventId, TagId, Track, TrackId, Uid};

/// Trims a required text field, refusing blank input.
pub(super) fn required(text: &str, what: &str) -> StoreResult<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(StoreError::Invalid(format!("the {what} is empty")));
    }
    Ok(trimmed.to_owned())
}

/// Checks that a time zone looks like an IANA name ("UTC", "Asia/Seoul").
fn check_time_zone(zone: &str) -> StoreResult<()> {
    if crate::model::is_time_zone_name(zone) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "“{zone}” is not an IANA time zone name such as UTC or Asia/Seoul"
        )))
    }
}

/// Reads a stored EDTF string, as a conversion error when it does not
/// parse (a damaged or hostile file).
pub(super) fn date_from_stored(edtf: &str) -> rusqlite::Result<Date> {
    Date::parse_edtf(edtf).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("stored date “{edtf}”: {e}").into(),
        )
    })
}

/// Reads an event row (without tags and excerpts) by column name.
pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Event> {
    let edtf: String = row.get(3)?;
    let date = date_from_stored(&edtf)?;
    from_row_with_date(row, date)
}

/// As [`from_row`], with the row's date already read.
///
/// The row's first columns are [`EVENT_COLUMNS`], read by position: at a
/// million rows, finding each column by name costs a tenth of the load.
pub(super) fn from_row_with_date(row: &Row<'_>, date: Date) -> rusqlite::Result<Event> {
    Ok(Event {
        id: row.get(0)?,
        uid: row.get(1)?,
        title: row.get(2)?,
        date,
        time_zone: row.get(4)?,
        description: row.get(5)?,
        track: row.get(6)?,
        tags: Vec::new(),
        excerpts: Vec::new(),
    })
}

/// The columns [`from_row`] reads, in the order it reads them by position:
/// every query it reads starts with these.
pub(super) const EVENT_COLUMNS: &str = "id, uid, title, date, time_zone, description, track_id";

/// The track of this name, created (with its name's palette colour) if absent.
pub(super) fn track_by_name_tx(tx: &Transaction<'_>, name: &str) -> StoreResult<TrackId> {
    let name = required(name, "track name")?;
    if let Some(id) = query_one(tx, "SELECT id FROM tracks WHERE name = ?1", [&name], |r| {
        r.get(0)
    })
    .optional()?
    {
        return Ok(id);
    }
    insert_track_tx(tx, &name, None)
}

/// Adds a track at the bottom of the lane order.
pub(super) fn insert_track_tx(
    tx: &Transaction<'_>,
    name: &str,
    colour: Option<Colour>,
) -> StoreResult<TrackId> {
    let name = required(name, "track name")?;
    let exists: bool = query_one(
        tx,
        "SELECT EXISTS (SELECT 1 FROM tracks WHERE name = ?1)",
        [&name],
        |r| r.get(0),
    )?;
    if exists {
        return Err(StoreError::Invalid(format!(
            "there is already a track named “{name}”"
        )));
    }
    let next_position: i64 = query_one(
        tx,
        "SELECT coalesce(max(position), -1) + 1 FROM tracks",
        [],
        |r| r.get(0),
    )?;
    // Unless the user chose one, the colour follows from the name, so a
    // track looks the same in every notebook.
    let colour = colour.unwrap_or_else(|| Colour::for_name(&name));
    exec(
        tx,
        "INSERT INTO tracks (uid, name, colour, position) VALUES (?1, ?2, ?3, ?4)",
        params![Uid::new(), name, colour.hex(), next_position],
    )?;
    Ok(TrackId(tx.last_insert_rowid()))
}

/// The tag of this name, created if absent.
pub(super) fn tag_by_name_tx(tx: &Transaction<'_>, name: &str) -> StoreResult<TagId> {
    let name = required(name, "tag")?;
    if let Some(id) = query_one(tx, "SELECT id FROM tags WHERE name = ?1", [&name], |r| {
        r.get(0)
    })
    .optional()?
    {
        return Ok(id);
    }
    exec(
        tx,
        "INSERT INTO tags (uid, name) VALUES (?1, ?2)",
        params![Uid::new(), name],
    )?;
    Ok(TagId(tx.last_insert_rowid()))
}

/// The columns an event's fields and date fill, as named parameters shared
/// by the INSERT and the UPDATE. The text columns borrow the fields, so a
/// bulk import copies no string per row.
struct EventColumns<'f> {
    title: &'f str,
    edtf: &'f str,
    earliest: i64,
    latest: i64,
    fuzzy_earliest: i64,
    fuzzy_latest: i64,
    sort_key: i64,
    precision: &'static str,
    zone: Option<&'f str>,
    track: Option<TrackId>,
}

impl<'f> EventColumns<'f> {
    fn new(tx: &Transaction<'_>, fields: &'f EventFields) -> StoreResult<Self> {
        let track = track_of(tx, fields)?;
        Self::with_track(fields, track)
    }

    /// The columns with the track already resolved (a bulk import looks
    /// each track name up once, not once per row).
    fn with_track(fields: &'f EventFields, track: Option<TrackId>) -> StoreResult<Self> {
        let (title, zone) = validated(fields)?;
        let date = &fields.date;
        let strict = date.bounds();
        let fuzzy = date.fuzzy_bounds_from(strict);
        Ok(Self {
            title,
            edtf: date.edtf(),
            earliest: strict.earliest_key(),
            latest: strict.latest_key(),
            fuzzy_earliest: fuzzy.earliest_key(),
            fuzzy_latest: fuzzy.latest_key(),
            sort_key: date.sort_key_from(strict),
            precision: date.precision().name(),
            zone,
            track,
        })
    }

    /// Runs `sql` with these columns as `:title`, `:date`, … plus `extra`.
    fn execute(
        &self,
        tx: &Transaction<'_>,
        sql: &str,
        description: &str,
        extra: (&str, &dyn rusqlite::ToSql),
    ) -> StoreResult<()> {
        let params: &[(&str, &dyn rusqlite::ToSql)] = &[
            (":title", &self.title),
            (":date", &self.edtf),
            (":earliest", &self.earliest),
            (":latest", &self.latest),
            (":fuzzy_earliest", &self.fuzzy_earliest),
            (":fuzzy_latest", &self.fuzzy_latest),
            (":sort_key", &self.sort_key),
            (":precision", &self.precision),
            (":zone", &self.zone),
            (":description", &description),
            (":track", &self.track),
            extra,
        ];
        tx.prepare_cached(sql)?.execute(params)?;
        Ok(())
    }
}

fn validated(fields: &EventFields) -> StoreResult<(&str, Option<&str>)> {
    let title = fields.title.trim();
    if title.is_empty() {
        return Err(StoreError::Invalid("the title is empty".to_owned()));
    }
    let zone = fields
        .time_zone
        .as_deref()
        .map(str::trim)
        .filter(|z| !z.is_empty());
    if let Some(zone) = zone {
        check_time_zone(zone)?;
    }
    Ok((title, zone))
}

fn set_tags_tx(tx: &Transaction<'_>, id: EventId, tags: &[String]) -> StoreResult<()> {
    exec(tx, "DELETE FROM event_tags WHERE event_id = ?1", [id])?;
    for tag in tags.iter().filter(|t| !t.trim().is_empty()) {
        let tag_id = tag_by_name_tx(tx, tag)?;
        exec(
            tx,
            "INSERT OR IGNORE INTO event_tags (event_id, tag_id) VALUES (?1, ?2)",
            params![id, tag_id],
        )?;
    }
    Ok(())
}

fn track_of(tx: &Transaction<'_>, fields: &EventFields) -> StoreResult<Option<TrackId>> {
    match fields
        .track
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(name) => Ok(Some(track_by_name_tx(tx, name)?)),
        None => Ok(None),
    }
}

/// Adds an event with its track and tags.
pub(super) fn insert_tx(tx: &Transaction<'_>, fields: &EventFields) -> StoreResult<EventId> {
    let columns = EventColumns::new(tx, fields)?;
    columns.execute(
        tx,
        "INSERT INTO events (uid, title, date, earliest_day, latest_day, fuzzy_earliest_day,
                             fuzzy_latest_day, sort_key, precision, time_zone, description, track_id)
         VALUES (:uid, :title, :date, :earliest, :latest, :fuzzy_earliest, :fuzzy_latest,
                 :sort_key, :precision, :zone, :description, :track)",
        &fields.description,
        (":uid", &Uid::new()),
    )?;
    let id = EventId(tx.last_insert_rowid());
    if !fields.tags.is_empty() {
        set_tags_tx(tx, id, &fields.tags)?;
    }
    Ok(id)
}

/// The bulk import's per-row step: adds events whose track and tags were
/// resolved by the caller, without looking anything up. The two statements
/// are prepared once for the whole import (a cached statement is still
/// found by hashing its text, per row) and bind by position (binding a
/// dozen by name looks each name up, per row).
pub(super) struct ResolvedInserter<'t> {
    event: rusqlite::Statement<'t>,
    tag: rusqlite::Statement<'t>,
}

impl<'t> ResolvedInserter<'t> {
    pub(super) fn new(tx: &'t Transaction<'_>) -> StoreResult<Self> {
        Ok(Self {
            event: tx.prepare(
                "INSERT INTO events (uid, title, date, earliest_day, latest_day, fuzzy_earliest_day,
                                     fuzzy_latest_day, sort_key, precision, time_zone, description,
                                     track_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            tag: tx.prepare("INSERT OR IGNORE INTO event_tags (event_id, tag_id) VALUES (?1, ?2)")?,
        })
    }

    /// Adds one event and its tag rows; `uid` is the event's uid. Returns
    /// the new id and the strict day bounds stored (for the R*Tree).
    pub(super) fn insert(
        &mut self,
        uid: &str,
        fields: &EventFields,
        track: Option<TrackId>,
        tags: &[TagId],
    ) -> StoreResult<Inserted> {
        let c = EventColumns::with_track(fields, track)?;
        let id = EventId(self.event.insert(params![
            uid,
            c.title,
            c.edtf,
            c.earliest,
            c.latest,
            c.fuzzy_earliest,
            c.fuzzy_latest,
            c.sort_key,
            c.precision,
            c.zone,
            fields.description,
            c.track
        ])?);
        for tag in tags {
            self.tag.execute(params![id, tag])?;
        }
        Ok(Inserted {
            id,
            earliest_day: c.earliest,
            latest_day: c.latest,
        })
    }
}

/// An event [`ResolvedInserter::insert`] added.
#[derive(Debug, Clone, Copy)]
pub(super) struct Inserted {
    /// Its id.
    pub(super) id: EventId,
    /// The `earliest_day` stored.
    pub(super) earliest_day: i64,
    /// The `latest_day` stored.
    pub(super) latest_day: i64,
}

/// Replaces an event's fields, track and tags.
pub(super) fn update_tx(
    tx: &Transaction<'_>,
    id: EventId,
    fields: &EventFields,
) -> StoreResult<()> {
    title_tx(tx, id)?;
    let columns = EventColumns::new(tx, fields)?;
    columns.execute(
        tx,
        "UPDATE events SET title = :title, date = :date, earliest_day = :earliest,
                latest_day = :latest, fuzzy_earliest_day = :fuzzy_earliest,
                fuzzy_latest_day = :fuzzy_latest, sort_key = :sort_key, precision = :precision,
                time_zone = :zone, description = :description, track_id = :track
         WHERE id = :id",
        &fields.description,
        (":id", &id),
    )?;
    // Only touch tag rows when the tags changed, so an edit of the title
    // alone undoes as the title alone.
    let current: Vec<String> = tx
        .prepare("SELECT t.name FROM event_tags et JOIN tags t ON t.id = et.tag_id WHERE et.event_id = ?1 ORDER BY t.name")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut wanted: Vec<String> = fields
        .tags
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    wanted.sort_by_key(|t| t.to_lowercase());
    wanted.dedup_by_key(|t| t.to_lowercase());
    let same = current.len() == wanted.len()
        && current
            .iter()
            .zip(&wanted)
            .all(|(a, b)| a.eq_ignore_ascii_case(b));
    if !same {
        set_tags_tx(tx, id, &wanted)?;
    }
    Ok(())
}

/// The title of an event, or [`StoreError::Missing`].
pub(super) fn title_tx(conn: &Connection, id: EventId) -> StoreResult<String> {
    query_one(conn, "SELECT title FROM events WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(StoreError::Missing {
        kind: "event",
        id: id.0,
    })
}

/// Deletes an event; tags, links and notes go with it by cascade.
pub(super) fn delete_tx(tx: &Transaction<'_>, id: EventId) -> StoreResult<String> {
    let title = title_tx(tx, id)?;
    exec(tx, "DELETE FROM events WHERE id = ?1", [id])?;
    Ok(title)
}

/// Reads a track row by column name.
pub(super) fn track_from_row(row: &Row<'_>) -> rusqlite::Result<Track> {
    let colour: String = row.get("colour")?;
    Ok(Track {
        id: row.get("id")?,
        uid: row.get("uid")?,
        name: row.get("name")?,
        colour: Colour::from_hex(&colour).unwrap_or(Colour::PALETTE[0]),
        position: row.get("position")?,
        hidden: row.get("hidden")?,
    })
}

/// The name of a track, or [`StoreError::Missing`].
pub(super) fn track_name_tx(conn: &Connection, id: TrackId) -> StoreResult<String> {
    query_one(conn, "SELECT name FROM tracks WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(StoreError::Missing {
        kind: "track",
        id: id.0,
    })
}

/// The name of a tag, or [`StoreError::Missing`].
pub(super) fn tag_name_tx(conn: &Connection, id: TagId) -> StoreResult<String> {
    query_one(conn, "SELECT name FROM tags WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(StoreError::Missing {
        kind: "tag",
        id: id.0,
    })
}

/// Problems with stored dates: text that no longer parses, or derived
/// columns that disagree with it.
pub(super) fn check_dates(conn: &Connection) -> StoreResult<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt =
        conn.prepare("SELECT id, date, earliest_day, latest_day, sort_key FROM events")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>("id")?,
            r.get::<_, String>("date")?,
            r.get::<_, i64>("earliest_day")?,
            r.get::<_, i64>("latest_day")?,
            r.get::<_, i64>("sort_key")?,
        ))
    })?;
    for row in rows {
        let (id, edtf, earliest, latest, sort_key) = row?;
        match Date::parse_edtf(&edtf) {
            Err(e) => problems.push(format!("event {id}: stored date “{edtf}” is invalid: {e}")),
            Ok(date) => {
                let bounds = date.bounds();
                if bounds.earliest_key() != earliest
                    || bounds.latest_key() != latest
                    || date.sort_key() != sort_key
                {
                    problems.push(format!(
                        "event {id}: the derived date columns disagree with “{edtf}”"
                    ));
                }
            }
        }
    }
    Ok(problems)
}

/// One event with its tags and excerpt links, if it exists.
pub(super) fn load_one(conn: &Connection, id: EventId) -> StoreResult<Option<Event>> {
    let Some(mut event) = query_one(
        conn,
        &format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    else {
        return Ok(None);
    };
    event.tags = conn
        .prepare_cached(
            "SELECT et.tag_id FROM event_tags et JOIN tags t ON t.id = et.tag_id
             WHERE et.event_id = ?1 ORDER BY t.name",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    event.excerpts = conn
        .prepare_cached("SELECT excerpt_id FROM event_excerpts WHERE event_id = ?1 ORDER BY rowid")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(event))
}
