//! The undo history as data: what a recorded row change is, how it is read
//! back and checked, and how it is replayed by statements this code owns.
//!
//! A change is a row of `undo_changes` (what replaying does: `delete`,
//! `update` or `insert`, the table, the row id) and its column values in
//! `undo_values`. Nothing in either table is ever run as SQL: the table must
//! be one of [`RESEARCH_TABLES`] and each column one of that table's, or the
//! change is refused. Long texts are stored as a line diff against the value
//! the column has when the change is replayed, so editing a 2 MB source ten
//! times does not add 20 MB to the file.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension as _, params};
use sha2::{Digest as _, Sha256};

use super::error::{StoreError, StoreResult};

/// The tables that hold research data, parents before children.
pub(super) const RESEARCH_TABLES: &[&str] = &[
    "tracks",
    "tags",
    "sources",
    "source_pages",
    "source_originals",
    "events",
    "event_tags",
    "excerpts",
    "event_excerpts",
    "notes",
    "views",
    "entities",
    "entity_aliases",
    "event_entities",
    "source_entities",
    "event_links",
];

/// A text at least this long is stored as a diff when that is smaller: below
/// it the diff's own bookkeeping outweighs what it saves.
const DIFF_MIN_BYTES: i64 = 1024;

/// How long one diff may search for the smallest edit before settling for a
/// larger one (a 2 MB text with a few changed lines takes a few ms).
const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(250);

/// Hex digits of the SHA-256 of the base text kept in a diff, so a diff is
/// never applied to a text it was not made from.
const DIFF_BASE_HASH_HEX: usize = 16;

/// What replaying a change does to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    /// Delete the row (the change was an insert).
    Delete,
    /// Set the listed columns back (the change was an update).
    Update,
    /// Insert the row with all its columns (the change was a delete).
    Insert,
}

impl Op {
    /// The name stored in `undo_changes.op`.
    pub(super) const fn name(self) -> &'static str {
        match self {
            Self::Delete => "delete",
            Self::Update => "update",
            Self::Insert => "insert",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        match name {
            "delete" => Some(Self::Delete),
            "update" => Some(Self::Update),
            "insert" => Some(Self::Insert),
            _ => None,
        }
    }
}

/// The research table of this name, as the code spells it.
pub(super) fn research_table(name: &str) -> Option<&'static str> {
    RESEARCH_TABLES.iter().copied().find(|t| *t == name)
}

/// The columns of a research table, from the (checked) live schema.
pub(super) fn columns(conn: &Connection, table: &'static str) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!("PRAGMA main.table_info({table})"))?;
    let names = stmt.query_map([], |row| row.get::<_, String>("name"))?;
    Ok(names.collect::<Result<_, _>>()?)
}

/// Why a recorded change cannot be replayed (never shown raw: the caller
/// names the history entry).
#[derive(Debug)]
struct Unreadable;

/// One column value of a change.
#[derive(Debug, Clone)]
struct Stored {
    column: String,
    value: Value,
    diff: bool,
}

/// One recorded change, read back.
#[derive(Debug)]
struct Change {
    op: Op,
    table: &'static str,
    row: i64,
    /// For a delete recorded by a bulk import: the last row of the span.
    last_row: Option<i64>,
    values: Vec<Stored>,
}

