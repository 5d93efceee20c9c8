//! Sources and the excerpts cut out of them.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension as _, Row, Transaction, params};

use super::error::{StoreError, StoreResult};
use super::events::required;
use super::undo::text_sha256;
use super::{exec, query_one};
use crate::action::{ExcerptRange, SourceFields};
use crate::model::anchor::{Anchor, Passage, reanchor};
use crate::model::date::Date;
use crate::model::pages::{OriginalFile, PageSpan};
use crate::model::text::{Cut, context_around, shortened, slice_chars};
use crate::model::{EventId, Excerpt, ExcerptId, Source, SourceId, Uid};

/// The columns [`from_row`] reads.
pub(super) const SOURCE_COLUMNS: &str = "id, uid, title, outlet, author, url, published, accessed, encoding, length(body) AS body_chars, file_name, file_sha256, file_bytes, file_imported, EXISTS (SELECT 1 FROM source_originals o WHERE o.source_id = sources.id) AS original_kept";

fn optional_date(row: &Row<'_>, column: &str) -> rusqlite::Result<Option<Date>> {
    let text: Option<String> = row.get(column)?;
    text.map(|t| {
        Date::parse_edtf(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("stored date “{t}”: {e}").into(),
            )
        })
    })
    .transpose()
}

/// Reads a source row (without its body) by column name.
pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Source> {
    Ok(Source {
        id: row.get("id")?,
        uid: row.get("uid")?,
        title: row.get("title")?,
        outlet: row.get("outlet")?,
        author: row.get("author")?,
        url: row.get("url")?,
        published: optional_date(row, "published")?,
        accessed: optional_date(row, "accessed")?,
        encoding: row.get("encoding")?,
        body_chars: row
            .get::<_, i64>("body_chars")
            .map(|n| usize::try_from(n).unwrap_or(0))?,
        file: original_from_row(row)?,
        // Filled by [`attach_pages`].
        pages: Vec::new(),
        original_kept: row.get("original_kept")?,
    })
}

/// The original file of a source row, or `None` when it has none.
fn original_from_row(row: &Row<'_>) -> rusqlite::Result<Option<OriginalFile>> {
    let sha256: String = row.get("file_sha256")?;
    if sha256.is_empty() {
        return Ok(None);
    }
    Ok(Some(OriginalFile {
        name: row.get("file_name")?,
        sha256,
        bytes: u64::try_from(row.get::<_, i64>("file_bytes")?).unwrap_or(0),
        imported: row.get("file_imported")?,
    }))
}

/// Every source's page map, by source.
pub(super) fn all_pages(conn: &Connection) -> StoreResult<HashMap<SourceId, Vec<PageSpan>>> {
    let mut pages: HashMap<SourceId, Vec<PageSpan>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT source_id, page, start_char, end_char FROM source_pages ORDER BY source_id, page",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, SourceId>("source_id")?, page_from_row(r)?))
    })?;
    for row in rows {
        let (source, page) = row?;
        pages.entry(source).or_default().push(page);
    }
    Ok(pages)
}

fn page_from_row(r: &Row<'_>) -> rusqlite::Result<PageSpan> {
    let index = |column: &str| -> rusqlite::Result<usize> {
        r.get::<_, i64>(column)
            .map(|n| usize::try_from(n).unwrap_or(0))
    };
    Ok(PageSpan {
        page: u32::try_from(r.get::<_, i64>("page")?).unwrap_or(0),
        start: index("start_char")?,
        end: index("end_char")?,
    })
}

/// One source's page map.
fn pages_of(conn: &Connection, id: SourceId) -> StoreResult<Vec<PageSpan>> {
    let mut stmt = conn.prepare_cached(
        "SELECT page, start_char, end_char FROM source_pages WHERE source_id = ?1 ORDER BY page",
    )?;
    let pages = stmt.query_map([id], page_from_row)?;
    Ok(pages.collect::<Result<_, _>>()?)
}

