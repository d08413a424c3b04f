//! `stenogram serve`: the web UI and HTTP API over a store (read-only),
//! and `--demo`, which first builds a store from the bundled example
//! transcripts when the data directory has none.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use stenogram_store::{IngestOptions, Store};

use crate::output::Outcome;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on; loopback unless told otherwise. Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
    /// Seconds one request's query may take before it answers 503.
    #[arg(long, default_value_t = 5.0)]
    timeout: f64,
    /// Text-scanning queries (KWIC, trends, keyness, collocates, reuse,
    /// downloads) that may run at once; more answer 429.
    #[arg(long, default_value_t = 2)]
    heavy: usize,
    /// Build a store from the bundled example transcripts first, when the
    /// data directory has none.
    #[arg(long)]
    demo: bool,
}

/// The bundled example transcripts, written for stenogram (not corpus data).
const DEMO: &[(&str, &str)] = &[
    (
        "index.csv",
        include_str!("../../../examples/demo/index.csv"),
    ),
    ("d1.txt", include_str!("../../../examples/demo/d1.txt")),
    ("d2.txt", include_str!("../../../examples/demo/d2.txt")),
    ("d3.txt", include_str!("../../../examples/demo/d3.txt")),
    ("d4.txt", include_str!("../../../examples/demo/d4.txt")),
    (
        "sample-transcript.txt",
        include_str!("../../../examples/sample-transcript.txt"),
    ),
];

/// Writes the demo transcripts under the data directory and ingests them.
fn build_demo(data: &Path) -> Result<()> {
    let sources: PathBuf = data.join("demo-sources");
    std::fs::create_dir_all(&sources).with_context(|| format!("creating {}", sources.display()))?;
    for (name, text) in DEMO {
        std::fs::write(sources.join(name), text)
            .with_context(|| format!("writing {}", sources.join(name).display()))?;
    }
    let mut store = Store::open_write(data)?;
    let summary = store.ingest(&[sources], &IngestOptions::default(), &())?;
    eprintln!(
        "stenogram: demo store built in {}: {} documents added",
        data.display(),
        summary.added
    );
    Ok(())
}

pub fn serve(data: &Path, args: ServeArgs) -> Result<Outcome> {
    if args.demo && !Store::sqlite_path(data).is_file() {
        build_demo(data)?;
    }
    if !(args.timeout > 0.0 && args.timeout <= 3600.0) {
        return Err(stenogram_store::StoreError::Query(
            "--timeout must be between 0 and 3600 seconds".into(),
        )
        .into());
    }
    let mut config = stenogram_server::ServerConfig::new(data.to_path_buf());
    config.timeout = Duration::from_secs_f64(args.timeout);
    config.heavy_queries = args.heavy.max(1);
    stenogram_server::serve(config, &args.bind, |addr, state| {
        let generation = state.last_version().map_or(0, |v| v.generation);
        let mut stdout = std::io::stdout();
        let _ = writeln!(
            stdout,
            "stenogram: serving http://{addr}/ (store {}, generation {generation})",
            state.config.data.display()
        );
        let _ = stdout.flush();
        eprintln!("stenogram: Ctrl-C or SIGTERM stops the server");
    })?;
    eprintln!("stenogram: server stopped");
    Ok(Outcome::Ok)
}
