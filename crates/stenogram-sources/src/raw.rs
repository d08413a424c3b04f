//! What a reader produces: a raw document, or an error naming the place.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// A decoded document with its metadata and origin, not yet parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    /// The source's own id (dataset `id`, `index.csv` row), else the file stem.
    pub id: String,
    /// The text after decoding and newline normalisation, nothing else.
    pub text: String,
    pub meta: Metadata,
    pub origin: Origin,
    /// The structure, when the source gives it (TEI utterances, …): the
    /// store then uses it as it is instead of parsing `text`. Its offsets
    /// index into `text`.
    pub document: Option<Box<stenogram_core::Document>>,
    /// Things worth telling the user that did not stop the read (a byte
    /// replaced in a page that is not valid UTF-8, …).
    pub warnings: Vec<String>,
}

/// What the source says about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    pub url: Option<String>,
    /// Every other field or column, as given.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Where a document came from: a file, and the line or row within it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub path: PathBuf,
    /// `line 12` for datasets; `None` for a whole file.
    pub locator: Option<String>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(locator) = &self.locator {
            write!(f, ", {locator}")?;
        }
        Ok(())
    }
}

/// An input, or a piece of one, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct SourceError {
    pub origin: Origin,
    pub message: String,
}

impl SourceError {
    pub fn new(
        path: impl Into<PathBuf>,
        locator: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            origin: Origin {
                path: path.into(),
                locator,
            },
            message: message.into(),
        }
    }
}

/// Normalises a source's date to ISO 8601 (`YYYY-MM-DD`, `YYYY-MM` or
/// `YYYY`), accepting a full date-time (`2019-05-09T12:00:00+03:00`,
/// `2019-05-09 12:00`) whose time is dropped. `None` when it is no date.
pub fn normalise_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let date = raw.split(['T', ' ']).next()?;
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let valid = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u8>().ok()?),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && stenogram_core::Day::parse_iso(date).is_some()
        }
        _ => false,
    };
    valid.then(|| date.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_normalise_or_refuse() {
        assert_eq!(normalise_date("2019-05-09").as_deref(), Some("2019-05-09"));
        assert_eq!(
            normalise_date("2019-05-09T12:00:00+03:00").as_deref(),
            Some("2019-05-09")
        );
        assert_eq!(normalise_date(" 2019-05 ").as_deref(), Some("2019-05"));
        assert_eq!(normalise_date("2019").as_deref(), Some("2019"));
        assert_eq!(normalise_date("2019-02-30"), None);
        assert_eq!(normalise_date("9 May 2019"), None);
        assert_eq!(normalise_date("2019-13"), None);
    }

    #[test]
    fn errors_name_file_and_place() {
        let err = SourceError::new("data/a.jsonl", Some("line 3".into()), "no `text` field");
        assert_eq!(err.to_string(), "data/a.jsonl, line 3: no `text` field");
    }
}
