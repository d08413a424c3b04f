//! The fetcher against a kremlin.ru look-alike on 127.0.0.1.

mod support;

use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use stenogram_fetch::{fetch, Day, FetchConfig, FetchError, FetchReport, Progress, Saved};
use support::*;

const UA_CONTACT: &str = "tests@example.invalid";

fn config(server: &Server) -> FetchConfig {
    FetchConfig {
        base_url: server.base.clone(),
        delay: Duration::from_millis(20),
        contact: Some(UA_CONTACT.into()),
        backoff: Duration::from_millis(10),
        timeout: Duration::from_secs(3),
        max_retries: 2,
        ..FetchConfig::default()
    }
}

fn day(s: &str) -> Option<Day> {
    Day::parse_iso(s)
}

struct Run {
    result: Result<FetchReport, FetchError>,
    log: Vec<(Instant, Progress)>,
}

impl Run {
    fn report(&self) -> &FetchReport {
        self.result.as_ref().expect("the run succeeds")
    }

    fn retries(&self) -> usize {
        self.log
            .iter()
            .filter(|(_, p)| matches!(p, Progress::Retry { .. }))
            .count()
    }
}

/// Runs a fetch and checks what every run must: it only ever asked the
/// test server, one request at a time, with our User-Agent.
fn run(server: &Server, config: &FetchConfig, store: &mut MemStore) -> Run {
    let before = server.seen().len();
    let mut log = Vec::new();
    let result = fetch(config, store, &mut |p| {
        log.push((Instant::now(), p.clone()))
    });
    let requests: Vec<&String> = log
        .iter()
        .filter_map(|(_, p)| match p {
            Progress::Request { url, .. } => Some(url),
            _ => None,
        })
        .collect();
    for url in &requests {
        assert!(
            url.starts_with(&format!("{}/", server.base)),
            "requested {url}, not on the test server"
        );
    }
    let seen = server.seen_settled();
    let seen = &seen[before..];
    assert_eq!(seen.len(), requests.len(), "the server saw every request");
    if let Ok(report) = &result {
        assert_eq!(report.http_requests, requests.len());
    }
    for (i, s) in seen.iter().enumerate() {
        assert_eq!(s.count("user-agent"), 1, "one User-Agent on {}", s.path);
        assert_eq!(
            s.header("user-agent"),
            Some(config.user_agent_header().as_str())
        );
        if i > 0 {
            let done = seen[i - 1].done.expect("the server is done");
            assert!(done <= s.at, "requests overlap at {}", s.path);
        }
    }
    Run { result, log }
}

fn url(server: &Server, path: &str) -> String {
    format!("{}{path}", server.base)
}

fn count(paths: &[String], path: &str) -> usize {
    paths.iter().filter(|p| *p == path).count()
}

#[test]
fn the_user_agent_is_honest_and_names_a_contact() {
    let c = FetchConfig::default();
    assert_eq!(
        c.user_agent_header(),
        format!(
            "stenogram/{} (+https://example.invalid/stenogram)",
            env!("CARGO_PKG_VERSION")
        )
    );
    let c = FetchConfig {
        contact: Some("me@example.org".into()),
        ..c
    };
    assert!(c
        .user_agent_header()
        .ends_with("(+https://example.invalid/stenogram; contact: me@example.org)"));
    assert_eq!(c.base_url, "http://en.kremlin.ru");
    assert_eq!(c.delay, Duration::from_secs(2));
    assert_eq!(c.max_retries, 3);
}

