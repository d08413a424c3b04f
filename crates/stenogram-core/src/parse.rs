//! The transcript grammar: document text in the kremlin.ru text layout (one
//! paragraph per line) to a [`Document`].
//!
//! Each non-blank line is exactly one of: a separator (`* * *`), an omission
//! (`<…>`), an artefact (`See also`, `Additional`, a stage note such as
//! `(Applause.)`), a paragraph that opens with a speaker label (a new turn),
//! or a plain paragraph (lead, the current turn, or narration after a
//! separator).

use std::rc::Rc;

use thiserror::Error;

use crate::label::{
    fits_speech, label_bounds, read_label, Evidence, LabelBounds, LabelReading, Strength,
};
use crate::lexicon::{FastMap, FastSet};
use crate::model::{Artefact, ArtefactKind, Document, Paragraph, Span, Speaker, Turn, Vocative};
use crate::speakers::PersonRegistry;
use crate::text::CharCursor;
use crate::vocative::{chars_before, VocativeReader};

/// Why a text could not be parsed.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ParseError {
    /// The text has no non-blank line.
    #[error("empty document: no text to parse")]
    Empty,
}

/// Something worth telling the user that does not stop the parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// No paragraph opens with a speaker label: the document is lead only.
    NoLabels,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::NoLabels => {
                f.write_str("no speaker labels found: parsed as a lead-only document")
            }
        }
    }
}

/// A parsed document and the warnings met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

/// What one non-blank line is.
#[derive(Debug)]
enum LineKind {
    Separator,
    Omission,
    Artefact(ArtefactKind),
    /// A paragraph opening with a label candidate (judged with evidence later).
    Candidate(LabelBounds, Rc<LabelReading>),
    Text,
}

#[derive(Debug)]
struct Line {
    /// Trimmed byte range in the document text.
    start: usize,
    end: usize,
    kind: LineKind,
}

impl Line {
    /// The label text of a candidate line.
    fn label<'t>(&self, text: &'t str, bounds: &LabelBounds) -> &'t str {
        &text[self.start..self.start + bounds.label_end]
    }
}

/// Parses document text (already decoded and newline-normalised) in the
/// kremlin.ru transcript layout.
pub fn parse_text(id: &str, text: &str) -> Result<Parsed, ParseError> {
    let (lines, first_readings) = classify_lines(text);
    if lines.is_empty() {
        return Err(ParseError::Empty);
    }
    // Evidence from every candidate label of the document, each distinct
    // label observed once with the number of paragraphs it opens.
    let mut occurrences: FastMap<&str, (usize, &LabelReading)> = FastMap::default();
    for line in &lines {
        if let LineKind::Candidate(bounds, reading) = &line.kind {
            let label = line.label(text, bounds);
            occurrences.entry(label).or_insert((0, reading)).0 += 1;
        }
    }
    let mut evidence = Evidence::default();
    for (count, reading) in occurrences.values() {
        evidence.observe(reading, *count);
    }
    // Re-read candidates with the evidence; keep those it confirms. Labels
    // repeat ("Vladimir Putin" hundreds of times), so each is read once.
    let mut memo2: FastMap<&str, Option<Rc<LabelReading>>> = FastMap::default();
    let mut lines = lines;
    for line in &mut lines {
        if let LineKind::Candidate(bounds, _) = &line.kind {
            let bounds = *bounds;
            let label = line.label(text, &bounds);
            let reading = match first_readings.get(label) {
                // The reading did not depend on evidence: it stands.
                Some((reading, false)) => reading.clone(),
                _ => memo2
                    .entry(label)
                    .or_insert_with(|| read_label(label, &evidence).map(Rc::new))
                    .clone(),
            };
            line.kind = match reading {
                Some(r)
                    if evidence.confirms(&r)
                        && (!bounds.tight || r.strength == Strength::Strong) =>
                {
                    LineKind::Candidate(bounds, r)
                }
                _ => LineKind::Text,
            };
        }
    }
    // Register the full names first, so short forms resolve whatever their order.
    let mut registry = PersonRegistry::default();
    let mut registered: FastSet<&str> = FastSet::default();
    for line in &lines {
        if let LineKind::Candidate(bounds, reading) = &line.kind {
            let label = line.label(text, bounds);
            if reading.strength == Strength::Strong && registered.insert(label) {
                registry.register(reading);
            }
        }
    }
    registry.freeze();
    let mut builder = Builder::new(id, text);
    for line in &lines {
        builder.line(line, &mut registry);
    }
    Ok(builder.finish(registry))
}

/// First readings of label candidates, by label text, with whether they
/// depended on the document's evidence.
type FirstReadings<'t> = FastMap<&'t str, (Option<Rc<LabelReading>>, bool)>;

fn classify_lines(text: &str) -> (Vec<Line>, FirstReadings<'_>) {
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut memo = FirstReadings::default();
    let mut line_start = 0;
    for raw in text.split_inclusive('\n') {
        let start_of_next = line_start + raw.len();
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let trimmed_start = content.trim_start();
        let lead_ws = content.len() - trimmed_start.len();
        let trimmed = trimmed_start.trim_end();
        if !trimmed.is_empty() {
            let start = line_start + lead_ws;
            let end = start + trimmed.len();
            lines.push(Line {
                start,
                end,
                kind: classify(trimmed, &mut memo),
            });
        }
        line_start = start_of_next;
    }
    (lines, memo)
}

