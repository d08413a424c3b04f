//! `stenogram serve` from the outside: a real server process on a free
//! loopback port, asked over HTTP. The API answers with the same rows as
//! the CLI's `--format json`; bad parameters are 400 and unknown ids 404,
//! as JSON; downloads are complete; the corpus version is the ETag; a new
//! ingest is seen without a restart; corpus text never reaches a page as
//! markup; every answer conforms to the OpenAPI document; SIGTERM stops it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_stenogram")
}

fn stenogram(data: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--data")
        .arg(data)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("binary runs")
}

fn json_lines(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A store of the repository's own fixtures: the store tests' small set,
/// the demo transcripts (claims and conflicts) and the hostile transcript.
fn store() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let small = repo().join("crates/stenogram-store/tests/fixtures/small");
    let demo = repo().join("examples/demo");
    let hostile = repo().join("crates/stenogram/tests/fixtures/hostile");
    let tagged = data.path().join("tagged.jsonl");
    std::fs::write(
        &tagged,
        r#"{"id": "t1", "date": "2020-05-01", "title": "Tagged", "text": "President of Russia Vladimir Putin: Energy trade with Belarus grew.", "tags": ["Energy", "Belarus"]}"#,
    )
    .unwrap();
    let out = stenogram(
        data.path(),
        &[
            "ingest",
            small.to_str().unwrap(),
            demo.to_str().unwrap(),
            hostile.to_str().unwrap(),
            tagged.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    data
}

/// A running server; killed (SIGKILL) when dropped unless stopped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(bin())
            .arg("--data")
            .arg(data)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let start = line
            .find("http://")
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        let url = line[start..].split_whitespace().next().unwrap();
        Server {
            child,
            base: url.trim_end_matches('/').to_owned(),
        }
    }

    fn get(&self, path: &str) -> Reply {
        self.get_with(path, &[])
    }

    fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut request = agent.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let mut response = request.call().unwrap_or_else(|e| panic!("{path}: {e}"));
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header("etag");
        let content_type = header("content-type").unwrap_or_default();
        let query = header("x-stenogram-query");
        let body = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap();
        Reply {
            status,
            etag,
            content_type,
            query,
            body,
        }
    }

    fn json(&self, path: &str) -> Value {
        let reply = self.get(path);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        assert!(reply.content_type.starts_with("application/json"), "{path}");
        serde_json::from_str(&reply.body).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    etag: Option<String>,
    content_type: String,
    query: Option<String>,
    body: String,
}

fn items(page: &Value) -> Vec<Value> {
    page["items"].as_array().unwrap().clone()
}

