//! Counts from the index (postings, positions, the `words` column) against
//! a scan of the text, on the shared corpus: a sample of the kremlin.ru
//! archive ingested in two batches (so the index has several segments),
//! then with some documents replaced (so it has deletes).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use stenogram_store::{Filter, Group, IngestOptions, KwicOptions, KwicSort, Store};

fn archive() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/kremlin-en-all.jsonl.zst");
    path.is_file().then_some(path)
}

/// What a text scan finds: occurrences (total, by year, documents) and
/// the subcorpus's words (total, by year), documents and pieces.
#[derive(Debug, Default)]
struct Scan {
    hits: u64,
    hit_years: BTreeMap<String, u64>,
    hit_docs: BTreeSet<String>,
    words: u64,
    word_years: BTreeMap<String, u64>,
    docs: BTreeSet<String>,
    pieces: u64,
}

fn scan(store: &Store, phrase: &str, filter: &Filter) -> Scan {
    let lower = |s: &str| -> Vec<String> {
        stenogram_core::words(s)
            .map(|r| s[r].to_lowercase())
            .collect()
    };
    let wanted = lower(phrase);
    let mut out = Scan::default();
    store
        .for_each_piece(filter, &mut |piece| {
            let words = lower(&piece.text);
            let n = words
                .windows(wanted.len())
                .filter(|w| *w == wanted.as_slice())
                .count() as u64;
            let year = piece.date.as_deref().and_then(|d| d.get(..4));
            out.pieces += 1;
            out.docs.insert(piece.doc.clone());
            out.words += words.len() as u64;
            if let Some(year) = year {
                *out.word_years.entry(year.to_owned()).or_default() += words.len() as u64;
            }
            if n > 0 {
                out.hits += n;
                out.hit_docs.insert(piece.doc.clone());
                if let Some(year) = year {
                    *out.hit_years.entry(year.to_owned()).or_default() += n;
                }
            }
        })
        .unwrap();
    out
}

#[test]
fn index_counts_match_a_text_scan_on_the_shared_corpus() {
    let Some(archive) = archive() else {
        eprintln!("skipping: ../shared/corpus/kremlin-en-all.jsonl.zst is absent");
        return;
    };
    let bytes = std::fs::read(&archive).unwrap();
    let text = String::from_utf8(zstd::decode_all(&bytes[..]).unwrap()).unwrap();
    // Every fifth record: all the years, a fifth of the size.
    let sample: Vec<&str> = text.lines().step_by(5).collect();
    let input = tempfile::tempdir().unwrap();
    let half = sample.len() / 2;
    let first = input.path().join("first.jsonl");
    let second = input.path().join("second.jsonl");
    std::fs::write(&first, sample[..half].join("\n")).unwrap();
    std::fs::write(&second, sample[half..].join("\n")).unwrap();
    // Thirty documents again, with more text: replaced, so deleted once.
    let changed: Vec<String> = sample[..half]
        .iter()
        .step_by(20)
        .take(30)
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = record["text"].as_str().unwrap_or_default().to_owned();
            record["text"] = format!("{text}\nRussia and the Union State: Russia, Russia.").into();
            record.to_string()
        })
        .collect();
    let third = input.path().join("third.jsonl");
    std::fs::write(&third, changed.join("\n")).unwrap();

    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open_write(data.path()).unwrap();
    for path in [first, second, third] {
        let summary = store
            .ingest(&[path], &IngestOptions::default(), &())
            .unwrap();
        assert!(summary.failed.is_empty(), "{summary:?}");
    }
    let status = store.status().unwrap();
    assert!(status.consistent, "{status:?}");
    eprintln!(
        "{} documents, {} pieces, {} words",
        status.documents, status.paragraphs, status.words
    );

    let parts = |parts: &[&str]| parts.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    let defaults = Filter::default().or_default_parts();
    let filters = [
        defaults.clone(),
        Filter {
            parts: parts(&["lead", "narration", "label", "speech", "artefact"]),
            ..Filter::default()
        },
        Filter {
            speakers: vec!["Putin".into()],
            parts: parts(&["speech"]),
            ..Filter::default()
        },
        Filter {
            roles: vec!["Prime Minister".into()],
            parts: parts(&["speech"]),
            ..Filter::default()
        },
        Filter {
            from: Some("2014".into()),
            to: Some("2016-06".into()),
            ..defaults.clone()
        },
        Filter {
            speakers: vec!["Medvedev".into()],
            from: Some("2009-03-15".into()),
            parts: parts(&["speech"]),
            ..Filter::default()
        },
    ];
    let phrases = [
        "Russia",
        "the",
        "sovereignty",
        "Union State",
        "trade turnover",
        "President of the Russian Federation",
        "per cent",
        "in the",
        "Kalashnikov",
    ];
    for filter in &filters {
        let mut reference = None;
        for phrase in phrases {
            let case = format!("{phrase:?} in {filter:?}");
            let want = scan(&store, phrase, filter);
            let got = store.hit_counts(phrase, filter, Group::Year).unwrap();
            assert_eq!(got.total, want.hits, "{case}");
            assert_eq!(got.documents, want.hit_docs.len() as u64, "{case}");
            assert_eq!(got.groups, want.hit_years, "{case}");
            eprintln!("{case}: {}", got.total);
            reference.get_or_insert(want);
        }
        let want = reference.unwrap();
        let words = store.subcorpus_words(filter, Group::Year).unwrap();
        assert_eq!(words.words, want.words, "{filter:?}");
        assert_eq!(words.groups, want.word_years, "{filter:?}");
        assert_eq!(words.info.documents, want.docs.len() as u64, "{filter:?}");
        assert_eq!(words.info.pieces, want.pieces, "{filter:?}");
    }

    // Without a filter, KWIC's own count (a regular expression over the
    // text of every part) agrees, documents included.
    for phrase in [
        "Russia",
        "Union State",
        "President of the Russian Federation",
    ] {
        let options = KwicOptions {
            term: phrase.into(),
            filter: Filter::default(),
            context: 0,
            sort: KwicSort::Date,
        };
        let listed = store.kwic(&options, &mut |_| true).unwrap();
        let counted = store
            .hit_counts(phrase, &Filter::default(), Group::None)
            .unwrap();
        assert_eq!(
            (counted.total, counted.documents),
            (listed.total, listed.documents),
            "{phrase}"
        );
    }
    // By month: the months of each year add up to the year.
    let months = store.hit_counts("Russia", &defaults, Group::Month).unwrap();
    let years = store.hit_counts("Russia", &defaults, Group::Year).unwrap();
    let mut summed: BTreeMap<String, u64> = BTreeMap::new();
    for (month, n) in &months.groups {
        *summed.entry(month[..4].to_owned()).or_default() += n;
    }
    assert!(summed.iter().all(|(y, n)| years.groups[y] >= *n));
}
