//! Every connection to a notebook is hardened before it reads the file: a
//! notebook comes from anyone, so nothing stored in it may run as code.
//!
//! - `SQLITE_DBCONFIG_DEFENSIVE` forbids writing the schema table directly
//!   and other ways of corrupting the file on purpose.
//! - `trusted_schema` is off: triggers and views in the file may not call
//!   functions with side effects or touch virtual tables that are not
//!   innocuous.
//! - Views are switched off altogether (a notebook has none), so a planted
//!   view shadowing a table cannot even be read.
//! - ATTACH may neither create nor write files.
//! - Extension loading stays off (rusqlite's `load_extension` feature is
//!   not enabled, and SQLite's default is off).
//! - An authorizer refuses ATTACH, DETACH (and so `VACUUM INTO`, which
//!   attaches its target), schema changes, `ANALYZE` and all but a few
//!   pragmas, except while the store itself runs one of its own trusted
//!   steps (migrations, the undo triggers, a clean copy).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use rusqlite::config::DbConfig;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};

use super::error::StoreResult;

/// Pragmas the store itself runs; every other pragma is refused.
const ALLOWED_PRAGMAS: &[&str] = &[
    "application_id",
    "busy_timeout",
    "cache_size",
    "foreign_key_check",
    "foreign_keys",
    "freelist_count",
    "index_info",
    "index_list",
    "integrity_check",
    "journal_mode",
    "page_count",
    "page_size",
    "quick_check",
    "synchronous",
    "table_info",
    "user_version",
    "data_version",
    "locking_mode",
];

/// SQL functions refused even in the store's own statements: none of them is
/// needed, and each can reach outside the notebook.
const REFUSED_FUNCTIONS: &[&str] = &["load_extension", "fts3_tokenizer", "readfile", "writefile"];

/// Lets the store run its own schema changes on a hardened connection.
#[derive(Debug, Clone, Default)]
pub(super) struct Trust(Arc<AtomicBool>);

impl Trust {
    /// Runs `f` with schema changes and ATTACH allowed; refused again after,
    /// also when `f` fails.
    pub(super) fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        struct Reset<'a>(&'a AtomicBool);
        impl Drop for Reset<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::SeqCst);
            }
        }
        self.0.store(true, Ordering::SeqCst);
        let _reset = Reset(&self.0);
        f()
    }

    fn trusted(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// What the authorizer decides for one action.
fn decide(trust: &Trust, context: &AuthContext<'_>) -> Authorization {
    match context.action {
        AuthAction::Read { .. }
        | AuthAction::Select
        | AuthAction::Insert { .. }
        | AuthAction::Update { .. }
        | AuthAction::Delete { .. }
        | AuthAction::Transaction { .. }
        | AuthAction::Savepoint { .. }
        | AuthAction::Recursive => Authorization::Allow,
        AuthAction::Function { function_name } => {
            if REFUSED_FUNCTIONS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(function_name))
            {
                Authorization::Deny
            } else {
                Authorization::Allow
            }
        }
        AuthAction::Pragma { pragma_name, .. } => {
            if ALLOWED_PRAGMAS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(pragma_name))
                || trust.trusted()
            {
                Authorization::Allow
            } else {
                Authorization::Deny
            }
        }
        // A statement from a trigger stored in the file never attaches,
        // changes the schema or analyses, trusted step or not.
        _ if context.accessor.is_some() && !trust.trusted() => Authorization::Deny,
        _ if trust.trusted() => Authorization::Allow,
        _ => Authorization::Deny,
    }
}

/// Hardens a fresh connection; returns the switch for the store's own
/// trusted steps.
pub(super) fn harden(conn: &Connection) -> StoreResult<Trust> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_CREATE, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_WRITE, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DML, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DDL, false)?;
    let trust = Trust::default();
    let hook_trust = trust.clone();
    conn.authorizer(Some(move |context: AuthContext<'_>| {
        decide(&hook_trust, &context)
    }))?;
    Ok(trust)
}

/// Lets `VACUUM INTO` create and write its target for one trusted step.
pub(super) fn allow_attach_files(conn: &Connection, allow: bool) -> StoreResult<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_CREATE, allow)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_WRITE, allow)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hardened() -> (tempfile::TempDir, Connection, Trust) {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("n.annals")).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let trust = harden(&conn).unwrap();
        (dir, conn, trust)
    }

    #[test]
    fn attach_detach_vacuum_into_and_schema_changes_are_refused() {
        let (dir, conn, _trust) = hardened();
        let other = dir.path().join("other.db");
        for sql in [
            format!("ATTACH '{}' AS o", other.display()),
            "DETACH main".to_owned(),
            format!("VACUUM INTO '{}'", other.display()),
            "VACUUM".to_owned(),
            "CREATE TABLE u (y)".to_owned(),
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t; END".to_owned(),
            "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t; END".to_owned(),
            "CREATE VIEW v AS SELECT * FROM t".to_owned(),
            "DROP TABLE t".to_owned(),
            "ALTER TABLE t ADD COLUMN z".to_owned(),
            "ANALYZE".to_owned(),
            "PRAGMA writable_schema = ON".to_owned(),
            "SELECT load_extension('x')".to_owned(),
        ] {
            let result = conn.execute_batch(&sql);
            assert!(result.is_err(), "{sql} was allowed");
        }
        assert!(!other.exists(), "a file was created");
        let count: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1);
    }

    #[test]
    fn the_stores_own_steps_may_change_the_schema_and_only_while_trusted() {
        let (_dir, conn, trust) = hardened();
        trust
            .run(|| conn.execute_batch("CREATE TABLE u (y)"))
            .unwrap();
        assert!(conn.execute_batch("CREATE TABLE w (y)").is_err());
        let failed: rusqlite::Result<()> = trust.run(|| {
            conn.execute_batch("CREATE TABLE v (y)")?;
            Err(rusqlite::Error::InvalidQuery)
        });
        assert!(failed.is_err());
        assert!(conn.execute_batch("CREATE TABLE x (y)").is_err());
    }
}