#[test]
fn the_api_answers_with_the_cli_rows() {
    let data = store();
    let server = Server::start(data.path(), &[]);
    let cli = |args: &[&str]| json_lines(&stenogram(data.path(), args));

    let page = server.json("/api/v1/search?q=trade&limit=5");
    let rows = cli(&["search", "trade", "--limit", "5", "--format", "json"]);
    assert_eq!(items(&page), rows);
    assert!(page["total"].as_u64().unwrap() > 5, "{page}");
    let next = page["next"].as_str().unwrap();
    assert!(next.starts_with("/api/v1/search?") && next.contains("offset=5"));
    let second = server.json(next);
    let rows = cli(&[
        "search", "trade", "--limit", "5", "--offset", "5", "--format", "json",
    ]);
    assert_eq!(items(&second), rows);
    // Facets count every hit, not only the page.
    let parts: u64 = page["facets"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    assert_eq!(parts, page["total"].as_u64().unwrap());

    let kwic = server.json("/api/v1/kwic?q=Union+State&context=30&limit=1000");
    let rows = cli(&["kwic", "Union State", "--context", "30", "--format", "json"]);
    assert_eq!(items(&kwic), rows);
    assert_eq!(kwic["total"].as_u64().unwrap() as usize, rows.len());
    let sorted = server.json("/api/v1/kwic?q=trade&sort=left&limit=1000&speaker=putin");
    let rows = cli(&[
        "kwic",
        "trade",
        "--sort",
        "left",
        "--speaker",
        "putin",
        "--format",
        "json",
    ]);
    assert_eq!(items(&sorted), rows);

    let claims = server.json("/api/v1/claims?limit=1000");
    assert_eq!(items(&claims), cli(&["claims", "--format", "json"]));
    assert!(claims["total"].as_u64().unwrap() > 10);
    let trade = server.json("/api/v1/claims?indicator=trade&scope=Belarus&limit=1000");
    assert_eq!(
        items(&trade),
        cli(&[
            "claims",
            "--indicator",
            "trade",
            "--scope",
            "Belarus",
            "--format",
            "json"
        ])
    );
    let conflicts = server.json("/api/v1/conflicts?limit=1000");
    let rows = cli(&["claims", "--conflicts", "--format", "json"]);
    assert!(
        !rows.is_empty(),
        "the demo transcripts hold conflicting figures"
    );
    assert_eq!(items(&conflicts), rows);
    let series = server.json("/api/v1/series?indicator=gdp&limit=1000");
    assert_eq!(
        items(&series),
        cli(&[
            "claims",
            "--series",
            "--indicator",
            "gdp",
            "--format",
            "json"
        ])
    );

    let speakers = server.json("/api/v1/speakers?limit=1000");
    assert_eq!(items(&speakers), cli(&["speakers", "--format", "json"]));

    let trends = server.json("/api/v1/trends?q=trade&q=union+state&by=year");
    assert_eq!(
        trends["rows"].as_array().unwrap(),
        &cli(&["trends", "trade", "union state", "--format", "json"])
    );
    let keyness =
        server.json("/api/v1/keyness?target=speaker%3Dvladimir-putin&min_freq=1&limit=20");
    assert_eq!(
        keyness["rows"].as_array().unwrap(),
        &cli(&[
            "keyness",
            "--target",
            "speaker=vladimir-putin",
            "--min-freq",
            "1",
            "--limit",
            "20",
            "--format",
            "json"
        ])
    );
    let collocates = server.json("/api/v1/collocates?q=trade&min_freq=1&sort=mi&limit=20");
    assert_eq!(
        collocates["rows"].as_array().unwrap(),
        &cli(&[
            "collocates",
            "trade",
            "--min-freq",
            "1",
            "--sort",
            "mi",
            "--limit",
            "20",
            "--format",
            "json"
        ])
    );
    let reuse = server.json("/api/v1/reuse?min_words=8&ngram=4&part=speech&part=lead");
    assert_eq!(
        reuse["clusters"].as_array().unwrap(),
        &cli(&[
            "reuse",
            "--min-words",
            "8",
            "--ngram",
            "4",
            "--part",
            "speech",
            "--part",
            "lead",
            "--format",
            "json"
        ])
    );
}

#[test]
fn documents_speakers_and_status_hold_what_the_store_holds() {
    let data = store();
    let server = Server::start(data.path(), &[]);
    let doc = server.json("/api/v1/documents/d3");
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let slice = |s: &Value| -> String {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        text[a..b].iter().collect()
    };
    let turns = doc["turns"].as_array().unwrap();
    assert!(turns.len() >= 4);
    for turn in turns {
        for p in turn["paragraphs"].as_array().unwrap() {
            assert_eq!(slice(p), p["text"].as_str().unwrap());
        }
        let label = &text[turn["label_start"].as_u64().unwrap() as usize
            ..turn["label_end"].as_u64().unwrap() as usize];
        assert_eq!(
            label.iter().collect::<String>(),
            turn["label"].as_str().unwrap()
        );
    }
    assert_eq!(turns[0]["person"], "vladimir-putin");
    assert_eq!(doc["omissions"].as_array().unwrap().len(), 1);
    for mark in doc["omissions"]
        .as_array()
        .unwrap()
        .iter()
        .chain(doc["artefacts"].as_array().unwrap())
    {
        assert_eq!(slice(mark), mark["text"].as_str().unwrap());
    }
    for m in doc["mentions"].as_array().unwrap() {
        assert_eq!(slice(m), m["text"].as_str().unwrap());
    }
    let claims = doc["claims"].as_array().unwrap();
    assert!(claims.iter().any(|c| c["indicator"] == "trade"));
    for c in claims {
        assert_eq!(c["doc"], "d3");
        assert_eq!(slice(c), c["text"].as_str().unwrap());
    }

    // One indicator draws its series; with nothing to draw, the page says so.
    let trade = server.get("/claims?indicator=trade").body;
    assert!(trade.contains("<svg class=\"chart\""));
    let nothing = server.get("/claims?indicator=no-such-indicator").body;
    assert!(nothing.contains("id=\"no-series\"") && !nothing.contains("<svg class=\"chart\""));

    // A search result's page leads to the results before and after it.
    let second = server.get("/search/hit?q=trade&rank=2");
    assert_eq!(second.status, 200);
    assert!(
        second.body.contains("id=\"prev-result\"") && second.body.contains("id=\"next-result\"")
    );
    assert!(
        second.body.contains("class=\"hit"),
        "the query's words are marked"
    );
    let first = &server.json("/api/v1/search?q=trade&limit=2")["items"][1];
    assert!(second
        .body
        .contains(&format!("data-doc=\"{}\"", first["doc"].as_str().unwrap())));

    let putin = server.json("/api/v1/speakers/vladimir-putin");
    assert_eq!(putin["speaker"]["person"], "vladimir-putin");
    assert!(putin["documents_total"].as_u64().unwrap() >= 4);
    assert!(putin["claims_total"].as_u64().unwrap() > 0);
    let status = server.json("/api/v1/status");
    assert_eq!(status["documents"], 9);
    assert_eq!(status["consistent"], true);
    assert!(status["version"]["digest"].as_str().unwrap().len() == 16);
}

#[test]
fn bad_parameters_are_400_and_unknown_ids_404_as_json() {
    let data = store();
    let server = Server::start(data.path(), &[]);
    let long = "x".repeat(600);
    for path in [
        "/api/v1/search".to_owned(),
        "/api/v1/search?q=trade&limit=abc".to_owned(),
        "/api/v1/search?q=trade&limit=100000".to_owned(),
        "/api/v1/search?q=trade&from=May".to_owned(),
        "/api/v1/search?q=trade&speaker=nobody-at-all".to_owned(),
        "/api/v1/search?q=%22unclosed".to_owned(),
        format!("/api/v1/search?q={long}"),
        "/api/v1/kwic?q=trade&context=99999".to_owned(),
        "/api/v1/kwic?q=trade&sort=sideways".to_owned(),
        "/api/v1/kwic?q=...".to_owned(),
        "/api/v1/search?q=%C2%B8".to_owned(),
        "/api/v1/series".to_owned(),
        "/api/v1/trends".to_owned(),
        "/api/v1/keyness?target=colour%3Dred".to_owned(),
        "/api/v1/keyness?target=%40missing".to_owned(),
        "/api/v1/collocates".to_owned(),
        "/api/v1/reuse?max_share=2".to_owned(),
        "/api/v1/kwic.csv?q=trade&part=chorus".to_owned(),
        "/api/v1/claims?from=yesterday".to_owned(),
        // Downloads check their query before they answer 200.
        "/api/v1/search.csv?q=0%27".to_owned(),
        "/api/v1/search.ndjson?q=%22unclosed".to_owned(),
        "/api/v1/kwic.csv?q=%C2%B8".to_owned(),
        "/api/v1/kwic.ndjson?q=...".to_owned(),
        "/api/v1/conflicts.csv?speaker=nobody-at-all".to_owned(),
    ] {
        let reply = server.get(&path);
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        let error: Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(error["error"]["code"], "bad_parameter", "{path}");
        assert!(!error["error"]["message"].as_str().unwrap().is_empty());
    }
    for path in [
        "/api/v1/documents/nope",
        "/api/v1/speakers/nobody",
        "/api/v1/nothing-here",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        let error: Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(error["error"]["code"], "not_found");
    }
    assert_eq!(server.get("/doc/nope").status, 404);
    assert_eq!(server.get("/cite/d3/10-5").status, 400);
    assert_eq!(server.get("/cite/d3/0-99999999").status, 400);
    assert_eq!(server.get("/no/such/page").status, 404);
}

/// Undoes the CSV formula escape (a `'` before `= + - @`).
fn unescape(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(unescape).collect())
        .collect()
}