/// Replaces a source's page map (rows that stay the same are not written,
/// so the undo log holds only real changes).
fn write_pages_tx(tx: &Transaction<'_>, id: SourceId, pages: &[PageSpan]) -> StoreResult<()> {
    let old = pages_of(tx, id)?;
    if old == pages {
        return Ok(());
    }
    exec(tx, "DELETE FROM source_pages WHERE source_id = ?1", [id])?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO source_pages (source_id, page, start_char, end_char) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for p in pages {
        stmt.execute(params![id, i64::from(p.page), p.start as i64, p.end as i64])?;
    }
    Ok(())
}

/// Refuses a page map that does not fit the text it maps.
fn check_pages(pages: &[PageSpan], body: &str) -> StoreResult<()> {
    match crate::model::pages::check(pages, body.chars().count()) {
        Some(problem) => Err(StoreError::Invalid(problem)),
        None => Ok(()),
    }
}

/// Refuses a fingerprint that is not a SHA-256.
fn check_original(o: &OriginalFile) -> StoreResult<()> {
    if !o.sha256.is_empty()
        && (o.sha256.len() != 64 || !o.sha256.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(StoreError::Invalid(format!(
            "“{}” is not a SHA-256 in hex",
            o.sha256
        )));
    }
    Ok(())
}

/// Writes a source's original-file columns.
fn write_original_tx(
    tx: &Transaction<'_>,
    id: SourceId,
    original: Option<&OriginalFile>,
) -> StoreResult<()> {
    let empty = OriginalFile::default();
    let o = original.unwrap_or(&empty);
    check_original(o)?;
    exec(
        tx,
        "UPDATE sources SET file_name = ?2, file_sha256 = ?3, file_bytes = ?4, file_imported = ?5
         WHERE id = ?1 AND (file_name, file_sha256, file_bytes, file_imported) IS NOT (?2, ?3, ?4, ?5)",
        params![
            id,
            o.name,
            o.sha256.to_ascii_lowercase(),
            i64::try_from(o.bytes).unwrap_or(i64::MAX),
            o.imported
        ],
    )?;
    Ok(())
}

/// The columns [`excerpt_from_row`] reads.
pub(super) const EXCERPT_COLUMNS: &str =
    "id, uid, source_id, start_char, end_char, quote, prefix, suffix, lost";

/// Reads an excerpt row by column name.
pub(super) fn excerpt_from_row(row: &Row<'_>) -> rusqlite::Result<Excerpt> {
    let char_index = |column: &str| -> rusqlite::Result<usize> {
        row.get::<_, i64>(column)
            .map(|n| usize::try_from(n).unwrap_or(0))
    };
    Ok(Excerpt {
        id: row.get("id")?,
        uid: row.get("uid")?,
        source: row.get("source_id")?,
        start: char_index("start_char")?,
        end: char_index("end_char")?,
        quote: row.get("quote")?,
        prefix: row.get("prefix")?,
        suffix: row.get("suffix")?,
        lost: row.get("lost")?,
    })
}

fn encoding_of(fields: &SourceFields) -> &str {
    if fields.encoding.trim().is_empty() {
        "UTF-8"
    } else {
        fields.encoding.trim()
    }
}

/// Adds a source, with its original file and page map when it was read
/// from a file.
pub(super) fn insert_tx(tx: &Transaction<'_>, fields: &SourceFields) -> StoreResult<SourceId> {
    let title = required(&fields.title, "source title")?;
    let empty = OriginalFile::default();
    let original = fields.file.as_ref().map_or(&empty, |f| &f.original);
    check_original(original)?;
    if let Some(file) = &fields.file {
        check_pages(&file.pages, &fields.body)?;
    }
    exec(
        tx,
        "INSERT INTO sources (uid, title, outlet, author, url, published, accessed, body, encoding,
                              body_sha256, file_name, file_sha256, file_bytes, file_imported)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            Uid::new(),
            title,
            fields.outlet.trim(),
            fields.author.trim(),
            fields.url.trim(),
            fields.published.as_ref().map(Date::edtf),
            fields.accessed.as_ref().map(Date::edtf),
            fields.body,
            encoding_of(fields),
            text_sha256(&fields.body),
            original.name,
            original.sha256.to_ascii_lowercase(),
            i64::try_from(original.bytes).unwrap_or(i64::MAX),
            original.imported
        ],
    )?;
    let id = SourceId(tx.last_insert_rowid());
    if let Some(file) = &fields.file {
        write_pages_tx(tx, id, &file.pages)?;
        super::originals::write_tx(tx, id, &file.original, &file.kept)?;
    }
    Ok(id)
}

