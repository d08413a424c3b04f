//! stenogram-sources: readers that turn files and datasets into raw
//! documents (decoded text, metadata and where each came from), ready for
//! the core's parser. They read and decode; they never guess silently: a
//! file or line they cannot read becomes a [`SourceError`] naming the file
//! and the place, and the reader goes on with the rest.
//!
//! Inputs known so far:
//! - a plain-text transcript (`.txt`, or any file named explicitly), its id
//!   the file stem;
//! - a folder of `.txt` with an `index.csv` whose `id` column matches the
//!   file stems (`date`, `title`, `url` taken from it, other columns kept);
//! - kremlin.ru event pages (`.html`, `.htm`): metadata and body, see [`html`];
//! - CSV datasets with a header row (`.csv`; a folder's `index.csv` is
//!   metadata, not a dataset); columns mapped with [`FieldMap`];
//! - ParlaMint TEI (`.xml`): a corpus root (`teiCorpus`, its `xi:include`d
//!   components read in order) or one component (`TEI`), one document per
//!   sitting with its structure built from the XML, see `tei`;
//! - JSON Lines datasets, plain (`.jsonl`, `.ndjson`) or zstd-compressed
//!   (`.jsonl.zst`): one document per line with `id`, `date`, `title`,
//!   `url`, `text`, other fields kept as metadata.

mod discover;
mod fields;
pub mod html;
mod jsonl;
mod raw;
mod table;
mod tei;
mod text;

pub use discover::{discover, Discovery, Input, InputKind};
pub use fields::FieldMap;
pub use raw::{normalise_date, Metadata, Origin, Raw, SourceError};

/// A document from a dataset record already in memory (a row of a
/// DataFrame, a JSON object): the same rules as a JSON Lines line (`text`
/// required, `id` else `default_id`, `date` normalised, `title`, `url`,
/// the other fields kept as metadata). The error names `origin`.
pub fn raw_from_record(
    fields: serde_json::Map<String, serde_json::Value>,
    default_id: &str,
    origin: Origin,
) -> Result<Raw, SourceError> {
    match jsonl::document_of_fields(fields, &FieldMap::default(), default_id) {
        Ok((id, text, meta)) => Ok(Raw {
            id,
            text,
            meta,
            origin,
            document: None,
            warnings: Vec::new(),
        }),
        Err(message) => Err(SourceError { origin, message }),
    }
}

/// How to read datasets.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Which column or key holds which field (CSV and JSON Lines).
    pub map: FieldMap,
}

/// A document whose text is empty or blank comes through as it is; the
/// caller decides (the store skips it and says so).
///
/// Reads every document of `input`, in order, handing each (or the error
/// that stopped it) to `sink`. `progress` is told how many bytes of the
/// input file have been consumed so far. Returns early when `sink` returns
/// `false`.
pub fn read(
    input: &Input,
    options: &ReadOptions,
    progress: &mut dyn FnMut(u64),
    sink: &mut dyn FnMut(Result<Raw, SourceError>) -> bool,
) {
    match input.kind {
        InputKind::Text => {
            let result = text::read_text(input);
            progress(input.size);
            sink(result);
        }
        InputKind::Jsonl | InputKind::JsonlZst => {
            jsonl::read_jsonl(input, &options.map, progress, sink)
        }
        InputKind::Csv => table::read_csv(input, &options.map, progress, sink),
        InputKind::Tei => tei::read_tei(input, progress, sink),
        InputKind::Html => {
            let result = read_html_file(input);
            progress(input.size);
            sink(result);
        }
    }
}

/// Decodes a page: UTF-8, with invalid bytes replaced (and reported as a
/// warning naming the first one), since saved pages are what they are.
pub fn decode_page(bytes: &[u8]) -> (String, Option<String>) {
    match stenogram_core::decode_utf8(bytes) {
        Ok(text) => (text, None),
        Err(stenogram_core::DecodeError::InvalidUtf8 {
            offset,
            line,
            column,
        }) => {
            let replaced = String::from_utf8_lossy(bytes);
            let count = replaced.matches('\u{fffd}').count();
            (
                stenogram_core::normalise_newlines(&replaced),
                Some(format!(
                    "invalid UTF-8 at byte {offset} (line {line}, column {column}): {count} replaced with U+FFFD"
                )),
            )
        }
    }
}

/// Reads one kremlin.ru page file into a raw document.
fn read_html_file(input: &Input) -> Result<Raw, SourceError> {
    let path = &input.path;
    let bytes =
        std::fs::read(path).map_err(|e| SourceError::new(path, None, discover::io_message(&e)))?;
    raw_from_page(&bytes, path)
}

/// A kremlin.ru page's bytes as a raw document; `path` names it in errors
/// and is its origin.
pub fn raw_from_page(bytes: &[u8], path: &std::path::Path) -> Result<Raw, SourceError> {
    let (html, warning) = decode_page(bytes);
    let page = html::read_page(&html).map_err(|e| SourceError::new(path, None, e.0))?;
    let id = page.id.clone().unwrap_or_else(|| discover::file_stem(path));
    Ok(Raw {
        id,
        text: page.text,
        meta: page.meta,
        origin: Origin {
            path: path.to_path_buf(),
            locator: None,
        },
        document: None,
        warnings: warning.into_iter().collect(),
    })
}

/// The Document of a raw document: its given structure, or the text
/// parsed; with the source's id, title, date, url, place and page metadata.
/// A blank text gives a document with metadata only (a page whose body is
/// empty still has its title, summary and tags).
pub fn parse_raw(raw: &Raw) -> Result<stenogram_core::Document, stenogram_core::ParseError> {
    let mut doc = match &raw.document {
        Some(doc) => (**doc).clone(),
        None if raw.text.trim().is_empty() => stenogram_core::Document::default(),
        None => stenogram_core::parse_text(&raw.id, &raw.text)?.document,
    };
    doc.id = raw.id.clone();
    doc.title = raw.meta.title.clone().or(doc.title);
    doc.date = raw.meta.date.clone().or(doc.date);
    doc.url = raw.meta.url.clone().or(doc.url);
    let extra = serde_json::Value::Object(raw.meta.extra.clone());
    if doc.place.is_none() {
        doc.place = extra
            .get("place")
            .and_then(|p| p.as_str())
            .map(str::to_owned);
    }
    if doc.page.is_empty() {
        doc.page = serde_json::from_value(extra).unwrap_or_default();
    }
    Ok(doc)
}
