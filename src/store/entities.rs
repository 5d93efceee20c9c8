//! Entities, their roles on events and sources, and links between events.

use rusqlite::{Connection, OptionalExtension as _, Row, Transaction, params};

use super::error::{StoreError, StoreResult};
use super::{events, exec, query_one, sources};
use crate::action::EntityFields;
use crate::model::date::Date;
use crate::model::entity::{
    Coordinates, Entities, Entity, EventLink, Involvement, MAX_KIND_CHARS, SourceInvolvement,
    normalised_kind, normalised_link_kind,
};
use crate::model::{EntityId, EventId, ExcerptId, SourceId, Uid};

/// Longest name or alias the schema accepts.
const MAX_NAME_CHARS: usize = 500;
/// Longest role the schema accepts.
const MAX_ROLE_CHARS: usize = 200;

const ENTITY_COLUMNS: &str = "id, uid, kind, name, description, notes, dates, latitude, longitude";

fn entity_from_row(row: &Row<'_>) -> rusqlite::Result<Entity> {
    let dates = row
        .get::<_, Option<String>>("dates")?
        .and_then(|d| Date::parse_edtf(&d).ok());
    let latitude: Option<f64> = row.get("latitude")?;
    let longitude: Option<f64> = row.get("longitude")?;
    Ok(Entity {
        id: row.get("id")?,
        uid: row.get("uid")?,
        kind: row.get("kind")?,
        name: row.get("name")?,
        aliases: Vec::new(),
        description: row.get("description")?,
        dates,
        notes: row.get("notes")?,
        coordinates: latitude
            .zip(longitude)
            .and_then(|(lat, lon)| Coordinates::new(lat, lon)),
    })
}

