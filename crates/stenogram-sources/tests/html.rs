//! kremlin.ru pages: every fixture page of the shared corpus reads, with
//! its metadata, and renders to exactly the text of the text-layout file
//! made from the same page.

use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.join("kremlin-html").is_dir().then_some(dir)
}

fn pages(corpus: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(corpus.join("kremlin-html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn pages_render_to_the_text_files_made_from_them() {
    let Some(corpus) = shared() else {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    };
    let mut compared = 0;
    let mut differ = Vec::new();
    for path in pages(&corpus) {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let txt = corpus.join("kremlin-en").join(format!("{stem}.txt"));
        let bytes = std::fs::read(&path).unwrap();
        let raw = stenogram_sources::raw_from_page(&bytes, &path).unwrap();
        assert_eq!(raw.id, stem);
        let Ok(expected) = std::fs::read_to_string(&txt) else {
            continue;
        };
        compared += 1;
        if raw.text != expected {
            let line = raw
                .text
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(raw.text.lines().count().min(expected.lines().count()));
            differ.push(format!(
                "{stem}: first difference at line {line}:\n  ours: {:?}\n  file: {:?}",
                raw.text.lines().nth(line),
                expected.lines().nth(line)
            ));
        }
    }
    assert!(compared >= 20, "only {compared} pages have a text file");
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// What a page parses to, without its text (the corpus is third-party
/// data and stays out of the repository): metadata shapes, structure
/// counts, persons with their turn counts, warnings.
fn outline(raw: &stenogram_sources::Raw, doc: &stenogram_core::Document) -> serde_json::Value {
    let mut persons = std::collections::BTreeMap::new();
    for turn in &doc.turns {
        let key = turn.speaker.person.as_deref().map_or_else(
            || format!("(generic) {}", turn.speaker.label),
            str::to_owned,
        );
        *persons.entry(key).or_insert(0) += 1;
    }
    let tags: std::collections::BTreeMap<&String, usize> =
        doc.page.tags.iter().map(|(k, v)| (k, v.len())).collect();
    serde_json::json!({
        "id": doc.id,
        "date": doc.date,
        "time": doc.page.time,
        "has_title": doc.title.is_some(),
        "has_place": doc.place.is_some(),
        "url": doc.url,
        "canonical_url": doc.page.canonical_url,
        "sections": doc.page.sections,
        "tags": tags,
        "summary_chars": doc.page.summary.as_ref().map(|s| s.chars().count()),
        "has_licence": doc.page.licence.is_some(),
        "see_also_links": raw.meta.extra.get("see_also").and_then(|s| s.as_array()).map(Vec::len),
        "text_chars": raw.text.chars().count(),
        "lead": doc.lead.len(),
        "narration": doc.narration.len(),
        "turns": doc.turns.len(),
        "omissions": doc.omissions.len(),
        "artefacts": doc.artefacts.iter().map(|a| format!("{:?}", a.kind)).collect::<Vec<_>>(),
        "persons": persons,
        "warnings": raw.warnings,
    })
}

#[test]
fn every_fixture_page_reads_with_its_metadata_and_turns() {
    let Some(corpus) = shared() else {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    };
    let pages = pages(&corpus);
    assert_eq!(pages.len(), 30);
    for path in pages {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let raw = stenogram_sources::raw_from_page(&std::fs::read(&path).unwrap(), &path).unwrap();
        let doc = stenogram_sources::parse_raw(&raw).unwrap();
        if !raw.text.trim().is_empty() {
            stenogram_core::check_coverage(&raw.text, &doc)
                .unwrap_or_else(|e| panic!("{stem}: {e}"));
        }
        insta::assert_json_snapshot!(format!("page-{stem}"), outline(&raw, &doc));
        // Pages that also exist in the text layout give the same turns.
        if let Ok(text) =
            std::fs::read_to_string(corpus.join("kremlin-en").join(format!("{stem}.txt")))
        {
            let from_text = stenogram_core::parse_text(&stem, &text).unwrap().document;
            assert_eq!(doc.turns, from_text.turns, "{stem}");
        }
    }
}

#[test]
fn an_invalid_byte_is_replaced_and_reported_where() {
    let Some(corpus) = shared() else {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    };
    let path = corpus.join("kremlin-html/63123.html");
    let raw = stenogram_sources::raw_from_page(&std::fs::read(&path).unwrap(), &path).unwrap();
    assert_eq!(raw.warnings.len(), 1);
    assert!(
        raw.warnings[0].contains("byte 41549"),
        "{}",
        raw.warnings[0]
    );
    assert!(raw.text.contains("de\u{fffd}lared"));
}
