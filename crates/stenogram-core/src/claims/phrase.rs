//! Open indicators: the noun phrase a figure measures, as said, when no
//! lexicon indicator names it. A small chunker over the paragraph's words,
//! three places to look:
//!
//! - the counted noun right after a count: "5,000 new jobs", "some
//!   120,000 criminal cases were opened" (a participle after `were`,
//!   `have been` … joins the phrase: "criminal cases opened");
//! - what a percent is a share of: "12 percent of exports";
//! - the subject of the figure's clause, before its linking verb: "the
//!   overall portfolio of contracts has been stable at $50 billion", "the
//!   state defence order was 95 percent fulfilled".
//!
//! A phrase's key (for grouping) drops determiners and soft modifiers and
//! singularises the head: "new jobs" and "jobs" group together.

use std::ops::Range;

use super::Word;

/// A noun phrase found for a figure.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct NounPhrase {
    /// The words, as indexes into the paragraph's words.
    pub words: Range<usize>,
    /// The phrase as said (participle joined: "criminal cases opened").
    pub text: String,
    /// The grouping key: modifiers dropped, head singular ("criminal case opened").
    pub key: String,
}

/// Words that end or cannot be part of a noun phrase.
const FUNCTION: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "without",
    "into",
    "over",
    "under",
    "than",
    "as",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "this",
    "these",
    "those",
    "it",
    "its",
    "they",
    "their",
    "them",
    "we",
    "our",
    "us",
    "you",
    "your",
    "he",
    "his",
    "she",
    "her",
    "i",
    "my",
    "me",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "do",
    "does",
    "did",
    "not",
    "no",
    "so",
    "if",
    "when",
    "where",
    "while",
    "per",
    "each",
    "every",
    "all",
    "some",
    "any",
    "more",
    "less",
    "most",
    "least",
    "also",
    "only",
    "just",
    "even",
    "still",
    "already",
    "about",
    "around",
    "almost",
    "nearly",
    "up",
    "down",
    "out",
    "there",
    "here",
    "now",
    "then",
    "since",
    "until",
    "after",
    "before",
    "during",
    "through",
    "between",
    "among",
    "against",
    "within",
    "across",
    "last",
    "next",
    "this",
    "year",
    "years",
    "ago",
    "what",
    "how",
    "why",
    "very",
    "much",
    "many",
    "such",
    "percent",
    "per cent",
    "times",
    "fold",
    "million",
    "billion",
    "trillion",
    "thousand",
    "hundred",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
];

/// Heads that are no measured thing: time spans, discourse, generic nouns.
const STOP_HEADS: &[&str] = &[
    "year",
    "month",
    "week",
    "day",
    "hour",
    "minute",
    "second",
    "decade",
    "century",
    "time",
    "question",
    "point",
    "issue",
    "area",
    "topic",
    "thing",
    "word",
    "way",
    "step",
    "stage",
    "part",
    "side",
    "aspect",
    "example",
    "idea",
    "reason",
    "priority",
    "task",
    "direction",
    "item",
    "meeting",
    "round",
    "talk",
    "visit",
    "occasion",
    "session",
    "option",
    "kind",
    "type",
    "sort",
    "place",
    "minute",
    "moment",
    "period",
    "term",
    "age",
    "old",
    "level",
    "rate",
    "figure",
    "number",
    "amount",
    "volume",
    "share",
    "percent",
    "sum",
    "total",
    "lot",
    "majority",
    "half",
    "third",
    "quarter",
    "other",
    "others",
    "one",
    "ones",
    "member",
    "version",
    "language",
    "man",
    "woman",
    "person",
    "party",
    "leader",
    "state",
    "colleague",
    "friend",
    "partner",
    "problem",
    "goal",
    "objective",
    "principle",
    "condition",
    "factor",
    "tool",
    "instrument",
    "document",
    "agreement",
    "treaty",
    "law",
    "article",
    "paragraph",
    "chapter",
    "page",
    "list",
    "group",
    "format",
    "sense",
    "fact",
    "result",
    "results",
    "indicator",
    "parameter",
    "trend",
    "situation",
    "process",
    "phase",
    "cycle",
    "generation",
    "wave",
    "category",
];

