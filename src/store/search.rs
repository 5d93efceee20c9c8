//! Full-text search over the FTS5 `search` table.

use rusqlite::{Connection, OptionalExtension as _};

use super::error::StoreResult;

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    /// An event (title or description).
    Event,
    /// A source (title or text).
    Source,
    /// An excerpt's quote.
    Excerpt,
    /// A note.
    Note,
}

impl HitKind {
    fn from_rowid(rowid: i64) -> (Self, i64) {
        let kind = match rowid.rem_euclid(4) {
            0 => Self::Event,
            1 => Self::Source,
            2 => Self::Excerpt,
            _ => Self::Note,
        };
        (kind, rowid.div_euclid(4))
    }

    /// Lower-case name ("event").
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Event => "event",
            Self::Source => "source",
            Self::Excerpt => "excerpt",
            Self::Note => "note",
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SearchHit {
    /// What was found.
    pub kind: HitKind,
    /// Its id (an event id for events, and so on).
    pub id: i64,
    /// The event or source title; for an excerpt, its source's title.
    pub title: String,
    /// The matching passage, matches in «».
    pub snippet: String,
}

/// Turns any user text into a safe FTS5 query: every word becomes a quoted
/// string (so `AND`, `*`, `-`, quotes and parentheses are just text), all
/// words must match, and the last may be a prefix of a longer word.
pub(super) fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
}

pub(super) fn search(conn: &Connection, text: &str, limit: usize) -> StoreResult<Vec<SearchHit>> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare(
        "SELECT rowid, title, snippet(search, -1, '«', '»', '…', 16) AS snippet
         FROM search WHERE search MATCH ?1 ORDER BY rank LIMIT ?2",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![query, i64::try_from(limit).unwrap_or(i64::MAX)],
        |r| {
            Ok((
                r.get::<_, i64>("rowid")?,
                r.get::<_, String>("title")?,
                r.get::<_, String>("snippet")?,
            ))
        },
    )?;
    let mut hits = Vec::new();
    for row in rows {
        let (rowid, title, snippet) = row?;
        let (kind, id) = HitKind::from_rowid(rowid);
        let title = match kind {
            HitKind::Event | HitKind::Source => title,
            HitKind::Excerpt => conn
                .query_row(
                    "SELECT s.title FROM excerpts e JOIN sources s ON s.id = e.source_id WHERE e.id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or_default(),
            HitKind::Note => conn
                .query_row(
                    "SELECT coalesce((SELECT title FROM events WHERE id = n.event_id),
                                     (SELECT title FROM sources WHERE id = n.source_id),
                                     'Notebook')
                     FROM notes n WHERE n.id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or_default(),
        };
        hits.push(SearchHit {
            kind,
            id,
            title,
            snippet,
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn any_text_becomes_quoted_words() {
        assert_eq!(
            fts_query("spy satellite").as_deref(),
            Some("\"spy\" \"satellite\"*")
        );
        assert_eq!(
            fts_query("Robert'); DROP TABLE events;--").as_deref(),
            Some("\"Robert\" \"DROP\" \"TABLE\" \"events\"*")
        );
        assert_eq!(
            fts_query("\"AND\" OR (*) -"),
            Some("\"AND\" \"OR\"*".to_owned())
        );
        assert_eq!(fts_query("  -- * ()"), None);
    }
}