#[test]
fn downloads_hold_every_row_with_the_query_and_version() {
    let data = store();
    let server = Server::start(data.path(), &[]);
    let csv = server.get("/api/v1/kwic.csv?q=trade&context=40");
    assert_eq!(csv.status, 200);
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.query.as_deref().unwrap().contains("q=trade"));
    let version = csv.etag.clone().unwrap();
    let cli = stenogram(
        data.path(),
        &["kwic", "trade", "--context", "40", "--format", "csv"],
    );
    assert!(cli.status.success());
    let cli_rows = csv_rows(&String::from_utf8_lossy(&cli.stdout));
    let rows = csv_rows(&csv.body);
    assert!(rows.len() > 10);
    assert_eq!(rows, cli_rows);

    let ndjson = server.get("/api/v1/kwic.ndjson?q=trade&context=40");
    let mut lines = ndjson.body.lines();
    let head: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(head["query"]["q"], "trade");
    assert_eq!(
        format!(
            "\"{}-{}\"",
            head["version"]["generation"],
            head["version"]["digest"].as_str().unwrap()
        ),
        version
    );
    let rows: Vec<Value> = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(
        rows,
        json_lines(&stenogram(
            data.path(),
            &["kwic", "trade", "--context", "40", "--format", "json"]
        ))
    );

    for (path, args) in [
        ("/api/v1/claims.csv", vec!["claims", "--format", "csv"]),
        (
            "/api/v1/conflicts.csv",
            vec!["claims", "--conflicts", "--format", "csv"],
        ),
        (
            "/api/v1/search.csv?q=trade",
            vec!["search", "trade", "--limit", "100000", "--format", "csv"],
        ),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        let cli = stenogram(data.path(), &args);
        assert_eq!(
            csv_rows(&reply.body),
            csv_rows(&String::from_utf8_lossy(&cli.stdout)),
            "{path}"
        );
    }
    // Every filter applies to downloads and lists alike, tags too.
    for path in [
        "/api/v1/search?q=trade&tag=no-such-tag",
        "/api/v1/kwic?q=trade&tag=no-such-tag",
        "/api/v1/claims?tag=no-such-tag",
        "/api/v1/conflicts?tag=no-such-tag",
    ] {
        assert_eq!(server.json(path)["total"], 0, "{path}");
    }
    assert_eq!(
        server
            .get("/api/v1/kwic.csv?q=trade&tag=no-such-tag")
            .body
            .lines()
            .count(),
        1
    );
    let tagged = server.json("/api/v1/search?q=trade&tag=energy");
    assert_eq!(tagged["total"], 1);
    assert_eq!(tagged["items"][0]["doc"], "t1");
    assert_eq!(
        server.json("/api/v1/kwic?q=trade&tag=Energy&tag=belarus")["total"],
        1
    );
    assert_eq!(
        server.json("/api/v1/kwic?q=trade&tag=Energy&tag=Kazakhstan")["total"],
        0
    );
    let cli = json_lines(&stenogram(
        data.path(),
        &["kwic", "trade", "--tag", "energy", "--format", "json"],
    ));
    assert_eq!(items(&server.json("/api/v1/kwic?q=trade&tag=energy")), cli);
}