/// The changes `first..=last`, newest first; `Err` if any is not data this
/// code wrote.
fn read_changes(
    conn: &Connection,
    first: i64,
    last: i64,
) -> StoreResult<Result<Vec<Change>, Unreadable>> {
    let mut values: HashMap<i64, Vec<Stored>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT seq, column_name, value, diff FROM undo_values WHERE seq BETWEEN ?1 AND ?2",
    )?;
    let rows = stmt.query_map([first, last], |r| {
        Ok((
            r.get::<_, i64>("seq")?,
            Stored {
                column: r.get("column_name")?,
                value: r.get("value")?,
                diff: r.get("diff")?,
            },
        ))
    })?;
    for row in rows {
        let (seq, stored) = row?;
        values.entry(seq).or_default().push(stored);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.seq, c.op, c.table_name, c.row_id, s.last_row FROM undo_changes c
         LEFT JOIN undo_spans s ON s.seq = c.seq
         WHERE c.seq BETWEEN ?1 AND ?2 ORDER BY c.seq DESC",
    )?;
    let rows = stmt.query_map([first, last], |r| {
        Ok((
            r.get::<_, i64>("seq")?,
            r.get::<_, String>("op")?,
            r.get::<_, String>("table_name")?,
            r.get::<_, i64>("row_id")?,
            r.get::<_, Option<i64>>("last_row")?,
        ))
    })?;
    let mut changes = Vec::new();
    let mut known: HashMap<&'static str, Vec<String>> = HashMap::new();
    for row in rows {
        let (seq, op, table, row, last_row) = row?;
        let (Some(op), Some(table)) = (Op::from_name(&op), research_table(&table)) else {
            return Ok(Err(Unreadable));
        };
        let values = values.remove(&seq).unwrap_or_default();
        if !known.contains_key(table) {
            known.insert(table, columns(conn, table)?);
        }
        let table_columns = known.get(table).map(Vec::as_slice).unwrap_or_default();
        let valid = values.iter().all(|v| {
            table_columns.contains(&v.column)
                && v.column != "rowid"
                && (!v.diff || (op == Op::Update && matches!(v.value, Value::Text(_))))
        });
        // An insert may lack columns added by later migrations (a version-1
        // excerpt has no `lost` flag): those take their defaults.
        if !valid || (op == Op::Delete && !values.is_empty()) {
            return Ok(Err(Unreadable));
        }
        // A span widens a delete to the rows `row..=last_row` (a bulk
        // import); on anything else it is not data Annals wrote.
        if last_row.is_some_and(|last| op != Op::Delete || last < row) {
            return Ok(Err(Unreadable));
        }
        changes.push(Change {
            op,
            table,
            row,
            last_row,
            values,
        });
    }
    Ok(Ok(changes))
}

/// Replays the changes `first..=last`, newest first. Nothing runs unless
/// every change reads as data; an entry that does not is refused with
/// [`StoreError::BadHistory`] naming it.
pub(super) fn replay_tx(conn: &Connection, first: i64, last: i64, label: &str) -> StoreResult<()> {
    let refused = || StoreError::BadHistory {
        label: label.to_owned(),
    };
    let changes = read_changes(conn, first, last)?.map_err(|Unreadable| refused())?;
    for change in &changes {
        match change.op {
            Op::Delete => {
                super::exec(
                    conn,
                    &format!("DELETE FROM {} WHERE rowid BETWEEN ?1 AND ?2", change.table),
                    [change.row, change.last_row.unwrap_or(change.row)],
                )?;
            }
            Op::Update => {
                if change.values.is_empty() {
                    continue;
                }
                let mut values = Vec::with_capacity(change.values.len());
                for stored in &change.values {
                    if stored.diff {
                        let Value::Text(diff) = &stored.value else {
                            return Err(refused());
                        };
                        let current: Option<String> = conn
                            .prepare_cached(&format!(
                                "SELECT {} FROM {} WHERE rowid = ?1",
                                column_sql(&stored.column),
                                change.table
                            ))?
                            .query_row([change.row], |r| r.get(0))
                            .optional()?;
                        let old = current
                            .and_then(|current| apply_diff(&current, diff))
                            .ok_or_else(refused)?;
                        values.push(Value::Text(old));
                    } else {
                        values.push(stored.value.clone());
                    }
                }
                let assignments: Vec<String> = change
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| format!("{} = ?{}", column_sql(&v.column), i + 2))
                    .collect();
                let sql = format!(
                    "UPDATE {} SET {} WHERE rowid = ?1",
                    change.table,
                    assignments.join(", ")
                );
                let mut params: Vec<Value> = vec![Value::Integer(change.row)];
                params.extend(values);
                conn.prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(params))?;
            }
            Op::Insert => {
                let names: Vec<String> = change
                    .values
                    .iter()
                    .map(|v| column_sql(&v.column))
                    .collect();
                let placeholders: Vec<String> = (0..change.values.len())
                    .map(|i| format!("?{}", i + 2))
                    .collect();
                let sql = format!(
                    "INSERT INTO {} (rowid, {}) VALUES (?1, {})",
                    change.table,
                    names.join(", "),
                    placeholders.join(", ")
                );
                let mut params: Vec<Value> = vec![Value::Integer(change.row)];
                params.extend(change.values.iter().map(|v| v.value.clone()));
                conn.prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(params))?;
            }
        }
    }
    Ok(())
}

