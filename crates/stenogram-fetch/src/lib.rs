//! The polite incremental fetcher of en.kremlin.ru pages: it discovers event
//! pages (the Atom feed, and the transcript listing pages for a date range),
//! downloads each one once over HTTP, and hands the bytes to a [`PageStore`].
//!
//! It does HTTP and nothing else: no parsing of the pages it saves, no
//! storage of its own. Its manners:
//!
//! - `robots.txt` first: our group (product token `stenogram`) or `*`,
//!   `Allow`/`Disallow` with the longest match winning, `Crawl-delay`; a
//!   missing one (4xx) allows everything, an unreachable one (5xx, network)
//!   means no crawl at all;
//! - one request at a time, at least [`FetchConfig::delay`] (or the
//!   `Crawl-delay`, whichever is larger) between the starts of two requests;
//! - an honest `User-Agent` on every request;
//! - a page the store already has is not requested again, unless
//!   [`FetchConfig::refresh`], and then only conditionally
//!   (`If-None-Match` / `If-Modified-Since`);
//! - 5xx and network errors (refused, reset, timeout, truncated body) are
//!   retried with exponential backoff, then listed as failed;
//! - 403 or 429 anywhere stops the run at once, keeping what was saved;
//! - progress through the listing pages is kept in the store
//!   ([`PageStore::set_state`]), so an interrupted run, run again, carries on
//!   where it stopped;
//! - no address but [`FetchConfig::base_url`] is ever contacted.
//!
//! ```no_run
//! # use stenogram_fetch::*;
//! # fn demo(store: &mut dyn PageStore) -> Result<(), FetchError> {
//! let config = FetchConfig { contact: Some("me@example.org".into()), ..FetchConfig::default() };
//! let report = fetch(&config, store, &mut |p| eprintln!("{p}"))?;
//! println!("{} new, {} failed", report.new, report.failed.len());
//! # Ok(()) }
//! ```

mod crawl;
mod discover;
mod http;
mod robots;
mod time;
mod url;

use std::fmt;
use std::time::Duration;

use serde::Serialize;
pub use stenogram_core::Day;

pub use crawl::fetch;
pub use url::event_id;

/// The product token we look for in `robots.txt` and send first in our
/// `User-Agent`.
pub const PRODUCT_TOKEN: &str = "stenogram";

/// What to fetch and how politely.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Scheme and host (and port) of the site, without a path:
    /// `http://en.kremlin.ru`. Nothing else is ever contacted.
    pub base_url: String,
    /// The least time between the starts of two requests (2 s). A larger
    /// `Crawl-delay` in `robots.txt` wins.
    pub delay: Duration,
    /// The `User-Agent` (`stenogram/<version> (+https://example.invalid/stenogram)`).
    pub user_agent: String,
    /// A way to reach the operator (an e-mail address or URL), added to the
    /// `User-Agent` as `; contact: ...`.
    pub contact: Option<String>,
    /// Fetch only events of this day or later; with `since` or `until` the
    /// transcript listing pages are read too (back-filling the range).
    pub since: Option<Day>,
    /// Fetch only events of this day or earlier.
    pub until: Option<Day>,
    /// Retries after the first attempt on 5xx and network errors (3).
    pub max_retries: u32,
    /// The first retry waits this long, each further one twice as long (2 s).
    /// A `Retry-After` of a 5xx response, in seconds, is honoured if longer.
    pub backoff: Duration,
    /// The longest a whole request may take, body included (30 s); slower is
    /// a network error.
    pub timeout: Duration,
    /// Re-request known pages, conditionally, saving changed ones as new
    /// versions.
    pub refresh: bool,
    /// The most listing pages read in one run (500).
    pub max_listing_pages: u32,
    /// The largest body accepted (32 MiB); a larger one is an error.
    pub max_body: u64,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            base_url: "http://en.kremlin.ru".to_string(),
            delay: Duration::from_secs(2),
            user_agent: format!(
                "{PRODUCT_TOKEN}/{} (+https://example.invalid/stenogram)",
                env!("CARGO_PKG_VERSION")
            ),
            contact: None,
            since: None,
            until: None,
            max_retries: 3,
            backoff: Duration::from_secs(2),
            timeout: Duration::from_secs(30),
            refresh: false,
            max_listing_pages: 500,
            max_body: 32 << 20,
        }
    }
}

impl FetchConfig {
    /// The `User-Agent` header sent: [`user_agent`](Self::user_agent) with
    /// the contact, if any, appended (inside the trailing parenthesis when
    /// there is one).
    pub fn user_agent_header(&self) -> String {
        let ua = self.user_agent.trim();
        match self.contact.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => match ua.strip_suffix(')') {
                Some(head) => format!("{head}; contact: {c})"),
                None => format!("{ua} (contact: {c})"),
            },
            _ => ua.to_string(),
        }
    }
}

/// The validators of the last stored version of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Lower-case hex SHA-256 of the body.
    pub sha256: String,
}

/// What [`PageStore::save`] did with a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Saved {
    /// The first version of this URL.
    New,
    /// A version whose SHA-256 differs from the last one.
    Changed,
    /// The same bytes as the last version (nothing new stored).
    Unchanged,
}

/// A page as downloaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedPage {
    /// The canonical URL (base URL + path, no query or fragment).
    pub url: String,
    /// The kremlin.ru event id: the URL's trailing number.
    pub event_id: Option<String>,
    /// When the response was received, RFC 3339 UTC (`2025-03-10T12:00:00Z`).
    pub fetched_at: String,
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// Lower-case hex SHA-256 of `body`.
    pub sha256: String,
    /// The body as received (after transfer and content decoding).
    pub body: Vec<u8>,
}