/// Soft modifiers dropped from a key ("new jobs" → "job").
const SOFT: &[&str] = &[
    "new",
    "additional",
    "another",
    "other",
    "more",
    "total",
    "overall",
    "annual",
    "current",
    "approximately",
    "roughly",
    "some",
    "about",
    "further",
    "extra",
    "entire",
    "whole",
    "average",
    "full",
    "own",
    "further",
    "first",
    "whole",
    "nearly",
    "almost",
    "just",
];

/// Auxiliaries between a counted noun and its participle.
const AUXILIARY: &[&str] = &[
    "were", "was", "have", "has", "had", "been", "are", "is", "will", "be",
];

/// Participles that join a counted noun ("flats built").
const IRREGULAR: &[&str] = &[
    "built", "made", "sold", "given", "taken", "paid", "done", "spent", "grown", "brought", "held",
    "sent", "kept", "put", "set", "won", "lost", "found", "shot", "hit", "bought", "laid", "cut",
    "run", "left", "drawn", "written",
];

/// Linking words between a subject and its figure ("was", "has reached",
/// "amounted to", "stood at", "grew by").
const LINKING: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "reached",
    "reach",
    "reaches",
    "reaching",
    "amounted",
    "amounts",
    "amount",
    "amounting",
    "to",
    "stood",
    "stands",
    "stand",
    "at",
    "totalled",
    "totaled",
    "totals",
    "grew",
    "grown",
    "increased",
    "rose",
    "risen",
    "fell",
    "fallen",
    "decreased",
    "declined",
    "dropped",
    "by",
    "up",
    "down",
    "now",
    "already",
    "exceeded",
    "exceeds",
    "exceed",
    "surpassed",
    "topped",
    "accounted",
    "accounts",
    "account",
    "for",
    "constitutes",
    "constituted",
    "make",
    "makes",
    "made",
    "only",
    "stable",
    "remained",
    "remains",
    "remain",
    "almost",
    "nearly",
    "over",
    "about",
    "around",
    "some",
    "more",
    "than",
    "less",
    "just",
    "approximately",
    "roughly",
    "currently",
    "still",
    "also",
    "again",
    "expected",
    "planned",
    "projected",
    "likely",
    "estimated",
    "reportedly",
    "actually",
    "respectively",
    "nearly",
    "equal",
    "equals",
    "came",
    "comes",
    "come",
    "exceeding",
    "totalling",
    "of",
    "the",
    "a",
    "an",
    "should",
    "must",
    "not",
    "shall",
    "can",
    "could",
    "may",
    "from",
    "raise",
    "increase",
    "reduce",
    "here",
];

fn is_function(w: &str) -> bool {
    FUNCTION.contains(&w) || w.chars().any(|c| c.is_ascii_digit())
}

fn is_participle(w: &str) -> bool {
    (w.len() > 4 && w.ends_with("ed")) || IRREGULAR.contains(&w)
}

/// Only spaces or a hyphen between two words.
fn joined(text: &str, a: &Word, b: &Word) -> bool {
    text.get(a.bytes.end..b.bytes.start)
        .is_some_and(|gap| gap.chars().all(|c| c.is_whitespace() || c == '-'))
}