/// Every entity, role and link, for the read model.
pub(super) fn load(conn: &Connection) -> StoreResult<Entities> {
    let mut entities: Vec<Entity> = conn
        .prepare(&format!(
            "SELECT {ENTITY_COLUMNS} FROM entities ORDER BY name COLLATE NOCASE, id"
        ))?
        .query_map([], entity_from_row)?
        .collect::<Result<_, _>>()?;
    let mut aliases: std::collections::HashMap<EntityId, Vec<String>> =
        std::collections::HashMap::new();
    for row in conn
        .prepare("SELECT entity_id, alias FROM entity_aliases ORDER BY rowid")?
        .query_map([], |r| {
            Ok((
                r.get::<_, EntityId>("entity_id")?,
                r.get::<_, String>("alias")?,
            ))
        })?
    {
        let (entity, alias) = row?;
        aliases.entry(entity).or_default().push(alias);
    }
    for entity in &mut entities {
        entity.aliases = aliases.remove(&entity.id).unwrap_or_default();
    }
    let involvements = conn
        .prepare("SELECT event_id, entity_id, role, excerpt_id FROM event_entities ORDER BY rowid")?
        .query_map([], |r| {
            Ok(Involvement {
                event: r.get("event_id")?,
                entity: r.get("entity_id")?,
                role: r.get("role")?,
                excerpt: r.get("excerpt_id")?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let source_involvements = conn
        .prepare("SELECT source_id, entity_id, role FROM source_entities ORDER BY rowid")?
        .query_map([], |r| {
            Ok(SourceInvolvement {
                source: r.get("source_id")?,
                entity: r.get("entity_id")?,
                role: r.get("role")?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let links = conn
        .prepare(
            "SELECT from_event_id, to_event_id, kind, excerpt_id FROM event_links ORDER BY rowid",
        )?
        .query_map([], |r| {
            Ok(EventLink {
                from: r.get("from_event_id")?,
                to: r.get("to_event_id")?,
                kind: r.get("kind")?,
                excerpt: r.get("excerpt_id")?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Entities::new(
        entities,
        involvements,
        source_involvements,
        links,
    ))
}

/// A kind, name, alias or role checked against the schema's limits, with a
/// message that names the field.
fn bounded(text: &str, what: &str, max: usize) -> StoreResult<String> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "the {what} is longer than {max} characters"
        )));
    }
    Ok(text.to_owned())
}

/// The fields as stored: kind normalised, name required, aliases without
/// blanks, repeats or the name itself.
fn checked(fields: &EntityFields) -> StoreResult<(String, String, Vec<String>)> {
    let kind = normalised_kind(&fields.kind).ok_or_else(|| {
        StoreError::Invalid(format!(
            "the entity kind is empty or longer than {MAX_KIND_CHARS} characters"
        ))
    })?;
    let name = bounded(
        &events::required(&fields.name, "entity name")?,
        "entity name",
        MAX_NAME_CHARS,
    )?;
    let mut aliases: Vec<String> = Vec::new();
    for alias in &fields.aliases {
        let alias = bounded(alias, "alias", MAX_NAME_CHARS)?;
        if !alias.is_empty() && alias != name && !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    Ok((kind, name, aliases))
}

fn write_aliases(tx: &Transaction<'_>, id: EntityId, aliases: &[String]) -> StoreResult<()> {
    for alias in aliases {
        exec(
            tx,
            "INSERT INTO entity_aliases (entity_id, alias) VALUES (?1, ?2)",
            params![id, alias],
        )?;
    }
    Ok(())
}

/// Adds an entity.
pub(super) fn insert_tx(tx: &Transaction<'_>, fields: &EntityFields) -> StoreResult<EntityId> {
    let (kind, name, aliases) = checked(fields)?;
    exec(
        tx,
        "INSERT INTO entities (uid, kind, name, description, notes, dates, latitude, longitude)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            Uid::new(),
            kind,
            name,
            fields.description,
            fields.notes,
            fields.dates.as_ref().map(Date::edtf),
            fields.coordinates.map(Coordinates::latitude),
            fields.coordinates.map(Coordinates::longitude),
        ],
    )?;
    let id = EntityId(tx.last_insert_rowid());
    write_aliases(tx, id, &aliases)?;
    Ok(id)
}

/// The entity's name, or a clear error if there is none with that id.
pub(super) fn name_tx(conn: &Connection, id: EntityId) -> StoreResult<String> {
    query_one(conn, "SELECT name FROM entities WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| StoreError::Invalid(format!("there is no entity with id {id}")))
}

/// Replaces an entity's fields; aliases that stay are left as they are, so
/// the undo log holds only what changed.
pub(super) fn update_tx(
    tx: &Transaction<'_>,
    id: EntityId,
    fields: &EntityFields,
) -> StoreResult<()> {
    name_tx(tx, id)?;
    let (kind, name, aliases) = checked(fields)?;
    exec(
        tx,
        "UPDATE entities SET kind = ?2, name = ?3, description = ?4, notes = ?5, dates = ?6,
             latitude = ?7, longitude = ?8 WHERE id = ?1",
        params![
            id,
            kind,
            name,
            fields.description,
            fields.notes,
            fields.dates.as_ref().map(Date::edtf),
            fields.coordinates.map(Coordinates::latitude),
            fields.coordinates.map(Coordinates::longitude),
        ],
    )?;
    let old: Vec<String> = tx
        .prepare_cached("SELECT alias FROM entity_aliases WHERE entity_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for gone in old.iter().filter(|a| !aliases.contains(a)) {
        exec(
            tx,
            "DELETE FROM entity_aliases WHERE entity_id = ?1 AND alias = ?2",
            params![id, gone],
        )?;
    }
    let new: Vec<String> = aliases.into_iter().filter(|a| !old.contains(a)).collect();
    write_aliases(tx, id, &new)?;
    Ok(())
}

/// Deletes an entity; its aliases and roles go with it (cascade).
pub(super) fn delete_tx(tx: &Transaction<'_>, id: EntityId) -> StoreResult<String> {
    let name = name_tx(tx, id)?;
    exec(tx, "DELETE FROM entities WHERE id = ?1", [id])?;
    Ok(name)
}

fn role(text: &str) -> StoreResult<String> {
    bounded(text, "role", MAX_ROLE_CHARS)
}

/// Checks that a cited excerpt exists.
fn check_excerpt(conn: &Connection, excerpt: Option<ExcerptId>) -> StoreResult<()> {
    if let Some(x) = excerpt {
        sources::quote_tx(conn, x)?;
    }
    Ok(())
}

/// Records an entity's role on an event; refuses a role it already has
/// (so the action is always a step of its own). Returns the event's title
/// and the entity's name.
pub(super) fn involve_tx(
    tx: &Transaction<'_>,
    event: EventId,
    entity: EntityId,
    role_text: &str,
    excerpt: Option<ExcerptId>,
) -> StoreResult<(String, String)> {
    let title = events::title_tx(tx, event)?;
    let name = name_tx(tx, entity)?;
    let role = role(role_text)?;
    check_excerpt(tx, excerpt)?;
    let added = exec(
        tx,
        "INSERT OR IGNORE INTO event_entities (event_id, entity_id, role, excerpt_id)
         VALUES (?1, ?2, ?3, ?4)",
        params![event, entity, role, excerpt],
    )?;
    if added == 0 {
        return Err(StoreError::Invalid(format!(
            "“{name}” is already on event {event}{}",
            if role.is_empty() {
                String::new()
            } else {
                format!(" as {role}")
            }
        )));
    }
    Ok((title, name))
}

/// Records an entity's role on an event unless it has it already (an
/// import adds what is missing); returns whether it was added.
pub(super) fn involve_once_tx(
    tx: &Transaction<'_>,
    event: EventId,
    entity: EntityId,
    role_text: &str,
) -> StoreResult<bool> {
    let role = role(role_text)?;
    let added = exec(
        tx,
        "INSERT OR IGNORE INTO event_entities (event_id, entity_id, role, excerpt_id)
         VALUES (?1, ?2, ?3, NULL)",
        params![event, entity, role],
    )?;
    Ok(added > 0)
}

/// Removes an entity's role (or every role) on an event; refuses when there
/// is none.
pub(super) fn uninvolve_tx(
    tx: &Transaction<'_>,
    event: EventId,
    entity: EntityId,
    role_text: Option<&str>,
) -> StoreResult<(String, String)> {
    let title = events::title_tx(tx, event)?;
    let name = name_tx(tx, entity)?;
    let removed = match role_text {
        Some(r) => exec(
            tx,
            "DELETE FROM event_entities WHERE event_id = ?1 AND entity_id = ?2 AND role = ?3",
            params![event, entity, role(r)?],
        )?,
        None => exec(
            tx,
            "DELETE FROM event_entities WHERE event_id = ?1 AND entity_id = ?2",
            params![event, entity],
        )?,
    };
    if removed == 0 {
        return Err(StoreError::Invalid(format!(
            "“{name}” is not on event {event}{}",
            role_text
                .map(|r| format!(" as {}", r.trim()))
                .unwrap_or_default()
        )));
    }
    Ok((title, name))
}

/// Records that a source is by or about an entity.
pub(super) fn involve_source_tx(
    tx: &Transaction<'_>,
    source: SourceId,
    entity: EntityId,
    role_text: &str,
) -> StoreResult<(String, String)> {
    let title = sources::title_tx(tx, source)?;
    let name = name_tx(tx, entity)?;
    let role = role(role_text)?;
    let added = exec(
        tx,
        "INSERT OR IGNORE INTO source_entities (source_id, entity_id, role) VALUES (?1, ?2, ?3)",
        params![source, entity, role],
    )?;
    if added == 0 {
        return Err(StoreError::Invalid(format!(
            "“{name}” is already on source {source}"
        )));
    }
    Ok((title, name))
}

/// Removes that record (one role, or every role).
pub(super) fn uninvolve_source_tx(
    tx: &Transaction<'_>,
    source: SourceId,
    entity: EntityId,
    role_text: Option<&str>,
) -> StoreResult<(String, String)> {
    let title = sources::title_tx(tx, source)?;
    let name = name_tx(tx, entity)?;
    let removed = match role_text {
        Some(r) => exec(
            tx,
            "DELETE FROM source_entities WHERE source_id = ?1 AND entity_id = ?2 AND role = ?3",
            params![source, entity, role(r)?],
        )?,
        None => exec(
            tx,
            "DELETE FROM source_entities WHERE source_id = ?1 AND entity_id = ?2",
            params![source, entity],
        )?,
    };
    if removed == 0 {
        return Err(StoreError::Invalid(format!(
            "“{name}” is not on source {source}"
        )));
    }
    Ok((title, name))
}

fn link_kind(kind: &str) -> StoreResult<String> {
    normalised_link_kind(kind).ok_or_else(|| {
        StoreError::Invalid(format!(
            "the link kind is empty or longer than {MAX_KIND_CHARS} characters"
        ))
    })
}

/// Links two events; refuses a link to itself and one that exists.
/// Returns both titles.
pub(super) fn relate_tx(
    tx: &Transaction<'_>,
    from: EventId,
    to: EventId,
    kind: &str,
    excerpt: Option<ExcerptId>,
) -> StoreResult<(String, String)> {
    let from_title = events::title_tx(tx, from)?;
    let to_title = events::title_tx(tx, to)?;
    if from == to {
        return Err(StoreError::Invalid(
            "an event cannot be linked to itself".into(),
        ));
    }
    let kind = link_kind(kind)?;
    check_excerpt(tx, excerpt)?;
    let added = exec(
        tx,
        "INSERT OR IGNORE INTO event_links (from_event_id, to_event_id, kind, excerpt_id)
         VALUES (?1, ?2, ?3, ?4)",
        params![from, to, kind, excerpt],
    )?;
    if added == 0 {
        return Err(StoreError::Invalid(format!(
            "event {from} already {kind} event {to}"
        )));
    }
    Ok((from_title, to_title))
}

/// Removes a link (of one kind, or every link from `from` to `to`).
pub(super) fn unrelate_tx(
    tx: &Transaction<'_>,
    from: EventId,
    to: EventId,
    kind: Option<&str>,
) -> StoreResult<(String, String)> {
    let from_title = events::title_tx(tx, from)?;
    let to_title = events::title_tx(tx, to)?;
    let removed = match kind {
        Some(k) => exec(
            tx,
            "DELETE FROM event_links WHERE from_event_id = ?1 AND to_event_id = ?2 AND kind = ?3",
            params![from, to, link_kind(k)?],
        )?,
        None => exec(
            tx,
            "DELETE FROM event_links WHERE from_event_id = ?1 AND to_event_id = ?2",
            params![from, to],
        )?,
    };
    if removed == 0 {
        return Err(StoreError::Invalid(format!(
            "there is no link from event {from} to event {to}{}",
            kind.map(|k| format!(" of kind “{}”", k.trim()))
                .unwrap_or_default()
        )));
    }
    Ok((from_title, to_title))
}

/// Inserts an entity with a given uid (a merge keeps the file's uids).
pub(super) fn insert_with_uid_tx(
    tx: &Transaction<'_>,
    uid: &Uid,
    fields: &EntityFields,
) -> StoreResult<EntityId> {
    let id = insert_tx(tx, fields)?;
    exec(
        tx,
        "UPDATE entities SET uid = ?2 WHERE id = ?1",
        params![id, uid],
    )?;
    Ok(id)
}

/// What `annals check` should report about entities: dates that do not
/// read as EDTF.
pub(super) fn check(conn: &Connection) -> StoreResult<Vec<String>> {
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT id, dates FROM entities WHERE dates IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows
        .into_iter()
        .filter(|(_, d)| Date::parse_edtf(d).is_err())
        .map(|(id, d)| {
            format!(
                "entity {id}: its dates “{}” are not EDTF",
                d.chars().flat_map(char::escape_debug).collect::<String>()
            )
        })
        .collect())
}
