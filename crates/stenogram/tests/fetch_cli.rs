//! `stenogram fetch kremlin` end to end against a local server on
//! 127.0.0.1 (spawned here): pages land in the store with every version
//! kept, a second run downloads nothing, a changed page replaces its
//! document, a 429 stops the run and says so. The fetcher's politeness
//! (delays, robots.txt, retries, headers) is tested in stenogram-fetch.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

type Routes = Arc<Mutex<HashMap<String, (u16, String)>>>;

/// Serves `routes` (path → status, body) until the test ends; records paths.
fn serve(routes: Routes, log: Arc<Mutex<Vec<String>>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).map_or(true, |n| n == 0)
                    || header.trim().is_empty()
                {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
            log.lock().unwrap().push(path.clone());
            let (status, body) = routes
                .lock()
                .unwrap()
                .get(&path)
                .cloned()
                .unwrap_or((404, "not found".into()));
            let reason = match status {
                200 => "OK",
                429 => "Too Many Requests",
                _ => "Not Found",
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

fn page(id: &str, date: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><title>Event {id}</title></head><body>
<article class="read__in hentry h-entry" id="event-{id}"><h1 class="entry-title p-name">Event {id}</h1>
<time class="read__published" datetime="{date}">{date}</time>
<div class="entry-content e-content read__internal_content">{body}</div></article></body></html>"#
    )
}

fn feed(base: &str, ids: &[(&str, &str)]) -> String {
    let entries: String = ids
        .iter()
        .map(|(id, date)| {
            format!(
                r#"<entry><title>Event {id}</title><link href="{base}/events/president/news/{id}"/><id>{id}</id><updated>{date}T12:00:00+03:00</updated></entry>"#
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Events</title>{entries}</feed>"#
    )
}

fn fetch(data: &Path, base: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stenogram"))
        .arg("--data")
        .arg(data)
        .args([
            "fetch",
            "kremlin",
            "--base-url",
            base,
            "--delay",
            "0.01",
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap()
}

fn report(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "stdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn fetched_pages_are_stored_versioned_and_ingested() {
    let routes: Routes = Arc::default();
    let log = Arc::default();
    let base = serve(routes.clone(), Arc::clone(&log));
    {
        let mut r = routes.lock().unwrap();
        r.insert(
            "/robots.txt".into(),
            (200, "User-agent: *\nDisallow: /search\n".into()),
        );
        r.insert(
            "/events/all/feed".into(),
            (
                200,
                feed(&base, &[("501", "2020-02-07"), ("502", "2020-02-08")]),
            ),
        );
        r.insert(
            "/events/president/news/501".into(),
            (
                200,
                page(
                    "501",
                    "2020-02-07",
                    "<p><b>Vladimir Putin:</b> The Union State is our project.</p>",
                ),
            ),
        );
        r.insert(
            "/events/president/news/502".into(),
            (
                200,
                page(
                    "502",
                    "2020-02-08",
                    "<p><b>Dmitry Peskov</b>: No comment on Russia today.</p>",
                ),
            ),
        );
    }
    let data = tempfile::tempdir().unwrap();
    let first = fetch(data.path(), &base, &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let summary = report(&first);
    assert_eq!(summary["fetch"]["new"], 2);
    assert_eq!(summary["ingest"]["added"], 2);
    let status = Command::new(env!("CARGO_BIN_EXE_stenogram"))
        .arg("--data")
        .arg(data.path())
        .args([
            "kwic",
            "Union State",
            "--speaker",
            "putin",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let hit: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(hit["doc"], "501");
    assert_eq!(hit["date"], "2020-02-07");

    // A second run downloads no page again.
    log.lock().unwrap().clear();
    let second = report(&fetch(data.path(), &base, &[]));
    assert_eq!(second["fetch"]["skipped_known"], 2);
    assert!(!log.lock().unwrap().iter().any(|p| p.contains("/news/")));

    // A changed page, re-requested: a new version, the document replaced.
    routes.lock().unwrap().insert(
        "/events/president/news/501".into(),
        (
            200,
            page(
                "501",
                "2020-02-07",
                "<p><b>Vladimir Putin:</b> The Union State is our common project.</p>",
            ),
        ),
    );
    let third = report(&fetch(data.path(), &base, &["--refresh"]));
    assert_eq!(third["fetch"]["changed"], 1);
    assert_eq!(third["ingest"]["replaced"], 1);
    let db = rusqlite::Connection::open(data.path().join("stenogram.sqlite")).unwrap();
    let versions: Vec<(i64, String)> = db
        .prepare("SELECT version, sha256 FROM pages WHERE url LIKE '%/501' ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions.len(), 2);
    for (_, sha) in &versions {
        // Every version's bytes stay retrievable.
        assert!(data
            .path()
            .join("pages")
            .join(format!("{sha}.html"))
            .is_file());
    }
    let text: String = db
        .query_row("SELECT text FROM documents WHERE id = '501'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(text.contains("our common project"));
}

#[test]
fn a_429_stops_the_run_and_says_so() {
    let routes: Routes = Arc::default();
    let base = serve(routes.clone(), Arc::default());
    routes
        .lock()
        .unwrap()
        .insert("/events/all/feed".into(), (429, "slow down".into()));
    let data = tempfile::tempdir().unwrap();
    let out = fetch(data.path(), &base, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("429"), "{stderr}");
    assert!(report(&out)["fetch"]["stopped"]
        .as_str()
        .unwrap()
        .contains("429"));
}