#[test]
fn a_feed_run_reads_robots_first_then_the_feed_then_each_new_event_page() {
    let server = serve(|_| {});
    let mut store = MemStore::default();
    let r = run(&server, &config(&server), &mut store);
    assert_eq!(
        server.paths(),
        [
            "/robots.txt",
            "/events/all/feed",
            "/events/president/transcripts/1010",
            "/events/president/news/1009",
            "/events/president/transcripts/1008",
        ]
    );
    let report = r.report();
    assert_eq!(report.discovered, 3, "{report:?}");
    assert_eq!(report.requested, 3);
    assert_eq!(report.new, 3);
    assert_eq!(report.http_requests, 5);
    assert_eq!(report.listing_pages, 0);
    assert!(report.failed.is_empty() && report.stopped.is_none());
    // What was saved is what was served.
    for id in [1010, 1009, 1008] {
        let u = url(&server, &event_path(id));
        let page = &store.versions[&u][0];
        let body = server.body(&event_path(id));
        assert_eq!(page.body, body);
        assert_eq!(page.status, 200);
        assert_eq!(page.event_id.as_deref(), Some(id.to_string().as_str()));
        let sha: String = Sha256::digest(&body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(page.sha256, sha);
        assert_eq!(
            page.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        let at = &page.fetched_at;
        assert!(
            at.len() == 20 && at.ends_with('Z') && at.as_bytes()[10] == b'T',
            "{at}"
        );
        assert!(at[..4].parse::<u32>().unwrap() >= 2025, "{at}");
    }
    // Links elsewhere (another host, the real site) were never followed.
    assert_eq!(store.versions.len(), 3);
    assert!(store.versions.keys().all(|u| u.starts_with(&server.base)));
}

#[test]
fn requests_start_at_least_the_delay_apart() {
    let server = serve(|_| {});
    let mut store = MemStore::default();
    let delay = Duration::from_millis(100);
    let config = FetchConfig {
        delay,
        since: day("2025-02-01"),
        ..config(&server)
    };
    let r = run(&server, &config, &mut store);
    let starts: Vec<Instant> = r
        .log
        .iter()
        .filter(|(_, p)| matches!(p, Progress::Request { .. }))
        .map(|(t, _)| *t)
        .collect();
    assert!(starts.len() >= 8, "{}", starts.len());
    for w in starts.windows(2) {
        assert!(w[1] - w[0] >= delay, "{:?} apart", w[1] - w[0]);
    }
    // The server sees the same, give or take the scheduling of its threads.
    let seen = server.seen();
    for w in seen.windows(2) {
        let gap = w[1].at - w[0].at;
        assert!(gap >= delay - Duration::from_millis(30), "{gap:?} apart");
    }
}

#[test]
fn a_crawl_delay_larger_than_the_delay_wins() {
    let server = serve(|routes| {
        routes.insert(
            "/robots.txt".into(),
            Route::new("text/plain", "User-agent: *\nCrawl-delay: 0.25\n"),
        );
    });
    let mut store = MemStore::default();
    let r = run(&server, &config(&server), &mut store);
    assert!(r.log.iter().any(|(_, p)| *p
        == Progress::Robots {
            status: 200,
            crawl_delay: Some(Duration::from_millis(250)),
            delay: Duration::from_millis(250)
        }));
    let seen = server.seen();
    assert_eq!(seen.len(), 5);
    for w in seen[1..].windows(2) {
        let gap = w[1].at - w[0].at;
        assert!(gap >= Duration::from_millis(220), "{gap:?} apart");
    }
}

#[test]
fn pages_robots_txt_disallows_are_never_requested() {
    let server = serve(|_| {});
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2025-02-01"),
        ..config(&server)
    };
    let r = run(&server, &config, &mut store);
    assert_eq!(r.report().disallowed_by_robots, 1);
    assert!(!server.paths().contains(&event_path(1006)));
    assert!(!store.has(&url(&server, &event_path(1006))));
    assert!(r.log.iter().any(|(_, p)| *p
        == Progress::Disallowed {
            url: url(&server, &event_path(1006))
        }));
}

#[test]
fn our_own_robots_group_wins_over_the_star_group() {
    let server = serve(|routes| {
        routes.insert(
            "/robots.txt".into(),
            Route::new(
                "text/plain",
                "User-agent: *\nDisallow: /\n\nUser-agent: stenogram\nDisallow: /events/president/transcripts/1008\nAllow: /\n",
            ),
        );
    });
    let mut store = MemStore::default();
    let r = run(&server, &config(&server), &mut store);
    assert_eq!(
        server.paths(),
        [
            "/robots.txt",
            "/events/all/feed",
            "/events/president/transcripts/1010",
            "/events/president/news/1009",
        ]
    );
    assert_eq!(r.report().disallowed_by_robots, 1);
    assert_eq!(r.report().new, 2);
}

#[test]
fn a_missing_robots_txt_allows_everything() {
    let server = serve(|routes| {
        routes.remove("/robots.txt");
    });
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2025-02-01"),
        ..config(&server)
    };
    let r = run(&server, &config, &mut store);
    assert!(r.log.iter().any(|(_, p)| matches!(
        p,
        Progress::Robots {
            status: 404,
            crawl_delay: None,
            ..
        }
    )));
    assert!(server.paths().contains(&event_path(1006)));
    assert_eq!(r.report().disallowed_by_robots, 0);
    assert_eq!(r.report().new, 7);
}

