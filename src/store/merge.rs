//! Merging a notebook file (lossless JSON) into a notebook: new rows keep
//! their uids, updates replace rows the planner matched by uid, links are
//! added where missing. One action, so one undo step; new events take the
//! bulk path (see [`super::bulk`]).

use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::error::{StoreError, StoreResult};
use super::guard::Trust;
use super::{bulk, entities, events, exec, notes, query_one, sources};
use crate::action::{ImportedOwner, NotebookImport};
use crate::model::text::slice_chars;
use crate::model::{EventId, ExcerptId, NoteOwner, SourceId, Uid};

/// The row id of the row with this uid in `table`, or a clear error.
fn id_of(
    conn: &Connection,
    table: &'static str,
    kind: &'static str,
    uid: &Uid,
) -> StoreResult<i64> {
    query_one(
        conn,
        &format!("SELECT id FROM {table} WHERE uid = ?1"),
        [uid],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| {
        StoreError::Invalid(format!(
            "the file refers to a {kind} {uid} it does not hold"
        ))
    })
}

/// Gives the row just inserted the file's uid (one extra logged change per
/// row, undone with it).
fn set_uid(tx: &Transaction<'_>, table: &'static str, id: i64, uid: &Uid) -> StoreResult<()> {
    exec(
        tx,
        &format!("UPDATE {table} SET uid = ?2 WHERE id = ?1"),
        params![id, uid],
    )?;
    Ok(())
}

/// Applies a merge; returns how many rows it added and updated.
pub(super) fn import_notebook_tx(
    tx: &Transaction<'_>,
    import: &NotebookImport,
    trust: &Trust,
) -> StoreResult<(usize, usize)> {
    let offset: i64 = query_one(
        tx,
        "SELECT coalesce(max(position) + 1, 0) FROM tracks",
        [],
        |r| r.get(0),
    )?;
    for track in &import.tracks {
        let name = events::required(&track.name, "track name")?;
        exec(
            tx,
            "INSERT INTO tracks (uid, name, colour, position) VALUES (?1, ?2, ?3, ?4)",
            params![track.uid, name, track.colour.hex(), offset + track.position],
        )?;
    }
    for (id, name, colour) in &import.track_updates {
        let name = events::required(name, "track name")?;
        exec(
            tx,
            "UPDATE tracks SET name = ?2, colour = ?3 WHERE id = ?1",
            params![id, name, colour.hex()],
        )?;
    }
    for (uid, name) in &import.tags {
        let name = events::required(name, "tag")?;
        exec(
            tx,
            "INSERT INTO tags (uid, name) VALUES (?1, ?2)",
            params![uid, name],
        )?;
    }
    for (id, name) in &import.tag_updates {
        let name = events::required(name, "tag")?;
        exec(
            tx,
            "UPDATE tags SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
    }
    // Events before sources and excerpts: into an empty notebook, a large
    // import then finds the search index empty and builds it on the side
    // (`search_build`); the sources' triggers index them after.
    let (added_events, updated_events) = bulk::import_events_tx(tx, &import.events, trust)?;
    for (uid, fields) in &import.sources {
        let id = sources::insert_tx(tx, fields)?;
        set_uid(tx, "sources", id.0, uid)?;
    }
    for (id, fields) in &import.source_updates {
        sources::update_tx(tx, *id, fields)?;
    }
    for excerpt in &import.excerpts {
        let source = SourceId(id_of(tx, "sources", "source", &excerpt.source)?);
        let text = sources::body(tx, source)?;
        let at = slice_chars(&text, excerpt.start, excerpt.end);
        let fits = excerpt.start < excerpt.end
            && !excerpt.quote.is_empty()
            && (excerpt.lost || at == Some(excerpt.quote.as_str()));
        if !fits {
            return Err(StoreError::Invalid(format!(
                "excerpt {}: characters {}–{} of its source are not its quote",
                excerpt.uid, excerpt.start, excerpt.end
            )));
        }
        let (quote_sha, source_sha) = excerpt
            .digests
            .clone()
            .unwrap_or_else(|| super::evidence::digests(&excerpt.quote, &text));
        exec(
            tx,
            "INSERT INTO excerpts (uid, source_id, start_char, end_char, quote, prefix, suffix, lost,
                                   quote_sha256, source_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                excerpt.uid,
                source,
                excerpt.start as i64,
                excerpt.end as i64,
                excerpt.quote,
                excerpt.prefix,
                excerpt.suffix,
                excerpt.lost,
                quote_sha,
                source_sha
            ],
        )?;
    }
    for (event, excerpt) in &import.links {
        let event = EventId(id_of(tx, "events", "event", event)?);
        let excerpt = ExcerptId(id_of(tx, "excerpts", "excerpt", excerpt)?);
        exec(
            tx,
            "INSERT OR IGNORE INTO event_excerpts (event_id, excerpt_id) VALUES (?1, ?2)",
            params![event, excerpt],
        )?;
    }
    for (event, excerpt, asserts, stance) in &import.link_evidence {
        let event = EventId(id_of(tx, "events", "event", event)?);
        let excerpt = ExcerptId(id_of(tx, "excerpts", "excerpt", excerpt)?);
        super::evidence::write_link_tx(tx, event, excerpt, asserts.as_ref(), *stance)?;
    }
    for (event, status) in &import.statuses {
        let event = EventId(id_of(tx, "events", "event", event)?);
        exec(
            tx,
            "UPDATE events SET status = ?2 WHERE id = ?1 AND status <> ?2",
            params![event, status.name()],
        )?;
    }
    for note in &import.notes {
        let owner = match &note.owner {
            ImportedOwner::Notebook => NoteOwner::Notebook,
            ImportedOwner::Event(uid) => {
                NoteOwner::Event(EventId(id_of(tx, "events", "event", uid)?))
            }
            ImportedOwner::Source(uid) => {
                NoteOwner::Source(SourceId(id_of(tx, "sources", "source", uid)?))
            }
        };
        let id = notes::insert_tx(tx, owner, &note.body)?;
        set_uid(tx, "notes", id.0, &note.uid)?;
    }
    for (id, body) in &import.note_updates {
        notes::update_tx(tx, *id, body)?;
    }
    merge_entities_tx(tx, import)?;
    let added = import.tracks.len()
        + import.tags.len()
        + import.sources.len()
        + import.excerpts.len()
        + added_events
        + import.notes.len()
        + import.entities.len()
        + import.involvements.len()
        + import.source_involvements.len()
        + import.event_links.len();
    let updated = import.track_updates.len()
        + import.tag_updates.len()
        + import.source_updates.len()
        + updated_events
        + import.note_updates.len()
        + import.entity_updates.len();
    Ok((added, updated))
}

