//! Trends, keyness and collocates over subcorpora of a store, counted from
//! the index (postings, positions and the per-piece `words` column), never
//! by rescanning the text: words are alphanumeric runs, lower-cased (the
//! index's and KWIC's rule), so a count here equals a KWIC count with the
//! same filter, and the per-million normaliser counts the same words.

use serde::Serialize;
use stenogram_store::{Filter, Group, Store, StoreError, SubcorpusInfo};

use crate::stats;

/// Lower-cased words of a text.
fn words(text: &str) -> Vec<String> {
    stenogram_core::words(text)
        .map(|r| text[r].to_lowercase())
        .collect()
}

/// The words of a term or phrase, lower-cased.
pub fn term_words(term: &str) -> Vec<String> {
    words(term)
}

/// Positions where `phrase` starts in `tokens` (the tests' reference).
#[cfg(test)]
fn occurrences<'a>(tokens: &'a [String], phrase: &'a [String]) -> impl Iterator<Item = usize> + 'a {
    (0..tokens.len().saturating_sub(phrase.len() - 1))
        .filter(move |&i| phrase.len() <= tokens.len() && tokens[i..i + phrase.len()] == *phrase)
}

/// Time buckets for trends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Year,
    Month,
}

/// One point of a trend (DESIGN.md's shape).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrendRow {
    pub term: String,
    pub period: String,
    pub count: u64,
    /// Words of the subcorpus in this period (the normaliser).
    pub words: u64,
    pub per_million: f64,
}

/// Frequency of each term per period, with the subcorpus's words per period.
/// Undated documents are left out (they have no period). Counts come from
/// the index's postings ([`Store::hit_counts`]) and the normalisers from
/// its per-piece word counts ([`Store::subcorpus_words`]), so neither
/// reads the text; both take the default parts when the filter names none.
pub fn trends(
    store: &Store,
    terms: &[String],
    filter: &Filter,
    by: Period,
) -> Result<(Vec<TrendRow>, SubcorpusInfo), StoreError> {
    if let Some(empty) = terms.iter().find(|t| term_words(t).is_empty()) {
        return Err(StoreError::Query(format!(
            "{empty:?} has no words to count"
        )));
    }
    let group = match by {
        Period::Year => Group::Year,
        Period::Month => Group::Month,
    };
    let subcorpus = filter.or_default_parts();
    let totals = store.subcorpus_words(&subcorpus, group)?;
    let mut rows = Vec::new();
    for term in terms {
        let counts = store.hit_counts(term, &subcorpus, group)?;
        for (period, &total) in &totals.groups {
            let count = counts.groups.get(period).copied().unwrap_or(0);
            rows.push(TrendRow {
                term: term.clone(),
                period: period.clone(),
                count,
                words: total,
                per_million: stats::per_million(count, total),
            });
        }
    }
    let mut info = totals.info.clone();
    info.filter = filter.clone();
    Ok((rows, info))
}

/// A keyword of the target against the reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeyRow {
    pub word: String,
    pub target: u64,
    pub reference: u64,
    pub target_per_million: f64,
    pub reference_per_million: f64,
    pub g2: f64,
    pub log_ratio: f64,
}

/// English function words, left out of keyness with `stopwords`.
pub const STOPWORDS: &[&str] = &[
    "a", "about", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
    "do", "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is",
    "it", "its", "more", "no", "not", "of", "on", "or", "our", "s", "she", "so", "that", "the",
    "their", "them", "there", "these", "they", "this", "those", "to", "us", "was", "we", "were",
    "what", "which", "who", "will", "with", "would", "you", "your",
];

