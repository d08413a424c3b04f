//! `stenogram export`: the selected part of a store, one file per table
//! (or TEI, one file per document), and a `manifest.json` saying what was
//! exported from which corpus version. Files land under their final names
//! only when every one of them is complete.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;
use stenogram_store::{CorpusVersion, Filter, Selection, Store, StoreError};

use crate::sink::{CsvSink, JsonlSink, ParquetSink, Sink};
use crate::tables::{self, TABLES_VERSION};
use crate::ExportError;

/// The file formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Parquet,
    Jsonl,
    Csv,
    Tei,
}

impl Format {
    /// The file extension of a table in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Tei => "xml",
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "parquet" => Ok(Format::Parquet),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "tei" | "xml" => Ok(Format::Tei),
            other => Err(format!(
                "unknown export format {other:?}: use parquet, jsonl, csv or tei"
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Parquet => "parquet",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Tei => "tei",
        })
    }
}

/// What to export and where.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    /// The output directory (created when absent).
    pub out: PathBuf,
    /// Tables to write (default: all of [`stenogram_store::TABLES`]);
    /// ignored for TEI.
    pub tables: Vec<String>,
}

/// One file written.
#[derive(Debug, Clone, Serialize)]
pub struct TableExport {
    pub table: String,
    pub file: String,
    pub rows: u64,
    pub bytes: u64,
}

/// What an export wrote (also `manifest.json` in the output directory).
#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    /// The layout version of the tables.
    pub tables_version: String,
    pub format: Format,
    /// The corpus version exported (`GENERATION-DIGEST`).
    pub corpus_version: String,
    pub filter: Filter,
    pub tables: Vec<TableExport>,
}

/// Tells the caller how far an export has come.
pub trait ExportProgress {
    /// A table has been started.
    fn table(&self, _name: &str) {}
    /// `rows` rows of the current table are written.
    fn rows(&self, _rows: u64) {}
}

/// No progress reports.
pub struct Silent;
impl ExportProgress for Silent {}

/// The tables to write: all by default, else the named ones (checked).
fn wanted_tables(options: &ExportOptions) -> Result<Vec<&'static str>, ExportError> {
    if options.tables.is_empty() {
        return Ok(stenogram_store::TABLES.to_vec());
    }
    let mut wanted = Vec::new();
    for name in &options.tables {
        let table = stenogram_store::TABLES
            .iter()
            .find(|t| t.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                ExportError::Usage(format!(
                    "unknown table {name:?}: use {}",
                    stenogram_store::TABLES.join(", ")
                ))
            })?;
        if !wanted.contains(table) {
            wanted.push(*table);
        }
    }
    Ok(wanted)
}

/// The temporary name a file is written under before it is complete.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

/// Files written under temporary names, renamed into place on success and
/// removed on failure.
struct Staged {
    files: Vec<(PathBuf, PathBuf)>,
    done: bool,
}

impl Staged {
    fn new() -> Self {
        Staged {
            files: Vec::new(),
            done: false,
        }
    }

    /// A temporary path for `path`, remembered.
    fn stage(&mut self, path: PathBuf) -> PathBuf {
        let tmp = temporary(&path);
        self.files.push((tmp.clone(), path));
        tmp
    }

