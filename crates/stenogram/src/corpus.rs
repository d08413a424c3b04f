//! The commands on a data directory: ingest, search, kwic, speakers,
//! status, reindex.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use stenogram_store::{
    ClaimRow, Conflict, CsvRecord, Filter, Group, IngestOptions, IngestProgress, Kwic, KwicHit,
    KwicOptions, KwicSort, SearchHit, SearchOptions, Store,
};

use crate::output::{Out, Outcome};

/// Output format of the query commands.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

#[derive(Args)]
pub struct FilterArgs {
    /// Only speech by this person: an id (vladimir-putin) or a name (Putin). Repeatable.
    #[arg(long = "speaker")]
    speakers: Vec<String>,
    /// Only speech in this role (case-insensitive part of it: "president of russia"). Repeatable.
    #[arg(long = "role")]
    roles: Vec<String>,
    /// From this date on (YYYY, YYYY-MM or YYYY-MM-DD, inclusive).
    #[arg(long)]
    from: Option<String>,
    /// Up to this date (YYYY, YYYY-MM or YYYY-MM-DD, inclusive).
    #[arg(long)]
    to: Option<String>,
    /// Only these parts of the text: lead, narration, label, speech, artefact. Repeatable.
    #[arg(long = "part")]
    parts: Vec<String>,
    /// Only documents with this tag (a page's topics, places and persons, a
    /// dataset's `tags`), case-insensitive. Repeatable: all must hold.
    #[arg(long = "tag")]
    tags: Vec<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> Filter {
        Filter {
            speakers: self.speakers.clone(),
            roles: self.roles.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            parts: self.parts.clone(),
            tags: self.tags.clone(),
        }
    }
}

#[derive(Args)]
pub struct IngestArgs {
    /// Files and folders: .txt transcripts, folders of them (with an index.csv
    /// for metadata), kremlin.ru .html pages, .csv, .jsonl and .jsonl.zst datasets.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// `text` prints a summary line; `json` one summary object.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Which column (CSV) or key (JSON Lines) holds which field, e.g.
    /// `--map text=content,date=published`; fields: id, date, title, url, text.
    #[arg(long, value_parser = parse_map)]
    map: Option<stenogram_sources::FieldMap>,
    /// Documents per transaction and index commit.
    #[arg(long, default_value_t = 2000, hide = true)]
    batch_size: usize,
}

fn parse_map(spec: &str) -> Result<stenogram_sources::FieldMap, String> {
    stenogram_sources::FieldMap::parse(spec)
}

#[derive(Args)]
pub struct SearchArgs {
    /// Words, "phrases", AND / OR / NOT (or + and -), parentheses. All words
    /// must match unless joined with OR.
    query: String,
    #[command(flatten)]
    filter: FilterArgs,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Args)]
pub struct KwicArgs {
    /// A word or phrase; case and punctuation between words are ignored.
    term: String,
    #[command(flatten)]
    filter: FilterArgs,
    /// Characters of context on each side.
    #[arg(long, default_value_t = stenogram_store::DEFAULT_CONTEXT)]
    context: usize,
    #[arg(long, value_enum, default_value_t = SortArg::Date)]
    sort: SortArg,
    /// Print only the totals.
    #[arg(long)]
    count: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SortArg {
    Date,
    Left,
    Right,
}

#[derive(Args)]
pub struct SpeakersArgs {
    /// Only these persons (ids or names). Repeatable.
    #[arg(long = "speaker")]
    speakers: Vec<String>,
    #[arg(long)]
    limit: Option<usize>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Args)]