/// A column name checked against the live schema, quoted for SQL (the
/// names are plain identifiers; quoting keeps that true by construction).
fn column_sql(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Rewrites the long texts among the changes `first..=last` as diffs
/// against the value each column has when the change is replayed: the
/// row's current value for the newest change of a column, the previous
/// change's value for older ones.
pub(super) fn compact_tx(conn: &Connection, first: i64, last: i64) -> StoreResult<()> {
    let candidates: Vec<(i64, String, String, i64)> = conn
        .prepare_cached(
            "SELECT v.seq, v.column_name, c.table_name, c.row_id
             FROM undo_values v JOIN undo_changes c ON c.seq = v.seq
             WHERE v.seq BETWEEN ?1 AND ?2 AND c.op = 'update' AND v.diff = 0
               AND typeof(v.value) = 'text' AND length(CAST(v.value AS BLOB)) >= ?3
             ORDER BY v.seq DESC",
        )?
        .query_map(params![first, last, DIFF_MIN_BYTES], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    if candidates.is_empty() {
        return Ok(());
    }
    // The value each (table, row, column) has after the change being
    // compacted: starts as the current value, steps back change by change.
    let mut base: HashMap<(String, i64, String), Option<String>> = HashMap::new();
    for (seq, column, table_name, row) in candidates {
        let Some(table) = research_table(&table_name) else {
            continue;
        };
        if !columns(conn, table)?.contains(&column) {
            continue;
        }
        let key = (table_name, row, column.clone());
        if !base.contains_key(&key) {
            let current: Option<String> = conn
                .prepare_cached(&format!(
                    "SELECT {} FROM {table} WHERE rowid = ?1 AND typeof({0}) = 'text'",
                    column_sql(&column)
                ))?
                .query_row([row], |r| r.get(0))
                .optional()?;
            base.insert(key.clone(), current);
        }
        let old: String = conn
            .prepare_cached("SELECT value FROM undo_values WHERE seq = ?1 AND column_name = ?2")?
            .query_row(params![seq, column], |r| r.get(0))?;
        if let Some(Some(after)) = base.get(&key) {
            let diff = make_diff(&old, after);
            if diff.len() < old.len() {
                conn.prepare_cached(
                    "UPDATE undo_values SET value = ?3, diff = 1 WHERE seq = ?1 AND column_name = ?2",
                )?
                .execute(params![seq, column, diff])?;
            }
        }
        base.insert(key, Some(old));
    }
    Ok(())
}

fn base_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..DIFF_BASE_HASH_HEX].to_owned()
}

