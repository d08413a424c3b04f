//! Tokens for extraction: words, digit groups and symbols, with byte spans.
//! White space is not a token; `gap_before` says whether any preceded it.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters, with inner hyphens and apostrophes ("twenty-one", "Russia’s").
    Word,
    /// A digit run with its separators ("1,200", "5.7", "816 000").
    Num,
    /// Any other single character ("$", "%", "–", ",", ".").
    Sym,
}

/// A token: kind and byte span; `gap_before` is true when white space
/// separates it from the previous token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    pub gap_before: bool,
}

impl Tok {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Splits `text` into tokens. Digit groups take thousands separators (",",
/// and a space or no-break space before exactly three digits when the group
/// so far is one to three digits) and one decimal point.
pub(crate) fn tokenise(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let mut gap = true;
    while i < bytes.len() {
        let b = bytes[i];
        let (kind, end) = if b < 0x80 {
            if b.is_ascii_whitespace() {
                gap = true;
                i += 1;
                continue;
            }
            if b.is_ascii_digit() {
                (TokKind::Num, scan_number(text, i))
            } else if b.is_ascii_alphabetic() {
                (TokKind::Word, scan_word(text, i))
            } else {
                (TokKind::Sym, i + 1)
            }
        } else {
            let c = text[i..].chars().next().expect("char boundary");
            if is_space(c) {
                gap = true;
                i += c.len_utf8();
                continue;
            }
            if c.is_alphabetic() {
                (TokKind::Word, scan_word(text, i))
            } else {
                (TokKind::Sym, i + c.len_utf8())
            }
        };
        toks.push(Tok {
            kind,
            start: i,
            end,
            gap_before: gap,
        });
        gap = false;
        i = end;
    }
    toks
}

fn scan_word(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    loop {
        // ASCII letters, fast.
        while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
            end += 1;
        }
        let Some(&b) = bytes.get(end) else { break };
        if b == b'-' || b == b'\'' {
            // Inner joiner: only when a letter follows.
            if text[end + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
            {
                end += 1;
                continue;
            }
            break;
        }
        if b < 0x80 {
            break;
        }
        let c = text[end..].chars().next().expect("char boundary");
        let joins = c == '’'
            && text[end + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
        if !(c.is_alphabetic() || joins) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

fn digits_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Exactly three digits at `i`, not followed by a fourth.
fn three_digits_at(bytes: &[u8], i: usize) -> bool {
    i + 3 <= bytes.len()
        && bytes[i..i + 3].iter().all(u8::is_ascii_digit)
        && !bytes.get(i + 3).is_some_and(u8::is_ascii_digit)
}

fn scan_number(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = digits_end(bytes, start);
    let first_group = end - start;
    let mut grouped = false;
    loop {
        // "1,200,000"
        if bytes.get(end) == Some(&b',') && three_digits_at(bytes, end + 1) {
            end += 4;
            grouped = true;
            continue;
        }
        // "816 000" (space, no-break space or thin space), only for groups
        // that began with one to three digits.
        if first_group <= 3 {
            let sep = if bytes.get(end) == Some(&b' ') {
                1
            } else if text[end..].starts_with('\u{a0}') {
                2
            } else if text[end..].starts_with('\u{202f}') || text[end..].starts_with('\u{2009}') {
                3
            } else {
                0
            };
            if sep > 0 && three_digits_at(bytes, end + sep) && (grouped || first_group <= 3) {
                // Not when the next group starts a new figure ("in 2019 300").
                end += sep + 3;
                grouped = true;
                continue;
            }
        }
        break;
    }
    // Decimal part: "5.7", "1,200.50".
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits_end(bytes, end + 1);
    } else if !grouped && first_group <= 3 && bytes.get(end) == Some(&b',') {
        // A decimal comma, as in translated quotes ("64,5 to the dollar"):
        // one or two digits after it, and no list going on ("1,2,3").
        let decimals = digits_end(bytes, end + 1) - (end + 1);
        let after = digits_end(bytes, end + 1);
        let list_goes_on =
            bytes.get(after) == Some(&b',') && bytes.get(after + 1).is_some_and(u8::is_ascii_digit);
        let in_list = start >= 2 && bytes[start - 1] == b',' && bytes[start - 2].is_ascii_digit();
        if (1..=2).contains(&decimals) && !list_goes_on && !in_list {
            end = after;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenise(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn numbers_keep_their_separators() {
        assert_eq!(texts("over $51 billion"), ["over", "$", "51", "billion"]);
        assert_eq!(
            texts("1,200 and 816 000 and 5.7%"),
            ["1,200", "and", "816 000", "and", "5.7", "%"]
        );
        assert_eq!(texts("816\u{a0}000 people"), ["816\u{a0}000", "people"]);
        assert_eq!(texts("in 2019 300 people"), ["in", "2019", "300", "people"]);
        assert_eq!(texts("64,5 to the dollar"), ["64,5", "to", "the", "dollar"]);
        assert_eq!(texts("points 1,2,3"), ["points", "1", ",", "2", ",", "3"]);
        assert_eq!(texts("1,234,5"), ["1,234", ",", "5"]);
        assert_eq!(texts("twenty-one Su-57"), ["twenty-one", "Su", "-", "57"]);
        assert_eq!(texts("Russia’s 80th"), ["Russia’s", "80", "th"]);
    }

    #[test]
    fn gaps_are_recorded() {
        let toks = tokenise("$15–20 bn");
        let gaps: Vec<bool> = toks.iter().map(|t| t.gap_before).collect();
        assert_eq!(gaps, [true, false, false, false, true]);
    }
}