pub struct ClaimsArgs {
    /// Only this indicator (trade, gdp, inflation, unemployment, investment, …). Repeatable.
    #[arg(long = "indicator")]
    indicators: Vec<String>,
    /// Only claims whose scope includes these countries (`Belarus`, or
    /// `Belarus+Russia` for both). Repeatable.
    #[arg(long = "scope")]
    scope: Vec<String>,
    #[command(flatten)]
    filter: FilterArgs,
    /// Pairs of claims that disagree (divergence, contradiction, revision), largest gap first.
    #[arg(long)]
    conflicts: bool,
    /// One indicator (and scope) as a time series: every claimed value with
    /// its date, source, speaker and link.
    #[arg(long, conflicts_with = "conflicts")]
    series: bool,
    #[arg(long)]
    limit: Option<usize>,
    /// With --conflicts: only pairs at least this sure (0–1; see ARCHITECTURE.md).
    #[arg(long, default_value_t = 0.5)]
    min_confidence: f64,
    /// Recompute every document's figures and claims from the stored text
    /// and structure (after the rules changed), in one transaction, then exit.
    #[arg(long, conflicts_with_all = ["conflicts", "series"])]
    rebuild: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Args)]
pub struct StatusArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Shows ingest progress on a terminal; draws nothing otherwise.
struct Bar(indicatif::ProgressBar);

impl IngestProgress for Bar {
    fn total_bytes(&self, bytes: u64) {
        self.0.set_length(bytes);
    }
    fn read_bytes(&self, bytes: u64) {
        self.0.set_position(bytes);
    }
    fn documents(&self, count: u64) {
        self.0.set_message(format!("{count} documents"));
    }
}

pub fn ingest(data: &Path, args: IngestArgs) -> Result<Outcome> {
    let mut store = Store::open_write(data)?;
    let bar =
        indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
        )
        .expect("a valid template"),
    );
    let options = IngestOptions {
        batch_documents: args.batch_size,
        read: stenogram_sources::ReadOptions {
            map: args.map.clone().unwrap_or_default(),
        },
        ..IngestOptions::default()
    };
    let summary = store.ingest(&args.paths, &options, &Bar(bar.clone()))?;
    bar.finish_and_clear();
    for warning in &summary.warnings {
        eprintln!("stenogram: warning: {}: {}", warning.path, warning.error);
    }
    for failure in &summary.failed {
        eprintln!("stenogram: error: {}: {}", failure.path, failure.error);
    }
    let mut out = Out::stdout();
    match args.format {
        Format::Json => out.json(&summary)?,
        _ => {
            let skipped = if summary.skipped.is_empty() {
                String::new()
            } else {
                format!(
                    ", skipped {} (no text, or not a transcript; --format json lists them)",
                    summary.skipped.len()
                )
            };
            out.line(&format!(
                "added {}, replaced {}, unchanged {}, failed {}{skipped} (store: {})",
                summary.added,
                summary.replaced,
                summary.unchanged,
                summary.failed.len(),
                data.display()
            ))?;
        }
    }
    out.finish()?;
    Ok(if summary.failed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Failed
    })
}

pub fn search(data: &Path, args: SearchArgs) -> Result<Outcome> {
    let store = Store::open_read(data)?;
    let options = SearchOptions {
        query: args.query.clone(),
        filter: args.filter.filter(),
        limit: args.limit,
        offset: args.offset,
    };
    let (hits, total) = store.search(&options)?;
    let mut out = Out::stdout();
    match args.format {
        Format::Json => {
            for hit in &hits {
                out.json(hit)?;
            }
        }
        Format::Csv => {
            out.csv_row(SearchHit::header())?;
            for h in &hits {
                out.csv_row(&h.record())?;
            }
        }
        Format::Text => {
            out.line(&format!(
                "{total} matching passages; showing {}–{}",
                if hits.is_empty() { 0 } else { args.offset + 1 },
                args.offset + hits.len()
            ))?;
            for (i, h) in hits.iter().enumerate() {
                out.line(&format!(
                    "\n{}. {} · {} · {}",
                    args.offset + i + 1,
                    h.date.as_deref().unwrap_or("undated"),
                    h.doc,
                    h.speaker.name.as_deref().unwrap_or("(no speaker)")
                ))?;
                if let Some(title) = &h.title {
                    out.line(&format!("   {title}"))?;
                }
                out.line(&format!("   {}", one_line(&h.snippet)))?;
                out.line(&format!(
                    "   {} [{}..{}] score {:.2}",
                    h.url.as_deref().unwrap_or("-"),
                    h.start,
                    h.end,
                    h.score
                ))?;
            }
        }
    }
    out.finish()?;
    Ok(Outcome::Ok)
}

