//! Search and KWIC latency over an existing store (release build):
//!
//! ```sh
//! cargo run --release -p stenogram-store --example query_latency -- DATA_DIR [ROUNDS]
//! ```
//!
//! Runs 20 varied queries (words, phrases, boolean, filtered) ROUNDS times
//! each (default 50) after one warm-up round, on one opened store as a
//! server would, and prints p50 / p99 / max per query and over all; then
//! the complete KWIC of "Russia" (every hit built, context included).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use stenogram_store::{Filter, KwicOptions, KwicSort, SearchOptions, Store};

fn filter(
    speaker: Option<&str>,
    role: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Filter {
    Filter {
        speakers: speaker.map(|s| vec![s.to_owned()]).unwrap_or_default(),
        roles: role.map(|s| vec![s.to_owned()]).unwrap_or_default(),
        from: from.map(str::to_owned),
        to: to.map(str::to_owned),
        parts: Vec::new(),
        tags: Vec::new(),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: query_latency DATA_DIR [ROUNDS]"));
    let rounds: usize = args
        .next()
        .map_or(50, |r| r.parse().expect("ROUNDS is a number"));
    let store = Store::open_read(&dir).expect("open store");
    let queries: Vec<(&str, Filter)> = vec![
        ("Russia", Filter::default()),
        ("sovereignty", Filter::default()),
        ("\"Union State\"", Filter::default()),
        ("\"trade turnover\"", Filter::default()),
        ("gas AND Ukraine", Filter::default()),
        ("sanctions OR embargo", Filter::default()),
        ("economy NOT crisis", Filter::default()),
        ("\"special military operation\"", Filter::default()),
        ("inflation", filter(Some("Putin"), None, None, None)),
        (
            "\"Union State\"",
            filter(Some("vladimir-putin"), None, Some("2010"), None),
        ),
        (
            "Belarus trade",
            filter(None, None, Some("2015"), Some("2019")),
        ),
        (
            "investment",
            filter(None, Some("President of Russia"), None, None),
        ),
        ("\"climate change\"", Filter::default()),
        (
            "Syria",
            filter(None, None, Some("2015-09"), Some("2016-03")),
        ),
        ("pensions", filter(Some("Medvedev"), None, None, None)),
        ("\"national projects\"", Filter::default()),
        ("NATO expansion", Filter::default()),
        ("\"Crimea\"", filter(None, None, Some("2014"), Some("2014"))),
        ("the", Filter::default()),
        (
            "digital economy",
            filter(None, Some("minister"), None, None),
        ),
    ];
    let mut all = Vec::new();
    println!(
        "{:<36} {:>7} {:>8} {:>8} {:>8}",
        "query", "hits", "p50 ms", "p99 ms", "max ms"
    );
    for (query, filter) in &queries {
        let options = SearchOptions {
            query: (*query).to_owned(),
            filter: filter.clone(),
            limit: 20,
            offset: 0,
        };
        let (_, total) = store.search(&options).expect("warm-up");
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let start = Instant::now();
            let (hits, _) = store.search(&options).expect("search");
            std::hint::black_box(hits);
            times.push(start.elapsed());
        }
        times.sort();
        let label = if filter.is_empty() {
            (*query).to_owned()
        } else {
            format!("{query} [filtered]")
        };
        println!(
            "{:<36} {:>7} {:>8.2} {:>8.2} {:>8.2}",
            label,
            total,
            ms(percentile(&times, 50.0)),
            ms(percentile(&times, 99.0)),
            ms(*times.last().unwrap())
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "all {} searches: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        all.len(),
        ms(percentile(&all, 50.0)),
        ms(percentile(&all, 99.0)),
        ms(*all.last().unwrap())
    );
    let options = KwicOptions {
        term: "Russia".into(),
        filter: Filter::default(),
        context: 40,
        sort: KwicSort::Date,
    };
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let mut bytes = 0usize;
        let totals = store
            .kwic(&options, &mut |hit| {
                bytes += hit.left.len() + hit.right.len();
                true
            })
            .expect("kwic");
        times.push(start.elapsed());
        total = totals.total;
        std::hint::black_box(bytes);
    }
    times.sort();
    println!(
        "kwic Russia (complete, {total} hits): best {:.1} ms, median {:.1} ms",
        ms(times[0]),
        ms(times[2])
    );
}