/// A JSON diff that rebuilds `old` from `new`:
/// `{"base": [bytes, hash], "ops": [[start, len] | "text", …]}` where
/// `[start, len]` copies bytes of `new` and a string is inserted as is.
pub(super) fn make_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(DIFF_TIMEOUT)
        .diff_lines(old, new);
    let old_lines = diff.old_slices();
    let new_lines = diff.new_slices();
    let mut new_offsets = Vec::with_capacity(new_lines.len() + 1);
    let mut at = 0;
    for line in new_lines {
        new_offsets.push(at);
        at += line.len();
    }
    new_offsets.push(at);
    let mut ops: Vec<serde_json::Value> = Vec::new();
    let push_copy = |ops: &mut Vec<serde_json::Value>, start: usize, len: usize| {
        if len == 0 {
            return;
        }
        if let Some(serde_json::Value::Array(last)) = ops.last_mut()
            && let (Some(s), Some(l)) = (
                last.first().and_then(serde_json::Value::as_u64),
                last.get(1).and_then(serde_json::Value::as_u64),
            )
            && (s + l) as usize == start
        {
            last[1] = ((l as usize) + len).into();
            return;
        }
        ops.push(serde_json::json!([start, len]));
    };
    for op in diff.ops() {
        match *op {
            similar::DiffOp::Equal { new_index, len, .. } => {
                let start = new_offsets[new_index];
                push_copy(&mut ops, start, new_offsets[new_index + len] - start);
            }
            similar::DiffOp::Delete {
                old_index, old_len, ..
            }
            | similar::DiffOp::Replace {
                old_index, old_len, ..
            } => {
                let text: String = old_lines[old_index..old_index + old_len].concat();
                match ops.last_mut() {
                    Some(serde_json::Value::String(last)) => last.push_str(&text),
                    _ => ops.push(text.into()),
                }
            }
            similar::DiffOp::Insert { .. } => {}
        }
    }
    serde_json::json!({ "base": [new.len(), base_hash(new)], "ops": ops }).to_string()
}

/// Rebuilds the old text from `current` and a diff made by [`make_diff`];
/// `None` when the diff is not well formed or was made from another text.
pub(super) fn apply_diff(current: &str, diff: &str) -> Option<String> {
    let diff: serde_json::Value = serde_json::from_str(diff).ok()?;
    let base = diff.get("base")?.as_array()?;
    let (bytes, hash) = (base.first()?.as_u64()?, base.get(1)?.as_str()?);
    if bytes != current.len() as u64 || hash != base_hash(current) {
        return None;
    }
    let mut old = String::new();
    for op in diff.get("ops")?.as_array()? {
        match op {
            serde_json::Value::String(text) => old.push_str(text),
            serde_json::Value::Array(range) => {
                let start = usize::try_from(range.first()?.as_u64()?).ok()?;
                let len = usize::try_from(range.get(1)?.as_u64()?).ok()?;
                old.push_str(current.get(start..start.checked_add(len)?)?);
            }
            _ => return None,
        }
    }
    Some(old)
}

// ---- Version 3 histories, converted once by migration 04 ----

/// One literal value as SQLite's `quote()` wrote it.
fn parse_literal(text: &str) -> Option<(Value, &str)> {
    if let Some(rest) = text.strip_prefix("NULL") {
        return Some((Value::Null, rest));
    }
    if let Some(mut rest) = text.strip_prefix('\'') {
        let mut value = String::new();
        loop {
            let end = rest.find('\'')?;
            value.push_str(&rest[..end]);
            rest = &rest[end + 1..];
            if let Some(after) = rest.strip_prefix('\'') {
                value.push('\'');
                rest = after;
            } else {
                return Some((Value::Text(value), rest));
            }
        }
    }
    let digits = text
        .char_indices()
        .take_while(|&(i, c)| c.is_ascii_digit() || (i == 0 && c == '-'))
        .count();
    let (number, rest) = text.split_at(digits);
    number
        .parse::<i64>()
        .ok()
        .map(|n| (Value::Integer(n), rest))
}

fn parse_rowid(text: &str) -> Option<i64> {
    match parse_literal(text)? {
        (Value::Integer(n), "") => Some(n),
        _ => None,
    }
}