pub fn kwic(data: &Path, args: KwicArgs) -> Result<Outcome> {
    let store = Store::open_read(data)?;
    let options = KwicOptions {
        term: args.term.clone(),
        filter: args.filter.filter(),
        context: args.context,
        sort: match args.sort {
            SortArg::Date => KwicSort::Date,
            SortArg::Left => KwicSort::Left,
            SortArg::Right => KwicSort::Right,
        },
    };
    let mut out = Out::stdout();
    let width = args.context;
    let mut csv_started = false;
    let format = args.format;
    let count_only = args.count;
    let totals = if count_only {
        // From the index's postings: a count never reads the text.
        let counts = store.hit_counts(&options.term, &options.filter, Group::None)?;
        Kwic {
            total: counts.total,
            documents: counts.documents,
        }
    } else {
        let mut sink = |hit: &KwicHit| -> bool {
            let written = match format {
                Format::Json => out.json(hit),
                Format::Csv => {
                    if !csv_started {
                        csv_started = true;
                        if out.csv_row(KwicHit::header()).is_err() {
                            return false;
                        }
                    }
                    out.csv_row(&hit.record())
                }
                Format::Text => {
                    let left = one_line(&hit.left);
                    let pad = width.saturating_sub(left.chars().count());
                    out.line(&format!(
                        "{} {:<8} {}{} [{}] {}",
                        hit.date.as_deref().unwrap_or("undated   "),
                        hit.doc,
                        " ".repeat(pad),
                        left,
                        hit.matched,
                        one_line(&hit.right)
                    ))
                }
            };
            written.is_ok() && !out.closed()
        };
        store.kwic(&options, &mut sink)?
    };
    if out.closed() {
        return Ok(Outcome::Ok);
    }
    match (format, count_only) {
        (Format::Json, true) => out.json(&totals)?,
        (_, true) => out.line(&format!(
            "{} hits in {} documents",
            totals.total, totals.documents
        ))?,
        (Format::Text, false) => out.line(&format!(
            "— {} hits in {} documents",
            totals.total, totals.documents
        ))?,
        _ => eprintln!(
            "stenogram: {} hits in {} documents",
            totals.total, totals.documents
        ),
    }
    out.finish()?;
    Ok(Outcome::Ok)
}

pub fn speakers(data: &Path, args: SpeakersArgs) -> Result<Outcome> {
    let store = Store::open_read(data)?;
    let rows = store.speakers(&args.speakers, args.limit)?;
    let mut out = Out::stdout();
    match args.format {
        Format::Json => {
            for row in &rows {
                out.json(row)?;
            }
        }
        Format::Csv => {
            out.csv_row(&[
                "person",
                "name",
                "role",
                "turns",
                "documents",
                "first",
                "last",
            ])?;
            for r in &rows {
                out.csv_row(&[
                    &r.person,
                    &r.name,
                    "",
                    &r.turns.to_string(),
                    &r.documents.to_string(),
                    r.first.as_deref().unwrap_or(""),
                    r.last.as_deref().unwrap_or(""),
                ])?;
                for role in &r.roles {
                    out.csv_row(&[
                        &r.person,
                        &r.name,
                        &role.role,
                        &role.turns.to_string(),
                        &role.documents.to_string(),
                        role.first.as_deref().unwrap_or(""),
                        role.last.as_deref().unwrap_or(""),
                    ])?;
                }
            }
        }
        Format::Text => {
            for r in &rows {
                out.line(&format!(
                    "{} ({}): {} turns, {} words, {} documents, {} – {}",
                    r.name,
                    r.person,
                    r.turns,
                    r.words,
                    r.documents,
                    r.first.as_deref().unwrap_or("?"),
                    r.last.as_deref().unwrap_or("?")
                ))?;
                for role in &r.roles {
                    out.line(&format!(
                        "    {}: {} turns, {} – {}",
                        role.role,
                        role.turns,
                        role.first.as_deref().unwrap_or("?"),
                        role.last.as_deref().unwrap_or("?")
                    ))?;
                }
            }
        }
    }
    out.finish()?;
    Ok(Outcome::Ok)
}

