//! Keyness and collocates count from the index (term dictionary, postings,
//! positions); these tests hold them to the text scan they replaced, kept
//! here as the reference: every piece of the subcorpus read from SQLite and
//! tokenised, words counted in hash maps. Same rows, same numbers, on the
//! shared corpus, through a store of several segments with replaced
//! (deleted) documents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use stenogram_analysis::measures::{self, CollocateRow, KeyRow};
use stenogram_analysis::reports::{self, KeynessOptions};
use stenogram_analysis::stats;
use stenogram_store::{Filter, IngestOptions, Store, SubcorpusInfo};

// ---- the reference: the text scan ------------------------------------------

fn words(text: &str) -> Vec<String> {
    stenogram_core::words(text)
        .map(|r| text[r].to_lowercase())
        .collect()
}

fn occurrences<'a>(tokens: &'a [String], phrase: &'a [String]) -> impl Iterator<Item = usize> + 'a {
    (0..tokens.len().saturating_sub(phrase.len() - 1))
        .filter(move |&i| phrase.len() <= tokens.len() && tokens[i..i + phrase.len()] == *phrase)
}

#[derive(Default, Clone)]
struct Frequencies {
    counts: HashMap<String, u64>,
    words: u64,
}

fn frequencies(store: &Store, filter: &Filter) -> (Frequencies, SubcorpusInfo) {
    let mut freq = Frequencies::default();
    let info = store
        .for_each_piece(filter, &mut |piece| {
            for w in words(&piece.text) {
                freq.words += 1;
                *freq.counts.entry(w).or_default() += 1;
            }
        })
        .unwrap();
    (freq, info)
}

fn rest(all: &Frequencies, target: &Frequencies) -> Frequencies {
    let mut counts = all.counts.clone();
    for (word, n) in &target.counts {
        if let Some(c) = counts.get_mut(word) {
            *c = c.saturating_sub(*n);
        }
    }
    counts.retain(|_, n| *n > 0);
    Frequencies {
        counts,
        words: all.words.saturating_sub(target.words),
    }
}

fn keywords(
    target: &Frequencies,
    reference: &Frequencies,
    min_frequency: u64,
    stopwords: bool,
    negative: bool,
) -> Vec<KeyRow> {
    let mut rows: Vec<KeyRow> = Vec::new();
    let mut consider = |word: &String| {
        let a = target.counts.get(word).copied().unwrap_or(0);
        let b = reference.counts.get(word).copied().unwrap_or(0);
        if (if negative { b } else { a }) < min_frequency {
            return;
        }
        if stopwords && measures::STOPWORDS.contains(&word.as_str()) {
            return;
        }
        let k = stats::keyness(a, b, target.words, reference.words);
        if (k.log_ratio > 0.0) == negative {
            return;
        }
        rows.push(KeyRow {
            word: word.clone(),
            target: a,
            reference: b,
            target_per_million: stats::per_million(a, target.words),
            reference_per_million: stats::per_million(b, reference.words),
            g2: k.g2,
            log_ratio: k.log_ratio,
        });
    };
    if negative {
        reference.counts.keys().for_each(&mut consider);
    } else {
        target.counts.keys().for_each(&mut consider);
    }
    rows.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.word.cmp(&y.word)));
    rows
}

/// The keyness report as the text scan made it: (target words, reference
/// words, infos, rows).
fn keyness_by_scan(
    store: &Store,
    options: &KeynessOptions,
) -> (u64, u64, SubcorpusInfo, SubcorpusInfo, Vec<KeyRow>) {
    let (target, target_info) = frequencies(store, &store.subcorpus(&options.target).unwrap());
    let (reference, reference_info) = match &options.reference {
        Some(spec) => {
            let (freq, info) = frequencies(store, &store.subcorpus(spec).unwrap());
            if options.exclude_target {
                (rest(&freq, &target), info)
            } else {
                (freq, info)
            }
        }
        None => {
            let (all, info) = frequencies(store, &Filter::default());
            (rest(&all, &target), info)
        }
    };
    let rows = keywords(
        &target,
        &reference,
        options.min_freq,
        options.stopwords,
        options.negative,
    );
    (
        target.words,
        reference.words,
        target_info,
        reference_info,
        rows,
    )
}

