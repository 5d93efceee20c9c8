//! Everything that can go wrong in the store, typed. Every message is one
//! line that says what and where, without SQL text or SQLite's numeric
//! codes.

use std::path::PathBuf;

/// An error from opening a notebook or applying an action. Refusals say what
/// was wrong in words; the notebook is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No file at the path.
    #[error("there is no notebook at {0}")]
    NotFound(PathBuf),
    /// `create` was asked to overwrite something.
    #[error("{0} already exists; choose a new file name")]
    AlreadyExists(PathBuf),
    /// The file is not an Annals notebook.
    #[error("{path} is not an Annals notebook: {reason}")]
    NotANotebook {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        reason: String,
    },
    /// The file was written by a newer Annals.
    #[error(
        "{path} was made by a newer version of Annals (notebook format {found}; this version reads up to {supported}); update Annals to open it"
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest schema this build knows.
        supported: i64,
    },
    /// The file is damaged: SQLite's check failed or a page is unreadable.
    #[error(
        "{path} is damaged and was not opened; restore a backup (annals backup --restore) or copy out what is readable (annals salvage)"
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What SQLite's check reported, for logs; not shown to people.
        details: String,
    },
    /// The file holds schema objects Annals did not create (a planted
    /// trigger or view, a changed table).
    #[error(
        "{} holds things Annals did not put there, so it was not opened: {}; `annals repair` writes a copy without them",
        path.display(),
        objects.join("; ")
    )]
    ForeignSchema {
        /// The file.
        path: PathBuf,
        /// Each unexpected, changed or missing object, in words.
        objects: Vec<String>,
    },
    /// Another process holds the notebook.
    #[error("this notebook is already open in another Annals window or command: {0}")]
    AlreadyOpen(PathBuf),
    /// The notebook's check has not finished yet; nothing was changed.
    #[error("{0} is still being checked; it can be changed in a moment (nothing was changed)")]
    Unverified(PathBuf),
    /// The notebook was opened read-only; nothing was changed.
    #[error("{0} is open read-only; nothing was changed")]
    ReadOnly(PathBuf),
    /// The notebook cannot be written where it is.
    #[error("cannot change {path}: {reason}")]
    NotWritable {
        /// The file.
        path: PathBuf,
        /// Which of the file or its folder is read-only.
        reason: String,
    },
    /// Reading the notebook needs a crash recovery that a read-only open
    /// cannot do.
    #[error(
        "{0} was interrupted in the middle of a change; open it once for writing (any editing command, or the app) to finish the recovery"
    )]
    NeedsRecovery(PathBuf),
    /// An undo-history entry is not a change Annals recorded: it is never
    /// run.
    #[error(
        "cannot undo or redo “{label}”: its history entry is not a change Annals recorded (the notebook may have been altered by another program); nothing was changed"
    )]
    BadHistory {
        /// The history entry's label.
        label: String,
    },
    /// The action's input is not acceptable; nothing was changed.
    #[error("{0}")]
    Invalid(String),
    /// The action refers to something that does not exist.
    #[error("there is no {kind} with id {id}")]
    Missing {
        /// "event", "source", …
        kind: &'static str,
        /// The id asked for.
        id: i64,
    },
    /// Nothing to undo or redo.
    #[error("nothing to {0}")]
    NothingTo(&'static str),
    /// A file could not be read or written.
    #[error("{context}: {}", io_words(.cause))]
    Io {
        /// What was being done.
        context: String,
        /// The cause (not chained: its words are in the message).
        cause: std::io::Error,
    },
    /// SQLite reported an error. The SQLite error is described in words
    /// and not chained, so no numeric code reaches a message.
    #[error("{}", describe_sqlite(.0))]
    Sqlite(rusqlite::Error),
    /// A schema migration failed; its SQL never reaches a message.
    #[error("could not upgrade the notebook to this version's format: {}", describe_migration(.0))]
    Migration(rusqlite_migration::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Sqlite(error)
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(error: rusqlite_migration::Error) -> Self {
        Self::Migration(error)
    }
}

/// An I/O error in words, without "(os error N)".
fn io_words(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error") {
        Some(at) => text[..at].to_lowercase(),
        None => text,
    }
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// An SQLite error in words, without its numeric code.
#[must_use]
pub fn describe_sqlite(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    let rusqlite::Error::SqliteFailure(failure, message) = error else {
        return format!("the notebook could not be read: {error}");
    };
    let plain = || {
        message
            .clone()
            .unwrap_or_else(|| "an unexpected database error".to_owned())
    };
    match failure.code {
        ErrorCode::ReadOnly => "the file or its folder is read-only".to_owned(),
        ErrorCode::CannotOpen => "the file or its folder cannot be opened or written".to_owned(),
        ErrorCode::DiskFull => "the disk is full".to_owned(),
        ErrorCode::PermissionDenied => "permission was denied".to_owned(),
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            "the notebook is busy in another program".to_owned()
        }
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => "the file is damaged".to_owned(),
        ErrorCode::SystemIoFailure => "the disk reported a read or write error".to_owned(),
        ErrorCode::AuthorizationForStatementDenied => {
            "Annals refused an operation the notebook asked for".to_owned()
        }
        ErrorCode::ConstraintViolation => {
            format!("the change breaks a rule of the notebook ({})", plain())
        }
        _ => plain(),
    }
}

/// A migration error in words, without the migration's SQL.
fn describe_migration(error: &rusqlite_migration::Error) -> String {
    match error {
        rusqlite_migration::Error::RusqliteError { err, .. } => describe_sqlite(err),
        rusqlite_migration::Error::Hook(message) => message.clone(),
        _ => "this version's notebook format is inconsistent".to_owned(),
    }
}

impl StoreError {
    /// True when the error means the file is damaged (the app then offers
    /// the latest good backup).
    #[must_use]
    pub const fn is_damaged(&self) -> bool {
        matches!(self, Self::Corrupt { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_hold_no_sql_and_no_codes() {
        let sqlite = || {
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                Some("attempt to write a readonly database".to_owned()),
            )
        };
        let migration = StoreError::from(rusqlite_migration::Error::RusqliteError {
            query: "CREATE TABLE events (id INTEGER PRIMARY KEY); -- 14 KB of schema".to_owned(),
            err: sqlite(),
        });
        for error in [migration, StoreError::from(sqlite())] {
            let chained = format!("{:#}", anyhow::Error::from(error));
            assert!(
                !chained.contains("CREATE") && !chained.contains("code"),
                "{chained}"
            );
            assert!(
                chained.contains("read-only") && !chained.contains('\n'),
                "{chained}"
            );
        }
        let io = StoreError::Io {
            context: "cannot read /x".to_owned(),
            cause: std::io::Error::from_raw_os_error(13),
        };
        assert_eq!(
            format!("{:#}", anyhow::Error::from(io)),
            "cannot read /x: permission denied"
        );
    }
}
