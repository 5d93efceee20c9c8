//! Evidence that reasons (issue 19): what each link asserts, each event's
//! status, the digests each excerpt keeps, and what is read from them.
//!
//! Kept apart from the rest of the store so the columns of migration
//! `09-evidence` are read and written in one place.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::error::{StoreError, StoreResult};
use super::undo::text_sha256;
use super::{events, exec, query_one, sources};
use crate::extract::{self, Locale, Options};
use crate::model::date::Date;
use crate::model::evidence::{
    EventEvidence, Evidence, ExcerptHashes, Link, Stance, Status, days_of, overlap,
};
use crate::model::text::{Cut, shortened};
use crate::model::{EventId, ExcerptId, Notebook, SourceId};

/// Characters of the source read before an excerpt when its date is
/// suggested: enough for the sentence or two that set the year or the
/// month a bare "in September" counts from, without reading a long text
/// whole for each link.
const PREFILL_CONTEXT_CHARS: usize = 2000;

fn conversion(e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.to_string().into())
}

fn link_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(EventId, Link)> {
    let asserts: Option<String> = row.get("asserts")?;
    let stance: String = row.get("stance")?;
    Ok((
        row.get("event_id")?,
        Link {
            excerpt: row.get("excerpt_id")?,
            asserts: asserts
                .map(|t| Date::parse_edtf(&t).map_err(conversion))
                .transpose()?,
            stance: Stance::from_name(&stance)
                .ok_or_else(|| conversion(format!("unknown stance “{stance}”")))?,
        },
    ))
}

fn status_from_text(text: &str) -> rusqlite::Result<Status> {
    Status::from_name(text).ok_or_else(|| conversion(format!("unknown status “{text}”")))
}

/// The evidence of every event, and every excerpt's digests and drift.
pub(super) fn load(conn: &Connection) -> StoreResult<Evidence> {
    let mut statuses = Vec::new();
    let mut stmt = conn.prepare("SELECT id, status FROM events WHERE status <> 'reported'")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(status) = status_of_row(row, 0, 1)? {
            statuses.push(status);
        }
    }
    load_with_statuses(conn, statuses)
}

/// The status of the event in columns `id` and `status` of `row`, unless
/// it is the default (reported).
pub(super) fn status_of_row(
    row: &rusqlite::Row<'_>,
    id: usize,
    status: usize,
) -> rusqlite::Result<Option<(EventId, Status)>> {
    let text = row.get_ref(status)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(status, rusqlite::types::Type::Text, Box::new(e))
    })?;
    if text == "reported" {
        return Ok(None);
    }
    Ok(Some((row.get(id)?, status_from_text(text)?)))
}

/// As [`load`], with the events' statuses (other than reported) already
/// read: the read model's load reads them in its one scan of the events.
pub(super) fn load_with_statuses(
    conn: &Connection,
    statuses: Vec<(EventId, Status)>,
) -> StoreResult<Evidence> {
    let mut evidence = Evidence::default();
    for (id, status) in statuses {
        evidence.events.entry(id).or_default().status = status;
    }
    let mut stmt = conn.prepare(
        "SELECT event_id, excerpt_id, asserts, stance FROM event_excerpts ORDER BY rowid",
    )?;
    for row in stmt.query_map([], link_from_row)? {
        let (event, link) = row?;
        evidence.events.entry(event).or_default().links.push(link);
    }
    load_hashes(conn, &mut evidence)?;
    Ok(evidence)
}

