//! The `stenogram` binary from the outside: exit codes, messages naming the
//! input, and the JSON contract.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn stenogram(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stenogram"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut pipe = child.stdin.take().expect("stdin");
    // A process that fails on its arguments may exit before reading stdin.
    if let Err(e) = pipe.write_all(stdin.unwrap_or_default()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    drop(pipe);
    child.wait_with_output().expect("binary finishes")
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stenogram-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample-transcript.txt")
}

#[test]
fn parse_prints_the_document_contract() {
    let out = stenogram(&["parse", sample().to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["id"], "sample-transcript");
    for key in [
        "title",
        "date",
        "place",
        "url",
        "lead",
        "turns",
        "persons",
        "omissions",
        "artefacts",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    let turn = &doc["turns"][0];
    for key in ["person", "name", "role", "label"] {
        assert!(turn["speaker"].get(key).is_some(), "speaker lacks {key}");
    }
    assert!(turn["paragraphs"][0]["start"].is_u64());
    assert!(turn["addressees"].is_array());
}

#[test]
fn parse_reads_standard_input() {
    let text = "Lead.\n* * *\nPresident of Russia Vladimir Putin: Mr Lukashenko, welcome.\n\
                President of Belarus Alexander Lukashenko: Thank you.\n";
    let out = stenogram(&["parse", "-"], Some(text.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["id"], "stdin");
    assert_eq!(doc["turns"][0]["addressees"][0], "alexander-lukashenko");
    assert_eq!(doc["turns"][0]["paragraphs"][0]["start"], 48);
}

#[test]
fn crlf_input_is_normalised() {
    let path = temp_file("crlf.txt", b"Lead.\r\nVladimir Putin: Hello.\r\n");
    let out = stenogram(&["parse", path.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["turns"][0]["paragraphs"][0]["text"], "Hello.");
    assert_eq!(doc["turns"][0]["start"], 6);
}

#[test]
fn invalid_utf8_names_the_file_and_byte() {
    let path = temp_file("latin1.txt", b"Vladimir Putin: caf\xe9 society.\n");
    let out = stenogram(&["parse", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("latin1.txt"), "{err}");
    assert!(err.contains("byte 19"), "{err}");
    assert!(out.stdout.is_empty(), "nothing half-written on stdout");
}

#[test]
fn legacy_encoding_decodes_with_the_option() {
    // "Владимир Путин: Да." in windows-1251.
    let bytes: &[u8] = b"\xc2\xeb\xe0\xe4\xe8\xec\xe8\xf0 \xcf\xf3\xf2\xe8\xed: \xc4\xe0.\n";
    let path = temp_file("cp1251.txt", bytes);
    let out = stenogram(
        &[
            "parse",
            "--encoding",
            "windows-1251",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["turns"][0]["speaker"]["name"], "Владимир Путин");
    let out = stenogram(
        &[
            "parse",
            "--encoding",
            "no-such-encoding",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no-such-encoding"));
}

#[test]
fn empty_input_is_an_error() {
    let path = temp_file("empty.txt", b"");
    let out = stenogram(&["parse", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("empty.txt"));
    assert!(stderr(&out).contains("empty"));
    let blank = temp_file("blank.txt", b" \n\n\t\n");
    let out = stenogram(&["parse", blank.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn missing_file_is_named() {
    let out = stenogram(&["parse", "/no/such/transcript.txt"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/no/such/transcript.txt"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn text_without_labels_is_lead_only_with_a_warning() {
    let path = temp_file(
        "news.txt",
        b"The President visited a plant.\nHe met the workers.\n",
    );
    let out = stenogram(&["parse", path.to_str().unwrap()], None);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("no speaker labels"),
        "{}",
        stderr(&out)
    );
    let doc = json(&out);
    assert_eq!(doc["lead"].as_array().unwrap().len(), 2);
    assert!(doc["turns"].as_array().unwrap().is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let out = stenogram(&["parse", "--no-such-flag"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = stenogram(&["frobnicate"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_corpus_file_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/kremlin-en");
    if !dir.is_dir() {
        println!("skipped: ../shared is absent, no kremlin-en corpus");
        return;
    }
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let out = stenogram(&["parse", path.to_str().unwrap()], None);
            assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
            json(&out);
            n += 1;
        }
    }
    println!("parsed {n} corpus files with exit 0");
    assert!(n >= 300);
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON value per line"))
        .collect()
}

#[test]
fn extract_prints_one_mention_per_line() {
    let text = "Trade is over $51 billion, about 5.7 percent up since last year.";
    let out = stenogram(
        &["extract", "--ref-date", "2020-09-29"],
        Some(text.as_bytes()),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mentions = json_lines(&out);
    assert_eq!(mentions.len(), 3);
    let money = &mentions[0];
    assert_eq!(money["kind"], "money");
    assert_eq!(money["text"], "$51 billion");
    assert_eq!(money["value"], 51_000_000_000u64);
    assert_eq!(money["unit"], "USD");
    assert_eq!(money["qualifier"], "over");
    assert_eq!(money["qualifier_start"], 9);
    assert_eq!(money["qualifier_end"], 13);
    assert_eq!(money["bound"], "lower");
    assert_eq!(money["start"], 14);
    assert_eq!(mentions[2]["value"], "2019");
}

#[test]
fn extract_batch_keeps_order_and_reads_ref_dates() {
    let input = concat!(
        r#"{"id": "a", "text": "last year", "ref_date": "2019-03-01"}"#,
        "\n",
        r#"{"id": 7, "text": "no figures here"}"#,
        "\n",
        r#"{"id": "c", "text": "last year", "ref_date": "2021-06-30T10:00:00+03:00"}"#,
        "\n"
    );
    let out = stenogram(&["extract", "--batch"], Some(input.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["id"], "a");
    assert_eq!(rows[0]["mentions"][0]["value"], "2018");
    assert_eq!(rows[1]["id"], 7);
    assert_eq!(rows[1]["mentions"].as_array().unwrap().len(), 0);
    assert_eq!(rows[2]["mentions"][0]["value"], "2020");
}

#[test]
fn extract_batch_names_bad_lines_and_goes_on() {
    let input = concat!(
        "not json\n",
        r#"{"id": "x", "text": "\ud800 lone surrogate"}"#,
        "\n",
        r#"{"id": "y", "text": 5}"#,
        "\n",
        r#"{"id": "z", "text": "five people", "ref_date": "yesterday"}"#,
        "\n",
        r#"{"id": "ok", "text": "five people"}"#,
        "\n"
    );
    let out = stenogram(&["extract", "--batch"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for line in ["line 1", "line 2", "line 3", "line 4"] {
        assert!(err.contains(line), "{err}");
    }
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 5, "one output line per input line");
    assert_eq!(rows[4]["mentions"][0]["kind"], "quantity");
    assert!(rows[0]["error"].is_string());
}

#[test]
fn extract_rejects_bad_input() {
    let out = stenogram(&["extract"], Some(b"caf\xe9 5 people"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("byte 3"), "{}", stderr(&out));
    let out = stenogram(&["extract", "--ref-date", "29.09.2020"], Some(b"today"));
    assert_eq!(out.status.code(), Some(2), "a bad option is a usage error");
    let out = stenogram(&["extract"], Some(b""));
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}
