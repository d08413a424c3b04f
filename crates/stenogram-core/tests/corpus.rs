//! The parser over the shared development corpus `../shared/corpus/kremlin-en`:
//! every file parses, keeps its offsets and coverage, and its turn starts
//! match `gold-speakers.jsonl` once the gold's known errors (adjudicated by
//! reading the text, `fixtures/kremlin-en-adjudications.tsv`) are corrected.
//! Skipped, with a printed line, when `../shared` is absent.

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};

use common::{assert_invariants, fixture, shared_dir};
use stenogram_core::parse_text;

/// 0-based line number of each code point offset's line.
fn line_of(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut line_starts = vec![0];
    for (i, c) in text.chars().enumerate() {
        if c == '\n' {
            line_starts.push(i + 1);
        }
    }
    offsets
        .iter()
        .map(|&o| line_starts.partition_point(|&s| s <= o) - 1)
        .collect()
}

#[test]
fn kremlin_en_parses_with_coverage_and_gold_turns() {
    let Some(shared) = shared_dir() else {
        println!("skipped: ../shared is absent, no kremlin-en corpus");
        return;
    };
    let dir = shared.join("corpus/kremlin-en");
    let gold_text = std::fs::read_to_string(dir.join("gold-speakers.jsonl")).expect("gold");
    let mut gold: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for line in gold_text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("gold json");
        let id = row["id"].to_string().trim_matches('"').to_string();
        let lines = row["turns"]
            .as_array()
            .expect("turns")
            .iter()
            .map(|t| t["line"].as_u64().expect("line") as usize)
            .collect();
        gold.insert(id, lines);
    }
    let raw_gold = gold.clone();
    for row in fixture("kremlin-en-adjudications.tsv").lines() {
        if row.starts_with('#') || row.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = row.split('\t').collect();
        let lines = gold.entry(cols[0].to_string()).or_default();
        let line: usize = cols[1].parse().expect("line number");
        match cols[2] {
            "label" => assert!(lines.insert(line), "{row}: already in gold"),
            "not-label" => assert!(lines.remove(&line), "{row}: not in gold"),
            other => panic!("unknown verdict {other}"),
        }
    }

    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let (mut turns, mut docs, mut raw_tp, mut raw_found, mut raw_gold_n) = (0, 0, 0, 0, 0);
    let mut persons: HashSet<String> = HashSet::new();
    let mut disagreements = Vec::new();
    for path in &files {
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).expect("utf-8 text");
        let parsed = parse_text(&id, &text).unwrap_or_else(|e| panic!("{id}: {e}"));
        let doc = &parsed.document;
        assert_invariants(&text, doc);
        docs += 1;
        turns += doc.turns.len();
        persons.extend(doc.persons.iter().map(|p| p.id.clone()));
        // No person twice under a short and a long id in one document.
        for a in &doc.persons {
            for b in &doc.persons {
                assert!(
                    a.id == b.id || !b.id.ends_with(&format!("-{}", a.id)),
                    "{id}: {} and {} look like one person",
                    a.id,
                    b.id
                );
            }
        }
        let starts: Vec<usize> = doc.turns.iter().map(|t| t.start).collect();
        let ours: BTreeSet<usize> = line_of(&text, &starts).into_iter().collect();
        let expected = gold.get(&id).cloned().unwrap_or_default();
        let raw = raw_gold.get(&id).cloned().unwrap_or_default();
        raw_tp += ours.intersection(&raw).count();
        raw_found += ours.len();
        raw_gold_n += raw.len();
        if ours != expected {
            disagreements.push(format!(
                "{id}: extra {:?} missing {:?}",
                ours.difference(&expected).collect::<Vec<_>>(),
                expected.difference(&ours).collect::<Vec<_>>()
            ));
        }
    }
    let precision = raw_tp as f64 / raw_found as f64;
    let recall = raw_tp as f64 / raw_gold_n as f64;
    println!(
        "kremlin-en: {docs} documents, {turns} turns, {} distinct persons; \
         against the raw mechanical gold: precision {precision:.4}, recall {recall:.4}; \
         against the adjudicated gold: {} documents disagree",
        persons.len(),
        disagreements.len()
    );
    assert!(docs >= 300, "expected the 300 transcripts, found {docs}");
    assert!(
        disagreements.is_empty(),
        "turn starts differ:\n{}",
        disagreements.join("\n")
    );
}
