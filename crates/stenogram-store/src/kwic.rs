//! Keyword in context: every occurrence of a word or phrase, with its
//! context, in date order (streamed) or sorted by the words around it.
//!
//! Matching is on word forms (alphanumeric runs), case-insensitive, with
//! any non-word characters between the words of a phrase; no stemming. The
//! index narrows the search to the pieces that contain the phrase; a
//! regular expression over the stored text then finds each occurrence and
//! its exact offsets. Counts alone ([`Store::hit_counts`]) never read the
//! text: they come from the index's postings and positions, and agree with
//! this scan (overlapping occurrences of a phrase count each in both).

use std::collections::HashMap;

use regex::Regex;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use crate::counts::phrase_of;
use crate::filter::Filter;
use crate::pieces::advance_chars_in;
use crate::{Store, StoreError};

/// How to order the concordance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum KwicSort {
    /// By document date, then position (streamed as found).
    #[default]
    Date,
    /// By the words to the left of the match, nearest first.
    Left,
    /// By the words to the right of the match.
    Right,
}

/// Characters of context each side when none is asked for (CLI and API).
pub const DEFAULT_CONTEXT: usize = 40;

/// A concordance request.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KwicOptions {
    pub term: String,
    #[serde(flatten)]
    pub filter: Filter,
    /// Characters of context on each side.
    pub context: usize,
    pub sort: KwicSort,
}

/// Who says a hit, when it is speech.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SpeakerRef {
    pub person: Option<String>,
    pub name: Option<String>,
}

/// One occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KwicHit {
    pub doc: String,
    pub date: Option<String>,
    pub speaker: SpeakerRef,
    /// The match in the document text, code points.
    pub start: usize,
    pub end: usize,
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
}

/// Totals of a concordance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Kwic {
    pub total: u64,
    pub documents: u64,
}

/// A candidate piece from the index.
struct PieceHit {
    start: usize,
    end: usize,
    person: String,
    name: String,
}

impl Store {
    /// Checks a concordance request without running it: the term has words
    /// and the filter resolves.
    pub fn check_kwic(&self, options: &KwicOptions) -> Result<(), StoreError> {
        phrase_of(&options.term)?;
        self.resolve(&options.filter)?;
        Ok(())
    }

