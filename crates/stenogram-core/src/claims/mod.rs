//! Claims: figures tied to what they measure. A numeric mention (money,
//! percent, quantity, a bare number, a multiple) becomes a claim when its
//! clause names a known indicator (trade, GDP, inflation …, see
//! [`lexicon`]), when it refers back to an earlier sentence's indicator
//! with a pronoun or a source noun ("According to your statistics, it is
//! over $51 billion"), or when the figure names what it measures itself: an
//! open indicator ("5,000 new jobs", "the state defence order was 95 percent
//! fulfilled", see `open` and `phrase`).
//!
//! For each claim: the indicator (the canonical id or the phrase's key),
//! the words that named it, its kind (level, share, change, ratio) and unit
//! family; the scope (countries, see `scope`); the period (see `period`:
//! the dates of the figure's statement and the words that narrow them);
//! whether it is a forecast; the source the text gives ("according to …",
//! "the Russian estimate", "Rosstat"); the speaker and the sentence, all
//! with code point offsets.

pub mod lexicon;
mod open;
mod period;
mod phrase;
mod scope;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::extract::words::small_number;
use crate::model::{Bound, Document, Mention, MentionKind, MentionValue};
use open::{found_of, open_indicator, Span};
use period::{
    dummy_mention, is_partial, narrowed_period, own_time, part_of_year, past_years, pick_period,
    same_moment, war_period, year_of_sentence, year_span,
};
use scope::{counterpart, region_in, speaker_country};

/// Phrases that end one statement of a clause and begin the next: "it is
/// nearly $4 billion, and in the first months of this year …".
const STATEMENT_BREAKS: &[&str] = &[", and ", "; ", ", while ", ", but "];

/// Lower-case `text` with no-break spaces as two spaces: the same byte
/// offsets, and breaks found across them.
fn plain(text: &str) -> String {
    text.replace('\u{a0}', "  ").to_ascii_lowercase()
}

/// Where the statement holding byte `at` starts: after the last break
/// between `from` and `at`, else at `from`.
fn statement_start(text: &str, from: usize, at: usize) -> usize {
    let before = plain(&text[from..at]);
    let mut start = STATEMENT_BREAKS
        .iter()
        .filter_map(|b| before.rfind(b).map(|i| from + i + b.len()))
        .max()
        .unwrap_or(from);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}

/// Where the statement going on at byte `from` ends: at the first break
/// before `limit`, else at `limit`.
fn statement_end(text: &str, from: usize, limit: usize) -> usize {
    let after = plain(&text[from..limit]);
    STATEMENT_BREAKS
        .iter()
        .filter_map(|b| after.find(b).map(|i| from + i))
        .min()
        .unwrap_or(limit)
}

/// Words that may stand between a figure and a date after it, when the
/// date is still the figure's ("71.87 in 2016", "40 percent over the first
/// nine months of this year", "two percent growth rates were posted in
/// early 2019"); number words too.
const JOINING: &[&str] = &[
    "in",
    "for",
    "of",
    "as",
    "by",
    "at",
    "the",
    "end",
    "during",
    "over",
    "on",
    "first",
    "past",
    "months",
    "quarters",
    "quarter",
    "half",
    "were",
    "was",
    "posted",
    "recorded",
    "registered",
    "growth",
    "rate",
    "rates",
    "early",
    "late",
];

/// What sort of statement a figure makes; conflicts compare like with like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// An amount: "$66 billion", "5,000 new jobs", "inflation was 4 percent".
    #[default]
    Level,
    /// A part of a whole: "12 percent of exports", "95 percent fulfilled".
    Share,
    /// A change: "up 4 percent", "grew by", "doubled".
    Change,
    /// A rate between two units: "64.5 rubles to the dollar", "per capita".
    Ratio,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Level => "level",
            ClaimKind::Share => "share",
            ClaimKind::Change => "change",
            ClaimKind::Ratio => "ratio",
        }
    }

    pub fn parse(s: &str) -> Option<ClaimKind> {
        Some(match s {
            "level" => ClaimKind::Level,
            "share" => ClaimKind::Share,
            "change" => ClaimKind::Change,
            "ratio" => ClaimKind::Ratio,
            _ => return None,
        })
    }
}

/// A figure with what it measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// What the figure measures, for grouping: the canonical id when the
    /// phrase maps to a known indicator (`trade`, `gdp`, `inflation` …),
    /// else the phrase's key (modifiers dropped, head singular: `job`,
    /// `criminal case opened`).
    pub indicator: String,
    /// The known indicator the phrase maps to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// Level, share, change or ratio.
    #[serde(default)]
    pub kind: ClaimKind,
    /// `currency`, `percent`, `count`, `physical`, `multiple`, `years` or
    /// `number`: what the value counts in.
    #[serde(default)]
    pub unit_family: String,
    /// The period is part of a year or a year still running ("in the
    /// first five months", "so far this year").
    #[serde(default)]
    pub partial: bool,
    /// The same figure in another unit, given in brackets after it
    /// ("20 billion rubles [$300 million]").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted_unit: Option<String>,
    /// The words that named it, as written (maybe in an earlier sentence).
    pub indicator_text: String,
    pub indicator_start: usize,
    pub indicator_end: usize,
    /// The part of the indicator the text narrows it to ("energy" in
    /// "energy trade", "minimum" in "minimum wage"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Countries or blocs the figure is about, sorted.
    pub scope: Vec<String>,
    /// ISO 8601 period (`2019`, `2019-Q1`, `2012-01/2012-10`), if the text gives one.
    pub period: Option<String>,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<String>,
    pub bound: Bound,
    /// A change ("grew by 5.7 percent") rather than a level ("$51 billion").
    pub change: bool,
    /// `up` or `down` for a change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// A forecast, plan or target ("we expect", "will reach", "the goal is")
    /// rather than a figure for a past or present.
    #[serde(default)]
    pub forecast: bool,
    /// The source the text attributes the figure to, lower-case as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The speaker's turn and person, when the figure is speech.
    pub turn: Option<usize>,
    pub person: Option<String>,
    pub name: Option<String>,
    /// The value's span (as its mention).
    pub start: usize,
    pub end: usize,
    pub sentence_start: usize,
    pub sentence_end: usize,
}

/// A paragraph with who says it.
struct Block<'a> {
    text: &'a str,
    start: usize,
    turn: Option<usize>,
}

/// One word of a paragraph: byte range, lower-case form (the text itself
/// when the word has no capitals, as most have; else in a buffer the
/// caller keeps: no allocation per word).
#[derive(Debug, Clone)]
struct Word<'a> {
    bytes: Range<usize>,
    lowered: &'a str,
}

impl Word<'_> {
    fn lower(&self) -> &str {
        self.lowered
    }
}

/// An indicator found in a paragraph.
#[derive(Clone)]
struct Found {
    /// The lexicon id; empty for an open indicator.
    id: &'static str,
    /// An open indicator's key (the phrase's head, see [`phrase`]).
    key: Option<String>,
    words: Range<usize>,
    start: usize,
    end: usize,
    text: String,
    detail: Option<String>,
}

/// Phrases by their first word: (words, id).
type PhraseMap = crate::lexicon::FastMap<&'static str, Vec<(Vec<&'static str>, &'static str)>>;

struct Lexicon {
    indicators: PhraseMap,
    countries: PhraseMap,
}

