//! Plain-text transcripts: one file, one document.

use crate::discover::{file_stem, io_message, Input};
use crate::raw::{Metadata, Origin, Raw, SourceError};

/// Reads and decodes one text file; its id is the `index.csv` id or the stem.
pub(crate) fn read_text(input: &Input) -> Result<Raw, SourceError> {
    let path = &input.path;
    let bytes = std::fs::read(path).map_err(|e| SourceError::new(path, None, io_message(&e)))?;
    let text = stenogram_core::decode_utf8(&bytes).map_err(|e| match e {
        stenogram_core::DecodeError::InvalidUtf8 {
            line,
            column,
            offset,
        } => SourceError::new(
            path,
            Some(format!("line {line}, column {column} (byte {offset})")),
            "invalid UTF-8; re-encode the file as UTF-8",
        ),
    })?;
    Ok(Raw {
        id: input.index_id.clone().unwrap_or_else(|| file_stem(path)),
        text,
        meta: input
            .index_row
            .as_deref()
            .cloned()
            .unwrap_or_else(Metadata::default),
        origin: Origin {
            path: path.clone(),
            locator: None,
        },
        document: None,
        warnings: Vec::new(),
    })
}