/// Every excerpt's digests, and which have drifted.
fn load_hashes(conn: &Connection, evidence: &mut Evidence) -> StoreResult<()> {
    evidence.hashes.clear();
    evidence.drifted.clear();
    let mut stmt = conn.prepare(
        "SELECT e.id, e.quote, e.quote_sha256, e.source_sha256, s.body_sha256
         FROM excerpts e JOIN sources s ON s.id = e.source_id WHERE e.lost = 0",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, ExcerptId>("id")?,
            r.get::<_, String>("quote")?,
            r.get::<_, String>("quote_sha256")?,
            r.get::<_, String>("source_sha256")?,
            r.get::<_, String>("body_sha256")?,
        ))
    })? {
        let (id, quote, quote_sha, source_sha, body_sha) = row?;
        let quote_drift = !quote_sha.is_empty() && text_sha256(&quote) != quote_sha;
        if (!source_sha.is_empty() && source_sha != body_sha) || quote_drift {
            evidence.drifted.insert(id);
        }
        evidence.hashes.insert(
            id,
            ExcerptHashes {
                quote: quote_sha,
                source: source_sha,
            },
        );
    }
    Ok(())
}

/// The evidence of one event.
fn load_event(conn: &Connection, id: EventId) -> StoreResult<Option<EventEvidence>> {
    let Some(status) = query_one(conn, "SELECT status FROM events WHERE id = ?1", [id], |r| {
        status_from_text(&r.get::<_, String>(0)?)
    })
    .optional()?
    else {
        return Ok(None);
    };
    let links = conn
        .prepare_cached(
            "SELECT event_id, excerpt_id, asserts, stance FROM event_excerpts
             WHERE event_id = ?1 ORDER BY rowid",
        )?
        .query_map([id], link_from_row)?
        .map(|r| r.map(|(_, link)| link))
        .collect::<Result<_, _>>()?;
    Ok(Some(EventEvidence { status, links }))
}

/// Brings the read model's evidence up to date with what changed: the
/// events' own evidence, and every digest when excerpts or sources may
/// have changed.
pub(super) fn refresh(
    conn: &Connection,
    notebook: &mut Notebook,
    events: &BTreeSet<EventId>,
    others: bool,
) -> StoreResult<()> {
    for id in events {
        match load_event(conn, *id)? {
            Some(e) if e != EventEvidence::default() => {
                notebook.evidence.events.insert(*id, e);
            }
            _ => {
                notebook.evidence.events.remove(id);
            }
        }
    }
    if others {
        // A deleted excerpt's links went with it, by cascade, and the
        // events they belonged to are among `events`.
        load_hashes(conn, &mut notebook.evidence)?;
    }
    Ok(())
}

/// Writes a link's asserted date and stance.
pub(super) fn write_link_tx(
    tx: &Transaction<'_>,
    event: EventId,
    excerpt: ExcerptId,
    asserts: Option<&Date>,
    stance: Stance,
) -> StoreResult<()> {
    let (edtf, from, to) = match asserts {
        Some(date) => {
            let (from, to) = days_of(date);
            (Some(date.edtf()), Some(from), Some(to))
        }
        None => (None, None, None),
    };
    exec(
        tx,
        "UPDATE event_excerpts SET asserts = ?3, asserts_earliest_day = ?4,
                asserts_latest_day = ?5, stance = ?6
         WHERE event_id = ?1 AND excerpt_id = ?2",
        params![event, excerpt, edtf, from, to, stance.name()],
    )?;
    Ok(())
}