fn phrase_map(entries: &'static [(&'static str, &'static str)]) -> PhraseMap {
    let mut map = PhraseMap::default();
    for (phrase, id) in entries {
        let words: Vec<&'static str> = phrase.split(' ').collect();
        map.entry(words[0]).or_default().push((words, id));
    }
    for list in map.values_mut() {
        list.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    }
    map
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| Lexicon {
        indicators: phrase_map(lexicon::INDICATORS),
        countries: phrase_map(lexicon::COUNTRIES),
    })
}

/// Longest phrase of `map` starting at word `i`: (length, id).
fn phrase_at(map: &PhraseMap, words: &[Word], i: usize) -> Option<(usize, &'static str)> {
    let candidates = map.get(words[i].lower())?;
    candidates.iter().find_map(|(phrase, id)| {
        let fits = phrase.len() <= words.len() - i
            && phrase.iter().zip(&words[i..]).all(|(p, w)| *p == w.lower());
        fits.then_some((phrase.len(), *id))
    })
}

/// The words of `text` with their lower-case forms, those that differ from
/// the text written into `buffer` (`str::to_lowercase`, word by word).
fn words_of<'a>(text: &'a str, buffer: &'a mut String) -> Vec<Word<'a>> {
    buffer.clear();
    // The byte range of each word, and of its lower-case form in `buffer`
    // when it differs.
    let spans: Vec<(Range<usize>, Option<Range<usize>>)> = crate::sentence::words(text)
        .map(|bytes| {
            let word = &text[bytes.clone()];
            let at = buffer.len();
            if word.is_ascii() {
                if !word.bytes().any(|b| b.is_ascii_uppercase()) {
                    return (bytes, None);
                }
                buffer.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                let lower = word.to_lowercase();
                if lower == word {
                    return (bytes, None);
                }
                buffer.push_str(&lower);
            }
            (bytes, Some(at..buffer.len()))
        })
        .collect();
    let buffer: &'a str = buffer;
    spans
        .into_iter()
        .map(|(bytes, lower)| Word {
            lowered: lower.map_or(&text[bytes.clone()], |r| &buffer[r]),
            bytes,
        })
        .collect()
}

/// Does a numeric mention measure something (not a year, ordinal, date)?
/// Durations in years count too (life expectancy).
fn is_figure(m: &Mention) -> bool {
    match (&m.kind, &m.value) {
        (
            MentionKind::Money | MentionKind::Percent | MentionKind::Quantity | MentionKind::Number,
            Some(MentionValue::Number(_)),
        ) => true,
        (MentionKind::Duration, Some(MentionValue::Text(t))) => duration_years(t).is_some(),
        _ => false,
    }
}

/// `P72Y`, `P6.5Y` → years.
fn duration_years(iso: &str) -> Option<f64> {
    iso.strip_prefix('P')?.strip_suffix('Y')?.parse().ok()
}

/// The claims of a parsed document, in text order. `mentions` are the
/// document's extracted mentions (relative dates resolved as wanted).
pub fn claims(doc: &Document, text: &str, mentions: &[Mention]) -> Vec<Claim> {
    let mut blocks: Vec<Block> = Vec::new();
    blocks.extend(doc.lead.iter().map(|p| Block {
        text: &p.text,
        start: p.start,
        turn: None,
    }));
    blocks.extend(doc.narration.iter().map(|p| Block {
        text: &p.text,
        start: p.start,
        turn: None,
    }));
    for (idx, turn) in doc.turns.iter().enumerate() {
        blocks.extend(turn.paragraphs.iter().map(|p| Block {
            text: &p.text,
            start: p.start,
            turn: Some(idx),
        }));
    }
    blocks.sort_by_key(|b| b.start);
    let partner = Partner {
        doc,
        text,
        country: std::cell::OnceCell::new(),
    };
    let mut out = Vec::new();
    let mut sorted: Vec<&Mention> = mentions.iter().collect();
    sorted.sort_by_key(|m| m.start);
    // The last indicator seen in the current turn, for anaphora.
    let mut previous: Option<Remembered> = None;
    for block in &blocks {
        let chars = block.text.chars().count();
        let end = block.start + chars;
        let lo = sorted.partition_point(|m| m.start < block.start);
        let hi = sorted.partition_point(|m| m.start < end);
        let here = &sorted[lo..hi];
        if previous.as_ref().is_some_and(|p| p.2 != block.turn) {
            previous = None;
        }
        let found = block_claims(doc, block, here, &partner, &mut previous);
        out.extend(found);
    }
    out
}

/// The country a document's bilateral figures are with ([`counterpart`]),
/// found when a paragraph first needs it.
struct Partner<'a> {
    doc: &'a Document,
    text: &'a str,
    country: std::cell::OnceCell<Option<String>>,
}

impl Partner<'_> {
    fn get(&self) -> Option<&str> {
        self.country
            .get_or_init(|| counterpart(self.doc, self.text))
            .as_deref()
    }
}

/// Byte offset in `text` of code point `chars`.
fn byte_at(offsets: &[usize], chars: usize) -> usize {
    offsets[chars.min(offsets.len() - 1)]
}

