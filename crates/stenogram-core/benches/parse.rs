//! Parsing throughput over the whole `../shared/corpus/kremlin-en` folder,
//! read into memory first (so only the grammar is measured). Run with
//! `cargo bench -p stenogram-core --bench parse` (release); divan reports
//! the time per pass and the bytes per second.

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

/// (id, text) of every transcript of the development corpus.
fn corpus() -> &'static [(String, String)] {
    static CORPUS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/kremlin-en");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut docs: Vec<(String, String)> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .map(|p| {
                let id = p.file_stem().unwrap().to_string_lossy().into_owned();
                (id, std::fs::read_to_string(&p).expect("utf-8"))
            })
            .collect();
        docs.sort();
        docs
    })
}

#[divan::bench(sample_count = 30)]
fn parse_kremlin_en(bencher: Bencher) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut turns = 0;
        for (id, text) in docs {
            let parsed = stenogram_core::parse_text(id, text).expect("parses");
            turns += parsed.document.turns.len();
        }
        divan::black_box(turns)
    });
}

#[divan::bench(sample_count = 30)]
fn parse_seed_sized_document(bencher: Bencher) {
    let (id, text) = &corpus()[0];
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| stenogram_core::parse_text(id, text).expect("parses"));
}
