//! stenogram: the command-line tool. Reads sources, runs the pure core and
//! prints the contracts of DESIGN.md (JSON on stdout, diagnostics on stderr).
//! Exit status: 0 all good, 2 usage error, 1 otherwise.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "stenogram",
    version,
    about = "Turn political transcripts into evidence"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse one transcript and print its Document JSON.
    Parse(ParseArgs),
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

#[derive(Clone, Copy, ValueEnum)]
enum FormatIn {
    /// Tell the layout from the content.
    Auto,
    /// Plain text in the kremlin.ru transcript layout.
    Text,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => parse(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("stenogram: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn parse(args: ParseArgs) -> Result<()> {
    let (name, bytes) = read_input(&args.file)?;
    let text = decode(&bytes, args.encoding.as_deref()).with_context(|| name.clone())?;
    if text.trim().is_empty() {
        bail!("{name}: empty document: no text to parse");
    }
    let id = args.id.unwrap_or_else(|| default_id(&args.file));
    let (FormatIn::Auto | FormatIn::Text) = args.format_in;
    let parsed = stenogram_core::parse_text(&id, &text).with_context(|| name.clone())?;
    for warning in &parsed.warnings {
        eprintln!("stenogram: warning: {name}: {warning}");
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.pretty {
        serde_json::to_writer_pretty(&mut out, &parsed.document)?;
    } else {
        serde_json::to_writer(&mut out, &parsed.document)?;
    }
    writeln!(out)?;
    Ok(())
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