/// A version-3 change read as data: what replaying does, the table, the row
/// and the column values.
type OldChange = (Op, &'static str, i64, Vec<(String, Value)>);

/// A change as the version-3 triggers wrote it, as SQL text. Only the three
/// exact shapes those triggers produced are accepted; anything else (an
/// ATTACH, a VACUUM, a second statement, an unknown table or column) is not.
fn parse_v3(statement: &str, known: &dyn Fn(&str) -> Option<Vec<String>>) -> Option<OldChange> {
    if let Some(rest) = statement.strip_prefix("DELETE FROM ") {
        let (table, row) = rest.split_once(" WHERE rowid=")?;
        let table = research_table(table)?;
        return Some((Op::Delete, table, parse_rowid(row)?, Vec::new()));
    }
    if let Some(rest) = statement.strip_prefix("UPDATE ") {
        let (table, mut rest) = rest.split_once(" SET ")?;
        let table = research_table(table)?;
        let columns = known(table)?;
        let mut values = Vec::new();
        loop {
            if let Some(row) = rest.strip_prefix("rowid=rowid WHERE rowid=") {
                return Some((Op::Update, table, parse_rowid(row)?, values));
            }
            let (column, after) = rest.split_once('=')?;
            if !columns.iter().any(|c| c == column) {
                return None;
            }
            let (value, after) = parse_literal(after)?;
            rest = after.strip_prefix(',')?;
            values.push((column.to_owned(), value));
        }
    }
    let rest = statement.strip_prefix("INSERT INTO ")?;
    let (table, rest) = rest.split_once(" (rowid,")?;
    let table = research_table(table)?;
    let columns = known(table)?;
    let (names, mut rest) = rest.split_once(") VALUES (")?;
    let names: Vec<&str> = names.split(',').collect();
    if names.iter().any(|n| !columns.iter().any(|c| c == n)) {
        return None;
    }
    let (row, after) = parse_literal(rest)?;
    let Value::Integer(row) = row else {
        return None;
    };
    rest = after;
    let mut values = Vec::new();
    for name in names {
        let (value, after) = parse_literal(rest.strip_prefix(',')?)?;
        values.push((name.to_owned(), value));
        rest = after;
    }
    (rest == ")").then_some((Op::Insert, table, row, values))
}

/// Migration 04's hook: turns every version-3 undo statement into data,
/// marks the ones that are not what Annals wrote as unreadable (they are
/// never run), fills the new text checksums, and drops the old table.
pub(super) fn migrate_v3_history(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let mut known: HashMap<&'static str, Vec<String>> = HashMap::new();
    for table in RESEARCH_TABLES {
        let cols =
            columns(tx, table).map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))?;
        known.insert(table, cols);
    }
    let lookup = |table: &str| research_table(table).and_then(|t| known.get(t).cloned());
    let statements: Vec<(i64, String)> = tx
        .prepare("SELECT seq, statement FROM undo_log ORDER BY seq")?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get::<_, String>(1).unwrap_or_default()))
        })?
        .collect::<Result<_, _>>()?;
    for (seq, statement) in &statements {
        match parse_v3(statement, &lookup) {
            Some((op, table, row, mut values)) => {
                // A source's text comes back with its checksum.
                let body = values.iter().find_map(|(c, v)| match v {
                    Value::Text(body) if c == "body" => Some(text_sha256(body)),
                    _ => None,
                });
                if let (Some(sha), "sources") = (body, table) {
                    values.push(("body_sha256".to_owned(), Value::Text(sha)));
                }
                tx.execute(
                    "INSERT INTO undo_changes (seq, op, table_name, row_id) VALUES (?1, ?2, ?3, ?4)",
                    params![seq, op.name(), table, row],
                )?;
                for (column, value) in values {
                    tx.execute(
                        "INSERT INTO undo_values (seq, column_name, value) VALUES (?1, ?2, ?3)",
                        params![seq, column, value],
                    )?;
                }
            }
            None => {
                tx.execute(
                    "INSERT INTO undo_changes (seq, op, table_name, row_id) VALUES (?1, 'unreadable', '', 0)",
                    [seq],
                )?;
            }
        }
    }
    tx.execute_batch("DROP TABLE undo_log")?;
    let bodies: Vec<(i64, String)> = tx
        .prepare("SELECT id, body FROM sources")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, body) in bodies {
        tx.execute(
            "UPDATE sources SET body_sha256 = ?2 WHERE id = ?1",
            params![id, text_sha256(&body)],
        )?;
    }
    Ok(())
}

