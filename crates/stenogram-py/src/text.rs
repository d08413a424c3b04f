//! The pure core on one text: `parse` (the Document of `stenogram parse`),
//! `extract` (the mentions of `stenogram extract`) and `claims` (the claims
//! `stenogram ingest` stores for the text, as `stenogram claims --format
//! json` prints them).

use std::path::{Path, PathBuf};

use pyo3::prelude::*;
use stenogram_core::Day;
use stenogram_sources::{Metadata, Origin, Raw};
use stenogram_store::{ClaimRow, SpeakerRef};

use crate::{json_error, StenogramError, UsageError};

/// A transcript as Python gives it: text, or bytes (UTF-8 text or a
/// kremlin.ru HTML page).
#[derive(FromPyObject)]
pub enum Input {
    Text(String),
    Bytes(Vec<u8>),
}

impl Input {
    fn into_bytes(self) -> Vec<u8> {
        match self {
            Input::Text(text) => text.into_bytes(),
            Input::Bytes(bytes) => bytes,
        }
    }
}

/// The input layout (`stenogram parse --format-in`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Auto,
    Text,
    Html,
}

impl Format {
    fn parse(s: &str) -> PyResult<Format> {
        match s {
            "auto" => Ok(Format::Auto),
            "text" => Ok(Format::Text),
            "html" => Ok(Format::Html),
            other => Err(UsageError::new_err(format!(
                "format {other:?} is not one of auto, text, html"
            ))),
        }
    }

    fn is_html(self, bytes: &[u8]) -> bool {
        match self {
            Format::Html => true,
            Format::Text => false,
            Format::Auto => stenogram_sources::html::looks_like_html(bytes),
        }
    }
}

const DEFAULT_ID: &str = "document";

fn parse_ref_date(s: &str) -> PyResult<Day> {
    Day::parse_iso(s).ok_or_else(|| {
        UsageError::new_err(format!(
            "{s:?} is not a date (YYYY-MM-DD or ISO 8601 date-time)"
        ))
    })
}

fn decode(bytes: &[u8]) -> PyResult<String> {
    stenogram_core::decode_utf8(bytes).map_err(|e| StenogramError::new_err(e.to_string()))
}

/// Parses one transcript into its Document JSON, with the warnings the CLI
/// prints on stderr.
#[pyfunction]
#[pyo3(signature = (text, id=None, format="auto"))]
pub fn parse(
    py: Python<'_>,
    text: Input,
    id: Option<String>,
    format: &str,
) -> PyResult<(String, Vec<String>)> {
    let format = Format::parse(format)?;
    let bytes = text.into_bytes();
    py.detach(move || {
        let mut warnings = Vec::new();
        let doc = if format.is_html(&bytes) {
            let mut raw = page(&bytes, id.as_deref())?;
            warnings.append(&mut raw.warnings);
            if raw.text.trim().is_empty() {
                warnings.push("the page has no body text (metadata only)".to_owned());
            }
            stenogram_sources::parse_raw(&raw)
                .map_err(|e| StenogramError::new_err(e.to_string()))?
        } else {
            let text = decode(&bytes)?;
            if text.trim().is_empty() {
                return Err(StenogramError::new_err(
                    stenogram_core::ParseError::Empty.to_string(),
                ));
            }
            let id = id.as_deref().unwrap_or(DEFAULT_ID);
            let parsed = stenogram_core::parse_text(id, &text)
                .map_err(|e| StenogramError::new_err(e.to_string()))?;
            warnings.extend(parsed.warnings.iter().map(ToString::to_string));
            parsed.document
        };
        let json = serde_json::to_string(&doc).map_err(json_error)?;
        Ok((json, warnings))
    })
}

/// A kremlin.ru page as a raw document (its id from the page unless given).
fn page(bytes: &[u8], id: Option<&str>) -> PyResult<Raw> {
    let name = id.unwrap_or(DEFAULT_ID);
    let mut raw = stenogram_sources::raw_from_page(bytes, Path::new(name))
        .map_err(|e| StenogramError::new_err(e.to_string()))?;
    if let Some(id) = id {
        raw.id = id.to_owned();
    }
    Ok(raw)
}

