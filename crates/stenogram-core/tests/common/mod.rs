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

/// A source text of the hand-labelled sets: `kremlin-en` (the 300 files)
/// or `archive` (`kremlin-en-all.jsonl.zst`), with its date.
pub struct SourceText {
    pub text: String,
    pub date: Option<String>,
}

/// Texts and dates of `ids` from `source` (`kremlin-en` or `archive`).
pub fn source_texts(
    shared: &std::path::Path,
    source: &str,
    ids: &[String],
) -> std::collections::HashMap<String, SourceText> {
    let mut out = std::collections::HashMap::new();
    if source == "archive" {
        let file = std::fs::File::open(shared.join("corpus/kremlin-en-all.jsonl.zst")).unwrap();
        let reader =
            std::io::BufRead::lines(std::io::BufReader::new(zstd::Decoder::new(file).unwrap()));
        for line in reader {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let id = match &v["id"] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if ids.contains(&id) {
                let text = v["text"].as_str().unwrap_or_default().to_owned();
                let date = v["date"]
                    .as_str()
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned);
                out.insert(id, SourceText { text, date });
            }
        }
        return out;
    }
    let corpus = shared.join("corpus/kremlin-en");
    let dates: std::collections::HashMap<String, String> =
        std::fs::read_to_string(corpus.join("index.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut parts = l.splitn(3, ',');
                Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
            })
            .collect();
    for id in ids {
        let text = std::fs::read_to_string(corpus.join(format!("{id}.txt"))).unwrap();
        out.insert(
            id.clone(),
            SourceText {
                text,
                date: dates.get(id).cloned(),
            },
        );
    }
    out
}

/// Rows of a tab-separated fixture, header skipped.
pub fn rows(name: &str) -> Vec<Vec<String>> {
    fixture(name)
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
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
