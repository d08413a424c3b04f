//! Turning the paths a user names into a list of inputs to read.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::raw::{normalise_date, Metadata, SourceError};

/// How an input file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One transcript in the text layout.
    Text,
    /// One document per line.
    Jsonl,
    /// One document per line, zstd-compressed.
    JsonlZst,
    /// A kremlin.ru event page.
    Html,
    /// A CSV dataset: one document per record.
    Csv,
    /// ParlaMint TEI: a corpus root (one document per component) or a component.
    Tei,
}

/// One file to read, with the `index.csv` metadata of its folder, if any.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub kind: InputKind,
    /// Size in bytes, for progress.
    pub size: u64,
    /// Metadata for this file from its folder's `index.csv`.
    pub index_row: Option<Arc<Metadata>>,
    /// The id the index gives, when the file is listed.
    pub index_id: Option<String>,
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<Input>,
    /// Paths that do not exist or cannot be listed, and broken `index.csv` files.
    pub errors: Vec<SourceError>,
    /// Files inside named folders that no reader takes (`README.md`, …).
    pub skipped: Vec<PathBuf>,
}

/// Expands `paths` into inputs: files are taken as named (their kind told
/// by extension, text otherwise); folders are walked recursively in name
/// order, taking `.txt`, `.jsonl`, `.ndjson` and `.jsonl.zst` files. In a
/// folder with an `index.csv`, only the `.txt` files are documents (the
/// folder is a text dataset; other JSON Lines there are side files).
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut found = Discovery::default();
    let mut indexes: HashMap<PathBuf, Option<Arc<FolderIndex>>> = HashMap::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) => found
                .errors
                .push(SourceError::new(path, None, io_message(&e))),
            Ok(meta) if meta.is_dir() => {
                let before = found.inputs.len();
                walk(path, &mut found, &mut indexes);
                settle_tei(&mut found, before);
            }
            Ok(meta) => {
                let kind = kind_of(path).unwrap_or(InputKind::Text);
                push_file(path, kind, meta.len(), &mut found, &mut indexes);
            }
        }
    }
    found
}

/// In a folder walk, a ParlaMint release holds a corpus root, the
/// components it includes, and side files (`listPerson`, taxonomies): the
/// root is read (with its components, in its order), components it
/// includes are not read a second time on their own, and side files are
/// skipped, not failed.
fn settle_tei(found: &mut Discovery, from: usize) {
    let walked = found.inputs.split_off(from);
    let mut included = std::collections::HashSet::new();
    let mut roles = Vec::with_capacity(walked.len());
    for input in &walked {
        let role = (input.kind == InputKind::Tei).then(|| crate::tei::sniff(&input.path));
        if let Some(crate::tei::XmlRole::Corpus { includes }) = &role {
            included.extend(includes.iter().filter_map(|p| fs::canonicalize(p).ok()));
        }
        roles.push(role);
    }
    for (input, role) in walked.into_iter().zip(roles) {
        match role {
            Some(crate::tei::XmlRole::Auxiliary) => found.skipped.push(input.path),
            Some(crate::tei::XmlRole::Component)
                if fs::canonicalize(&input.path).is_ok_and(|p| included.contains(&p)) => {}
            _ => found.inputs.push(input),
        }
    }
}

fn walk(
    dir: &Path,
    found: &mut Discovery,
    indexes: &mut HashMap<PathBuf, Option<Arc<FolderIndex>>>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found
                .errors
                .push(SourceError::new(dir, None, io_message(&e)));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    let has_index = children
        .iter()
        .any(|p| p.file_name() == Some("index.csv".as_ref()));
    for child in children {
        let name = child.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        let meta = match fs::metadata(&child) {
            Ok(meta) => meta,
            Err(e) => {
                found
                    .errors
                    .push(SourceError::new(&child, None, io_message(&e)));
                continue;
            }
        };
        if meta.is_dir() {
            walk(&child, found, indexes);
            continue;
        }
        match kind_of(&child) {
            Some(kind @ (InputKind::Text | InputKind::Html)) => {
                push_file(&child, kind, meta.len(), found, indexes)
            }
            Some(kind) if !has_index => push_file(&child, kind, meta.len(), found, indexes),
            _ if name == "index.csv" => {}
            // ParlaMint's per-component metadata, read with its component.
            _ if name.ends_with("-meta.tsv") => {}
            _ => found.skipped.push(child),
        }
    }
}

