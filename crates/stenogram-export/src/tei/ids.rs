//! Names in the export: `xml:id`s (which must be NCNames) and file names,
//! made from document ids, person ids, tags and host names.
//!
//! A document id becomes `stenogram_` + the id with every byte other than
//! an ASCII letter, digit, `.` or `-` written `_XX` (hex): injective, so two
//! documents never share a file, and a valid NCName whatever the id
//! (`13679` -> `stenogram_13679`). Person ids are kept as they are when
//! they are already NCNames (`vladimir-putin`), which is what lets the TEI
//! reader derive the same person id back from the `who` reference.

use std::collections::HashSet;

/// The `xml:id` of the corpus root, and the prefix of its components'.
pub(crate) const CORPUS_ID: &str = "stenogram";

/// Encoded ids longer than this are cut and given a hash, so that file
/// names (with `-meta.tsv` and a temporary suffix) stay under 255 bytes.
const MAX_ENCODED: usize = 160;

/// `id` with every byte but ASCII letters, digits, `.` and `-` written as
/// `_` and two upper-case hex digits.
pub(crate) fn encode(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("_{b:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits: a stable hash for shortening names.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The `xml:id` (and file stem) of the component holding document `id`.
pub(crate) fn component_id(doc_id: &str) -> String {
    let mut encoded = encode(doc_id);
    if encoded.len() > MAX_ENCODED {
        encoded.truncate(MAX_ENCODED);
        encoded.push_str(&format!("_{:016x}", fnv1a(doc_id)));
    }
    format!("{CORPUS_ID}_{encoded}")
}

/// Whether `s` is an NCName made of ASCII letters, digits, `.`, `-`, `_`.
pub(crate) fn is_ascii_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The base of a person's `xml:id`: the person id itself when it is an
/// NCName, else its encoding, led by `person-` when that starts with no
/// letter.
pub(crate) fn person_base(person: &str) -> String {
    if is_ascii_ncname(person) {
        return person.to_owned();
    }
    let encoded = encode(person);
    if is_ascii_ncname(&encoded) {
        encoded
    } else {
        format!("person-{encoded}")
    }
}

/// A readable ASCII piece of an id: lower-case letters and digits, every
/// run of anything else one `-`; `x` when nothing is left.
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// `s` with every byte but RFC 3986's unreserved characters (ASCII letters,
/// digits, `-`, `.`, `_`, `~`) percent-encoded: a relative URI whatever `s`
/// is, for ids written where the schema wants an `anyURI` (`idno`). The TEI
/// reader decodes it.
pub(crate) fn uri_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `url` as it is when a validator's `anyURI` takes it (a scheme and
/// something after it, or a relative reference with no `:` in its first
/// segment; `%` always starting an escape; one `#` at most; no brackets),
/// else [`uri_escape`]d. Spaces and non-ASCII letters are fine: validators
/// escape them before checking.
pub(crate) fn uri_text(url: &str) -> std::borrow::Cow<'_, str> {
    let bytes = url.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.len() > i + 2
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit())
    });
    let first_segment_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    let shape_ok = match url[..first_segment_end].find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            let rest = &url[colon + 1..];
            let authority_ok = match rest.strip_prefix("//") {
                Some(after) => !after.is_empty() && !after.starts_with(['?', '#']),
                None => true,
            };
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !rest.is_empty()
                && authority_ok
        }
        None => !url.starts_with("//"),
    };
    let ok = escapes_ok
        && shape_ok
        && url.matches('#').count() <= 1
        && !url.contains(['[', ']'])
        && !url.chars().any(char::is_control);
    if ok {
        std::borrow::Cow::Borrowed(url)
    } else {
        std::borrow::Cow::Owned(uri_escape(url))
    }
}

/// The `xml:id`s given in one file, each once.
#[derive(Debug, Default)]
pub(crate) struct IdSet {
    used: HashSet<String>,
}

impl IdSet {
    /// Marks `id` as taken.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// `base` when it is free, else `base.2`, `base.3`, … (the reader drops
    /// the `.N` when it derives a person id from a reference).
    pub(crate) fn allocate(&mut self, base: &str) -> String {
        let mut id = base.to_owned();
        let mut n = 1;
        while self.used.contains(&id) {
            n += 1;
            id = format!("{base}.{n}");
        }
        self.used.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_ids_become_distinct_ncnames() {
        assert_eq!(component_id("13679"), "stenogram_13679");
        assert_eq!(component_id("a b"), "stenogram_a_20b");
        assert_eq!(component_id("a_20b"), "stenogram_a_5F20b");
        assert_eq!(
            component_id("Москва"),
            "stenogram_".to_owned() + &encode("Москва")
        );
        for id in ["13679", "a b", "x/y", "Москва", "", "-", "é"] {
            assert!(is_ascii_ncname(&component_id(id)), "{id}");
        }
        let long = "x".repeat(400);
        let other = format!("{}y", "x".repeat(399));
        assert!(component_id(&long).len() < 200);
        assert_ne!(component_id(&long), component_id(&other));
    }

    #[test]
    fn person_ids_stay_when_they_can() {
        assert_eq!(person_base("vladimir-putin"), "vladimir-putin");
        assert_eq!(person_base("50-cent"), "person-50-cent");
        assert!(is_ascii_ncname(&person_base("jose angel")));
        assert!(is_ascii_ncname(&person_base("")));
    }

    #[test]
    fn uris_are_kept_when_validators_take_them() {
        for url in [
            "http://en.kremlin.ru/events/president/news/13679",
            "https://example.org/a b?c=d#e",
            "javascript:window.__xss=3",
            "news/123",
            "http://x/%5B",
            "13679",
        ] {
            assert_eq!(uri_text(url), url);
        }
        for url in [
            "13679:x",
            "http://a/b%",
            "x:y#a#b",
            "http://a/[b]",
            "x:",
            "x://",
            "//",
        ] {
            assert_eq!(uri_text(url), uri_escape(url), "{url}");
        }
        assert_eq!(uri_escape("odd/id ü#2"), "odd%2Fid%20%C3%BC%232");
        assert_eq!(uri_escape("a-b_c.d~1"), "a-b_c.d~1");
    }

    #[test]
    fn slugs_and_allocation() {
        assert_eq!(slug("Foreign policy"), "foreign-policy");
        assert_eq!(slug("  --Économie!"), "conomie");
        assert_eq!(slug("Россия"), "x");
        let mut ids = IdSet::default();
        ids.reserve("chair");
        assert_eq!(ids.allocate("chair"), "chair.2");
        assert_eq!(ids.allocate("chair"), "chair.3");
        assert_eq!(ids.allocate("anna-berg"), "anna-berg");
    }
}
