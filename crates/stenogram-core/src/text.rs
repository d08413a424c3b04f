//! Document text: decoding bytes to the text we index, and converting byte
//! positions to code point offsets.

use thiserror::Error;

/// Why bytes could not become document text.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    #[error("invalid UTF-8 at byte {offset} (line {line}, column {column}); pass --encoding for legacy files such as windows-1251")]
    InvalidUtf8 {
        offset: usize,
        line: usize,
        column: usize,
    },
}

/// Decodes UTF-8 bytes into document text: a leading byte order mark is
/// dropped and `\r\n` becomes `\n`; nothing else changes.
pub fn decode_utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let bytes = &bytes[bom..];
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalise_newlines(text)),
        Err(e) => {
            let offset = e.valid_up_to();
            let before = &bytes[..offset];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            // Column in characters of the valid prefix of the line, 1-based.
            let column = std::str::from_utf8(&bytes[line_start..offset])
                .map_or(offset - line_start, |s| s.chars().count())
                + 1;
            // Report the offset in the caller's bytes, BOM included.
            Err(DecodeError::InvalidUtf8 {
                offset: offset + bom,
                line,
                column,
            })
        }
    }
}

/// Replaces `\r\n` by `\n` (the only rewrite the document text undergoes).
pub fn normalise_newlines(text: &str) -> String {
    if !text.contains("\r\n") {
        return text.to_string();
    }
    text.replace("\r\n", "\n")
}

/// Converts increasing byte positions of one text into code point offsets,
/// counting each character once.
#[derive(Debug)]
pub struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The code point offset of `byte`, which must not precede the last
    /// position asked for.
    pub fn at(&mut self, byte: usize) -> usize {
        debug_assert!(byte >= self.byte, "cursor moved backwards");
        let slice = &self.text.as_bytes()[self.byte..byte];
        self.chars += count_chars(slice);
        self.byte = byte;
        self.chars
    }
}

/// The byte offset of the `chars`-th code point of UTF-8 `bytes` (its
/// length when there are fewer): the inverse of [`count_chars`], a word of
/// eight bytes at a time while the target is further on.
pub fn skip_chars(bytes: &[u8], chars: usize) -> usize {
    let mut left = chars;
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let here = count_chars(&bytes[at..at + 8]);
        if here >= left {
            break;
        }
        left -= here;
        at += 8;
    }
    // Byte by byte: stop at the start of the wanted code point.
    while at < bytes.len() {
        if bytes[at] & 0xC0 != 0x80 {
            if left == 0 {
                return at;
            }
            left -= 1;
        }
        at += 1;
    }
    bytes.len()
}

/// Counts UTF-8 code points: every byte that is not a continuation byte
/// (`10xxxxxx`), eight bytes at a time.
pub fn count_chars(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut continuation = 0usize;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // Bit 7 set and bit 6 clear, per byte.
        continuation += (x & !(x << 1) & HIGH).count_ones() as usize;
    }
    let tail = chunks.remainder();
    continuation += tail.iter().filter(|&&b| b & 0xC0 == 0x80).count();
    bytes.len() - continuation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_chars_finds_each_code_point() {
        let texts = [
            "",
            "plain ascii text that runs past a few words",
            "Putin’s “Union State” — ΟΔΥΣΣΕΥΣ 𝄞 naïve ǅemal, ещё раз",
            "ééééééééééééééééé",
            "𝄞𝄞𝄞𝄞𝄞𝄞a𝄞𝄞𝄞",
        ];
        for text in texts {
            let starts: Vec<usize> = text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .collect();
            for (n, &byte) in starts.iter().enumerate() {
                assert_eq!(skip_chars(text.as_bytes(), n), byte, "{text:?} char {n}");
            }
            assert_eq!(skip_chars(text.as_bytes(), starts.len() + 3), text.len());
        }
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let err = decode_utf8(b"ok\nab\xffcd").unwrap_err();
        assert_eq!(
            err,
            DecodeError::InvalidUtf8 {
                offset: 5,
                line: 2,
                column: 3
            }
        );
    }

    #[test]
    fn crlf_and_bom_are_normalised() {
        assert_eq!(decode_utf8(b"\xEF\xBB\xBFa\r\nb\r").unwrap(), "a\nb\r");
    }

    #[test]
    fn cursor_counts_code_points() {
        let text = "a\u{a0}b€c";
        let mut cursor = CharCursor::new(text);
        assert_eq!(cursor.at(1), 1);
        assert_eq!(cursor.at(3), 2);
        assert_eq!(cursor.at(text.len()), 5);
        assert_eq!(count_chars(text.as_bytes()), text.chars().count());
        let long = "Президент\u{a0}России — 🇷🇺 a\u{a0}b\u{a0}c … ".repeat(9);
        for end in 0..long.len() {
            if long.is_char_boundary(end) {
                assert_eq!(
                    count_chars(&long.as_bytes()[..end]),
                    long[..end].chars().count()
                );
            }
        }
    }
}
