//! The store end to end on fixtures written for these tests: ingest,
//! idempotence and replacement, search, kwic, speakers, bad input.

use std::path::{Path, PathBuf};

use stenogram_store::{Filter, IngestOptions, KwicOptions, KwicSort, SearchOptions, Store};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn ingest(store: &mut Store, paths: &[PathBuf]) -> stenogram_store::IngestSummary {
    store
        .ingest(paths, &IngestOptions::default(), &())
        .expect("the store itself works")
}

/// A store holding the `small` folder and the JSON Lines dataset.
fn loaded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_write(dir.path()).unwrap();
    let summary = ingest(
        &mut store,
        &[fixtures().join("small"), fixtures().join("dataset.jsonl")],
    );
    assert_eq!(summary.added, 6, "{summary:?}");
    assert!(summary.failed.is_empty(), "{summary:?}");
    (dir, store)
}

/// The number of times the words of `phrase` occur in a row in `text`,
/// counted on a plain word list (the reference for KWIC counts).
fn count_phrase(text: &str, phrase: &str) -> usize {
    let lower = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let words = lower(text);
    let wanted = lower(phrase);
    words
        .windows(wanted.len())
        .filter(|w| *w == wanted.as_slice())
        .count()
}

fn kwic_all(store: &Store, term: &str, filter: Filter) -> (Vec<stenogram_store::KwicHit>, u64) {
    let mut hits = Vec::new();
    let totals = store
        .kwic(
            &KwicOptions {
                term: term.into(),
                filter,
                context: 20,
                sort: KwicSort::Date,
            },
            &mut |hit| {
                hits.push(hit.clone());
                true
            },
        )
        .unwrap();
    assert_eq!(totals.total as usize, hits.len());
    (hits, totals.total)
}