/// The entities, roles and links of a merge (roles and links are added
/// where missing).
fn merge_entities_tx(tx: &Transaction<'_>, import: &NotebookImport) -> StoreResult<()> {
    use crate::model::EntityId;
    for (uid, fields) in &import.entities {
        entities::insert_with_uid_tx(tx, uid, fields)?;
    }
    for (id, fields) in &import.entity_updates {
        entities::update_tx(tx, *id, fields)?;
    }
    let excerpt_of = |uid: Option<&Uid>| -> StoreResult<Option<ExcerptId>> {
        uid.map(|u| id_of(tx, "excerpts", "excerpt", u).map(ExcerptId))
            .transpose()
    };
    for role in &import.involvements {
        let event = EventId(id_of(tx, "events", "event", &role.event)?);
        let entity = EntityId(id_of(tx, "entities", "entity", &role.entity)?);
        let excerpt = excerpt_of(role.excerpt.as_ref())?;
        let exists: bool = query_one(
            tx,
            "SELECT EXISTS (SELECT 1 FROM event_entities
             WHERE event_id = ?1 AND entity_id = ?2 AND role = ?3)",
            params![event, entity, role.role.trim()],
            |r| r.get(0),
        )?;
        if !exists {
            entities::involve_tx(tx, event, entity, &role.role, excerpt)?;
        }
    }
    for (source, entity, role) in &import.source_involvements {
        let source = SourceId(id_of(tx, "sources", "source", source)?);
        let entity = EntityId(id_of(tx, "entities", "entity", entity)?);
        let exists: bool = query_one(
            tx,
            "SELECT EXISTS (SELECT 1 FROM source_entities
             WHERE source_id = ?1 AND entity_id = ?2 AND role = ?3)",
            params![source, entity, role.trim()],
            |r| r.get(0),
        )?;
        if !exists {
            entities::involve_source_tx(tx, source, entity, role)?;
        }
    }
    for link in &import.event_links {
        let from = EventId(id_of(tx, "events", "event", &link.from)?);
        let to = EventId(id_of(tx, "events", "event", &link.to)?);
        let excerpt = excerpt_of(link.excerpt.as_ref())?;
        let kind = crate::model::entity::normalised_link_kind(&link.kind).unwrap_or_default();
        let exists: bool = query_one(
            tx,
            "SELECT EXISTS (SELECT 1 FROM event_links
             WHERE from_event_id = ?1 AND to_event_id = ?2 AND kind = ?3)",
            params![from, to, kind],
            |r| r.get(0),
        )?;
        if !exists {
            entities::relate_tx(tx, from, to, &link.kind, excerpt)?;
        }
    }
    Ok(())
}
