//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use stenogram_core::{check_coverage, Document};

/// `../shared` beside the checkout, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.is_dir()
        .then(|| dir.canonicalize().expect("canonical shared dir"))
}

/// The fixtures written for these tests.
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Code point slice of `text`.
pub fn slice(chars: &[char], start: usize, end: usize) -> String {
    chars[start..end].iter().collect()
}

/// Asserts the document's invariants against its text: every text-bearing
/// piece slices to its own text, turns are ordered and contain their
/// paragraphs, and every non-blank line lands in exactly one place.
pub fn assert_invariants(text: &str, doc: &Document) {
    let chars: Vec<char> = text.chars().collect();
    for p in doc.lead.iter().chain(&doc.narration) {
        assert_eq!(slice(&chars, p.start, p.end), p.text);
    }
    for a in &doc.artefacts {
        assert_eq!(slice(&chars, a.start, a.end), a.text);
    }
    for o in &doc.omissions {
        let s = slice(&chars, o.start, o.end);
        assert!(
            ["<…>", "<...>", "< … >", "[…]", "[...]"].contains(&s.as_str()),
            "{s:?}"
        );
    }
    let mut last_end = 0;
    for t in &doc.turns {
        assert!(t.start >= last_end, "turns overlap");
        assert_eq!(t.start, t.label_span.start);
        assert_eq!(
            slice(&chars, t.label_span.start, t.label_span.end),
            &*t.speaker.label
        );
        for p in &t.paragraphs {
            assert_eq!(slice(&chars, p.start, p.end), p.text);
            assert!(p.start >= t.start && p.end <= t.end);
        }
        for v in &t.vocatives {
            assert_eq!(slice(&chars, v.start, v.end), v.text);
        }
        if let Some(id) = t.speaker.person.as_deref() {
            assert!(doc.person(id).is_some(), "speaker {id} not among persons");
        }
        last_end = t.end;
    }
    check_coverage(text, doc).unwrap_or_else(|e| panic!("{}: {e}", doc.id));
}
