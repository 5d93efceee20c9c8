//! What an action changed, read back from its undo history, so the
//! read model can be patched instead of reloaded: saving one edit in a
//! 100 000-event notebook reloads one event, not all of them.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension as _};

use super::error::StoreResult;
use super::{events, load, query_one, undo};
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

/// The changes recorded as `first..=last` in the undo history, read from
/// their tables and row ids.
pub(super) fn changes_in(conn: &Connection, first: i64, last: i64) -> StoreResult<Changes> {
    let mut changes = Changes::default();
    // A bulk import's span stands for the rows first..=last of its table:
    // a small one is patched like any change, a large one reloads.
    let spans: Vec<(String, i64, i64)> = conn
        .prepare_cached(
            "SELECT c.table_name, c.row_id, s.last_row FROM undo_spans s
             JOIN undo_changes c ON c.seq = s.seq WHERE s.seq BETWEEN ?1 AND ?2",
        )?
        .query_map([first, last], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (table, from, to) in spans {
        if usize::try_from(to - from).map_or(true, |n| n >= PATCH_LIMIT_EVENTS) {
            return Ok(Changes::everything());
        }
        match undo::research_table(&table) {
            Some("events") => changes.events.extend((from..=to).map(EventId)),
            Some("event_tags") => {
                let ids: Vec<i64> = conn
                    .prepare_cached(
                        "SELECT DISTINCT event_id FROM event_tags WHERE rowid BETWEEN ?1 AND ?2",
                    )?
                    .query_map([from, to], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                changes.events.extend(ids.into_iter().map(EventId));
            }
            _ => return Ok(Changes::everything()),
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.op, c.table_name, c.row_id,
                (SELECT v.value FROM undo_values v
                 WHERE v.seq = c.seq AND v.column_name = 'event_id') AS event_id
         FROM undo_changes c WHERE c.seq BETWEEN ?1 AND ?2",
    )?;
    let rows: Vec<(String, String, i64, Option<i64>)> = stmt
        .query_map([first, last], |r| {
            Ok((
                r.get("op")?,
                r.get("table_name")?,
                r.get("row_id")?,
                r.get::<_, Option<i64>>("event_id").ok().flatten(),
            ))
        })?
        .collect::<Result<_, _>>()?;
    for (op, table, rowid, logged_event) in rows {
        match undo::research_table(&table) {
            Some("events") => {
                changes.events.insert(EventId(rowid));
            }
            Some(table @ ("event_tags" | "event_excerpts")) => {
                // A row that is gone is described by its logged values; one
                // that exists is looked up.
                let event = if op == undo::Op::Insert.name() {
                    logged_event
                } else {
                    query_one(
                        conn,
                        &format!("SELECT event_id FROM {table} WHERE rowid = ?1"),
                        [rowid],
                        |r| r.get::<_, i64>(0),
                    )
                    .optional()?
                };
                match event {
                    Some(id) => {
                        changes.events.insert(EventId(id));
                    }
                    None => return Ok(Changes::everything()),
                }
            }
            Some(_) => changes.others = true,
            None => return Ok(Changes::everything()),
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
        notebook.views = fresh.views;
        notebook.reindex_excerpts();
        notebook.entities = fresh.entities;
    }
    let mut fresh = Vec::with_capacity(changes.events.len());
    for id in &changes.events {
        if let Some(event) = events::load_one(conn, *id)? {
            fresh.push(event);
        }
    }
    notebook.replace_events(&changes.events, fresh);
    super::evidence::refresh(conn, notebook, &changes.events, changes.others)?;
    Ok(())
}