#[test]
fn the_corpus_version_is_the_etag_and_a_new_ingest_is_seen_without_restart() {
    let data = store();
    let server = Server::start(data.path(), &[]);
    let first = server.get("/api/v1/search?q=zebrafish");
    let etag = first.etag.clone().unwrap();
    let again = server.get_with("/api/v1/search?q=zebrafish", &[("if-none-match", &etag)]);
    assert_eq!(again.status, 304);
    let before: Value = serde_json::from_str(&first.body).unwrap();

    // Another process ingests while the server runs.
    let extra = tempfile::tempdir().unwrap();
    std::fs::write(
        extra.path().join("late.txt"),
        "A late note on zebrafish.\n* * *\nPresident of Russia Vladimir Putin: The zebrafish question again.\n",
    )
    .unwrap();
    let out = stenogram(data.path(), &["ingest", extra.path().to_str().unwrap()]);
    assert!(out.status.success());
    let after = server.get_with("/api/v1/search?q=zebrafish", &[("if-none-match", &etag)]);
    assert_eq!(after.status, 200, "a new generation is a new version");
    assert_ne!(after.etag.unwrap(), etag);
    let after: Value = serde_json::from_str(&after.body).unwrap();
    assert_eq!(
        after["total"].as_u64().unwrap(),
        before["total"].as_u64().unwrap() + 2
    );
    assert_eq!(server.json("/api/v1/documents/late")["id"], "late");
}

