//! `stenogram fetch kremlin`: download new kremlin.ru pages politely
//! (stenogram-fetch), keep every version in the data directory, then ingest
//! the pages not yet ingested.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use stenogram_fetch::{FetchConfig, FetchedPage, PageStore, Saved, StoreErr, Validators};
use stenogram_store::{IngestOptions, PageSaved, Store};

use crate::corpus::Format;
use crate::output::{Out, Outcome};

#[derive(Clone, Copy, ValueEnum)]
pub enum Site {
    /// en.kremlin.ru
    Kremlin,
}

#[derive(Args)]
pub struct FetchArgs {
    /// The site to fetch from.
    #[arg(value_enum)]
    site: Site,
    /// Back-fill from this date (YYYY-MM-DD) through the transcript listing.
    #[arg(long, value_parser = parse_day)]
    since: Option<stenogram_core::Day>,
    /// Only events up to this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    until: Option<stenogram_core::Day>,
    /// The site's address (tests point it at a local server).
    #[arg(long, default_value = "http://en.kremlin.ru")]
    base_url: String,
    /// Seconds between requests (robots.txt's Crawl-delay wins when longer).
    #[arg(long, default_value_t = 2.0)]
    delay: f64,
    /// Contact (an e-mail or URL) added to the User-Agent.
    #[arg(long)]
    contact: Option<String>,
    /// Re-request pages already stored, with conditional requests (ETag,
    /// Last-Modified); a changed page becomes a new version.
    #[arg(long)]
    refresh: bool,
    /// Seconds before a request times out.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// Store the pages but do not ingest them.
    #[arg(long)]
    no_ingest: bool,
    /// Print every request and response on stderr (default: saved pages,
    /// failures and stops only).
    #[arg(long, short)]
    verbose: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

fn parse_day(s: &str) -> Result<stenogram_core::Day, String> {
    stenogram_core::Day::parse_iso(s).ok_or_else(|| format!("{s:?} is not a date (YYYY-MM-DD)"))
}

/// The fetcher's page store, on the data directory.
struct Pages<'a>(&'a Store);

impl PageStore for Pages<'_> {
    fn last_version(&mut self, url: &str) -> Result<Option<Validators>, StoreErr> {
        Ok(self.0.last_page(url)?.map(|p| Validators {
            etag: p.etag,
            last_modified: p.last_modified,
            sha256: p.sha256,
        }))
    }

    fn save(&mut self, page: &FetchedPage) -> Result<Saved, StoreErr> {
        let saved = self.0.save_page(
            &page.url,
            page.event_id.as_deref(),
            &page.fetched_at,
            page.status,
            page.etag.as_deref(),
            page.last_modified.as_deref(),
            &page.sha256,
            &page.body,
        )?;
        Ok(match saved {
            PageSaved::New => Saved::New,
            PageSaved::Changed => Saved::Changed,
            PageSaved::Unchanged => Saved::Unchanged,
        })
    }

    fn get_state(&mut self, key: &str) -> Result<Option<String>, StoreErr> {
        Ok(self.0.crawl_state(key)?)
    }

    fn set_state(&mut self, key: &str, value: &str) -> Result<(), StoreErr> {
        Ok(self.0.set_crawl_state(key, value)?)
    }
}

pub fn fetch(data: &Path, args: FetchArgs) -> Result<Outcome> {
    let Site::Kremlin = args.site;
    let mut store = Store::open_write(data)?;
    let config = FetchConfig {
        base_url: args.base_url.clone(),
        delay: Duration::from_secs_f64(args.delay.max(0.0)),
        contact: args.contact.clone(),
        since: args.since,
        until: args.until,
        timeout: Duration::from_secs_f64(args.timeout.max(0.1)),
        refresh: args.refresh,
        ..FetchConfig::default()
    };
    let verbose = args.verbose;
    let report = stenogram_fetch::fetch(&config, &mut Pages(&store), &mut |step| {
        use stenogram_fetch::Progress;
        let wanted = verbose
            || matches!(
                step,
                Progress::Saved { .. } | Progress::Retry { .. } | Progress::Robots { .. }
            );
        if wanted {
            eprintln!("stenogram: {step}");
        }
    })
    .context("fetch")?;
    for (url, error) in &report.failed {
        eprintln!("stenogram: error: {url}: {error}");
    }
    if let Some(reason) = &report.stopped {
        eprintln!("stenogram: stopped: {reason}");
    }
    let ingest = if args.no_ingest {
        None
    } else {
        Some(ingest_pages(&mut store)?)
    };
    let mut out = Out::stdout();
    match args.format {
        Format::Json => {
            let mut fetch = serde_json::to_value(&report)?;
            // The same shape as ingest's failures.
            fetch["failed"] = report
                .failed
                .iter()
                .map(|(url, error)| serde_json::json!({"path": url, "error": error}))
                .collect();
            out.json(&serde_json::json!({"fetch": fetch, "ingest": ingest}))?
        }
        _ => {
            out.line(&format!(
                "fetched: {} new, {} changed, {} unchanged, {} not modified, {} already stored, {} disallowed by robots.txt, {} failed ({} requests)",
                report.new,
                report.changed,
                report.unchanged,
                report.not_modified,
                report.skipped_known,
                report.disallowed_by_robots,
                report.failed.len(),
                report.http_requests
            ))?;
            if let Some(summary) = &ingest {
                out.line(&format!(
                    "ingested: added {}, replaced {}, unchanged {}, failed {}",
                    summary.added,
                    summary.replaced,
                    summary.unchanged,
                    summary.failed.len()
                ))?;
            }
        }
    }
    out.finish()?;
    let ingest_failed = ingest.as_ref().is_some_and(|s| !s.failed.is_empty());
    Ok(
        if report.failed.is_empty() && report.stopped.is_none() && !ingest_failed {
            Outcome::Ok
        } else {
            Outcome::Failed
        },
    )
}

/// Ingests the newest version of every page not yet ingested.
fn ingest_pages(store: &mut Store) -> Result<stenogram_store::IngestSummary> {
    let pending = store.pages_to_ingest()?;
    let mut raws = Vec::new();
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for page in pending {
        let path = store.page_path(&page.sha256);
        let bytes =
            std::fs::read(&path).with_context(|| format!("{}: cannot read", path.display()))?;
        match stenogram_sources::raw_from_page(&bytes, Path::new(&page.url)) {
            Ok(mut raw) => {
                raw.origin.locator = Some(format!("version {}", page.version));
                done.push((page.url.clone(), page.version, raw.id.clone()));
                raws.push(raw);
            }
            Err(e) => failed.push(stenogram_store::Failure {
                path: format!("{}, version {}", page.url, page.version),
                error: e.message,
            }),
        }
    }
    let mut summary = store.ingest_documents(raws, &IngestOptions::default())?;
    for (url, version, doc_id) in done {
        store.set_page_document(&url, version, &doc_id)?;
    }
    for failure in &failed {
        eprintln!("stenogram: error: {}: {}", failure.path, failure.error);
    }
    for failure in &summary.failed {
        eprintln!("stenogram: error: {}: {}", failure.path, failure.error);
    }
    summary.failed.extend(failed);
    Ok(summary)
}