/// Sets what an excerpt asserts about an event it is linked to; refuses
/// a link that does not exist and a change that changes nothing (an
/// action always records one undo step of its own).
pub(super) fn set_link_tx(
    tx: &Transaction<'_>,
    event: EventId,
    excerpt: ExcerptId,
    asserts: Option<&Date>,
    stance: Stance,
) -> StoreResult<String> {
    let title = events::title_tx(tx, event)?;
    let current: Option<(Option<String>, String)> = query_one(
        tx,
        "SELECT asserts, stance FROM event_excerpts WHERE event_id = ?1 AND excerpt_id = ?2",
        params![event, excerpt],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?;
    let Some((old_asserts, old_stance)) = current else {
        return Err(StoreError::Invalid(format!(
            "excerpt {excerpt} is not linked to event {event}"
        )));
    };
    if old_asserts.as_deref() == asserts.map(Date::edtf) && old_stance == stance.name() {
        return Err(StoreError::Invalid(format!(
            "excerpt {excerpt} already {} event {event}{}",
            stance.name(),
            asserts.map_or_else(String::new, |d| format!(" as {}", d.display()))
        )));
    }
    write_link_tx(tx, event, excerpt, asserts, stance)?;
    Ok(title)
}

/// Sets an event's status; refuses a status it already has.
pub(super) fn set_status_tx(
    tx: &Transaction<'_>,
    event: EventId,
    status: Status,
) -> StoreResult<String> {
    let title = events::title_tx(tx, event)?;
    let changed = exec(
        tx,
        "UPDATE events SET status = ?2 WHERE id = ?1 AND status <> ?2",
        params![event, status.name()],
    )?;
    if changed == 0 {
        return Err(StoreError::Invalid(format!(
            "event {event} is already {}",
            status.name()
        )));
    }
    Ok(title)
}

/// The date an excerpt asserts, as the suggester reads it: the date
/// expressions inside the excerpt, read against its source's publication
/// day with the text just before it for context; the one that overlaps
/// `near` (the event's date) if any, else the surest. `None` when the
/// source has no publication day or the excerpt names no date.
pub(super) fn suggested_date(
    conn: &Connection,
    excerpt: ExcerptId,
    near: Option<&Date>,
) -> StoreResult<Option<Date>> {
    let (source, start, end): (SourceId, i64, i64) = query_one(
        conn,
        "SELECT source_id, start_char, end_char FROM excerpts WHERE id = ?1",
        [excerpt],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or(StoreError::Missing {
        kind: "excerpt",
        id: excerpt.0,
    })?;
    let published: Option<String> = query_one(
        conn,
        "SELECT published FROM sources WHERE id = ?1",
        [source],
        |r| r.get(0),
    )?;
    let Some(options) = published
        .and_then(|p| Date::parse_edtf(&p).ok())
        .and_then(|p| Options::new(p, Locale::default()).ok())
    else {
        return Ok(None);
    };
    let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
        return Ok(None);
    };
    let body = sources::body(conn, source)?;
    let from = start.saturating_sub(PREFILL_CONTEXT_CHARS);
    let window: String = body.chars().skip(from).take(end - from).collect();
    let inside: Vec<extract::Suggestion> = extract::extract(&window, &options)
        .into_iter()
        .filter(|s| s.start >= start - from && s.end <= end - from)
        .collect();
    let near_days = near.map(days_of);
    let chosen = inside
        .iter()
        .find(|s| near_days.is_some_and(|n| overlap(n, days_of(&s.date))))
        .or_else(|| {
            inside
                .iter()
                .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
        });
    Ok(chosen.map(|s| s.date.clone()))
}

/// An event's date, or [`StoreError::Missing`].
pub(super) fn event_date(conn: &Connection, event: EventId) -> StoreResult<Date> {
    let edtf: String = query_one(
        conn,
        "SELECT date FROM events WHERE id = ?1",
        [event],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::Missing {
        kind: "event",
        id: event.0,
    })?;
    Date::parse_edtf(&edtf)
        .map_err(|e| StoreError::Invalid(format!("event {event}: stored date “{edtf}”: {e}")))
}

/// Gives a new link the date its excerpt suggests (see [`suggested_date`]).
pub(super) fn prefill_tx(
    tx: &Transaction<'_>,
    event: EventId,
    excerpt: ExcerptId,
) -> StoreResult<()> {
    let near = event_date(tx, event)?;
    if let Some(asserts) = suggested_date(tx, excerpt, Some(&near))? {
        write_link_tx(tx, event, excerpt, Some(&asserts), Stance::Supports)?;
    }
    Ok(())
}

/// The digests a new excerpt keeps: of its quote and of its source's text.
pub(super) fn digests(quote: &str, source_text: &str) -> (String, String) {
    (text_sha256(quote), text_sha256(source_text))
}

/// Records that an excerpt's quote stands word for word in its source's
/// new text (re-anchoring found it after an edit in Annals): the text it
/// is verified against is now that one. Written only when it changed, so
/// the undo log holds real changes only.
pub(super) fn reverify_tx(
    tx: &Transaction<'_>,
    excerpt: ExcerptId,
    text_sha: &str,
) -> StoreResult<()> {
    exec(
        tx,
        "UPDATE excerpts SET source_sha256 = ?2 WHERE id = ?1 AND source_sha256 <> ?2",
        params![excerpt, text_sha],
    )?;
    Ok(())
}

/// Fills the quote digests of excerpts recorded before digests were kept;
/// the hook after migration `09-evidence`. Their source digest stays empty
/// ("not recorded"): the text they were cut from is not known (an undo of
/// an older edit may bring it back), so drift is not reported for them
/// until an edit in Annals verifies them against a text.
pub(super) fn migrate_fill_digests(
    tx: &rusqlite::Transaction<'_>,
) -> rusqlite_migration::HookResult {
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT id, quote FROM excerpts")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, quote) in rows {
        tx.execute(
            "UPDATE excerpts SET quote_sha256 = ?2 WHERE id = ?1",
            params![id, text_sha256(&quote)],
        )?;
    }
    Ok(())
}

