//! Claims: figures tied to what they measure. A numeric mention (money,
//! percent, quantity, or a bare number right after its indicator) becomes a
//! claim when its sentence names an indicator (trade, GDP, inflation …, see
//! [`lexicon`]), or refers back to the previous sentence's indicator with a
//! pronoun or a source noun ("According to your statistics, it is over $51
//! billion, while the Russian estimate is just over $50 billion").
//!
//! For each claim: the indicator and the words that named it; the scope
//! (countries: named in the sentence, "bilateral" resolved to the
//! document's counterpart, one foreign partner of a bilateral indicator
//! paired with Russia, Russia for a domestic indicator otherwise); the
//! period (the nearest date of the clause, else of the sentence; relative
//! dates come resolved from extraction); whether the figure is a change
//! ("grew by") or a level ("fell to", "reached") and its direction; the
//! source the text gives ("according to …", "the Russian estimate",
//! "Rosstat"); the speaker and the sentence, all with code point offsets.

pub mod lexicon;
mod phrase;

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::{Bound, Document, Mention, MentionKind, MentionValue};

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

/// One word of a paragraph: byte range, lower-case form.
struct Word {
    bytes: Range<usize>,
    lower: String,
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

struct Lexicon {
    indicators: HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>>,
    countries: HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>>,
}

fn phrase_map(
    entries: &'static [(&'static str, &'static str)],
) -> HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>> {
    let mut map: HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>> = HashMap::new();
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
fn phrase_at(
    map: &HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>>,
    words: &[Word],
    i: usize,
) -> Option<(usize, &'static str)> {
    let candidates = map.get(words[i].lower.as_str())?;
    candidates.iter().find_map(|(phrase, id)| {
        let fits = phrase.len() <= words.len() - i
            && phrase
                .iter()
                .zip(&words[i..])
                .all(|(p, w)| *p == w.lower.as_str());
        fits.then_some((phrase.len(), *id))
    })
}

/// The document's counterpart: the foreign country its title, speakers'
/// roles and text name most.
fn counterpart(doc: &Document, text: &str) -> Option<String> {
    let lex = lexicon();
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    let mut count_in = |piece: &str, weight: usize| {
        let words = words_of(piece);
        let mut i = 0;
        while i < words.len() {
            if let Some((len, country)) = phrase_at(&lex.countries, &words, i) {
                if !matches!(country, "Russia" | "world") {
                    *counts.entry(country).or_default() += weight;
                }
                i += len;
            } else {
                i += 1;
            }
        }
    };
    if let Some(title) = &doc.title {
        count_in(title, 5);
    }
    for person in &doc.persons {
        for role in &person.roles {
            count_in(role, 3);
        }
    }
    count_in(text, 1);
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 3)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| c.to_owned())
}