/// Keywords of a target against a reference, from each word's counts in
/// both (`rows`: word, target count, reference count) and the two word
/// totals: words with at least `min_frequency` (and at least one) in the
/// target, most key first (positive log ratio: overused in the target;
/// `negative` lists underused words instead, by their reference counts).
pub fn keywords<'a>(
    rows: impl IntoIterator<Item = (&'a str, u64, u64)>,
    target_words: u64,
    reference_words: u64,
    min_frequency: u64,
    stopwords: bool,
    negative: bool,
) -> Vec<KeyRow> {
    let mut out: Vec<KeyRow> = Vec::new();
    for (word, a, b) in rows {
        let own = if negative { b } else { a };
        if own == 0 || own < min_frequency {
            continue;
        }
        if stopwords && STOPWORDS.contains(&word) {
            continue;
        }
        let k = stats::keyness(a, b, target_words, reference_words);
        if (k.log_ratio > 0.0) == negative {
            continue;
        }
        out.push(KeyRow {
            word: word.to_owned(),
            target: a,
            reference: b,
            target_per_million: stats::per_million(a, target_words),
            reference_per_million: stats::per_million(b, reference_words),
            g2: k.g2,
            log_ratio: k.log_ratio,
        });
    }
    out.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.word.cmp(&y.word)));
    out
}

/// A collocate of a node word or phrase.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CollocateRow {
    pub word: String,
    /// Times within the window.
    pub observed: u64,
    /// Times in the subcorpus.
    pub frequency: u64,
    pub expected: f64,
    pub mi: f64,
    pub t: f64,
    pub g2: f64,
}

/// Sizes behind collocation figures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CollocationInfo {
    pub node: String,
    pub node_frequency: u64,
    pub window: usize,
    /// Word positions inside the windows (clipped at paragraph edges).
    pub window_positions: u64,
    pub corpus_words: u64,
}

/// Collocates of `term` within `window` words either side, inside a
/// paragraph, the node's own words excluded; collocates seen at least
/// `min_observed` times. The node's occurrences come from the index's
/// positions, the windows from the text of the pieces holding it, the
/// collocates' frequencies and the subcorpus's words from the index
/// ([`Store::collocation`]).
pub fn collocates(
    store: &Store,
    term: &str,
    filter: &Filter,
    window: usize,
    min_observed: u64,
) -> Result<(Vec<CollocateRow>, CollocationInfo, SubcorpusInfo), StoreError> {
    if term_words(term).is_empty() {
        return Err(StoreError::Query(format!(
            "{term:?} has no words to look for"
        )));
    }
    let found = store.collocation(term, filter, window)?;
    let corpus_words = found.counts.words()[0];
    let mut rows: Vec<CollocateRow> = found
        .near
        .into_iter()
        .filter(|(_, o)| *o >= min_observed)
        .map(|(word, observed)| {
            let frequency = found.counts.get(&word).map_or(observed, |c| c[0]);
            let a = stats::association(observed, frequency, found.window_positions, corpus_words);
            CollocateRow {
                word,
                observed,
                frequency,
                expected: a.expected,
                mi: a.mi,
                t: a.t,
                g2: a.g2,
            }
        })
        .collect();
    rows.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.word.cmp(&y.word)));
    Ok((
        rows,
        CollocationInfo {
            node: term.to_owned(),
            node_frequency: found.node_frequency,
            window,
            window_positions: found.window_positions,
            corpus_words,
        },
        found.subcorpus,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_found_in_word_sequences() {
        let tokens = words("The Union State, the union-state; UNION STATE.");
        let phrase = term_words("union state");
        assert_eq!(occurrences(&tokens, &phrase).collect::<Vec<_>>(), [1, 4, 6]);
        let one = term_words("the");
        assert_eq!(occurrences(&tokens, &one).count(), 2);
    }

    #[test]
    fn keywords_by_hand() {
        let rows = [("sovereignty", 20, 10), ("the", 980, 1990)];
        let rows = || rows.iter().map(|&(w, a, b)| (w, a, b));
        let found = keywords(rows(), 1000, 2000, 1, false, false);
        assert_eq!(found[0].word, "sovereignty");
        assert!((found[0].g2 - stats::keyness(20, 10, 1000, 2000).g2).abs() < 1e-9);
        assert!((found[0].log_ratio - 2.0).abs() < 1e-9);
        let under = keywords(rows(), 1000, 2000, 1, false, true);
        assert_eq!(under[0].word, "the");
        // A word absent from the side listed is never a keyword of it,
        // whatever the minimum.
        let absent = keywords([("gone", 0, 7)], 1000, 2000, 0, false, false);
        assert!(absent.is_empty());
        let stop = keywords(rows(), 1000, 2000, 1, true, true);
        assert!(stop.is_empty());
    }
}