#[test]
fn a_robots_txt_answering_5xx_means_no_crawl() {
    let server = serve(|routes| {
        routes.get_mut("/robots.txt").unwrap().always = Some(Trick::Status(503));
    });
    let mut store = MemStore::default();
    let r = run(&server, &config(&server), &mut store);
    let report = r.report();
    let stopped = report.stopped.as_deref().expect("stopped");
    assert!(
        stopped.contains("robots.txt") && stopped.contains("not crawling"),
        "{stopped}"
    );
    assert!(stopped.contains("503"), "{stopped}");
    // Retried like any 5xx, and nothing else asked.
    assert_eq!(server.paths(), ["/robots.txt"; 3]);
    assert_eq!(r.retries(), 2);
    assert!(store.versions.is_empty());
}

#[test]
fn an_unreachable_site_is_a_network_error_retried_then_no_crawl() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let config = FetchConfig {
        base_url: format!("http://127.0.0.1:{port}"),
        delay: Duration::from_millis(5),
        backoff: Duration::from_millis(5),
        max_retries: 2,
        ..FetchConfig::default()
    };
    let mut store = MemStore::default();
    let mut retries = 0;
    let report = fetch(&config, &mut store, &mut |p| {
        if let Progress::Request { url, .. } = p {
            assert!(url.starts_with(&config.base_url));
        }
        retries += matches!(p, Progress::Retry { .. }) as usize;
    })
    .unwrap();
    assert_eq!(report.http_requests, 3);
    assert_eq!(retries, 2);
    let stopped = report.stopped.unwrap();
    assert!(stopped.contains("robots.txt unreachable"), "{stopped}");
    assert!(stopped.contains("3 attempts"), "{stopped}");
}

#[test]
fn a_backfill_pages_the_listing_until_entries_are_older_than_since() {
    let server = serve(|_| {});
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2025-02-01"),
        ..config(&server)
    };
    let r = run(&server, &config, &mut store);
    assert_eq!(
        server.paths(),
        [
            "/robots.txt",
            "/events/all/feed",
            "/events/president/transcripts/1010",
            "/events/president/news/1009",
            "/events/president/transcripts/1008",
            "/events/president/transcripts",
            "/events/president/transcripts/page/2",
            "/events/president/transcripts/1007",
            "/events/president/transcripts/1005",
            "/events/president/transcripts/page/3",
            "/events/president/transcripts/1004",
        ]
    );
    let report = r.report();
    assert_eq!(report.discovered, 7, "1010 to 1004: {report:?}");
    assert_eq!(report.out_of_range, 2, "1003 and 1002");
    assert_eq!(report.requested, 6);
    assert_eq!(report.new, 6);
    assert_eq!(report.listing_pages, 3);
    assert_eq!(
        store.state.get("fetch.listing 2025-02-01.."),
        Some(&"done".to_string())
    );
    assert!(r.log.iter().any(|(_, p)| matches!(p,
        Progress::ListingEnd { page: 3, reason } if reason.contains("older than since"))));
}

#[test]
fn until_bounds_the_range_and_an_empty_page_ends_the_listing() {
    let server = serve(|_| {});
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2020-01-01"),
        until: day("2025-03-01"),
        ..config(&server)
    };
    let r = run(&server, &config, &mut store);
    let paths = server.paths();
    for id in [1010, 1009, 1008] {
        assert_eq!(count(&paths, &event_path(id)), 0, "{id} is after until");
    }
    for id in [1007, 1005, 1004, 1003, 1002] {
        assert!(store.has(&url(&server, &event_path(id))), "{id}");
    }
    assert!(paths.contains(&listing_path(4)), "the empty page");
    assert!(!paths.contains(&listing_path(5)));
    let report = r.report();
    assert_eq!(report.new, 5);
    assert_eq!(report.listing_pages, 4);
    assert_eq!(report.out_of_range, 3);
}

