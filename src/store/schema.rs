//! The schema check at open: a notebook's tables, columns, indexes and
//! triggers must be exactly those the migrations create for its version.
//! A planted trigger, a view shadowing a table, a changed trigger body or a
//! missing index is refused by name before anything in the file can run.

use std::sync::OnceLock;

use rusqlite::Connection;

use super::error::{StoreError, StoreResult};
use super::migrations;

/// One entry of `sqlite_master`, as compared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Object {
    kind: String,
    name: String,
    table: String,
    /// The CREATE statement with runs of white space made one space.
    sql: Option<String>,
}

/// Tables SQLite's full-text and R*Tree modules create for the virtual
/// tables. Their definitions are written by the module's code in the SQLite
/// version that created the notebook and have changed between versions, so
/// only their names and kinds are compared; being plain tables they hold
/// no code, and defensive mode keeps statements from writing them.
const SHADOW_TABLES: &[&str] = &[
    "search_data",
    "search_idx",
    "search_content",
    "search_docsize",
    "search_config",
    "event_extents_node",
    "event_extents_rowid",
    "event_extents_parent",
];

/// FTS5's default `hashsize` (`FTS5_DEFAULT_HASHSIZE`, 1 MB): the one
/// value of the one setting a notebook's `search_config` may hold.
pub(super) const SEARCH_DEFAULT_HASHSIZE_BYTES: i64 = 1024 * 1024;

fn normalised(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn objects(conn: &Connection) -> rusqlite::Result<Vec<Object>> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM main.sqlite_master")?;
    let rows = stmt.query_map([], |r| {
        Ok(Object {
            kind: r.get(0)?,
            name: r.get(1)?,
            table: r.get(2)?,
            sql: r.get::<_, Option<String>>(3)?.as_deref().map(normalised),
        })
    })?;
    let mut objects: Vec<Object> = rows.collect::<Result<_, _>>()?;
    objects.sort();
    Ok(objects)
}

/// The schema after each migration, index 0 for version 1.
fn expected() -> StoreResult<&'static [Vec<Object>]> {
    static EXPECTED: OnceLock<Result<Vec<Vec<Object>>, String>> = OnceLock::new();
    let built = EXPECTED.get_or_init(|| {
        let build = || -> StoreResult<Vec<Vec<Object>>> {
            let mut conn = Connection::open_in_memory()?;
            let migrations = migrations();
            let mut versions = Vec::new();
            for version in 1..=super::schema_version() {
                migrations.to_version(&mut conn, usize::try_from(version).unwrap_or(0))?;
                versions.push(objects(&conn)?);
            }
            Ok(versions)
        };
        build().map_err(|e| e.to_string())
    });
    match built {
        Ok(versions) => Ok(versions),
        Err(e) => Err(StoreError::Invalid(format!(
            "this build of Annals cannot describe its own notebook format: {e}"
        ))),
    }
}

/// The explicit indexes (name, CREATE statement) of `table` in the newest
/// schema, as the migrations create them: the bulk import drops and
/// recreates them from this, the code's own SQL, never the file's.
pub(super) fn indexes_of(table: &str) -> StoreResult<Vec<(String, String)>> {
    let newest = expected()?.last().map(Vec::as_slice).unwrap_or_default();
    Ok(newest
        .iter()
        .filter(|o| o.kind == "index" && o.table == table)
        .filter_map(|o| Some((o.name.clone(), o.sql.clone()?)))
        .collect())
}

fn describe(object: &Object) -> String {
    match object.kind.as_str() {
        "trigger" | "index" => format!(
            "{} ‘{}’ on ‘{}’",
            object.kind,
            printable(&object.name),
            printable(&object.table)
        ),
        kind => format!("{kind} ‘{}’", printable(&object.name)),
    }
}

/// A name from the file, with control characters shown as escapes.
fn printable(name: &str) -> String {
    name.chars().flat_map(char::escape_debug).collect()
}

/// What differs between a notebook's schema and version `version`'s; empty
/// when they are the same.
pub(super) fn differences(conn: &Connection, version: i64) -> StoreResult<Vec<String>> {
    let Some(expected) = usize::try_from(version - 1)
        .ok()
        .and_then(|i| expected().map(|all| all.get(i)).transpose())
        .transpose()?
    else {
        return Ok(vec![format!("the notebook format {version} is unknown")]);
    };
    let found = objects(conn)?;
    let mut problems = Vec::new();
    for object in &found {
        match expected.iter().find(|e| e.name == object.name) {
            None => problems.push(format!("an unknown {}", describe(object))),
            Some(e) if e.kind != object.kind => problems.push(format!(
                "{} where Annals has {} ‘{}’",
                describe(object),
                e.kind,
                printable(&e.name)
            )),
            Some(e) if e.table != object.table => {
                problems.push(format!(
                    "{} is attached to the wrong table",
                    describe(object)
                ));
            }
            Some(e) if e.sql != object.sql && !SHADOW_TABLES.contains(&e.name.as_str()) => {
                problems.push(format!("{} was changed", describe(object)));
            }
            Some(_) => {}
        }
    }
    for object in expected {
        if !found.iter().any(|f| f.name == object.name) {
            problems.push(format!("{} is missing", describe(object)));
        }
    }
    // The full-text index reads its settings from a table. Annals leaves
    // one there: a large import raises `hashsize` for its own writes and
    // sets it back to FTS5's default, which leaves the row
    // `('hashsize', 1048576)` (FTS5 cannot delete a setting). A row equal
    // to the default behaves exactly as no row, so it is accepted; any
    // other value of it, and any other setting, is refused.
    if problems.is_empty() {
        let keys: Vec<String> = conn
            .prepare(
                "SELECT k FROM search_config WHERE k <> 'version'
                 AND NOT (k = 'hashsize' AND typeof(v) = 'integer' AND v = ?1)",
            )?
            .query_map([SEARCH_DEFAULT_HASHSIZE_BYTES], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for key in keys {
            problems.push(format!(
                "an unknown search index setting ‘{}’",
                printable(&key)
            ));
        }
    }
    Ok(problems)
}

/// Refuses a notebook whose schema is not version `version`'s.
pub(super) fn check(conn: &Connection, version: i64, path: &std::path::Path) -> StoreResult<()> {
    let problems = differences(conn, version)?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::ForeignSchema {
            path: path.to_owned(),
            objects: problems,
        })
    }
}
