//! Snapshot tests of the parser's output: the fixtures written for the
//! quirks of real transcripts, and the shared seed (its text redacted, so no
//! third-party text lands in the repository).

mod common;

use common::{assert_invariants, fixture, shared_dir};
use stenogram_core::{parse_text, Warning};

fn parse_fixture(name: &str) -> stenogram_core::Parsed {
    let text = fixture(name);
    let parsed = parse_text(name.trim_end_matches(".txt"), &text).expect("parses");
    assert_invariants(&text, &parsed.document);
    parsed
}

#[test]
fn label_shapes() {
    let parsed = parse_fixture("labels.txt");
    insta::assert_json_snapshot!("labels", parsed.document);
}

#[test]
fn artefacts_omissions_separators_and_narration() {
    let parsed = parse_fixture("artefacts.txt");
    insta::assert_json_snapshot!("artefacts", parsed.document);
}

#[test]
fn vocatives_resolve_or_stay_as_written() {
    let parsed = parse_fixture("vocatives.txt");
    insta::assert_json_snapshot!("vocatives", parsed.document);
}

#[test]
fn no_break_spaces_inside_labels() {
    let parsed = parse_fixture("nbsp.txt");
    insta::assert_json_snapshot!("nbsp", parsed.document);
}

#[test]
fn lead_only_document_warns() {
    let parsed = parse_fixture("lead_only.txt");
    assert_eq!(parsed.warnings, vec![Warning::NoLabels]);
    insta::assert_json_snapshot!("lead_only", parsed.document);
}

#[test]
fn seed_transcript() {
    let Some(shared) = shared_dir() else {
        println!("skipped: ../shared is absent, no seed to parse");
        return;
    };
    let path = shared.join("seed/000_39430259543ef858.txt");
    let text = std::fs::read_to_string(&path).expect("seed readable");
    let parsed = parse_text("000_39430259543ef858", &text).expect("parses");
    assert_invariants(&text, &parsed.document);
    insta::assert_json_snapshot!("seed", parsed.document, {
        ".**.text" => "[redacted]",
    });
}