pub fn status(data: &Path, args: StatusArgs) -> Result<Outcome> {
    let store = Store::open_read(data)?;
    let status = store.status()?;
    let mut out = Out::stdout();
    match args.format {
        Format::Json => out.json(&status)?,
        _ => {
            out.line(&format!("store {}", status.data.display()))?;
            out.line(&format!(
                "{} documents, {} turns, {} paragraphs, {} mentions, {} persons, {} words",
                status.documents,
                status.turns,
                status.paragraphs,
                status.mentions,
                status.persons,
                status.words
            ))?;
            out.line(&format!(
                "index: {} pieces of {} documents; generation {} (SQLite {}); {}",
                status.index_pieces,
                status.index_documents,
                status.index_generation,
                status.generation,
                if status.consistent {
                    "consistent"
                } else {
                    "NOT consistent: run `stenogram reindex`"
                }
            ))?;
        }
    }
    out.finish()?;
    if !status.consistent {
        eprintln!(
            "stenogram: the index is behind SQLite (generation {} of {}); the next ingest or `stenogram reindex` brings it up to date",
            status.index_generation, status.generation
        );
    }
    Ok(if status.consistent {
        Outcome::Ok
    } else {
        Outcome::Failed
    })
}

pub fn reindex(data: &Path) -> Result<Outcome> {
    let mut store =
        Store::open_write(data).with_context(|| format!("opening {}", data.display()))?;
    let count = store.reindex()?;
    let mut out = Out::stdout();
    out.line(&format!("re-indexed {count} documents"))?;
    out.finish()?;
    Ok(Outcome::Ok)
}

/// Newlines and tabs as spaces, for one-line displays.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\t', '\r'], " ")
}

