//! Sentences and words of a paragraph.
//!
//! Sentences end at `.`, `!`, `?` or `…` (with any closing quotes or
//! brackets) followed by white space and a character that can open a
//! sentence. Abbreviations and initials (`Mr.`, `No.`, `V.`, `U.S.`,
//! `e.g.`) and an ellipsis followed by a lower-case word do not end one.
//! A paragraph boundary always does: callers split paragraphs first.
//!
//! Words are maximal runs of alphanumeric characters (`char::is_alphanumeric`),
//! the same rule the search index uses, so a word count here and a term
//! count there agree.

use std::ops::Range;

/// Titles and other words that take a full stop and are followed by a name
/// or a number, never ending a sentence in this corpus's style.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "gen", "col", "lt", "sgt", "capt",
    "rev", "sen", "rep", "gov", "jr", "sr", "art", "para", "fig", "vol", "pp", "approx", "ca",
    "cf", "e.g", "i.e", "etc.,", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "inc", "ltd", "co", "corp", "mt",
];

/// Byte ranges of the sentences of `paragraph`, trimmed of surrounding white
/// space, in order. Text without sentence punctuation is one sentence.
pub fn sentences(paragraph: &str) -> Vec<Range<usize>> {
    let bytes = paragraph.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        if !matches!(ch, '.' | '!' | '?' | '…') {
            continue;
        }
        // Swallow further terminators and closing quotes or brackets.
        let mut end = at + ch.len_utf8();
        while let Some(&(next_at, next)) = chars.peek() {
            if matches!(
                next,
                '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']' | '»'
            ) {
                end = next_at + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        // A boundary needs white space after it …
        let rest = &paragraph[end..];
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() || trimmed.is_empty() {
            continue;
        }
        // … and something that can open a sentence.
        let opener = trimmed.chars().next().expect("non-empty");
        if !(opener.is_uppercase()
            || opener.is_numeric()
            || matches!(
                opener,
                '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '<' | '–' | '—'
            ))
        {
            continue;
        }
        if ch == '.' && end == at + 1 && is_abbreviation(&paragraph[start..at]) {
            continue;
        }
        push_trimmed(&mut out, paragraph, start..end);
        start = bytes.len() - trimmed.len();
    }
    push_trimmed(&mut out, paragraph, start..bytes.len());
    out
}

/// Does the text before a full stop end with an abbreviation or an initial?
fn is_abbreviation(before: &str) -> bool {
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // A single capital letter (an initial), or dotted initials: V., U.S., A.B.
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    if word.chars().all(|c| c.is_uppercase() || c == '.') && letters.len() <= 3 {
        return word.split('.').all(|part| part.chars().count() <= 1);
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let tail = piece.len() - piece.trim_end().len();
    if lead + tail < piece.len() {
        out.push(range.start + lead..range.end - tail);
    }
}

/// Byte ranges of the words of `text`: maximal runs of alphanumeric characters.
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + Clone + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if at >= text.len() {
                return None;
            }
            let (alphanumeric, len) = char_class(text, at);
            if alphanumeric {
                let start = at;
                at += len;
                break start;
            }
            at += len;
        };
        while at < text.len() {
            let (alphanumeric, len) = char_class(text, at);
            if !alphanumeric {
                break;
            }
            at += len;
        }
        Some(start..at)
    })
}

/// Whether the code point at byte `at` is alphanumeric, and its length in
/// bytes: ASCII without decoding.
#[inline]
fn char_class(text: &str, at: usize) -> (bool, usize) {
    let byte = text.as_bytes()[at];
    if byte < 0x80 {
        (byte.is_ascii_alphanumeric(), 1)
    } else {
        let ch = text[at..]
            .chars()
            .next()
            .expect("at is a code point boundary");
        (ch.is_alphanumeric(), ch.len_utf8())
    }
}

/// The number of words in `text` (see [`words`]).
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut at = 0;
    while at < bytes.len() {
        // ASCII (the common case) without decoding.
        let (alphanumeric, len) = if bytes[at] < 0x80 {
            (bytes[at].is_ascii_alphanumeric(), 1)
        } else {
            char_class(text, at)
        };
        count += usize::from(alphanumeric && !in_word);
        in_word = alphanumeric;
        at += len;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words as maximal runs of alphanumeric code points, the plain way.
    fn words_by_chars(text: &str) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for (at, ch) in text.char_indices() {
            if !ch.is_alphanumeric() {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.end == at => last.end = at + ch.len_utf8(),
                _ => out.push(at..at + ch.len_utf8()),
            }
        }
        out
    }

    #[test]
    fn words_agree_with_the_plain_definition() {
        for text in [
            "",
            "   ",
            "Putin’s “Union State”, 2024: x²+ΟΔΥΣΣΕΥΣ naïve\u{a0}ǅemal ещё-раз 𝄞 end",
            "a",
            "ab1 2cd",
            "١٢٣ arabic digits, 五 and 𝟘",
        ] {
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                words_by_chars(text),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn words_match_the_plain_definition(text in "\\PC{0,60}") {
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), words_by_chars(&text));
            proptest::prop_assert_eq!(count_words(&text), words_by_chars(&text).len());
        }
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_at_terminators_before_capitals() {
        assert_eq!(
            split("Trade grew. It is over $51 billion! Is that so? Yes…"),
            [
                "Trade grew.",
                "It is over $51 billion!",
                "Is that so?",
                "Yes…"
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_initials_and_decimals() {
        assert_eq!(
            split("Mr. Lukashenko met V. Putin and Dr. Smith in the U.S. Capitol. Growth was 5.7 percent."),
            [
                "Mr. Lukashenko met V. Putin and Dr. Smith in the U.S. Capitol.",
                "Growth was 5.7 percent."
            ]
        );
        assert_eq!(split("See No. 5 on the list."), ["See No. 5 on the list."]);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("He said, “We agree.” Then we left. (Applause.) Next."),
            [
                "He said, “We agree.”",
                "Then we left.",
                "(Applause.)",
                "Next."
            ]
        );
    }

    #[test]
    fn lower_case_after_a_stop_or_ellipsis_continues() {
        assert_eq!(
            split("We waited… and waited. done"),
            ["We waited… and waited. done"]
        );
        assert_eq!(split("  padded  "), ["padded"]);
        assert!(split("   ").is_empty());
    }

    #[test]
    fn words_are_alphanumeric_runs() {
        let text = "Russia’s GDP grew 5.7% in 2019 — Málaga, COVID-19.";
        let got: Vec<&str> = words(text).map(|r| &text[r]).collect();
        assert_eq!(
            got,
            ["Russia", "s", "GDP", "grew", "5", "7", "in", "2019", "Málaga", "COVID", "19"]
        );
        assert_eq!(count_words(text), got.len());
        assert_eq!(count_words("a b-c  d."), 4);
    }
}
