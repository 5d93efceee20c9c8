//! Full-text search over the FTS5 `search` table.

use rusqlite::{Connection, OptionalExtension as _};

use super::error::{StoreError, StoreResult};

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

/// Most words a query may have: each word is one more index look-up, and a
/// pasted page of text is not a search (a 15,000-word query ran for
/// minutes).
pub const MAX_QUERY_WORDS: usize = 32;
/// Most characters a query may have, for the same reason.
pub const MAX_QUERY_CHARS: usize = 512;
/// The last word is matched as a prefix only from this many characters: a
/// one-letter prefix expands to a large part of the index.
const MIN_PREFIX_CHARS: usize = 2;
/// Hits counted: beyond this many the count says "10000+" (counting
/// reads one entry of the index per hit).
pub const RANKED_HITS: usize = 10_000;
/// A word in more rows than this is "common": bm25 weighs each word by
/// reading its whole list of rows once per query, which for a word in most
/// of 1M titles took 100–800 ms. With every word at most this common the
/// hits are ranked by bm25 (reading ≤ 5,000 entries per word, a few ms);
/// otherwise by [`tiered`] order, which reads only the page.
pub const BM25_WORD_ROWS: usize = 5_000;
/// Characters of a text searched for the passage a snippet shows: a match
/// further in still counts, its snippet shows the text's beginning.
const SNIPPET_SCAN_CHARS: i64 = 200_000;
/// Characters of context a snippet shows before its first match.
const SNIPPET_BEFORE_CHARS: usize = 40;
/// Characters a snippet shows from its first match on.
const SNIPPET_AFTER_CHARS: usize = 100;

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SearchPage {
    /// The hits of this page, best first.
    pub hits: Vec<SearchHit>,
    /// How many hits there are, counted up to [`RANKED_HITS`].
    pub total: usize,
    /// True when there are more than [`RANKED_HITS`] hits.
    pub more: bool,
}

/// The words of a query: runs of letters and digits.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Turns any user text into a safe FTS5 query: every word becomes a quoted
/// string (so `AND`, `*`, `-`, quotes and parentheses are just text), all
/// words must match, and the last may be a prefix of a longer word.
#[cfg(test)]
fn fts_query(text: &str) -> Option<String> {
    let (query, prefix) = fts_queries(text)?;
    Some(prefix.unwrap_or(query))
}

/// The query with every word exact, and the one whose last word is a
/// prefix (when it is long enough to be one).
fn fts_queries(text: &str) -> Option<(String, Option<String>)> {
    let words: Vec<String> = words(text).iter().map(|w| format!("\"{w}\"")).collect();
    let last = words.last()?;
    let exact = words.join(" ");
    // Two quote characters surround the word.
    let prefix = (last.chars().count() >= MIN_PREFIX_CHARS + 2).then(|| format!("{exact}*"));
    Some((exact, prefix))
}

/// How many rows match an FTS5 query, counted up to `cap` (newest first,
/// so the index is read only as far as the cap).
fn count_hits(conn: &Connection, query: &str, cap: usize) -> StoreResult<usize> {
    let cap = i64::try_from(cap).unwrap_or(i64::MAX);
    let count: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT rowid FROM search WHERE search MATCH ?1 LIMIT ?2)",
        )?
        .query_row(rusqlite::params![query, cap], |r| r.get(0))?;
    Ok(usize::try_from(count).unwrap_or(0))
}

