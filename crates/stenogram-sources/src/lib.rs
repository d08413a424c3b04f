//! stenogram-sources: readers that turn files and datasets into raw
//! documents (decoded text, metadata and where each came from), ready for
//! the core's parser. They read and decode; they never guess silently: a
//! file or line they cannot read becomes a [`SourceError`] naming the file
//! and the place, and the reader goes on with the rest.
//!
//! Inputs known so far:
//! - a plain-text transcript (`.txt`, or any file named explicitly), its id
//!   the file stem;
//! - a folder of `.txt` with an `index.csv` whose `id` column matches the
//!   file stems (`date`, `title`, `url` taken from it, other columns kept);
//! - JSON Lines datasets, plain (`.jsonl`, `.ndjson`) or zstd-compressed
//!   (`.jsonl.zst`): one document per line with `id`, `date`, `title`,
//!   `url`, `text`, other fields kept as metadata.

mod discover;
mod jsonl;
mod raw;
mod text;

pub use discover::{discover, Discovery, Input, InputKind};
pub use raw::{normalise_date, Metadata, Origin, Raw, SourceError};

/// A document whose text is empty or blank comes through as it is; the
/// caller decides (the store skips it and says so).
///
/// Reads every document of `input`, in order, handing each (or the error
/// that stopped it) to `sink`. `progress` is told how many bytes of the
/// input file have been consumed so far. Returns early when `sink` returns
/// `false`.
pub fn read(
    input: &Input,
    progress: &mut dyn FnMut(u64),
    sink: &mut dyn FnMut(Result<Raw, SourceError>) -> bool,
) {
    match input.kind {
        InputKind::Text => {
            let result = text::read_text(input);
            progress(input.size);
            sink(result);
        }
        InputKind::Jsonl | InputKind::JsonlZst => jsonl::read_jsonl(input, progress, sink),
    }
}
