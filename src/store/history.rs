//! Undo and redo, persisted in the notebook.
//!
//! This is SQLite's documented trigger-based undo log ("Automatic Undo/Redo
//! With SQLite", sqlite.org/undoredo.html): a trigger on every research table
//! writes the exact inverse of each row change into `undo_log`. An action's
//! statements form one `history` entry. Undoing runs them newest first; the
//! triggers meanwhile record the inverse of the undo, which becomes the redo.
//! Cascades (deleting a source removes its excerpts and links) are captured
//! because SQLite fires triggers for foreign-key actions too, and deferred
//! foreign keys let the replay run in any order within its transaction.
//!
//! The triggers are TEMP: generated at open from the live schema, so a
//! migration that adds a column can never leave a stale trigger behind.

use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::error::{StoreError, StoreResult};

/// The tables that hold research data, parents before children.
pub(super) const RESEARCH_TABLES: &[&str] = &[
    "tracks",
    "tags",
    "sources",
    "events",
    "event_tags",
    "excerpts",
    "event_excerpts",
    "notes",
];

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// Position in the history.
    pub id: i64,
    /// Imperative label: "add event ‘Putin–Kim summit’".
    pub label: String,
    /// Past-tense sentence: "Added event ‘Putin–Kim summit’".
    pub past: String,
    /// When it was done, seconds since 1970-01-01 UTC.
    pub done_at: i64,
    /// True if it is currently undone (and can be redone).
    pub undone: bool,
}

fn columns(conn: &Connection, table: &str) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let names = stmt.query_map([], |row| row.get::<_, String>("name"))?;
    Ok(names.collect::<Result<_, _>>()?)
}

