//! `stenogram export`: the store, or a subcorpus of it, as files for other
//! tools (the work is stenogram-export's; this presents it).

use std::cell::Cell;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use stenogram_export::{ExportOptions, ExportProgress, Format};
use stenogram_store::{parse_spec, Store};

use crate::corpus::FilterArgs;
use crate::output::{Out, Outcome};

#[derive(Args)]
pub struct ExportArgs {
    /// A subcorpus to export: a spec (`speaker=putin,from=2014`) or a saved
    /// `@name`; the filter flags narrow it further.
    #[arg(value_name = "SUBCORPUS")]
    subcorpus: Option<String>,
    /// parquet, jsonl or csv (one file per table), or tei (one file per
    /// document and a teiCorpus root).
    #[arg(long, value_parser = |s: &str| s.parse::<Format>())]
    format: Format,
    /// The output directory (created when absent; files of an earlier
    /// export there are replaced).
    #[arg(long)]
    out: PathBuf,
    /// Only this table (documents, turns, paragraphs, mentions, claims,
    /// persons, roles). Repeatable; default all.
    #[arg(long = "table")]
    tables: Vec<String>,
    #[command(flatten)]
    filter: FilterArgs,
}

/// Prints the table being written and its row count on stderr.
struct Progress {
    shown: bool,
    table: Cell<&'static str>,
}

impl ExportProgress for Progress {
    fn table(&self, name: &str) {
        if self.shown {
            eprint!("\rexporting {name}…{:20}", "");
        }
        self.table.set(match name {
            "documents" => "documents",
            _ => "rows",
        });
    }

    fn rows(&self, rows: u64) {
        if self.shown {
            eprint!("\r  {rows} {}{:20}\r", self.table.get(), "");
        }
    }
}

pub fn export(data: &Path, args: ExportArgs) -> Result<Outcome> {
    let store = Store::open_read(data)?;
    let mut filter = match &args.subcorpus {
        Some(spec) if spec.trim_start().starts_with('@') => store.subcorpus(spec)?,
        Some(spec) => parse_spec(spec)?,
        None => Default::default(),
    };
    let flags = args.filter.filter();
    filter.speakers.extend(flags.speakers);
    filter.roles.extend(flags.roles);
    filter.parts.extend(flags.parts);
    filter.tags.extend(flags.tags);
    filter.from = flags.from.or(filter.from);
    filter.to = flags.to.or(filter.to);
    let selection = store.selection(&filter)?;
    let options = ExportOptions {
        format: args.format,
        out: args.out.clone(),
        tables: args.tables.clone(),
    };
    let progress = Progress {
        shown: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        table: Cell::new("rows"),
    };
    let summary = stenogram_export::export(&store, &selection, &options, &progress)
        .with_context(|| format!("exporting to {}", args.out.display()))?;
    if progress.shown {
        eprint!("\r{:60}\r", "");
    }
    let mut out = Out::stdout();
    out.line(&format!(
        "# corpus version {} → {} ({})",
        summary.corpus_version,
        args.out.display(),
        summary.format
    ))?;
    if summary.format == Format::Tei {
        let bytes: u64 = summary.tables.iter().map(|t| t.bytes).sum();
        out.line(&format!(
            "{} files, {}",
            summary.tables.len(),
            human_bytes(bytes)
        ))?;
    } else {
        for t in &summary.tables {
            out.line(&format!(
                "{:<20} {:>10} rows {:>10}",
                t.file,
                t.rows,
                human_bytes(t.bytes)
            ))?;
        }
    }
    out.line("manifest.json")?;
    out.finish()?;
    Ok(Outcome::Ok)
}

fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} kB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}