fn doc_text(store_dir: &Path, id: &str) -> String {
    let db = rusqlite::Connection::open(Store::sqlite_path(store_dir)).unwrap();
    db.query_row("SELECT text FROM documents WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .unwrap()
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn ingest_is_idempotent_and_replaces_changed_documents() {
    let (dir, mut store) = loaded();
    let again = ingest(
        &mut store,
        &[fixtures().join("small"), fixtures().join("dataset.jsonl")],
    );
    assert_eq!((again.added, again.replaced, again.unchanged), (0, 0, 6));
    let status = store.status().unwrap();
    assert!(status.consistent, "{status:?}");
    assert_eq!(status.documents, 6);
    assert_eq!(
        status.generation, 1,
        "an unchanged re-ingest writes nothing"
    );

    // A changed version of one document replaces the old one.
    let changed = tempfile::tempdir().unwrap();
    std::fs::write(
        changed.path().join("101.txt"),
        "President of Russia Vladimir Putin: Only this sentence remains.\n",
    )
    .unwrap();
    let summary = ingest(&mut store, &[changed.path().join("101.txt")]);
    assert_eq!((summary.added, summary.replaced), (0, 1));
    let status = store.status().unwrap();
    assert!(status.consistent, "{status:?}");
    assert_eq!(status.documents, 6);
    assert_eq!(
        doc_text(dir.path(), "101"),
        "President of Russia Vladimir Putin: Only this sentence remains.\n"
    );
    let (hits, _) = kwic_all(&store, "Union State", Filter::default());
    assert!(
        hits.iter().all(|h| h.doc != "101"),
        "the old version is gone from the index"
    );
    let (hits, _) = kwic_all(&store, "sentence remains", Filter::default());
    assert_eq!(hits.len(), 1);
}

#[test]
fn metadata_comes_from_index_csv_and_dataset_fields() {
    let (dir, _store) = loaded();
    let db = rusqlite::Connection::open(Store::sqlite_path(dir.path())).unwrap();
    let row: (String, String, String, String) = db
        .query_row(
            "SELECT date, title, url, metadata FROM documents WHERE id = '103'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(row.0, "2020-02-07");
    assert_eq!(row.1, "News conference, following talks");
    assert_eq!(row.2, "http://en.kremlin.ru/events/president/news/103");
    assert!(row.3.contains("fixture written"), "{}", row.3);
    let (date, metadata): (String, String) = db
        .query_row(
            "SELECT date, metadata FROM documents WHERE id = 'd2'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(date, "2016-04-02");
    assert_eq!(metadata, r#"{"source":"fixture"}"#);
    let undated: Option<String> = db
        .query_row("SELECT date FROM documents WHERE id = 'd3'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(undated, None);
    let (path, locator): (String, Option<String>) = db
        .query_row(
            "SELECT path, locator FROM sources WHERE doc_id = 'd2'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(path.ends_with("dataset.jsonl"));
    assert_eq!(locator.as_deref(), Some("line 2"));
}

#[test]
fn relative_dates_resolve_against_the_document_date() {
    let (dir, _store) = loaded();
    let db = rusqlite::Connection::open(Store::sqlite_path(dir.path())).unwrap();
    let value = |doc: &str, text: &str| -> String {
        db.query_row(
            "SELECT value FROM mentions WHERE doc_id = ?1 AND kind = 'date' AND text = ?2",
            [doc, text],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(value("101", "Last year"), "2018");
    assert_eq!(value("103", "next year"), "2021");
    assert_eq!(value("102", "this year"), "2010");
    let (kind, number, turn): (String, f64, i64) = db
        .query_row(
            "SELECT kind, value, turn_idx FROM mentions WHERE doc_id = '101' AND text = '5.7 percent'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), number, turn), ("percent", 5.7, 0));
}

#[test]
fn kwic_counts_equal_a_plain_count_of_the_texts() {
    let (dir, store) = loaded();
    let db = rusqlite::Connection::open(Store::sqlite_path(dir.path())).unwrap();
    let mut stmt = db.prepare("SELECT text FROM documents").unwrap();
    let texts: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for phrase in [
        "Russia",
        "union state",
        "Union, State",
        "the",
        "gas prices",
        "Lukashenko",
    ] {
        let expected: usize = texts.iter().map(|t| count_phrase(t, phrase)).sum();
        let (hits, total) = kwic_all(&store, phrase, Filter::default());
        assert_eq!(total as usize, expected, "{phrase}");
        for hit in hits {
            let text = doc_text(dir.path(), &hit.doc);
            assert_eq!(slice(&text, hit.start, hit.end), hit.matched);
            assert_eq!(count_phrase(&hit.matched, phrase), 1);
        }
    }
    // "union, State" in 101 is one of the phrase's forms.
    let (hits, _) = kwic_all(&store, "Union State", Filter::default());
    assert!(hits.iter().any(|h| h.matched == "union, State"));
}

#[test]
fn kwic_filters_and_sorts() {
    let (_dir, store) = loaded();
    let putin = Filter {
        speakers: vec!["Putin".into()],
        ..Filter::default()
    };
    let (hits, _) = kwic_all(&store, "Union State", putin);
    let docs: Vec<&str> = hits.iter().map(|h| h.doc.as_str()).collect();
    // Date order: d1 (2015), 101 (2019, twice), 103 (2020).
    assert_eq!(docs, ["d1", "101", "101", "103"]);
    assert!(hits
        .iter()
        .all(|h| h.speaker.person.as_deref() == Some("vladimir-putin")));
    let since_2019 = Filter {
        from: Some("2019".into()),
        to: Some("2019-12".into()),
        ..Filter::default()
    };
    let (hits, _) = kwic_all(&store, "Russia", since_2019);
    assert!(hits.iter().all(|h| h.date.as_deref() == Some("2019-12-07")));
    // The lead, Putin's label, Lukashenko and Putin.
    assert_eq!(hits.len(), 4);
    let mut right = Vec::new();
    store
        .kwic(
            &KwicOptions {
                term: "Russia".into(),
                filter: Filter::default(),
                context: 12,
                sort: KwicSort::Right,
            },
            &mut |hit| {
                right.push(hit.right.clone());
                true
            },
        )
        .unwrap();
    let keys: Vec<String> = right
        .iter()
        .map(|r| {
            r.trim_start_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted by the right-hand words");
}

#[test]
fn search_ranks_filters_and_marks_the_hit() {
    let (dir, store) = loaded();
    let search = |query: &str, filter: Filter| {
        store
            .search(&SearchOptions {
                query: query.into(),
                filter,
                limit: 10,
                offset: 0,
            })
            .unwrap()
    };
    let (hits, total) = search("\"gas prices\"", Filter::default());
    assert_eq!(total, 2);
    for hit in &hits {
        assert_eq!(hit.doc, "103");
        let text = doc_text(dir.path(), &hit.doc);
        assert_eq!(
            slice(&text, hit.start, hit.end).to_lowercase(),
            "gas prices"
        );
        assert_eq!(
            slice(&text, hit.sentence_start, hit.sentence_end),
            hit.sentence
        );
        assert!(hit.snippet.contains("**"), "{}", hit.snippet);
    }
    let (hits, _) = search(
        "\"gas prices\"",
        Filter {
            speakers: vec!["vladimir-putin".into()],
            ..Filter::default()
        },
    );
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].sentence, "Gas prices will stay the same next year.");
    assert_eq!(
        hits[0].title.as_deref(),
        Some("News conference, following talks")
    );

    let (hits, _) = search("Russia NOT Belarus", Filter::default());
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| !h.sentence.contains("Belarus")));
    let (hits, _) = search(
        "investment OR energy",
        Filter {
            roles: vec!["minister".into()],
            ..Filter::default()
        },
    );
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].speaker.name.as_deref(), Some("Elvira Nabiullina"));
    let (hits, _) = search(
        "Russia",
        Filter {
            to: Some("2010".into()),
            ..Filter::default()
        },
    );
    assert!(hits.iter().all(|h| h.doc == "102"));
    // Medvedev's label, Medvedev and Nabiullina.
    assert_eq!(hits.len(), 3);
    let (page, _) = store
        .search(&SearchOptions {
            query: "Russia".into(),
            filter: Filter::default(),
            limit: 2,
            offset: 1,
        })
        .unwrap();
    let (all, _) = search("Russia", Filter::default());
    assert_eq!(page, all[1..3]);
}

#[test]
fn bad_queries_and_filters_are_usage_errors() {
    let (_dir, store) = loaded();
    let search = |query: &str, filter: Filter| {
        store.search(&SearchOptions {
            query: query.into(),
            filter,
            limit: 10,
            offset: 0,
        })
    };
    assert!(search("\"unclosed", Filter::default())
        .unwrap_err()
        .is_usage());
    assert!(search("", Filter::default()).unwrap_err().is_usage());
    let err = search(
        "Russia",
        Filter {
            speakers: vec!["Nobody Atall".into()],
            ..Filter::default()
        },
    )
    .unwrap_err();
    assert!(
        err.is_usage() && err.to_string().contains("Nobody Atall"),
        "{err}"
    );
    assert!(search(
        "Russia",
        Filter {
            from: Some("last May".into()),
            ..Filter::default()
        }
    )
    .unwrap_err()
    .is_usage());
    assert!(search(
        "Russia",
        Filter {
            parts: vec!["footer".into()],
            ..Filter::default()
        }
    )
    .unwrap_err()
    .is_usage());
}

#[test]
fn speakers_have_roles_over_time() {
    let (_dir, store) = loaded();
    let rows = store.speakers(&[], None).unwrap();
    let putin = rows.iter().find(|r| r.person == "vladimir-putin").unwrap();
    assert_eq!(putin.documents, 3);
    assert_eq!(putin.turns, 5);
    assert_eq!(putin.first.as_deref(), Some("2015-03-01"));
    assert_eq!(putin.last.as_deref(), Some("2020-02-07"));
    assert_eq!(putin.roles.len(), 1);
    assert_eq!(putin.roles[0].role, "President of Russia");
    assert_eq!(rows[0].person, "vladimir-putin", "most turns first");
    let medvedev = store.speakers(&["Medvedev".into()], None).unwrap();
    assert_eq!(medvedev.len(), 1);
    assert_eq!(medvedev[0].roles[0].first.as_deref(), Some("2010-06-15"));
    assert!(
        rows.iter().all(|r| r.name != "Question"),
        "generic speakers are no persons"
    );
    let words: u64 = "Gas prices will stay the same next year. Russia keeps its word."
        .split_whitespace()
        .count() as u64;
    assert!(putin.words > words);
}

#[test]
fn bad_inputs_are_named_and_the_good_ones_land() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = tempfile::tempdir().unwrap();
    let good = inputs.path().join("good.txt");
    std::fs::write(&good, "President of Russia Vladimir Putin: Hello.\n").unwrap();
    let latin1 = inputs.path().join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 talks\n").unwrap();
    let empty = inputs.path().join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let corrupt = inputs.path().join("broken.jsonl.zst");
    let mut bytes = zstd::encode_all(
        std::fs::read(fixtures().join("dataset.jsonl"))
            .unwrap()
            .as_slice(),
        3,
    )
    .unwrap();
    let middle = bytes.len() / 2;
    bytes.truncate(middle);
    std::fs::write(&corrupt, &bytes).unwrap();
    let garbage = inputs.path().join("garbage.jsonl.zst");
    std::fs::write(&garbage, b"this is not zstd at all").unwrap();
    let lines = inputs.path().join("lines.jsonl");
    std::fs::write(
        &lines,
        "{\"id\": \"ok\", \"text\": \"Fine text.\"}\n{\"id\": \"no-text\"}\nnot json\n",
    )
    .unwrap();
    let missing = inputs.path().join("missing.txt");
    #[cfg(unix)]
    let dangling = {
        let link = inputs.path().join("dangling.txt");
        std::os::unix::fs::symlink(inputs.path().join("nowhere"), &link).unwrap();
        link
    };
    let mut store = Store::open_write(dir.path()).unwrap();
    let mut paths = vec![
        good.clone(),
        latin1.clone(),
        empty.clone(),
        corrupt.clone(),
        garbage.clone(),
        lines.clone(),
        missing.clone(),
    ];
    #[cfg(unix)]
    paths.push(dangling.clone());
    let summary = ingest(&mut store, &paths);
    let named = |path: &Path| {
        summary
            .failed
            .iter()
            .find(|f| f.path.starts_with(&path.display().to_string()))
            .unwrap_or_else(|| panic!("{} not named in {:?}", path.display(), summary.failed))
            .error
            .clone()
    };
    assert!(named(&latin1).contains("UTF-8"));
    assert!(summary.failed.iter().all(|f| !f.path.contains("empty.txt")));
    assert_eq!(summary.skipped, [format!("{}: no text", empty.display())]);
    assert!(
        named(&corrupt).contains("corrupt or truncated"),
        "{}",
        named(&corrupt)
    );
    assert!(named(&garbage).contains("corrupt") || named(&garbage).contains("zstd"));
    assert!(named(&missing).contains("no such file"));
    #[cfg(unix)]
    assert!(named(&dangling).contains("no such file"));
    let line_errors: Vec<&str> = summary
        .failed
        .iter()
        .filter(|f| f.path.starts_with(&lines.display().to_string()))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(line_errors.len(), 2);
    assert!(line_errors[0].ends_with("line 2") && line_errors[1].ends_with("line 3"));
    // good.txt, ok, and whatever complete lines came out of the truncated stream.
    assert!(summary.added >= 2, "{summary:?}");
    let status = store.status().unwrap();
    assert!(status.consistent);
    assert_eq!(status.documents, summary.added);
}

#[test]
fn readers_see_the_last_commit_while_a_writer_holds_the_store() {
    let (dir, mut store) = loaded();
    // A second writer is refused, not blocked.
    assert!(matches!(
        Store::open_write(dir.path()),
        Err(stenogram_store::StoreError::Busy(_))
    ));
    let reader = Store::open_read(dir.path()).unwrap();
    let before = reader.status().unwrap().documents;
    let extra = tempfile::tempdir().unwrap();
    std::fs::write(extra.path().join("x.txt"), "A new lead about Russia.\n").unwrap();
    ingest(&mut store, &[extra.path().join("x.txt")]);
    let (_, total) = kwic_all(&reader, "Russia", Filter::default());
    assert!(total > 0);
    assert_eq!(
        Store::open_read(dir.path())
            .unwrap()
            .status()
            .unwrap()
            .documents,
        before + 1
    );
}

#[test]
fn reindex_rebuilds_the_same_index() {
    let (_dir, mut store) = loaded();
    let (before, _) = kwic_all(&store, "Russia", Filter::default());
    assert_eq!(store.reindex().unwrap(), 6);
    let (after, _) = kwic_all(&store, "Russia", Filter::default());
    assert_eq!(before, after);
    assert!(store.status().unwrap().consistent);
}

#[test]
fn claims_are_stored_and_their_conflicts_found() {
    use stenogram_store::{ClaimFilter, ConflictKind};
    let (dir, store) = loaded();
    let trade = ClaimFilter {
        indicators: vec!["trade".into()],
        scope: vec!["Belarus".into()],
        ..ClaimFilter::default()
    };
    let claims = store.claims(&trade).unwrap();
    type Figure<'a> = (&'a str, f64, Option<&'a str>, Option<&'a str>, bool);
    let figures: Vec<Figure> = claims
        .iter()
        .map(|c| {
            (
                c.doc.as_str(),
                c.value,
                c.period.as_deref(),
                c.source.as_deref(),
                c.change,
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            // d1: talks with Belarus's president, so "trade" is theirs.
            ("d1", 30e9, None, None, false),
            ("101", 5.7, Some("2018"), None, true),
            ("101", 51e9, Some("2018"), Some("your statistics"), false),
            ("101", 50e9, Some("2018"), Some("russian estimate"), false),
            ("103", 35e9, Some("2018"), None, false),
        ]
    );
    for c in &claims {
        assert_eq!(c.scope, ["Belarus", "Russia"]);
        assert_eq!(c.speaker.person.as_deref(), Some("vladimir-putin"));
        let text = doc_text(dir.path(), &c.doc);
        assert_eq!(slice(&text, c.start, c.end), c.text);
        assert!(text.contains(&c.sentence));
    }
    let conflicts = store.conflicts(&trade).unwrap();
    let kinds: Vec<(ConflictKind, f64, f64)> = conflicts
        .iter()
        .map(|c| (c.kind, c.claims[0].value, c.claims[1].value))
        .collect();
    // Surest first: 51 vs 50 are two named sources for 2018 in one
    // sentence; 51 vs 35 and 50 vs 35 the same speaker's figure for 2018
    // changing between documents (larger gap first among equals).
    assert_eq!(
        kinds,
        [
            (ConflictKind::Divergence, 51e9, 50e9),
            (ConflictKind::Revision, 51e9, 35e9),
            (ConflictKind::Revision, 50e9, 35e9),
        ]
    );
    assert!(conflicts[0].confidence > conflicts[1].confidence);
    assert!(
        conflicts[1].reason.contains("the same speaker"),
        "{}",
        conflicts[1].reason
    );
    let by_speaker = store
        .claims(&ClaimFilter {
            filter: Filter {
                speakers: vec!["Nabiullina".into()],
                ..Filter::default()
            },
            ..ClaimFilter::default()
        })
        .unwrap();
    assert_eq!(by_speaker.len(), 1);
    assert_eq!(by_speaker[0].indicator, "investment");
    assert_eq!(by_speaker[0].bound, "approx");
}

#[test]
fn a_version_3_store_migrates_without_losing_documents_and_recomputes_claims() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_write(dir.path()).unwrap();
    let summary = ingest(
        &mut store,
        &[fixtures().join("small"), fixtures().join("dataset.jsonl")],
    );
    assert!(summary.failed.is_empty(), "{summary:?}");
    let before = store
        .claims(&stenogram_store::ClaimFilter::default())
        .unwrap();
    assert!(
        !before.is_empty(),
        "the fixtures hold figures with indicators"
    );
    let docs_before = store.status().unwrap().documents;
    drop(store);
    // Make it what version 3 wrote: no new claim columns, the old claims.
    {
        let db = rusqlite::Connection::open(dir.path().join("stenogram.sqlite")).unwrap();
        for column in [
            "canonical",
            "kind",
            "unit_family",
            "partial",
            "converted",
            "converted_unit",
        ] {
            db.execute_batch(&format!("ALTER TABLE claims DROP COLUMN {column}"))
                .unwrap();
        }
        db.execute_batch(
            "DELETE FROM claims; UPDATE meta SET value = '3' WHERE key = 'schema_version';",
        )
        .unwrap();
    }
    // A reader opens it: a writer migrates it first, in one transaction.
    let store = Store::open_read(dir.path()).unwrap();
    let status = store.status().unwrap();
    assert_eq!(status.schema_version, 4);
    assert_eq!(status.documents, docs_before);
    let after = store
        .claims(&stenogram_store::ClaimFilter::default())
        .unwrap();
    assert_eq!(after, before, "claims recomputed from the stored documents");
    assert!(after
        .iter()
        .all(|c| !c.kind.is_empty() && !c.unit_family.is_empty()));
}