/// Row ids of an FTS5 query in an order given by `order` (an SQL
/// `ORDER BY` the code owns), `limit` of them from `offset`.
fn page_of(
    conn: &Connection,
    query: &str,
    order: &str,
    offset: usize,
    limit: usize,
) -> StoreResult<Vec<i64>> {
    let sql = format!(
        "SELECT rowid FROM search WHERE search MATCH ?1 ORDER BY {order} LIMIT ?2 OFFSET ?3"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![query, limit, offset], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// True when bm25 is cheap for this query: every word (the last one as
/// the query has it, exact or prefix) is in at most [`BM25_WORD_ROWS`] rows.
fn every_word_rare(conn: &Connection, query: &str) -> StoreResult<bool> {
    // The query is `"w1" "w2" … "wn"` or `… "wn"*`: its phrases, as FTS5
    // reads them, are the quoted words (a word holds no quote).
    let mut phrases: Vec<String> = Vec::new();
    let mut rest = query;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        let star = after[end + 1..].starts_with('*');
        phrases.push(format!(
            "\"{}\"{}",
            &after[..end],
            if star { "*" } else { "" }
        ));
        rest = &after[end + 1..];
    }
    for phrase in phrases {
        if count_hits(conn, &phrase, BM25_WORD_ROWS + 1)? > BM25_WORD_ROWS {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The order used when a word is common: rows with every word in their
/// title (events and sources named so) first, then the rest, each newest
/// first. It reads only the rows of the page (and the title rows before
/// it), whatever the number of hits.
fn tiered(conn: &Connection, query: &str, offset: usize, limit: usize) -> StoreResult<Vec<i64>> {
    let in_title = format!("{{title}} : ({query})");
    let wanted = offset.saturating_add(limit);
    let titled = page_of(conn, &in_title, "rowid DESC", 0, wanted)?;
    let mut rowids: Vec<i64> = titled.clone();
    if rowids.len() < wanted {
        let titled: std::collections::HashSet<i64> = titled.into_iter().collect();
        let mut stmt = conn
            .prepare_cached("SELECT rowid FROM search WHERE search MATCH ?1 ORDER BY rowid DESC")?;
        let mut rows = stmt.query([query])?;
        while rowids.len() < wanted
            && let Some(row) = rows.next()?
        {
            let rowid: i64 = row.get(0)?;
            if !titled.contains(&rowid) {
                rowids.push(rowid);
            }
        }
    }
    Ok(rowids.into_iter().skip(offset).take(limit).collect())
}

/// A word folded the way the index folds it: lower case, Latin diacritics
/// removed.
fn folded(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd();
    nfd.normalize_iter(word.chars().flat_map(char::to_lowercase))
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// The passage of `text` around the first word matching the query, matches
/// in «»; the beginning of the text when none is found.
fn snippet(text: &str, query: &[String]) -> String {
    let matches = |word: &str| {
        let word = folded(word);
        query.iter().enumerate().any(|(i, q)| {
            word == *q
                || (i + 1 == query.len()
                    && q.chars().count() >= MIN_PREFIX_CHARS
                    && word.starts_with(q.as_str()))
        })
    };
    // Word spans as (start, end) byte offsets.
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    let first = spans.iter().position(|&(s, e)| matches(&text[s..e]));
    let (from, to) = match first {
        Some(i) => {
            let at = spans[i].0;
            let from = text[..at]
                .char_indices()
                .rev()
                .nth(SNIPPET_BEFORE_CHARS.saturating_sub(1))
                .map_or(0, |(b, _)| b);
            let to = text[at..]
                .char_indices()
                .nth(SNIPPET_AFTER_CHARS)
                .map_or(text.len(), |(b, _)| at + b);
            (from, to)
        }
        None => (
            0,
            text.char_indices()
                .nth(SNIPPET_BEFORE_CHARS + SNIPPET_AFTER_CHARS)
                .map_or(text.len(), |(b, _)| b),
        ),
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = from;
    for &(s, e) in spans.iter().filter(|&&(s, e)| s >= from && e <= to) {
        if matches(&text[s..e]) {
            out.push_str(&text[at..s]);
            out.push('«');
            out.push_str(&text[s..e]);
            out.push('»');
            at = e;
        }
    }
    out.push_str(&text[at..to]);
    if to < text.len() {
        out.push('…');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Refuses a query too long to be a search.
fn check_length(text: &str) -> StoreResult<()> {
    let count = words(text).len();
    if count > MAX_QUERY_WORDS || text.chars().count() > MAX_QUERY_CHARS {
        return Err(StoreError::Invalid(format!(
            "the search is too long ({count} words, {} characters); search for at most {MAX_QUERY_WORDS} words and {MAX_QUERY_CHARS} characters",
            text.chars().count()
        )));
    }
    Ok(())
}

/// The events a filter's words find: those whose title or description
/// matches, or one of whose excerpts or notes does (the last word may be a
/// prefix, as the filter is typed). Unranked, so a word in every title costs
/// one pass over its list and nothing more.
///
/// # Errors
/// [`StoreError::Invalid`] for an overlong query; an SQLite error.
pub(super) fn matching_events(
    conn: &Connection,
    text: &str,
) -> StoreResult<std::collections::HashSet<crate::model::EventId>> {
    use crate::model::EventId;
    check_length(text)?;
    let mut events = std::collections::HashSet::new();
    let Some((exact, prefix)) = fts_queries(text) else {
        return Ok(events);
    };
    let query = prefix.unwrap_or(exact);
    let mut excerpts = Vec::new();
    let mut notes = Vec::new();
    {
        let mut stmt = conn.prepare_cached("SELECT rowid FROM search WHERE search MATCH ?1")?;
        let mut rows = stmt.query([&query])?;
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            match HitKind::from_rowid(rowid) {
                (HitKind::Event, id) => {
                    events.insert(EventId(id));
                }
                (HitKind::Excerpt, id) => excerpts.push(id),
                (HitKind::Note, id) => notes.push(id),
                (HitKind::Source, _) => {}
            }
        }
    }
    let mut by_excerpt =
        conn.prepare_cached("SELECT event_id FROM event_excerpts WHERE excerpt_id = ?1")?;
    for id in excerpts {
        for event in by_excerpt.query_map([id], |r| r.get::<_, i64>(0))? {
            events.insert(EventId(event?));
        }
    }
    let mut by_note =
        conn.prepare_cached("SELECT event_id FROM notes WHERE id = ?1 AND event_id IS NOT NULL")?;
    for id in notes {
        for event in by_note.query_map([id], |r| r.get::<_, i64>(0))? {
            events.insert(EventId(event?));
        }
    }
    Ok(events)
}

pub(super) fn search(
    conn: &Connection,
    text: &str,
    offset: usize,
    limit: usize,
) -> StoreResult<SearchPage> {
    check_length(text)?;
    let Some((exact, prefix)) = fts_queries(text) else {
        return Ok(SearchPage {
            hits: Vec::new(),
            total: 0,
            more: false,
        });
    };
    // Exact words first: when they alone match more than can be counted,
    // the last word is not also expanded as a prefix (a long prefix of a
    // word in every row merges its whole list).
    let mut query = exact;
    let mut found = count_hits(conn, &query, RANKED_HITS + 1)?;
    if let Some(prefix) = prefix
        && found <= RANKED_HITS
    {
        query = prefix;
        found = count_hits(conn, &query, RANKED_HITS + 1)?;
    }
    let rowids = if found <= RANKED_HITS && every_word_rare(conn, &query)? {
        // bm25: lower is more relevant; ties newest first.
        page_of(conn, &query, "rank, rowid DESC", offset, limit)?
    } else {
        tiered(conn, &query, offset, limit)?
    };
    let query_words: Vec<String> = words(text).into_iter().map(folded).collect();
    let mut hits = Vec::with_capacity(rowids.len());
    for rowid in rowids {
        let (title, body): (String, String) = conn
            .prepare_cached("SELECT title, substr(body, 1, ?2) FROM search WHERE rowid = ?1")?
            .query_row(rusqlite::params![rowid, SNIPPET_SCAN_CHARS], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let shown = snippet(&body, &query_words);
        let snippet = if shown.contains('«') || title.is_empty() {
            shown
        } else {
            snippet(&title, &query_words)
        };
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
    Ok(SearchPage {
        hits,
        total: found.min(RANKED_HITS),
        more: found > RANKED_HITS,
    })
}

/// A read-only connection to a notebook's file for searches on a worker
/// thread, so the frame that owns the [`super::Store`] never waits for
/// one. Opened hardened, with the schema checked as at open; the app's own
/// writes wait a moment for a running search (see [`super::Store::file`]).
#[derive(Debug)]
pub struct Searcher {
    conn: Connection,
    _trust: super::guard::Trust,
}

impl super::backups::NotebookFile {
    /// A connection for searches on another thread.
    ///
    /// # Errors
    /// If the file cannot be opened, is not a notebook or its schema is not
    /// this version's.
    pub fn searcher(&self) -> StoreResult<Searcher> {
        let (conn, trust) = self.connect()?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        super::schema::check(&conn, version, self.path())?;
        if version != super::schema_version() {
            return Err(StoreError::Invalid(
                "the notebook's file is of another version than the one open".into(),
            ));
        }
        Ok(Searcher {
            conn,
            _trust: trust,
        })
    }
}

impl Searcher {
    /// As [`super::Store::search_page`].
    ///
    /// # Errors
    /// As [`super::Store::search_page`].
    pub fn search_page(&self, query: &str, offset: usize, limit: usize) -> StoreResult<SearchPage> {
        search(&self.conn, query, offset, limit)
    }

    /// As [`super::Store::matching_events`].
    ///
    /// # Errors
    /// As [`super::Store::matching_events`].
    pub fn matching_events(
        &self,
        query: &str,
    ) -> StoreResult<std::collections::HashSet<crate::model::EventId>> {
        matching_events(&self.conn, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(fts_query("spy s").as_deref(), Some("\"spy\" \"s\""));
    }

    #[test]
    fn snippets_mark_matches_of_folded_words() {
        let query = vec![folded("Cafe"), folded("pyong")];
        let text = format!(
            "{} The Café in Pyongyang opened. {}",
            "x ".repeat(100),
            "y ".repeat(100)
        );
        let shown = snippet(&text, &query);
        assert!(shown.contains("«Café» in «Pyongyang»"), "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(snippet("no match here", &query), "no match here");
        assert!(snippet("Визит Путина", &[folded("путина")]).contains("«Путина»"));
    }

    #[test]
    fn overlong_queries_are_refused() {
        assert!(check_length(&"word ".repeat(MAX_QUERY_WORDS)).is_ok());
        assert!(check_length(&"word ".repeat(MAX_QUERY_WORDS + 1)).is_err());
        assert!(check_length(&"x".repeat(MAX_QUERY_CHARS + 1)).is_err());
    }
}