/// Collocates as the text scan found them: (rows, node frequency, window
/// positions, corpus words, info).
fn collocates_by_scan(
    store: &Store,
    term: &str,
    filter: &Filter,
    window: usize,
    min_observed: u64,
) -> (Vec<CollocateRow>, u64, u64, u64, SubcorpusInfo) {
    let phrase = words(term);
    let mut freq = Frequencies::default();
    let mut near: HashMap<String, u64> = HashMap::new();
    let mut node_frequency = 0u64;
    let mut window_positions = 0u64;
    let info = store
        .for_each_piece(filter, &mut |piece| {
            let tokens = words(&piece.text);
            for w in &tokens {
                freq.words += 1;
                *freq.counts.entry(w.clone()).or_default() += 1;
            }
            for at in occurrences(&tokens, &phrase) {
                node_frequency += 1;
                let left = at.saturating_sub(window)..at;
                let right = (at + phrase.len())..(at + phrase.len() + window).min(tokens.len());
                window_positions += (left.len() + right.len()) as u64;
                for i in left.chain(right) {
                    *near.entry(tokens[i].clone()).or_default() += 1;
                }
            }
        })
        .unwrap();
    let mut rows: Vec<CollocateRow> = near
        .into_iter()
        .filter(|(_, o)| *o >= min_observed)
        .map(|(word, observed)| {
            let frequency = freq.counts.get(&word).copied().unwrap_or(observed);
            let a = stats::association(observed, frequency, window_positions, freq.words);
            CollocateRow {
                word,
                observed,
                frequency,
                expected: a.expected,
                mi: a.mi,
                t: a.t,
                g2: a.g2,
            }
        })
        .collect();
    rows.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.word.cmp(&y.word)));
    (rows, node_frequency, window_positions, freq.words, info)
}

// ---- the store -------------------------------------------------------------

/// The shared store (made once for all tests), opened for reading; `None`
/// (with a printed line) when the shared corpus is absent.
fn store() -> Option<Store> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let corpus =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/kremlin-en");
        if !corpus.is_dir() {
            return None;
        }
        Some(loaded(&corpus))
    });
    match dir {
        Some(dir) => Some(Store::open_read(dir).unwrap()),
        None => {
            eprintln!("skipping: ../shared/corpus/kremlin-en is absent");
            None
        }
    }
}

/// The shared corpus in small batches (several index segments), then a few
/// documents replaced (deleted pieces in those segments).
fn loaded(corpus: &Path) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("index-counts-match-text");
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = Store::open_write(&dir).unwrap();
    let options = IngestOptions {
        batch_documents: 60,
        ..IngestOptions::default()
    };
    let summary = store
        .ingest(&[corpus.to_path_buf()], &options, &())
        .unwrap();
    assert!(summary.added > 250, "{summary:?}");
    // Replace three of Putin's documents with longer versions.
    let mut ids: Vec<String> = Vec::new();
    store
        .for_each_piece(
            &Filter {
                speakers: vec!["vladimir-putin".into()],
                ..Filter::default()
            },
            &mut |piece| {
                if ids.last() != Some(&piece.doc) {
                    ids.push(piece.doc.clone());
                }
            },
        )
        .unwrap();
    ids.dedup();
    let mut lines = String::new();
    for id in ids.iter().step_by(37).take(3) {
        let doc = store.document(id).unwrap().unwrap();
        let text = format!(
            "{}President of Russia Vladimir Putin: Our partners, our reliable partners and partners’ partners.\n",
            doc.text
        );
        lines.push_str(
            &serde_json::json!({"id": doc.id, "date": doc.date, "title": doc.title, "text": text})
                .to_string(),
        );
        lines.push('\n');
    }
    let replacements = dir.join("replaced.jsonl");
    std::fs::write(&replacements, lines).unwrap();
    let summary = store
        .ingest(&[replacements], &IngestOptions::default(), &())
        .unwrap();
    assert_eq!(summary.replaced, 3, "{summary:?}");
    drop(store);
    // What the walk must handle: several segments, deleted documents.
    let files: Vec<String> = std::fs::read_dir(dir.join("index"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files.iter().filter(|f| f.ends_with(".idx")).count() > 1,
        "{files:?}"
    );
    assert!(files.iter().any(|f| f.ends_with(".del")), "{files:?}");
    dir
}

fn same_subcorpus(index: &SubcorpusInfo, scan: &SubcorpusInfo) {
    assert_eq!(index.documents, scan.documents, "documents");
    assert_eq!(index.pieces, scan.pieces, "pieces");
    assert_eq!(index.persons, scan.persons);
    assert_eq!(index.roles, scan.roles);
    assert_eq!(index.parts, scan.parts);
    assert_eq!(index.from, scan.from);
    assert_eq!(index.to, scan.to);
}