fn words_of(text: &str) -> Vec<Word> {
    crate::sentence::words(text)
        .map(|bytes| Word {
            lower: text[bytes.clone()].to_lowercase(),
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
    let partner = counterpart(doc, text);
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
        let found = block_claims(doc, block, here, partner.as_deref(), &mut previous);
        out.extend(found);
    }
    out
}

/// Byte offset in `text` of code point `chars`.
fn byte_at(offsets: &[usize], chars: usize) -> usize {
    offsets[chars.min(offsets.len() - 1)]
}

fn block_claims(
    doc: &Document,
    block: &Block,
    mentions: &[&Mention],
    partner: Option<&str>,
    previous: &mut Option<Remembered>,
) -> Vec<Claim> {
    let lex = lexicon();
    let text = block.text;
    // Code point → byte offsets of this paragraph.
    let mut offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    offsets.push(text.len());
    let to_char = |byte: usize| block.start + offsets.partition_point(|&b| b < byte);
    let words = words_of(text);
    // Indicators and countries of the paragraph.
    let mut indicators: Vec<Found> = Vec::new();
    let mut countries: Vec<(usize, &'static str)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((len, id)) = phrase_at(&lex.indicators, &words, i).filter(|(len, _)| {
            let last = words[i + len - 1].lower.as_str();
            let next = words.get(i + len).map(|w| w.lower.as_str());
            !lexicon::NOT_AFTER
                .iter()
                .any(|(word, after)| *word == last && next.is_some_and(|n| after.contains(&n)))
        }) {
            let bytes = words[i].bytes.start..words[i + len - 1].bytes.end;
            let sub = |w: &Word| lexicon::SUBTYPES.contains(&w.lower.as_str());
            let detail = if len > 1 && sub(&words[i]) {
                Some(words[i].lower.clone())
            } else {
                i.checked_sub(1)
                    .map(|p| &words[p])
                    .filter(|w| sub(w) && text[w.bytes.end..words[i].bytes.start].trim().is_empty())
                    .map(|w| {
                        // "non-commodity exports" is the opposite of "commodity".
                        let non = w.bytes.start >= 4 && text[..w.bytes.start].ends_with("non-");
                        if non {
                            format!("non-{}", w.lower)
                        } else {
                            w.lower.clone()
                        }
                    })
            }
            .or_else(|| {
                // "exports of foodstuffs", "exports of weapons": the part after "of".
                let of = words.get(i + len)?;
                let part = words.get(i + len + 1)?;
                (of.lower == "of"
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
                        .contains(&part.lower.as_str())))
                .then(|| part.lower.clone())
            });
            // "adjusted for inflation", "in the economy": the indicator is
            // not what the figure measures.
            let before_word = |n: usize| i.checked_sub(n).map(|p| words[p].lower.as_str());
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
                    words[i].lower == "economy"
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
            let last = words[i + len - 1].lower.as_str();
            i += if len > 1 && lex.indicators.contains_key(last) {
                len - 1
            } else {
                len
            };
            continue;
        }
        if matches!(text[words[i].bytes.clone()].as_ref(), "US" | "U") && words[i].lower == "us" {
            countries.push((i, "United States"));
        }
        i += 1;
    }
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
            let hedge_word = m
                .qualifier_start
                .map_or(m_word, |q| word_at(byte_at(&offsets, q - block.start)));
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
                            .any(|w| w.lower == "share"))
            };
            // In a sentence that speaks of shares of GDP, every percent
            // is such a share ("2.2 percent of GDP this year to 1.4 percent
            // next year"; "the share in the GDP will be 2.8 percent").
            let gdp_shares = in_sentence.iter().any(|f| {
                f.id == "gdp"
                    && ((f.words.start >= 2
                        && words[f.words.start - 1].lower == "of"
                        && matches!(words[f.words.start - 2].lower.as_str(), "percent" | "cent"))
                        || (f.words.start >= 3
                            && words[f.words.start - 2].lower == "of"
                            && words[f.words.start - 1].lower == "the"
                            && matches!(
                                words[f.words.start - 3].lower.as_str(),
                                "percent" | "cent"
                            ))
                        || (f.words.start >= 1
                            && words[s_words.start..f.words.start]
                                .iter()
                                .any(|w| w.lower == "share")))
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
                && matches!(words[hedge_word - 1].lower.as_str(), "from" | "to")
                && in_sentence.iter().any(|f| f.words.end <= hedge_word)
                && (clause_words.start..hedge_word).any(|w| words[w].lower == "from");
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
                // ", and", "; ": the next statement begins.
                let breaks = [", and ", "; ", ", while ", ", but "];
                // No-break spaces as two spaces: same byte offsets.
                let plain = |t: &str| t.replace('\u{a0}', "  ").to_ascii_lowercase();
                let before = plain(&text[lo0..m_byte]);
                let mut lo = breaks
                    .iter()
                    .filter_map(|b| before.rfind(b).map(|i| lo0 + i + b.len()))
                    .max()
                    .unwrap_or(lo0);
                while !text.is_char_boundary(lo) {
                    lo += 1;
                }
                let after = plain(&text[m_end_byte..hi0]);
                let hi = breaks
                    .iter()
                    .filter_map(|b| after.find(b).map(|i| m_end_byte + i))
                    .min()
                    .unwrap_or(hi0);
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
                        let word = words[w].lower.as_str();
                        // "this" or "that" closing a clause is an object
                        // ("have done this, and 87 percent of them …").
                        // "Of this 20 percent, 8 percent …": "this" points
                        // at a figure, not at the earlier indicator.
                        let of_figure = matches!(word, "this" | "that" | "these")
                            && words.get(w + 1).is_some_and(|next| {
                                next.lower
                                    .chars()
                                    .next()
                                    .is_some_and(|c| c.is_ascii_digit())
                            });
                        let object = of_figure
                            || matches!(word, "this" | "that")
                                && words.get(w + 1).is_none_or(|next| {
                                    next.lower == "and"
                                        || text[words[w].bytes.end..next.bytes.start]
                                            .contains([',', ';', '.'])
                                });
                        // "its rate", "its share": the thing of another
                        // ("the Central Bank cut its rate"), unless it is
                        // the indicator's own size ("its volume").
                        let possessive = word == "its"
                            && words.get(w + 1).is_some_and(|next| {
                                !matches!(
                                    next.lower.as_str(),
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
                    .map(|w| w.lower.as_str())
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
            let lead_word = hedge_word.checked_sub(1).map(|w| words[w].lower.as_str());
            let mut direction = None;
            for w in &words[window_start.min(hedge_word)..hedge_word] {
                if lexicon::UP.contains(&w.lower.as_str()) {
                    direction = Some("up");
                } else if lexicon::DOWN.contains(&w.lower.as_str()) {
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
                        .any(|w| w.lower == "growth"));
            if direction.is_none() && growth_named {
                direction = Some("up");
            }
            // "a 9 percent growth", "21 percent more", "50 percent less".
            let after_word = words.get(m_end_word).map(|w| w.lower.as_str());
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
                let mut named: Vec<String> =
                    sentence_countries.iter().map(|c| c.to_string()).collect();
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
                if named.is_empty()
                    && (lexicon::DOMESTIC.contains(&found.id) || found.key.is_some())
                {
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
                if let Some(region) = region_in(text, &words, s_words.clone()) {
                    scope = vec![format!("Russia:{region}")];
                }
            }
            scope.sort();
            // Period: the nearest date of the clause, else of the sentence.
            let clause_time = own_time(&text[clause.clone()]);
            // "Now it is $9.6 billion", "1.6% today": the moment of speaking,
            // no period of its own and none carried over.
            let segment_words = word_at(segment.start)..word_at(segment.end);
            let present = (segment_words.start..segment_words.end.min(words.len())).any(|w| {
                matches!(
                    words[w].lower.as_str(),
                    "now" | "today" | "currently" | "presently" | "nowadays"
                ) || (words[w].lower == "moment"
                    && w >= 2
                    && words[w - 2].lower == "at"
                    && words[w - 1].lower == "the")
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
                                matches!(
                                    w.to_lowercase().as_str(),
                                    "in" | "for"
                                        | "of"
                                        | "as"
                                        | "by"
                                        | "at"
                                        | "the"
                                        | "end"
                                        | "during"
                                        | "over"
                                        | "on"
                                        | "first"
                                        | "past"
                                        | "two"
                                        | "three"
                                        | "four"
                                        | "five"
                                        | "six"
                                        | "seven"
                                        | "eight"
                                        | "nine"
                                        | "ten"
                                        | "eleven"
                                        | "months"
                                        | "quarters"
                                        | "quarter"
                                        | "half"
                                        | "were"
                                        | "was"
                                        | "posted"
                                        | "recorded"
                                        | "registered"
                                        | "growth"
                                        | "rate"
                                        | "rates"
                                        | "early"
                                        | "late"
                                )
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
                (carried && !present)
                    .then(|| previous.as_ref().and_then(|p| p.3.clone()))
                    .flatten()
            });
            let source = source_of(text, &words, clause.clone(), &word_at);
            // A forecast word before the figure in its clause ("they expect
            // growth of 1.4 percent"; not "grew by 4 percent, and … is expected").
            // "more successfully than planned", "as expected": a comparison
            // with a plan, not a forecast.
            // The figure's statement: its clause from the last ", and", "; ",
            // ", while", ", but" before it (figures before it included: "is
            // expected to drop from 8.5 percent to 5.9 percent").
            let statement_start = {
                let before = text[clause.start..m_byte]
                    .replace('\u{a0}', "  ")
                    .to_ascii_lowercase();
                let mut at = [", and ", "; ", ", while ", ", but "]
                    .iter()
                    .filter_map(|b| before.rfind(b).map(|i| clause.start + i + b.len()))
                    .max()
                    .unwrap_or(clause.start);
                while !text.is_char_boundary(at) {
                    at += 1;
                }
                at
            };
            let forecast_from =
                word_at(statement_start).clamp(clause_words.start, m_word.max(clause_words.start));
            let forecast = (forecast_from..m_word.max(clause_words.start)).any(|w| {
                lexicon::FORECAST.contains(&words[w].lower.as_str())
                    && !(w > 0 && matches!(words[w - 1].lower.as_str(), "than" | "as"))
            });
            let sentence_start = to_char(sentence.start);
            let sentence_end = to_char(sentence.end);
            let turn = block.turn;
            let speaker = turn.map(|t| &doc.turns[t].speaker);
            let after_figure = |n: usize| {
                words[m_end_word.min(words.len())..(m_end_word + n).min(words.len())]
                    .iter()
                    .map(|w| w.lower.as_str())
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
        if let Some(last) = in_sentence.last() {
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

/// Only spaces between two words.
fn joined_plain(text: &str, a: &Word, b: &Word) -> bool {
    text.get(a.bytes.end..b.bytes.start)
        .is_some_and(|gap| gap.chars().all(char::is_whitespace))
}

/// Where a figure sits among the paragraph's words.
struct Span {
    /// The first word of the number.
    number: usize,
    /// The first word after the mention.
    end: usize,
    /// The first word of the hedge, or the number.
    hedge: usize,
    /// The words of the figure's clause.
    clause: Range<usize>,
}

/// Words before a number that make it a name ("Article 3", "No. 5").
const NAMING: &[&str] = &[
    "no",
    "number",
    "article",
    "paragraph",
    "point",
    "item",
    "chapter",
    "section",
    "clause",
    "resolution",
    "unit",
    "block",
    "flight",
    "room",
    "page",
    "grade",
    "class",
    "phase",
    "stage",
    "part",
    "route",
    "highway",
    "school",
    "hospital",
    "lyceum",
    "plant",
    "line",
    "decree",
    "law",
    "order",
    "version",
    "channel",
    "bus",
    "platform",
    "gymnasium",
];

/// Verbs that say what a sum of money is ("allocated 36 billion rubles").
const MONEY_VERBS: &[(&str, &str)] = &[
    ("allocated", "allocation"),
    ("allocate", "allocation"),
    ("allocating", "allocation"),
    ("earmarked", "allocation"),
    ("invested", "investment"),
    ("invest", "investment"),
    ("investing", "investment"),
    ("spent", "spending"),
    ("spend", "spending"),
    ("spending", "spending"),
    ("provided", "allocation"),
    ("raised", "funds raised"),
    ("attracted", "investment"),
    ("paid", "payment"),
    ("pay", "payment"),
    ("cost", "cost"),
    ("costs", "cost"),
    ("worth", "value"),
    ("received", "receipts"),
    ("lent", "credit"),
    ("disbursed", "allocation"),
    ("earned", "earnings"),
    ("saved", "savings"),
];

/// The indicator a figure names itself, when no lexicon phrase does:
/// the counted noun after a count ("5,000 new jobs"), what a percent is a
/// share of ("12 percent of exports"), the clause's subject ("the state
/// defence order was 95 percent fulfilled"), or the verb that spends a sum
/// of money ("allocated 36 billion rubles").
fn open_indicator(
    text: &str,
    words: &[Word],
    m: &Mention,
    at: Span,
    to_char: &dyn Fn(usize) -> usize,
) -> Option<Found> {
    let clause_end = at.clause.end.max(at.end);
    // A number that names a thing: "Article 3", "Su-57", "No. 5".
    let before = at.number.checked_sub(1).map(|w| &words[w]);
    let named = before.is_some_and(|w| {
        NAMING.contains(&w.lower.as_str())
            || text[w.bytes.end..words[at.number].bytes.start] == *"-"
            || text[w.bytes.end..words[at.number].bytes.start].contains('№')
    });
    if named {
        return None;
    }
    let digits = m.text.chars().any(|c| c.is_ascii_digit());
    let value = match m.value {
        Some(MentionValue::Number(v)) => v,
        _ => return None,
    };
    let unit = m.unit.as_deref().unwrap_or("");
    // The first word of the counted noun: inside a quantity's span ("5,000
    // people"), else right after the mention.
    let noun_start = (at.number..at.end)
        .find(|&w| {
            let lower = words[w].lower.as_str();
            !lower.chars().any(|c| c.is_ascii_digit())
                && !matches!(
                    lower,
                    "million"
                        | "billion"
                        | "trillion"
                        | "thousand"
                        | "hundred"
                        | "dozen"
                        | "dozens"
                        | "hundreds"
                        | "thousands"
                        | "millions"
                        | "and"
                        | "a"
                        | "one"
                        | "two"
                        | "three"
                        | "four"
                        | "five"
                        | "six"
                        | "seven"
                        | "eight"
                        | "nine"
                        | "ten"
                        | "eleven"
                        | "twelve"
                        | "fifteen"
                        | "twenty"
                        | "thirty"
                        | "forty"
                        | "fifty"
                        | "sixty"
                        | "seventy"
                        | "eighty"
                        | "ninety"
                        | "several"
                        | "some"
                        | "tens"
                )
        })
        .unwrap_or(at.end);
    let subject = || phrase::subject_before(text, words, at.clause.start, at.hedge);
    let np = match m.kind {
        MentionKind::Quantity if unit == "times" => subject(),
        // "a quarter of Tajikistan's trade", "a third of exports".
        MentionKind::Number
            if value < 1.0 && words.get(at.end).is_some_and(|w| w.lower == "of") =>
        {
            phrase::share_of(text, words, at.end, clause_end)
        }
        MentionKind::Quantity | MentionKind::Number => {
            // A count: a figure written in digits, or ten and more.
            if !(digits || value >= 10.0) {
                return None;
            }
            if m.kind == MentionKind::Number && noun_start == at.end {
                // A bare figure: what the clause's subject "stood at",
                // "declined to" ("infant mortality … stood at 5.1").
                let counted = phrase::counted_after(text, words, at.end, clause_end);
                if counted.is_some() {
                    return counted.map(|np| found_of(&np, words, to_char));
                }
                let np = subject()?;
                let verbs = &words[np.words.end..at.hedge];
                let stated = verbs.iter().any(|w| {
                    matches!(
                        w.lower.as_str(),
                        "stood"
                            | "stands"
                            | "was"
                            | "is"
                            | "amounted"
                            | "amounts"
                            | "reached"
                            | "declined"
                            | "fell"
                            | "rose"
                            | "grew"
                            | "increased"
                            | "decreased"
                            | "dropped"
                            | "totalled"
                            | "totaled"
                            | "came"
                    )
                });
                return stated.then(|| found_of(&np, words, to_char));
            }
            let counted = phrase::counted_after(text, words, noun_start, clause_end);
            let physical =
                lexicon::PHYSICAL.contains(&unit) && !matches!(unit, "apartments" | "houses");
            match counted {
                // "10 tonnes" says what it weighs, not what: the subject does.
                Some(np) if physical && np.words.end <= at.end => subject(),
                other => other,
            }
        }
        MentionKind::Percent => phrase::share_of(text, words, at.end, clause_end).or_else(|| {
            // "percent of the total", "of them": no thing named.
            (words.get(at.end).is_none_or(|w| w.lower != "of"))
                .then(subject)
                .flatten()
        }),
        MentionKind::Money => subject()
            .or_else(|| {
                // "one million rubles in compensation", "$50 billion of investment".
                let next = words.get(at.end)?;
                (matches!(next.lower.as_str(), "in" | "of" | "worth")
                    && joined_plain(text, &words[at.end - 1], next))
                .then(|| phrase::counted_after(text, words, at.end + 1, clause_end))
                .flatten()
            })
            .or_else(|| {
                // "40 billion rubles were allocated", "is printed".
                let mut w = at.end;
                let mut aux = 0;
                while w < clause_end
                    && aux < 2
                    && matches!(
                        words[w].lower.as_str(),
                        "were" | "was" | "is" | "are" | "have" | "has" | "been" | "be" | "will"
                    )
                {
                    w += 1;
                    aux += 1;
                }
                let verb = words.get(w).filter(|_| aux > 0)?;
                let key = MONEY_VERBS
                    .iter()
                    .find(|(v, _)| *v == verb.lower)
                    .map(|(_, key)| (*key).to_owned())
                    .or_else(|| {
                        (verb.lower.ends_with("ed") && verb.lower.len() > 4)
                            .then(|| verb.lower.clone())
                    })?;
                Some(phrase::NounPhrase {
                    words: w..w + 1,
                    text: text[verb.bytes.clone()].to_owned(),
                    key,
                })
            })
            .or_else(|| {
                let verb = (at.clause.start.max(at.hedge.saturating_sub(3))..at.hedge)
                    .rev()
                    .find_map(|w| {
                        MONEY_VERBS
                            .iter()
                            .find(|(v, _)| *v == words[w].lower)
                            .map(|(_, key)| (w, *key))
                    })?;
                Some(phrase::NounPhrase {
                    words: verb.0..verb.0 + 1,
                    text: text[words[verb.0].bytes.clone()].to_owned(),
                    key: verb.1.to_owned(),
                })
            }),
        _ => None,
    }?;
    Some(found_of(&np, words, to_char))
}

/// The indicator of a noun phrase: its canonical id when a known
/// indicator is its head ("new jobs" → `jobs`), else its key.
fn found_of(np: &phrase::NounPhrase, words: &[Word], to_char: &dyn Fn(usize) -> usize) -> Found {
    let bytes = words[np.words.start].bytes.start..words[np.words.end - 1].bytes.end;
    let lex = lexicon();
    let canonical = np.words.clone().find_map(|i| {
        phrase_at(&lex.indicators, words, i)
            .filter(|(len, _)| i + len == np.words.end)
            .map(|(_, id)| id)
    });
    Found {
        id: canonical.unwrap_or(""),
        key: canonical.is_none().then(|| np.key.clone()),
        start: to_char(bytes.start),
        end: to_char(bytes.end),
        words: np.words.clone(),
        text: np.text.clone(),
        detail: None,
    }
}

/// A year narrowed by the words of the figure's clause: "over the first
/// three months" (this year) → `2016-01/2016-03`; "in nine months" (a date
/// nine months on, as extraction reads it) → the first nine months of the
/// year it counts from.
fn part_of_year(period: &str, clause: &str) -> Option<String> {
    let lower = clause.to_lowercase().replace('\u{a0}', " ");
    const COUNTS: &[(&str, u32)] = &[
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("2", 2),
        ("3", 3),
        ("4", 4),
        ("5", 5),
        ("6", 6),
        ("7", 7),
        ("8", 8),
        ("9", 9),
        ("10", 10),
        ("11", 11),
    ];
    // "in nine months" read as a date nine months after the reference.
    if let Some((y, m)) = period
        .split_once('-')
        .filter(|(y, m)| y.len() == 4 && m.len() == 2)
    {
        let (year, month): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        for (word, n) in COUNTS {
            if lower.contains(&format!("in {word} months")) {
                let base = year * 12 + month as i32 - 1 - *n as i32;
                return Some(format!("{}-01/{}-{n:02}", base / 12, base / 12));
            }
        }
        return None;
    }
    if !(period.len() == 4 && period.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let year = period;
    if lower.contains("first quarter") {
        return Some(format!("{year}-Q1"));
    }
    if lower.contains("first half") || lower.contains("first six months") {
        return Some(format!("{year}-01/{year}-06"));
    }
    for (word, n) in COUNTS {
        if lower.contains(&format!("first {word} months")) {
            return Some(format!("{year}-01/{year}-{n:02}"));
        }
        if lower.contains(&format!("the {word} months of")) {
            return Some(format!("{year}-01/{year}-{n:02}"));
        }
        if *n <= 3
            && (lower.contains(&format!("first {word} quarters"))
                || lower.contains(&format!("the {word} quarters of")))
        {
            return Some(format!("{year}-Q1/{year}-Q{n}"));
        }
    }
    None
}

/// "In the first quarter of 2012 … while in the fourth quarter": a part of
/// a year said without its year takes the year written earlier in the
/// sentence, not the document's.
fn year_of_sentence(period: &str, date: &Mention, dates: &[&Mention]) -> String {
    let says_year = date.text.chars().filter(char::is_ascii_digit).count() >= 4;
    let lower = date.text.to_lowercase();
    let relative = ["this", "last", "next", "current", "previous"]
        .iter()
        .any(|w| lower.contains(w));
    if says_year || relative || period.len() <= 4 {
        return period.to_owned();
    }
    let written = dates
        .iter()
        .rev()
        .filter(|d| d.end <= date.start && d.text.chars().filter(char::is_ascii_digit).count() >= 4)
        .filter_map(|d| match &d.value {
            Some(MentionValue::Text(v)) => {
                v.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
            }
            _ => None,
        })
        .next();
    match written {
        Some(year) if period.get(4..5) == Some("-") => format!("{year}{}", &period[4..]),
        _ => period.to_owned(),
    }
}

/// "From 2008 to 2018", "between 2011 and 2017", "in 2011–2017" around a
/// year the figure took: the whole span.
fn year_span(segment: &str, period: &str) -> Option<String> {
    if !(period.len() == 4 && period.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let years: Vec<(usize, &str)> = segment
        .match_indices(|c: char| c.is_ascii_digit())
        .filter_map(|(at, _)| {
            let run = segment.get(at..at + 4)?;
            let whole = run.bytes().all(|b| b.is_ascii_digit())
                && !segment[..at].ends_with(|c: char| c.is_ascii_digit())
                && !segment[at + 4..].starts_with(|c: char| c.is_ascii_digit());
            (whole && (run.starts_with("19") || run.starts_with("20"))).then_some((at, run))
        })
        .collect();
    years.windows(2).find_map(|pair| {
        let ((a_at, a), (b_at, b)) = (pair[0], pair[1]);
        let between = segment[a_at + 4..b_at].trim().to_lowercase();
        let before = segment[..a_at].trim_end().to_lowercase();
        let span = (matches!(between.as_str(), "to" | "through" | "–" | "-" | "—")
            && (before.ends_with("from") || between != "to"))
            || (between == "and" && before.ends_with("between"));
        (span && (a == period || b == period) && a < b).then(|| format!("{a}/{b}"))
    })
}

/// "Over the past 12 years", "in the last five years": the years before the
/// document's year (`2005/2016` said in 2017).
fn past_years(segment: &str, said: Option<&str>) -> Option<String> {
    let year: i32 = said?.get(..4)?.parse().ok()?;
    let lower = segment.to_lowercase().replace('\u{a0}', " ");
    const COUNTS: &[(&str, i32)] = &[
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("twenty", 20),
        ("15", 15),
        ("20", 20),
        ("2", 2),
        ("3", 3),
        ("4", 4),
        ("5", 5),
        ("6", 6),
        ("7", 7),
        ("8", 8),
        ("9", 9),
        ("10", 10),
        ("11", 11),
        ("12", 12),
    ];
    for lead in [
        "over the past",
        "in the past",
        "over the last",
        "in the last",
        "for the past",
        "for the last",
    ] {
        for (word, n) in COUNTS {
            if lower.contains(&format!("{lead} {word} years")) {
                return Some(format!("{}/{}", year - n, year - 1));
            }
        }
    }
    None
}

/// "At the same moment in 2015", "for the same period of 2015": the
/// stretch of that year the paragraph last named, else the part of it up
/// to the month the document was said in.
fn same_moment(
    period: &str,
    clause: &str,
    said: Option<&str>,
    last_partial: Option<&str>,
) -> Option<String> {
    if !(period.len() == 4 && period.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let lower = clause.to_lowercase().replace('\u{a0}', " ");
    // Not "at the same time" (= also).
    let same = ["same moment", "same period"]
        .iter()
        .any(|p| lower.contains(p));
    if !same {
        return None;
    }
    // The stretch the paragraph just named ("over the first three quarters
    // of this year … in 2015, the figure for the same period"), else the
    // year up to the month it was said.
    if let Some(partial) = last_partial.filter(|p| p.len() > 4 && !p.ends_with("/..")) {
        return Some(partial.replace(&partial[..4], period));
    }
    let month = said?.get(5..7)?;
    Some(format!("{period}-01/{period}-{month}"))
}

/// A Russian region the sentence names: "X Region", "X Territory",
/// "Republic of X", or a federal city or republic after "in".
fn region_in(text: &str, words: &[Word], range: Range<usize>) -> Option<String> {
    const NAMED: &[&str] = &[
        "Crimea",
        "Sevastopol",
        "Moscow",
        "Petersburg",
        "Daghestan",
        "Dagestan",
        "Chechnya",
        "Tatarstan",
        "Bashkortostan",
        "Yakutia",
        "Ingushetia",
        "Tuva",
        "Buryatia",
    ];
    let raw = |i: usize| &text[words[i].bytes.clone()];
    let capital = |i: usize| raw(i).chars().next().is_some_and(char::is_uppercase);
    for i in range.clone() {
        let word = raw(i);
        if matches!(word, "Region" | "Territory" | "Krai" | "Oblast")
            && i > range.start
            && capital(i - 1)
            && !matches!(raw(i - 1), "The" | "Our" | "This" | "Far" | "Arctic")
        {
            return Some(format!("{} {word}", raw(i - 1)));
        }
        if word == "Republic"
            && i + 2 < range.end
            && raw(i + 1) == "of"
            && capital(i + 2)
            && NAMED.contains(&raw(i + 2))
        {
            return Some(raw(i + 2).to_owned());
        }
        if NAMED.contains(&word) && i > range.start && words[i - 1].lower == "in" {
            let name = if word == "Petersburg" {
                "St Petersburg"
            } else {
                word
            };
            return Some(name.to_owned());
        }
    }
    None
}

/// The years of the war a paragraph names last (up to the figure's sentence) ("during the Second World War").
fn war_period(sentence: &str) -> Option<String> {
    const WARS: &[(&str, &str)] = &[
        ("second world war", "1939/1945"),
        ("world war ii", "1939/1945"),
        ("great patriotic war", "1941/1945"),
        ("first world war", "1914/1918"),
        ("world war i ", "1914/1918"),
    ];
    // The war named last before the figure, in its sentence or paragraph.
    let lower = sentence.to_lowercase();
    WARS.iter()
        .filter_map(|(name, years)| lower.rfind(name).map(|at| (at, years)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, years)| (*years).to_owned())
}

/// A period that is part of a year ("2019-01/2019-05", "2019-Q1",
/// "2019-H1", a month) or runs on from a date ("2019/..").
fn is_partial(period: &str) -> bool {
    if period.ends_with("/..") {
        return true;
    }
    match period.split_once('/') {
        Some((a, b)) => a.len() > 4 && b.len() > 4 && a[..4] == b[..4],
        None => period.len() > 4,
    }
}

/// The country a speaker's role names ("President of Turkey"), if any.
fn speaker_country(doc: &Document, turn: Option<usize>) -> Option<String> {
    let role = doc.turns.get(turn?)?.speaker.role.as_deref()?;
    let words = words_of(role);
    let lex = lexicon();
    (0..words.len())
        .find_map(|i| phrase_at(&lex.countries, &words, i))
        .map(|(_, country)| country.to_owned())
        .filter(|c| c != "world")
}

/// What a later "it" refers to: the indicator, its scope, the turn and
/// the period its sentence gave.
type Remembered = (Found, Vec<String>, Option<usize>, Option<String>);

/// A stand-in mention at `start`, for choosing a period near a position.
fn dummy_mention(start: usize) -> Mention {
    Mention {
        kind: MentionKind::Number,
        start,
        end: start,
        text: String::new(),
        value: None,
        high: None,
        unit: None,
        qualifier: None,
        qualifier_start: None,
        qualifier_end: None,
        bound: Bound::Exact,
        offset: None,
    }
}

/// The period of a figure: a date right after it ("71.87 in 2016"), else
/// the nearest before it in its clause ("In the fourth quarter of 2016 it
/// was 0.3 percent"), else the nearest after it in the clause, else the
/// nearest in the sentence.
fn pick_period<'a>(
    dates: &[&'a Mention],
    m: &Mention,
    own_time: bool,
    in_clause: impl Fn(&Mention) -> bool,
    after_ok: impl Fn(&Mention) -> bool,
) -> Option<&'a Mention> {
    let right_after = dates
        .iter()
        .filter(|d| d.start >= m.end && d.start - m.end <= 12 && in_clause(d))
        .min_by_key(|d| d.start);
    let before = dates
        .iter()
        .filter(|d| d.end <= m.start && in_clause(d))
        .max_by_key(|d| d.end);
    let after = dates
        .iter()
        .filter(|d| d.start >= m.end && in_clause(d))
        .min_by_key(|d| d.start);
    // A clause that says its own time in words ("in previous years", "at
    // the moment", "per year") takes no date from the rest of the sentence.
    let anywhere = dates
        .iter()
        .filter(|d| !own_time && (d.end <= m.start || after_ok(d)))
        .min_by_key(|d| d.start.abs_diff(m.start));
    right_after.or(after).or(before).or(anywhere).copied()
}

/// Words that give a clause a time of its own without a date mention.
const OWN_TIME: &[&str] = &[
    "in previous years",
    "in past years",
    "in the past",
    "in recent years",
    "over the past",
    "over the last",
    "previously",
    "earlier",
    "at one time",
    "years ago",
    "there was a point",
    "a period when",
    "used to",
    "at the moment",
    "at present",
    "at the beginning of the year",
    "at the start of the year",
    "per year",
    "a year",
    "annually",
    "every year",
];

/// Whether `clause` says its own time in words.
fn own_time(clause: &str) -> bool {
    // No-break spaces are common in the published texts ("In\u{a0}previous years").
    let lower: String = clause
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect::<String>()
        .to_lowercase();
    OWN_TIME.iter().any(|p| {
        lower.match_indices(p).any(|(at, _)| {
            let before_ok = at == 0 || !lower[..at].ends_with(char::is_alphanumeric);
            let end = at + p.len();
            let after_ok = end == lower.len() || !lower[end..].starts_with(char::is_alphanumeric);
            before_ok && after_ok
        })
    })
}

/// The period of a date mention, narrowed by the words around a bare year:
/// "the first nine months of this year" → `2019-01/2019-09`, "the first
/// three quarters of 2016" → `2016-Q1/2016-Q3`, "this year’s first
/// quarter" → `2019-Q1`.
fn narrowed_period(
    d: &Mention,
    all: &[&Mention],
    text: &str,
    offsets: &[usize],
    base: usize,
) -> Option<String> {
    let plain = period_of(d)?;
    if !(plain.len() == 4 && plain.bytes().all(|b| b.is_ascii_digit())) {
        return Some(plain);
    }
    let year = &plain;
    let slice = |a: usize, b: usize| -> &str {
        if a > b || a < base {
            return "";
        }
        text.get(byte_at(offsets, a - base)..byte_at(offsets, b - base))
            .unwrap_or("")
    };
    let is_first = |o: &Mention| {
        o.kind == MentionKind::Ordinal
            && matches!(o.value, Some(MentionValue::Number(v)) if v == 1.0)
    };
    let span = all
        .iter()
        .filter(|k| {
            k.end <= d.start && d.start - k.end <= 8 && slice(k.end, d.start).trim() == "of"
        })
        .max_by_key(|k| k.end);
    // "January-April of this year": the months are the period.
    if let Some(k) = span.filter(|k| k.kind == MentionKind::Date && k.high.is_some()) {
        return period_of(k);
    }
    if let Some(k) = span {
        let first = all
            .iter()
            .any(|o| is_first(o) && o.end <= k.start && slice(o.end, k.start).trim().is_empty());
        if first {
            match (&k.kind, &k.value, &k.high) {
                (MentionKind::Duration, Some(MentionValue::Text(low)), high) => {
                    let months = |iso: &str| {
                        iso.strip_prefix('P')?
                            .strip_suffix('M')?
                            .parse::<u32>()
                            .ok()
                    };
                    let n = match high {
                        Some(MentionValue::Text(h)) => months(h),
                        _ => months(low),
                    };
                    if let Some(n) = n.filter(|n| (1..=12).contains(n)) {
                        return Some(format!("{year}-01/{year}-{n:02}"));
                    }
                }
                (MentionKind::Number, Some(MentionValue::Number(v)), _)
                    if slice(k.start, k.end).to_lowercase().contains("quarter") =>
                {
                    let n = (v * 4.0).round() as u32;
                    if n == 1 {
                        return Some(format!("{year}-Q1"));
                    }
                    if (2..=4).contains(&n) {
                        return Some(format!("{year}-Q1/{year}-Q{n}"));
                    }
                }
                _ => {}
            }
        }
    }
    // "this year’s first quarter", "last year’s second half".
    if let Some(o) = all.iter().find(|o| {
        o.kind == MentionKind::Ordinal
            && o.start >= d.end
            && o.start - d.end <= 1
            && slice(d.end, o.start).trim().is_empty()
    }) {
        let after = text
            .get(byte_at(offsets, o.end - base)..)
            .unwrap_or("")
            .trim_start()
            .to_lowercase();
        if let Some(MentionValue::Number(n)) = o.value {
            let n = n as u32;
            if after.starts_with("quarter") && (1..=4).contains(&n) {
                return Some(format!("{year}-Q{n}"));
            }
            if after.starts_with("half") && (1..=2).contains(&n) {
                return Some(format!("{year}-H{n}"));
            }
        }
    }
    Some(plain)
}

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

/// The ISO period of a date mention: a range as `low/high`, "since 2000"
/// as `2000/..`, "by the end of 2019" as `2019`.
fn period_of(m: &Mention) -> Option<String> {
    let MentionValue::Text(low) = m.value.as_ref()? else {
        return None;
    };
    if low.contains('X') {
        return None;
    }
    Some(match (&m.high, m.bound) {
        (Some(MentionValue::Text(high)), _) => format!("{low}/{high}"),
        (_, Bound::Lower) => format!("{low}/.."),
        // "by the end of the year", "at the beginning of next year": that year.
        _ => {
            let lower = m.text.to_lowercase();
            let edge = lower.contains("beginning") || lower.contains("start");
            match low.strip_suffix("-12-31") {
                Some(year) => year.to_owned(),
                None if edge => low.strip_suffix("-01-01").unwrap_or(low).to_owned(),
                None => low.to_owned(),
            }
        }
    })
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
        if w.lower == "according" && ws.get(i + 1).is_some_and(|n| n.lower == "to") {
            let mut picked: Vec<&Word> = Vec::new();
            let mut last_end = ws.get(i + 1)?.bytes.end;
            for next in ws.iter().skip(i + 2).take(4) {
                let gap = &text[last_end..next.bytes.start];
                if gap.contains([',', '.', ';', ':', '–', '—', '(', ')']) || gap.contains(" - ")
                {
                    break;
                }
                if matches!(
                    next.lower.as_str(),
                    "i" | "we" | "it" | "he" | "she" | "they" | "that" | "which" | "who"
                ) {
                    break;
                }
                picked.push(next);
                last_end = next.bytes.end;
            }
            while picked.first().is_some_and(|w| w.lower == "the") {
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
        if lexicon::SOURCE_NOUNS.contains(&w.lower.as_str()) && i > 0 {
            let mut start = i - 1;
            if start > 0
                && matches!(
                    ws[start].lower.as_str(),
                    "official" | "preliminary" | "latest" | "customs"
                )
            {
                start -= 1;
            }
            let head = ws[start].lower.as_str();
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
            let phrase: Vec<&str> = ws[start..=i].iter().map(|w| w.lower.as_str()).collect();
            return Some(phrase.join(" "));
        }
    }
    let lower: Vec<&str> = ws.iter().map(|w| w.lower.as_str()).collect();
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