#[test]
fn a_listing_page_repeating_earlier_ones_ends_the_listing() {
    // Past the end, this site serves its last page again.
    let server = serve(|routes| {
        let last = routes[&listing_path(3)].clone();
        routes.insert(listing_path(4), last.clone());
        routes.insert(listing_path(5), last);
    });
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2020-01-01"),
        ..config(&server)
    };
    let r = run(&server, &config, &mut store);
    let paths = server.paths();
    assert_eq!(count(&paths, &listing_path(4)), 1);
    assert_eq!(count(&paths, &listing_path(5)), 0);
    assert!(r.report().failed.is_empty());
    assert_eq!(r.report().new, 8);
    assert_eq!(
        store.state.get("fetch.listing 2020-01-01.."),
        Some(&"done".to_string())
    );
}

#[test]
fn a_page_cap_stops_the_listing_and_the_next_run_goes_on_from_there() {
    let server = serve(|_| {});
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2020-01-01"),
        max_listing_pages: 2,
        ..config(&server)
    };
    let first = run(&server, &config, &mut store);
    assert_eq!(first.report().listing_pages, 2);
    assert_eq!(
        store.state.get("fetch.listing 2020-01-01.."),
        Some(&"backfill 3".to_string())
    );
    server.clear_seen();
    let second = run(&server, &config, &mut store);
    let paths = server.paths();
    assert!(!paths.contains(&listing_path(1)) && !paths.contains(&listing_path(2)));
    assert_eq!(count(&paths, &listing_path(3)), 1);
    assert_eq!(count(&paths, &listing_path(4)), 1);
    assert_eq!(second.report().new, 3, "1004, 1003, 1002");
    assert_eq!(first.report().new + second.report().new, 8);
    assert_eq!(
        store.state.get("fetch.listing 2020-01-01.."),
        Some(&"done".to_string())
    );
}

#[test]
fn a_second_run_downloads_nothing_it_has_and_a_third_only_what_is_new() {
    let server = serve(|_| {});
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2025-02-01"),
        ..config(&server)
    };
    run(&server, &config, &mut store);
    assert_eq!(store.saved.len(), 6);

    server.clear_seen();
    let second = run(&server, &config, &mut store);
    let seen = server.seen();
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/robots.txt",
            "/events/all/feed",
            "/events/president/transcripts"
        ],
        "the feed is unchanged (304) and page 1 holds nothing new"
    );
    assert_eq!(seen[1].header("if-none-match"), Some("\"feed-1\""));
    let report = second.report();
    assert_eq!(report.requested, 0);
    assert_eq!(report.skipped_known, 3);
    assert_eq!(report.new, 0);
    assert_eq!(store.saved.len(), 6);

    // A new event appears in the feed and on the first listing page.
    let mut events: Vec<(u32, &str, &str, &str)> =
        vec![(1011, "news", "2025-03-12", "A new event")];
    events.extend_from_slice(&EVENTS[..PER_PAGE]);
    server.set_route(
        "/events/president/news/1011",
        Route::new(
            "text/html",
            event_html(1011, "A new event", "2025-03-12", ""),
        ),
    );
    let mut feed = Route::new("application/atom+xml", feed_xml(&server.base, &events));
    feed.etag = Some("\"feed-2\"".into());
    server.set_route("/events/all/feed", feed);
    server.set_route(
        &listing_path(1),
        Route::new("text/html", listing_html(1, &events)),
    );
    server.clear_seen();
    let third = run(&server, &config, &mut store);
    let paths = server.paths();
    assert_eq!(count(&paths, "/events/president/news/1011"), 1);
    assert_eq!(third.report().new, 1);
    assert_eq!(third.report().requested, 1);
    // Page 1 held a page fetched just now (from the feed): not caught up
    // yet; page 2 held only pages stored before.
    assert_eq!(third.report().listing_pages, 2);
    assert_eq!(count(&paths, &listing_path(2)), 1);
    for &(id, ..) in EVENTS {
        assert_eq!(count(&paths, &event_path(id)), 0, "{id} again");
    }
}