/// The mentions (figures and dates) of a text as a JSON array.
#[pyfunction]
#[pyo3(signature = (text, ref_date=None))]
pub fn extract(py: Python<'_>, text: Input, ref_date: Option<&str>) -> PyResult<String> {
    let reference = ref_date.map(parse_ref_date).transpose()?;
    let bytes = text.into_bytes();
    py.detach(move || {
        let text = decode(&bytes)?;
        serde_json::to_string(&stenogram_core::extract(&text, reference)).map_err(json_error)
    })
}

/// The claims of one document as a JSON array of the CLI's claim rows: the
/// text read as `stenogram ingest` reads a dataset row (or a page), parsed,
/// its figures extracted with relative dates resolved against `date`, and
/// the claims tied to them.
#[pyfunction]
#[pyo3(signature = (text, id=None, format="auto", date=None, title=None, url=None))]
pub fn claims(
    py: Python<'_>,
    text: Input,
    id: Option<String>,
    format: &str,
    date: Option<&str>,
    title: Option<String>,
    url: Option<String>,
) -> PyResult<String> {
    let format = Format::parse(format)?;
    let date = date
        .map(|d| {
            stenogram_sources::normalise_date(d).ok_or_else(|| {
                UsageError::new_err(format!(
                    "date {d:?} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"
                ))
            })
        })
        .transpose()?;
    let bytes = text.into_bytes();
    py.detach(move || {
        let mut raw = if format.is_html(&bytes) {
            page(&bytes, id.as_deref())?
        } else {
            Raw {
                id: id.unwrap_or_else(|| DEFAULT_ID.to_owned()),
                text: decode(&bytes)?,
                meta: Metadata::default(),
                origin: Origin {
                    path: PathBuf::from("<text>"),
                    locator: None,
                },
                document: None,
                warnings: Vec::new(),
            }
        };
        if date.is_some() {
            raw.meta.date = date;
        }
        if title.is_some() {
            raw.meta.title = title;
        }
        if url.is_some() {
            raw.meta.url = url;
        }
        let rows = claim_rows(&raw)?;
        serde_json::to_string(&rows).map_err(json_error)
    })
}

/// What ingest computes for a raw document, as the store gives it back.
fn claim_rows(raw: &Raw) -> PyResult<Vec<ClaimRow>> {
    if raw.text.trim().is_empty() {
        // Ingest skips a document without text: it has no claims.
        return Ok(Vec::new());
    }
    let doc =
        stenogram_sources::parse_raw(raw).map_err(|e| StenogramError::new_err(e.to_string()))?;
    let reference = raw.meta.date.as_deref().and_then(Day::parse_iso);
    let mentions = stenogram_core::extract(&raw.text, reference);
    let mut claims = stenogram_core::claims(&doc, &raw.text, &mentions);
    claims.sort_by_key(|c| c.start);
    let text = &raw.text;
    let at: Vec<usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .collect();
    let piece = |start: usize, end: usize| -> String {
        let start = at[start.min(at.len() - 1)];
        let end = at[end.min(at.len() - 1)];
        text[start..end.max(start)].to_owned()
    };
    Ok(claims
        .into_iter()
        .map(|c| ClaimRow {
            text: piece(c.start, c.end),
            sentence: piece(c.sentence_start, c.sentence_end),
            bound: enum_str(&c.bound),
            kind: c.kind.as_str().to_owned(),
            speaker: SpeakerRef {
                person: c.person,
                name: c.name,
            },
            doc: raw.id.clone(),
            date: raw.meta.date.clone(),
            title: raw.meta.title.clone(),
            url: raw.meta.url.clone(),
            indicator: c.indicator,
            canonical: c.canonical,
            unit_family: c.unit_family,
            partial: c.partial,
            converted: c.converted,
            converted_unit: c.converted_unit,
            indicator_text: c.indicator_text,
            indicator_start: c.indicator_start,
            detail: c.detail,
            // As the store keeps it: joined with `+`, split again.
            scope: c
                .scope
                .join("+")
                .split('+')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            period: c.period,
            value: c.value,
            high: c.high,
            unit: c.unit,
            qualifier: c.qualifier,
            change: c.change,
            direction: c.direction,
            forecast: c.forecast,
            source: c.source,
            start: c.start,
            end: c.end,
            sentence_start: c.sentence_start,
        })
        .collect())
}

/// A unit enum's serde name (`exact`, `lower` …), as the store writes it.
fn enum_str<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
