//! Undo and redo, persisted in the notebook.
//!
//! This follows SQLite's documented trigger-based undo log ("Automatic
//! Undo/Redo With SQLite", sqlite.org/undoredo.html), with one change: the
//! triggers record each row change as data (see [`super::undo`]), not as SQL
//! text, and undo replays that data with statements this code owns. An
//! action's changes form one `history` entry. Undoing replays them newest
//! first; the triggers meanwhile record the inverse of the replay, which
//! becomes the redo. Cascades (deleting a source removes its excerpts and
//! links) are captured because SQLite fires triggers for foreign-key actions
//! too, and deferred foreign keys let the replay run in any order within its
//! transaction.
//!
//! The triggers are TEMP: generated at open from the checked schema, so a
//! migration that adds a column can never leave a stale trigger behind, and
//! none of them is stored in the file.

use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::error::{StoreError, StoreResult};
pub(super) use super::undo::RESEARCH_TABLES;
use super::undo::{self, columns};

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

/// How much undo history a notebook keeps; older steps are forgotten as new
/// ones are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryLimits {
    /// Keep at most this many steps (0: no limit).
    pub steps: u32,
    /// Forget steps older than this many days (0: no limit).
    pub days: u32,
}

impl HistoryLimits {
    /// The default: the newest 1,000 steps, whatever their age. A thousand
    /// steps is months of work for one researcher, while the file stays
    /// small; age alone never drops what someone may still want to undo.
    pub const DEFAULT: Self = Self {
        steps: 1000,
        days: 0,
    };
}

impl Default for HistoryLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// `settings` keys of the limits.
const KEEP_STEPS_KEY: &str = "history_keep_steps";
/// See [`KEEP_STEPS_KEY`].
const KEEP_DAYS_KEY: &str = "history_keep_days";

/// Seconds in a day, for the age limit.
const SECONDS_PER_DAY: i64 = 86_400;