/// Longest piece of a quote or title shown in a check line.
const CHECK_TEXT_CHARS: usize = 60;

/// Excerpts whose source text is not the one they were cut from (or last
/// verified against), or whose quote no longer matches its digest, one
/// line each, for `annals check`. Lost excerpts are reported as lost.
pub(super) fn check_drift(conn: &Connection) -> StoreResult<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT e.id, e.source_id, e.quote, e.quote_sha256, e.source_sha256, s.body
         FROM excerpts e JOIN sources s ON s.id = e.source_id WHERE e.lost = 0 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, ExcerptId>("id")?,
            r.get::<_, SourceId>("source_id")?,
            r.get::<_, String>("quote")?,
            r.get::<_, String>("quote_sha256")?,
            r.get::<_, String>("source_sha256")?,
            r.get::<_, String>("body")?,
        ))
    })?;
    for row in rows {
        let (id, source, quote, quote_sha, source_sha, body) = row?;
        let shown = shortened(&quote, CHECK_TEXT_CHARS, Cut::AnyChar);
        if !quote_sha.is_empty() && text_sha256(&quote) != quote_sha {
            problems.push(format!(
                "drift: excerpt {id}: its quote “{shown}” does not match the SHA-256 recorded when it was cut"
            ));
        }
        if !source_sha.is_empty() && text_sha256(&body) != source_sha {
            problems.push(format!(
                "drift: excerpt {id}: the text of source {source} changed after the quote “{shown}” was cut from it"
            ));
        }
    }
    Ok(problems)
}

/// Disputed events, one line each, for `annals check` (findings, not
/// problems: a dispute is the sources' disagreement, not damage).
pub(super) fn disputes(conn: &Connection) -> StoreResult<Vec<String>> {
    let evidence = load(conn)?;
    let mut ids: Vec<EventId> = evidence
        .events
        .iter()
        .filter(|(_, e)| e.is_disputed())
        .map(|(id, _)| *id)
        .collect();
    ids.sort();
    let mut lines = Vec::new();
    for id in ids {
        let e = evidence.of(id);
        let title = shortened(&events::title_tx(conn, id)?, CHECK_TEXT_CHARS, Cut::AnyChar);
        let accounts: Vec<String> = e.asserted().map(Date::display).collect::<Vec<_>>();
        let why = if e.dates_conflict() {
            format!(
                "its sources disagree on the date ({})",
                accounts.join(" vs ")
            )
        } else if e.links.iter().any(|l| l.stance == Stance::Disputes) {
            "an excerpt disputes it".to_owned()
        } else {
            "its status is disputed".to_owned()
        };
        lines.push(format!("disputed: event {id} “{title}”: {why}"));
    }
    Ok(lines)
}