#[test]
fn an_interrupted_catch_up_goes_on_where_it_stopped() {
    let server = serve(|_| {});
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2025-02-01"),
        ..config(&server)
    };
    run(&server, &config, &mut store);
    let key = "fetch.listing 2025-02-01..";
    assert_eq!(store.state.get(key), Some(&"done".to_string()));

    // Five new events: more than the feed shows; the fifth newest (1011)
    // answers 429 once.
    let mut events: Vec<(u32, &str, &str, &str)> = vec![
        (1015, "news", "2025-03-20", "Fifteen"),
        (1014, "news", "2025-03-19", "Fourteen"),
        (1013, "news", "2025-03-18", "Thirteen"),
        (1012, "transcripts", "2025-03-17", "Twelve"),
        (1011, "transcripts", "2025-03-16", "Eleven"),
    ];
    events.extend_from_slice(EVENTS);
    publish(&server, &events, "\"feed-2\"");
    server.route("/events/president/transcripts/1011", |r| {
        r.script = [Trick::Status(429)].into()
    });
    server.clear_seen();
    let first = run(&server, &config, &mut store);
    assert!(first.report().stopped.is_some());
    assert_eq!(first.report().new, 4, "1015 to 1012");
    assert_eq!(store.state.get(key), Some(&"catchup 2".to_string()));

    // Page 1 is all stored now; the catch-up must not stop there.
    server.clear_seen();
    let second = run(&server, &config, &mut store);
    assert_eq!(
        server.paths(),
        [
            "/robots.txt",
            "/events/all/feed",
            "/events/president/transcripts/page/2",
            "/events/president/transcripts/1011",
            "/events/president/transcripts/page/3",
        ],
        "page 2 holds 1011; page 3 (1009, 1008, 1007) was all stored before"
    );
    assert_eq!(second.report().new, 1);
    assert_eq!(store.state.get(key), Some(&"done".to_string()));
}

#[test]
fn a_feed_entry_without_a_date_is_fetched_when_a_listing_dates_it_in_range() {
    let server = serve(|routes| {
        // 1007 (2025-03-01) is in range, but the feed does not say so.
        let feed = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/events/president/transcripts/1007"/></entry></feed>"#;
        routes.insert(
            "/events/all/feed".into(),
            Route::new("application/atom+xml", feed),
        );
    });
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2025-02-01"),
        until: day("2025-03-01"),
        ..config(&server)
    };
    let r = run(&server, &config, &mut store);
    assert!(store.has(&url(&server, &event_path(1007))));
    assert_eq!(count(&server.paths(), &event_path(1007)), 1);
    assert_eq!(r.report().new, 3, "1007, 1005, 1004");
}