fn classify<'t>(line: &'t str, memo: &mut FirstReadings<'t>) -> LineKind {
    match line {
        "* * *" | "***" | "*  *  *" => return LineKind::Separator,
        "<…>" | "<...>" | "< … >" | "[…]" | "[...]" => return LineKind::Omission,
        "See also" => return LineKind::Artefact(ArtefactKind::SeeAlso),
        "Additional" => return LineKind::Artefact(ArtefactKind::Additional),
        _ => {}
    }
    if is_stage_note(line) {
        return LineKind::Artefact(ArtefactKind::Note);
    }
    if let Some(bounds) = label_bounds(line) {
        let label = &line[..bounds.label_end];
        let (reading, _) = memo
            .entry(label)
            .or_insert_with(|| {
                let evidence = Evidence::default();
                let reading = read_label(label, &evidence);
                let weak = reading
                    .as_ref()
                    .is_some_and(|r| r.strength == Strength::Weak);
                (reading.map(Rc::new), weak || evidence.was_consulted())
            })
            .clone();
        if let Some(reading) = reading {
            let fits = fits_speech(&reading, &line[bounds.rest_start..]);
            if fits && (!bounds.tight || reading.strength == Strength::Strong) {
                return LineKind::Candidate(bounds, reading);
            }
        }
    }
    LineKind::Text
}

/// A short line wholly in parentheses: "(Applause.)", "(Video plays.)".
fn is_stage_note(line: &str) -> bool {
    let inner = line
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')').or_else(|| l.strip_suffix(").")));
    match inner {
        Some(inner) => line.chars().count() <= 120 && !inner.contains('(') && !inner.contains(')'),
        None => false,
    }
}

/// Assembles the document line by line.
struct Builder<'a> {
    text: &'a str,
    cursor: CharCursor<'a>,
    doc: Document,
    current: Option<Turn>,
    /// Still in the lead: no separator and no label seen yet.
    in_lead: bool,
    /// Speakers already resolved, by label text.
    speakers: FastMap<&'a str, Speaker>,
}

impl<'a> Builder<'a> {
    fn new(id: &str, text: &'a str) -> Self {
        Self {
            text,
            cursor: CharCursor::new(text),
            doc: Document {
                id: id.to_string(),
                ..Document::default()
            },
            current: None,
            in_lead: true,
            speakers: FastMap::default(),
        }
    }

    fn span(&mut self, start: usize, end: usize) -> Span {
        Span {
            start: self.cursor.at(start),
            end: self.cursor.at(end),
        }
    }

    fn line(&mut self, line: &Line, registry: &mut PersonRegistry) {
        match &line.kind {
            LineKind::Separator => {
                let span = self.span(line.start, line.end);
                self.doc.separators.push(span);
                self.close_turn();
                self.in_lead = false;
            }
            LineKind::Omission => {
                let span = self.span(line.start, line.end);
                self.doc.omissions.push(span);
            }
            LineKind::Artefact(kind) => {
                let span = self.span(line.start, line.end);
                self.doc.artefacts.push(Artefact {
                    kind: *kind,
                    text: self.text[line.start..line.end].to_string(),
                    start: span.start,
                    end: span.end,
                });
            }
            LineKind::Candidate(bounds, reading) => {
                self.close_turn();
                self.in_lead = false;
                let label = line.label(self.text, bounds);
                // One label always names one speaker: resolve it once.
                let speaker = match self.speakers.get(label) {
                    Some(speaker) => speaker.clone(),
                    None => {
                        let speaker = registry.speaker(label, reading);
                        self.speakers.insert(label, speaker.clone());
                        speaker
                    }
                };
                let label_span = self.span(line.start, line.start + bounds.label_end);
                let rest_start = line.start + bounds.rest_start;
                let mut turn = Turn {
                    speaker,
                    start: label_span.start,
                    // Without speech on the label line, the turn ends after the colon.
                    end: self.cursor.at(line.start + bounds.colon + 1),
                    label_span,
                    paragraphs: Vec::new(),
                    addressees: Vec::new(),
                    vocatives: Vec::new(),
                };
                if rest_start < line.end {
                    let p = self.paragraph(rest_start, line.end);
                    turn.end = p.end;
                    turn.paragraphs.push(p);
                }
                self.current = Some(turn);
            }
            LineKind::Text => {
                let p = self.paragraph(line.start, line.end);
                if let Some(turn) = self.current.as_mut() {
                    turn.end = p.end;
                    turn.paragraphs.push(p);
                } else if self.in_lead {
                    self.doc.lead.push(p);
                } else {
                    self.doc.narration.push(p);
                }
            }
        }
    }

