//! stenogram-export: takes a store out to the tools researchers already
//! use. Every table (documents, turns, paragraphs, mentions, claims,
//! persons, roles) as Parquet, JSON Lines or CSV with stable, typed columns
//! (see ARCHITECTURE.md), ParlaMint-style TEI, and the same tables as Arrow
//! record batches for documents annotated in memory (the Python package and
//! its Spark job). Rows come from the store streamed in key order, so an
//! export runs in constant memory whatever the corpus size.

pub mod annotate;
mod error;
mod export;
mod sink;
pub mod tables;
pub mod tei;

pub use annotate::{
    annotate_ipc, annotated_schema, annotated_schema_ipc, AnnotateColumns, AnnotatedRow,
};
pub use error::ExportError;
pub use export::{
    export, ExportOptions, ExportProgress, ExportSummary, Format, Silent, TableExport,
};
