//! Number words that count nothing: "first of all", "at first", "one of
//! the …", "one … the other", "for one thing", "on the one hand", "no one".
//! They read as numbers and ordinals to the matchers; in speech they are
//! idioms, and as figures they would only mislead.

use std::ops::Range;

/// How far the look-ahead reads, in bytes: idioms are short, and a bound
/// keeps a huge unpunctuated input linear.
const WINDOW: usize = 240;

/// `text[at..]` cut to about `WINDOW` bytes, at a character boundary.
fn ahead(text: &str, at: usize) -> &str {
    let mut end = (at + WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[at..end]
}

/// Lower-case words after byte `at` (up to `n`), skipping punctuation-free
/// white space only: a comma or full stop ends the look-ahead.
fn words_after(text: &str, at: usize, n: usize) -> Vec<String> {
    let rest = ahead(text, at);
    let end = rest
        .find(['.', ',', ';', ':', '!', '?', '(', ')', '"', '“', '”'])
        .unwrap_or(rest.len());
    rest[..end]
        .split_whitespace()
        .take(n)
        .map(|w| w.to_lowercase())
        .collect()
}

/// The lower-case word right before byte `at`, if only white space separates them.
fn word_before(text: &str, at: usize) -> Option<String> {
    let head = &text[..at];
    let trimmed = head.trim_end();
    if trimmed.len() == head.len() && !head.is_empty() {
        return None;
    }
    let word = trimmed
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .next()?;
    (!word.is_empty()).then(|| word.to_lowercase())
}

/// Whether the mention at `span` (bytes; its text as written) is an idiom.
pub(crate) fn is_idiom(text: &str, span: Range<usize>, ordinal: bool) -> bool {
    let written = &text[span.clone()];
    let wanted = if ordinal { "first" } else { "one" };
    if !written.eq_ignore_ascii_case(wanted) {
        return false;
    }
    let written = written.to_lowercase();
    let after = words_after(text, span.end, 3);
    let next = after.first().map(String::as_str);
    let before = word_before(text, span.start);
    let before = before.as_deref();
    if ordinal {
        return written == "first"
            && (matches!(next, Some("of")) && after.get(1).is_some_and(|w| w == "all")
                || matches!(next, Some("and")) && after.get(1).is_some_and(|w| w == "foremost")
                || matches!(before, Some("at")));
    }
    if written != "one" {
        return false;
    }
    if matches!(
        before,
        Some(
            "no" | "every"
                | "any"
                | "each"
                | "the"
                | "this"
                | "that"
                | "which"
                | "someone"
                | "anyone"
                | "everyone"
        )
    ) {
        return true;
    }
    match next {
        // "one of the largest", "one of them", "one of our partners".
        Some("of") => true,
        Some(
            "another" | "thing" | "hand" | "way" | "side" | "day" | "must" | "can" | "could"
            | "should" | "would" | "might" | "may" | "cannot",
        ) => true,
        _ => {
            // "One is in Moscow, the other in Minsk".
            let rest = ahead(text, span.end);
            let sentence = rest.find(['.', '!', '?']).map_or(rest, |i| &rest[..i]);
            sentence.to_lowercase().contains("the other")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idiom(text: &str, word: &str, ordinal: bool) -> bool {
        let at = text.find(word).unwrap();
        is_idiom(text, at..at + word.len(), ordinal)
    }

    #[test]
    fn idioms_are_told_from_counts() {
        assert!(idiom("First of all, thank you.", "First", true));
        assert!(idiom("At first we doubted.", "first", true));
        assert!(!idiom("The first meeting took place.", "first", true));
        assert!(idiom("It is one of the largest projects.", "one", false));
        assert!(idiom("One is in Moscow, the other in Minsk.", "One", false));
        assert!(idiom("For one thing, it is cheap.", "one", false));
        assert!(idiom("On the one hand, yes.", "one", false));
        assert!(idiom("No one knows.", "one", false));
        assert!(idiom("One must admit it.", "One", false));
        assert!(!idiom("We built one plant last year.", "one", false));
        assert!(!idiom("One million people came.", "One", false));
    }
}
