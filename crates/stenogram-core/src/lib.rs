//! stenogram-core: the pure core of stenogram: the document model, the
//! transcript grammar (lead, turns, speakers, addressees, omissions,
//! artefacts) and the extraction of figures and dates (numbers, money,
//! percentages, quantities, dates, durations and their hedges). No I/O, no heavy dependencies: bytes or
//! text in, values out, every piece with code point offsets into the text.
//!
//! ```
//! let text = "A lead paragraph.\n* * *\nPresident of Russia Vladimir Putin: Mr Lukashenko, welcome.\n\
//!             President of Belarus Alexander Lukashenko: Thank you.\nVladimir Putin: Good.\n";
//! let parsed = stenogram_core::parse_text("demo", text).unwrap();
//! let doc = parsed.document;
//! assert_eq!(doc.lead[0].text, "A lead paragraph.");
//! assert_eq!(doc.turns.len(), 3);
//! assert_eq!(doc.turns[2].speaker.person.as_deref(), Some("vladimir-putin"));
//! assert_eq!(doc.turns[0].addressees, ["alexander-lukashenko"]);
//! ```

pub mod claims;
pub mod extract;
mod label;
mod lexicon;
pub mod model;
pub mod names;
pub mod parse;
pub mod sentence;
mod speakers;
pub mod text;
mod vocative;

pub use claims::{claims, Claim, ClaimKind};
pub use extract::{extract, Day};
pub use model::*;
pub use parse::{check_coverage, parse_text, CoverageError, ParseError, Parsed, Warning};
pub use sentence::{count_words, sentences, words};
pub use text::{count_chars, decode_utf8, normalise_newlines, skip_chars, CharCursor, DecodeError};
