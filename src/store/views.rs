//! Tracks' order and visibility, merging tags, and saved views.

use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::error::{StoreError, StoreResult};
use super::{events, exec, query_one};
use crate::model::filter::{Filter, SavedView};
use crate::model::{TagId, TrackId, Uid};

/// Longest view name.
const VIEW_NAME_CHARS: usize = 200;

/// Hides or shows a track's lane; returns the track's name.
pub(super) fn hide_track_tx(
    tx: &Transaction<'_>,
    id: TrackId,
    hidden: bool,
) -> StoreResult<String> {
    let name = events::track_name_tx(tx, id)?;
    exec(
        tx,
        "UPDATE tracks SET hidden = ?2 WHERE id = ?1 AND hidden <> ?2",
        params![id, hidden],
    )?;
    Ok(name)
}

/// Moves a track to `position` in the lane order, renumbering every track
/// 0, 1, 2 … (only rows whose number changes are written); returns its name.
pub(super) fn move_track_tx(
    tx: &Transaction<'_>,
    id: TrackId,
    position: usize,
) -> StoreResult<String> {
    let name = events::track_name_tx(tx, id)?;
    let mut order: Vec<(TrackId, i64)> = tx
        .prepare_cached("SELECT id, position FROM tracks ORDER BY position, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let from = order
        .iter()
        .position(|(t, _)| *t == id)
        .ok_or(StoreError::Missing {
            kind: "track",
            id: id.0,
        })?;
    let moved = order.remove(from);
    order.insert(position.min(order.len()), moved);
    for (i, (track, old)) in order.iter().enumerate() {
        let new = i64::try_from(i).unwrap_or(i64::MAX);
        if *old != new {
            exec(
                tx,
                "UPDATE tracks SET position = ?2 WHERE id = ?1",
                params![track, new],
            )?;
        }
    }
    Ok(name)
}

/// Gives `from`'s events the tag `into` and deletes `from`; returns both
/// names.
pub(super) fn merge_tags_tx(
    tx: &Transaction<'_>,
    from: TagId,
    into: TagId,
) -> StoreResult<(String, String)> {
    let from_name = events::tag_name_tx(tx, from)?;
    let into_name = events::tag_name_tx(tx, into)?;
    if from == into {
        return Err(StoreError::Invalid(format!(
            "cannot merge the tag “{from_name}” into itself"
        )));
    }
    exec(
        tx,
        "INSERT OR IGNORE INTO event_tags (event_id, tag_id)
         SELECT event_id, ?2 FROM event_tags WHERE tag_id = ?1",
        params![from, into],
    )?;
    exec(tx, "DELETE FROM tags WHERE id = ?1", [from])?;
    Ok((from_name, into_name))
}

/// Saves a view, replacing one of the same name.
pub(super) fn save_view_tx(
    tx: &Transaction<'_>,
    name: &str,
    filter: &Filter,
    range: Option<(i64, i64)>,
) -> StoreResult<String> {
    let name = events::required(name, "view name")?;
    if name.chars().count() > VIEW_NAME_CHARS {
        return Err(StoreError::Invalid(format!(
            "a view name has at most {VIEW_NAME_CHARS} characters"
        )));
    }
    let json = serde_json::to_string(filter)
        .map_err(|e| StoreError::Invalid(format!("the filter cannot be saved: {e}")))?;
    let (start, end) = match range {
        Some((a, b)) if a <= b => (Some(a), Some(b)),
        Some(_) => {
            return Err(StoreError::Invalid(
                "the view's range ends before it starts".into(),
            ));
        }
        None => (None, None),
    };
    let existing: Option<i64> =
        query_one(tx, "SELECT id FROM views WHERE name = ?1", [&name], |r| {
            r.get(0)
        })
        .optional()?;
    match existing {
        Some(id) => {
            exec(
                tx,
                "UPDATE views SET filter = ?2, range_start = ?3, range_end = ?4 WHERE id = ?1",
                params![id, json, start, end],
            )?;
        }
        None => {
            exec(
                tx,
                "INSERT INTO views (uid, name, filter, range_start, range_end) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![Uid::new(), name, json, start, end],
            )?;
        }
    }
    Ok(name)
}

/// Deletes a view by name.
pub(super) fn delete_view_tx(tx: &Transaction<'_>, name: &str) -> StoreResult<()> {
    if exec(tx, "DELETE FROM views WHERE name = ?1", [name])? == 0 {
        return Err(StoreError::Invalid(format!(
            "there is no view named “{name}”"
        )));
    }
    Ok(())
}

/// A stored view: uid, name, filter JSON, range start and end.
type ViewRow = (Uid, String, String, Option<f64>, Option<f64>);

/// The saved views by name. A view whose filter does not read (written by a
/// newer or a broken program) is left out: it is data, never run.
pub(super) fn load(conn: &Connection) -> StoreResult<Vec<SavedView>> {
    let rows: Vec<ViewRow> = conn
        .prepare_cached(
            "SELECT uid, name, filter, range_start, range_end FROM views ORDER BY name COLLATE NOCASE, id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(uid, name, json, start, end)| {
            let filter: Filter = serde_json::from_str(&json).ok()?;
            #[allow(clippy::cast_possible_truncation)]
            let range = start.zip(end).map(|(a, b)| (a as i64, b as i64));
            Some(SavedView {
                uid,
                name,
                filter,
                range,
            })
        })
        .collect())
}
