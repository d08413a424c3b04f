//! ParlaMint-style TEI: one component file (`TEI`) per document and a
//! corpus root (`teiCorpus`) that includes them, valid against the
//! ParlaMint RelaxNG schemas (`ParlaMint-TEI.rng` for components,
//! `ParlaMint-teiCorpus.rng` for the root) and read back by stenogram's
//! own TEI reader (`stenogram ingest DIR`) with the same turns, speakers,
//! roles, paragraphs and lead.
//!
//! Layout of `out`, as a ParlaMint release:
//!
//! ```text
//! stenogram.xml                          the root: header (listPerson, listOrg,
//!                                        taxonomies), one xi:include per component
//! 2011/stenogram_13679.xml               a component, in the folder of its year
//! 2011/stenogram_13679-meta.tsv          its utterances' speakers and roles
//! undated/stenogram_x1.xml               a document without a date
//! ```
//!
//! The parts: `header.rs` (a component's `teiHeader`, person names),
//! `body.rs` (its `text`: `u`, `seg`, `head`, `note`, `gap`), `corpus.rs`
//! (what the root gathers across documents, and the root), `tsv.rs` (the
//! `-meta.tsv`), `ids.rs` (`xml:id`s and file names), `files.rs` (files
//! written whole or not at all), `xml.rs` (escaping and layout).
//!
//! Documents are read from the store one at a time; what is kept across
//! them grows with the distinct speakers, tags and sources only.

mod body;
mod corpus;
mod files;
mod header;
mod ids;
mod tsv;
mod xml;

use std::fs;
use std::path::{Path, PathBuf};

use stenogram_store::{CorpusVersion, DocumentView, Store, StoreError};

use crate::ExportError;
use body::Body;
use corpus::Corpus;
use files::{AtomicFile, Spill};
use header::{schema_date, HeaderInfo};
use xml::XmlWriter;

/// What [`write_tei`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeiSummary {
    /// Documents exported (one component each).
    pub documents: u64,
    /// Every file written (components and their `-meta.tsv`), the root last.
    pub files: Vec<PathBuf>,
}

/// The root file's name in `out`.
const ROOT_FILE: &str = "stenogram.xml";
/// The language of documents whose metadata names none.
const DEFAULT_LANGUAGE: &str = "en";

/// Writes one TEI file per document id (in the order given) into `out`
/// (created if absent) and a `teiCorpus` root file that includes them
/// (xi:include).
///
/// A document id the store does not hold is a usage error, and so is an
/// export of no documents (a corpus root must include one). Files are
/// written whole or not at all; an error names the file.
pub fn write_tei(
    store: &Store,
    ids: &mut dyn Iterator<Item = Result<String, StoreError>>,
    out: &Path,
    corpus_version: &CorpusVersion,
) -> Result<TeiSummary, ExportError> {
    fs::create_dir_all(out).map_err(|e| ExportError::io(out, e))?;
    let root_path = out.join(ROOT_FILE);
    let version = corpus_version.tag();
    let today = stenogram_core::Day::from_days(today_days()).to_string();
    let mut corpus = Corpus::new();
    let mut includes = Spill::create(&root_path)?;
    let mut files = Vec::new();
    let mut documents = 0u64;
    for id in ids {
        let id = id?;
        let doc = store
            .document_structure(&id)?
            .ok_or_else(|| ExportError::Usage(format!("no document {id:?} in the store")))?;
        let (href, written) = write_component(out, &doc, &mut corpus, &version, &today)?;
        includes.push(&href)?;
        files.extend(written);
        documents += 1;
    }
    if documents == 0 {
        return Err(ExportError::Usage(
            "no documents to export: a TEI corpus includes one at least".into(),
        ));
    }
    let mut reader = includes.reader()?;
    let mut root = AtomicFile::create(root_path)?;
    let written = {
        let mut xml = XmlWriter::new(root.writer());
        corpus
            .write_root(&mut xml, documents, &version, &today, &mut reader)
            .and_then(|()| xml.finish().map(drop))
    };
    written.map_err(|e| root.error(e))?;
    files.push(root.commit()?);
    Ok(TeiSummary { documents, files })
}

