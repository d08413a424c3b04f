//! A small kremlin.ru look-alike on 127.0.0.1 (HTTP/1.1, one thread per
//! connection, `Connection: close`) that records every request and can
//! misbehave per path; and an in-memory `PageStore`.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use stenogram_fetch::{FetchedPage, PageStore, Saved, StoreErr, Validators};

/// A way to misbehave on one request.
#[derive(Debug, Clone)]
pub enum Trick {
    /// Answer this status (429 and 503 with `Retry-After`).
    Status(u16),
    /// Announce the whole length, send half the body, close.
    Truncate,
    /// Wait this long before answering.
    Slow(Duration),
    /// Close the connection without a word.
    Close,
}

#[derive(Debug, Clone)]
pub struct Route {
    pub body: Vec<u8>,
    pub content_type: &'static str,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Tricks for the next requests, one each; then `always`, else normal.
    pub script: VecDeque<Trick>,
    pub always: Option<Trick>,
}

impl Route {
    pub fn new(content_type: &'static str, body: impl Into<Vec<u8>>) -> Route {
        Route {
            body: body.into(),
            content_type,
            etag: None,
            last_modified: None,
            script: VecDeque::new(),
            always: None,
        }
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    /// When the connection was accepted.
    pub at: Instant,
    /// When the server started sending its answer (or saw the client give
    /// up); `None` while it is still at it.
    pub done: Option<Instant>,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(n, _)| n == name).count()
    }
}

#[derive(Default)]
struct State {
    routes: HashMap<String, Route>,
    seen: Vec<Seen>,
}

pub struct Server {
    pub base: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

impl Server {
    pub fn start(routes: HashMap<String, Route>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            routes,
            seen: Vec::new(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, sp) = (state.clone(), stop.clone());
        thread::spawn(move || {
            for conn in listener.incoming() {
                if sp.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let at = Instant::now();
                let st = st.clone();
                thread::spawn(move || handle(conn, at, &st));
            }
        });
        Server {
            base: format!("http://{addr}"),
            state,
            stop,
            addr,
        }
    }

    /// Every request so far, in order of arrival.
    pub fn seen(&self) -> Vec<Seen> {
        let mut v = self.state.lock().unwrap().seen.clone();
        v.sort_by_key(|s| s.at);
        v
    }

    /// Every request so far, once the server is done with all of them.
    pub fn seen_settled(&self) -> Vec<Seen> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let v = self.seen();
            if v.iter().all(|s| s.done.is_some()) || Instant::now() > deadline {
                return v;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn paths(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.path).collect()
    }

    pub fn clear_seen(&self) {
        self.state.lock().unwrap().seen.clear();
    }

    pub fn route<R>(&self, path: &str, f: impl FnOnce(&mut Route) -> R) -> R {
        let mut st = self.state.lock().unwrap();
        f(st.routes
            .get_mut(path)
            .unwrap_or_else(|| panic!("no route {path}")))
    }

    pub fn set_route(&self, path: &str, route: Route) {
        self.state
            .lock()
            .unwrap()
            .routes
            .insert(path.to_string(), route);
    }

    pub fn remove_route(&self, path: &str) {
        self.state.lock().unwrap().routes.remove(path);
    }