fn quoted_column(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Creates the TEMP triggers that record every row change as data.
pub(super) fn install_triggers(conn: &Connection) -> StoreResult<()> {
    let mut sql = String::new();
    let seq = "(SELECT max(seq) FROM undo_changes)";
    for table in RESEARCH_TABLES {
        let cols = columns(conn, table)?;
        let all_values = cols
            .iter()
            .map(|c| format!("({seq}, '{c}', old.{})", quoted_column(c)))
            .collect::<Vec<_>>()
            .join(", ");
        // Only changed columns are logged, so editing a source's title does
        // not copy its (possibly megabytes of) text into the log.
        let changed_values = cols
            .iter()
            .map(|c| {
                let q = quoted_column(c);
                format!("SELECT {seq}, '{c}', old.{q} WHERE old.{q} IS NOT new.{q}")
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        sql.push_str(&format!(
            "DROP TRIGGER IF EXISTS temp.undo_{table}_insert;
             DROP TRIGGER IF EXISTS temp.undo_{table}_update;
             DROP TRIGGER IF EXISTS temp.undo_{table}_delete;
             CREATE TEMP TRIGGER undo_{table}_insert AFTER INSERT ON main.{table} BEGIN
                 INSERT INTO undo_changes (op, table_name, row_id) VALUES ('delete', '{table}', new.rowid);
             END;
             CREATE TEMP TRIGGER undo_{table}_update AFTER UPDATE ON main.{table} BEGIN
                 INSERT INTO undo_changes (op, table_name, row_id) VALUES ('update', '{table}', old.rowid);
                 INSERT INTO undo_values (seq, column_name, value) {changed_values};
             END;
             CREATE TEMP TRIGGER undo_{table}_delete AFTER DELETE ON main.{table} BEGIN
                 INSERT INTO undo_changes (op, table_name, row_id) VALUES ('insert', '{table}', old.rowid);
                 INSERT INTO undo_values (seq, column_name, value) VALUES {all_values};
             END;"
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

fn last_seq(tx: &Connection) -> StoreResult<i64> {
    Ok(tx.query_row(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'undo_changes'), 0)",
        [],
        |r| r.get(0),
    )?)
}

/// Deletes the recorded changes `first..=last`.
fn forget_changes(tx: &Connection, first: i64, last: i64) -> StoreResult<()> {
    tx.prepare_cached("DELETE FROM undo_values WHERE seq BETWEEN ?1 AND ?2")?
        .execute([first, last])?;
    tx.prepare_cached("DELETE FROM undo_spans WHERE seq BETWEEN ?1 AND ?2")?
        .execute([first, last])?;
    tx.prepare_cached("DELETE FROM undo_changes WHERE seq BETWEEN ?1 AND ?2")?
        .execute([first, last])?;
    Ok(())
}

/// Starts recording an action: drops the redo stack (a new action ends it)
/// and returns the log position the action's changes will follow.
pub(super) fn begin_action_tx(tx: &Transaction<'_>) -> StoreResult<i64> {
    // Delete by primary-key ranges: a scan of the whole log per action would
    // grow with the notebook's history.
    let undone: Vec<(i64, i64)> = tx
        .prepare_cached("SELECT first_seq, last_seq FROM history WHERE undone = 1")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (first, last) in undone {
        forget_changes(tx, first, last)?;
    }
    tx.prepare_cached("DELETE FROM history WHERE undone = 1")?
        .execute([])?;
    last_seq(tx)
}

fn new_changes(tx: &Connection, mark: i64) -> StoreResult<Option<(i64, i64)>> {
    let range: (Option<i64>, Option<i64>) = tx.query_row(
        "SELECT min(seq), max(seq) FROM undo_changes WHERE seq > ?1",
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
        "import" => "Imported",
        "edit" => "Edited",
        "delete" => "Deleted",
        "link" => "Linked",
        "unlink" => "Unlinked",
        "rename" => "Renamed",
        "cut" => "Cut",
        "recolour" => "Recoloured",
        "hide" => "Hid",
        "show" => "Showed",
        "move" => "Moved",
        "merge" => "Merged",
        "save" => "Saved",
        "set" => "Set",
        "mark" => "Marked",
        "remove" => "Removed",
        _ => {
            let mut chars = label.chars();
            return chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect());
        }
    };
    if rest.is_empty() {
        past.to_owned()
    } else {
        format!("{past} {rest}")
    }
}

fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Records the changes logged since `mark` as one history entry. An action
/// that changed nothing leaves no entry.
pub(super) fn record_action_tx(
    tx: &Transaction<'_>,
    mark: i64,
    label: &str,
) -> StoreResult<super::changes::Changes> {
    let mut changes = super::changes::Changes::default();
    if let Some((first, last)) = new_changes(tx, mark)? {
        undo::compact_tx(tx, first, last)?;
        changes = super::changes::changes_in(tx, first, last)?;
        tx.execute(
            "INSERT INTO history (label, past, done_at, undone, first_seq, last_seq)
             VALUES (?1, ?2, ?3, 0, ?4, ?5)",
            params![label, past_tense(label), now_seconds(), first, last],
        )?;
        trim_tx(tx, limits(tx)?)?;
    }
    // The redo steps dropped and the old steps trimmed may have been the
    // last to name a kept original file.
    super::originals::collect_tx(tx)?;
    Ok(changes)
}

/// Replays an entry's changes newest first, replacing them with the changes
/// that reverse the replay.
fn replay_tx(
    tx: &Transaction<'_>,
    entry: (i64, &str, i64, i64),
    undone: bool,
) -> StoreResult<super::changes::Changes> {
    let (id, label, first, last) = entry;
    let mark = last_seq(tx)?;
    undo::replay_tx(tx, first, last, label)?;
    forget_changes(tx, first, last)?;
    let (new_first, new_last) = new_changes(tx, mark)?.unwrap_or((0, -1));
    undo::compact_tx(tx, new_first, new_last)?;
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
    let changes = replay_tx(tx, (id, &label, first, last), undo)?;
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

/// The notebook's history limits (the defaults where none were set).
pub(super) fn limits(conn: &Connection) -> StoreResult<HistoryLimits> {
    let read = |key: &str, default: u32| -> StoreResult<u32> {
        let value: Option<i64> = conn
            .prepare_cached(
                "SELECT value FROM settings WHERE key = ?1 AND typeof(value) = 'integer'",
            )?
            .query_row([key], |r| r.get(0))
            .optional()?;
        Ok(value.map_or(default, |v| u32::try_from(v).unwrap_or(default)))
    };
    Ok(HistoryLimits {
        steps: read(KEEP_STEPS_KEY, HistoryLimits::DEFAULT.steps)?,
        days: read(KEEP_DAYS_KEY, HistoryLimits::DEFAULT.days)?,
    })
}

/// Stores new limits and forgets what they no longer keep.
pub(super) fn set_limits_tx(tx: &Transaction<'_>, limits: HistoryLimits) -> StoreResult<()> {
    for (key, value) in [(KEEP_STEPS_KEY, limits.steps), (KEEP_DAYS_KEY, limits.days)] {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, i64::from(value)],
        )?;
    }
    trim_tx(tx, limits)?;
    super::originals::collect_tx(tx)
}

/// Forgets the oldest steps beyond the limits.
fn trim_tx(tx: &Transaction<'_>, limits: HistoryLimits) -> StoreResult<()> {
    let mut cutoff: Option<i64> = None;
    if limits.steps > 0 {
        cutoff = tx
            .prepare_cached("SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?1")?
            .query_row([i64::from(limits.steps)], |r| r.get(0))
            .optional()?;
    }
    if limits.days > 0 {
        let oldest_kept = now_seconds() - i64::from(limits.days) * SECONDS_PER_DAY;
        let by_age: Option<i64> = tx
            .prepare_cached("SELECT max(id) FROM history WHERE done_at < ?1 AND undone = 0")?
            .query_row([oldest_kept], |r| r.get(0))?;
        cutoff = cutoff.max(by_age);
    }
    let Some(cutoff) = cutoff else {
        return Ok(());
    };
    let ranges: Vec<(i64, i64)> = tx
        .prepare_cached("SELECT first_seq, last_seq FROM history WHERE id <= ?1")?
        .query_map([cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (first, last) in ranges {
        forget_changes(tx, first, last)?;
    }
    tx.prepare_cached("DELETE FROM history WHERE id <= ?1")?
        .execute([cutoff])?;
    Ok(())
}

/// Every research row (and the search index) as text, in a stable order.
pub(super) fn dump(conn: &Connection) -> StoreResult<String> {
    let mut out = String::new();
    for table in RESEARCH_TABLES {
        let cols = columns(conn, table)?;
        let select = cols
            .iter()
            .map(|c| format!("quote({})", quoted_column(c)))
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
        assert_eq!(past_tense("move track ‘A’"), "Moved track ‘A’");
        assert_eq!(past_tense("hide track ‘A’"), "Hid track ‘A’");
        // An unknown verb is only capitalised.
        assert_eq!(past_tense("shuffle things"), "Shuffle things");
        assert_eq!(past_tense("übersetzen"), "Übersetzen");
    }
}