fn block_claims(
    doc: &Document,
    block: &Block,
    mentions: &[&Mention],
    partner: &Partner,
    previous: &mut Option<Remembered>,
) -> Vec<Claim> {
    let lex = lexicon();
    let text = block.text;
    // Words start and end on code point boundaries.
    let to_char = |byte: usize| block.start + crate::text::count_chars(&text.as_bytes()[..byte]);
    let mut lowered = String::new();
    let words = words_of(text, &mut lowered);
    // Indicators and countries of the paragraph.
    let mut indicators: Vec<Found> = Vec::new();
    let mut countries: Vec<(usize, &'static str)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((len, id)) = phrase_at(&lex.indicators, &words, i).filter(|(len, _)| {
            let last = words[i + len - 1].lower();
            let next = words.get(i + len).map(|w| w.lower());
            !lexicon::NOT_AFTER
                .iter()
                .any(|(word, after)| *word == last && next.is_some_and(|n| after.contains(&n)))
        }) {
            let bytes = words[i].bytes.start..words[i + len - 1].bytes.end;
            let sub = |w: &Word| lexicon::SUBTYPES.contains(&w.lower());
            let detail = if len > 1 && sub(&words[i]) {
                Some(words[i].lower().to_owned())
            } else {
                i.checked_sub(1)
                    .map(|p| &words[p])
                    .filter(|w| sub(w) && text[w.bytes.end..words[i].bytes.start].trim().is_empty())
                    .map(|w| {
                        // "non-commodity exports" is the opposite of "commodity".
                        let non = w.bytes.start >= 4 && text[..w.bytes.start].ends_with("non-");
                        if non {
                            format!("non-{}", w.lower())
                        } else {
                            w.lower().to_owned()
                        }
                    })
            }
            .or_else(|| {
                // "exports of foodstuffs", "exports of weapons": the part after "of".
                let of = words.get(i + len)?;
                let part = words.get(i + len + 1)?;
                (of.lower() == "of"
                    && text[words[i + len - 1].bytes.end..of.bytes.start]
                        .trim()
                        .is_empty()
                    && (sub(part)
                        || [
                            "foodstuffs",
                            "weapons",
                            "goods",
                            "services",
                            "machinery",
                            "cars",
                            "equipment",
                            "products",
                            "grain",
                            "fertilisers",
                            "fertilizers",
                        ]
                        .contains(&part.lower())))
                .then(|| part.lower().to_owned())
            });
            // "adjusted for inflation", "in the economy": the indicator is
            // not what the figure measures.
            let before_word = |n: usize| i.checked_sub(n).map(|p| words[p].lower());
            let idiom = match id {
                "inflation" => {
                    matches!(before_word(1), Some("for" | "to"))
                        && matches!(
                            before_word(2),
                            Some(
                                "adjusted"
                                    | "indexed"
                                    | "indexation"
                                    | "adjust"
                                    | "index"
                                    | "compensate"
                                    | "compensated"
                                    | "adjustment"
                            )
                        )
                }
                "gdp" => {
                    words[i].lower() == "economy"
                        && (matches!(before_word(1), Some("in" | "into" | "to"))
                            || (matches!(before_word(1), Some("the" | "our" | "their"))
                                && matches!(before_word(2), Some("in" | "into" | "to" | "of"))))
                }
                _ => false,
            };
            if idiom {
                i += 1;
                continue;
            }
            indicators.push(Found {
                id,
                key: None,
                words: i..i + len,
                start: to_char(bytes.start),
                end: to_char(bytes.end),
                text: text[bytes].to_owned(),
                detail,
            });
        }
        if let Some((len, country)) = phrase_at(&lex.countries, &words, i) {
            // "US" and "UK" only in capitals, never the pronoun "us".
            countries.push((i, country));
            // "global economy": the scope, and the indicator after it.
            let last = words[i + len - 1].lower();
            i += if len > 1 && lex.indicators.contains_key(last) {
                len - 1
            } else {
                len
            };
            continue;
        }
        if matches!(text[words[i].bytes.clone()].as_ref(), "US" | "U") && words[i].lower() == "us" {
            countries.push((i, "United States"));
        }
        i += 1;
    }
    // Without a figure or an indicator a paragraph neither claims nor
    // names anything a later "it" could mean.
    if mentions.is_empty() && indicators.is_empty() {
        return Vec::new();
    }
    let partner = partner.get();
    // Code point → byte offsets of this paragraph.
    let mut offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    offsets.push(text.len());
    let sentences = crate::sentence::sentences(text);
    let word_at = |byte: usize| words.partition_point(|w| w.bytes.end <= byte);
    let mut out = Vec::new();
    // The last part-of-a-year period of the paragraph, for "the same period".
    let mut last_partial: Option<String> = None;
    for sentence in &sentences {
        let s_words = word_at(sentence.start)..word_at(sentence.end);
        let in_sentence: Vec<&Found> = indicators
            .iter()
            .filter(|f| f.words.start >= s_words.start && f.words.end <= s_words.end)
            .collect();
        let sentence_countries: Vec<&'static str> = countries
            .iter()
            .filter(|(w, _)| s_words.contains(w))
            .map(|(_, c)| *c)
            .collect();
        let sentence_dates: Vec<&Mention> = mentions
            .iter()
            .copied()
            .filter(|m| m.kind == MentionKind::Date)
            // "today", "now": the figure's moment is the document's, no period.
            .filter(|m| {
                !matches!(
                    m.text.to_lowercase().as_str(),
                    "today" | "now" | "currently" | "at present" | "nowadays"
                )
            })
            .filter(|m| {
                let b = byte_at(&offsets, m.start - block.start);
                b >= sentence.start && b < sentence.end
            })
            .collect();
        // "20 billion rubles [$300 million]": one figure in two units.
        let conversions: Vec<(&Mention, &Mention)> = mentions
            .windows(2)
            .filter(|pair| {
                let (a, b) = (pair[0], pair[1]);
                a.kind == MentionKind::Money
                    && b.kind == MentionKind::Money
                    && b.start >= a.end
                    && text
                        .get(
                            byte_at(&offsets, a.end - block.start)
                                ..byte_at(&offsets, b.start - block.start),
                        )
                        .is_some_and(|gap| matches!(gap.trim(), "[" | "(" | "– [" | "or"))
                    && text
                        .get(byte_at(&offsets, b.end - block.start)..)
                        .is_some_and(|rest| {
                            let rest = rest.trim_start();
                            rest.starts_with(']')
                                || rest.starts_with(')')
                                || text[byte_at(&offsets, a.end - block.start)..]
                                    .trim_start()
                                    .starts_with("or")
                        })
            })
            .map(|pair| (pair[0], pair[1]))
            .collect();
        for m in mentions
            .iter()
            .copied()
            .filter(|m| is_figure(m))
            .filter(|m| !conversions.iter().any(|(_, b)| b.start == m.start))
        {
            let m_byte = byte_at(&offsets, m.start - block.start);
            if m_byte < sentence.start || m_byte >= sentence.end {
                continue;
            }
            let m_word = word_at(m_byte);
            let hedge_word = m.qualifier_start.map_or(m_word, |q| {
                word_at(byte_at(&offsets, q.max(block.start) - block.start))
            });
            // The clause of the figure: between separators around it.
            let clause = clause_of(text, sentence.clone(), m_byte);
            let clause_words = word_at(clause.start)..word_at(clause.end);
            // The indicator: the nearest before the figure (within 12
            // words), else right after it ("$51 billion in trade").
            let before = in_sentence
                .iter()
                .filter(|f| f.words.end <= hedge_word && hedge_word - f.words.end <= 16)
                .max_by_key(|f| f.words.end);
            let m_end_word = word_at(byte_at(&offsets, m.end - block.start));
            let after = in_sentence
                .iter()
                .filter(|f| f.words.start >= m_end_word && f.words.start - m_end_word <= 3)
                .min_by_key(|f| f.words.start);
            let bare_number = m.kind == MentionKind::Number;
            // "2.8 percent of (the) GDP", "the share in the GDP": GDP is what
            // the share is of, not what it measures.
            let share_of = |f: &&&Found| {
                f.id == "gdp"
                    && m.kind == MentionKind::Percent
                    && (f.words.start >= m_end_word
                        || words[f.words.end..hedge_word.max(f.words.end)]
                            .iter()
                            .any(|w| w.lower() == "share"))
            };
            // In a sentence that speaks of shares of GDP, every percent
            // is such a share ("2.2 percent of GDP this year to 1.4 percent
            // next year"; "the share in the GDP will be 2.8 percent").
            let gdp_shares = in_sentence.iter().any(|f| {
                f.id == "gdp"
                    && ((f.words.start >= 2
                        && words[f.words.start - 1].lower() == "of"
                        && matches!(words[f.words.start - 2].lower(), "percent" | "cent"))
                        || (f.words.start >= 3
                            && words[f.words.start - 2].lower() == "of"
                            && words[f.words.start - 1].lower() == "the"
                            && matches!(words[f.words.start - 3].lower(), "percent" | "cent"))
                        || (f.words.start >= 1
                            && words[s_words.start..f.words.start]
                                .iter()
                                .any(|w| w.lower() == "share")))
            }) || text[sentence.clone()]
                .replace('\u{a0}', " ")
                .contains("percentage of GDP")
                || text[sentence.clone()].contains("% of GDP")
                || text[sentence.clone()].contains("% of the GDP");
            let of_gdp = m.kind == MentionKind::Percent && gdp_shares;
            let before = if of_gdp {
                in_sentence
                    .iter()
                    .filter(|f| {
                        f.id != "gdp" && f.words.end <= hedge_word && hedge_word - f.words.end <= 16
                    })
                    .max_by_key(|f| f.words.end)
            } else {
                before.filter(|f| !share_of(f))
            };
            let after = after.filter(|f| !share_of(f));
            // "raise healthcare spending to 5 percent of GDP": with no
            // other indicator, the clause's subject is what the share is of
            // GDP; else an earlier sentence's indicator ("it accounted for").
            let of_gdp_subject = (of_gdp && before.is_none())
                .then(|| phrase::subject_before(text, &words, clause_words.start, hedge_word))
                .flatten();
            // "from 65.4 in 2005 to 71.87": bare figures of a from–to
            // after their indicator.
            let from_to = bare_number
                && hedge_word > 0
                && matches!(words[hedge_word - 1].lower(), "from" | "to")
                && in_sentence.iter().any(|f| f.words.end <= hedge_word)
                && (clause_words.start..hedge_word).any(|w| words[w].lower() == "from");
            // The figure's stretch of the clause: from the figure before it
            // to the figure after it.
            let segment = {
                let figures = mentions
                    .iter()
                    .filter(|o| is_figure(o) && o.start != m.start);
                let lo0 = figures
                    .clone()
                    .filter(|o| o.end <= m.start)
                    .map(|o| byte_at(&offsets, o.end - block.start))
                    .max()
                    .unwrap_or(0)
                    .max(clause.start)
                    .min(m_byte);
                let m_end_byte = byte_at(&offsets, m.end - block.start);
                let hi0 = figures
                    .filter(|o| o.start >= m.end)
                    .map(|o| byte_at(&offsets, o.start - block.start))
                    .min()
                    .unwrap_or(text.len())
                    .min(clause.end)
                    .max(m_end_byte);
                let lo = statement_start(text, lo0, m_byte);
                let hi = statement_end(text, m_end_byte, hi0);
                lo..hi.max(lo)
            };
            // The figure's own noun phrase: what it counts, what it is a
            // share of, or its clause's subject.
            let open = match &of_gdp_subject {
                Some(np) => Some(found_of(np, &words, &to_char)),
                None if of_gdp => None,
                None => open_indicator(
                    text,
                    &words,
                    m,
                    Span {
                        number: m_word,
                        end: m_end_word,
                        hedge: hedge_word,
                        clause: clause_words.clone(),
                    },
                    &to_char,
                ),
            };
            // A lexicon indicator of an earlier clause yields to the
            // figure's own subject or counted noun ("…, while 5,000 new
            // jobs were created").
            let before = before.filter(|f| f.words.end >= clause_words.start || open.is_none());
            let (found, carried) = match (before, after) {
                (Some(f), _) if !bare_number || hedge_word - f.words.end <= 2 || from_to => {
                    ((*f).clone(), false)
                }
                (_, Some(f)) if !bare_number => ((*f).clone(), false),
                _ => {
                    // Anaphora: "it is", "this figure", or a source noun
                    // in the clause, with an indicator in an earlier
                    // sentence of the same turn.
                    let refers = (clause_words.start..hedge_word).any(|w| {
                        let word = words[w].lower();
                        // "this" or "that" closing a clause is an object
                        // ("have done this, and 87 percent of them …").
                        // "Of this 20 percent, 8 percent …": "this" points
                        // at a figure, not at the earlier indicator.
                        let of_figure = matches!(word, "this" | "that" | "these")
                            && words.get(w + 1).is_some_and(|next| {
                                next.lower()
                                    .chars()
                                    .next()
                                    .is_some_and(|c| c.is_ascii_digit())
                            });
                        let object = of_figure
                            || matches!(word, "this" | "that")
                                && words.get(w + 1).is_none_or(|next| {
                                    next.lower() == "and"
                                        || text[words[w].bytes.end..next.bytes.start]
                                            .contains([',', ';', '.'])
                                });
                        // "its rate", "its share": the thing of another
                        // ("the Central Bank cut its rate"), unless it is
                        // the indicator's own size ("its volume").
                        let possessive = word == "its"
                            && words.get(w + 1).is_some_and(|next| {
                                !matches!(
                                    next.lower(),
                                    "volume" | "level" | "growth" | "value" | "size" | "total"
                                )
                            });
                        let subject = lexicon::ANAPHORA.contains(&word) && !object && !possessive;
                        subject || word == "figure" || lexicon::SOURCE_NOUNS.contains(&word)
                    });
                    // A bare number refers back only with a magnitude ("50 billion").
                    let big = matches!(m.value, Some(MentionValue::Number(v)) if v.abs() >= 1e6);
                    match previous.as_ref() {
                        Some((f, _, _, _)) if refers && (!bare_number || big) => (f.clone(), true),
                        _ => match open.clone() {
                            Some(o) => (o, false),
                            None => continue,
                        },
                    }
                }
            };
            let mut found = found;
            let mut carried = carried;
            if found.id == "growth" {
                // "8.5 percent growth rates" after "Real wages …": the
                // growth of the indicator the turn is speaking of.
                match previous.as_ref() {
                    Some((f, _, _, _)) if f.id != "growth" && !carried => {
                        found = Found { id: f.id, ..found };
                        carried = false;
                    }
                    _ => found.id = "gdp",
                }
            }
            if found.id == "production" {
                let near: Vec<&str> = words
                    .iter()
                    .skip(m_end_word)
                    .take(4)
                    .chain(words.iter().skip(found.words.end).take(2))
                    .map(|w| w.lower())
                    .collect();
                found.id = if near.contains(&"gas") {
                    "gas_production"
                } else if near.contains(&"oil") || near.contains(&"barrels") {
                    "oil_production"
                } else if near.contains(&"grain") || near.contains(&"wheat") {
                    "harvest"
                } else {
                    "industrial_production"
                };
            }
            // A span of years measures a life, nothing else ("within a year").
            if m.kind == MentionKind::Duration && found.id != "life_expectancy" {
                continue;
            }
            if found.key.is_none() && !unit_fits(found.id, m) {
                // "produce and sell 40,000 wagons": not production in
                // tonnes, but what the figure counts.
                match open.clone() {
                    Some(o) if o.key.is_some() => {
                        found = o;
                        carried = false;
                    }
                    _ => continue,
                }
            }
            // Change and direction from the words between the indicator
            // and the figure (the hedge excluded), and the word before it.
            let window_start = if carried {
                clause_words.start
            } else {
                found.words.end.min(hedge_word)
            };
            let lead_word = hedge_word.checked_sub(1).map(|w| words[w].lower());
            let mut direction = None;
            for w in &words[window_start.min(hedge_word)..hedge_word] {
                if lexicon::UP.contains(&w.lower()) {
                    direction = Some("up");
                } else if lexicon::DOWN.contains(&w.lower()) {
                    direction = Some("down");
                }
            }
            // "growth of 3 percent", "GDP growth was 1.3 percent".
            let growth_named = found.text.to_lowercase().contains("growth")
                || (!carried
                    && words
                        .get(found.words.end..hedge_word.max(found.words.end))
                        .unwrap_or_default()
                        .iter()
                        .take(2)
                        .any(|w| w.lower() == "growth"));
            if direction.is_none() && growth_named {
                direction = Some("up");
            }
            // "a 9 percent growth", "21 percent more", "50 percent less".
            let after_word = words.get(m_end_word).map(|w| w.lower());
            let change_after = after_word.and_then(|w| {
                lexicon::CHANGE_AFTER
                    .iter()
                    .find(|(word, _)| *word == w)
                    .map(|(_, d)| *d)
            });
            if let Some(d) = change_after {
                direction = Some(d);
            }
            // A multiple ("grew 2.6 times", "doubled") is always a change,
            // down when it says so or when it is a fraction ("halved").
            let multiple = m.unit.as_deref() == Some("times");
            if multiple && direction.is_none() {
                let below_one = matches!(m.value, Some(MentionValue::Number(v)) if v < 1.0);
                direction = Some(if below_one { "down" } else { "up" });
            }
            let change = multiple
                || change_after.is_some()
                || match lead_word {
                    Some("to" | "at" | "reached" | "reaching" | "totalled" | "totaled") => false,
                    Some("by") => direction.is_some() || growth_named,
                    _ => {
                        direction.is_some()
                            && (m.kind == MentionKind::Percent
                                || lead_word.is_some_and(|w| {
                                    lexicon::UP.contains(&w) || lexicon::DOWN.contains(&w)
                                }))
                            || growth_named && m.kind == MentionKind::Percent
                    }
                };
            // "grew by one-third", "by half": a change as a fraction is a
            // percent change.
            let fraction_change = change
                && m.kind == MentionKind::Number
                && matches!(m.value, Some(MentionValue::Number(v)) if v > 0.0 && v < 1.0);
            let value = match &m.value {
                Some(MentionValue::Number(v)) if fraction_change => v * 100.0,
                Some(MentionValue::Number(v)) => *v,
                Some(MentionValue::Text(t)) => match duration_years(t) {
                    Some(v) => v,
                    None => continue,
                },
                None => continue,
            };
            let direction = if change {
                if value < 0.0 {
                    Some("down")
                } else {
                    direction
                }
            } else {
                None
            };
            // Scope.
            let mut scope: Vec<String> = if carried {
                previous.as_ref().map(|p| p.1.clone()).unwrap_or_default()
            } else {
                // The countries of the figure's own stretch when it names
                // some ("3.5 percent for Russia, 7.5 percent in China"),
                // else the sentence's.
                // (Before the figure, only after the last comma: "for Russia,
                // 7.5 percent in China" gives Russia to the figure before.)
                let own_start = text[segment.start..m_byte]
                    .rfind(',')
                    .map_or(segment.start, |i| segment.start + i + 1);
                let segment_words = word_at(own_start)..word_at(segment.end);
                let own: Vec<&'static str> = countries
                    .iter()
                    .filter(|(w, _)| segment_words.contains(w) && s_words.contains(w))
                    .map(|(_, c)| *c)
                    .collect();
                let mut named: Vec<String> = if own.is_empty() {
                    sentence_countries.iter().map(|c| c.to_string()).collect()
                } else {
                    own.iter().map(|c| c.to_string()).collect()
                };
                let sentence_text = &text[sentence.clone()].to_lowercase();
                let bilateral = sentence_text.contains("bilateral")
                    || sentence_text.contains("mutual")
                    || sentence_text.contains("our two countries")
                    || sentence_text.contains("our countries")
                    || sentence_text.contains("between us");
                if bilateral {
                    if let Some(p) = partner {
                        named.push(p.to_owned());
                    }
                    named.push("Russia".to_owned());
                }
                named.sort();
                named.dedup();
                if lexicon::BILATERAL.contains(&found.id)
                    && named.len() == 1
                    && !matches!(named[0].as_str(), "Russia" | "world")
                {
                    named.push("Russia".to_owned());
                }
                if named.len() > 1 {
                    // "world" is a scope only on its own ("world trade").
                    named.retain(|c| c != "world");
                }
                if named.is_empty() && lexicon::BILATERAL.contains(&found.id) {
                    // Trade in talks with Belarus is Russian-Belarusian trade.
                    if let Some(p) = partner {
                        named.push(p.to_owned());
                    }
                    named.push("Russia".to_owned());
                }
                if named.is_empty() && found.id != "world" {
                    // "Our economy grew by 7.4 percent" is the speaker's
                    // country's: the one the speaker's role names, else Russia.
                    named.push(
                        speaker_country(doc, block.turn).unwrap_or_else(|| "Russia".to_owned()),
                    );
                }
                named.sort();
                named.dedup();
                named
            };
            if !carried && scope == ["Russia"] {
                // "in the Republic of Crimea", "Krasnodar Territory": a
                // region of Russia.
                // The sentence's region, else one the paragraph named before
                // it while no other country came up.
                let region = region_in(text, &words, s_words.clone()).or_else(|| {
                    countries
                        .iter()
                        .all(|(w, c)| *w >= s_words.start || *c == "Russia")
                        .then(|| region_in(text, &words, 0..s_words.start))
                        .flatten()
                });
                if let Some(region) = region {
                    scope = vec![format!("Russia:{region}")];
                }
            }
            scope.sort();
            // Investment between two countries is direct investment.
            if found.id == "investment" && scope.len() >= 2 && !scope.iter().any(|c| c == "world") {
                found.id = "fdi";
            }
            // Period: the nearest date of the clause, else of the sentence.
            let clause_time = own_time(&text[clause.clone()]);
            // "Now it is $9.6 billion", "1.6% today": the moment of speaking,
            // no period of its own and none carried over.
            let segment_words = word_at(segment.start)..word_at(segment.end);
            let present = (segment_words.start..segment_words.end.min(words.len())).any(|w| {
                matches!(
                    words[w].lower(),
                    "now" | "today" | "currently" | "presently" | "nowadays"
                ) || (words[w].lower() == "moment"
                    && w >= 2
                    && words[w - 2].lower() == "at"
                    && words[w - 1].lower() == "the")
            }) && !sentence_dates.iter().any(|d| {
                let b = byte_at(&offsets, d.start - block.start);
                b >= segment.start && b < segment.end
            });
            // Dates that are the base of a comparison ("compared to 2015",
            // "the level of early 2014"), never the figure's period.
            let is_base = |d: &Mention| {
                let b = byte_at(&offsets, d.start - block.start);
                let m_end = byte_at(&offsets, m.end - block.start);
                let lead = text[sentence.start..b.max(sentence.start)].to_lowercase();
                let lead = lead.trim_end();
                // "the level of early 2014": the words of the date itself.
                let lead = ["early", "late", "mid", "the end of", "the beginning of"]
                    .iter()
                    .find_map(|w| lead.strip_suffix(w))
                    .unwrap_or(lead)
                    .trim_end();
                [
                    " compared to",
                    " compared with",
                    " than",
                    " than in",
                    " against",
                    " versus",
                    " level of",
                    " levels of",
                    " as of",
                ]
                .iter()
                .any(|w| lead.ends_with(w))
                    // "than last year, when we had 4.3% growth": the figure
                    // is that year's.
                    && !(d.end <= m.start && {
                        let e = byte_at(&offsets, d.end - block.start);
                        text[e..m_byte].trim_start_matches([',', ' ']).starts_with("when")
                    })
                    || (b >= m_end && text[m_end..b].trim() == "on")
            };
            let own_dates: Vec<&Mention> = sentence_dates
                .iter()
                .copied()
                .filter(|d| !is_base(d))
                .collect();
            let period = pick_period(
                &own_dates,
                m,
                clause_time,
                |d| {
                    let b = byte_at(&offsets, d.start - block.start);
                    let m_end = byte_at(&offsets, m.end - block.start);
                    let in_clause = b >= clause.start && b < clause.end;
                    // A date after the figure belongs to it only before a comma
                    // ("15%, and in 2015" is the next figure's date).
                    // A date after the figure belongs to it only when joined by a
                    // preposition ("71.87 in 2016"), not by a comma or "and"
                    // ("12 billion euros and in 2002 …" is the next figure's).
                    let joined = b < m_end
                        || text[m_end..b]
                            .split(|c: char| !c.is_alphanumeric())
                            .filter(|w| !w.is_empty())
                            .all(|w| {
                                let w = w.to_lowercase();
                                JOINING.contains(&w.as_str()) || small_number(&w).is_some()
                            })
                            && !text[m_end..b].contains([',', ';']);
                    in_clause && joined
                },
                // A date after the figure elsewhere in the sentence only while no
                // ", and" or "; " starts another statement ("it is nearly $4
                // billion, and in the first 6–7 months of this year …").
                |d| byte_at(&offsets, d.start - block.start) < segment.end,
            )
            .and_then(|d| {
                narrowed_period(d, mentions, text, &offsets, block.start)
                    .map(|p| year_of_sentence(&p, d, &sentence_dates))
            })
            .map(|p| {
                part_of_year(&p, &text[segment.clone()])
                    .or_else(|| {
                        same_moment(
                            &p,
                            &text[segment.clone()],
                            doc.date.as_deref(),
                            last_partial.as_deref(),
                        )
                    })
                    .unwrap_or(p)
            })
            .filter(|_| !present)
            .map(|p| {
                // "Starting from the second quarter", "since 2015": from
                // then on, not that period alone.
                let lead = text[sentence.start..m_byte].to_lowercase();
                let from_then = ["starting from", "since", "beginning from", "ever since"]
                    .iter()
                    .any(|w| lead.contains(w));
                if from_then && !p.contains('/') {
                    format!("{p}/..")
                } else {
                    p
                }
            })
            .or_else(|| war_period(&text[..sentence.end]).filter(|_| !present))
            .map(|p| {
                // "from 2008 to 2018": the span, not one end of it.
                year_span(&text[segment.clone()], &p).unwrap_or(p)
            })
            .or_else(|| past_years(&text[clause.clone()], doc.date.as_deref()))
            .into_iter()
            .chain({
                // "The year before last, it was …": two years before the
                // document's year (extraction reads only "last year").
                let lower = text[clause.start.min(m_byte)..m_byte].to_lowercase();
                doc.date
                    .as_deref()
                    .and_then(|d| d.get(..4)?.parse::<i32>().ok())
                    .filter(|_| lower.contains("year before last"))
                    .map(|year| format!("{}", year - 2))
            })
            .last()
            .or_else(|| {
                // A figure that refers back keeps the earlier sentence's period.
                // "Now the figures are changing: it was 15 percent": a
                // sentence about now keeps no earlier sentence's year.
                let now_sentence = (s_words.start..m_word).any(|w| {
                    matches!(words[w].lower(), "now" | "today" | "currently" | "nowadays")
                });
                (carried && !present && !now_sentence)
                    .then(|| previous.as_ref().and_then(|p| p.3.clone()))
                    .flatten()
            });
            let source = source_of(text, &words, clause.clone(), &word_at);
            // A forecast word before the figure in its statement, figures
            // before it included ("they expect growth of 1.4 percent", "is
            // expected to drop from 8.5 percent to 5.9 percent"; not "grew by
            // 4 percent, and … is expected"); "than planned", "as expected"
            // compare with a plan and are no forecast.
            let forecast_from = word_at(statement_start(text, clause.start, m_byte))
                .clamp(clause_words.start, m_word.max(clause_words.start));
            let forecast = (forecast_from..m_word.max(clause_words.start)).any(|w| {
                lexicon::FORECAST.contains(&words[w].lower())
                    && !(w > 0 && matches!(words[w - 1].lower(), "than" | "as"))
            });
            let sentence_start = to_char(sentence.start);
            let sentence_end = to_char(sentence.end);
            let turn = block.turn;
            let speaker = turn.map(|t| &doc.turns[t].speaker);
            let after_figure = |n: usize| {
                words[m_end_word.min(words.len())..(m_end_word + n).min(words.len())]
                    .iter()
                    .map(|w| w.lower())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let clause_lower = text[clause.clone()].to_lowercase();
            let kind = if change {
                ClaimKind::Change
            } else if [
                "per capita",
                "to the dollar",
                "to the euro",
                "per 1,000",
                "per 100,000",
                "per thousand",
                "per hundred thousand",
                "per head",
            ]
            .iter()
            .any(|r| {
                after_figure(4)
                    .contains(r.trim_start_matches("per ").split(' ').next().unwrap_or(""))
                    && clause_lower.contains(r)
            }) {
                ClaimKind::Ratio
            } else if m.kind == MentionKind::Percent
                && (of_gdp
                    || after_figure(1) == "of"
                    || clause_lower.contains("share")
                    || clause_lower.contains("account for")
                    || clause_lower.contains("accounts for")
                    || clause_lower.contains("accounted for")
                    || [
                        "fulfilled",
                        "complete",
                        "completed",
                        "ready",
                        "done",
                        "implemented",
                        "built",
                        "finished",
                        "spent",
                        "used",
                        "met",
                    ]
                    .contains(&after_figure(1).as_str()))
            {
                ClaimKind::Share
            } else {
                ClaimKind::Level
            };
            let unit_family = match m.kind {
                MentionKind::Money => "currency",
                MentionKind::Percent => "percent",
                MentionKind::Duration => "years",
                MentionKind::Quantity if m.unit.as_deref() == Some("times") => "multiple",
                MentionKind::Quantity
                    if m.unit.as_deref().is_some_and(|u| {
                        lexicon::PHYSICAL.contains(&u) && !matches!(u, "apartments" | "houses")
                    }) =>
                {
                    "physical"
                }
                MentionKind::Quantity => "count",
                _ if found.key.is_some() => "count",
                _ => "number",
            };
            let converted = conversions
                .iter()
                .find(|(a, _)| a.start == m.start)
                .map(|(_, b)| *b);
            out.push(Claim {
                indicator: found.key.clone().unwrap_or_else(|| found.id.to_owned()),
                canonical: found.key.is_none().then(|| found.id.to_owned()),
                kind,
                unit_family: unit_family.to_owned(),
                partial: period.as_deref().is_some_and(is_partial),
                converted: converted.and_then(|c| match c.value {
                    Some(MentionValue::Number(v)) => Some(v),
                    _ => None,
                }),
                converted_unit: converted.and_then(|c| c.unit.clone()),
                indicator_text: found.text.clone(),
                indicator_start: found.start,
                indicator_end: found.end,
                detail: found.detail.clone(),
                scope: scope.clone(),
                period: period.clone(),
                value,
                high: match &m.high {
                    Some(MentionValue::Number(h)) => Some(*h),
                    _ => None,
                },
                unit: if m.kind == MentionKind::Duration {
                    Some("years".to_owned())
                } else if fraction_change {
                    Some("%".to_owned())
                } else {
                    m.unit.clone()
                },
                qualifier: m.qualifier.clone(),
                bound: m.bound,
                change,
                direction: direction.map(str::to_owned),
                forecast,
                source,
                turn,
                person: speaker.and_then(|s| s.person.as_deref().map(str::to_owned)),
                name: speaker.map(|s| s.name.as_deref().unwrap_or(&s.label).to_owned()),
                start: m.start,
                end: m.end,
                sentence_start,
                sentence_end,
            });
            if period.as_deref().is_some_and(is_partial) {
                last_partial = period.clone();
            }
            // Only a known indicator is what a later "it" means: an open
            // phrase is our reading of one clause, too unsure to carry.
            if !carried && found.key.is_none() {
                *previous = Some((found, scope, block.turn, period.clone()));
            }
        }
        // An indicator named without a figure is what a later "it" means.
        // ("Real wages are calculated depending on specific growth rates":
        // wages, not growth, is what a later "8.5 percent growth rates" is of.)
        let named = in_sentence
            .iter()
            .rev()
            .find(|f| f.id != "growth")
            .or(in_sentence.last());
        if let Some(last) = named {
            let already = previous.as_ref().is_some_and(|p| p.0.start == last.start);
            if !already {
                let mut scope: Vec<String> =
                    sentence_countries.iter().map(|c| c.to_string()).collect();
                let lower = text[sentence.clone()].to_lowercase();
                if lower.contains("bilateral") || lower.contains("mutual") {
                    if let Some(p) = partner {
                        scope.push(p.to_owned());
                    }
                    scope.push("Russia".to_owned());
                }
                scope.sort();
                scope.dedup();
                if lexicon::BILATERAL.contains(&last.id) && scope.len() == 1 && scope[0] != "Russia"
                {
                    scope.push("Russia".to_owned());
                }
                if scope.len() > 1 {
                    scope.retain(|c| c != "world");
                }
                if scope.is_empty() {
                    if lexicon::BILATERAL.contains(&last.id) {
                        if let Some(p) = partner {
                            scope.push(p.to_owned());
                        }
                    }
                    scope.push("Russia".to_owned());
                }
                scope.sort();
                scope.dedup();
                let period = pick_period(
                    &sentence_dates,
                    &sentence_dates
                        .first()
                        .copied()
                        .cloned()
                        .unwrap_or_else(|| dummy_mention(last.start)),
                    false,
                    |_| true,
                    |_| true,
                )
                .and_then(|d| narrowed_period(d, mentions, text, &offsets, block.start));
                *previous = Some(((*last).clone(), scope, block.turn, period));
            }
        }
    }
    out
}

