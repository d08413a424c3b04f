//! trends, keyness and collocates on the fixture store, their numbers
//! checked against counts and formulas worked out here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn stenogram(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stenogram"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("binary runs")
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The JSON a command wrote on stderr after `label: `.
fn described(out: &Output, label: &str) -> serde_json::Value {
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find_map(|l| l.strip_prefix(&format!("stenogram: {label}: ")))
        .unwrap_or_else(|| panic!("no {label} in {err}"));
    serde_json::from_str(line).unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../stenogram-store/tests/fixtures")
}

fn loaded() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let f = fixtures();
    let out = stenogram(
        data.path(),
        &[
            "ingest",
            f.join("small").to_str().unwrap(),
            f.join("dataset.jsonl").to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    data
}

#[test]
fn trends_count_what_kwic_finds_and_normalise_by_the_same_words() {
    let data = loaded();
    let out = stenogram(
        data.path(),
        &["trends", "Russia", "Union State", "--format", "json"],
    );
    let rows = json_lines(&out);
    let subcorpus = described(&out, "subcorpus");
    assert_eq!(
        subcorpus["parts"],
        serde_json::json!(["lead", "narration", "speech"])
    );
    // Dated documents: 2010 (102), 2015 (d1), 2016 (d2), 2019 (101), 2020 (103).
    let periods: Vec<&str> = rows
        .iter()
        .filter(|r| r["term"] == "Russia")
        .map(|r| r["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2010", "2015", "2016", "2019", "2020"]);
    for row in &rows {
        let count = row["count"].as_u64().unwrap();
        let words = row["words"].as_u64().unwrap();
        let expected = count as f64 * 1e6 / words as f64;
        assert!((row["per_million"].as_f64().unwrap() - expected).abs() < 1e-9);
        // The same count as a concordance of the same parts and year.
        let year = row["period"].as_str().unwrap();
        let kwic = stenogram(
            data.path(),
            &[
                "kwic",
                row["term"].as_str().unwrap(),
                "--from",
                year,
                "--to",
                year,
                "--part",
                "lead",
                "--part",
                "narration",
                "--part",
                "speech",
                "--count",
                "--format",
                "json",
            ],
        );
        let totals: serde_json::Value = serde_json::from_slice(&kwic.stdout).unwrap();
        assert_eq!(totals["total"].as_u64().unwrap(), count, "{row}");
    }
    // 2016 is d2 alone: "A lead without speakers that mentions Russia twice: Russia." = 9 words.
    let d2 = rows
        .iter()
        .find(|r| r["term"] == "Russia" && r["period"] == "2016")
        .unwrap();
    assert_eq!(
        (d2["count"].as_u64(), d2["words"].as_u64()),
        (Some(2), Some(9))
    );
    let svg = data.path().join("trend.svg");
    let plotted = stenogram(
        data.path(),
        &["trends", "Russia", "--plot", svg.to_str().unwrap()],
    );
    assert!(plotted.status.success());
    let drawing = std::fs::read_to_string(&svg).unwrap();
    assert!(drawing.starts_with("<svg") && drawing.contains("Russia") && drawing.contains("2019"));
}

#[test]
fn keyness_is_the_log_likelihood_of_the_two_counts() {
    let data = loaded();
    let out = stenogram(
        data.path(),
        &[
            "keyness",
            "--target",
            "speaker=lukashenko",
            "--reference",
            "speaker=putin",
            "--min-freq",
            "1",
            "--format",
            "json",
            "--limit",
            "1000",
        ],
    );
    let rows = json_lines(&out);
    let c = described(&out, "target")["words"].as_u64().unwrap() as f64;
    let d = described(&out, "reference")["words"].as_u64().unwrap() as f64;
    assert!(c > 0.0 && d > 0.0);
    for row in &rows {
        let a = row["target"].as_f64().unwrap();
        let b = row["reference"].as_f64().unwrap();
        let e1 = c * (a + b) / (c + d);
        let e2 = d * (a + b) / (c + d);
        let part = |x: f64, e: f64| if x > 0.0 { x * (x / e).ln() } else { 0.0 };
        let g2 = 2.0 * (part(a, e1) + part(b, e2));
        assert!((row["g2"].as_f64().unwrap() - g2).abs() < 1e-9, "{row}");
        let rel_b = if b == 0.0 { 0.5 / d } else { b / d };
        assert!((row["log_ratio"].as_f64().unwrap() - ((a / c) / rel_b).log2()).abs() < 1e-9);
        assert!(
            row["log_ratio"].as_f64().unwrap() > 0.0,
            "only words overused by the target"
        );
    }
    // Lukashenko says "indeed" (dataset d1); Putin never does.
    let indeed = rows
        .iter()
        .find(|r| r["word"] == "indeed")
        .expect("a keyword of the target");
    assert_eq!(
        (indeed["target"].as_u64(), indeed["reference"].as_u64()),
        (Some(1), Some(0))
    );
}

#[test]
fn collocates_show_counts_and_their_measures() {
    let data = loaded();
    let out = stenogram(
        data.path(),
        &[
            "collocates",
            "Union State",
            "--window",
            "2",
            "--min-freq",
            "1",
            "--format",
            "json",
            "--limit",
            "1000",
        ],
    );
    let rows = json_lines(&out);
    let node = described(&out, "node");
    let n = node["corpus_words"].as_f64().unwrap();
    let w = node["window_positions"].as_f64().unwrap();
    assert!(node["node_frequency"].as_u64().unwrap() >= 5);
    for row in &rows {
        let o = row["observed"].as_f64().unwrap();
        let f = row["frequency"].as_f64().unwrap();
        let e = w * f / n;
        assert!((row["expected"].as_f64().unwrap() - e).abs() < 1e-9);
        assert!((row["mi"].as_f64().unwrap() - (o / e).log2()).abs() < 1e-9);
        assert!((row["t"].as_f64().unwrap() - (o - e) / o.sqrt()).abs() < 1e-9);
    }
    // "the" stands right before "Union State" in most of its uses.
    let the = rows.iter().find(|r| r["word"] == "the").unwrap();
    assert!(the["observed"].as_u64().unwrap() >= 4, "{the}");
}

#[test]
fn bad_subcorpus_specs_are_usage_errors() {
    let data = loaded();
    for args in [
        &["keyness", "--target", "who=putin"][..],
        &["keyness", "--target", "speaker"],
        &["trends"],
        &["collocates", "..."],
    ] {
        let out = stenogram(data.path(), args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn reuse_finds_a_talking_point_across_documents_not_within_one() {
    let inputs = tempfile::tempdir().unwrap();
    let point =
        "our relations are special, allied and truly fraternal, and we value them above all";
    let docs = [
        ("1", format!("Vladimir Putin: Friends, {point}. Thank you.\n")),
        ("2", format!("Vladimir Putin: As always, {point}.\nAlexander Lukashenko: Agreed.\n")),
        ("3", format!("Alexander Lukashenko: I repeat that {point}!\n")),
        // Said twice in one document: not reuse by itself.
        ("4", "Vladimir Putin: We met in Minsk and talked about the harvest in the spring and the summer. Later we met in Minsk and talked about the harvest in the spring and the summer.\n".to_owned()),
    ];
    for (id, text) in &docs {
        std::fs::write(inputs.path().join(format!("{id}.txt")), text).unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    assert!(
        stenogram(data.path(), &["ingest", inputs.path().to_str().unwrap()])
            .status
            .success()
    );
    let out = stenogram(
        data.path(),
        &["reuse", "--max-share", "1", "--format", "json"],
    );
    let clusters = json_lines(&out);
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    let cluster = &clusters[0];
    assert_eq!(cluster["documents"], 3);
    assert_eq!(
        cluster["text"].as_str().unwrap().to_lowercase(),
        point.to_lowercase()
    );
    let mut speakers: Vec<&str> = cluster["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    speakers.sort();
    assert_eq!(speakers, ["alexander-lukashenko", "vladimir-putin"]);
    // Offsets point at the passage in each document.
    let db = rusqlite::Connection::open(data.path().join("stenogram.sqlite")).unwrap();
    for p in cluster["passages"].as_array().unwrap() {
        let text: String = db
            .query_row(
                "SELECT text FROM documents WHERE id = ?1",
                [p["doc"].as_str().unwrap()],
                |r| r.get(0),
            )
            .unwrap();
        let slice: String = text
            .chars()
            .skip(p["start"].as_u64().unwrap() as usize)
            .take((p["end"].as_u64().unwrap() - p["start"].as_u64().unwrap()) as usize)
            .collect();
        assert_eq!(slice.to_lowercase(), point.to_lowercase());
    }
    assert!(described(&out, "reuse")["clusters"] == 1);
}

#[test]
fn the_analyses_run_end_to_end_on_the_shared_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/kremlin-en");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    assert!(
        stenogram(data.path(), &["ingest", corpus.to_str().unwrap()])
            .status
            .success()
    );
    // Trends agree with KWIC over the same parts for Putin's speech.
    let rows = json_lines(&stenogram(
        data.path(),
        &[
            "trends",
            "partners",
            "--speaker",
            "vladimir-putin",
            "--format",
            "json",
        ],
    ));
    let total: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    let kwic = stenogram(
        data.path(),
        &[
            "kwic",
            "partners",
            "--speaker",
            "vladimir-putin",
            "--count",
            "--format",
            "json",
        ],
    );
    let totals: serde_json::Value = serde_json::from_slice(&kwic.stdout).unwrap();
    assert_eq!(totals["total"].as_u64().unwrap(), total);
    assert!(total > 50);
    let keys = json_lines(&stenogram(
        data.path(),
        &[
            "keyness",
            "--target",
            "speaker=vladimir-putin",
            "--stopwords",
            "--format",
            "json",
            "--limit",
            "20",
        ],
    ));
    assert_eq!(keys.len(), 20);
    assert!(keys
        .windows(2)
        .all(|w| w[0]["g2"].as_f64() >= w[1]["g2"].as_f64()));
    let collocates = json_lines(&stenogram(
        data.path(),
        &[
            "collocates",
            "partners",
            "--format",
            "json",
            "--limit",
            "10",
        ],
    ));
    assert!(
        collocates.iter().any(|c| c["word"] == "our"),
        "{collocates:?}"
    );
    let clusters = json_lines(&stenogram(data.path(), &["reuse", "--format", "json"]));
    assert!(!clusters.is_empty());
    assert!(clusters
        .iter()
        .all(|c| c["documents"].as_u64().unwrap() >= 2));
}

#[test]
fn subcorpora_by_tag_and_saved_by_name() {
    let data = loaded();
    // The fixture page is tagged Topics: Education.
    let page = fixtures().join("mixed/700.html");
    assert!(stenogram(data.path(), &["ingest", page.to_str().unwrap()])
        .status
        .success());
    let saved = stenogram(
        data.path(),
        &["subcorpus", "save", "schools", "tag=education"],
    );
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let list = stenogram(data.path(), &["subcorpus", "list"]);
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "@schools = tag=education\n"
    );
    let out = stenogram(
        data.path(),
        &[
            "keyness",
            "--target",
            "@schools",
            "--min-freq",
            "1",
            "--format",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let target = described(&out, "target");
    assert_eq!(target["documents"], 1);
    assert_eq!(target["filter"]["tags"], serde_json::json!(["education"]));
    let missing = stenogram(data.path(), &["keyness", "--target", "@nothing"]);
    assert_eq!(missing.status.code(), Some(2));
}
