//! Documents annotated in memory, Arrow in and Arrow out: the core applied
//! to a batch of rows (id, text, date, title, url) as ingest would apply it,
//! giving per document its turns, paragraphs, mentions and claims as lists
//! of structs whose fields are the export tables' columns. This is what
//! the Python package's Spark job runs inside `mapInArrow`; the bytes in
//! and out are Arrow IPC streams so that any Arrow (pyarrow, Spark's) can
//! hand them over without a shared library version.

use std::io::Cursor;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Date64Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_ipc::reader::StreamReader;
use arrow_ipc::writer::StreamWriter;
use arrow_schema::{DataType, Field, FieldRef, Schema, SchemaRef};
use serde::Serialize;
use serde_json::{Map, Value};
use stenogram_sources::Origin;
use stenogram_store::{ClaimRecord, MentionRecord, ParagraphRecord, TurnRecord};

use crate::tables;
use crate::ExportError;

/// Which input columns hold what. `title` and `url` are read when present.
#[derive(Debug, Clone)]
pub struct AnnotateColumns {
    pub text: String,
    pub id: String,
    pub date: Option<String>,
}

impl Default for AnnotateColumns {
    fn default() -> Self {
        AnnotateColumns {
            text: "text".into(),
            id: "id".into(),
            date: Some("date".into()),
        }
    }
}

/// One input row annotated.
#[derive(Debug, Clone, Serialize)]
pub struct AnnotatedRow {
    pub id: String,
    pub year: Option<i32>,
    /// Why the document gave nothing (no text, not parseable); null when
    /// it was annotated.
    pub error: Option<String>,
    pub turns: Vec<TurnRecord>,
    pub paragraphs: Vec<ParagraphRecord>,
    pub mentions: Vec<MentionRecord>,
    pub claims: Vec<ClaimRecord>,
}

/// The fields of an annotated batch.
pub fn annotated_fields() -> Vec<FieldRef> {
    let list = |table: &str| {
        Arc::new(Field::new(
            table,
            tables::list_of(table).expect("a known table"),
            false,
        ))
    };
    vec![
        Arc::new(Field::new("id", DataType::Utf8, false)),
        Arc::new(Field::new("year", DataType::Int32, true)),
        Arc::new(Field::new("error", DataType::Utf8, true)),
        list("turns"),
        list("paragraphs"),
        list("mentions"),
        list("claims"),
    ]
}

/// The schema of an annotated batch (for Spark's `mapInArrow`, which
/// needs it before any data).
pub fn annotated_schema() -> SchemaRef {
    Arc::new(Schema::new(annotated_fields()))
}

/// [`annotated_schema`] as the bytes of an empty Arrow IPC stream.
pub fn annotated_schema_ipc() -> Vec<u8> {
    let schema = annotated_schema();
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    if let Ok(mut writer) = StreamWriter::try_new(&mut out, &schema) {
        let _ = writer.finish();
    }
    out
}

/// The value of row `i` of a column as text, for the column types a
/// DataFrame's id, text, date, title and url come in.
fn cell(column: &ArrayRef, i: usize) -> Result<Option<String>, String> {
    if column.is_null(i) {
        return Ok(None);
    }
    Ok(Some(match column.data_type() {
        DataType::Utf8 => column.as_string::<i32>().value(i).to_owned(),
        DataType::LargeUtf8 => column.as_string::<i64>().value(i).to_owned(),
        DataType::Utf8View => column.as_string_view().value(i).to_owned(),
        DataType::Int64 => column.as_primitive::<Int64Type>().value(i).to_string(),
        DataType::Int32 => column.as_primitive::<Int32Type>().value(i).to_string(),
        DataType::Date32 => iso_day(column.as_primitive::<Date32Type>().value(i) as i64),
        DataType::Date64 => iso_day(
            column
                .as_primitive::<Date64Type>()
                .value(i)
                .div_euclid(86_400_000),
        ),
        other => return Err(format!("a {other} column; give text (string) columns")),
    }))
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian).
fn iso_day(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Annotates every row of `batch`.
pub fn annotate_batch(
    batch: &RecordBatch,
    columns: &AnnotateColumns,
) -> Result<Vec<AnnotatedRow>, ExportError> {
    let column = |name: &str| -> Result<ArrayRef, ExportError> {
        batch.column_by_name(name).cloned().ok_or_else(|| {
            let have: Vec<String> = batch
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
            ExportError::Usage(format!(
                "no column {name:?} in the input (columns: {})",
                have.join(", ")
            ))
        })
    };
    let text = column(&columns.text)?;
    let id = column(&columns.id)?;
    let date = match &columns.date {
        Some(name) => batch.column_by_name(name).cloned(),
        None => None,
    };
    let title = batch.column_by_name("title").cloned();
    let url = batch.column_by_name("url").cloned();
    let bad = |name: &str, e: String| ExportError::Usage(format!("column {name:?}: {e}"));
    let mut rows = Vec::with_capacity(batch.num_rows());
    for i in 0..batch.num_rows() {
        let mut fields = Map::new();
        let id_value = cell(&id, i).map_err(|e| bad(&columns.id, e))?;
        if let Some(v) = &id_value {
            fields.insert("id".into(), Value::String(v.clone()));
        }
        let text_value = cell(&text, i).map_err(|e| bad(&columns.text, e))?;
        fields.insert("text".into(), Value::String(text_value.unwrap_or_default()));
        for (name, col) in [("date", &date), ("title", &title), ("url", &url)] {
            if let Some(col) = col {
                if let Some(v) = cell(col, i).map_err(|e| bad(name, e))? {
                    fields.insert(name.into(), Value::String(v));
                }
            }
        }
        let origin = Origin {
            path: "input".into(),
            locator: Some(format!("id {}", id_value.as_deref().unwrap_or("(none)"))),
        };
        let default_id = format!("row-{i}");
        rows.push(annotate_fields(fields, &default_id, origin));
    }
    Ok(rows)
}

/// Annotates one record given as fields (`id`, `text`, `date`, `title`,
/// `url`, others kept as metadata).
pub fn annotate_fields(
    fields: Map<String, Value>,
    default_id: &str,
    origin: Origin,
) -> AnnotatedRow {
    let fallback_id = match fields.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => default_id.to_owned(),
    };
    let raw = match stenogram_sources::raw_from_record(fields, default_id, origin) {
        Ok(raw) => raw,
        Err(e) => return failed(fallback_id, None, e.message),
    };
    let id = raw.id.clone();
    let year = stenogram_store::year_of(raw.meta.date.as_deref());
    match stenogram_store::annotate(raw) {
        Ok(a) => AnnotatedRow {
            id,
            year,
            error: None,
            turns: a.turns,
            paragraphs: a.paragraphs,
            mentions: a.mentions,
            claims: a.claims,
        },
        Err(failure) => failed(id, year, failure.error),
    }
}

