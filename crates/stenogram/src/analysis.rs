//! The analysis commands: trends (with an SVG chart), keyness, collocates.
//! Each prints the subcorpus it used: as `#` lines before text output, as
//! one JSON line on stderr with `--format json` or `csv`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use stenogram_analysis::measures::{self, Period};
use stenogram_analysis::reports;
use stenogram_store::Store;

use crate::corpus::{FilterArgs, Format};
use crate::output::{Out, Outcome};

#[derive(Clone, Copy, ValueEnum)]
pub enum By {
    Year,
    Month,
}

#[derive(Args)]
pub struct TrendsArgs {
    /// Words or phrases to count.
    #[arg(required = true)]
    terms: Vec<String>,
    #[arg(long, value_enum, default_value_t = By::Year)]
    by: By,
    #[command(flatten)]
    filter: FilterArgs,
    /// Draw the series (per million words) to this SVG file.
    #[arg(long)]
    plot: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Args)]
pub struct KeynessArgs {
    /// The target subcorpus: `speaker=putin,from=2014,to=2016` (keys
    /// speaker, role, from, to, part, tag; repeat keys for several values),
    /// or `@name` for a saved one.
    #[arg(long, value_parser = check_subcorpus)]
    target: String,
    /// The reference subcorpus, the same way; default: the rest of the store.
    #[arg(long, value_parser = check_subcorpus)]
    reference: Option<String>,
    /// Only words at least this frequent in the target (in the reference with --negative).
    #[arg(long, default_value_t = 5)]
    min_freq: u64,
    /// Leave out English function words.
    #[arg(long)]
    stopwords: bool,
    /// List the words the target uses less than the reference.
    #[arg(long)]
    negative: bool,
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Checks a subcorpus spec at parse time (a saved name is checked later).
fn check_subcorpus(spec: &str) -> Result<String, String> {
    if !spec.starts_with('@') {
        stenogram_store::parse_spec(spec).map_err(|e| e.to_string())?;
    }
    Ok(spec.to_owned())
}

#[derive(Args)]
pub struct SubcorpusArgs {
    #[command(subcommand)]
    action: SubcorpusAction,
}

#[derive(clap::Subcommand)]
pub enum SubcorpusAction {
    /// Save a named subcorpus definition for `--target @NAME` / `--reference @NAME`.
    Save {
        name: String,
        #[arg(value_parser = check_subcorpus)]
        spec: String,
    },
    /// List the saved subcorpora.
    List,
}

pub fn subcorpus(data: &Path, args: SubcorpusArgs) -> Result<Outcome> {
    let mut out = Out::stdout();
    match args.action {
        SubcorpusAction::Save { name, spec } => {
            if spec.starts_with('@') {
                return Err(stenogram_store::StoreError::Query(
                    "a saved subcorpus is a spec, not a name".into(),
                )
                .into());
            }
            let store = Store::open_write(data)?;
            store.save_subcorpus(&name, &spec)?;
            out.line(&format!("saved @{name} = {spec}"))?;
        }
        SubcorpusAction::List => {
            let store = Store::open_read(data)?;
            for (name, spec) in store.saved_subcorpora()? {
                out.line(&format!("@{name} = {spec}"))?;
            }
        }
    }
    out.finish()?;
    Ok(Outcome::Ok)
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Measure {
    Ll,
    Mi,
    T,
}

#[derive(Args)]
pub struct CollocatesArgs {
    /// The node word or phrase.
    term: String,
    #[command(flatten)]
    filter: FilterArgs,
    /// Words either side, within a paragraph.
    #[arg(long, default_value_t = 5)]
    window: usize,
    /// Only collocates seen at least this often near the node.
    #[arg(long, default_value_t = 3)]
    min_freq: u64,
    /// Rank by log-likelihood, MI or t-score.
    #[arg(long, value_enum, default_value_t = Measure::Ll)]
    sort: Measure,
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Args)]
pub struct ReuseArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// Words per shingle.
    #[arg(long, default_value_t = 8)]
    ngram: usize,
    /// Shortest passage, in words.
    #[arg(long, default_value_t = 10)]
    min_words: usize,
    /// A passage must recur in at least this many documents.
    #[arg(long, default_value_t = 2)]
    min_documents: usize,
    /// Word runs in more than this share of documents are site boilerplate.
    #[arg(long, default_value_t = 0.05)]
    max_share: f64,
    #[arg(long, default_value_t = 30)]
    limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Prints what a subcorpus was, where the format wants it.
fn describe<T: serde::Serialize>(
    out: &mut Out,
    format: Format,
    label: &str,
    subcorpus: &T,
) -> Result<()> {
    let value = serde_json::to_value(subcorpus)?;
    match format {
        Format::Text => out.line(&format!("# {label}: {value}"))?,
        _ => eprintln!("stenogram: {label}: {value}"),
    }
    Ok(())
}

pub fn trends(data: &Path, args: TrendsArgs) -> Result<Outcome> {
    let store = Store::open_read(data)?;
    let by = match args.by {
        By::Year => Period::Year,
        By::Month => Period::Month,
    };
    let report = reports::trends(&store, &args.terms, &args.filter.filter(), by)?;
    let rows = &report.rows;
    let mut out = Out::stdout();
    describe(&mut out, args.format, "subcorpus", &report.subcorpus)?;
    match args.format {
        Format::Json => {
            for r in rows {
                out.json(r)?;
            }
        }
        Format::Csv => {
            out.csv_row(&["term", "period", "count", "words", "per_million"])?;
            for r in rows {
                out.csv_row(&[
                    &r.term,
                    &r.period,
                    &r.count.to_string(),
                    &r.words.to_string(),
                    &format!("{:.3}", r.per_million),
                ])?;
            }
        }
        Format::Text => {
            out.line(&format!(
                "{:<24} {:<8} {:>8} {:>10} {:>12}",
                "term", "period", "count", "words", "per million"
            ))?;
            for r in rows {
                out.line(&format!(
                    "{:<24} {:<8} {:>8} {:>10} {:>12.2}",
                    r.term, r.period, r.count, r.words, r.per_million
                ))?;
            }
        }
    }
    if let Some(path) = &args.plot {
        plot(path, &args.terms, rows, args.by)
            .with_context(|| format!("{}: cannot draw", path.display()))?;
        if args.format == Format::Text {
            out.line(&format!("# chart: {}", path.display()))?;
        }
    }
    out.finish()?;
    Ok(Outcome::Ok)
}

/// Draws one line per term, per million words over the periods (the same
/// chart as the web UI's trends page).
fn plot(path: &Path, terms: &[String], rows: &[measures::TrendRow], by: By) -> Result<()> {
    let x = match by {
        By::Year => "year",
        By::Month => "month",
    };
    std::fs::write(path, stenogram_server::charts::trends(terms, rows, x))?;
    Ok(())
}

pub fn keyness(data: &Path, args: KeynessArgs) -> Result<Outcome> {
    let store = Store::open_read(data)?;
    let report = reports::keyness(
        &store,
        &reports::KeynessOptions {
            target: args.target.clone(),
            reference: args.reference.clone(),
            exclude_target: false,
            min_freq: args.min_freq,
            stopwords: args.stopwords,
            negative: args.negative,
            limit: args.limit,
        },
    )?;
    let mut out = Out::stdout();
    describe(&mut out, args.format, "target", &report.target)?;
    let label = if report.reference_is_rest {
        "reference (the rest of this subcorpus)"
    } else {
        "reference"
    };
    describe(&mut out, args.format, label, &report.reference)?;
    let rows = &report.rows;
    match args.format {
        Format::Json => {
            for r in rows {
                out.json(r)?;
            }
        }
        Format::Csv => {
            out.csv_row(&[
                "word",
                "target",
                "reference",
                "target_per_million",
                "reference_per_million",
                "g2",
                "log_ratio",
            ])?;
            for r in rows {
                out.csv_row(&[
                    &r.word,
                    &r.target.to_string(),
                    &r.reference.to_string(),
                    &format!("{:.3}", r.target_per_million),
                    &format!("{:.3}", r.reference_per_million),
                    &format!("{:.3}", r.g2),
                    &format!("{:.3}", r.log_ratio),
                ])?;
            }
        }
        Format::Text => {
            out.line(&format!(
                "{:<24} {:>8} {:>10} {:>10} {:>10}",
                "word", "target", "reference", "G2", "log ratio"
            ))?;
            for r in rows {
                out.line(&format!(
                    "{:<24} {:>8} {:>10} {:>10.2} {:>10.2}",
                    r.word, r.target, r.reference, r.g2, r.log_ratio
                ))?;
            }
        }
    }
    out.finish()?;
    Ok(Outcome::Ok)
}

pub fn collocates(data: &Path, args: CollocatesArgs) -> Result<Outcome> {
    let store = Store::open_read(data)?;
    let report = reports::collocates(
        &store,
        &args.term,
        &args.filter.filter(),
        args.window,
        args.min_freq,
        match args.sort {
            Measure::Ll => reports::CollocateSort::Ll,
            Measure::Mi => reports::CollocateSort::Mi,
            Measure::T => reports::CollocateSort::T,
        },
        args.limit,
    )?;
    let mut out = Out::stdout();
    describe(&mut out, args.format, "subcorpus", &report.subcorpus)?;
    match args.format {
        Format::Text => out.line(&format!("# node: {}", serde_json::to_value(&report.node)?))?,
        _ => eprintln!("stenogram: node: {}", serde_json::to_value(&report.node)?),
    }
    let rows = &report.rows;
    match args.format {
        Format::Json => {
            for r in rows {
                out.json(r)?;
            }
        }
        Format::Csv => {
            out.csv_row(&["word", "observed", "frequency", "expected", "mi", "t", "g2"])?;
            for r in rows {
                out.csv_row(&[
                    &r.word,
                    &r.observed.to_string(),
                    &r.frequency.to_string(),
                    &format!("{:.4}", r.expected),
                    &format!("{:.4}", r.mi),
                    &format!("{:.4}", r.t),
                    &format!("{:.4}", r.g2),
                ])?;
            }
        }
        Format::Text => {
            out.line(&format!(
                "{:<24} {:>8} {:>10} {:>9} {:>7} {:>7} {:>9}",
                "collocate", "observed", "frequency", "expected", "MI", "t", "G2"
            ))?;
            for r in rows {
                out.line(&format!(
                    "{:<24} {:>8} {:>10} {:>9.3} {:>7.2} {:>7.2} {:>9.2}",
                    r.word, r.observed, r.frequency, r.expected, r.mi, r.t, r.g2
                ))?;
            }
        }
    }
    out.finish()?;
    Ok(Outcome::Ok)
}

pub fn reuse(data: &Path, args: ReuseArgs) -> Result<Outcome> {
    use stenogram_analysis::reuse::ReuseOptions;
    let store = Store::open_read(data)?;
    let options = ReuseOptions {
        ngram: args.ngram,
        min_words: args.min_words,
        min_documents: args.min_documents,
        max_document_share: args.max_share,
        ..ReuseOptions::default()
    };
    let started = std::time::Instant::now();
    let report = reports::reuse(&store, &args.filter.filter(), &options)?;
    let elapsed = started.elapsed();
    let mut out = Out::stdout();
    describe(&mut out, args.format, "subcorpus", &report.subcorpus)?;
    let mut settings = serde_json::to_value(&report.settings)?;
    settings["seconds"] = elapsed.as_secs_f64().into();
    match args.format {
        Format::Text => out.line(&format!("# reuse: {settings}"))?,
        _ => eprintln!("stenogram: reuse: {settings}"),
    }
    for cluster in report.clusters.iter().take(args.limit) {
        match args.format {
            Format::Json => out.json(cluster)?,
            Format::Csv => {
                for p in &cluster.passages {
                    out.csv_row(&[
                        &cluster.text,
                        &p.doc,
                        p.date.as_deref().unwrap_or(""),
                        p.speaker.as_deref().unwrap_or(""),
                        &p.start.to_string(),
                        &p.end.to_string(),
                    ])?;
                }
            }
            Format::Text => {
                out.line(&format!(
                    "\n{} documents, {} passages, {} – {}, {}",
                    cluster.documents,
                    cluster.passages.len(),
                    cluster.first.as_deref().unwrap_or("?"),
                    cluster.last.as_deref().unwrap_or("?"),
                    cluster
                        .speakers
                        .iter()
                        .take(5)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ))?;
                out.line(&format!("   \"{}\"", cluster.text))?;
            }
        }
    }
    out.finish()?;
    Ok(Outcome::Ok)
}