// ---- the tests -------------------------------------------------------------

#[test]
fn keyness_from_the_index_equals_the_text_scan() {
    let Some(store) = store() else { return };
    let option = |target: &str, reference: Option<&str>, exclude: bool| KeynessOptions {
        target: target.into(),
        reference: reference.map(str::to_owned),
        exclude_target: exclude,
        min_freq: 5,
        stopwords: false,
        negative: false,
        limit: usize::MAX,
    };
    let mut cases = vec![
        option("speaker=vladimir-putin", None, false),
        KeynessOptions {
            stopwords: true,
            ..option("speaker=putin", None, false)
        },
        KeynessOptions {
            negative: true,
            ..option("speaker=vladimir-putin", None, false)
        },
        KeynessOptions {
            min_freq: 1,
            ..option("speaker=vladimir-putin,from=2017", None, false)
        },
        KeynessOptions {
            min_freq: 0,
            negative: true,
            ..option("part=lead", None, false)
        },
        // The speaker page's keywords: speech against everyone else's.
        KeynessOptions {
            stopwords: true,
            ..option(
                "speaker=vladimir-putin,part=speech",
                Some("part=speech"),
                true,
            )
        },
        option("from=2017,to=2018", Some("from=2010,to=2014"), false),
        option("role=president", Some("part=narration,part=lead"), false),
        // A target outside the default parts: "the rest" never goes below zero.
        option("part=artefact", None, false),
    ];
    cases.push(KeynessOptions {
        negative: true,
        ..cases[7].clone()
    });
    for options in &cases {
        let report = reports::keyness(&store, options).unwrap();
        let (target_words, reference_words, target_info, reference_info, rows) =
            keyness_by_scan(&store, options);
        let case = format!("{} / {:?}", options.target, options.reference);
        assert!(
            !rows.is_empty() || options.target == "part=artefact",
            "{case}"
        );
        assert_eq!(report.target.words, target_words, "{case}");
        assert_eq!(report.reference.words, reference_words, "{case}");
        same_subcorpus(&report.target.info, &target_info);
        same_subcorpus(&report.reference.info, &reference_info);
        assert_eq!(report.total, rows.len(), "{case}");
        assert_eq!(report.rows.len(), rows.len(), "{case}");
        for (new, old) in report.rows.iter().zip(&rows) {
            assert_eq!(new, old, "{case}");
        }
    }
}

#[test]
fn collocates_from_the_index_equal_the_text_scan() {
    let Some(store) = store() else { return };
    let putin = Filter {
        speakers: vec!["vladimir-putin".into()],
        ..Filter::default()
    };
    let recent = Filter {
        from: Some("2016".into()),
        to: Some("2020-06".into()),
        ..Filter::default()
    };
    let speech = Filter {
        parts: vec!["speech".into(), "label".into()],
        ..Filter::default()
    };
    let all = Filter::default();
    let cases: Vec<(&str, &Filter, usize, u64)> = vec![
        ("partners", &all, 5, 3),
        ("partners", &putin, 5, 1),
        ("Russia", &recent, 3, 2),
        ("the", &all, 1, 20),
        ("United States", &all, 5, 1),
        ("our partners", &putin, 4, 1),
        ("of the", &speech, 2, 5),
        ("nosuchwordanywhere", &all, 5, 1),
    ];
    for (term, filter, window, min) in cases {
        let case = format!("{term:?} {filter:?} window {window} min {min}");
        let (rows, node, info) = measures::collocates(&store, term, filter, window, min).unwrap();
        let (old_rows, node_frequency, window_positions, corpus_words, old_info) =
            collocates_by_scan(&store, term, filter, window, min);
        assert_eq!(node.node_frequency, node_frequency, "{case}");
        assert_eq!(node.window_positions, window_positions, "{case}");
        assert_eq!(node.corpus_words, corpus_words, "{case}");
        assert!(term.starts_with("nosuch") || node_frequency > 0, "{case}");
        same_subcorpus(&info, &old_info);
        assert_eq!(rows.len(), old_rows.len(), "{case}");
        for (new, old) in rows.iter().zip(&old_rows) {
            assert_eq!(new, old, "{case}");
        }
    }
}