    pub fn body(&self, path: &str) -> Vec<u8> {
        self.route(path, |r| r.body.clone())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it ends.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

fn handle(mut conn: TcpStream, at: Instant, state: &Mutex<State>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return; // the Drop wake-up, or a client that gave up
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let header = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let (route, trick, index) = {
        let mut st = state.lock().unwrap();
        st.seen.push(Seen {
            path: path.clone(),
            at,
            done: None,
            headers: headers.clone(),
        });
        let index = st.seen.len() - 1;
        match st.routes.get_mut(&path) {
            Some(r) => {
                let trick = r.script.pop_front().or_else(|| r.always.clone());
                (Some(r.clone()), trick, index)
            }
            None => (None, None, index),
        }
    };
    let finish =
        |state: &Mutex<State>| state.lock().unwrap().seen[index].done = Some(Instant::now());
    let mut out: Vec<u8> = Vec::new();
    let mut close_after: Option<usize> = None;
    match (route, trick) {
        (None, _) => write_response(&mut out, 404, "text/plain", &[], b"not found"),
        (Some(_), Some(Trick::Close)) => {}
        (Some(_), Some(Trick::Status(s))) => {
            let extra: Vec<(&str, String)> = if s == 429 || s == 503 {
                vec![("Retry-After", "0".to_string())]
            } else {
                vec![]
            };
            write_response(&mut out, s, "text/plain", &extra, reason(s).as_bytes());
        }
        (Some(r), trick) => {
            if let Some(Trick::Slow(d)) = trick {
                // Sleep, but notice a client that gives up and closes.
                let until = Instant::now() + d;
                let _ = conn.set_nonblocking(true);
                while Instant::now() < until {
                    let mut b = [0u8; 1];
                    match conn.peek(&mut b) {
                        Ok(0) => {
                            finish(state);
                            return;
                        }
                        Err(e) if e.kind() != std::io::ErrorKind::WouldBlock => {
                            finish(state);
                            return;
                        }
                        _ => thread::sleep(Duration::from_millis(5)),
                    }
                }
                let _ = conn.set_nonblocking(false);
            }
            let mut extra = Vec::new();
            if let Some(e) = &r.etag {
                extra.push(("ETag", e.clone()));
            }
            if let Some(lm) = &r.last_modified {
                extra.push(("Last-Modified", lm.clone()));
            }
            let not_modified = (r.etag.is_some() && header("if-none-match") == r.etag)
                || (r.etag.is_none()
                    && r.last_modified.is_some()
                    && header("if-modified-since") == r.last_modified);
            if not_modified {
                write_response(&mut out, 304, r.content_type, &extra, b"");
            } else {
                write_response(&mut out, 200, r.content_type, &extra, &r.body);
                if matches!(trick, Some(Trick::Truncate)) {
                    close_after = Some(out.len() - r.body.len() / 2);
                }
            }
        }
    }
    let n = close_after.unwrap_or(out.len());
    // Done as the answer starts to go out: the client cannot have it, and
    // so cannot move on, any earlier.
    finish(state);
    let _ = conn.write_all(&out[..n]);
    let _ = conn.flush();
}

fn write_response(
    out: &mut Vec<u8>,
    status: u16,
    content_type: &str,
    extra: &[(&str, String)],
    body: &[u8],
) {
    let _ = write!(out, "HTTP/1.1 {status} {}\r\n", reason(status));
    if status != 304 {
        let _ = write!(out, "Content-Type: {content_type}\r\n");
        let _ = write!(out, "Content-Length: {}\r\n", body.len());
    }
    for (n, v) in extra {
        let _ = write!(out, "{n}: {v}\r\n");
    }
    let _ = write!(out, "Connection: close\r\n\r\n");
    out.extend_from_slice(body);
}

// ---------------------------------------------------------------------------
// The site.

/// (id, kind, day, title), newest first, three to a listing page.
pub const EVENTS: &[(u32, &str, &str, &str)] = &[
    (
        1010,
        "transcripts",
        "2025-03-10",
        "Meeting with Government members",
    ),
    (
        1009,
        "news",
        "2025-03-08",
        "Telephone conversation with President of Belarus",
    ),
    (
        1008,
        "transcripts",
        "2025-03-05",
        "Meeting on economic issues",
    ),
    (1007, "transcripts", "2025-03-01", "Russia-Belarus talks"),
    (1006, "news", "2025-02-25", "A page robots.txt disallows"),
    (
        1005,
        "transcripts",
        "2025-02-20",
        "Plenary session of the forum",
    ),
    (1004, "transcripts", "2025-02-10", "Meeting with students"),
    (
        1003,
        "transcripts",
        "2025-01-30",
        "Security Council meeting",
    ),
    (1002, "news", "2025-01-15", "Greetings on the anniversary"),
];
pub const PER_PAGE: usize = 3;
pub const FEED_SIZE: usize = 3;

pub const ROBOTS: &str = "# robots.txt of the test site
User-agent: *
Disallow: /events/president/news/1006
Disallow: /search
Crawl-delay: 0.01

User-agent: BadBot
Disallow: /
";

pub fn event_path(id: u32) -> String {
    let (_, kind, _, _) = EVENTS.iter().find(|e| e.0 == id).expect("known id");
    format!("/events/president/{kind}/{id}")
}

pub fn listing_path(page: usize) -> String {
    if page == 1 {
        "/events/president/transcripts".to_string()
    } else {
        format!("/events/president/transcripts/page/{page}")
    }
}

/// An event page in kremlin.ru's shape.
pub fn event_html(id: u32, title: &str, day: &str, words: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} &bull; President of Russia</title></head>
<body><div class="wrapper">
<article class="read__in hentry h-entry" id="event-{id}" itemscope>
  <h1 class="entry-title p-name">{title}</h1>
  <p class="read__top_meta"><time class="read__published" datetime="{day}">{day}</time>, <span class="read__place p-location">The Kremlin, Moscow</span></p>
  <div class="read__lead entry-summary p-summary"><p>{title}.</p></div>
  <div class="entry-content e-content read__internal_content">
    <p><b>Vladimir Putin:</b> Good afternoon, colleagues. {words}</p>
    <p>Trade with Belarus grew by about 5 percent last year.</p>
  </div>
</article></div></body></html>
"#
    )
}

/// A listing page in kremlin.ru's shape (`ids` newest first).
pub fn listing_html(page: usize, ids: &[(u32, &str, &str, &str)]) -> String {
    let mut s = String::from(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Transcripts</title>
<script>var x = 1 < 2 && "<a href='/events/president/news/1'>";</script></head><body>
<nav class="menu"><a href="/events/president/news">News</a> <a href="/events/president/news/1001">Pinned news</a></nav>
<div class="events listview">
"#,
    );
    for (id, kind, day, title) in ids {
        s.push_str(&format!(
            r#"<div class="hentry h-entry hentry_event hentry_{kind}" data-id="{id}">
  <h3 class="hentry__title hentry__title_special"><a href="/events/president/{kind}/{id}" class="tabs_article item" rel="bookmark"><span class="entry-title p-name">{title}</span>
  <span class="hentry__meta"><time class="published dt-published" datetime="{day}">{day}</time></span></a></h3>
</div>
"#
        ));
    }
    s.push_str(&format!(
        r#"</div><div class="pagination"><a class="button" href="{}">Earlier</a></div></body></html>"#,
        listing_path(page + 1)
    ));
    s
}

pub fn feed_xml(base: &str, ids: &[(u32, &str, &str, &str)]) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>President of Russia: all events</title>
  <link href="{base}/events/all/feed" rel="self"/>
  <id>{base}/events/all/feed</id>
  <updated>2025-03-10T18:00:00+03:00</updated>
  <entry><title>Elsewhere</title><link href="http://example.invalid/events/president/news/1"/><published>2025-03-10T10:00:00+03:00</published></entry>
  <entry><title>The real site</title><link href="http://en.kremlin.ru/events/president/news/2"/><published>2025-03-10T10:00:00+03:00</published></entry>
"#
    );
    for (id, kind, day, title) in ids {
        s.push_str(&format!(
            r#"  <entry>
    <title>{title}</title>
    <link href="{base}/events/president/{kind}/{id}" rel="alternate"/>
    <id>{base}/events/president/{kind}/{id}</id>
    <published>{day}T15:00:00+03:00</published>
    <updated>{day}T16:00:00+03:00</updated>
  </entry>
"#
        ));
    }
    s.push_str("</feed>\n");
    s
}