#[test]
fn refresh_asks_conditionally_and_saves_changes_as_new_versions() {
    let server = serve(|routes| {
        let r = routes.get_mut(&event_path(1010)).unwrap();
        r.etag = Some("\"v1010\"".into());
        r.last_modified = Some("Mon, 10 Mar 2025 12:00:00 GMT".into());
        let r = routes.get_mut(&event_path(1009)).unwrap();
        r.last_modified = Some("Sat, 08 Mar 2025 12:00:00 GMT".into());
    });
    let mut store = MemStore::default();
    let first = run(&server, &config(&server), &mut store);
    assert_eq!(first.report().new, 3);
    for s in server.seen() {
        assert_eq!(s.header("if-none-match"), None, "{}", s.path);
        assert_eq!(s.header("if-modified-since"), None, "{}", s.path);
    }

    // 1009 changes (and its Last-Modified with it); 1008 does not, and has
    // no validators, so it is downloaded again and found unchanged.
    server.route(&event_path(1009), |r| {
        r.body = event_html(1009, "Telephone conversation", "2025-03-08", "Corrected.").into();
        r.last_modified = Some("Sun, 09 Mar 2025 08:00:00 GMT".into());
    });
    server.clear_seen();
    let config = FetchConfig {
        refresh: true,
        ..config(&server)
    };
    let second = run(&server, &config, &mut store);
    let seen = server.seen();
    let at = |p: &str| seen.iter().find(|s| s.path == p).unwrap();
    assert_eq!(
        at("/events/all/feed").header("if-none-match"),
        None,
        "refresh reads the whole feed"
    );
    let s1010 = at(&event_path(1010));
    assert_eq!(s1010.header("if-none-match"), Some("\"v1010\""));
    assert_eq!(
        s1010.header("if-modified-since"),
        Some("Mon, 10 Mar 2025 12:00:00 GMT")
    );
    assert_eq!(
        at(&event_path(1009)).header("if-modified-since"),
        Some("Sat, 08 Mar 2025 12:00:00 GMT")
    );
    assert_eq!(at(&event_path(1008)).header("if-none-match"), None);
    let report = second.report();
    assert_eq!(report.not_modified, 1);
    assert_eq!(report.changed, 1);
    assert_eq!(report.unchanged, 1);
    assert_eq!(report.new, 0);
    assert_eq!(report.requested, 3);
    let v1009 = &store.versions[&url(&server, &event_path(1009))];
    assert_eq!(v1009.len(), 2);
    assert_ne!(v1009[0].sha256, v1009[1].sha256);
    assert_eq!(v1009[1].body, server.body(&event_path(1009)));
    assert_eq!(store.versions[&url(&server, &event_path(1010))].len(), 1);
    assert_eq!(store.versions[&url(&server, &event_path(1008))].len(), 1);
    assert!(second.log.iter().any(|(_, p)| *p
        == Progress::Saved {
            url: url(&server, &event_path(1009)),
            saved: Saved::Changed
        }));
}

#[test]
fn a_5xx_is_retried_with_exponential_backoff_then_saved() {
    let server = serve(|routes| {
        let r = routes.get_mut(&event_path(1009)).unwrap();
        r.script = [Trick::Status(500), Trick::Status(502)].into();
    });
    let mut store = MemStore::default();
    let config = FetchConfig {
        backoff: Duration::from_millis(60),
        ..config(&server)
    };
    let r = run(&server, &config, &mut store);
    assert_eq!(count(&server.paths(), &event_path(1009)), 3);
    // The waits double, and each attempt starts after its wait.
    let u = url(&server, &event_path(1009));
    let waits: Vec<Duration> = r
        .log
        .iter()
        .filter_map(|(_, p)| match p {
            Progress::Retry { url, wait, .. } if *url == u => Some(*wait),
            _ => None,
        })
        .collect();
    assert_eq!(
        waits,
        [Duration::from_millis(60), Duration::from_millis(120)]
    );
    let times: Vec<(Instant, bool)> = r
        .log
        .iter()
        .filter_map(|(t, p)| match p {
            Progress::Retry { url, .. } if *url == u => Some((*t, true)),
            Progress::Request { url, .. } if *url == u => Some((*t, false)),
            _ => None,
        })
        .collect();
    // request, retry, request, retry, request
    assert_eq!(times.len(), 5);
    assert!(times[2].0 - times[1].0 >= waits[0]);
    assert!(times[4].0 - times[3].0 >= waits[1]);
    assert_eq!(r.retries(), 2);
    let report = r.report();
    assert_eq!(report.new, 3);
    assert!(report.failed.is_empty());
    assert!(store.has(&url(&server, &event_path(1009))));
}

#[test]
fn persistent_5xx_and_dropped_connections_fail_and_the_crawl_goes_on() {
    let server = serve(|routes| {
        routes.get_mut(&event_path(1009)).unwrap().always = Some(Trick::Status(500));
        routes.get_mut(&event_path(1008)).unwrap().always = Some(Trick::Close);
    });
    let mut store = MemStore::default();
    let r = run(&server, &config(&server), &mut store);
    let paths = server.paths();
    assert_eq!(count(&paths, &event_path(1009)), 3, "1 + max_retries");
    assert_eq!(count(&paths, &event_path(1008)), 3);
    let report = r.report();
    assert_eq!(report.new, 1);
    assert!(report.stopped.is_none());
    assert_eq!(report.failed.len(), 2);
    let (u, e) = &report.failed[0];
    assert_eq!(*u, url(&server, &event_path(1009)));
    assert!(
        e.contains("HTTP 500 Internal Server Error") && e.contains("3 attempts"),
        "{e}"
    );
    let (u, e) = &report.failed[1];
    assert_eq!(*u, url(&server, &event_path(1008)));
    assert!(!e.contains("HTTP 5"), "a network error: {e}");
    // The feed's entries are not all handled: next time it is read again.
    assert!(!store.state.contains_key("fetch.feed.etag"));
}