fn failed(id: String, year: Option<i32>, error: String) -> AnnotatedRow {
    AnnotatedRow {
        id,
        year,
        error: Some(error),
        turns: Vec::new(),
        paragraphs: Vec::new(),
        mentions: Vec::new(),
        claims: Vec::new(),
    }
}

/// Annotated rows as one record batch of [`annotated_schema`].
pub fn to_batch(rows: &[AnnotatedRow]) -> Result<RecordBatch, ExportError> {
    serde_arrow::to_record_batch(&annotated_fields(), &rows).map_err(|e| ExportError::Format {
        path: "annotated batch".into(),
        message: e.to_string(),
    })
}

/// Annotates the record batches of an Arrow IPC stream, returning an IPC
/// stream of one batch of [`annotated_schema`], a row per input row.
pub fn annotate_ipc(input: &[u8], columns: &AnnotateColumns) -> Result<Vec<u8>, ExportError> {
    let format = |e: arrow_schema::ArrowError| ExportError::Format {
        path: "Arrow IPC stream".into(),
        message: e.to_string(),
    };
    let reader = StreamReader::try_new(Cursor::new(input), None).map_err(format)?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(format)?;
        rows.extend(annotate_batch(&batch, columns)?);
    }
    let batch = to_batch(&rows)?;
    let mut out = Vec::new();
    let mut writer = StreamWriter::try_new(&mut out, &batch.schema()).map_err(format)?;
    writer.write(&batch).map_err(format)?;
    writer.finish().map_err(format)?;
    drop(writer);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Date32Array, StringArray};

    fn ipc(batch: &RecordBatch) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = StreamWriter::try_new(&mut out, &batch.schema()).unwrap();
        w.write(batch).unwrap();
        w.finish().unwrap();
        drop(w);
        out
    }

    #[test]
    fn days_become_iso_dates() {
        assert_eq!(iso_day(0), "1970-01-01");
        assert_eq!(iso_day(18_000), "2019-04-14");
        assert_eq!(iso_day(-1), "1969-12-31");
        assert_eq!(iso_day(11_016), "2000-02-29");
    }

    #[test]
    fn a_batch_is_annotated_row_by_row() {
        let text = "The meeting began.\n\nVladimir Putin: Trade grew by 5 percent in 2019, to $50 billion.\n\nAlexander Lukashenko: Thank you.";
        let schema = Arc::new(Schema::new(vec![
            Field::new("doc", DataType::Utf8, false),
            Field::new("body", DataType::Utf8, true),
            Field::new("day", DataType::Date32, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec!["a", "b"])),
                Arc::new(StringArray::from(vec![Some(text), Some("  ")])),
                Arc::new(Date32Array::from(vec![Some(18_262), None])),
            ],
        )
        .unwrap();
        let columns = AnnotateColumns {
            text: "body".into(),
            id: "doc".into(),
            date: Some("day".into()),
        };
        let rows = annotate_batch(&batch, &columns).unwrap();
        assert_eq!(rows.len(), 2);
        let a = &rows[0];
        assert_eq!(
            (a.id.as_str(), a.year, a.error.as_deref()),
            ("a", Some(2020), None)
        );
        assert_eq!(a.turns.len(), 2);
        assert_eq!(a.turns[0].person_id.as_deref(), Some("vladimir-putin"));
        assert!(a
            .mentions
            .iter()
            .any(|m| m.kind == "money" && m.value == Some(50e9)));
        assert!(a
            .claims
            .iter()
            .all(|c| c.doc_id == "a" && c.date.as_deref() == Some("2020-01-01")));
        assert_eq!(rows[1].error.as_deref(), Some("no text"));

        // Through IPC: one output row per input row, the schema as announced.
        let out = annotate_ipc(&ipc(&batch), &columns).unwrap();
        let batches: Vec<RecordBatch> = StreamReader::try_new(Cursor::new(out), None)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(batches.len(), 1);
        assert_eq!(batches[0].num_rows(), 2);
        assert_eq!(batches[0].schema(), annotated_schema());
        let schema = StreamReader::try_new(Cursor::new(annotated_schema_ipc()), None)
            .unwrap()
            .schema();
        assert_eq!(schema, annotated_schema());
    }

    #[test]
    fn a_missing_column_is_named() {
        let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Utf8, false)]));
        let batch =
            RecordBatch::try_new(schema, vec![Arc::new(StringArray::from(vec!["a"]))]).unwrap();
        let err = annotate_batch(&batch, &AnnotateColumns::default()).unwrap_err();
        assert!(err.is_usage());
        assert!(err.to_string().contains("\"text\"") && err.to_string().contains("x"));
    }
}
