//! The document model: what a parsed transcript is made of.
//!
//! Every span is a pair of Unicode code point offsets into the document text
//! (end exclusive), so `text[start..end]` in code points is the piece itself.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A parsed transcript: lead, speaker turns, the persons who speak, and
/// everything else the page carried (omissions, artefacts, separators).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The source's own id, else the file stem, else a content-hash prefix.
    pub id: String,
    pub title: Option<String>,
    /// ISO 8601 date (`YYYY-MM-DD`) when the source gives one.
    pub date: Option<String>,
    pub place: Option<String>,
    pub url: Option<String>,
    /// Paragraphs before the first `* * *` or, without one, before the first turn.
    pub lead: Vec<Paragraph>,
    /// Speaker turns in document order.
    pub turns: Vec<Turn>,
    /// Unattributed paragraphs after the lead: text that follows a `* * *`
    /// separator (or precedes the first label after the lead) and opens with no label.
    pub narration: Vec<Paragraph>,
    /// Every distinct person who speaks, in order of first appearance.
    pub persons: Vec<Person>,
    /// Places where the publisher left text out (`<…>`), standalone or inline.
    pub omissions: Vec<Span>,
    /// Page furniture and stage notes that are not speech.
    pub artefacts: Vec<Artefact>,
    /// `* * *` section separators.
    pub separators: Vec<Span>,
    /// What the page says about itself, when the source is a page (HTML,
    /// TEI): its summary box, time, tags, sections, licence. Empty for
    /// plain text.
    #[serde(default, skip_serializing_if = "PageMeta::is_empty")]
    pub page: PageMeta,
}

/// Page metadata beyond title, date, place and url.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageMeta {
    /// The summary or lead box: about the event, not part of the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Time of day as the page gives it (`16:30`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Tag lists by heading (`Geography`, `Topics`, `Persons`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub tags: std::collections::BTreeMap<String, Vec<String>>,
    /// Site sections (`News`, `Transcripts`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<String>,
    /// The page's own id (kremlin.ru event id) and canonical URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// The licence line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

impl PageMeta {
    pub fn is_empty(&self) -> bool {
        *self == PageMeta::default()
    }
}

/// A code point range into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One paragraph of text with its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A speaker turn: the label, then the paragraphs until the next label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub speaker: Speaker,
    /// Start of the label; end of the last paragraph (or of the label).
    pub start: usize,
    pub end: usize,
    /// The label as written, without its colon.
    pub label_span: Span,
    pub paragraphs: Vec<Paragraph>,
    /// Who the speaker addresses: a person id where the vocative resolves to a
    /// person of the document, else the vocative as written.
    pub addressees: Vec<String>,
    /// The vocatives behind `addressees`, with their places.
    pub vocatives: Vec<Vocative>,
}

/// Who speaks a turn. The strings are shared (`Arc<str>`): every turn of a
/// speaker holds the same ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Stable person id (`vladimir-putin`); `None` for generic speakers.
    pub person: Option<Arc<str>>,
    /// The person's name, normalised (`Vladimir Putin`).
    pub name: Option<Arc<str>>,
    /// The role the label gives, if any (`President of Russia`).
    pub role: Option<Arc<str>>,
    /// The label as written (no-break spaces kept), without the colon.
    pub label: Arc<str>,
    /// A trailing parenthetical of the label: `retranslated`, `to acting director of …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Arc<str>>,
    /// True for `Question`, `Remark`, `Audience` and other non-persons.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generic: bool,
}

/// A person who speaks in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// Distinct roles the labels give, in order of first appearance.
    pub roles: Vec<String>,
}

/// A vocative opening a paragraph ("Mr Lukashenko", "Colleagues").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vocative {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The person it resolves to, if one fits.
    pub person: Option<String>,
}

/// What kind of non-speech line an artefact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArtefactKind {
    /// The "See also" box of kremlin.ru.
    SeeAlso,
    /// The "Additional" box heading of kremlin.ru.
    Additional,
    /// A stage note on a line of its own: "(Applause.)", "(Video plays.)".
    Note,
}

/// Page furniture or a stage note, kept with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artefact {
    pub kind: ArtefactKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Document {
    /// All turns' paragraphs, in order.
    pub fn speech_paragraphs(&self) -> impl Iterator<Item = (&Turn, &Paragraph)> {
        self.turns
            .iter()
            .flat_map(|turn| turn.paragraphs.iter().map(move |p| (turn, p)))
    }

    /// Look a person up by id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.id == id)
    }
}

/// What a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    Number,
    Ordinal,
    Percent,
    Money,
    Quantity,
    Date,
    Duration,
    Person,
    Place,
    Organization,
    Event,
}

/// How a hedge bounds a figure: `over 51` is a lower bound, `almost 90` an
/// upper one, `about 5.7` approximate; no hedge is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Exact,
    Approx,
    Lower,
    Upper,
}

/// A mention's value: a number, or text (ISO 8601 dates and durations,
/// canonical names).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum MentionValue {
    Number(f64),
    Text(String),
}

impl Serialize for MentionValue {
    /// Whole numbers print without a fraction (`51000000000`, not `5.1e10`).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            MentionValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                serializer.serialize_i64(*n as i64)
            }
            MentionValue::Number(n) => serializer.serialize_f64(*n),
            MentionValue::Text(t) => serializer.serialize_str(t),
        }
    }
}

/// A figure, date or name found in a text, with its place (code points) and,
/// for figures, the hedge before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub kind: MentionKind,
    /// The value expression itself, without the hedge.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: Option<MentionValue>,
    /// The high end of a range ("3 to 4 percent").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<MentionValue>,
    /// ISO 4217 for money, `%` or `pp` for percent, a symbol for quantities.
    pub unit: Option<String>,
    /// The hedge as written, lower-cased ("just over").
    pub qualifier: Option<String>,
    pub qualifier_start: Option<usize>,
    pub qualifier_end: Option<usize>,
    pub bound: Bound,
    /// For a relative date without a reference date: its signed ISO 8601
    /// offset from the (unknown) reference ("-P1Y" for "last year").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
}
