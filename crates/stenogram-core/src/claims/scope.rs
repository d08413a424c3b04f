//! Who a figure is about: the document's counterpart country, the
//! country a speaker's role names, and a Russian region a sentence names.

use std::ops::Range;

use super::{lexicon, phrase_at, words_of, Word};
use crate::model::Document;

/// The document's counterpart: the foreign country its title, speakers'
/// roles and text name most.
pub(super) fn counterpart(doc: &Document, text: &str) -> Option<String> {
    let lex = lexicon();
    let mut counts: crate::lexicon::FastMap<&'static str, usize> = Default::default();
    // The longest country phrase in words.
    let longest = lex
        .countries
        .values()
        .flatten()
        .map(|(words, _)| words.len())
        .max()
        .unwrap_or(1);
    let mut lower = String::new();
    let mut ahead: Vec<String> = Vec::new();
    let mut count_in = |piece: &str, weight: usize| {
        // Words as `phrase_at` over `words_of(piece)` would take them, but
        // only a capitalised word is looked up and only then are the words
        // after it read: country names are proper nouns.
        let mut words = crate::sentence::words(piece);
        while let Some(range) = words.next() {
            let word = &piece[range];
            if word.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
                continue;
            }
            lower_into(word, &mut lower);
            let Some(candidates) = lex.countries.get(lower.as_str()) else {
                continue;
            };
            ahead.clear();
            ahead.extend(
                words
                    .clone()
                    .take(longest - 1)
                    .map(|r| piece[r].to_lowercase()),
            );
            let found = candidates.iter().find(|(phrase, _)| {
                phrase.len() <= ahead.len() + 1
                    && phrase[1..].iter().zip(&ahead).all(|(p, w)| *p == w)
            });
            if let Some((phrase, country)) = found {
                if !matches!(*country, "Russia" | "world") {
                    *counts.entry(country).or_default() += weight;
                }
                for _ in 1..phrase.len() {
                    words.next();
                }
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

/// `word` lower-cased into `out`, as `str::to_lowercase` would.
fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// A Russian region the sentence names: "X Region", "X Territory",
/// "Republic of X", or a federal city or republic after "in".
pub(super) fn region_in(text: &str, words: &[Word], range: Range<usize>) -> Option<String> {
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
        if NAMED.contains(&word) && i > range.start && words[i - 1].lower() == "in" {
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
/// The country a speaker's role names ("President of Turkey"), if any.
pub(super) fn speaker_country(doc: &Document, turn: Option<usize>) -> Option<String> {
    let role = doc.turns.get(turn?)?.speaker.role.as_deref()?;
    let mut lowered = String::new();
    let words = words_of(role, &mut lowered);
    let lex = lexicon();
    (0..words.len())
        .find_map(|i| phrase_at(&lex.countries, &words, i))
        .map(|(_, country)| country.to_owned())
        .filter(|c| c != "world")
}