    /// Runs a concordance, handing every hit to `sink` (which returns false
    /// to stop early, e.g. on a closed pipe).
    pub fn kwic(
        &self,
        options: &KwicOptions,
        sink: &mut dyn FnMut(&KwicHit) -> bool,
    ) -> Result<Kwic, StoreError> {
        let words = phrase_of(&options.term)?;
        let pattern = phrase_regex(&words);
        let query: Box<dyn Query> = if words.len() == 1 {
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.text, &words[0]),
                IndexRecordOption::Basic,
            ))
        } else {
            Box::new(PhraseQuery::new(
                words
                    .iter()
                    .map(|w| Term::from_field_text(self.fields.text, w))
                    .collect(),
            ))
        };
        let resolved = self.resolve(&options.filter)?;
        let query = resolved.apply(&self.fields, query);
        let searcher = self.reader.searcher();
        let mut addresses: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort_unstable();
        let by_doc = self.read_piece_hits(&searcher, &addresses)?;

        // Documents in date order (undated last), then id.
        let mut docs: Vec<(Option<String>, String)> = Vec::with_capacity(by_doc.len());
        {
            let mut date = self
                .db
                .prepare_cached("SELECT date FROM documents WHERE id = ?1")?;
            for id in by_doc.keys() {
                let d: Option<String> = date.query_row([id], |r| r.get(0)).unwrap_or(None);
                docs.push((d, id.clone()));
            }
        }
        docs.sort_by(|a, b| (a.0.is_none(), &a.0, &a.1).cmp(&(b.0.is_none(), &b.0, &b.1)));

        let mut totals = Kwic {
            total: 0,
            documents: 0,
        };
        let mut collected = Vec::new();
        let mut by_doc = by_doc;
        let mut text_of = self
            .db
            .prepare_cached("SELECT text FROM documents WHERE id = ?1")?;
        'docs: for (date, id) in docs {
            let mut pieces = by_doc.remove(&id).unwrap_or_default();
            pieces.sort_by_key(|p| p.start);
            let mut rows = text_of.query([&id])?;
            // None: the index is ahead of this reader's SQLite snapshot.
            let Some(row) = rows.next()? else { continue };
            // The text's bytes as SQLite holds them: only the windows around
            // hit pieces are checked and read, never the whole text.
            let text = match row.get_ref(0)? {
                rusqlite::types::ValueRef::Text(bytes) => bytes,
                _ => continue,
            };
            let mut cursor = (0, 0);
            let mut found_here = false;
            for piece in &pieces {
                let piece_start = advance_chars_in(text, &mut cursor, piece.start);
                let piece_end = advance_chars_in(text, &mut cursor, piece.end);
                let window = ContextWindow::around(text, piece_start..piece_end, options.context)
                    .map_err(|at| {
                        StoreError::Query(format!(
                            "document {id}: the stored text is not UTF-8 at byte {at}; run `stenogram status`"
                        ))
                    })?;
                let range = piece_start - window.offset..piece_end - window.offset;
                // Starts and ends each only move forward (overlapping
                // occurrences of a phrase start before the last one ends).
                let mut starts = stenogram_core::CharCursor::new(window.text);
                let mut ends = stenogram_core::CharCursor::new(window.text);
                let base = starts.at(range.start);
                ends.at(range.start);
                for (s, e) in find_all(&pattern, window.text, range) {
                    let start = piece.start + starts.at(s) - base;
                    let end = piece.start + ends.at(e) - base;
                    let hit = KwicHit {
                        doc: id.clone(),
                        date: date.clone(),
                        speaker: SpeakerRef {
                            person: Some(piece.person.clone()).filter(|p| !p.is_empty()),
                            name: Some(piece.name.clone()).filter(|n| !n.is_empty()),
                        },
                        start,
                        end,
                        left: left_context(window.text, s, options.context).to_owned(),
                        matched: window.text[s..e].to_owned(),
                        right: right_context(window.text, e, options.context).to_owned(),
                    };
                    totals.total += 1;
                    found_here = true;
                    if options.sort == KwicSort::Date {
                        if !sink(&hit) {
                            break 'docs;
                        }
                    } else {
                        collected.push(hit);
                    }
                }
            }
            totals.documents += u64::from(found_here);
        }
        if options.sort != KwicSort::Date {
            let mut keyed: Vec<(Vec<String>, KwicHit)> = collected
                .into_iter()
                .map(|hit| {
                    let key = match options.sort {
                        KwicSort::Left => {
                            let mut words = words_lower(&hit.left);
                            words.reverse();
                            words
                        }
                        _ => words_lower(&hit.right),
                    };
                    (key, hit)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, hit) in &keyed {
                if !sink(hit) {
                    break;
                }
            }
        }
        Ok(totals)
    }

    /// Reads each matching piece's document id, range and speaker from the
    /// index's columns (no stored documents are loaded).
    fn read_piece_hits(
        &self,
        searcher: &tantivy::Searcher,
        addresses: &[DocAddress],
    ) -> Result<HashMap<String, Vec<PieceHit>>, StoreError> {
        let mut by_doc: HashMap<String, Vec<PieceHit>> = HashMap::new();
        let mut i = 0;
        while i < addresses.len() {
            let segment_ord = addresses[i].segment_ord;
            let segment = searcher.segment_reader(segment_ord);
            let fast = segment.fast_fields();
            let column_error = |name: &str| {
                StoreError::Query(format!(
                    "the index has no {name} column; run `stenogram reindex`"
                ))
            };
            let doc_col = fast.str("doc")?.ok_or_else(|| column_error("doc"))?;
            let person_col = fast.str("person")?.ok_or_else(|| column_error("person"))?;
            let name_col = fast.str("name")?.ok_or_else(|| column_error("name"))?;
            let start_col = fast.u64("start")?;
            let end_col = fast.u64("end")?;
            let first_ord = |col: &tantivy::columnar::StrColumn, doc| col.term_ords(doc).next();
            let mut rows = Vec::new();
            while i < addresses.len() && addresses[i].segment_ord == segment_ord {
                let doc = addresses[i].doc_id;
                rows.push((
                    first_ord(&doc_col, doc),
                    first_ord(&person_col, doc),
                    first_ord(&name_col, doc),
                    start_col.first(doc).unwrap_or(0) as usize,
                    end_col.first(doc).unwrap_or(0) as usize,
                ));
                i += 1;
            }
            // Resolve each distinct ordinal once, in order (sequential
            // dictionary reads instead of one random lookup per hit).
            let doc_names = resolve_ords(&doc_col, rows.iter().map(|r| r.0))?;
            let person_names = resolve_ords(&person_col, rows.iter().map(|r| r.1))?;
            let speaker_names = resolve_ords(&name_col, rows.iter().map(|r| r.2))?;
            let lookup = |names: &HashMap<u64, String>, ord: Option<u64>| {
                ord.and_then(|o| names.get(&o)).cloned().unwrap_or_default()
            };
            for (doc, person, name, start, end) in rows {
                by_doc
                    .entry(lookup(&doc_names, doc))
                    .or_default()
                    .push(PieceHit {
                        start,
                        end,
                        person: lookup(&person_names, person),
                        name: lookup(&speaker_names, name),
                    });
            }
        }
        Ok(by_doc)
    }
}

