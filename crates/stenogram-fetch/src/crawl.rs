//! A run: robots.txt, the feed, the listing pages for the date range, and
//! each event page found, once.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

use sha2::{Digest, Sha256};
use stenogram_core::Day;

use crate::discover::{parse_feed, parse_listing, Entry};
use crate::http::{Client, Outcome};
use crate::robots::Robots;
use crate::url::Base;
use crate::{
    FetchConfig, FetchError, FetchReport, FetchedPage, PageStore, Progress, Saved, Validators,
    PRODUCT_TOKEN,
};

const ROBOTS: &str = "/robots.txt";
const FEED: &str = "/events/all/feed";
const LISTING: &str = "/events/president/transcripts";

/// State keys (see [`PageStore::get_state`]).
const FEED_ETAG: &str = "fetch.feed.etag";
const FEED_LAST_MODIFIED: &str = "fetch.feed.last_modified";

/// What became of an event page in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handled {
    OutOfRange,
    Disallowed,
    /// The store had it before this run, and it was not requested.
    Known,
    /// Requested in this run (saved, or not modified).
    Fetched,
    Failed,
}

type Step<T = ()> = Result<ControlFlow<(), T>, FetchError>;

/// Runs one polite crawl of `config.base_url`: `robots.txt` first, then the
/// feed, then (when `since` or `until` is set) the transcript listing pages,
/// downloading every event page found in the date range that the store does
/// not have yet (or, with `refresh`, has, asking conditionally).
///
/// 403 or 429 stop the run at once ([`FetchReport::stopped`]); pages that
/// fail otherwise are listed in [`FetchReport::failed`] and the run goes on.
/// A store error ends the run with [`FetchError::Store`]; what was saved
/// before stays saved, and the next run resumes from the crawl cursor.
pub fn fetch(
    config: &FetchConfig,
    store: &mut dyn PageStore,
    log: &mut dyn FnMut(&Progress),
) -> Result<FetchReport, FetchError> {
    let base = Base::parse(&config.base_url).map_err(FetchError::Config)?;
    if let (Some(s), Some(u)) = (config.since, config.until) {
        if s > u {
            return Err(FetchError::Config(format!(
                "since ({s}) is after until ({u})"
            )));
        }
    }
    if config.user_agent.trim().is_empty() {
        return Err(FetchError::Config("the User-Agent is empty".into()));
    }
    let mut crawl = Crawl {
        config,
        client: Client::new(config),
        base,
        store,
        log,
        robots: Robots::allow_all(),
        seen: HashMap::new(),
        out_of_range: HashSet::new(),
        report: FetchReport::default(),
    };
    let result = crawl.run();
    crawl.report.http_requests = crawl.client.requests;
    result.map(|_| crawl.report)
}

struct Crawl<'a> {
    config: &'a FetchConfig,
    base: Base,
    client: Client,
    store: &'a mut dyn PageStore,
    log: &'a mut dyn FnMut(&Progress),
    robots: Robots,
    /// Event page URLs in range met in this run, and what became of them.
    seen: HashMap<String, Handled>,
    /// Event page URLs out of range met in this run.
    out_of_range: HashSet<String>,
    report: FetchReport,
}

fn store_error(url: &str) -> impl FnOnce(crate::StoreErr) -> FetchError + '_ {
    move |source| FetchError::Store {
        url: url.to_string(),
        source,
    }
}

