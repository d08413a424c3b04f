//! Errors of the exporters.

use std::path::PathBuf;

use stenogram_store::StoreError;

/// What can go wrong writing an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed (or the filter was not valid).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing a file failed.
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    /// Arrow or Parquet refused a batch.
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    /// The caller asked for something that cannot be done.
    #[error("{0}")]
    Usage(String),
}

impl ExportError {
    /// True when the user's request, not the store or the disk, is at fault.
    pub fn is_usage(&self) -> bool {
        match self {
            ExportError::Store(e) => e.is_usage(),
            ExportError::Usage(_) => true,
            _ => false,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, error: impl std::fmt::Display) -> Self {
        ExportError::Io {
            path: path.into(),
            message: error.to_string(),
        }
    }
}
