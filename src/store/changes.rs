//! What an action changed, read back from its undo-log statements, so the
//! read model can be patched instead of reloaded: saving one edit in a
//! 100 000-event notebook reloads one event, not all of them.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension as _};

use super::error::StoreResult;
use super::{events, load, query_one};
use crate::model::{EventId, Notebook};

/// Above this many changed events a full reload is as cheap as patching.
const PATCH_LIMIT_EVENTS: usize = 2000;

/// The rows one action (or its undo or redo) touched, as the read model
/// needs them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Events added, changed, deleted, or whose tags or excerpt links changed.
    pub events: BTreeSet<EventId>,
    /// Tracks, tags, sources, excerpts or notes changed.
    pub others: bool,
    /// Nothing is known: reload everything.
    pub everything: bool,
}

impl Changes {
    /// Changes that require a full reload.
    #[must_use]
    pub fn everything() -> Self {
        Self {
            everything: true,
            ..Self::default()
        }
    }
}

/// One undo-log statement's table, rowid and (for an INSERT) its values.
fn row_of(statement: &str) -> Option<(&str, i64, Option<&str>)> {
    if let Some(rest) = statement.strip_prefix("DELETE FROM ") {
        let (table, rowid) = rest.split_once(" WHERE rowid=")?;
        return Some((table, rowid.trim().parse().ok()?, None));
    }
    if let Some(rest) = statement.strip_prefix("UPDATE ") {
        let table = rest.split_once(' ')?.0;
        // Values come before the final "WHERE rowid=": split from the right,
        // so text inside them cannot be mistaken for it.
        let (_, rowid) = rest.rsplit_once(" WHERE rowid=")?;
        return Some((table, rowid.trim().parse().ok()?, None));
    }
    if let Some(rest) = statement.strip_prefix("INSERT INTO ") {
        let table = rest.split_once(' ')?.0;
        let values = rest.split_once(" VALUES (")?.1;
        let rowid = values.split(',').next()?.trim();
        return Some((table, rowid.parse().ok()?, Some(values)));
    }
    None
}

/// The changes recorded by the undo-log statements `first..=last`.
pub(super) fn changes_in(conn: &Connection, first: i64, last: i64) -> StoreResult<Changes> {
    let mut changes = Changes::default();
    let mut stmt =
        conn.prepare_cached("SELECT statement FROM undo_log WHERE seq BETWEEN ?1 AND ?2")?;
    let statements: Vec<String> = stmt
        .query_map([first, last], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for statement in &statements {
        let Some((table, rowid, values)) = row_of(statement) else {
            return Ok(Changes::everything());
        };
        match table {
            "events" => {
                changes.events.insert(EventId(rowid));
            }
            "event_tags" | "event_excerpts" => {
                // A row that is gone is described by its INSERT: (rowid,
                // event_id, …); one that exists is looked up.
                let event = match values {
                    Some(values) => values.split(',').nth(1).and_then(|v| v.trim().parse().ok()),
                    None => query_one(
                        conn,
                        &format!("SELECT event_id FROM {table} WHERE rowid = ?1"),
                        [rowid],
                        |r| r.get::<_, i64>(0),
                    )
                    .optional()?,
                };
                match event {
                    Some(id) => {
                        changes.events.insert(EventId(id));
                    }
                    None => return Ok(Changes::everything()),
                }
            }
            _ => changes.others = true,
        }
    }
    Ok(changes)
}

/// Brings `notebook` up to date with `changes`.
pub(super) fn refresh(
    conn: &Connection,
    notebook: &mut Notebook,
    changes: &Changes,
) -> StoreResult<()> {
    if changes.everything || changes.events.len() > PATCH_LIMIT_EVENTS {
        *notebook = load::notebook(conn)?;
        return Ok(());
    }
    if changes.others {
        let fresh = load::notebook_without_events(conn)?;
        notebook.tracks = fresh.tracks;
        notebook.tags = fresh.tags;
        notebook.sources = fresh.sources;
        notebook.excerpts = fresh.excerpts;
        notebook.notes = fresh.notes;
    }
    let mut fresh = Vec::with_capacity(changes.events.len());
    for id in &changes.events {
        if let Some(event) = events::load_one(conn, *id)? {
            fresh.push(event);
        }
    }
    notebook.replace_events(&changes.events, fresh);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::row_of;

    #[test]
    fn statements_name_their_rows() {
        assert_eq!(
            row_of("DELETE FROM events WHERE rowid=12"),
            Some(("events", 12, None))
        );
        assert_eq!(
            row_of("UPDATE events SET title='a WHERE rowid=3 b',rowid=rowid WHERE rowid=7"),
            Some(("events", 7, None))
        );
        assert_eq!(
            row_of("INSERT INTO event_tags (rowid,event_id,tag_id) VALUES (4,9,2)"),
            Some(("event_tags", 4, Some("4,9,2)")))
        );
        assert_eq!(row_of("VACUUM"), None);
    }
}