/// Replaces a source's fields and text; when the text changed, its excerpts
/// are re-anchored in the same transaction, so the edit and its consequences
/// are one undo step.
pub(super) fn update_tx(
    tx: &Transaction<'_>,
    id: SourceId,
    fields: &SourceFields,
) -> StoreResult<()> {
    let old_body = body(tx, id)?;
    let title = required(&fields.title, "source title")?;
    exec(
        tx,
        "UPDATE sources SET title = ?2, outlet = ?3, author = ?4, url = ?5, published = ?6,
                accessed = ?7, body = ?8, encoding = ?9, body_sha256 = ?10
         WHERE id = ?1",
        params![
            id,
            title,
            fields.outlet.trim(),
            fields.author.trim(),
            fields.url.trim(),
            fields.published.as_ref().map(Date::edtf),
            fields.accessed.as_ref().map(Date::edtf),
            fields.body,
            encoding_of(fields),
            text_sha256(&fields.body)
        ],
    )?;
    if old_body != fields.body {
        reanchor_excerpts_tx(tx, id, &fields.body)?;
    }
    match &fields.file {
        // Read again from a file: its fingerprint and pages replace the old.
        Some(file) => {
            check_pages(&file.pages, &fields.body)?;
            write_original_tx(tx, id, Some(&file.original))?;
            write_pages_tx(tx, id, &file.pages)?;
            super::originals::write_tx(tx, id, &file.original, &file.kept)?;
        }
        // Edited by hand: the pages follow the text.
        None if old_body != fields.body => {
            let old_pages = pages_of(tx, id)?;
            if !old_pages.is_empty() {
                let pages = crate::model::pages::remap(&old_body, &fields.body, &old_pages);
                write_pages_tx(tx, id, &pages)?;
            }
        }
        None => {}
    }
    Ok(())
}