/// Creates the TEMP triggers that log inverse statements.
pub(super) fn install_triggers(conn: &Connection) -> StoreResult<()> {
    let mut sql = String::new();
    for table in RESEARCH_TABLES {
        let cols = columns(conn, table)?;
        let column_list = cols.join(",");
        let old_values = cols
            .iter()
            .map(|c| format!("quote(old.{c})"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        // Only changed columns are logged, so editing a source's title does
        // not copy its (possibly megabytes of) text into the log.
        let assignments = cols
            .iter()
            .map(|c| format!("CASE WHEN old.{c} IS NOT new.{c} THEN '{c}=' || quote(old.{c}) || ',' ELSE '' END"))
            .collect::<Vec<_>>()
            .join(" || ");
        sql.push_str(&format!(
            "DROP TRIGGER IF EXISTS temp.undo_{table}_insert;
             DROP TRIGGER IF EXISTS temp.undo_{table}_update;
             DROP TRIGGER IF EXISTS temp.undo_{table}_delete;
             CREATE TEMP TRIGGER undo_{table}_insert AFTER INSERT ON main.{table} BEGIN
                 INSERT INTO undo_log (statement)
                 VALUES ('DELETE FROM {table} WHERE rowid=' || new.rowid);
             END;
             CREATE TEMP TRIGGER undo_{table}_update AFTER UPDATE ON main.{table} BEGIN
                 INSERT INTO undo_log (statement)
                 VALUES ('UPDATE {table} SET ' || {assignments} || 'rowid=rowid WHERE rowid=' || old.rowid);
             END;
             CREATE TEMP TRIGGER undo_{table}_delete AFTER DELETE ON main.{table} BEGIN
                 INSERT INTO undo_log (statement)
                 VALUES ('INSERT INTO {table} (rowid,{column_list}) VALUES (' || old.rowid || ',' || {old_values} || ')');
             END;"
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

fn last_seq(tx: &Transaction<'_>) -> StoreResult<i64> {
    Ok(tx.query_row(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'undo_log'), 0)",
        [],
        |r| r.get(0),
    )?)
}

/// Starts recording an action: drops the redo stack (a new action ends it)
/// and returns the log position the action's statements will follow.
pub(super) fn begin_action_tx(tx: &Transaction<'_>) -> StoreResult<i64> {
    // Delete by primary-key ranges: a scan of the whole log per action would
    // grow with the notebook's history.
    let undone: Vec<(i64, i64)> = tx
        .prepare_cached("SELECT first_seq, last_seq FROM history WHERE undone = 1")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (first, last) in undone {
        tx.prepare_cached("DELETE FROM undo_log WHERE seq BETWEEN ?1 AND ?2")?
            .execute([first, last])?;
    }
    tx.prepare_cached("DELETE FROM history WHERE undone = 1")?
        .execute([])?;
    last_seq(tx)
}

fn new_statements(tx: &Transaction<'_>, mark: i64) -> StoreResult<Option<(i64, i64)>> {
    let range: (Option<i64>, Option<i64>) = tx.query_row(
        "SELECT min(seq), max(seq) FROM undo_log WHERE seq > ?1",
        [mark],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match range {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    })
}

/// "add event ‘X’" → "Added event ‘X’".
fn past_tense(label: &str) -> String {
    let (verb, rest) = label.split_once(' ').unwrap_or((label, ""));
    let past = match verb {
        "add" => "Added",
        "edit" => "Edited",
        "delete" => "Deleted",
        "link" => "Linked",
        "unlink" => "Unlinked",
        "rename" => "Renamed",
        "cut" => "Cut",
        "recolour" => "Recoloured",
        other => return format!("{}{}", other[..1].to_uppercase(), &label[1..]),
    };
    if rest.is_empty() {
        past.to_owned()
    } else {
        format!("{past} {rest}")
    }
}

/// Records the statements logged since `mark` as one history entry. An
/// action that changed nothing leaves no entry.
pub(super) fn record_action_tx(
    tx: &Transaction<'_>,
    mark: i64,
    label: &str,
) -> StoreResult<super::changes::Changes> {
    let mut changes = super::changes::Changes::default();
    if let Some((first, last)) = new_statements(tx, mark)? {
        changes = super::changes::changes_in(tx, first, last)?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        tx.execute(
            "INSERT INTO history (label, past, done_at, undone, first_seq, last_seq)
             VALUES (?1, ?2, ?3, 0, ?4, ?5)",
            params![label, past_tense(label), now, first, last],
        )?;
    }
    Ok(changes)
}

/// Runs an entry's statements newest first, replacing them with the
/// statements that reverse the replay.
fn replay_tx(
    tx: &Transaction<'_>,
    id: i64,
    first: i64,
    last: i64,
    undone: bool,
) -> StoreResult<super::changes::Changes> {
    let mark = last_seq(tx)?;
    let statements: Vec<String> = tx
        .prepare("SELECT statement FROM undo_log WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq DESC")?
        .query_map([first, last], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    tx.execute(
        "DELETE FROM undo_log WHERE seq BETWEEN ?1 AND ?2",
        [first, last],
    )?;
    for statement in &statements {
        tx.execute_batch(statement)?;
    }
    let (new_first, new_last) = new_statements(tx, mark)?.unwrap_or((0, -1));
    tx.execute(
        "UPDATE history SET undone = ?1, first_seq = ?2, last_seq = ?3 WHERE id = ?4",
        params![undone, new_first, new_last, id],
    )?;
    super::changes::changes_in(tx, new_first, new_last)
}

fn step_tx(tx: &Transaction<'_>, undo: bool) -> StoreResult<(String, super::changes::Changes)> {
    let sql = if undo {
        "SELECT id, label, first_seq, last_seq FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1"
    } else {
        "SELECT id, label, first_seq, last_seq FROM history WHERE undone = 1 ORDER BY id ASC LIMIT 1"
    };
    let entry: Option<(i64, String, i64, i64)> = tx
        .query_row(sql, [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((id, label, first, last)) = entry else {
        return Err(StoreError::NothingTo(if undo { "undo" } else { "redo" }));
    };
    let changes = replay_tx(tx, id, first, last, undo)?;
    Ok((label, changes))
}

/// Undoes the newest done action.
pub(super) fn undo_tx(tx: &Transaction<'_>) -> StoreResult<(String, super::changes::Changes)> {
    step_tx(tx, true)
}

/// Redoes the oldest undone action.
pub(super) fn redo_tx(tx: &Transaction<'_>) -> StoreResult<(String, super::changes::Changes)> {
    step_tx(tx, false)
}

/// The label undo (or redo) would act on.
pub(super) fn next_label(conn: &Connection, redo: bool) -> StoreResult<Option<String>> {
    let sql = if redo {
        "SELECT label FROM history WHERE undone = 1 ORDER BY id ASC LIMIT 1"
    } else {
        "SELECT label FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1"
    };
    Ok(conn.query_row(sql, [], |r| r.get(0)).optional()?)
}

/// History, newest first.
pub(super) fn list(conn: &Connection, limit: usize) -> StoreResult<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, label, past, done_at, undone FROM history ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
        Ok(HistoryEntry {
            id: r.get("id")?,
            label: r.get("label")?,
            past: r.get("past")?,
            done_at: r.get("done_at")?,
            undone: r.get("undone")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every research row (and the search index) as text, in a stable order.
pub(super) fn dump(conn: &Connection) -> StoreResult<String> {
    let mut out = String::new();
    for table in RESEARCH_TABLES {
        let cols = columns(conn, table)?;
        let select = cols
            .iter()
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut stmt = conn.prepare(&format!(
            "SELECT rowid || '|' || {select} FROM {table} ORDER BY rowid"
        ))?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            out.push_str(table);
            out.push('|');
            out.push_str(&row?);
            out.push('\n');
        }
    }
    let mut stmt = conn.prepare(
        "SELECT rowid || '|' || quote(title) || '|' || quote(body) FROM search ORDER BY rowid",
    )?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        out.push_str("search|");
        out.push_str(&row?);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::past_tense;

    #[test]
    fn past_tense_of_labels() {
        assert_eq!(
            past_tense("add event ‘Putin–Kim summit’"),
            "Added event ‘Putin–Kim summit’"
        );
        assert_eq!(past_tense("delete source ‘A’"), "Deleted source ‘A’");
        assert_eq!(past_tense("move things"), "Move things");
    }
}