/// The strings of the distinct ordinals among `ords`.
pub(crate) fn resolve_ords(
    column: &tantivy::columnar::StrColumn,
    ords: impl Iterator<Item = Option<u64>>,
) -> Result<HashMap<u64, String>, StoreError> {
    let mut wanted: Vec<u64> = ords.flatten().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut names = HashMap::with_capacity(wanted.len());
    let mut next = wanted.iter();
    column
        .dictionary()
        .sorted_ords_to_term_cb(wanted.iter().copied(), |bytes| {
            if let Some(&ord) = next.next() {
                names.insert(ord, String::from_utf8_lossy(bytes).into_owned());
            }
            Ok(())
        })
        .map_err(|e| StoreError::Query(format!("reading the index: {e}")))?;
    Ok(names)
}

/// A piece's bytes in a document text with room for `context` characters
/// (and the one beyond, for the word boundary test) each side, checked as
/// UTF-8.
struct ContextWindow<'a> {
    text: &'a str,
    /// Where `text` starts in the document's bytes.
    offset: usize,
}

impl<'a> ContextWindow<'a> {
    /// The window around `piece` (a byte range on code point boundaries);
    /// the byte where the text stops being UTF-8 if it does.
    fn around(
        text: &'a [u8],
        piece: std::ops::Range<usize>,
        context: usize,
    ) -> Result<Self, usize> {
        // A code point is at most four bytes: this many bytes hold at least
        // context + 1 of them whatever the alignment.
        let reach = 4 * (context + 2);
        let is_start = |b: &u8| b & 0xC0 != 0x80;
        let mut from = piece.start.saturating_sub(reach);
        while from < piece.start && !is_start(&text[from]) {
            from += 1;
        }
        let mut to = (piece.end + reach).min(text.len());
        while to < text.len() && !is_start(&text[to]) {
            to += 1;
        }
        match std::str::from_utf8(&text[from..to]) {
            Ok(window) => Ok(Self {
                text: window,
                offset: from,
            }),
            Err(e) => Err(from + e.valid_up_to()),
        }
    }
}

/// Case-insensitive words separated by any run of non-word characters.
fn phrase_regex(words: &[String]) -> Regex {
    let body: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!("(?i){}", body.join(r"[^\p{Alphabetic}\p{N}]+")))
        .expect("escaped words form a valid pattern")
}

/// Every match of `pattern` in `text[range]` that starts and ends at word
/// boundaries, as byte ranges of `text`.
fn find_all(pattern: &Regex, text: &str, range: std::ops::Range<usize>) -> Vec<(usize, usize)> {
    let haystack = &text[..range.end];
    let mut at = range.start;
    let mut out = Vec::new();
    while let Some(m) = pattern.find_at(haystack, at) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            // Inside a longer word: look again one character on.
            at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        out.push((m.start(), m.end()));
        // On from the end of the match's first word, so that overlapping
        // occurrences of a phrase ("very very" twice in "very very very")
        // are each found, as the index counts them.
        let first_word = text[m.start()..m.end()]
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(m.end() - m.start());
        at = m.start() + first_word.max(1);
    }
    out
}

fn left_context(text: &str, at: usize, chars: usize) -> &str {
    let before = &text[..at];
    let start = before
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if chars == 0 {
        return "";
    }
    &before[start..]
}

fn right_context(text: &str, at: usize, chars: usize) -> &str {
    let after = &text[at..];
    let end = after
        .char_indices()
        .nth(chars)
        .map_or(after.len(), |(i, _)| i);
    &after[..end]
}

fn words_lower(text: &str) -> Vec<String> {
    stenogram_core::words(text)
        .map(|r| text[r].to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_across_punctuation_but_not_inside_words() {
        let pattern = phrase_regex(&["union".into(), "state".into()]);
        let text =
            "the Union State; the union, state; reunion state; Union Statement; UNION\u{a0}STATE";
        let found: Vec<&str> = find_all(&pattern, text, 0..text.len())
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, ["Union State", "union, state", "UNION\u{a0}STATE"]);
        // Overlapping occurrences count each (as in the index).
        let pattern = phrase_regex(&["very".into(), "very".into()]);
        let text = "very, very very good; very";
        let found: Vec<(usize, usize)> = find_all(&pattern, text, 0..text.len());
        assert_eq!(found, [(0, 10), (6, 15)]);
    }

    #[test]
    fn context_counts_characters() {
        let text = "ééé Russia ààà";
        assert_eq!(left_context(text, 7, 2), "é ");
        assert_eq!(right_context(text, 13, 3), " àà");
        assert_eq!(left_context(text, 7, 0), "");
        assert_eq!(left_context(text, 7, 100), "ééé ");
    }
}
