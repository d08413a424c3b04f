//! Parses every `.txt` of a folder from memory, `N` times, and prints the
//! best throughput: a whole-process check of the parse benchmark that also
//! serves profilers (`valgrind --tool=callgrind`).
//!
//! `cargo run --release -p stenogram-core --example parse_corpus -- [DIR] [N]`

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "../shared/corpus/kremlin-en".to_string());
    let rounds: usize = args.next().map_or(5, |n| n.parse().expect("N is a number"));
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            docs.push((id, std::fs::read_to_string(&path).expect("utf-8")));
        }
    }
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let mut best = f64::INFINITY;
    let mut turns = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        turns = 0;
        for (id, text) in &docs {
            turns += stenogram_core::parse_text(id, text)
                .expect("parses")
                .document
                .turns
                .len();
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "{} documents, {:.1} MB, {turns} turns: best of {rounds} {:.1} ms, {:.0} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        best * 1e3,
        bytes as f64 / 1e6 / best
    );
}
