//! The store commands from the outside: ingest, search, kwic, speakers,
//! status; exit codes; bad input; crash safety under `kill -9`; readers
//! during an ingest.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn stenogram(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stenogram"))
        .arg("--data")
        .arg(data)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../stenogram-store/tests/fixtures")
}

fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.join("corpus").is_dir().then_some(dir)
}

fn loaded() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let out = stenogram(
        data.path(),
        &[
            "ingest",
            &fixture("small"),
            &fixture("dataset.jsonl"),
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    data
}

#[test]
fn ingest_prints_the_summary_contract_and_is_idempotent() {
    let data = loaded();
    let again = stenogram(
        data.path(),
        &[
            "ingest",
            &fixture("small"),
            &fixture("dataset.jsonl"),
            "--format",
            "json",
        ],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    let summary: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(summary["added"], 0);
    assert_eq!(summary["replaced"], 0);
    assert_eq!(summary["unchanged"], 6);
    assert_eq!(summary["failed"], serde_json::json!([]));
    let text = stenogram(data.path(), &["ingest", &fixture("small")]);
    assert!(
        stdout(&text).starts_with("added 0, replaced 0, unchanged 3, failed 0"),
        "{}",
        stdout(&text)
    );
    let status = stenogram(data.path(), &["status", "--format", "json"]);
    assert!(status.status.success());
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["documents"], 6);
    assert_eq!(status["consistent"], true);
}

#[test]
fn a_missing_path_is_named_and_the_rest_lands() {
    let data = tempfile::tempdir().unwrap();
    let out = stenogram(
        data.path(),
        &[
            "ingest",
            "/no/such/transcripts",
            &fixture("small"),
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/no/such/transcripts: no such file"),
        "{}",
        stderr(&out)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["added"], 3);
    assert_eq!(summary["failed"][0]["path"], "/no/such/transcripts");
}

#[test]
fn an_unreadable_file_among_good_ones_is_named() {
    let data = tempfile::tempdir().unwrap();
    let inputs = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        (
            "a.txt",
            &b"President of Russia Vladimir Putin: First.\n"[..],
        ),
        ("b.txt", &b"cp1251 \xcf\xf3\xf2\xe8\xed\n"[..]),
        (
            "c.txt",
            &b"President of Russia Vladimir Putin: Third.\n"[..],
        ),
    ] {
        std::fs::write(inputs.path().join(name), bytes).unwrap();
    }
    let corrupt = inputs.path().join("d.jsonl.zst");
    std::fs::write(&corrupt, b"\x28\xb5\x2f\xfd garbage").unwrap();
    let out = stenogram(data.path(), &["ingest", inputs.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("b.txt, line 1, column 8 (byte 7): invalid UTF-8"),
        "{err}"
    );
    assert!(err.contains("d.jsonl.zst"), "{err}");
    assert!(stdout(&out).starts_with("added 2,"), "{}", stdout(&out));
}

#[test]
fn search_prints_json_csv_and_text() {
    let data = loaded();
    let out = stenogram(
        data.path(),
        &[
            "search",
            "\"gas prices\"",
            "--speaker",
            "Putin",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let hits = json_lines(&out);
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    for key in [
        "doc", "date", "title", "url", "speaker", "start", "end", "snippet", "score",
    ] {
        assert!(hit.get(key).is_some(), "{key} missing in {hit}");
    }
    assert_eq!(hit["doc"], "103");
    assert_eq!(hit["speaker"]["person"], "vladimir-putin");
    assert_eq!(
        hit["snippet"],
        "**Gas prices** will stay the same next year."
    );
    let csv = stenogram(data.path(), &["search", "Union State", "--format", "csv"]);
    let text = stdout(&csv);
    assert!(text.starts_with("doc,date,title,url,person,name,start,end,snippet,score\n"));
    assert!(
        text.contains("\"News conference, following talks\""),
        "{text}"
    );
    let plain = stenogram(data.path(), &["search", "Union State", "--from", "2020"]);
    assert!(
        stdout(&plain).contains("Our talks with President Lukashenko covered the **Union State**"),
        "{}",
        stdout(&plain)
    );
}

#[test]
fn kwic_prints_every_hit_and_the_total() {
    let data = loaded();
    let out = stenogram(
        data.path(),
        &["kwic", "Russia", "--format", "json", "--context", "10"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let hits = json_lines(&out);
    assert_eq!(hits.len(), 13);
    assert!(stderr(&out).contains("13 hits in 5 documents"));
    for hit in &hits {
        for key in [
            "doc", "date", "speaker", "start", "end", "left", "match", "right",
        ] {
            assert!(hit.get(key).is_some(), "{key} missing in {hit}");
        }
        assert!(hit["left"].as_str().unwrap().chars().count() <= 10);
    }
    let count = stenogram(
        data.path(),
        &["kwic", "union state", "--count", "--format", "json"],
    );
    let totals: serde_json::Value = serde_json::from_slice(&count.stdout).unwrap();
    assert_eq!(totals["total"], 9);
    let csv = stenogram(
        data.path(),
        &["kwic", "Union State", "--format", "csv", "--sort", "left"],
    );
    let lines: Vec<&str> = std::str::from_utf8(&csv.stdout).unwrap().lines().collect();
    assert_eq!(lines[0], "doc,date,person,name,start,end,left,match,right");
    assert_eq!(lines.len(), 10);
    let text = stenogram(
        data.path(),
        &["kwic", "Union State", "--speaker", "lukashenko"],
    );
    let text = stdout(&text);
    assert!(text.contains("[union, State]"), "{text}");
    assert!(
        text.trim_end().ends_with("— 2 hits in 2 documents"),
        "{text}"
    );
}

#[test]
fn the_data_directory_comes_from_the_environment() {
    let data = loaded();
    let out = Command::new(env!("CARGO_BIN_EXE_stenogram"))
        .args(["speakers", "--format", "json"])
        .env("STENOGRAM_DATA", data.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows[0]["person"], "vladimir-putin");
    assert_eq!(rows[0]["roles"][0]["role"], "President of Russia");
    assert_eq!(rows[0]["roles"][0]["first"], "2015-03-01");
}

#[test]
fn usage_errors_exit_2_and_a_missing_store_exits_1() {
    let data = loaded();
    for args in [
        &["search", "Russia", "--from", "May 2010"][..],
        &["search", "\"unclosed"],
        &["kwic", "Russia", "--speaker", "Nobody Atall"],
        &["kwic", "--- ..."],
        &["kwic"],
    ] {
        let out = stenogram(data.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let empty = tempfile::tempdir().unwrap();
    let out = stenogram(&empty.path().join("none"), &["search", "Russia"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no stenogram store"),
        "{}",
        stderr(&out)
    );
}

/// A dataset of `n` distinct documents made from the fixtures.
fn synthetic_dataset(dir: &Path, n: usize) -> PathBuf {
    let texts: Vec<String> = ["101.txt", "102.txt", "103.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(fixtures().join("small").join(f)).unwrap())
        .collect();
    let mut lines = String::new();
    for i in 0..n {
        let text = format!(
            "{}Vladimir Putin: Document number {i} about Russia.\n",
            texts[i % 3].repeat(4)
        );
        let row = serde_json::json!({
            "id": format!("doc-{i}"),
            "date": format!("{}-0{}-1{}", 2010 + i % 11, 1 + i % 9, i % 10),
            "title": format!("Synthetic {i}"),
            "text": text,
        });
        lines.push_str(&row.to_string());
        lines.push('\n');
    }
    let path = dir.join("synthetic.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

fn status(data: &Path) -> serde_json::Value {
    let out = stenogram(data, &["status", "--format", "json"]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("status: {}", stderr(&out)))
}

#[test]
fn kill_9_at_any_moment_then_the_same_command_leaves_a_whole_store() {
    let inputs = tempfile::tempdir().unwrap();
    let n = 240;
    let dataset = synthetic_dataset(inputs.path(), n);
    let data = tempfile::tempdir().unwrap();
    let args = |data: &Path| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_stenogram"));
        cmd.arg("--data")
            .arg(data)
            .args(["ingest", "--batch-size", "7"])
            .arg(&dataset)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    };
    let mut partial_states = 0;
    for delay_ms in [30, 120, 250, 400, 700, 1000, 1500] {
        let mut child = args(data.path()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        if finished {
            break;
        }
        // What a reader sees after the kill is a committed state (or no
        // store yet, when the kill came before the first commit).
        let out = stenogram(data.path(), &["status", "--format", "json"]);
        // Killed between the SQLite commit and the index commit, the index
        // lags (status exits 1) until the next writer catches it up.
        if !out.stdout.is_empty() {
            let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let documents = status["documents"].as_u64().unwrap();
            // Whole batches of 7, or all 240 (the last batch holds 2), when
            // the kill came after the last SQLite commit, during the final
            // index commit or the persons rebuild.
            assert!(
                documents % 7 == 0 || documents == n as u64,
                "whole batches only: {status}"
            );
            partial_states += u64::from(documents > 0 && documents < n as u64);
        } else {
            assert!(
                stderr(&out).contains("no stenogram store"),
                "{}",
                stderr(&out)
            );
        }
    }
    let out = args(data.path()).stdout(Stdio::piped()).output().unwrap();
    assert!(out.status.success());
    let status = status(data.path());
    assert_eq!(status["documents"], n);
    assert_eq!(status["index_documents"], n);
    assert_eq!(status["consistent"], true, "{status}");
    // Every document once: each has exactly one "Document number i".
    let kwic = stenogram(
        data.path(),
        &["kwic", "document number", "--count", "--format", "json"],
    );
    let totals: serde_json::Value = serde_json::from_slice(&kwic.stdout).unwrap();
    assert_eq!(totals["total"], n);
    assert_eq!(totals["documents"], n);
    eprintln!("killed runs that left a partial store: {partial_states}");
}

#[test]
fn searches_answer_while_an_ingest_runs() {
    let inputs = tempfile::tempdir().unwrap();
    let dataset = synthetic_dataset(inputs.path(), 300);
    let data = loaded();
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_stenogram"))
        .arg("--data")
        .arg(data.path())
        .args(["ingest", "--batch-size", "10"])
        .arg(&dataset)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut answered = 0;
    let mut last = 0;
    while ingest.try_wait().unwrap().is_none() {
        let out = stenogram(
            data.path(),
            &["kwic", "Russia", "--count", "--format", "json"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let total = serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["total"]
            .as_u64()
            .unwrap();
        assert!(total >= last, "committed state never goes back");
        last = total;
        answered += 1;
    }
    assert!(ingest.wait().unwrap().success());
    assert!(answered > 0);
}

#[test]
fn kwic_counts_on_the_shared_corpus_match_an_independent_count() {
    let Some(shared) = shared() else {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    };
    let corpus = shared.join("corpus/kremlin-en");
    let data = tempfile::tempdir().unwrap();
    let out = stenogram(data.path(), &["ingest", corpus.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let texts: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(texts.len(), 300);
    for phrase in [
        "Russia",
        "Union State",
        "trade turnover",
        "per cent",
        "Mr President",
        "sovereignty",
    ] {
        // Independent count: lower-cased alphanumeric runs, consecutive.
        let wanted: Vec<String> = phrase.split(' ').map(str::to_lowercase).collect();
        let expected: usize = texts
            .iter()
            .map(|t| {
                let words: Vec<String> = t
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                words
                    .windows(wanted.len())
                    .filter(|w| *w == wanted.as_slice())
                    .count()
            })
            .sum();
        let out = stenogram(
            data.path(),
            &["kwic", phrase, "--count", "--format", "json"],
        );
        let totals: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(totals["total"], expected, "{phrase}");
        eprintln!("{phrase}: {expected}");
    }
}

#[test]
fn csv_datasets_ingest_with_a_column_map() {
    let data = tempfile::tempdir().unwrap();
    let csv = fixture("dataset.csv");
    let unmapped = stenogram(data.path(), &["ingest", &csv]);
    assert_eq!(unmapped.status.code(), Some(1));
    assert!(
        stderr(&unmapped).contains("no `text` column"),
        "{}",
        stderr(&unmapped)
    );
    assert!(stderr(&unmapped).contains("--map text=COLUMN"));
    let out = stenogram(
        data.path(),
        &[
            "ingest",
            &csv,
            "--map",
            "id=doc_id,date=published,title=headline,text=content",
            "--format",
            "json",
        ],
    );
    // The short record is named; the others land.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["added"], 3);
    let failed = summary["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("dataset.csv, line 5"),
        "{failed:?}"
    );
    let hits = stenogram(
        data.path(),
        &[
            "kwic",
            "Union State",
            "--speaker",
            "putin",
            "--format",
            "json",
        ],
    );
    let hits = json_lines(&hits);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["doc"], "c1");
    assert_eq!(hits[0]["date"], "2018-05-07");
    let bad_map = stenogram(data.path(), &["ingest", &csv, "--map", "body=content"]);
    assert_eq!(bad_map.status.code(), Some(2));
}

#[test]
fn pages_and_tei_ingest_and_bad_files_are_named() {
    let data = tempfile::tempdir().unwrap();
    let out = stenogram(
        data.path(),
        &["ingest", &fixture("mixed"), "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("example.html: not a kremlin.ru event page"),
        "{err}"
    );
    assert!(err.contains("\"Example Domain\""), "{err}");
    assert!(
        err.contains("notes.xml: not a TEI document (root element <notes>)"),
        "{err}"
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["added"], 1);
    assert_eq!(summary["failed"].as_array().unwrap().len(), 2);
    let hits = json_lines(&stenogram(
        data.path(),
        &[
            "search",
            "\"Union State\"",
            "--speaker",
            "vladimir-putin",
            "--format",
            "json",
        ],
    ));
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["doc"], "700");
    assert_eq!(hits[0]["date"], "2021-09-01");
    assert_eq!(hits[0]["title"], "Meeting with students");
    assert_eq!(
        hits[0]["url"],
        "http://en.kremlin.ru/events/president/news/700"
    );
    let db = rusqlite::Connection::open(data.path().join("stenogram.sqlite")).unwrap();
    let (place, metadata): (String, String) = db
        .query_row(
            "SELECT place, metadata FROM documents WHERE id = '700'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(place, "Vladivostok");
    let metadata: serde_json::Value = serde_json::from_str(&metadata).unwrap();
    assert_eq!(
        metadata["summary"],
        "A fixture page written for stenogram's tests."
    );
    assert_eq!(metadata["tags"]["Topics"][0], "Education");
    assert_eq!(metadata["time"], "12:00");
}

#[test]
fn the_parlamint_sample_imports_with_its_speakers() {
    let Some(shared) = shared() else {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let root = shared.join("corpus/parlamint-sample");
    let out = stenogram(
        data.path(),
        &["ingest", root.to_str().unwrap(), "--format", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Three sittings, each once although the root includes them.
    assert_eq!(summary["added"], 3);
    let speakers = json_lines(&stenogram(data.path(), &["speakers", "--format", "json"]));
    assert!(speakers.len() >= 8, "{speakers:?}");
    let names: Vec<&str> = speakers
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"David Michael Davis"), "{names:?}");
    let dates = json_lines(&stenogram(
        data.path(),
        &["kwic", "the", "--format", "json"],
    ));
    let mut days: Vec<&str> = dates.iter().map(|h| h["date"].as_str().unwrap()).collect();
    days.dedup();
    assert_eq!(days, ["2017-09-07", "2020-02-12", "2022-07-21"]);
}

#[test]
fn claims_print_the_contract_series_and_conflicts() {
    let data = loaded();
    let claims = json_lines(&stenogram(
        data.path(),
        &["claims", "--indicator", "trade", "--format", "json"],
    ));
    assert!(claims.len() >= 4);
    for claim in &claims {
        for key in [
            "indicator",
            "scope",
            "period",
            "value",
            "unit",
            "qualifier",
            "bound",
            "change",
            "speaker",
            "doc",
            "date",
            "start",
            "end",
            "sentence",
        ] {
            assert!(claim.get(key).is_some(), "{key} missing in {claim}");
        }
    }
    let conflicts = json_lines(&stenogram(
        data.path(),
        &[
            "claims",
            "--conflicts",
            "--scope",
            "Belarus+Russia",
            "--format",
            "json",
        ],
    ));
    let divergence = conflicts
        .iter()
        .find(|c| c["kind"] == "divergence")
        .expect("the two sources diverge");
    assert_eq!(divergence["claims"][0]["source"], "your statistics");
    assert_eq!(divergence["claims"][1]["source"], "russian estimate");
    assert!(divergence["gap"].as_f64().unwrap() > 0.019);
    let series = stenogram(
        data.path(),
        &[
            "claims",
            "--series",
            "--indicator",
            "trade",
            "--scope",
            "Belarus",
        ],
    );
    let text = stdout(&series);
    assert!(
        text.starts_with("trade Belarus: 5 claimed values"),
        "{text}"
    );
    assert!(
        text.contains("over $51 billion") && text.contains("your statistics"),
        "{text}"
    );
    let usage = stenogram(data.path(), &["claims", "--series"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn claims_rebuild_recomputes_the_same_claims_and_conflicts_filter_by_confidence() {
    let data = loaded();
    let all = |data: &Path| json_lines(&stenogram(data, &["claims", "--format", "json"]));
    let before = all(data.path());
    assert!(before
        .iter()
        .all(|c| c["kind"].is_string() && c["unit_family"].is_string()));
    let rebuilt = stenogram(data.path(), &["claims", "--rebuild", "--format", "json"]);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    let summary: serde_json::Value = serde_json::from_str(stdout(&rebuilt).trim()).unwrap();
    assert_eq!(summary["claims"].as_u64(), Some(before.len() as u64));
    assert_eq!(
        all(data.path()),
        before,
        "a rebuild of unchanged rules changes nothing"
    );
    // The conflict filter: nothing is surer than 1, everything at least 0.
    let none = json_lines(&stenogram(
        data.path(),
        &[
            "claims",
            "--conflicts",
            "--min-confidence",
            "1.01",
            "--format",
            "json",
        ],
    ));
    assert!(none.is_empty());
    let every = json_lines(&stenogram(
        data.path(),
        &[
            "claims",
            "--conflicts",
            "--min-confidence",
            "0",
            "--format",
            "json",
        ],
    ));
    assert!(!every.is_empty());
    assert!(every
        .windows(2)
        .all(|w| w[0]["confidence"].as_f64() >= w[1]["confidence"].as_f64()));
}

#[test]
fn a_rebuild_needs_a_store_and_names_a_damaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none");
    let out = stenogram(&missing, &["claims", "--rebuild"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no stenogram store"),
        "{}",
        stderr(&out)
    );
    assert!(!missing.exists(), "a rebuild never creates a store");
    let damaged = dir.path().join("damaged");
    std::fs::create_dir_all(&damaged).unwrap();
    let file = damaged.join("stenogram.sqlite");
    std::fs::write(&file, "not a database, just text\n").unwrap();
    for args in [&["claims", "--rebuild"][..], &["claims"][..]] {
        let out = stenogram(&damaged, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(&*file.to_string_lossy()) && err.contains("not a stenogram store"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "not a database, just text\n",
        "the file is left as it was"
    );
}

#[test]
fn export_writes_every_table_and_refuses_bad_requests() {
    let data = loaded();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("pq");
    let run = stenogram(
        data.path(),
        &[
            "export",
            "--format",
            "parquet",
            "--out",
            &dir.display().to_string(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let printed = stdout(&run);
    for table in [
        "documents",
        "turns",
        "paragraphs",
        "mentions",
        "claims",
        "persons",
        "roles",
    ] {
        assert!(dir.join(format!("{table}.parquet")).is_file(), "{table}");
        assert!(printed.contains(&format!("{table}.parquet")), "{printed}");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "parquet");

    // A saved subcorpus and a flag narrow the export.
    let saved = stenogram(
        data.path(),
        &["subcorpus", "save", "putin", "speaker=putin"],
    );
    assert!(saved.status.success(), "{}", stderr(&saved));
    let jsonl = out.path().join("jsonl");
    let run = stenogram(
        data.path(),
        &[
            "export",
            "@putin",
            "--format",
            "jsonl",
            "--table",
            "turns",
            "--out",
            &jsonl.display().to_string(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let turns = std::fs::read_to_string(jsonl.join("turns.jsonl")).unwrap();
    assert!(!turns.is_empty());
    assert!(turns
        .lines()
        .all(|l| l.contains("\"person_id\":\"vladimir-putin\"")));
    assert!(!jsonl.join("claims.jsonl").exists());

    // Usage errors exit 2 and name what is wrong; nothing is written.
    let bad = out.path().join("bad");
    let target = bad.display().to_string();
    for (args, needle) in [
        (vec!["export", "--format", "xlsx", "--out", &target], "xlsx"),
        (
            vec![
                "export",
                "--format",
                "csv",
                "--speaker",
                "Nobody Atall",
                "--out",
                &target,
            ],
            "Nobody",
        ),
        (
            vec!["export", "@nothing", "--format", "csv", "--out", &target],
            "nothing",
        ),
        (
            vec![
                "export", "--format", "csv", "--table", "sheets", "--out", &target,
            ],
            "sheets",
        ),
    ] {
        let run = stenogram(data.path(), &args);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", stderr(&run));
        assert!(stderr(&run).contains(needle), "{}", stderr(&run));
    }
    let leftovers = std::fs::read_dir(&bad).map(|d| d.count()).unwrap_or(0);
    assert_eq!(leftovers, 0);
}