/// What a later "it" refers to: the indicator, its scope, the turn and
/// the period its sentence gave.
type Remembered = (Found, Vec<String>, Option<usize>, Option<String>);

/// The clause of the sentence around `at`: bounded by `;`, `:`, and commas
/// or words that open a contrasting clause (", while", ", but", ", whereas").
fn clause_of(text: &str, sentence: Range<usize>, at: usize) -> Range<usize> {
    let s = &text[sentence.clone()];
    let rel = at - sentence.start;
    let lower = s.to_lowercase();
    let mut cuts: Vec<usize> = Vec::new();
    for (i, c) in s.char_indices() {
        if c == ';' || c == ':' || c == '(' || c == ')' {
            cuts.push(i + c.len_utf8());
        }
    }
    for marker in [
        ", while ",
        ", whereas ",
        ", but ",
        " while ",
        " whereas ",
        ", although ",
    ] {
        let mut from = 0;
        while let Some(p) = lower.get(from..).and_then(|l| l.find(marker)) {
            cuts.push(from + p + 1);
            from += p + marker.len();
        }
    }
    let start = cuts
        .iter()
        .copied()
        .filter(|&c| c <= rel)
        .max()
        .unwrap_or(0);
    let end = cuts
        .iter()
        .copied()
        .filter(|&c| c > rel)
        .min()
        .unwrap_or(s.len());
    sentence.start + start..sentence.start + end
}

