//! Table files: rows in, one file out, in Parquet, JSON Lines or CSV. Each
//! sink writes to a temporary name beside its final one; [`Sink::finish`]
//! completes the file and the caller renames it into place, so a failed
//! export never leaves a partial file under a table's name.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use arrow_schema::FieldRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use serde::Serialize;

use crate::ExportError;

/// Rows per Arrow batch handed to the Parquet writer.
const BATCH_ROWS: usize = 4096;
/// A row group is closed when its buffered data passes this size, so memory
/// stays flat however big the table.
const ROW_GROUP_BYTES: usize = 64 << 20;
/// And at most this many rows.
const ROW_GROUP_ROWS: usize = 256 * 1024;

/// Where rows of one table go.
pub trait Sink<R> {
    fn push(&mut self, row: R) -> Result<(), ExportError>;
    /// Completes the file (footer, flush).
    fn finish(self: Box<Self>) -> Result<(), ExportError>;
}

/// Creates `path` for writing, naming it in the error.
fn create(path: &Path) -> Result<BufWriter<File>, ExportError> {
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| ExportError::io(path, e))
}

/// One JSON object per line, fields in column order.
pub struct JsonlSink {
    path: PathBuf,
    out: BufWriter<File>,
}

impl JsonlSink {
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        Ok(JsonlSink {
            path: path.to_owned(),
            out: create(path)?,
        })
    }
}

impl<R: Serialize> Sink<R> for JsonlSink {
    fn push(&mut self, row: R) -> Result<(), ExportError> {
        serde_json::to_writer(&mut self.out, &row).map_err(|e| ExportError::io(&self.path, e))?;
        self.out
            .write_all(b"\n")
            .map_err(|e| ExportError::io(&self.path, e))
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.out
            .flush()
            .map_err(|e| ExportError::io(&self.path, e))?;
        self.out
            .get_ref()
            .sync_all()
            .map_err(|e| ExportError::io(&self.path, e))
    }
}

/// A header row of the column names, then one row per record; empty cells
/// for nulls. Cells are written as they are (no spreadsheet escaping: the
/// export is data, and `-5` is a number).
pub struct CsvSink {
    path: PathBuf,
    out: csv::Writer<BufWriter<File>>,
}

impl CsvSink {
    pub fn create(path: &Path, fields: &[FieldRef]) -> Result<Self, ExportError> {
        let mut out = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(create(path)?);
        out.write_record(fields.iter().map(|f| f.name().as_str()))
            .map_err(|e| ExportError::io(path, e))?;
        Ok(CsvSink {
            path: path.to_owned(),
            out,
        })
    }
}

impl<R: Serialize> Sink<R> for CsvSink {
    fn push(&mut self, row: R) -> Result<(), ExportError> {
        self.out
            .serialize(row)
            .map_err(|e| ExportError::io(&self.path, e))
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.out
            .flush()
            .map_err(|e| ExportError::io(&self.path, e))?;
        let inner = self
            .out
            .into_inner()
            .map_err(|e| ExportError::io(&self.path, e.error()))?;
        inner
            .get_ref()
            .sync_all()
            .map_err(|e| ExportError::io(&self.path, e))
    }
}

/// Parquet (zstd), typed columns, batches of [`BATCH_ROWS`] rows, row
/// groups bounded in bytes and rows, `metadata` as the file's key-value
/// metadata.
pub struct ParquetSink<R> {
    path: PathBuf,
    fields: Vec<FieldRef>,
    writer: ArrowWriter<File>,
    rows: Vec<R>,
}

impl<R: Serialize> ParquetSink<R> {
    pub fn create(
        path: &Path,
        fields: Vec<FieldRef>,
        metadata: &[(String, String)],
    ) -> Result<Self, ExportError> {
        let file = File::create(path).map_err(|e| ExportError::io(path, e))?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_key_value_metadata(Some(
                metadata
                    .iter()
                    .map(|(k, v)| KeyValue::new(k.clone(), v.clone()))
                    .collect(),
            ))
            .build();
        let schema = std::sync::Arc::new(arrow_schema::Schema::new(fields.clone()));
        let writer = ArrowWriter::try_new(file, schema, Some(properties)).map_err(|e| {
            ExportError::Format {
                path: path.to_owned(),
                message: e.to_string(),
            }
        })?;
        Ok(ParquetSink {
            path: path.to_owned(),
            fields,
            writer,
            rows: Vec::with_capacity(BATCH_ROWS),
        })
    }

    fn format_error(&self, e: impl std::fmt::Display) -> ExportError {
        ExportError::Format {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    fn write_batch(&mut self) -> Result<(), ExportError> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let batch = serde_arrow::to_record_batch(&self.fields, &self.rows)
            .map_err(|e| self.format_error(e))?;
        self.rows.clear();
        self.writer
            .write(&batch)
            .map_err(|e| self.format_error(e))?;
        Ok(())
    }
}

impl<R: Serialize> Sink<R> for ParquetSink<R> {
    fn push(&mut self, row: R) -> Result<(), ExportError> {
        self.rows.push(row);
        if self.rows.len() >= BATCH_ROWS {
            self.write_batch()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.write_batch()?;
        let path = self.path.clone();
        let file = self.writer.into_inner().map_err(|e| ExportError::Format {
            path: path.clone(),
            message: e.to_string(),
        })?;
        file.sync_all().map_err(|e| ExportError::io(&path, e))
    }
}