/// English singular of a lower-case plural noun, good enough for keys.
pub(super) fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        if stem.len() > 2 {
            return format!("{stem}y");
        }
    }
    for suffix in ["ches", "shes", "sses", "xes"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// The key of a phrase: soft modifiers dropped, every word singular.
fn key_of(words: &[&str]) -> String {
    let kept: Vec<String> = words
        .iter()
        .skip_while(|w| SOFT.contains(w))
        .map(|w| singular(w))
        .collect();
    kept.join(" ")
}

fn is_stop_head(word: &str) -> bool {
    let one = singular(word);
    STOP_HEADS.contains(&one.as_str()) || word.chars().count() < 3
}

/// Builds the phrase of `range` (content words), with an optional trailing
/// participle word index.
fn phrase(
    text: &str,
    words: &[Word],
    range: Range<usize>,
    participle: Option<usize>,
) -> NounPhrase {
    let start = words[range.start].bytes.start;
    let end = words[range.end - 1].bytes.end;
    let mut said = text[start..end].to_owned();
    let mut lower: Vec<&str> = words[range.clone()].iter().map(|w| w.lower()).collect();
    if let Some(p) = participle {
        said.push(' ');
        said.push_str(&text[words[p].bytes.clone()]);
        lower.push(words[p].lower());
    }
    NounPhrase {
        words: range,
        text: said,
        key: key_of(&lower),
    }
}

/// The counted noun phrase starting at word `first` (the word after the
/// number): up to four content words joined by spaces or hyphens, plus
/// "of NOUN…" after a unit ("tonnes of grain"), plus a participle after an
/// auxiliary ("were opened").
pub(super) fn counted_after(
    text: &str,
    words: &[Word],
    first: usize,
    limit: usize,
) -> Option<NounPhrase> {
    let limit = limit.min(words.len());
    let mut end = first;
    while end < limit
        && end - first < 4
        && !is_function(words[end].lower())
        && (end == first || joined(text, &words[end - 1], &words[end]))
    {
        end += 1;
        // A plural ends the phrase: "80 Russian regions | maintain relations".
        let last = words[end - 1].lower();
        if singular(last) != last && end - first >= 1 && last.len() > 3 {
            break;
        }
    }
    if end == first {
        return None;
    }
    // "Tajikistan's trade": the owner's thing, not the owner.
    if end + 1 < limit && words[end].lower() == "s" {
        let gap = &text[words[end - 1].bytes.end..words[end].bytes.start];
        if matches!(gap, "'" | "’") {
            return counted_after(text, words, end + 1, limit);
        }
    }
    let head = words[end - 1].lower();
    if is_stop_head(head) || is_participle(head) || head.ends_with("ly") {
        return None;
    }
    // "tonnes of grain", "cubic metres of gas": the thing after "of".
    if end + 1 < limit && words[end].lower() == "of" && joined(text, &words[end - 1], &words[end]) {
        if let Some(of) = counted_after(text, words, end + 1, limit) {
            if of.words.start == end + 1 {
                let mut whole = phrase(text, words, first..of.words.end, None);
                whole.key = of.key.clone();
                whole.text = format!(
                    "{}{}",
                    &text[words[first].bytes.start..words[of.words.end - 1].bytes.end],
                    of.text
                        .strip_prefix(
                            &text[words[of.words.start].bytes.start
                                ..words[of.words.end - 1].bytes.end]
                        )
                        .unwrap_or("")
                );
                return Some(whole).filter(|np| !np.key.is_empty());
            }
        }
    }
    // "were opened", "have been built".
    let mut at = end;
    let mut aux = 0;
    while at < limit && aux < 2 && AUXILIARY.contains(&words[at].lower()) {
        at += 1;
        aux += 1;
    }
    let participle = (aux > 0 && at < limit && is_participle(words[at].lower())).then_some(at);
    // A phrase of soft words only ("new") names nothing.
    Some(phrase(text, words, first..end, participle)).filter(|np| !np.key.is_empty())
}

/// The subject of a figure's clause: the noun phrase before the linking
/// words that lead to the figure ("the state defence order was …"). None
/// when the subject is a pronoun or there is none in the clause.
pub(super) fn subject_before(
    text: &str,
    words: &[Word],
    clause_start: usize,
    figure: usize,
) -> Option<NounPhrase> {
    let mut at = figure;
    // Skip the linking words back from the figure.
    while at > clause_start && LINKING.contains(&words[at - 1].lower()) {
        at -= 1;
    }
    if at == figure {
        return None;
    }
    // Collect the phrase back from `at` (exclusive): content words, "of"
    // inside ("portfolio of contracts").
    let end = at;
    let mut start = at;
    while start > clause_start {
        let w = &words[start - 1];
        let next = &words[start];
        if !joined(text, w, next) && start < end {
            break;
        }
        if w.lower() == "of" && start < end && start - 1 > clause_start {
            start -= 1;
            continue;
        }
        if is_function(w.lower())
            || (w.lower().ends_with("ly") && w.lower().len() > 4)
            || (LINKING.contains(&w.lower()) && start < end)
            // A forecast verb is no part of the subject ("we expect growth
            // of 2 percent" measures growth).
            || super::lexicon::FORECAST.contains(&w.lower())
        {
            break;
        }
        if end - start >= 5 {
            break;
        }
        start -= 1;
    }
    // Trim a leading "of".
    while start < end && words[start].lower() == "of" {
        start += 1;
    }
    if start >= end {
        return None;
    }
    let head = words[end - 1].lower();
    if is_stop_head(head) || is_participle(head) {
        return None;
    }
    // The phrase's head is the word before "of" when there is one
    // ("portfolio of contracts" keeps both).
    Some(phrase(text, words, start..end, None)).filter(|np| !np.key.is_empty())
}

/// What a percent is a share of: the phrase after "of" ("12 percent of
/// exports", "95 percent of the population").
pub(super) fn share_of(
    text: &str,
    words: &[Word],
    after: usize,
    limit: usize,
) -> Option<NounPhrase> {
    let mut at = after;
    if words.get(at)?.lower() != "of" {
        return None;
    }
    at += 1;
    while at < limit.min(words.len())
        && matches!(
            words[at].lower(),
            "the" | "our" | "their" | "its" | "all" | "total"
        )
    {
        at += 1;
    }
    counted_after(text, words, at, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Word<'_>> {
        // A test's few words: the buffer may live as long as the program.
        super::super::words_of(text, Box::leak(Box::default()))
    }

    fn index(words: &[Word], text: &str, w: &str) -> usize {
        words
            .iter()
            .position(|x| &text[x.bytes.clone()] == w)
            .unwrap()
    }

    #[test]
    fn counted_nouns_with_their_participle() {
        let text = "Some 120,000 criminal cases were opened last year.";
        let w = words(text);
        let first = index(&w, text, "criminal");
        let np = counted_after(text, &w, first, w.len()).unwrap();
        assert_eq!(np.text, "criminal cases opened");
        assert_eq!(np.key, "criminal case opened");
        let text = "We created 5,000 new jobs in the region.";
        let w = words(text);
        let np = counted_after(text, &w, index(&w, text, "new"), w.len()).unwrap();
        assert_eq!((np.text.as_str(), np.key.as_str()), ("new jobs", "job"));
    }

    #[test]
    fn time_spans_and_discourse_are_no_counted_things() {
        for text in [
            "It took 20 years to build.",
            "I have two questions for you.",
        ] {
            let w = words(text);
            let at = w
                .iter()
                .position(|x| x.lower() == "years" || x.lower() == "questions");
            assert_eq!(
                counted_after(text, &w, at.unwrap(), w.len()),
                None,
                "{text}"
            );
        }
    }

    #[test]
    fn an_owner_gives_way_to_what_it_owns() {
        let text = "Russia accounts for a quarter of Tajikistan’s trade.";
        let w = words(text);
        let np = share_of(text, &w, index(&w, text, "of"), w.len()).unwrap();
        assert_eq!((np.text.as_str(), np.key.as_str()), ("trade", "trade"));
    }

    #[test]
    fn units_take_what_they_measure() {
        let text = "They harvested 130 million tonnes of grain.";
        let w = words(text);
        let np = counted_after(text, &w, index(&w, text, "tonnes"), w.len()).unwrap();
        assert_eq!(np.text, "tonnes of grain");
        assert_eq!(np.key, "grain");
    }

    #[test]
    fn the_subject_before_a_linking_verb() {
        let text = "The state defence order was 95 percent fulfilled.";
        let w = words(text);
        let np = subject_before(text, &w, 0, index(&w, text, "95")).unwrap();
        assert_eq!(np.text, "state defence order");
        let text = "The overall portfolio of contracts has been stable at more than $50 billion.";
        let w = words(text);
        let np = subject_before(text, &w, 0, index(&w, text, "50")).unwrap();
        assert_eq!(np.text, "overall portfolio of contracts");
        assert_eq!(np.key, "portfolio of contract");
        let text = "We expect growth of about 2 percent this year.";
        let w = words(text);
        let np = subject_before(text, &w, 0, index(&w, text, "about")).unwrap();
        assert_eq!(np.text, "growth");
        let text = "It was 15.7 percent.";
        let w = words(text);
        assert_eq!(subject_before(text, &w, 0, index(&w, text, "15")), None);
    }

    #[test]
    fn shares_of_a_whole() {
        let text = "This is 12 percent of total exports.";
        let w = words(text);
        let np = share_of(text, &w, index(&w, text, "percent") + 1, w.len()).unwrap();
        assert_eq!(np.key, "export");
    }

    #[test]
    fn singulars() {
        for (plural, one) in [
            ("jobs", "job"),
            ("companies", "company"),
            ("branches", "branch"),
            ("gas", "gas"),
            ("business", "business"),
            ("bus", "bus"),
        ] {
            assert_eq!(singular(plural), one);
        }
    }
}
