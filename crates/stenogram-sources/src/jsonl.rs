//! JSON Lines datasets, plain or zstd-compressed: one document per line.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use serde_json::{Map, Value};

use crate::discover::{file_stem, io_message, Input, InputKind};
use crate::fields::FieldMap;
use crate::raw::{normalise_date, Metadata, Origin, Raw, SourceError};

/// Reads a dataset line by line. A bad line is an error for that line and
/// the reader goes on; a broken stream (I/O error, corrupt compression)
/// ends the file with an error naming the line where it broke.
pub(crate) fn read_jsonl(
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
    let counter = CountHandle::default();
    let raw = Counting {
        inner: BufReader::with_capacity(1 << 16, file),
        handle: counter.clone(),
    };
    let mut lines: Box<dyn BufRead> = match input.kind {
        InputKind::JsonlZst => {
            match zstd::stream::read::Decoder::with_buffer(BufReader::new(raw)) {
                Ok(decoder) => Box::new(BufReader::with_capacity(1 << 16, decoder)),
                Err(e) => {
                    sink(Err(SourceError::new(
                        path,
                        None,
                        format!("not a zstd stream: {e}"),
                    )));
                    return;
                }
            }
        }
        _ => Box::new(BufReader::with_capacity(1 << 16, raw)),
    };
    let stem = file_stem(path);
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        line_no += 1;
        let locator = || Some(format!("line {line_no}"));
        match lines.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let what = if input.kind == InputKind::JsonlZst {
                    format!("the compressed stream is corrupt or truncated ({e}); lines before this one were read")
                } else {
                    format!("read error ({e}); lines before this one were read")
                };
                sink(Err(SourceError::new(path, locator(), what)));
                return;
            }
        }
        progress(counter.get());
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let result = document_of_line(&buf, map, &stem, line_no)
            .map_err(|message| SourceError::new(path, locator(), message));
        let result = result.map(|(id, text, meta)| Raw {
            id,
            text,
            meta,
            origin: Origin {
                path: path.clone(),
                locator: locator(),
            },
            document: None,
            warnings: Vec::new(),
        });
        if !sink(result) {
            return;
        }
    }
    progress(input.size);
}

/// Parses one line into `(id, text, metadata)`.
fn document_of_line(
    line: &[u8],
    map: &FieldMap,
    stem: &str,
    line_no: usize,
) -> Result<(String, String, Metadata), String> {
    let line = std::str::from_utf8(line).map_err(|e| {
        format!(
            "invalid UTF-8 at column {} of the line",
            e.valid_up_to() + 1
        )
    })?;
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(fields) = value else {
        return Err("not a JSON object".to_owned());
    };
    document_of_fields(fields, map, &format!("{stem}-{line_no}"))
}

/// A record's fields as `(id, text, metadata)`: `text` required, `id`
/// defaulting to `default_id`, `date` normalised, the rest kept.
pub(crate) fn document_of_fields(
    mut fields: Map<String, Value>,
    map: &FieldMap,
    default_id: &str,
) -> Result<(String, String, Metadata), String> {
    let text_key = map.column("text");
    let text = match fields.remove(text_key) {
        Some(Value::String(text)) => stenogram_core::normalise_newlines(&text),
        Some(_) => return Err(format!("`{text_key}` is not a string")),
        None => return Err(format!("no `{text_key}` field")),
    };
    let id_key = map.column("id");
    let id = match fields.remove(id_key) {
        Some(Value::String(id)) if !id.trim().is_empty() => id.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) | Some(Value::String(_)) => default_id.to_owned(),
        Some(other) => {
            return Err(format!(
                "`{id_key}` is neither a string nor a number: {other}"
            ))
        }
    };
    let mut meta = Metadata {
        title: take_string(&mut fields, map.column("title"))?,
        url: take_string(&mut fields, map.column("url"))?,
        ..Metadata::default()
    };
    let date_key = map.column("date");
    if let Some(date) = take_string(&mut fields, date_key)? {
        meta.date = Some(
            normalise_date(&date)
                .ok_or_else(|| format!("`{date_key}` is not an ISO date: {date:?}"))?,
        );
    }
    meta.extra = fields;
    Ok((id, text, meta))
}

fn take_string(fields: &mut Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match fields.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("`{key}` is not a string: {other}")),
    }
}

/// A byte count shared between the reader and the progress callback.
#[derive(Debug, Default, Clone)]
struct CountHandle(std::rc::Rc<std::cell::Cell<u64>>);

impl CountHandle {
    fn get(&self) -> u64 {
        self.0.get()
    }
}

/// Counts the bytes read from the file underneath, for progress.
struct Counting<R> {
    inner: R,
    handle: CountHandle,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.handle.0.set(self.handle.0.get() + n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_becomes_a_document() {
        let line = br#"{"id": 6152, "date": "2009-11-29T10:00", "title": "T", "url": "http://x", "text": "A\r\nB", "tags": ["a"]}"#;
        let (id, text, meta) = document_of_line(line, &FieldMap::default(), "all", 1).unwrap();
        assert_eq!(id, "6152");
        assert_eq!(text, "A\nB");
        assert_eq!(meta.date.as_deref(), Some("2009-11-29"));
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(meta.extra["tags"], serde_json::json!(["a"]));
    }

    #[test]
    fn bad_lines_say_why() {
        assert_eq!(
            document_of_line(b"{\"id\": 1}", &FieldMap::default(), "s", 1).unwrap_err(),
            "no `text` field"
        );
        assert!(
            document_of_line(b"{\"id\": 1, \"text\": \"x\"", &FieldMap::default(), "s", 1)
                .unwrap_err()
                .starts_with("not JSON")
        );
        assert_eq!(
            document_of_line(b"[1]", &FieldMap::default(), "s", 1).unwrap_err(),
            "not a JSON object"
        );
        assert!(document_of_line(
            b"{\"text\": \"x\", \"date\": \"May\"}",
            &FieldMap::default(),
            "s",
            1
        )
        .unwrap_err()
        .contains("not an ISO date"));
        let (id, ..) =
            document_of_line(b"{\"text\": \"x\"}", &FieldMap::default(), "set", 7).unwrap();
        assert_eq!(id, "set-7");
    }
}