fn push_file(
    path: &Path,
    kind: InputKind,
    size: u64,
    found: &mut Discovery,
    indexes: &mut HashMap<PathBuf, Option<Arc<FolderIndex>>>,
) {
    let (index_row, index_id) = if kind == InputKind::Text {
        let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let index = indexes
            .entry(folder.clone())
            .or_insert_with(|| {
                let csv = folder.join("index.csv");
                if !csv.is_file() {
                    return None;
                }
                match FolderIndex::read(&csv) {
                    Ok(index) => Some(Arc::new(index)),
                    Err(e) => {
                        found.errors.push(e);
                        None
                    }
                }
            })
            .clone();
        let stem = file_stem(path);
        match index.and_then(|index| index.rows.get(&stem).cloned()) {
            Some(row) => (Some(row), Some(stem)),
            None => (None, None),
        }
    } else {
        (None, None)
    };
    found.inputs.push(Input {
        path: path.to_path_buf(),
        kind,
        size,
        index_row,
        index_id,
    });
}

/// The kind a file's name says it is, if it names one.
fn kind_of(path: &Path) -> Option<InputKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".jsonl.zst") || name.ends_with(".ndjson.zst") {
        Some(InputKind::JsonlZst)
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Some(InputKind::Jsonl)
    } else if name.ends_with(".txt") {
        Some(InputKind::Text)
    } else if name.ends_with(".csv") {
        Some(InputKind::Csv)
    } else if name.ends_with(".html") || name.ends_with(".htm") {
        Some(InputKind::Html)
    } else if name.ends_with(".xml") {
        Some(InputKind::Tei)
    } else {
        None
    }
}

/// A file's stem: the name without its last extension.
pub(crate) fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(crate) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// The rows of a folder's `index.csv`, by id.
#[derive(Debug)]
struct FolderIndex {
    rows: HashMap<String, Arc<Metadata>>,
}

impl FolderIndex {
    fn read(path: &Path) -> Result<FolderIndex, SourceError> {
        let fail =
            |locator: Option<String>, message: String| SourceError::new(path, locator, message);
        let mut reader = csv::Reader::from_path(path).map_err(|e| fail(None, e.to_string()))?;
        let headers = reader
            .headers()
            .map_err(|e| fail(Some("line 1".into()), e.to_string()))?
            .clone();
        let id_column = headers
            .iter()
            .position(|h| h.trim() == "id")
            .ok_or_else(|| fail(Some("line 1".into()), "no `id` column".into()))?;
        let mut rows = HashMap::new();
        for (n, record) in reader.records().enumerate() {
            let line = format!("line {}", n + 2);
            let record = record.map_err(|e| fail(Some(line.clone()), e.to_string()))?;
            let mut meta = Metadata::default();
            let mut id = None;
            for (column, (header, value)) in headers.iter().zip(record.iter()).enumerate() {
                let value = value.trim();
                if column == id_column {
                    id = Some(value.to_owned());
                    continue;
                }
                if value.is_empty() {
                    continue;
                }
                match header.trim() {
                    "title" => meta.title = Some(value.to_owned()),
                    "url" => meta.url = Some(value.to_owned()),
                    "date" => {
                        meta.date = Some(normalise_date(value).ok_or_else(|| {
                            fail(
                                Some(line.clone()),
                                format!("`date` is not an ISO date: {value:?}"),
                            )
                        })?)
                    }
                    other => {
                        meta.extra.insert(other.to_owned(), value.into());
                    }
                }
            }
            if let Some(id) = id.filter(|id| !id.is_empty()) {
                rows.insert(id, Arc::new(meta));
            }
        }
        Ok(FolderIndex { rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(
            kind_of(Path::new("a/b.jsonl.zst")),
            Some(InputKind::JsonlZst)
        );
        assert_eq!(kind_of(Path::new("b.JSONL")), Some(InputKind::Jsonl));
        assert_eq!(kind_of(Path::new("b.txt")), Some(InputKind::Text));
        assert_eq!(
            kind_of(Path::new("a/ParlaMint-GB.xml")),
            Some(InputKind::Tei)
        );
        assert_eq!(kind_of(Path::new("README.md")), None);
    }

    #[test]
    fn a_missing_path_is_named() {
        let found = discover(&[PathBuf::from("/no/such/stenogram/path")]);
        assert!(found.inputs.is_empty());
        assert_eq!(found.errors.len(), 1);
        assert!(found.errors[0]
            .to_string()
            .contains("/no/such/stenogram/path"));
        assert!(found.errors[0].to_string().contains("no such file"));
    }
}
