//! stenogram: the command-line tool. Reads sources, runs the pure core and
//! prints the contracts of DESIGN.md (JSON on stdout, diagnostics on stderr).
//! Exit status: 0 all good, 2 usage error, 1 otherwise.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

mod analysis;
mod corpus;
mod export;
mod fetch;
mod output;
mod serve;

use output::Outcome;

#[derive(Parser)]
#[command(
    name = "stenogram",
    version,
    about = "Turn political transcripts into evidence"
)]
struct Cli {
    /// The data directory (SQLite store and index).
    #[arg(
        long,
        global = true,
        env = "STENOGRAM_DATA",
        default_value = "stenogram-data"
    )]
    data: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse one transcript and print its Document JSON.
    Parse(ParseArgs),
    /// Extract figures and dates from text on stdin, one mention per line.
    Extract(ExtractArgs),
    /// Add transcripts and datasets to the store (idempotent).
    Ingest(corpus::IngestArgs),
    /// Ranked full-text search with speaker, role and date filters.
    Search(corpus::SearchArgs),
    /// Every occurrence of a word or phrase in context (a concordance).
    Kwic(corpus::KwicArgs),
    /// Persons who speak, with their roles over time.
    Speakers(corpus::SpeakersArgs),
    /// Numeric claims (who gave which figure for what), their series and conflicts.
    Claims(corpus::ClaimsArgs),
    /// Counts of the store and whether SQLite and the index agree.
    Status(corpus::StatusArgs),
    /// Rebuild the search index from SQLite.
    Reindex,
    /// Download new pages politely from a site, keep every version, ingest them.
    Fetch(fetch::FetchArgs),
    /// Frequency of words or phrases per year or month, per million words.
    Trends(analysis::TrendsArgs),
    /// Words that mark one subcorpus against another (log-likelihood, log ratio).
    Keyness(analysis::KeynessArgs),
    /// Words that go with a word or phrase (log-likelihood, MI, t-score).
    Collocates(analysis::CollocatesArgs),
    /// Passages that recur across documents (talking points), with who and when.
    Reuse(analysis::ReuseArgs),
    /// Save and list named subcorpora for keyness (`--target @NAME`).
    Subcorpus(analysis::SubcorpusArgs),
    /// Serve the web UI and the HTTP API over the store (read-only).
    Serve(serve::ServeArgs),
    /// Write the store (or a subcorpus) as Parquet, JSON Lines, CSV or TEI files.
    Export(export::ExportArgs),
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Resolve relative dates ("last year") against this date (YYYY-MM-DD or an
    /// ISO 8601 date-time).
    #[arg(long, value_parser = parse_ref_date)]
    ref_date: Option<stenogram_core::Day>,
    /// Read JSON Lines `{"id", "text", "ref_date"?}` and print
    /// `{"id", "mentions": [...]}` per line, in order.
    #[arg(long)]
    batch: bool,
}

fn parse_ref_date(s: &str) -> Result<stenogram_core::Day, String> {
    stenogram_core::Day::parse_iso(s)
        .ok_or_else(|| format!("{s:?} is not a date (YYYY-MM-DD or ISO 8601 date-time)"))
}

