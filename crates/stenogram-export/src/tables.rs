//! The exported tables' columns: names, Arrow types and nullability, the
//! one definition every format and the Spark annotation share. Names and
//! types are a contract (ARCHITECTURE.md lists them): add columns at the
//! end, never rename.

use std::sync::Arc;

use arrow_schema::{DataType, Field, FieldRef, Fields, Schema, SchemaRef};

/// The version of the tables' layout, written into every file's metadata.
pub const TABLES_VERSION: &str = "1";

/// A column: name, type, nullable.
type Column = (&'static str, DataType, bool);

fn text(name: &'static str) -> Column {
    (name, DataType::Utf8, false)
}
fn text_or_null(name: &'static str) -> Column {
    (name, DataType::Utf8, true)
}
fn int(name: &'static str) -> Column {
    (name, DataType::Int64, false)
}
fn int_or_null(name: &'static str) -> Column {
    (name, DataType::Int64, true)
}
fn index(name: &'static str) -> Column {
    (name, DataType::Int32, false)
}
fn index_or_null(name: &'static str) -> Column {
    (name, DataType::Int32, true)
}
fn double(name: &'static str) -> Column {
    (name, DataType::Float64, false)
}
fn double_or_null(name: &'static str) -> Column {
    (name, DataType::Float64, true)
}
fn flag(name: &'static str) -> Column {
    (name, DataType::Boolean, false)
}
fn day(name: &'static str) -> Column {
    (name, DataType::Date32, true)
}

/// The document date and year every row of a per-document table carries.
fn dated(doc: &'static str) -> Vec<Column> {
    vec![text(doc), day("date"), index_or_null("year")]
}

fn columns(table: &str) -> Option<Vec<Column>> {
    let columns = match table {
        "documents" => vec![
            text("id"),
            text_or_null("title"),
            day("date"),
            text_or_null("date_text"),
            index_or_null("year"),
            text_or_null("place"),
            text_or_null("url"),
            int("chars"),
            int("words"),
            text("metadata"),
            text("hash"),
            text_or_null("source_path"),
            text_or_null("source_locator"),
            text("text"),
        ],
        "turns" => [
            dated("doc_id"),
            vec![
                index("idx"),
                int("start"),
                int("end"),
                int("label_start"),
                int("label_end"),
                text("label"),
                text_or_null("person_id"),
                text_or_null("name"),
                text_or_null("role"),
                text_or_null("note"),
                flag("generic"),
                int("words"),
            ],
        ]
        .concat(),
        "paragraphs" => [
            dated("doc_id"),
            vec![
                index("idx"),
                text("part"),
                index_or_null("turn_idx"),
                text_or_null("person_id"),
                int("start"),
                int("end"),
                int("words"),
                text("text"),
            ],
        ]
        .concat(),
        "mentions" => [
            dated("doc_id"),
            vec![
                index("idx"),
                index_or_null("turn_idx"),
                text_or_null("person_id"),
                text("kind"),
                int("start"),
                int("end"),
                text("text"),
                double_or_null("value"),
                text_or_null("value_text"),
                double_or_null("high"),
                text_or_null("high_text"),
                text_or_null("unit"),
                text_or_null("qualifier"),
                int_or_null("qualifier_start"),
                int_or_null("qualifier_end"),
                text("bound"),
                text_or_null("offset"),
            ],
        ]
        .concat(),
        "claims" => [
            dated("doc_id"),
            vec![
                index("idx"),
                index_or_null("turn_idx"),
                text_or_null("person_id"),
                text_or_null("name"),
                text("indicator"),
                text_or_null("canonical"),
                text("indicator_text"),
                int("indicator_start"),
                int("indicator_end"),
                text("kind"),
                text_or_null("detail"),
                text("scope"),
                text_or_null("period"),
                flag("partial"),
                double("value"),
                double_or_null("high"),
                text_or_null("unit"),
                text("unit_family"),
                double_or_null("converted"),
                text_or_null("converted_unit"),
                text_or_null("qualifier"),
                text("bound"),
                flag("change"),
                text_or_null("direction"),
                flag("forecast"),
                text_or_null("source"),
                int("start"),
                int("end"),
                int("sentence_start"),
                int("sentence_end"),
            ],
        ]
        .concat(),
        "persons" => vec![
            text("id"),
            text("name"),
            int("turns"),
            int("words"),
            int("documents"),
            day("first_date"),
            day("last_date"),
        ],
        "roles" => vec![
            text("person_id"),
            text("role"),
            int("turns"),
            int("documents"),
            day("first_date"),
            day("last_date"),
        ],
        _ => return None,
    };
    Some(columns)
}

/// The Arrow fields of a table; `None` for a table that does not exist.
pub fn fields(table: &str) -> Option<Vec<FieldRef>> {
    Some(
        columns(table)?
            .into_iter()
            .map(|(name, ty, nullable)| Arc::new(Field::new(name, ty, nullable)))
            .collect(),
    )
}

/// The Arrow schema of a table.
pub fn schema(table: &str) -> Option<SchemaRef> {
    Some(Arc::new(Schema::new(fields(table)?)))
}

/// A table's rows as a list of structs (the Spark annotation's columns).
pub(crate) fn list_of(table: &str) -> Option<DataType> {
    let item = Field::new("item", DataType::Struct(Fields::from(fields(table)?)), true);
    Some(DataType::List(Arc::new(item)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_columns_and_unique_names() {
        for table in stenogram_store::TABLES {
            let fields = fields(table).unwrap_or_else(|| panic!("{table} has no columns"));
            let mut names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n, "{table} repeats a column");
        }
        assert!(fields("nonsense").is_none());
    }
}
