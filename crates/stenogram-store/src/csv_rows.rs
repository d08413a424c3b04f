//! The CSV columns of the query rows, shared by every presenter (the CLI's
//! `--format csv` and the HTTP API's `.csv` downloads), so that both write
//! the same cells for the same row.

use crate::claims::{ClaimRow, Conflict};
use crate::kwic::KwicHit;
use crate::search::SearchHit;

/// A row with a fixed CSV header.
pub trait CsvRecord {
    /// The column names.
    fn header() -> &'static [&'static str];
    /// The cells, in header order (newlines kept; the writer quotes).
    fn record(&self) -> Vec<String>;
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// Newlines and tabs as spaces, for cells read as one line.
pub(crate) fn one_line(text: &str) -> String {
    text.replace(['\n', '\t', '\r'], " ")
}

impl CsvRecord for KwicHit {
    fn header() -> &'static [&'static str] {
        &[
            "doc", "date", "person", "name", "start", "end", "left", "match", "right",
        ]
    }
    fn record(&self) -> Vec<String> {
        vec![
            self.doc.clone(),
            opt(&self.date),
            opt(&self.speaker.person),
            opt(&self.speaker.name),
            self.start.to_string(),
            self.end.to_string(),
            one_line(&self.left),
            self.matched.clone(),
            one_line(&self.right),
        ]
    }
}

impl CsvRecord for SearchHit {
    fn header() -> &'static [&'static str] {
        &[
            "doc", "date", "title", "url", "person", "name", "start", "end", "snippet", "score",
        ]
    }
    fn record(&self) -> Vec<String> {
        vec![
            self.doc.clone(),
            opt(&self.date),
            opt(&self.title),
            opt(&self.url),
            opt(&self.speaker.person),
            opt(&self.speaker.name),
            self.start.to_string(),
            self.end.to_string(),
            self.snippet.clone(),
            format!("{:.3}", self.score),
        ]
    }
}

impl ClaimRow {
    /// The figure as written with its hedge: "over $51 billion".
    pub fn figure(&self) -> String {
        match &self.qualifier {
            Some(q) => format!("{q} {}", self.text),
            None => self.text.clone(),
        }
    }
}

impl CsvRecord for ClaimRow {
    fn header() -> &'static [&'static str] {
        &[
            "doc",
            "date",
            "person",
            "name",
            "indicator",
            "scope",
            "period",
            "value",
            "high",
            "unit",
            "qualifier",
            "bound",
            "change",
            "direction",
            "source",
            "start",
            "end",
            "text",
            "sentence",
            "url",
            "canonical",
            "indicator_text",
            "kind",
            "unit_family",
            "partial",
            "forecast",
            "converted",
            "converted_unit",
        ]
    }
    fn record(&self) -> Vec<String> {
        vec![
            self.doc.clone(),
            opt(&self.date),
            opt(&self.speaker.person),
            opt(&self.speaker.name),
            self.indicator.clone(),
            self.scope.join("+"),
            opt(&self.period),
            self.value.to_string(),
            self.high.map(|h| h.to_string()).unwrap_or_default(),
            opt(&self.unit),
            opt(&self.qualifier),
            self.bound.clone(),
            self.change.to_string(),
            opt(&self.direction),
            opt(&self.source),
            self.start.to_string(),
            self.end.to_string(),
            self.text.clone(),
            one_line(&self.sentence),
            opt(&self.url),
            opt(&self.canonical),
            one_line(&self.indicator_text),
            self.kind.clone(),
            self.unit_family.clone(),
            self.partial.to_string(),
            self.forecast.to_string(),
            self.converted.map(|v| v.to_string()).unwrap_or_default(),
            opt(&self.converted_unit),
        ]
    }
}

impl CsvRecord for Conflict {
    fn header() -> &'static [&'static str] {
        &[
            "kind",
            "gap",
            "indicator",
            "scope",
            "period",
            "doc_a",
            "date_a",
            "value_a",
            "source_a",
            "speaker_a",
            "doc_b",
            "date_b",
            "value_b",
            "source_b",
            "speaker_b",
            "confidence",
            "reason",
        ]
    }
    fn record(&self) -> Vec<String> {
        let [a, b] = &self.claims;
        vec![
            format!("{:?}", self.kind).to_lowercase(),
            format!("{:.4}", self.gap),
            a.indicator.clone(),
            a.scope.join("+"),
            opt(&a.period),
            a.doc.clone(),
            opt(&a.date),
            a.figure(),
            opt(&a.source),
            opt(&a.speaker.name),
            b.doc.clone(),
            opt(&b.date),
            b.figure(),
            opt(&b.source),
            opt(&b.speaker.name),
            format!("{:.2}", self.confidence),
            self.reason.clone(),
        ]
    }
}
