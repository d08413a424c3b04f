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
    if ordinal
        && written.chars().all(char::is_alphabetic)
        && (is_list_marker(text, span.clone())
            || is_name_part(text, span.clone())
            || is_third_party(text, span.clone()))
    {
        return true;
    }
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
    // "one more time" (again), "at one time" (formerly).
    if next == Some("more") && after.get(1).is_some_and(|w| w == "time")
        || next == Some("time") && before == Some("at")
    {
        return true;
    }
    // "for one reason or another", "one way or another".
    if after.get(1).is_some_and(|w| w == "or") && after.get(2).is_some_and(|w| w == "another") {
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

/// Whether an ordinal word opens its sentence (or follows a
/// sentence-opening "and" / "but") and is closed by punctuation: the list
/// markers "First, …", "Second, …", "And, third, …", "Third." enumerate
/// points; they rank nothing.
fn is_list_marker(text: &str, span: Range<usize>) -> bool {
    let closed = text[span.end..]
        .chars()
        .next()
        .is_some_and(|c| matches!(c, ',' | ':' | '.' | ';' | ')'))
        || text[span.end..].trim_start().starts_with(['–', '—']);
    if !closed {
        return false;
    }
    let mut head = text[..span.start].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    // "And, third, …", "But second, …".
    for opener in ["and", "but", "so", "also"] {
        if head.len() >= opener.len()
            && head.is_char_boundary(head.len() - opener.len())
            && head[head.len() - opener.len()..].eq_ignore_ascii_case(opener)
        {
            let before = &head[..head.len() - opener.len()];
            if before.is_empty() || before.ends_with(|c: char| !c.is_alphanumeric()) {
                head = before.trim_end();
                break;
            }
        }
    }
    head.is_empty() || head.ends_with(['.', '!', '?', ':', ';', '\n', '(', '–', '—', '"', '“'])
}

/// A capitalised ordinal before a capitalised word is part of a name:
/// "the Second World War", "First Deputy Prime Minister".
fn is_name_part(text: &str, span: Range<usize>) -> bool {
    if !text[span.clone()].starts_with(char::is_uppercase) {
        return false;
    }
    let rest = ahead(text, span.end);
    let Some(next) = rest.strip_prefix([' ', '\u{a0}']) else {
        return false;
    };
    let word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    word.starts_with(char::is_uppercase) && word != "I"
}

/// "third countries", "third parties", "a third party": others, not the
/// third of a row ("the third country to sign" is one).
fn is_third_party(text: &str, span: Range<usize>) -> bool {
    if !text[span.clone()].eq_ignore_ascii_case("third") {
        return false;
    }
    let before = word_before(text, span.start);
    words_after(text, span.end, 1)
        .first()
        .is_some_and(|w| match w.as_str() {
            "countries" | "parties" | "persons" | "states" => true,
            "country" | "party" | "person" | "state" => {
                matches!(before.as_deref(), Some("a" | "any"))
            }
            _ => false,
        })
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
        assert!(idiom("For one reason or another, no.", "one", false));
        assert!(idiom("Let me say it one more time.", "one", false));
        assert!(idiom("At one time it was cheap.", "one", false));
    }

    #[test]
    fn list_markers_rank_nothing() {
        assert!(idiom(
            "Growth. Second, the Government acts.",
            "Second",
            true
        ));
        assert!(idiom("We agree. And, third, we act.", "third", true));
        assert!(idiom("Third. An opportunity.", "Third", true));
        assert!(idiom("First: the data.", "First", true));
        assert!(!idiom("the first, second, third – reasons", "second", true));
        assert!(!idiom("He came second.", "second", true));
        assert!(!idiom("This is our third meeting.", "third", true));
    }

    #[test]
    fn ordinals_in_names_and_third_parties() {
        assert!(idiom("during the Second World War", "Second", true));
        assert!(idiom("First Deputy Prime Minister", "First", true));
        assert!(idiom("in the markets of third countries", "third", true));
        assert!(idiom("transit through a third country", "third", true));
        assert!(!idiom("the third country to sign", "third", true));
        assert!(!idiom("the second largest partner", "second", true));
    }
}
