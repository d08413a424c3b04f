//! Extraction throughput over the whole `../shared/corpus/kremlin-en` text,
//! read into memory first. Run with `cargo bench -p stenogram-core --bench
//! extract` (release). The peer comparison (Recognizers-Text, spaCy) is
//! `dev/peers/speed.sh`.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    if corpus().is_empty() {
        println!("skipped: ../shared/corpus/kremlin-en is absent");
        return;
    }
    divan::main();
}

/// The text of every transcript of the development corpus, one string each.
fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/kremlin-en");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("utf-8"))
            .collect()
    })
}

#[divan::bench(sample_count = 20)]
fn extract_kremlin_en(bencher: Bencher) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let reference = stenogram_core::Day::new(2020, 1, 1);
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut mentions = 0;
        for text in docs {
            mentions += stenogram_core::extract(text, reference).len();
        }
        divan::black_box(mentions)
    });
}

/// Claims on their own: parsing and extraction are done before timing.
#[divan::bench(sample_count = 20)]
fn claims_kremlin_en(bencher: Bencher) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let reference = stenogram_core::Day::new(2020, 1, 1);
    let prepared: Vec<_> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            let doc = stenogram_core::parse_text(&i.to_string(), text)
                .ok()?
                .document;
            Some((doc, text, stenogram_core::extract(text, reference)))
        })
        .collect();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut claims = 0;
        for (doc, text, mentions) in &prepared {
            claims += stenogram_core::claims(doc, text, mentions).len();
        }
        divan::black_box(claims)
    });
}