/// The SHA-256 of a text, as 64 lower-case hex digits.
#[must_use]
pub(super) fn text_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(table: &str) -> Option<Vec<String>> {
        let cols: &[&str] = match table {
            "events" => &["id", "uid", "title", "track_id"],
            "event_tags" => &["event_id", "tag_id"],
            _ => return None,
        };
        Some(cols.iter().map(|c| (*c).to_owned()).collect())
    }

    #[test]
    fn the_three_shapes_version_3_wrote_are_read_as_data() {
        let parsed = parse_v3("DELETE FROM events WHERE rowid=12", &known).unwrap();
        assert_eq!((parsed.0, parsed.1, parsed.2), (Op::Delete, "events", 12));
        let (op, table, row, values) = parse_v3(
            "UPDATE events SET title='a WHERE rowid=3 b, it''s',track_id=NULL,rowid=rowid WHERE rowid=7",
            &known,
        )
        .unwrap();
        assert_eq!((op, table, row), (Op::Update, "events", 7));
        assert_eq!(
            values,
            vec![
                (
                    "title".to_owned(),
                    Value::Text("a WHERE rowid=3 b, it's".to_owned())
                ),
                ("track_id".to_owned(), Value::Null)
            ]
        );
        let (op, _, row, values) = parse_v3(
            "INSERT INTO event_tags (rowid,event_id,tag_id) VALUES (4,9,-2)",
            &known,
        )
        .unwrap();
        assert_eq!((op, row), (Op::Insert, 4));
        assert_eq!(values[1], ("tag_id".to_owned(), Value::Integer(-2)));
    }

    #[test]
    fn anything_else_is_not_data() {
        for statement in [
            "VACUUM INTO '/home/u/.ssh/authorized_keys'",
            "ATTACH 'other.annals' AS o; DELETE FROM o.notes",
            "DELETE FROM events WHERE rowid=1; DELETE FROM notes",
            "DELETE FROM events WHERE rowid=1 OR 1",
            "DELETE FROM sqlite_master WHERE rowid=1",
            "UPDATE events SET title='x',rowid=rowid WHERE rowid=1; DROP TABLE events",
            "UPDATE events SET secret='x',rowid=rowid WHERE rowid=1",
            "UPDATE events SET title=(SELECT 1),rowid=rowid WHERE rowid=1",
            "INSERT INTO events (rowid,title) VALUES (1,'a'),(2,'b')",
            "INSERT INTO events (rowid,title) VALUES (1,'a'); VACUUM",
            "INSERT INTO events (rowid,title) SELECT 1, 'a'",
        ] {
            assert!(parse_v3(statement, &known).is_none(), "{statement}");
        }
    }

    #[test]
    fn diffs_rebuild_the_old_text_and_only_from_their_base() {
        let old = "line one\nline two\nline three\n".repeat(200);
        let new = old.replacen("line two", "line 2", 3) + "a tail\n";
        let diff = make_diff(&old, &new);
        assert!(diff.len() < old.len() / 10, "{} bytes", diff.len());
        assert_eq!(apply_diff(&new, &diff).as_deref(), Some(old.as_str()));
        assert_eq!(apply_diff(&format!("{new}x"), &diff), None);
        assert_eq!(apply_diff(&new, "[1,2]"), None);
        let multilingual = "Визит Путина\n푸틴 방북\n普京访问朝鲜\nزيارة بوتين\n";
        let diff = make_diff(multilingual, "Визит\n푸틴 방북\n");
        assert_eq!(
            apply_diff("Визит\n푸틴 방북\n", &diff).as_deref(),
            Some(multilingual)
        );
    }
}