#[test]
fn a_404_or_a_redirect_fails_at_once_without_retry() {
    let server = serve(|routes| {
        routes.remove(&event_path(1009));
        routes.get_mut(&event_path(1008)).unwrap().always = Some(Trick::Status(301));
    });
    let mut store = MemStore::default();
    let r = run(&server, &config(&server), &mut store);
    let paths = server.paths();
    assert_eq!(count(&paths, &event_path(1009)), 1);
    assert_eq!(count(&paths, &event_path(1008)), 1);
    assert_eq!(r.retries(), 0);
    let failed = &r.report().failed;
    assert_eq!(
        failed[0],
        (
            url(&server, &event_path(1009)),
            "HTTP 404 Not Found".to_string()
        )
    );
    assert!(failed[1].1.contains("not followed"), "{:?}", failed[1]);
    assert_eq!(r.report().new, 1);
}

#[test]
fn a_429_stops_at_once_keeps_what_was_saved_and_the_next_run_resumes() {
    let server = serve(|routes| {
        routes.get_mut(&event_path(1005)).unwrap().script = [Trick::Status(429)].into();
    });
    let mut store = MemStore::default();
    let config = FetchConfig {
        since: day("2020-01-01"),
        ..config(&server)
    };
    let first = run(&server, &config, &mut store);
    let report = first.report();
    assert_eq!(
        report.stopped.as_deref(),
        Some(
            format!(
                "HTTP 429 Too Many Requests at {}: stopped; retry later (Retry-After: 0)",
                url(&server, &event_path(1005))
            )
            .as_str()
        )
    );
    let paths = server.paths();
    assert_eq!(
        paths.last().unwrap(),
        &event_path(1005),
        "nothing after the 429"
    );
    assert_eq!(count(&paths, &event_path(1005)), 1, "a 429 is not retried");
    assert_eq!(report.new, 4, "1010, 1009, 1008, 1007 kept");
    assert_eq!(store.saved.len(), 4);
    assert_eq!(
        store.state.get("fetch.listing 2020-01-01.."),
        Some(&"backfill 2".to_string())
    );

    let first_paths = paths;
    server.clear_seen();
    let second = run(&server, &config, &mut store);
    let paths = server.paths();
    assert_eq!(
        paths,
        [
            "/robots.txt",
            "/events/all/feed",
            "/events/president/transcripts/page/2",
            "/events/president/transcripts/1005",
            "/events/president/transcripts/page/3",
            "/events/president/transcripts/1004",
            "/events/president/transcripts/1003",
            "/events/president/news/1002",
            "/events/president/transcripts/page/4",
        ],
        "resumes at listing page 2; the feed was handled (304)"
    );
    let report = second.report();
    assert_eq!(report.new, 4);
    assert!(report.stopped.is_none());
    // Across both runs, every event page was downloaded exactly once.
    for &(id, ..) in EVENTS {
        let n = count(&first_paths, &event_path(id)) + count(&paths, &event_path(id));
        let expected = if id == 1006 {
            0
        } else if id == 1005 {
            2
        } else {
            1
        };
        assert_eq!(n, expected, "{id}");
    }
    assert_eq!(store.saved.len(), 8);
}

#[test]
fn a_403_stops_at_once_too() {
    let server = serve(|routes| {
        routes.get_mut(&event_path(1009)).unwrap().always = Some(Trick::Status(403));
    });
    let mut store = MemStore::default();
    let r = run(&server, &config(&server), &mut store);
    let stopped = r.report().stopped.clone().unwrap();
    assert!(stopped.starts_with("HTTP 403 Forbidden at "), "{stopped}");
    assert_eq!(server.paths().last().unwrap(), &event_path(1009));
    assert!(!server.paths().contains(&event_path(1008)));
    assert_eq!(store.saved, [url(&server, &event_path(1010))]);
}