/// Does the figure's kind and unit suit what the indicator measures?
fn unit_fits(indicator: &str, m: &Mention) -> bool {
    use lexicon::Measure;
    let unit = m.unit.as_deref().unwrap_or("");
    match (m.kind, lexicon::measure(indicator)) {
        // A multiple ("grew 2.6 times") is a change of anything measured.
        (MentionKind::Quantity, _) if unit == "times" => true,
        (MentionKind::Percent, Measure::People) => false,
        (MentionKind::Percent, _) => true,
        (MentionKind::Money, Measure::Money | Measure::Physical) => true,
        (MentionKind::Quantity, Measure::Count) => lexicon::PEOPLE.contains(&unit),
        (MentionKind::Quantity, Measure::Physical) => lexicon::PHYSICAL.contains(&unit),
        (
            MentionKind::Number,
            Measure::Count | Measure::Money | Measure::Physical | Measure::People,
        ) => true,
        (MentionKind::Quantity, Measure::People) => lexicon::PEOPLE.contains(&unit),
        (MentionKind::Duration, _) => indicator == "life_expectancy",
        _ => false,
    }
}

/// The source the clause attributes its figure to.
fn source_of(
    text: &str,
    words: &[Word],
    clause: Range<usize>,
    word_at: &dyn Fn(usize) -> usize,
) -> Option<String> {
    let range = word_at(clause.start)..word_at(clause.end);
    let ws = &words[range.clone()];
    // "according to X": up to the next punctuation, at most five words.
    for (i, w) in ws.iter().enumerate() {
        if w.lower() == "according" && ws.get(i + 1).is_some_and(|n| n.lower() == "to") {
            let mut picked: Vec<&Word> = Vec::new();
            let mut last_end = ws.get(i + 1)?.bytes.end;
            for next in ws.iter().skip(i + 2).take(4) {
                let gap = &text[last_end..next.bytes.start];
                if gap.contains([',', '.', ';', ':', '–', '—', '(', ')']) || gap.contains(" - ")
                {
                    break;
                }
                if matches!(
                    next.lower(),
                    "i" | "we" | "it" | "he" | "she" | "they" | "that" | "which" | "who"
                ) {
                    break;
                }
                picked.push(next);
                last_end = next.bytes.end;
            }
            while picked.first().is_some_and(|w| w.lower() == "the") {
                picked.remove(0);
            }
            if let (Some(first), Some(last)) = (picked.first(), picked.last()) {
                // As written ("last year’s figures"), lower-cased.
                return Some(text[first.bytes.start..last.bytes.end].to_lowercase());
            }
        }
    }
    // "the Russian estimate", "your statistics", "Rosstat data".
    for (i, w) in ws.iter().enumerate() {
        if lexicon::SOURCE_NOUNS.contains(&w.lower()) && i > 0 {
            let mut start = i - 1;
            if start > 0
                && matches!(
                    ws[start].lower(),
                    "official" | "preliminary" | "latest" | "customs"
                )
            {
                start -= 1;
            }
            let head = ws[start].lower();
            // "last year's figures" splits at the apostrophe: no source.
            if head.chars().count() < 2
                || matches!(
                    head,
                    "the"
                        | "a"
                        | "these"
                        | "those"
                        | "some"
                        | "other"
                        | "by"
                        | "in"
                        | "of"
                        | "economic"
                        | "year"
                )
                || text[ws[start].bytes.end..w.bytes.start].contains(['’', '\''])
            {
                continue;
            }
            let phrase: Vec<&str> = ws[start..=i].iter().map(|w| w.lower()).collect();
            return Some(phrase.join(" "));
        }
    }
    let lower: Vec<&str> = ws.iter().map(|w| w.lower()).collect();
    let joined = format!(" {} ", lower.join(" "));
    lexicon::NAMED_SOURCES
        .iter()
        .find(|s| joined.contains(&format!(" {s} ")))
        .map(|s| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims_of(text: &str, date: &str) -> Vec<Claim> {
        let doc = crate::parse_text("t", text).unwrap().document;
        let mentions = crate::extract(text, crate::Day::parse_iso(date));
        claims(&doc, text, &mentions)
    }

    const SEED: &str = "Talks with President of Belarus Alexander Lukashenko.\n* * *\nPresident of Russia Vladimir Putin: Mr Lukashenko, friends. Bilateral trade has grown by about 5.7 percent, reaching a record level. According to your statistics, it is over $51 billion, while the Russian estimate is slightly more modest, just over $50 billion.\nPresident of Belarus Alexander Lukashenko: Thank you.\n";

    #[test]
    fn a_clause_with_its_own_time_takes_no_date_from_the_sentence() {
        let text = "Talks with President of Turkey.\n* * *\nPresident of Turkey Recep Tayyip Erdogan: This is the only way we will be able to achieve the previously announced goal of raising bilateral trade to the level of $100 billion. In previous years, we managed to increase the volume of mutual trade to $38 billion, but last year it dropped to $17 billion.\n";
        let claims = claims_of(text, "2017-03-10");
        let figure = |v: f64| claims.iter().find(|c| c.value == v).unwrap();
        assert_eq!(figure(38e9).period, None, "{claims:#?}");
        assert_eq!(figure(17e9).period.as_deref(), Some("2016"));
        assert!(own_time("growing at a rate of 10 percent per year"));
        assert!(own_time("In\u{a0}previous years, we managed"));
        assert!(!own_time("in the yearly report"));
    }

    #[test]
    fn the_seed_gives_three_trade_claims_with_their_sources() {
        let claims = claims_of(SEED, "2025-06-26");
        assert_eq!(claims.len(), 3, "{claims:#?}");
        for c in &claims {
            assert_eq!(c.indicator, "trade");
            assert_eq!(c.scope, ["Belarus", "Russia"]);
            assert_eq!(c.person.as_deref(), Some("vladimir-putin"));
        }
        assert!(claims[0].change);
        assert_eq!(claims[0].direction.as_deref(), Some("up"));
        assert_eq!(claims[0].value, 5.7);
        assert_eq!(claims[0].bound, Bound::Approx);
        assert_eq!((claims[1].value, claims[1].bound), (51e9, Bound::Lower));
        assert_eq!(claims[1].source.as_deref(), Some("your statistics"));
        assert!(!claims[1].change);
        assert_eq!(
            (claims[2].value, claims[2].qualifier.as_deref()),
            (50e9, Some("just over"))
        );
        assert_eq!(claims[2].source.as_deref(), Some("russian estimate"));
        assert_eq!(claims[2].unit.as_deref(), Some("USD"));
    }

    #[test]
    fn levels_changes_and_periods() {
        let text = "Vladimir Putin: Inflation fell to 4.3 percent last year. In the first quarter, GDP grew by 1.3 percent. Unemployment is at 4.6 percent. We signed 15 agreements.\n";
        let claims = claims_of(text, "2019-06-01");
        type Row<'a> = (&'a str, f64, bool, Option<&'a str>, Option<&'a str>);
        let summary: Vec<Row> = claims
            .iter()
            .map(|c| {
                (
                    c.indicator.as_str(),
                    c.value,
                    c.change,
                    c.period.as_deref(),
                    c.direction.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("inflation", 4.3, false, Some("2018"), None),
                ("gdp", 1.3, true, Some("2019-Q1"), Some("up")),
                ("unemployment", 4.6, false, None, None),
            ]
        );
        assert!(claims.iter().all(|c| c.scope == ["Russia"]));
    }

    #[test]
    fn partners_and_named_sources() {
        let text = "Vladimir Putin: Trade with China reached $107 billion in 2018, according to Chinese customs. Rosstat data show exports up 12 percent.\n";
        let claims = claims_of(text, "2019-06-01");
        assert_eq!(claims.len(), 2, "{claims:#?}");
        assert_eq!(claims[0].scope, ["China", "Russia"]);
        assert_eq!(claims[0].period.as_deref(), Some("2018"));
        assert_eq!(claims[0].source.as_deref(), Some("chinese customs"));
        assert_eq!(claims[1].indicator, "exports");
        assert_eq!(claims[1].source.as_deref(), Some("rosstat data"));
        assert!(claims[1].change);
    }

    #[test]
    fn periods_narrow_to_months_and_quarters() {
        let text = "Vladimir Putin: Trade grew by 20 percent in the first nine months of this year. GDP grew by 0.5 percent in this year’s first quarter. Investment rose by 4 percent over the first three quarters of 2018.\n";
        let periods: Vec<Option<String>> = claims_of(text, "2019-11-20")
            .into_iter()
            .map(|c| c.period)
            .collect();
        assert_eq!(
            periods,
            [
                Some("2019-01/2019-09".into()),
                Some("2019-Q1".into()),
                Some("2018-Q1/2018-Q3".into())
            ]
        );
    }

    #[test]
    fn figures_without_an_indicator_are_no_claims() {
        let text = "Vladimir Putin: We met 15 times. It was 30 years ago. Article 15 says so.\n";
        assert!(claims_of(text, "2019-06-01").is_empty());
    }

    #[test]
    fn open_indicators_name_what_is_counted() {
        let text = "Vladimir Putin: Some 120,000 criminal cases were opened last year, \
                    and 5,000 new jobs were created. The state defence order was 95 percent \
                    fulfilled. The Government has allocated over 36 billion rubles for these purposes.\n";
        let claims = claims_of(text, "2019-06-01");
        let got: Vec<(&str, &str, f64, ClaimKind)> = claims
            .iter()
            .map(|c| {
                (
                    c.indicator.as_str(),
                    c.indicator_text.as_str(),
                    c.value,
                    c.kind,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "criminal case opened",
                    "criminal cases opened",
                    120_000.0,
                    ClaimKind::Level
                ),
                ("jobs", "new jobs created", 5_000.0, ClaimKind::Level),
                (
                    "state defence order",
                    "state defence order",
                    95.0,
                    ClaimKind::Share
                ),
                ("allocation", "allocated", 36e9, ClaimKind::Level),
            ]
        );
        assert_eq!(claims[0].period.as_deref(), Some("2018"));
        assert_eq!(claims[0].canonical, None);
        assert_eq!(claims[1].canonical.as_deref(), Some("jobs"));
        assert!(claims.iter().all(|c| c.scope == ["Russia"]));
    }

    #[test]
    fn each_figure_takes_its_own_scope_and_period() {
        let text = "Vladimir Putin: GDP growth this year will be 3.5 percent for Russia, \
                    7.5 percent in China. In 2012 it was 90 percent, in 2013 the figure was \
                    94 percent, and last year 95 percent.\n";
        let got: Vec<(f64, String, Option<String>)> = claims_of(text, "2015-06-01")
            .into_iter()
            .map(|c| (c.value, c.scope.join("+"), c.period))
            .collect();
        assert_eq!(got[0], (3.5, "Russia".into(), Some("2015".into())));
        assert_eq!(got[1], (7.5, "China".into(), Some("2015".into())));
        let periods: Vec<Option<&str>> = got[2..].iter().map(|g| g.2.as_deref()).collect();
        assert_eq!(periods, [Some("2012"), Some("2013"), Some("2014")]);
    }

    #[test]
    fn bracketed_conversions_are_one_claim() {
        let text =
            "Vladimir Putin: Investment reached 20 billion rubles [$300 million] last year.\n";
        let claims = claims_of(text, "2019-06-01");
        assert_eq!(claims.len(), 1, "{claims:?}");
        assert_eq!(claims[0].value, 20e9);
        assert_eq!(claims[0].converted, Some(300e6));
        assert_eq!(claims[0].converted_unit.as_deref(), Some("USD"));
    }

    #[test]
    fn partial_periods_are_marked() {
        let text =
            "Vladimir Putin: Trade grew by 12 percent over the first five months of this year.\n";
        let claims = claims_of(text, "2019-06-01");
        assert_eq!(claims[0].period.as_deref(), Some("2019-01/2019-05"));
        assert!(claims[0].partial);
    }
}