    /// A paragraph, recording the omissions inside it.
    fn paragraph(&mut self, start: usize, end: usize) -> Paragraph {
        let span_start = self.cursor.at(start);
        let body = &self.text[start..end];
        for (at, marker) in inline_omissions(body) {
            let s = self.cursor.at(start + at);
            let e = self.cursor.at(start + at + marker.len());
            self.doc.omissions.push(Span { start: s, end: e });
        }
        let span_end = self.cursor.at(end);
        Paragraph {
            text: body.to_string(),
            start: span_start,
            end: span_end,
        }
    }

    fn close_turn(&mut self) {
        if let Some(turn) = self.current.take() {
            self.doc.turns.push(turn);
        }
    }

    fn finish(mut self, registry: PersonRegistry) -> Parsed {
        self.close_turn();
        let persons = registry.into_persons();
        let vocatives = VocativeReader::new(&persons);
        for turn in &mut self.doc.turns {
            let speaker_id = turn.speaker.person.clone();
            for p in &turn.paragraphs {
                for v in vocatives.read(&p.text, speaker_id.as_deref()) {
                    let start = p.start + chars_before(&p.text, v.start);
                    let end = p.start + chars_before(&p.text, v.end);
                    let addressee = v.person.clone().unwrap_or_else(|| v.text.clone());
                    if !turn.addressees.contains(&addressee) {
                        turn.addressees.push(addressee);
                    }
                    turn.vocatives.push(Vocative {
                        text: v.text,
                        start,
                        end,
                        person: v.person,
                    });
                }
            }
        }
        self.doc.persons = persons;
        self.doc.omissions.sort_by_key(|s| s.start);
        let warnings = if self.doc.turns.is_empty() {
            vec![Warning::NoLabels]
        } else {
            Vec::new()
        };
        Parsed {
            document: self.doc,
            warnings,
        }
    }
}

/// Byte positions of `<…>` / `<...>` markers inside a paragraph.
fn inline_omissions(body: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for at in memchr::memchr_iter(b'<', body.as_bytes()) {
        let rest = &body[at..];
        for marker in ["<…>", "<...>"] {
            if rest.starts_with(marker) {
                found.push((at, marker));
            }
        }
    }
    found
}

/// Where a non-blank line of the text ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Lead,
    Turn,
    Narration,
    Artefact,
    Omission,
    Separator,
}

/// A non-blank line that lands in no place or in more than one.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("line {line} (code points {start}..{end}) is covered by {places:?}")]
pub struct CoverageError {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub places: Vec<Place>,
}

/// Checks that every non-blank line of `text` lands in exactly one place of
/// `doc`, wholly covered: its trimmed extent is exactly a lead or narration
/// paragraph, an artefact, an omission, a separator, a turn's paragraph, or a
/// turn's label line (from the label to the end of the speech on that line).
/// Inline omissions lie inside paragraphs and are not places of their own.
pub fn check_coverage(text: &str, doc: &Document) -> Result<(), CoverageError> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<(usize, usize, Place)> = Vec::new();
    spans.extend(doc.lead.iter().map(|p| (p.start, p.end, Place::Lead)));
    spans.extend(
        doc.narration
            .iter()
            .map(|p| (p.start, p.end, Place::Narration)),
    );
    for t in &doc.turns {
        let mut paragraphs = t.paragraphs.iter().peekable();
        let same_line = paragraphs
            .peek()
            .is_some_and(|p| !chars[t.label_span.end..p.start].contains(&'\n'));
        if same_line {
            let first = paragraphs.next().expect("peeked");
            spans.push((t.start, first.end, Place::Turn));
        } else {
            let colon = (t.label_span.end..chars.len())
                .find(|&i| chars[i] == ':')
                .map_or(t.label_span.end, |i| i + 1);
            spans.push((t.start, colon, Place::Turn));
        }
        spans.extend(paragraphs.map(|p| (p.start, p.end, Place::Turn)));
    }
    spans.extend(
        doc.artefacts
            .iter()
            .map(|a| (a.start, a.end, Place::Artefact)),
    );
    spans.extend(
        doc.separators
            .iter()
            .map(|s| (s.start, s.end, Place::Separator)),
    );
    spans.extend(
        doc.omissions
            .iter()
            .map(|s| (s.start, s.end, Place::Omission)),
    );

    let mut offset = 0;
    for (index, content) in chars.split(|&c| c == '\n').enumerate() {
        let lead_ws = content.iter().take_while(|c| c.is_whitespace()).count();
        let trail_ws = content
            .iter()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        if lead_ws < content.len() {
            let start = offset + lead_ws;
            let end = offset + content.len() - trail_ws;
            let places: Vec<Place> = spans
                .iter()
                .filter(|s| s.0 == start && s.1 == end)
                .map(|s| s.2)
                .collect();
            // Nothing else may overlap the line, but inline omissions inside it.
            let stray = spans.iter().any(|s| {
                s.0 < end
                    && s.1 > start
                    && (s.0, s.1) != (start, end)
                    && !(s.2 == Place::Omission && s.0 >= start && s.1 <= end)
            });
            if places.len() != 1 || stray {
                return Err(CoverageError {
                    line: index + 1,
                    start,
                    end,
                    places,
                });
            }
        }
        offset += content.len() + 1;
    }
    Ok(())
}