/// Moves every excerpt of a source to where its quote is in `text`, or flags
/// it lost (keeping its last range, quote and context) by the rules of
/// [`crate::model::anchor`]. A lost excerpt whose quote is back is anchored
/// again. Rows that do not change are not written, so the undo log holds
/// only real changes.
fn reanchor_excerpts_tx(tx: &Transaction<'_>, id: SourceId, text: &str) -> StoreResult<()> {
    let excerpts: Vec<Excerpt> = tx
        .prepare(&format!(
            "SELECT {EXCERPT_COLUMNS} FROM excerpts WHERE source_id = ?1 ORDER BY id"
        ))?
        .query_map([id], excerpt_from_row)?
        .collect::<Result<_, _>>()?;
    let text_sha = text_sha256(text);
    for excerpt in &excerpts {
        match reanchor(&Passage::from(excerpt), text) {
            Anchor::Anchored {
                start,
                end,
                prefix,
                suffix,
            } => {
                super::evidence::reverify_tx(tx, excerpt.id, &text_sha)?;
                let unchanged = !excerpt.lost
                    && (start, end) == (excerpt.start, excerpt.end)
                    && (prefix.as_str(), suffix.as_str())
                        == (excerpt.prefix.as_str(), excerpt.suffix.as_str());
                if !unchanged {
                    exec(
                        tx,
                        "UPDATE excerpts SET start_char = ?2, end_char = ?3, prefix = ?4,
                                suffix = ?5, lost = 0
                         WHERE id = ?1",
                        params![excerpt.id, start as i64, end as i64, prefix, suffix],
                    )?;
                }
            }
            Anchor::Lost => {
                if !excerpt.lost {
                    exec(
                        tx,
                        "UPDATE excerpts SET lost = 1 WHERE id = ?1",
                        [excerpt.id],
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// The title of a source, or [`StoreError::Missing`].
pub(super) fn title_tx(conn: &Connection, id: SourceId) -> StoreResult<String> {
    query_one(conn, "SELECT title FROM sources WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(StoreError::Missing {
        kind: "source",
        id: id.0,
    })
}

/// The full text of a source.
pub(super) fn body(conn: &Connection, id: SourceId) -> StoreResult<String> {
    query_one(conn, "SELECT body FROM sources WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(StoreError::Missing {
        kind: "source",
        id: id.0,
    })
}

/// Deletes a source; excerpts, links and notes go with it by cascade.
pub(super) fn delete_tx(tx: &Transaction<'_>, id: SourceId) -> StoreResult<String> {
    let title = title_tx(tx, id)?;
    exec(tx, "DELETE FROM sources WHERE id = ?1", [id])?;
    Ok(title)
}

/// Cuts an excerpt, trimming surrounding whitespace from the range.
pub(super) fn insert_excerpt_tx(
    tx: &Transaction<'_>,
    range: ExcerptRange,
) -> StoreResult<ExcerptId> {
    let text = body(tx, range.source)?;
    let selected = (range.start < range.end)
        .then(|| slice_chars(&text, range.start, range.end))
        .flatten()
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "characters {}–{} are not a passage of the source (it has {} characters)",
                range.start,
                range.end,
                text.chars().count()
            ))
        })?;
    let leading = selected.chars().take_while(|c| c.is_whitespace()).count();
    let trimmed = selected.trim();
    if trimmed.is_empty() {
        return Err(StoreError::Invalid(
            "the selected passage is only white space".to_owned(),
        ));
    }
    let start = range.start + leading;
    let end = start + trimmed.chars().count();
    let (prefix, suffix) = context_around(&text, start, end);
    let (quote_sha, source_sha) = super::evidence::digests(trimmed, &text);
    exec(
        tx,
        "INSERT INTO excerpts (uid, source_id, start_char, end_char, quote, prefix, suffix,
                               quote_sha256, source_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            Uid::new(),
            range.source,
            start as i64,
            end as i64,
            trimmed,
            prefix,
            suffix,
            quote_sha,
            source_sha
        ],
    )?;
    Ok(ExcerptId(tx.last_insert_rowid()))
}

/// The quote of an excerpt, or [`StoreError::Missing`].
pub(super) fn quote_tx(conn: &Connection, id: ExcerptId) -> StoreResult<String> {
    query_one(
        conn,
        "SELECT quote FROM excerpts WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::Missing {
        kind: "excerpt",
        id: id.0,
    })
}

/// Deletes an excerpt and its links.
pub(super) fn delete_excerpt_tx(tx: &Transaction<'_>, id: ExcerptId) -> StoreResult<String> {
    let quote = quote_tx(tx, id)?;
    exec(tx, "DELETE FROM excerpts WHERE id = ?1", [id])?;
    Ok(quote)
}

/// Records that an excerpt supports an event (no-op if it already does:
/// a new event's list of excerpts may name one twice).
pub(super) fn link_tx(tx: &Transaction<'_>, event: EventId, excerpt: ExcerptId) -> StoreResult<()> {
    link_new_tx(tx, event, excerpt).map(|_| ())
}