    fn commit(mut self) -> Result<(), ExportError> {
        for (tmp, path) in &self.files {
            std::fs::rename(tmp, path).map_err(|e| ExportError::io(path, e))?;
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            for (tmp, _) in &self.files {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

/// Streams one table of the selection into `sink`.
fn stream_table(
    store: &Store,
    selection: &Selection,
    table: &str,
    sink: &mut dyn FnMut(TableRow) -> Result<(), ExportError>,
) -> Result<u64, ExportError> {
    match table {
        "documents" => {
            store.for_each_document_record(selection, &mut |r| sink(TableRow::Document(r)))
        }
        "turns" => store.for_each_turn_record(selection, &mut |r| sink(TableRow::Turn(r))),
        "paragraphs" => {
            store.for_each_paragraph_record(selection, &mut |r| sink(TableRow::Paragraph(r)))
        }
        "mentions" => store.for_each_mention_record(selection, &mut |r| sink(TableRow::Mention(r))),
        "claims" => store.for_each_claim_record(selection, &mut |r| sink(TableRow::Claim(r))),
        "persons" => store.for_each_person_record(selection, &mut |r| sink(TableRow::Person(r))),
        "roles" => store.for_each_role_record(selection, &mut |r| sink(TableRow::Role(r))),
        other => Err(ExportError::Usage(format!("unknown table {other:?}"))),
    }
}

/// A row of any table, serialised as the record it holds.
#[derive(Serialize)]
#[serde(untagged)]
enum TableRow {
    Document(stenogram_store::DocumentRecord),
    Turn(stenogram_store::TurnRecord),
    Paragraph(stenogram_store::ParagraphRecord),
    Mention(stenogram_store::MentionRecord),
    Claim(stenogram_store::ClaimRecord),
    Person(stenogram_store::PersonRecord),
    Role(stenogram_store::RoleRecord),
}

/// The key-value metadata of every exported file.
fn file_metadata(version: &CorpusVersion, filter: &Filter, table: &str) -> Vec<(String, String)> {
    vec![
        ("stenogram.table".into(), table.into()),
        ("stenogram.tables_version".into(), TABLES_VERSION.into()),
        ("stenogram.corpus_version".into(), version.tag()),
        (
            "stenogram.filter".into(),
            serde_json::to_string(filter).unwrap_or_default(),
        ),
        (
            "stenogram.version".into(),
            env!("CARGO_PKG_VERSION").to_owned(),
        ),
    ]
}

/// Exports the `selection` of `store` as `options` say, returning what was
/// written (also written to `manifest.json` beside the files).
pub fn export(
    store: &Store,
    selection: &Selection,
    options: &ExportOptions,
    progress: &dyn ExportProgress,
) -> Result<ExportSummary, ExportError> {
    let tables = wanted_tables(options)?;
    let out = &options.out;
    if options.format == Format::Tei && out.is_dir() {
        // Components of an earlier export would be read beside the new
        // ones by a folder walk, and the root would not list them.
        let used = std::fs::read_dir(out)
            .map_err(|e| ExportError::io(out, e))?
            .next()
            .is_some();
        if used {
            return Err(ExportError::Usage(format!(
                "{} is not empty: a TEI export needs a new or empty directory",
                out.display()
            )));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| ExportError::io(out, e))?;
    let version = store.version()?;
    let filter = selection.filter().clone();
    let mut summary = ExportSummary {
        tables_version: TABLES_VERSION.into(),
        format: options.format,
        corpus_version: version.tag(),
        filter: filter.clone(),
        tables: Vec::new(),
    };
    let mut staged = Staged::new();
    if options.format == Format::Tei {
        progress.table("documents");
        let mut ids = Vec::new();
        store.for_each_selected_id(selection, &mut |id| -> Result<(), StoreError> {
            ids.push(id);
            Ok(())
        })?;
        let mut ids = ids.into_iter().map(Ok);
        let written = crate::tei::write_tei(store, &mut ids, out, &version)?;
        progress.rows(written.documents);
        for file in &written.files {
            summary.tables.push(TableExport {
                table: "tei".into(),
                file: file.strip_prefix(out).unwrap_or(file).display().to_string(),
                rows: 1,
                bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
            });
        }
    } else {
        for table in tables {
            progress.table(table);
            let fields = tables::fields(table)
                .ok_or_else(|| ExportError::Usage(format!("unknown table {table:?}")))?;
            let file = format!("{table}.{}", options.format.extension());
            let path = out.join(&file);
            let tmp = staged.stage(path.clone());
            let mut sink: Box<dyn Sink<TableRow>> = match options.format {
                Format::Parquet => Box::new(ParquetSink::create(
                    &tmp,
                    fields,
                    &file_metadata(&version, &filter, table),
                )?),
                Format::Jsonl => Box::new(JsonlSink::create(&tmp)?),
                Format::Csv => Box::new(CsvSink::create(&tmp, &fields)?),
                Format::Tei => unreachable!("TEI is written above"),
            };
            let mut rows = 0u64;
            stream_table(store, selection, table, &mut |row| {
                sink.push(row)?;
                rows += 1;
                if rows % 10_000 == 0 {
                    progress.rows(rows);
                }
                Ok(())
            })?;
            sink.finish()?;
            progress.rows(rows);
            summary.tables.push(TableExport {
                table: table.into(),
                file,
                rows,
                bytes: std::fs::metadata(&tmp).map(|m| m.len()).unwrap_or(0),
            });
        }
    }
    let manifest = out.join("manifest.json");
    let tmp = staged.stage(manifest.clone());
    let json = serde_json::to_vec_pretty(&Manifest {
        summary: &summary,
        columns: summary
            .tables
            .iter()
            .filter_map(|t| {
                let fields = tables::fields(&t.table)?;
                Some((
                    t.table.clone(),
                    fields
                        .iter()
                        .map(|f| Column {
                            name: f.name().clone(),
                            r#type: f.data_type().to_string(),
                            nullable: f.is_nullable(),
                        })
                        .collect(),
                ))
            })
            .collect(),
    })
    .map_err(|e| ExportError::io(&manifest, e))?;
    std::fs::write(&tmp, json).map_err(|e| ExportError::io(&manifest, e))?;
    staged.commit()?;
    Ok(summary)
}

#[derive(Serialize)]
struct Manifest<'a> {
    #[serde(flatten)]
    summary: &'a ExportSummary,
    /// Each table's columns: name, Arrow type, nullable.
    columns: std::collections::BTreeMap<String, Vec<Column>>,
}

#[derive(Serialize)]
struct Column {
    name: String,
    r#type: String,
    nullable: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_read_and_print() {
        for f in ["parquet", "jsonl", "csv", "tei"] {
            assert_eq!(f.parse::<Format>().unwrap().to_string(), f);
        }
        assert_eq!("NDJSON".parse::<Format>().unwrap(), Format::Jsonl);
        assert!("xlsx".parse::<Format>().unwrap_err().contains("parquet"));
    }

    #[test]
    fn tables_are_checked_and_deduplicated() {
        let options = |tables: &[&str]| ExportOptions {
            format: Format::Jsonl,
            out: PathBuf::from("x"),
            tables: tables.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(wanted_tables(&options(&[])).unwrap().len(), 7);
        assert_eq!(
            wanted_tables(&options(&["Claims", "claims", "turns"])).unwrap(),
            ["claims", "turns"]
        );
        let err = wanted_tables(&options(&["tables"])).unwrap_err();
        assert!(err.is_usage() && err.to_string().contains("mentions"));
    }

    #[test]
    fn partial_files_are_removed_unless_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        {
            let mut staged = Staged::new();
            let tmp = staged.stage(path.clone());
            std::fs::write(&tmp, "x").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let mut staged = Staged::new();
        let tmp = staged.stage(path.clone());
        std::fs::write(&tmp, "x").unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x");
        assert!(!tmp.exists());
    }
}
