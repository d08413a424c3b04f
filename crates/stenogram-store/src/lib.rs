//! stenogram-store: the data directory. SQLite (`stenogram.sqlite`) holds
//! the truth: decoded texts, parsed structure, mentions, persons and where
//! every document came from; a tantivy index (`index/`) built from it
//! answers word and phrase queries. Ingest, search, concordance (KWIC) and
//! the speaker list live here.
//!
//! Consistency: every ingest batch is one SQLite transaction that bumps the
//! store's generation; the index commit that follows carries that
//! generation as its payload. On opening for writing, an index behind
//! SQLite is brought up to date from SQLite, so a crash at any moment
//! leaves nothing half-written. Readers see the last committed state of
//! both and never wait for a writer (SQLite WAL, tantivy segments).

mod claims;
mod counts;
mod csv_rows;
mod documents;
mod error;
mod filter;
mod index;
mod ingest;
mod kwic;
mod pages;
mod pieces;
mod rebuild;
mod records;
mod schema;
mod search;
mod speakers;
mod store;
mod subcorpus;
mod termstats;

pub use claims::{find_conflicts, ClaimFilter, ClaimRow, Conflict, ConflictKind};
pub use counts::{Group, HitCounts, SubcorpusWords};
pub use csv_rows::CsvRecord;
pub use documents::{
    CorpusVersion, DocumentSummary, DocumentView, MarkSpan, SourceRef, TextSpan, TurnView,
    VocativeSpan, YearCount,
};
pub use error::StoreError;
pub use filter::Filter;
pub use ingest::{Failure, IngestOptions, IngestProgress, IngestSummary};
pub use kwic::{Kwic, KwicHit, KwicOptions, KwicSort, SpeakerRef, DEFAULT_CONTEXT};
pub use pages::{PageSaved, PageVersion};
pub use records::{
    annotate, day_of, year_of, Annotated, ClaimRecord, DocumentRecord, MentionRecord,
    ParagraphRecord, PersonRecord, RoleRecord, Selection, TurnRecord, TABLES,
};
pub use search::{Facet, Facets, SearchHit, SearchOptions};
pub use speakers::{RoleSpan, SpeakerRow};
pub use store::{Status, Store};
pub use subcorpus::{parse_spec, PieceText, SubcorpusInfo, DEFAULT_PARTS};
pub use termstats::{Collocation, TermCounts};