/// Records that an excerpt supports an event; false if it already did.
fn link_new_tx(tx: &Transaction<'_>, event: EventId, excerpt: ExcerptId) -> StoreResult<bool> {
    quote_tx(tx, excerpt)?;
    super::events::title_tx(tx, event)?;
    let added = exec(
        tx,
        "INSERT OR IGNORE INTO event_excerpts (event_id, excerpt_id) VALUES (?1, ?2)",
        params![event, excerpt],
    )?;
    if added > 0 {
        super::evidence::prefill_tx(tx, event, excerpt)?;
    }
    Ok(added > 0)
}

/// Links an excerpt to an event as an action of its own: an existing link
/// is refused, so the action always records one undo step of its own (a
/// silent no-op would make the next undo undo something older).
pub(super) fn link_once_tx(
    tx: &Transaction<'_>,
    event: EventId,
    excerpt: ExcerptId,
) -> StoreResult<()> {
    if link_new_tx(tx, event, excerpt)? {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "excerpt {excerpt} is already linked to event {event}"
        )))
    }
}

/// Removes a link; refuses one that does not exist.
pub(super) fn unlink_tx(
    tx: &Transaction<'_>,
    event: EventId,
    excerpt: ExcerptId,
) -> StoreResult<()> {
    let removed = exec(
        tx,
        "DELETE FROM event_excerpts WHERE event_id = ?1 AND excerpt_id = ?2",
        params![event, excerpt],
    )?;
    if removed == 0 {
        return Err(StoreError::Invalid(format!(
            "excerpt {excerpt} is not linked to event {event}"
        )));
    }
    Ok(())
}

/// Longest piece of a quote shown in a problem report.
const PROBLEM_QUOTE_CHARS: usize = 60;

/// `text` on one line, shortened with an ellipsis when long.
fn short_quote(text: &str) -> String {
    shortened(text, PROBLEM_QUOTE_CHARS, Cut::AnyChar)
}

/// Excerpts that are lost, and anchored excerpts whose range does not lie
/// inside their source or no longer matches their quote. A lost excerpt's
/// range is where it last was, so it is not checked against the text.
pub(super) fn check_excerpts(conn: &Connection) -> StoreResult<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT e.id, e.source_id, e.start_char, e.end_char, e.quote, e.lost, s.body
         FROM excerpts e JOIN sources s ON s.id = e.source_id ORDER BY e.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>("id")?,
            r.get::<_, SourceId>("source_id")?,
            r.get::<_, i64>("start_char")?,
            r.get::<_, i64>("end_char")?,
            r.get::<_, String>("quote")?,
            r.get::<_, bool>("lost")?,
            r.get::<_, String>("body")?,
        ))
    })?;
    for row in rows {
        let (id, source, start, end, quote, lost, body) = row?;
        if lost {
            problems.push(format!(
                "excerpt {id} is lost: its quote “{}” no longer occurs in source {source}",
                short_quote(&quote)
            ));
            continue;
        }
        let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
            problems.push(format!(
                "excerpt {id}: negative character range {start}–{end}"
            ));
            continue;
        };
        match slice_chars(&body, start, end) {
            None => problems.push(format!(
                "excerpt {id}: range {start}–{end} lies outside its source ({} characters)",
                body.chars().count()
            )),
            Some(text) if text != quote => problems.push(format!(
                "excerpt {id}: the text at {start}–{end} no longer matches its quote “{quote}”"
            )),
            Some(_) => {}
        }
    }
    Ok(problems)
}

/// Sources whose text no longer matches the SHA-256 recorded when Annals
/// last wrote it: a byte changed outside Annals, which SQLite's own checks
/// cannot see.
pub(super) fn check_checksums(conn: &Connection) -> StoreResult<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("SELECT id, body, body_sha256 FROM sources ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, SourceId>("id")?,
            r.get::<_, String>("body")?,
            r.get::<_, String>("body_sha256")?,
        ))
    })?;
    for row in rows {
        let (id, body, recorded) = row?;
        if text_sha256(&body) != recorded {
            problems.push(format!(
                "source {id}: its text does not match the checksum Annals recorded (it was changed outside Annals)"
            ));
        }
    }
    Ok(problems)
}
