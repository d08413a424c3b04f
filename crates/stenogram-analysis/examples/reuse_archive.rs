//! Recurring passages in the whole kremlin.ru archive: reads the zstd JSON
//! Lines corpus (`id`, `date`, `text`), parses each document into lead,
//! speech and narration paragraphs, runs [`find_reuse`] over all of them and
//! prints the timing, the number of clusters and the top 15.
//!
//! `cargo run --release -p stenogram-analysis --example reuse_archive -- ../shared/corpus/kremlin-en-all.jsonl.zst [KEY=VALUE…]`
//!
//! Options: `top=15` clusters shown; `speech=1` searches speaker turns
//! only (no leads or narration); `dump=K` prints every passage of cluster
//! `K`; and the [`ReuseOptions`]: `ngram=8 min_words=10 min_documents=2
//! share=0.05 cohesion=0.5`. Every passage's offsets are checked against
//! its document's text.

use std::io::{BufRead, BufReader};
use std::time::Instant;

use stenogram_analysis::reuse::{find_reuse, Piece, ReuseOptions};

struct Doc {
    id: String,
    date: Option<String>,
    text: String,
    document: stenogram_core::Document,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "../shared/corpus/kremlin-en-all.jsonl.zst".to_string());
    let mut top = 15;
    let mut dump = None;
    let mut speech_only = false;
    let mut options = ReuseOptions::default();
    for arg in args {
        let (key, value) = arg.split_once('=').expect("options are KEY=VALUE");
        let number = || -> f64 { value.parse().expect("a number") };
        match key {
            "top" => top = number() as usize,
            "dump" => dump = Some(number() as usize),
            "speech" => speech_only = number() != 0.0,
            "ngram" => options.ngram = number() as usize,
            "min_words" => options.min_words = number() as usize,
            "min_documents" => options.min_documents = number() as usize,
            "share" => options.max_document_share = number(),
            "cohesion" => options.cohesion = number(),
            _ => panic!("unknown option {key}"),
        }
    }

    let started = Instant::now();
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let reader = BufReader::new(zstd::Decoder::new(file).expect("zstd stream"));
    let mut docs = Vec::new();
    let mut bytes = 0;
    for (n, line) in reader.lines().enumerate() {
        let line = line.unwrap_or_else(|e| panic!("{path}: line {}: {e}", n + 1));
        let record: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("{path}: line {}: {e}", n + 1));
        let id = match &record["id"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let date = record["date"]
            .as_str()
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        let text = stenogram_core::normalise_newlines(record["text"].as_str().unwrap_or(""));
        bytes += text.len();
        // Empty pages (summary and photos only) have nothing to repeat.
        if let Ok(parsed) = stenogram_core::parse_text(&id, &text) {
            docs.push(Doc {
                id,
                date,
                text,
                document: parsed.document,
            });
        }
    }
    let loaded = started.elapsed();

    let mut pieces = Vec::new();
    for (index, doc) in docs.iter().enumerate() {
        let date = doc.date.as_deref();
        let piece = |p, speaker| piece(index as u32, p, speaker, date);
        let d = &doc.document;
        if !speech_only {
            pieces.extend(d.lead.iter().map(|p| piece(p, None)));
            pieces.extend(d.narration.iter().map(|p| piece(p, None)));
        }
        pieces.extend(
            d.speech_paragraphs()
                .map(|(turn, p)| piece(p, turn.speaker.person.as_deref())),
        );
    }
    let words: usize = pieces
        .iter()
        .map(|p| stenogram_core::count_words(p.text))
        .sum();

    let detecting = Instant::now();
    let clusters = find_reuse(&pieces, &options);
    let detected = detecting.elapsed();

    let passages: usize = clusters.iter().map(|c| c.passages.len()).sum();
    println!(
        "{} documents, {:.1} MB, {} pieces, {words} words: read and parsed in {:.2} s",
        docs.len(),
        bytes as f64 / 1e6,
        pieces.len(),
        loaded.as_secs_f64()
    );
    println!(
        "find_reuse {options:?}: {:.3} s, {} clusters, {passages} passages",
        detected.as_secs_f64(),
        clusters.len()
    );
    if let Some(k) = dump {
        // Every passage of one cluster: document, date, words, text.
        for p in &clusters[k].passages {
            let text = &pieces[p.piece].text[p.byte_start..p.byte_end];
            let date = p.date.as_deref().unwrap_or("-");
            println!("{} {date} {} {text}", docs[p.doc as usize].id, p.words);
        }
    }

    // Every passage's code point offsets give its text in the document.
    for passage in clusters.iter().flat_map(|c| &c.passages) {
        let text = &docs[passage.doc as usize].text;
        let at = |chars: usize| {
            text.char_indices()
                .nth(chars)
                .map_or(text.len(), |(b, _)| b)
        };
        let piece = pieces[passage.piece].text;
        assert_eq!(
            &text[at(passage.start)..at(passage.end)],
            &piece[passage.byte_start..passage.byte_end],
            "offsets of a passage in document {}",
            docs[passage.doc as usize].id
        );
    }
    println!("offsets of all {passages} passages checked against the document texts");

    println!();
    println!("passages  docs  first       last        speakers (e.g. document, code points)");
    for cluster in clusters.iter().take(top) {
        let example = &cluster.passages[cluster.representative];
        println!(
            "{:>8}  {:>4}  {:<10}  {:<10}  {} (e.g. doc {}, {}..{})",
            cluster.passages.len(),
            cluster.documents,
            cluster.first.as_deref().unwrap_or("-"),
            cluster.last.as_deref().unwrap_or("-"),
            speakers(&cluster.speakers),
            docs[example.doc as usize].id,
            example.start,
            example.end,
        );
        println!("          {}", truncate(&cluster.text, 120));
    }
}

fn piece<'a>(
    doc: u32,
    paragraph: &'a stenogram_core::Paragraph,
    speaker: Option<&'a str>,
    date: Option<&'a str>,
) -> Piece<'a> {
    Piece {
        doc,
        start: paragraph.start,
        text: &paragraph.text,
        speaker,
        date,
    }
}

/// The first three speakers and how many more.
fn speakers(ids: &[String]) -> String {
    match ids.len() {
        0 => "-".to_string(),
        1..=3 => ids.join(", "),
        n => format!("{} +{} more", ids[..3].join(", "), n - 3),
    }
}

/// At most `max` characters, with an ellipsis when cut.
fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