#[test]
fn a_truncated_body_is_retried_and_never_saved() {
    let server = serve(|routes| {
        routes.get_mut(&event_path(1009)).unwrap().always = Some(Trick::Truncate);
        routes.get_mut(&event_path(1008)).unwrap().script = [Trick::Truncate].into();
    });
    let mut store = MemStore::default();
    let r = run(&server, &config(&server), &mut store);
    let paths = server.paths();
    assert_eq!(count(&paths, &event_path(1009)), 3);
    assert!(!store.has(&url(&server, &event_path(1009))));
    let report = r.report();
    assert_eq!(report.failed.len(), 1);
    let (u, e) = &report.failed[0];
    assert_eq!(*u, url(&server, &event_path(1009)));
    assert!(e.contains("body") && e.contains("3 attempts"), "{e}");
    // Truncated once, whole the second time: saved whole.
    assert_eq!(count(&paths, &event_path(1008)), 2);
    let saved = &store.versions[&url(&server, &event_path(1008))];
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].body, server.body(&event_path(1008)));
}

#[test]
fn a_response_slower_than_the_timeout_is_a_network_error() {
    let server = serve(|routes| {
        routes.get_mut(&event_path(1009)).unwrap().script =
            [Trick::Slow(Duration::from_millis(1500))].into();
        routes.get_mut(&event_path(1008)).unwrap().always =
            Some(Trick::Slow(Duration::from_millis(1500)));
    });
    let mut store = MemStore::default();
    let config = FetchConfig {
        timeout: Duration::from_millis(300),
        max_retries: 1,
        ..config(&server)
    };
    let started = Instant::now();
    let r = run(&server, &config, &mut store);
    assert!(started.elapsed() < Duration::from_secs(5));
    let report = r.report();
    assert!(
        store.has(&url(&server, &event_path(1009))),
        "retried after the timeout"
    );
    assert_eq!(report.failed.len(), 1);
    let (u, e) = &report.failed[0];
    assert_eq!(*u, url(&server, &event_path(1008)));
    assert!(e.contains("timed out") && e.contains("2 attempts"), "{e}");
}

#[test]
fn a_store_error_midway_ends_the_run_and_the_rerun_continues() {
    let server = serve(|_| {});
    let mut store = MemStore {
        fail_save_at: Some(4),
        ..MemStore::default()
    };
    let config = FetchConfig {
        since: day("2020-01-01"),
        ..config(&server)
    };
    let first = run(&server, &config, &mut store);
    match &first.result {
        Err(FetchError::Store { url: u, source }) => {
            assert_eq!(*u, url(&server, &event_path(1005)));
            assert!(source.to_string().contains("disk full"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.saved.len(), 4);
    assert_eq!(
        store.state.get("fetch.listing 2020-01-01.."),
        Some(&"backfill 2".to_string())
    );
    let first_paths = server.paths();
    server.clear_seen();
    store.fail_save_at = None;
    let second = run(&server, &config, &mut store);
    assert_eq!(second.report().new, 4);
    let paths = server.paths();
    assert!(!paths.contains(&listing_path(1)));
    for &(id, ..) in EVENTS {
        let n = count(&first_paths, &event_path(id)) + count(&paths, &event_path(id));
        let expected = if id == 1006 {
            0
        } else if id == 1005 {
            2
        } else {
            1
        };
        assert_eq!(n, expected, "{id}");
    }
}

#[test]
fn bad_configurations_are_refused_before_any_request() {
    let server = serve(|_| {});
    let mut store = MemStore::default();
    for config in [
        FetchConfig {
            since: day("2025-03-01"),
            until: day("2025-02-01"),
            ..config(&server)
        },
        FetchConfig {
            base_url: format!("{}/events", server.base),
            ..config(&server)
        },
        FetchConfig {
            base_url: "file:///etc/passwd".into(),
            ..config(&server)
        },
        FetchConfig {
            user_agent: " ".into(),
            ..config(&server)
        },
    ] {
        let r = fetch(&config, &mut store, &mut |_| {});
        assert!(matches!(r, Err(FetchError::Config(_))), "{r:?}");
    }
    assert!(server.seen().is_empty());
}
