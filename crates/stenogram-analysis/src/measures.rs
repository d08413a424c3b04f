//! Trends, keyness and collocates over subcorpora of a store. One pass over
//! the selected pieces each: words are alphanumeric runs, lower-cased (the
//! index's and KWIC's rule), so a count here equals a KWIC count with the
//! same filter, and the per-million normaliser counts the same words.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use stenogram_store::{Filter, Store, StoreError, SubcorpusInfo};

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

/// Positions where `phrase` starts in `tokens`.
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
/// Undated documents are left out (they have no period).
pub fn trends(
    store: &Store,
    terms: &[String],
    filter: &Filter,
    by: Period,
) -> Result<(Vec<TrendRow>, SubcorpusInfo), StoreError> {
    let phrases: Vec<Vec<String>> = terms.iter().map(|t| term_words(t)).collect();
    if let Some(empty) = terms.iter().zip(&phrases).find(|(_, p)| p.is_empty()) {
        return Err(StoreError::Query(format!(
            "{:?} has no words to count",
            empty.0
        )));
    }
    let mut words_by: BTreeMap<String, u64> = BTreeMap::new();
    let mut counts: HashMap<(usize, String), u64> = HashMap::new();
    let info = store.for_each_piece(filter, &mut |piece| {
        let Some(date) = piece.date.as_deref() else {
            return;
        };
        let period = match by {
            Period::Year => date.get(..4),
            Period::Month => date.get(..7),
        };
        let Some(period) = period else { return };
        let tokens = words(&piece.text);
        *words_by.entry(period.to_owned()).or_default() += tokens.len() as u64;
        for (i, phrase) in phrases.iter().enumerate() {
            let n = occurrences(&tokens, phrase).count() as u64;
            if n > 0 {
                *counts.entry((i, period.to_owned())).or_default() += n;
            }
        }
    })?;
    let mut rows = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        for (period, &total) in &words_by {
            let count = counts.get(&(i, period.clone())).copied().unwrap_or(0);
            rows.push(TrendRow {
                term: term.clone(),
                period: period.clone(),
                count,
                words: total,
                per_million: stats::per_million(count, total),
            });
        }
    }
    Ok((rows, info))
}

/// Word frequencies of a subcorpus.
#[derive(Debug, Clone, Default)]
pub struct Frequencies {
    pub counts: HashMap<String, u64>,
    pub words: u64,
}

/// Counts every word of a subcorpus.
pub fn frequencies(
    store: &Store,
    filter: &Filter,
) -> Result<(Frequencies, SubcorpusInfo), StoreError> {
    let mut freq = Frequencies::default();
    let info = store.for_each_piece(filter, &mut |piece| {
        for w in words(&piece.text) {
            freq.words += 1;
            *freq.counts.entry(w).or_default() += 1;
        }
    })?;
    Ok((freq, info))
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

/// Keywords of `target` against `reference` (both word counts), words with
/// at least `min_frequency` in the target, most key first (positive log
/// ratio: overused in the target; `negative` lists underused words instead).
pub fn keywords(
    target: &Frequencies,
    reference: &Frequencies,
    min_frequency: u64,
    stopwords: bool,
    negative: bool,
) -> Vec<KeyRow> {
    let mut rows: Vec<KeyRow> = Vec::new();
    let mut consider = |word: &String| {
        let a = target.counts.get(word).copied().unwrap_or(0);
        let b = reference.counts.get(word).copied().unwrap_or(0);
        if (if negative { b } else { a }) < min_frequency {
            return;
        }
        if stopwords && STOPWORDS.contains(&word.as_str()) {
            return;
        }
        let k = stats::keyness(a, b, target.words, reference.words);
        if (k.log_ratio > 0.0) == negative {
            return;
        }
        rows.push(KeyRow {
            word: word.clone(),
            target: a,
            reference: b,
            target_per_million: stats::per_million(a, target.words),
            reference_per_million: stats::per_million(b, reference.words),
            g2: k.g2,
            log_ratio: k.log_ratio,
        });
    };
    if negative {
        reference.counts.keys().for_each(&mut consider);
    } else {
        target.counts.keys().for_each(&mut consider);
    }
    rows.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.word.cmp(&y.word)));
    rows
}

/// The reference as everything in `all` that is not in `target`.
pub fn rest(all: &Frequencies, target: &Frequencies) -> Frequencies {
    let mut counts = all.counts.clone();
    for (word, n) in &target.counts {
        if let Some(c) = counts.get_mut(word) {
            *c = c.saturating_sub(*n);
        }
    }
    counts.retain(|_, n| *n > 0);
    Frequencies {
        counts,
        words: all.words.saturating_sub(target.words),
    }
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
/// `min_observed` times.
pub fn collocates(
    store: &Store,
    term: &str,
    filter: &Filter,
    window: usize,
    min_observed: u64,
) -> Result<(Vec<CollocateRow>, CollocationInfo, SubcorpusInfo), StoreError> {
    let phrase = term_words(term);
    if phrase.is_empty() {
        return Err(StoreError::Query(format!(
            "{term:?} has no words to look for"
        )));
    }
    let mut freq = Frequencies::default();
    let mut near: HashMap<String, u64> = HashMap::new();
    let mut node_frequency = 0u64;
    let mut window_positions = 0u64;
    let info = store.for_each_piece(filter, &mut |piece| {
        let tokens = words(&piece.text);
        for w in &tokens {
            freq.words += 1;
            *freq.counts.entry(w.clone()).or_default() += 1;
        }
        for at in occurrences(&tokens, &phrase) {
            node_frequency += 1;
            let left = at.saturating_sub(window)..at;
            let right = (at + phrase.len())..(at + phrase.len() + window).min(tokens.len());
            window_positions += (left.len() + right.len()) as u64;
            for i in left.chain(right) {
                *near.entry(tokens[i].clone()).or_default() += 1;
            }
        }
    })?;
    let mut rows: Vec<CollocateRow> = near
        .into_iter()
        .filter(|(_, o)| *o >= min_observed)
        .map(|(word, observed)| {
            let frequency = freq.counts.get(&word).copied().unwrap_or(observed);
            let a = stats::association(observed, frequency, window_positions, freq.words);
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
            node_frequency,
            window,
            window_positions,
            corpus_words: freq.words,
        },
        info,
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
        let freq = |pairs: &[(&str, u64)]| Frequencies {
            words: pairs.iter().map(|p| p.1).sum(),
            counts: pairs.iter().map(|(w, n)| (w.to_string(), *n)).collect(),
        };
        let target = freq(&[("sovereignty", 20), ("the", 980)]);
        let reference = freq(&[("sovereignty", 10), ("the", 1990)]);
        let rows = keywords(&target, &reference, 1, false, false);
        assert_eq!(rows[0].word, "sovereignty");
        assert!((rows[0].g2 - stats::keyness(20, 10, 1000, 2000).g2).abs() < 1e-9);
        assert!((rows[0].log_ratio - 2.0).abs() < 1e-9);
        let under = keywords(&target, &reference, 1, false, true);
        assert_eq!(under[0].word, "the");
        let all = freq(&[("sovereignty", 30), ("the", 2970)]);
        let rest = rest(&all, &target);
        assert_eq!(rest.words, 2000);
        assert_eq!(rest.counts["sovereignty"], 10);
    }
}
