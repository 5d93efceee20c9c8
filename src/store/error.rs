//! Everything that can go wrong in the store, typed.

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
    /// The integrity check failed.
    #[error("{path} is damaged and was not opened: {details}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What SQLite's check reported.
        details: String,
    },
    /// Another process holds the notebook.
    #[error("this notebook is already open in another Annals window or command: {0}")]
    AlreadyOpen(PathBuf),
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
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The cause.
        source: std::io::Error,
    },
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A schema migration failed.
    #[error("could not upgrade the notebook: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;