#[test]
fn corpus_text_never_reaches_a_page_as_markup() {
    let data = store();
    let server = Server::start(data.path(), &[]);
    for path in [
        "/doc/x1",
        "/doc/x1?q=zebrafish",
        "/search?q=zebrafish",
        "/kwic?q=zebrafish",
        "/claims",
        "/speakers/vladimir-putin",
        "/cite/x1/0-120",
        "/",
        "/search?q=%3Cscript%3Ewindow.__xss%3D9%3C%2Fscript%3E",
        "/trends?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        let html = &reply.body;
        assert!(!html.contains("<script>window"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(!html.contains("<svg onload"), "{path}");
        assert!(!html.contains("href=\"javascript:"), "{path}");
        assert!(!html.to_lowercase().contains("onerror=\"window"), "{path}");
        assert_eq!(html.matches("<script").count(), 1, "{path}: only app.js");
    }
    let doc = server.get("/doc/x1").body;
    assert!(
        doc.contains("&#60;script&#62;window.__xss="),
        "the markup is shown as text"
    );
    assert!(
        !doc.contains("id=\"source-url\""),
        "a javascript: URL is no link"
    );
}

/// A small validator for the JSON Schema subset schemars writes for
/// OpenAPI 3.0: `$ref`, `type`, `nullable`, `properties`, `required`,
/// `items`, `enum`, `anyOf`/`oneOf`/`allOf`.
fn conforms(value: &Value, schema: &Value, root: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        return conforms(value, &root["components"]["schemas"][name], root, at);
    }
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return Ok(());
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            if !options.iter().any(|s| conforms(value, s, root, at).is_ok()) {
                return Err(format!("{at}: {value} matches none of {key}"));
            }
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            conforms(value, s, root, at)?;
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            return Err(format!("{at}: {value} not in {options:?}"));
        }
    }
    if let Some(kind) = schema.get("type").and_then(Value::as_str) {
        let ok = match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !ok {
            return Err(format!("{at}: {value} is not {kind}"));
        }
    }
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for key in required {
            if value.get(key.as_str().unwrap()).is_none() {
                return Err(format!("{at}: missing {key}"));
            }
        }
    }
    if let (Some(props), Some(object)) = (
        schema.get("properties").and_then(Value::as_object),
        value.as_object(),
    ) {
        for (key, sub) in props {
            if let Some(v) = object.get(key) {
                conforms(v, sub, root, &format!("{at}.{key}"))?;
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate().take(50) {
            conforms(v, items, root, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn every_answer_conforms_to_the_openapi_document() {
    let data = store();
    let server = Server::start(data.path(), &[]);
    let spec = server.json("/api/v1/openapi.json");
    assert_eq!(spec["openapi"], "3.0.3");
    let paths = spec["paths"].as_object().unwrap();
    for route in [
        "/api/v1/status",
        "/api/v1/search",
        "/api/v1/kwic",
        "/api/v1/documents/{id}",
        "/api/v1/speakers",
        "/api/v1/speakers/{id}",
        "/api/v1/claims",
        "/api/v1/conflicts",
        "/api/v1/series",
        "/api/v1/trends",
        "/api/v1/keyness",
        "/api/v1/collocates",
        "/api/v1/reuse",
        "/api/v1/kwic.csv",
        "/api/v1/kwic.ndjson",
        "/api/v1/search.csv",
        "/api/v1/claims.csv",
        "/api/v1/conflicts.ndjson",
    ] {
        assert!(paths.contains_key(route), "{route} is not documented");
    }
    let examples = [
        ("/api/v1/status", "/api/v1/status"),
        ("/api/v1/search", "/api/v1/search?q=trade"),
        ("/api/v1/kwic", "/api/v1/kwic?q=trade"),
        ("/api/v1/documents/{id}", "/api/v1/documents/d3"),
        ("/api/v1/speakers", "/api/v1/speakers"),
        ("/api/v1/speakers/{id}", "/api/v1/speakers/vladimir-putin"),
        ("/api/v1/claims", "/api/v1/claims"),
        ("/api/v1/conflicts", "/api/v1/conflicts"),
        ("/api/v1/series", "/api/v1/series?indicator=trade"),
        ("/api/v1/trends", "/api/v1/trends?q=trade"),
        (
            "/api/v1/keyness",
            "/api/v1/keyness?target=speaker%3Dputin&min_freq=1",
        ),
        (
            "/api/v1/collocates",
            "/api/v1/collocates?q=trade&min_freq=1",
        ),
        ("/api/v1/reuse", "/api/v1/reuse?ngram=4&min_words=6"),
    ];
    assert_eq!(
        examples.len(),
        paths.keys().filter(|p| !p.contains('.')).count(),
        "every JSON route has an example here"
    );
    for (route, url) in examples {
        let body = server.json(url);
        let schema =
            &paths[route]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        conforms(&body, schema, &spec, route).unwrap_or_else(|e| panic!("{url}: {e}"));
        let error = server.get(&format!(
            "{}{}limit=-1",
            url,
            if url.contains('?') { "&" } else { "?" }
        ));
        if error.status == 400 {
            let body: Value = serde_json::from_str(&error.body).unwrap();
            let schema =
                &paths[route]["get"]["responses"]["400"]["content"]["application/json"]["schema"];
            conforms(&body, schema, &spec, route).unwrap();
        }
    }
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let data = store();
    let mut server = Server::start(data.path(), &[]);
    assert_eq!(server.get("/api/v1/status").status, 200);
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = server.child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn the_demo_builds_a_store_when_there_is_none() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("fresh");
    let server = Server::start(&dir, &["--demo"]);
    let status = server.json("/api/v1/status");
    assert!(status["documents"].as_u64().unwrap() >= 5);
    let home = server.get("/");
    assert!(home.body.contains("id=\"corpus-size\""));
    assert!(home.body.contains("<svg class=\"chart\""));
}