/// The error a [`PageStore`] returns.
pub type StoreErr = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Where fetched pages and the crawl cursor go. The project implements it on
/// its SQLite store.
pub trait PageStore {
    /// The validators of the last stored version of `url`, or `None` if the
    /// URL was never stored.
    fn last_version(&mut self, url: &str) -> Result<Option<Validators>, StoreErr>;
    /// Stores a downloaded page (a new version only if its SHA-256 differs
    /// from the last one's).
    fn save(&mut self, page: &FetchedPage) -> Result<Saved, StoreErr>;
    /// A value of the crawl's state (keys are the fetcher's own).
    fn get_state(&mut self, key: &str) -> Result<Option<String>, StoreErr>;
    /// Sets a value of the crawl's state; it must be durable once this
    /// returns, so that an interrupted run resumes from it.
    fn set_state(&mut self, key: &str, value: &str) -> Result<(), StoreErr>;
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FetchReport {
    /// Distinct event pages found (feed and listing) within the date range.
    pub discovered: usize,
    /// Distinct event pages found outside the date range (not fetched).
    pub out_of_range: usize,
    /// Event pages requested (each counted once, however many attempts).
    pub requested: usize,
    /// HTTP requests sent in all: robots.txt, feed, listing pages, event
    /// pages and every retry.
    pub http_requests: usize,
    /// Event pages saved for the first time.
    pub new: usize,
    /// Event pages saved as a new version (the bytes changed).
    pub changed: usize,
    /// Event pages downloaded again with the same bytes.
    pub unchanged: usize,
    /// Conditional requests answered 304 Not Modified.
    pub not_modified: usize,
    /// Event pages the store already had, not requested (no `refresh`).
    pub skipped_known: usize,
    /// URLs (event, feed or listing pages) not requested because
    /// `robots.txt` disallows them.
    pub disallowed_by_robots: usize,
    /// Listing pages read.
    pub listing_pages: usize,
    /// URLs that failed for good, with the reason.
    pub failed: Vec<(String, String)>,
    /// Why the run stopped early, if it did.
    pub stopped: Option<String>,
}

/// A fatal error: the run could not go on. Pages saved before it stay saved,
/// and the crawl cursor lets the next run resume.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("invalid fetch configuration: {0}")]
    Config(String),
    #[error("page store failed at {url}: {source}")]
    Store {
        url: String,
        #[source]
        source: StoreErr,
    },
}

/// A step of a run, for progress display and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// A request is being sent now (`attempt` counts from 1).
    Request { url: String, attempt: u32 },
    /// A response arrived.
    Response {
        url: String,
        status: u16,
        bytes: usize,
    },
    /// An attempt failed and will be retried after `wait`.
    Retry {
        url: String,
        attempt: u32,
        wait: Duration,
        error: String,
    },
    /// `robots.txt` was read (or found missing).
    Robots {
        status: u16,
        crawl_delay: Option<Duration>,
        delay: Duration,
    },
    /// The feed listed `entries` event pages (`None`: 304, unchanged).
    Feed { entries: Option<usize> },
    /// A listing page listed `entries` event pages.
    Listing { page: u32, entries: usize },
    /// The listing walk ended, and why.
    ListingEnd { page: u32, reason: String },
    /// An event page was stored.
    Saved { url: String, saved: Saved },
    /// A conditional request found the page unchanged.
    NotModified { url: String },
    /// The store already has this page.
    Known { url: String },
    /// `robots.txt` forbids this URL.
    Disallowed { url: String },
    /// A URL failed for good.
    Failed { url: String, error: String },
    /// The run stops early.
    Stopped { reason: String },
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Progress::Request { url, attempt: 1 } => write!(f, "GET {url}"),
            Progress::Request { url, attempt } => write!(f, "GET {url} (attempt {attempt})"),
            Progress::Response { url, status, bytes } => {
                write!(f, "{status} {url} ({bytes} bytes)")
            }
            Progress::Retry {
                url,
                attempt,
                wait,
                error,
            } => write!(
                f,
                "attempt {attempt} at {url} failed ({error}); retrying in {:.1} s",
                wait.as_secs_f64()
            ),
            Progress::Robots {
                status,
                crawl_delay,
                delay,
            } => {
                write!(f, "robots.txt: HTTP {status}")?;
                if let Some(c) = crawl_delay {
                    write!(f, ", Crawl-delay {:.1} s", c.as_secs_f64())?;
                }
                write!(f, "; {:.1} s between requests", delay.as_secs_f64())
            }
            Progress::Feed { entries: Some(n) } => write!(f, "feed: {n} entries"),
            Progress::Feed { entries: None } => write!(f, "feed: not modified"),
            Progress::Listing { page, entries } => {
                write!(f, "listing page {page}: {entries} entries")
            }
            Progress::ListingEnd { page, reason } => {
                write!(f, "listing stops at page {page}: {reason}")
            }
            Progress::Saved { url, saved } => write!(f, "saved {url} ({saved:?})"),
            Progress::NotModified { url } => write!(f, "not modified: {url}"),
            Progress::Known { url } => write!(f, "already stored: {url}"),
            Progress::Disallowed { url } => write!(f, "disallowed by robots.txt: {url}"),
            Progress::Failed { url, error } => write!(f, "failed: {url}: {error}"),
            Progress::Stopped { reason } => write!(f, "stopped: {reason}"),
        }
    }
}