#[derive(clap::Args)]
struct ParseArgs {
    /// The transcript file, or `-` (the default) for standard input.
    #[arg(default_value = "-")]
    file: PathBuf,
    /// The input layout; only the kremlin.ru text layout exists so far.
    #[arg(long, value_enum, default_value_t = FormatIn::Auto)]
    format_in: FormatIn,
    /// Decode the input from this encoding (e.g. windows-1251) instead of UTF-8.
    #[arg(long)]
    encoding: Option<String>,
    /// Document id (default: the file stem, or `stdin`).
    #[arg(long)]
    id: Option<String>,
    /// Pretty-print the JSON.
    #[arg(long)]
    pretty: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatIn {
    /// Tell the layout from the content.
    Auto,
    /// Plain text in the kremlin.ru transcript layout.
    Text,
    /// A kremlin.ru event page.
    Html,
    /// ParlaMint TEI: a component (one Document) or a corpus root (one
    /// Document per component, one per line).
    Tei,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data = cli.data;
    let result = match cli.command {
        Command::Parse(args) => parse(args).map(|()| Outcome::Ok),
        Command::Extract(args) => extract(args).map(|()| Outcome::Ok),
        Command::Ingest(args) => corpus::ingest(&data, args),
        Command::Search(args) => corpus::search(&data, args),
        Command::Kwic(args) => corpus::kwic(&data, args),
        Command::Speakers(args) => corpus::speakers(&data, args),
        Command::Claims(args) => corpus::claims(&data, args),
        Command::Status(args) => corpus::status(&data, args),
        Command::Reindex => corpus::reindex(&data),
        Command::Fetch(args) => fetch::fetch(&data, args),
        Command::Trends(args) => analysis::trends(&data, args),
        Command::Keyness(args) => analysis::keyness(&data, args),
        Command::Collocates(args) => analysis::collocates(&data, args),
        Command::Reuse(args) => analysis::reuse(&data, args),
        Command::Subcorpus(args) => analysis::subcorpus(&data, args),
        Command::Serve(args) => serve::serve(&data, args),
        Command::Export(args) => export::export(&data, args),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(err) => {
            eprintln!("stenogram: error: {err:#}");
            ExitCode::from(if is_usage(&err) { 2 } else { 1 })
        }
    }
}

/// Whether a library error is the user's to fix (exit status 2): asked of
/// every library error type that knows, in one place.
fn is_usage(err: &anyhow::Error) -> bool {
    if let Some(e) = err.downcast_ref::<stenogram_store::StoreError>() {
        return e.is_usage();
    }
    if let Some(e) = err.downcast_ref::<stenogram_export::ExportError>() {
        return e.is_usage();
    }
    false
}

fn parse(args: ParseArgs) -> Result<()> {
    let (name, bytes) = read_input(&args.file)?;
    let tei = match args.format_in {
        FormatIn::Tei => true,
        FormatIn::Auto => looks_like_tei(&bytes),
        _ => false,
    };
    if tei {
        return parse_tei(&args.file, &name, args.pretty);
    }
    let html = match args.format_in {
        FormatIn::Html => true,
        FormatIn::Text | FormatIn::Tei => false,
        FormatIn::Auto => stenogram_sources::html::looks_like_html(&bytes),
    };
    if html {
        let mut raw = stenogram_sources::raw_from_page(&bytes, Path::new(&name))?;
        if let Some(id) = args.id {
            raw.id = id;
        }
        for warning in &raw.warnings {
            eprintln!("stenogram: warning: {name}: {warning}");
        }
        if raw.text.trim().is_empty() {
            eprintln!("stenogram: warning: {name}: the page has no body text (metadata only)");
        }
        let doc = stenogram_sources::parse_raw(&raw).with_context(|| name.clone())?;
        return print_document(&doc, args.pretty);
    }
    let text = decode(&bytes, args.encoding.as_deref()).with_context(|| name.clone())?;
    if text.trim().is_empty() {
        bail!("{name}: empty document: no text to parse");
    }
    let id = args.id.unwrap_or_else(|| default_id(&args.file));
    let parsed = stenogram_core::parse_text(&id, &text).with_context(|| name.clone())?;
    for warning in &parsed.warnings {
        eprintln!("stenogram: warning: {name}: {warning}");
    }
    print_document(&parsed.document, args.pretty)
}

/// An XML document whose root is a TEI element.
fn looks_like_tei(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<?xml") && (head.contains("<TEI") || head.contains("<teiCorpus"))
        || head.starts_with("<TEI")
        || head.starts_with("<teiCorpus")
}

/// Parses a TEI file through the dataset reader (a corpus root follows its
/// includes, so it needs a path, not standard input).
fn parse_tei(path: &Path, name: &str, pretty: bool) -> Result<()> {
    if path.as_os_str() == "-" {
        bail!("<stdin>: TEI is read from a file (its includes are relative to it)");
    }
    let found = stenogram_sources::discover(&[path.to_path_buf()]);
    if let Some(e) = found.errors.first() {
        bail!("{e}");
    }
    let mut input = found.inputs.into_iter().next().context("no input")?;
    input.kind = stenogram_sources::InputKind::Tei;
    let mut failed = 0;
    let mut result = Ok(());
    stenogram_sources::read(&input, &Default::default(), &mut |_| {}, &mut |raw| {
        match raw.map_err(anyhow::Error::from).and_then(|raw| {
            for warning in &raw.warnings {
                eprintln!("stenogram: warning: {name}: {warning}");
            }
            Ok(stenogram_sources::parse_raw(&raw)?)
        }) {
            Ok(doc) => {
                if let Err(e) = print_document(&doc, pretty) {
                    result = Err(e);
                    return false;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("stenogram: error: {e:#}");
            }
        }
        true
    });
    result?;
    if failed > 0 {
        bail!("{name}: {failed} component(s) failed");
    }
    Ok(())
}

fn print_document(doc: &stenogram_core::Document, pretty: bool) -> Result<()> {
    let mut out = output::Out::stdout();
    if pretty {
        out.json_pretty(doc)?;
    } else {
        out.json(doc)?;
    }
    out.finish()?;
    Ok(())
}

fn extract(args: ExtractArgs) -> Result<()> {
    let mut out = output::Out::stdout();
    if !args.batch {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        let text = stenogram_core::decode_utf8(&bytes).context("<stdin>")?;
        for mention in stenogram_core::extract(&text, args.ref_date) {
            out.json(&mention)?;
        }
        out.finish()?;
        return Ok(());
    }
    let mut failed = 0usize;
    let stdin = std::io::stdin();
    let mut reader = std::io::BufReader::new(stdin.lock());
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        if reader
            .read_until(b'\n', &mut line)
            .context("reading standard input")?
            == 0
        {
            break;
        }
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match batch_line(&line, args.ref_date) {
            Ok(result) => out.json(&result)?,
            Err((id, err)) => {
                failed += 1;
                eprintln!("stenogram: error: <stdin> line {number}: {err}");
                out.json(&serde_json::json!({"id": id, "mentions": [], "error": err}))?;
            }
        }
    }
    out.finish()?;
    if failed > 0 {
        bail!("{failed} of {number} batch lines failed");
    }
    Ok(())
}

/// One batch line in, one result out; on failure the id (if readable) and why.
fn batch_line(
    line: &[u8],
    default_ref: Option<stenogram_core::Day>,
) -> std::result::Result<serde_json::Value, (serde_json::Value, String)> {
    let row: serde_json::Value = serde_json::from_slice(line)
        .map_err(|e| (serde_json::Value::Null, format!("not a JSON object: {e}")))?;
    let id = row.get("id").cloned().unwrap_or(serde_json::Value::Null);
    let text = row
        .get("text")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| (id.clone(), "no \"text\" string".to_string()))?;
    let reference = match row.get("ref_date") {
        None | Some(serde_json::Value::Null) => default_ref,
        Some(serde_json::Value::String(s)) => Some(
            stenogram_core::Day::parse_iso(s)
                .ok_or_else(|| (id.clone(), format!("ref_date {s:?} is not a date")))?,
        ),
        Some(other) => return Err((id, format!("ref_date {other} is not a string"))),
    };
    let text = stenogram_core::normalise_newlines(text);
    let mentions = stenogram_core::extract(&text, reference);
    Ok(serde_json::json!({"id": id, "mentions": mentions}))
}

fn read_input(path: &Path) -> Result<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        return Ok(("<stdin>".to_string(), bytes));
    }
    let name = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("{name}: cannot read"))?;
    Ok((name, bytes))
}

fn default_id(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "stdin".to_string();
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".to_string())
}

/// Decodes the input: strict UTF-8 by default (an error names the byte), or
/// the named legacy encoding.
fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<String> {
    match encoding {
        None => Ok(stenogram_core::decode_utf8(bytes)?),
        Some(label) => {
            let encoding = encoding_rs::Encoding::for_label(label.as_bytes())
                .with_context(|| format!("unknown encoding {label:?}"))?;
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if had_errors {
                bail!("input is not valid {}", encoding.name());
            }
            Ok(stenogram_core::normalise_newlines(&text))
        }
    }
}
