//! The pieces of a document that the index holds: every paragraph, label
//! and artefact, so that together they cover every word of the text.

use std::sync::Arc;

use stenogram_core::Document;

/// Which part of the document a piece is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Lead,
    Narration,
    /// A turn's label, colon and note: not speech, so never attributed.
    Label,
    Speech,
    Artefact,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Lead => "lead",
            Part::Narration => "narration",
            Part::Label => "label",
            Part::Speech => "speech",
            Part::Artefact => "artefact",
        }
    }

    pub fn parse(s: &str) -> Option<Part> {
        Some(match s {
            "lead" => Part::Lead,
            "narration" => Part::Narration,
            "label" => Part::Label,
            "speech" => Part::Speech,
            "artefact" => Part::Artefact,
            _ => return None,
        })
    }
}

/// One indexed piece: a code point range of the document text and who says it.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub part: Part,
    pub turn: Option<usize>,
    pub start: usize,
    pub end: usize,
    /// Speaker of speech pieces.
    pub person: Option<Arc<str>>,
    pub name: Option<Arc<str>>,
    pub role: Option<Arc<str>>,
}

/// The pieces of a parsed document, in text order.
pub fn pieces(doc: &Document) -> Vec<Piece> {
    let plain = |part, start, end| Piece {
        part,
        turn: None,
        start,
        end,
        person: None,
        name: None,
        role: None,
    };
    let mut out = Vec::new();
    out.extend(doc.lead.iter().map(|p| plain(Part::Lead, p.start, p.end)));
    out.extend(
        doc.narration
            .iter()
            .map(|p| plain(Part::Narration, p.start, p.end)),
    );
    out.extend(
        doc.artefacts
            .iter()
            .map(|a| plain(Part::Artefact, a.start, a.end)),
    );
    for (idx, turn) in doc.turns.iter().enumerate() {
        let label_end = turn.paragraphs.first().map_or(turn.end, |p| p.start);
        out.push(Piece {
            turn: Some(idx),
            ..plain(Part::Label, turn.start, label_end)
        });
        for paragraph in &turn.paragraphs {
            out.push(Piece {
                part: Part::Speech,
                turn: Some(idx),
                start: paragraph.start,
                end: paragraph.end,
                person: turn.speaker.person.clone(),
                name: turn
                    .speaker
                    .name
                    .clone()
                    .or_else(|| Some(turn.speaker.label.clone())),
                role: turn.speaker.role.clone(),
            });
        }
    }
    out.sort_by_key(|p| (p.start, p.end));
    out
}

/// Byte ranges of `pieces` (code point ranges) in `text`; pieces must be
/// sorted by start.
pub fn byte_ranges(text: &str, pieces: &[Piece]) -> Vec<std::ops::Range<usize>> {
    let mut offsets = CharToByte::new(text);
    pieces
        .iter()
        .map(|p| offsets.at(p.start)..offsets.at(p.end))
        .collect()
}

/// Converts code point offsets to byte offsets, walking forward; asking for
/// an earlier offset restarts from the beginning.
pub struct CharToByte<'a> {
    text: &'a str,
    cursor: (usize, usize),
}

impl<'a> CharToByte<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            cursor: (0, 0),
        }
    }

    pub fn at(&mut self, chars: usize) -> usize {
        advance_chars(self.text, &mut self.cursor, chars)
    }
}

/// The byte offset in `text` of code point `target`, walking forward from
/// `cursor` (code points, bytes) and leaving it there; an earlier target
/// restarts from the beginning. Offsets past the end clamp to its length.
pub fn advance_chars(text: &str, cursor: &mut (usize, usize), target: usize) -> usize {
    advance_chars_in(text.as_bytes(), cursor, target)
}

/// [`advance_chars`] over UTF-8 bytes not yet checked as a whole (a
/// document's text as SQLite hands it over).
pub fn advance_chars_in(bytes: &[u8], cursor: &mut (usize, usize), target: usize) -> usize {
    if target < cursor.0 {
        *cursor = (0, 0);
    }
    cursor.1 += stenogram_core::skip_chars(&bytes[cursor.1..], target - cursor.0);
    cursor.0 = target;
    cursor.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_every_word() {
        let text = "Lead words here.\n* * *\nPresident of Russia Vladimir Putin: Good afternoon.\nSee also\nQuestion: Why?\nVladimir Putin (retranslated): Because.\n";
        let doc = stenogram_core::parse_text("t", text).unwrap().document;
        let pieces = pieces(&doc);
        let ranges = byte_ranges(text, &pieces);
        let covered: usize = ranges
            .iter()
            .map(|r| stenogram_core::count_words(&text[r.clone()]))
            .sum();
        assert_eq!(covered, stenogram_core::count_words(text));
        let parts: Vec<&str> = pieces.iter().map(|p| p.part.as_str()).collect();
        assert_eq!(
            parts,
            ["lead", "label", "speech", "artefact", "label", "speech", "label", "speech"]
        );
        assert_eq!(pieces[2].person.as_deref(), Some("vladimir-putin"));
        assert_eq!(pieces[5].person, None, "a generic speaker is no person");
        assert_eq!(pieces[5].name.as_deref(), Some("Question"));
        assert_eq!(&text[ranges[6].clone()], "Vladimir Putin (retranslated): ");
    }

    #[test]
    fn char_offsets_become_byte_offsets() {
        let text = "aé€b";
        let mut at = CharToByte::new(text);
        assert_eq!(at.at(1), 1);
        assert_eq!(at.at(2), 3);
        assert_eq!(at.at(4), 7);
        assert_eq!(at.at(0), 0);
        // An ASCII stretch before a wide character, and past the end.
        let mut at = CharToByte::new("ab€cd");
        assert_eq!(at.at(2), 2);
        assert_eq!(at.at(3), 5);
        assert_eq!(at.at(5), 7);
        assert_eq!(at.at(9), 7);
    }
}