pub fn claims(data: &Path, args: ClaimsArgs) -> Result<Outcome> {
    if args.rebuild {
        let started = std::time::Instant::now();
        // Only an existing store: a rebuild never creates one.
        drop(Store::open_read(data)?);
        let mut store = Store::open_write(data)?;
        let written = store.rebuild_claims()?;
        let mut out = Out::stdout();
        match args.format {
            Format::Json => out.json(&serde_json::json!({ "claims": written }))?,
            _ => out.line(&format!(
                "rebuilt {written} claims in {:.1} s (store: {})",
                started.elapsed().as_secs_f64(),
                data.display()
            ))?,
        }
        return Ok(Outcome::Ok);
    }
    let store = Store::open_read(data)?;
    let filter = stenogram_store::ClaimFilter {
        indicators: args.indicators.clone(),
        scope: args
            .scope
            .iter()
            .flat_map(|s| s.split('+'))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        filter: args.filter.filter(),
        ..Default::default()
    };
    if args.series && filter.indicators.len() != 1 {
        return Err(stenogram_store::StoreError::Query(
            "--series needs one --indicator (and usually a --scope)".into(),
        )
        .into());
    }
    let limit = args.limit.unwrap_or(usize::MAX);
    let mut out = Out::stdout();
    if args.conflicts {
        let mut conflicts = store.conflicts(&filter)?;
        conflicts.retain(|c| c.confidence >= args.min_confidence);
        match args.format {
            Format::Json => {
                for c in conflicts.iter().take(limit) {
                    out.json(c)?;
                }
            }
            Format::Csv => {
                out.csv_row(Conflict::header())?;
                for c in conflicts.iter().take(limit) {
                    out.csv_row(&c.record())?;
                }
            }
            Format::Text => {
                out.line(&format!("{} conflicts", conflicts.len()))?;
                for (i, c) in conflicts.iter().take(limit).enumerate() {
                    let [a, b] = &c.claims;
                    out.line(&format!(
                        "\n{}. {:?}, confidence {:.2}, gap {:.1}%: {} ({}){}",
                        i + 1,
                        c.kind,
                        c.confidence,
                        c.gap * 100.0,
                        a.indicator,
                        a.scope.join("+"),
                        a.period
                            .as_deref()
                            .map(|p| format!(", {p}"))
                            .unwrap_or_default()
                    ))?;
                    out.line(&format!("   {}", c.reason))?;
                    for claim in [a, b] {
                        out.line(&format!(
                            "   {} · {} · {} · {}{}\n      {}\n      {}",
                            claim.date.as_deref().unwrap_or("undated"),
                            claim.doc,
                            claim.speaker.name.as_deref().unwrap_or("(no speaker)"),
                            claim.figure(),
                            claim
                                .source
                                .as_deref()
                                .map(|s| format!(" ({s})"))
                                .unwrap_or_default(),
                            one_line(&claim.sentence),
                            claim.url.as_deref().unwrap_or("-")
                        ))?;
                    }
                }
            }
        }
        out.finish()?;
        return Ok(Outcome::Ok);
    }
    let claims = store.claims(&filter)?;
    match args.format {
        Format::Json => {
            for c in claims.iter().take(limit) {
                out.json(c)?;
            }
        }
        Format::Csv => {
            out.csv_row(ClaimRow::header())?;
            for c in claims.iter().take(limit) {
                out.csv_row(&c.record())?;
            }
        }
        Format::Text if args.series => {
            let first = claims.first();
            out.line(&format!(
                "{} {}: {} claimed values",
                filter.indicators[0],
                if filter.scope.is_empty() {
                    "(all scopes)".to_owned()
                } else {
                    filter.scope.join("+")
                },
                claims.len()
            ))?;
            let _ = first;
            for c in claims.iter().take(limit) {
                out.line(&format!(
                    "{:<10}  {:<16}  {:<28} {:<8} {:<22} {:<22} {}",
                    c.date.as_deref().unwrap_or("undated"),
                    c.period.as_deref().unwrap_or("-"),
                    c.figure(),
                    if c.change {
                        c.direction.as_deref().unwrap_or("change")
                    } else {
                        "level"
                    },
                    c.source.as_deref().unwrap_or("-"),
                    c.speaker.name.as_deref().unwrap_or("-"),
                    c.url.as_deref().unwrap_or(&c.doc)
                ))?;
            }
        }
        Format::Text => {
            for c in claims.iter().take(limit) {
                out.line(&format!(
                    "{} · {} · {} · {} ({}){}{}: {}{}",
                    c.date.as_deref().unwrap_or("undated"),
                    c.doc,
                    c.speaker.name.as_deref().unwrap_or("(no speaker)"),
                    c.indicator,
                    c.scope.join("+"),
                    c.period
                        .as_deref()
                        .map(|p| format!(", {p}"))
                        .unwrap_or_default(),
                    match c.kind.as_str() {
                        "level" if c.forecast => ", forecast",
                        "level" => "",
                        "change" => ", change",
                        "share" => ", share",
                        "ratio" => ", ratio",
                        _ if c.change => ", change",
                        _ => "",
                    },
                    c.figure(),
                    c.source
                        .as_deref()
                        .map(|s| format!(" ({s})"))
                        .unwrap_or_default(),
                ))?;
                out.line(&format!("    {}", one_line(&c.sentence)))?;
            }
        }
    }
    out.finish()?;
    Ok(Outcome::Ok)
}