/// The whole site for a server at `base`.
pub fn site(base: &str) -> HashMap<String, Route> {
    let mut routes = HashMap::new();
    routes.insert("/robots.txt".into(), Route::new("text/plain", ROBOTS));
    let mut feed = Route::new("application/atom+xml", feed_xml(base, &EVENTS[..FEED_SIZE]));
    feed.etag = Some("\"feed-1\"".into());
    routes.insert("/events/all/feed".into(), feed);
    let pages = EVENTS.chunks(PER_PAGE).count();
    for page in 1..=pages + 1 {
        let ids = EVENTS.chunks(PER_PAGE).nth(page - 1).unwrap_or(&[]);
        routes.insert(
            listing_path(page),
            Route::new("text/html; charset=utf-8", listing_html(page, ids)),
        );
    }
    for &(id, _, day, title) in EVENTS {
        routes.insert(
            event_path(id),
            Route::new(
                "text/html; charset=utf-8",
                event_html(id, title, day, "We have a lot to discuss."),
            ),
        );
    }
    routes
}

/// A server for the standard site, with `f` applied to its routes first.
pub fn serve(f: impl FnOnce(&mut HashMap<String, Route>)) -> Server {
    let server = Server::start(HashMap::new());
    let mut routes = site(&server.base);
    f(&mut routes);
    for (p, r) in routes {
        server.set_route(&p, r);
    }
    server
}

