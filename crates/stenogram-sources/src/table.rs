//! CSV datasets: a header row, then one document per record. Columns are
//! mapped to fields with a [`FieldMap`]; other columns are kept as metadata.

use std::fs::File;
use std::io::BufReader;

use serde_json::{Map, Value};

use crate::discover::{file_stem, io_message, Input};
use crate::fields::FieldMap;
use crate::jsonl::document_of_fields;
use crate::raw::{Origin, Raw, SourceError};

/// Reads a CSV dataset record by record; a bad record is an error for that
/// record (named by its line) and the reader goes on.
pub(crate) fn read_csv(
    input: &Input,
    map: &FieldMap,
    progress: &mut dyn FnMut(u64),
    sink: &mut dyn FnMut(Result<Raw, SourceError>) -> bool,
) {
    let path = &input.path;
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            sink(Err(SourceError::new(path, None, io_message(&e))));
            return;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(BufReader::with_capacity(1 << 16, file));
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            sink(Err(SourceError::new(
                path,
                Some("line 1".into()),
                e.to_string(),
            )));
            return;
        }
    };
    let text_column = map.column("text");
    if !headers.iter().any(|h| h.trim() == text_column) {
        sink(Err(SourceError::new(
            path,
            Some("line 1".into()),
            format!(
                "no `{text_column}` column (columns: {}); say which holds the text with --map text=COLUMN",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        )));
        return;
    }
    let stem = file_stem(path);
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let broken = matches!(e.kind(), csv::ErrorKind::Io(_));
                let at = e.position().map_or(line, |p| p.line());
                if !sink(Err(SourceError::new(
                    path,
                    Some(format!("line {at}")),
                    e.to_string(),
                ))) || broken
                {
                    return;
                }
                continue;
            }
        }
        progress(reader.position().byte());
        let locator = Some(format!("line {line}"));
        let mut fields = Map::new();
        for (header, value) in headers.iter().zip(record.iter()) {
            fields.insert(header.trim().to_owned(), Value::String(value.to_owned()));
        }
        let result = document_of_fields(fields, map, &format!("{stem}-{line}"))
            .map(|(id, text, meta)| Raw {
                id,
                text,
                meta,
                origin: Origin {
                    path: path.clone(),
                    locator: locator.clone(),
                },
                document: None,
                warnings: Vec::new(),
            })
            .map_err(|message| SourceError::new(path, locator, message));
        if !sink(result) {
            return;
        }
    }
    progress(input.size);
}