impl Crawl<'_> {
    fn run(&mut self) -> Step {
        if self.robots()?.is_break() || self.feed()?.is_break() {
            return Ok(ControlFlow::Break(()));
        }
        if self.config.since.is_some() || self.config.until.is_some() {
            return self.listing();
        }
        Ok(ControlFlow::Continue(()))
    }

    fn stop<T>(&mut self, reason: String) -> Step<T> {
        (self.log)(&Progress::Stopped {
            reason: reason.clone(),
        });
        self.report.stopped = Some(reason);
        Ok(ControlFlow::Break(()))
    }

    fn fail(&mut self, url: &str, error: String) {
        (self.log)(&Progress::Failed {
            url: url.to_string(),
            error: error.clone(),
        });
        self.report.failed.push((url.to_string(), error));
    }

    /// Whether robots.txt lets us request `path`; counts and logs it if not.
    fn allowed(&mut self, path: &str) -> bool {
        let ok = self.robots.allowed(path);
        if !ok {
            self.report.disallowed_by_robots += 1;
            (self.log)(&Progress::Disallowed {
                url: self.base.url(path),
            });
        }
        ok
    }

    fn robots(&mut self) -> Step {
        let url = self.base.url(ROBOTS);
        let status = match self.client.get(&url, None, self.log) {
            Outcome::Ok(page) => {
                self.robots = Robots::parse(&page.body, PRODUCT_TOKEN);
                page.status
            }
            Outcome::Stop(reason) => return self.stop(reason),
            // RFC 9309: an unavailable robots.txt (4xx) allows everything.
            Outcome::Failed {
                status: Some(s), ..
            } if (400..500).contains(&s) => s,
            Outcome::Failed { error, .. } => {
                return self.stop(format!(
                    "robots.txt unreachable at {url}: {error}; not crawling (retry later)"
                ))
            }
            Outcome::NotModified => {
                return self.stop(format!("robots.txt at {url}: unexpected 304: not crawling"))
            }
        };
        let crawl_delay = self.robots.crawl_delay();
        let delay = crawl_delay.map_or(self.config.delay, |c| c.max(self.config.delay));
        self.client.delay = delay;
        (self.log)(&Progress::Robots {
            status,
            crawl_delay,
            delay,
        });
        Ok(ControlFlow::Continue(()))
    }

    fn feed(&mut self) -> Step {
        if !self.allowed(FEED) {
            return Ok(ControlFlow::Continue(()));
        }
        let url = self.base.url(FEED);
        // The feed is asked conditionally once all its entries were handled;
        // with `refresh` it is read whole, to re-check its pages.
        let validators = if self.config.refresh {
            None
        } else {
            let etag = self.state(FEED_ETAG)?;
            let last_modified = self.state(FEED_LAST_MODIFIED)?;
            (etag.is_some() || last_modified.is_some()).then(|| Validators {
                etag,
                last_modified,
                sha256: String::new(),
            })
        };
        let page = match self.client.get(&url, validators.as_ref(), self.log) {
            Outcome::Ok(page) => page,
            Outcome::NotModified => {
                (self.log)(&Progress::Feed { entries: None });
                return Ok(ControlFlow::Continue(()));
            }
            Outcome::Stop(reason) => return self.stop(reason),
            Outcome::Failed { error, .. } => {
                self.fail(&url, error);
                return Ok(ControlFlow::Continue(()));
            }
        };
        let entries = match parse_feed(&page.body, &self.base) {
            Ok(e) => e,
            Err(error) => {
                self.fail(&url, error);
                return Ok(ControlFlow::Continue(()));
            }
        };
        (self.log)(&Progress::Feed {
            entries: Some(entries.len()),
        });
        let failed_before = self.report.failed.len();
        for entry in entries {
            if self.event(entry)?.is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
        if self.report.failed.len() == failed_before {
            // Every entry is handled: next time, only a changed feed is read.
            let etag = page.etag.unwrap_or_default();
            let last_modified = page.last_modified.unwrap_or_default();
            self.set_state(FEED_ETAG, &etag)?;
            self.set_state(FEED_LAST_MODIFIED, &last_modified)?;
        }
        Ok(ControlFlow::Continue(()))
    }

    fn state(&mut self, key: &str) -> Result<Option<String>, FetchError> {
        let value = self.store.get_state(key).map_err(store_error(key))?;
        Ok(value.filter(|v| !v.is_empty()))
    }

    fn set_state(&mut self, key: &str, value: &str) -> Result<(), FetchError> {
        self.store.set_state(key, value).map_err(store_error(key))
    }

    fn in_range(&self, date: Option<Day>) -> bool {
        let (since, until) = (self.config.since, self.config.until);
        if since.is_none() && until.is_none() {
            return true;
        }
        date.is_some_and(|d| since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u))
    }

    /// The listing pages from the cursor on, newest first, until entries
    /// older than `since`, an empty page (or one repeating earlier pages), or
    /// the page cap.
    ///
    /// The cursor (state key `fetch.listing <since>..<until>`) says where the
    /// next run starts:
    /// - `backfill N`: the range is being back-filled; pages before N are
    ///   done (their entries all stored or found disallowed);
    /// - `done`: the range was back-filled; a run reads from page 1 only
    ///   until a page whose entries were all stored before this run
    ///   ("caught up"), since new events appear at the top;
    /// - `catchup N`: such a catch-up was interrupted; it goes on at page N
    ///   (older entries only move to later pages, never earlier).
    ///
    /// A page with a failed entry holds the cursor there, so the next run
    /// tries that entry again.
    fn listing(&mut self) -> Step {
        let day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
        let key = format!(
            "fetch.listing {}..{}",
            day(self.config.since),
            day(self.config.until)
        );
        let cursor = self.state(&key)?;
        let (mut page, catch_up) = match cursor.as_deref().map(|c| c.split_once(' ')) {
            Some(None) => (1, true), // done
            Some(Some((mode, n))) => (n.parse::<u32>().unwrap_or(1).max(1), mode == "catchup"),
            None => (1, false),
        };
        let at = |n: u32| {
            let mode = if catch_up { "catchup" } else { "backfill" };
            format!("{mode} {n}")
        };
        // The first page of this run whose entries are not all handled.
        let mut incomplete: Option<u32> = None;
        let mut read = 0;
        // Event pages listed on the pages read so far.
        let mut listed: HashSet<String> = HashSet::new();
        let (complete, reason) = loop {
            if read >= self.config.max_listing_pages {
                break (
                    false,
                    "page cap reached; the next run goes on from here".to_string(),
                );
            }
            let path = if page == 1 {
                LISTING.to_string()
            } else {
                format!("{LISTING}/page/{page}")
            };
            if !self.allowed(&path) {
                break (false, "disallowed by robots.txt".to_string());
            }
            let url = self.base.url(&path);
            read += 1;
            self.report.listing_pages += 1;
            let body = match self.client.get(&url, None, self.log) {
                Outcome::Ok(p) => p.body,
                Outcome::Stop(reason) => {
                    self.set_state(&key, &at(incomplete.unwrap_or(page)))?;
                    return self.stop(reason);
                }
                Outcome::Failed { error, .. } => {
                    self.fail(&url, error);
                    break (false, "the listing page failed".to_string());
                }
                Outcome::NotModified => {
                    self.fail(&url, "unexpected 304 Not Modified".into());
                    break (false, "the listing page failed".to_string());
                }
            };
            let entries = parse_listing(&body, &self.base);
            (self.log)(&Progress::Listing {
                page,
                entries: entries.len(),
            });
            if entries.is_empty() {
                break (true, "no entries: the end of the listing".to_string());
            }
            // Some sites answer past the end with the last page again.
            if entries.iter().all(|e| listed.contains(&e.path)) {
                break (
                    true,
                    "the page repeats earlier ones: the end of the listing".into(),
                );
            }
            listed.extend(entries.iter().map(|e| e.path.clone()));
            let mut older = false;
            let mut page_failed = false;
            let mut caught_up = true;
            for entry in entries {
                let date = entry.date;
                if let (Some(s), Some(d)) = (self.config.since, date) {
                    older |= d < s;
                }
                match self.event(entry)? {
                    ControlFlow::Break(()) => {
                        self.set_state(&key, &at(incomplete.unwrap_or(page)))?;
                        return Ok(ControlFlow::Break(()));
                    }
                    ControlFlow::Continue(h) => match h {
                        Handled::OutOfRange | Handled::Disallowed | Handled::Known => {}
                        Handled::Fetched => caught_up = false,
                        Handled::Failed => {
                            caught_up = false;
                            page_failed = true;
                        }
                    },
                }
            }
            if page_failed && incomplete.is_none() {
                incomplete = Some(page);
            }
            self.set_state(&key, &at(incomplete.unwrap_or(page + 1)))?;
            if older {
                break (true, "entries older than since".to_string());
            }
            if catch_up && caught_up && !self.config.refresh {
                break (true, "caught up: every entry was stored before".to_string());
            }
            page += 1;
        };
        if complete && incomplete.is_none() {
            self.set_state(&key, "done")?;
        } else if let Some(n) = incomplete {
            self.set_state(&key, &at(n))?;
        }
        (self.log)(&Progress::ListingEnd { page, reason });
        Ok(ControlFlow::Continue(()))
    }

    /// One event page: in range? allowed? known? else GET and save.
    fn event(&mut self, entry: Entry) -> Step<Handled> {
        let url = self.base.url(&entry.path);
        if !self.in_range(entry.date) {
            // Not remembered as handled: the same page may come again with
            // a date in range (a feed entry without a date, say).
            if self.out_of_range.insert(url) {
                self.report.out_of_range += 1;
            }
            return Ok(ControlFlow::Continue(Handled::OutOfRange));
        }
        if let Some(h) = self.seen.get(&url) {
            return Ok(ControlFlow::Continue(*h));
        }
        let handled = self.event_once(&url, &entry)?;
        if let ControlFlow::Continue(h) = handled {
            self.seen.insert(url, h);
        }
        Ok(handled)
    }

    fn event_once(&mut self, url: &str, entry: &Entry) -> Step<Handled> {
        self.report.discovered += 1;
        if !self.allowed(&entry.path) {
            return Ok(ControlFlow::Continue(Handled::Disallowed));
        }
        let last = self.store.last_version(url).map_err(store_error(url))?;
        if last.is_some() && !self.config.refresh {
            self.report.skipped_known += 1;
            (self.log)(&Progress::Known {
                url: url.to_string(),
            });
            return Ok(ControlFlow::Continue(Handled::Known));
        }
        self.report.requested += 1;
        let page = match self.client.get(url, last.as_ref(), self.log) {
            Outcome::Ok(page) => page,
            Outcome::NotModified if last.is_some() => {
                self.report.not_modified += 1;
                (self.log)(&Progress::NotModified {
                    url: url.to_string(),
                });
                return Ok(ControlFlow::Continue(Handled::Fetched));
            }
            Outcome::NotModified => {
                self.fail(url, "unexpected 304 Not Modified".into());
                return Ok(ControlFlow::Continue(Handled::Failed));
            }
            Outcome::Stop(reason) => {
                return self.stop(reason);
            }
            Outcome::Failed { error, .. } => {
                self.fail(url, error);
                return Ok(ControlFlow::Continue(Handled::Failed));
            }
        };
        let sha256 = hex(&Sha256::digest(&page.body));
        let fetched = FetchedPage {
            url: url.to_string(),
            event_id: Some(entry.id.clone()),
            fetched_at: page.fetched_at,
            status: page.status,
            etag: page.etag,
            last_modified: page.last_modified,
            content_type: page.content_type,
            sha256,
            body: page.body,
        };
        let saved = self.store.save(&fetched).map_err(store_error(url))?;
        match saved {
            Saved::New => self.report.new += 1,
            Saved::Changed => self.report.changed += 1,
            Saved::Unchanged => self.report.unchanged += 1,
        }
        (self.log)(&Progress::Saved {
            url: url.to_string(),
            saved,
        });
        Ok(ControlFlow::Continue(Handled::Fetched))
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