// ---------------------------------------------------------------------------
// The store.

#[derive(Default)]
pub struct MemStore {
    /// Every version of every URL, oldest first.
    pub versions: HashMap<String, Vec<FetchedPage>>,
    /// URLs in the order of their saves (every call that stored something).
    pub saved: Vec<String>,
    pub state: HashMap<String, String>,
    /// Fail the save with this index (0-based, counting every call).
    pub fail_save_at: Option<usize>,
    pub save_calls: usize,
}

impl MemStore {
    pub fn has(&self, url: &str) -> bool {
        self.versions.contains_key(url)
    }
}

impl PageStore for MemStore {
    fn last_version(&mut self, url: &str) -> Result<Option<Validators>, StoreErr> {
        Ok(self
            .versions
            .get(url)
            .and_then(|v| v.last())
            .map(|p| Validators {
                etag: p.etag.clone(),
                last_modified: p.last_modified.clone(),
                sha256: p.sha256.clone(),
            }))
    }

    fn save(&mut self, page: &FetchedPage) -> Result<Saved, StoreErr> {
        let call = self.save_calls;
        self.save_calls += 1;
        if self.fail_save_at == Some(call) {
            return Err("disk full (simulated)".into());
        }
        let versions = self.versions.entry(page.url.clone()).or_default();
        let saved = match versions.last() {
            None => Saved::New,
            Some(last) if last.sha256 == page.sha256 => return Ok(Saved::Unchanged),
            Some(_) => Saved::Changed,
        };
        versions.push(page.clone());
        self.saved.push(page.url.clone());
        Ok(saved)
    }

    fn get_state(&mut self, key: &str) -> Result<Option<String>, StoreErr> {
        Ok(self.state.get(key).cloned())
    }

    fn set_state(&mut self, key: &str, value: &str) -> Result<(), StoreErr> {
        self.state.insert(key.to_string(), value.to_string());
        Ok(())
    }
}

/// Puts `events` (newest first) on the site: the feed (its newest
/// `FEED_SIZE`, with ETag `feed_etag`), the listing pages (and an empty one
/// after them), and a page for every event the site does not have yet.
pub fn publish(server: &Server, events: &[(u32, &str, &str, &str)], feed_etag: &str) {
    let mut feed = Route::new(
        "application/atom+xml",
        feed_xml(&server.base, &events[..FEED_SIZE.min(events.len())]),
    );
    feed.etag = Some(feed_etag.to_string());
    server.set_route("/events/all/feed", feed);
    let pages = events.chunks(PER_PAGE).count();
    for page in 1..=pages + 1 {
        let ids = events.chunks(PER_PAGE).nth(page - 1).unwrap_or(&[]);
        server.set_route(
            &listing_path(page),
            Route::new("text/html; charset=utf-8", listing_html(page, ids)),
        );
    }
    let known: Vec<u32> = EVENTS.iter().map(|e| e.0).collect();
    for &(id, kind, day, title) in events {
        if !known.contains(&id) {
            server.set_route(
                &format!("/events/president/{kind}/{id}"),
                Route::new("text/html", event_html(id, title, day, "New.")),
            );
        }
    }
}