/// Days since 1970-01-01 now (UTC).
fn today_days() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// The folder of a document: its year, or `undated`.
fn year_folder(date: Option<&str>) -> &str {
    date.map_or("undated", |d| &d[..4])
}

/// The document's language: metadata `language` or `lang` when it is a
/// language tag, else English.
fn language_of(doc: &DocumentView) -> String {
    ["language", "lang"]
        .iter()
        .find_map(|k| doc.metadata.get(*k).and_then(|v| v.as_str()))
        .map(str::trim)
        .filter(|l| is_language_tag(l))
        .unwrap_or(DEFAULT_LANGUAGE)
        .to_owned()
}

/// Whether `s` is an `xsd:language` (`en`, `en-GB`).
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (1..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Writes a document's component and `-meta.tsv`; returns the component's
/// `href` from the root and the files written.
fn write_component(
    out: &Path,
    doc: &DocumentView,
    corpus: &mut Corpus,
    version: &str,
    today: &str,
) -> Result<(String, Vec<PathBuf>), ExportError> {
    let component = ids::component_id(&doc.id);
    let date = schema_date(doc.date.as_deref());
    let folder = year_folder(date.as_deref());
    let language = language_of(doc);

    let body = Body::plan(doc);
    let usage = body.tag_usage();
    let speakers: Vec<_> = doc
        .turns
        .iter()
        .map(|t| corpus.speaker(t, date.as_deref()))
        .collect();
    let kind = if doc.turns.is_empty() {
        "#report"
    } else {
        "#transcript"
    };
    let mut meeting_ana = kind.to_owned();
    for category in corpus.classify(&doc.metadata) {
        meeting_ana.push_str(" #");
        meeting_ana.push_str(&category);
    }
    let source = corpus.source(doc.url.as_deref());
    corpus.count(
        doc.turns.len() as u64,
        doc.words,
        &usage,
        date.as_deref(),
        &language,
    );

    let mut file = AtomicFile::create(out.join(folder).join(format!("{component}.xml")))?;
    let written = {
        let mut xml = XmlWriter::new(file.writer());
        let info = HeaderInfo {
            meeting_ana: &meeting_ana,
            source: source.as_deref(),
            date: date.as_deref(),
            version,
            today,
            usage: &usage,
        };
        write_tei_element(
            &mut xml, &component, &language, kind, doc, &info, &body, &speakers,
        )
        .and_then(|()| xml.finish().map(drop))
    };
    written.map_err(|e| file.error(e))?;
    let xml_path = file.commit()?;

    let mut file = AtomicFile::create(out.join(folder).join(format!("{component}-meta.tsv")))?;
    tsv::write_meta_tsv(file.writer(), &component, doc, &speakers, &language)
        .map_err(|e| file.error(e))?;
    let tsv_path = file.commit()?;
    Ok((
        format!("{folder}/{component}.xml"),
        vec![xml_path, tsv_path],
    ))
}

/// The whole `TEI` element of a component, after the XML declaration.
#[allow(clippy::too_many_arguments)]
fn write_tei_element<W: std::io::Write>(
    xml: &mut XmlWriter<W>,
    component: &str,
    language: &str,
    kind: &str,
    doc: &DocumentView,
    info: &HeaderInfo,
    body: &Body,
    speakers: &[body::SpeakerRef],
) -> std::io::Result<()> {
    xml.declaration()?;
    xml.open(
        "TEI",
        &[
            ("xmlns", header::TEI_NS),
            ("xml:id", component),
            ("xml:lang", language),
            ("ana", kind),
        ],
    )?;
    header::write_header(xml, doc, info)?;
    body.write(xml, component, kind, doc, speakers)?;
    xml.close("TEI")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_folders() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("en-GB"));
        assert!(!is_language_tag("English language"));
        assert!(!is_language_tag(""));
        assert_eq!(year_folder(Some("2011-11-25")), "2011");
        assert_eq!(year_folder(None), "undated");
    }
}
