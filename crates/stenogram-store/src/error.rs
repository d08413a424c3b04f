//! Errors of the store.

use std::path::PathBuf;

/// What can go wrong opening, writing or querying a data directory.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no stenogram store at {0} (run `stenogram ingest PATH...` first, or pass --data)")]
    Missing(PathBuf),
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(
        "the store at {path} has schema version {found}; this stenogram reads version {expected}"
    )]
    SchemaVersion {
        path: PathBuf,
        found: i64,
        expected: i64,
    },
    #[error("another stenogram process is writing to {0}")]
    Busy(PathBuf),
    /// A query or filter the user wrote that cannot be run.
    #[error("{0}")]
    Query(String),
}

impl StoreError {
    /// True when the user's request, not the store, is at fault.
    pub fn is_usage(&self) -> bool {
        matches!(self, StoreError::Query(_))
    }
}

impl From<tantivy::query::QueryParserError> for StoreError {
    fn from(e: tantivy::query::QueryParserError) -> Self {
        StoreError::Query(format!("cannot read the query: {e}"))
    }
}
