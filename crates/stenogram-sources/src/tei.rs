//! ParlaMint TEI: parliamentary sittings encoded in TEI (the ParlaMint
//! flavour of Parla-CLARIN), read as a stream.
//!
//! A file is either a corpus root (`teiCorpus`) whose `xi:include`s name
//! component files, or one component (`TEI`, one sitting). Each component
//! becomes one [`Raw`] whose text we lay out as a transcript, one paragraph
//! per line: headings and notes on lines of their own, each `seg` one line,
//! an utterance's first line opened by `Speaker Name: `, cut material
//! (`gap`) as `<…>`. Incidents (`kinesic`, `vocal`, `incident`, …) become
//! `(their description)` lines; a note or incident inside a `seg` ends the
//! line, takes a line of its own, and the `seg` goes on on the next line.
//!
//! The structure comes from the XML, not from parsing that text: `Raw.document`
//! holds one turn per `u`, headings as lead (before the first `u`) or
//! narration (a `head type="lead"` or `type="narration"` says which, as
//! stenogram's TEI export writes them), notes and incidents as artefacts,
//! gaps as omissions, with code point offsets into the text.
//!
//! A component's document id is the `idno type="stenogram"` of its
//! `sourceDesc/bibl` (percent-decoded) when it has one (stenogram's own TEI
//! export keeps ids there that are no valid `xml:id`, such as `13679`),
//! else its `xml:id`, else the file stem.
//!
//! Speaker names come from a `listPerson` (in the root's header, an included
//! file, or the component's header), else from the `*-meta.tsv` file beside
//! the component, else from the person id (`#DavidDavis` -> `David Davis`);
//! `meta.extra.speaker_names` says which were used. The person id of a
//! speaker is derived from the TEI person id, so it is the same whichever
//! source named them. Header includes that are missing (taxonomies,
//! `listOrg`, `listPerson`) are named in a warning on the first document and
//! the reading goes on; a missing or broken component is an error naming
//! that file, and the other components are still read.
//!
//! Files are read with a streaming parser: only one component's text is held
//! at a time.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{Decoder, NsReader};
use serde_json::{Map, Value};
use stenogram_core::{
    count_chars, Artefact, ArtefactKind, Document, Paragraph, Person, Span, Speaker, Turn,
};

use crate::discover::{file_stem, io_message, Input};
use crate::raw::{normalise_date, Metadata, Origin, Raw, SourceError};

const TEI_NS: &[u8] = b"http://www.tei-c.org/ns/1.0";
const XINCLUDE_NS: &[u8] = b"http://www.w3.org/2001/XInclude";
/// How cut material shows in the text.
const OMISSION: &str = "<…>";
/// How often a long single file reports progress, in bytes.
const PROGRESS_STEP: u64 = 1 << 20;

/// Reads a TEI file: a corpus root gives one document per component (in
/// the order of its includes), a component gives one document. A component
/// that cannot be read is an error naming its file and place; the reader
/// goes on with the next. Returns early when `sink` returns `false`.
pub(crate) fn read_tei(
    input: &Input,
    progress: &mut dyn FnMut(u64),
    sink: &mut dyn FnMut(Result<Raw, SourceError>) -> bool,
) {
    let path = &input.path;
    let mut reader = match open(path) {
        Ok(reader) => reader,
        Err(e) => {
            sink(Err(e));
            return;
        }
    };
    let mut buf = Vec::new();
    let root = match root_element(&mut reader, &mut buf) {
        Ok(root) => root,
        Err(broken) => {
            progress(input.size);
            sink(Err(broken.into_error(path)));
            return;
        }
    };
    match root.kind {
        RootKind::Tei => {
            let corpus = Corpus::default();
            let result = read_component(&mut reader, path, root.id, root.empty, &corpus, progress);
            progress(input.size);
            sink(result);
        }
        RootKind::Corpus => {
            if !root.empty {
                let mut corpus = Corpus {
                    id: root.id,
                    ..Corpus::default()
                };
                if let Err(broken) = read_corpus(&mut reader, path, &mut corpus, progress, sink) {
                    sink(Err(broken.into_error(path)));
                }
            }
            progress(input.size);
        }
    }
}

/// What a corpus root hands to its components.
#[derive(Debug, Default)]
struct Corpus {
    /// The root's `xml:id` (`ParlaMint-GB`).
    id: Option<String>,
    /// Person id -> display name, from the root's `listPerson`.
    persons: HashMap<String, String>,
    /// Header includes that are not there.
    missing: Vec<String>,
    /// Whether a document has carried the warning about them.
    warned: bool,
}

impl Corpus {
    /// Adds the warning about missing header includes to the first document.
    fn warn(&mut self, mut raw: Raw) -> Raw {
        if !self.warned && !self.missing.is_empty() {
            self.warned = true;
            raw.warnings.push(format!(
                "included by the corpus root but not found (read on without them): {}",
                self.missing.join(", ")
            ));
        }
        raw
    }
}

/// Why a file could not be read, and where (a byte offset into it).
#[derive(Debug)]
struct Broken {
    message: String,
    at: Option<u64>,
}

impl Broken {
    fn new(message: impl Into<String>, at: Option<u64>) -> Self {
        Self {
            message: message.into(),
            at,
        }
    }

    /// Fills in the place when the error did not know it.
    fn or_at(mut self, at: u64) -> Self {
        self.at.get_or_insert(at);
        self
    }

    fn into_error(self, file: &Path) -> SourceError {
        let locator = self.at.map(|at| locate(file, at));
        SourceError::new(file, locator, self.message)
    }
}

fn xml_error<R>(reader: &NsReader<R>, e: quick_xml::Error) -> Broken {
    let message = match &e {
        quick_xml::Error::Io(io) => format!("read error: {io}"),
        quick_xml::Error::Encoding(_) => format!("{e}; TEI files must be UTF-8"),
        _ => format!("malformed XML: {e}"),
    };
    Broken::new(message, Some(reader.error_position()))
}

/// `line L, column C (byte B)` of byte `at` of `file`, found by reading the
/// file again up to there (only when something went wrong).
fn locate(file: &Path, at: u64) -> String {
    let Ok(f) = File::open(file) else {
        return format!("byte {at}");
    };
    let mut bytes = BufReader::new(f).take(at);
    let (mut line, mut column) = (1u64, 1u64);
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = match bytes.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for &b in &chunk[..n] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
    }
    format!("line {line}, column {column} (byte {at})")
}

type XmlReader = NsReader<BufReader<File>>;

fn open(path: &Path) -> Result<XmlReader, SourceError> {
    let file = File::open(path).map_err(|e| SourceError::new(path, None, io_message(&e)))?;
    Ok(NsReader::from_reader(BufReader::with_capacity(
        1 << 16,
        file,
    )))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RootKind {
    Tei,
    Corpus,
}

/// The root element of a file.
#[derive(Debug)]
struct Root {
    kind: RootKind,
    id: Option<String>,
    /// `<TEI/>`: nothing inside.
    empty: bool,
}

/// The first element of a file: its namespace, local and qualified name,
/// `xml:id`, and whether it is empty.
struct FirstElement {
    in_tei: bool,
    local: String,
    qname: String,
    id: Option<String>,
    empty: bool,
}

fn first_element<R: BufRead>(
    reader: &mut NsReader<R>,
    buf: &mut Vec<u8>,
) -> Result<Option<FirstElement>, Broken> {
    loop {
        buf.clear();
        let before = reader.buffer_position();
        let event = reader
            .read_event_into(buf)
            .map_err(|e| xml_error(reader, e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let (ns, local) = reader.resolve_element(e.name());
                let in_tei = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == TEI_NS);
                let local = String::from_utf8_lossy(local.as_ref()).into_owned();
                let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let id = attr(e, b"xml:id", reader.decoder())
                    .map_err(|b| b.or_at(reader.buffer_position()))?;
                return Ok(Some(FirstElement {
                    in_tei,
                    local,
                    qname,
                    id,
                    empty: matches!(event, Event::Empty(_)),
                }));
            }
            Event::Decl(ref d) => {
                if let Some(Ok(encoding)) = d.encoding() {
                    let encoding = String::from_utf8_lossy(&encoding).to_ascii_lowercase();
                    if encoding != "utf-8" && encoding != "utf8" {
                        return Err(Broken::new(
                            format!("declares encoding {encoding}; only UTF-8 TEI is read"),
                            None,
                        ));
                    }
                }
            }
            Event::Text(ref t) => {
                let text = t.decode().map_err(|e| {
                    Broken::new(
                        format!("{e}; TEI files must be UTF-8"),
                        Some(reader.buffer_position()),
                    )
                })?;
                if !text.trim().is_empty() {
                    return Err(Broken::new(
                        "not a TEI document (text before the root element; is this XML?)",
                        Some(before + (text.len() - text.trim_start().len()) as u64),
                    ));
                }
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// What an `.xml` file met in a folder walk is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum XmlRole {
    /// A `TEI` component: a document.
    Component,
    /// A `teiCorpus` root, with the files it includes (resolved paths).
    Corpus { includes: Vec<std::path::PathBuf> },
    /// A TEI-namespace file that is no document (`listPerson`, a taxonomy …).
    Auxiliary,
    /// Anything else; reading it will say why it is not TEI.
    Other,
}

/// Tells what an `.xml` file is from its root element (and, for a corpus
/// root, its `xi:include`s), reading no further than needed.
pub(crate) fn sniff(path: &Path) -> XmlRole {
    let Ok(mut reader) = open(path) else {
        return XmlRole::Other;
    };
    let mut buf = Vec::new();
    let Ok(Some(first)) = first_element(&mut reader, &mut buf) else {
        return XmlRole::Other;
    };
    match (first.in_tei, first.local.as_str()) {
        (true, "TEI") => XmlRole::Component,
        (true, "teiCorpus") => {
            let base = path.parent().unwrap_or(Path::new(""));
            let mut includes = Vec::new();
            loop {
                buf.clear();
                match reader.read_event_into(&mut buf) {
                    Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => {
                        let (ns, local) = reader.resolve_element(e.name());
                        let xinclude =
                            matches!(ns, ResolveResult::Bound(n) if n.as_ref() == XINCLUDE_NS);
                        if xinclude && local.as_ref() == b"include" {
                            if let Ok(Some(href)) = attr(e, b"href", reader.decoder()) {
                                includes.push(base.join(href.trim()));
                            }
                        }
                    }
                    Ok(Event::Eof) | Err(_) => break,
                    _ => {}
                }
            }
            XmlRole::Corpus { includes }
        }
        (true, _) => XmlRole::Auxiliary,
        _ => XmlRole::Other,
    }
}

/// Reads up to the root element and checks that it is TEI.
fn root_element<R: BufRead>(reader: &mut NsReader<R>, buf: &mut Vec<u8>) -> Result<Root, Broken> {
    let Some(first) = first_element(reader, buf)? else {
        return Err(Broken::new("not a TEI document (no root element)", None));
    };
    let kind = match first.local.as_str() {
        "TEI" => RootKind::Tei,
        "teiCorpus" => RootKind::Corpus,
        _ => {
            return Err(Broken::new(
                format!("not a TEI document (root element <{}>)", first.qname),
                None,
            ))
        }
    };
    if !first.in_tei {
        return Err(Broken::new(
            format!(
                "not a TEI document (root element <{}> is not in the TEI namespace {})",
                first.qname,
                String::from_utf8_lossy(TEI_NS)
            ),
            None,
        ));
    }
    Ok(Root {
        kind,
        id: first.id,
        empty: first.empty,
    })
}

/// An attribute's value, by qualified name as written (`xml:id`, `who`).
fn attr(e: &BytesStart, key: &[u8], decoder: Decoder) -> Result<Option<String>, Broken> {
    let bad = |what: String| Broken::new(format!("malformed XML: {what}"), None);
    match e.try_get_attribute(key) {
        Ok(Some(a)) => a
            .decode_and_unescape_value(decoder)
            .map(|v| Some(v.into_owned()))
            .map_err(|e| bad(e.to_string())),
        Ok(None) => Ok(None),
        Err(e) => Err(bad(e.to_string())),
    }
}

/// The character data an event carries, if any: text, CDATA, or an entity
/// or character reference.
fn text_of<'e, R>(reader: &NsReader<R>, event: &'e Event) -> Result<Option<Cow<'e, str>>, Broken> {
    let utf8 = |e: quick_xml::encoding::EncodingError| {
        Broken::new(
            format!("{e}; TEI files must be UTF-8"),
            Some(reader.buffer_position()),
        )
    };
    match event {
        Event::Text(t) => t.decode().map(Some).map_err(utf8),
        Event::CData(t) => t.decode().map(Some).map_err(utf8),
        Event::GeneralRef(r) => {
            let name = r.decode().map_err(utf8)?;
            if r.is_char_ref() {
                match r.resolve_char_ref() {
                    Ok(Some(c)) => Ok(Some(Cow::Owned(c.to_string()))),
                    _ => Err(Broken::new(
                        format!("malformed XML: bad character reference &{name};"),
                        Some(reader.buffer_position()),
                    )),
                }
            } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                Ok(Some(Cow::Borrowed(s)))
            } else {
                Err(Broken::new(
                    format!("malformed XML: unknown entity &{name};"),
                    Some(reader.buffer_position()),
                ))
            }
        }
        _ => Ok(None),
    }
}

/// Streams a corpus root: its header (for a `listPerson` and the header
/// includes), then each component, included or inline, in order.
fn read_corpus(
    reader: &mut XmlReader,
    root: &Path,
    corpus: &mut Corpus,
    progress: &mut dyn FnMut(u64),
    sink: &mut dyn FnMut(Result<Raw, SourceError>) -> bool,
) -> Result<(), Broken> {
    let base = root.parent().unwrap_or(Path::new(""));
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    // Local names of the open elements, the root first.
    let mut stack: Vec<Vec<u8>> = vec![b"teiCorpus".to_vec()];
    // Stack depth of the open root `teiHeader`, if inside it.
    let mut header: Option<usize> = None;
    let mut people = PersonCollector::default();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(reader, e))?;
        let at = reader.buffer_position();
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let decoder = reader.decoder();
                let (ns, local) = reader.resolve_element(e.name());
                let ns_is =
                    |want: &[u8]| matches!(ns, ResolveResult::Bound(n) if n.as_ref() == want);
                let (xinclude, tei) = (ns_is(XINCLUDE_NS), ns_is(TEI_NS));
                let local = local.as_ref().to_vec();
                let in_corpus = stack.last().is_some_and(|p| p == b"teiCorpus");
                if xinclude && local == b"include" {
                    let href = attr(e, b"href", decoder).map_err(|b| b.or_at(at))?;
                    let parse = attr(e, b"parse", decoder).map_err(|b| b.or_at(at))?;
                    if !empty {
                        // Skip an `xi:fallback`: we read what is there or say it is not.
                        let name = e.name().as_ref().to_vec();
                        reader
                            .read_to_end_into(quick_xml::name::QName(&name), &mut skip)
                            .map_err(|e| xml_error(reader, e))?;
                    }
                    let Some(href) = href.filter(|h| !h.trim().is_empty()) else {
                        continue;
                    };
                    if parse.as_deref() == Some("text") {
                        continue;
                    }
                    let target = base.join(href.trim());
                    if header.is_some() {
                        match read_header_include(&target, &mut corpus.persons) {
                            Ok(true) => {}
                            Ok(false) => corpus.missing.push(href),
                            Err(e) => {
                                if !sink(Err(e)) {
                                    return Ok(());
                                }
                            }
                        }
                    } else if in_corpus {
                        let result = read_included_component(&target, root, corpus)
                            .map(|raw| corpus.warn(raw));
                        progress(reader.buffer_position());
                        if !sink(result) {
                            return Ok(());
                        }
                    }
                    continue;
                }
                if tei && in_corpus && local == b"TEI" {
                    let id = attr(e, b"xml:id", decoder).map_err(|b| b.or_at(at))?;
                    // A component inside the root: when it breaks, so does the root.
                    let result = read_component(reader, root, id, empty, corpus, &mut |_| {});
                    progress(reader.buffer_position());
                    let go_on = match result {
                        Ok(raw) => sink(Ok(corpus.warn(raw))),
                        Err(e) => {
                            sink(Err(e));
                            false
                        }
                    };
                    if !go_on {
                        return Ok(());
                    }
                    continue;
                }
                if in_corpus && local == b"teiHeader" && !empty {
                    header = Some(stack.len() + 1);
                }
                if header.is_some() {
                    people.start(&local, e, decoder).map_err(|b| b.or_at(at))?;
                    if empty {
                        people.end(&local);
                    }
                }
                if !empty {
                    stack.push(local);
                }
            }
            Event::End(ref e) => {
                if header.is_some() {
                    people.end(e.local_name().as_ref());
                }
                if header == Some(stack.len()) {
                    header = None;
                    corpus.persons.extend(std::mem::take(&mut people.found));
                }
                stack.pop();
                if stack.is_empty() {
                    return Ok(());
                }
            }
            Event::Eof => {
                return Err(Broken::new(
                    "unexpected end of file: <teiCorpus> is not closed",
                    Some(at),
                ))
            }
            ref other => {
                if header.is_some() {
                    if let Some(text) = text_of(reader, other)? {
                        people.text(&text);
                    }
                }
            }
        }
    }
}

/// Reads a header include of a root for the persons it lists. `Ok(false)`
/// when the file is not there; files that are not person lists (taxonomies,
/// `listOrg`) are not read past their root element.
fn read_header_include(
    path: &Path,
    persons: &mut HashMap<String, String>,
) -> Result<bool, SourceError> {
    if !path.is_file() {
        return Ok(false);
    }
    let mut reader = open(path)?;
    let mut buf = Vec::new();
    let Some(first) = first_element(&mut reader, &mut buf).map_err(|b| b.into_error(path))? else {
        return Ok(true);
    };
    if !matches!(
        first.local.as_str(),
        "listPerson" | "particDesc" | "profileDesc" | "teiHeader"
    ) || first.empty
    {
        return Ok(true);
    }
    let mut people = PersonCollector::default();
    people
        .start(
            first.local.as_bytes(),
            &BytesStart::new(first.local.clone()),
            reader.decoder(),
        )
        .map_err(|b| b.into_error(path))?;
    let mut depth = 1usize;
    while depth > 0 {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(&reader, e).into_error(path))?;
        let at = reader.buffer_position();
        match event {
            Event::Start(ref e) => {
                depth += 1;
                people
                    .start(e.local_name().as_ref(), e, reader.decoder())
                    .map_err(|b| b.or_at(at).into_error(path))?;
            }
            Event::Empty(ref e) => {
                let local = e.local_name();
                people
                    .start(local.as_ref(), e, reader.decoder())
                    .map_err(|b| b.or_at(at).into_error(path))?;
                people.end(local.as_ref());
            }
            Event::End(ref e) => {
                depth -= 1;
                people.end(e.local_name().as_ref());
            }
            Event::Eof => {
                return Err(Broken::new(
                    format!("unexpected end of file: <{}> is not closed", first.qname),
                    Some(at),
                )
                .into_error(path))
            }
            ref other => {
                if let Some(text) = text_of(&reader, other).map_err(|b| b.into_error(path))? {
                    people.text(&text);
                }
            }
        }
    }
    persons.extend(people.found);
    Ok(true)
}

/// Reads a component file a root includes.
fn read_included_component(path: &Path, root: &Path, corpus: &Corpus) -> Result<Raw, SourceError> {
    if !path.is_file() {
        let root_name = root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        return Err(SourceError::new(
            path,
            None,
            format!("no such file (a component included from {root_name})"),
        ));
    }
    let mut reader = open(path)?;
    let mut buf = Vec::new();
    let root = root_element(&mut reader, &mut buf).map_err(|b| b.into_error(path))?;
    if root.kind == RootKind::Corpus {
        return Err(SourceError::new(
            path,
            None,
            "a component should be a <TEI> document, not a nested <teiCorpus>",
        ));
    }
    read_component(&mut reader, path, root.id, root.empty, corpus, &mut |_| {})
}

/// Reads one component, the reader being just past its `<TEI>` start tag,
/// up to and including its end tag.
fn read_component<R: BufRead>(
    reader: &mut NsReader<R>,
    file: &Path,
    id: Option<String>,
    empty: bool,
    corpus: &Corpus,
    progress: &mut dyn FnMut(u64),
) -> Result<Raw, SourceError> {
    let mut component = Component {
        file,
        corpus,
        header: Header::default(),
        people: PersonCollector::default(),
        names: Names::default(),
        body: Body::default(),
    };
    if !empty {
        component
            .events(reader, progress)
            .map_err(|b| b.into_error(file))?;
    }
    Ok(component.finish(id))
}

/// The part of a component an element is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Outside,
    Header,
    Text,
}

struct Component<'a> {
    file: &'a Path,
    corpus: &'a Corpus,
    header: Header,
    /// Persons listed in the component's own header.
    people: PersonCollector,
    names: Names,
    body: Body,
}

impl Component<'_> {
    fn events<R: BufRead>(
        &mut self,
        reader: &mut NsReader<R>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), Broken> {
        let mut buf = Vec::new();
        // Open elements below `TEI`.
        let mut depth = 0usize;
        let mut section = Section::Outside;
        let mut reported = 0u64;
        loop {
            buf.clear();
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| xml_error(reader, e))?;
            let at = reader.buffer_position();
            if at >= reported + PROGRESS_STEP {
                reported = at;
                progress(at);
            }
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    let decoder = reader.decoder();
                    let local = e.local_name();
                    let local = local.as_ref();
                    if depth == 0 {
                        section = match local {
                            b"teiHeader" => Section::Header,
                            b"text" => Section::Text,
                            _ => Section::Outside,
                        };
                    }
                    self.start(section, local, e, decoder)
                        .map_err(|b| b.or_at(at))?;
                    if empty {
                        self.end(section, local);
                        if depth == 0 {
                            section = Section::Outside;
                        }
                    } else {
                        depth += 1;
                    }
                }
                Event::End(ref e) => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                    self.end(section, e.local_name().as_ref());
                    if depth == 0 {
                        section = Section::Outside;
                    }
                }
                Event::Eof => {
                    return Err(Broken::new(
                        "unexpected end of file: <TEI> is not closed",
                        Some(at),
                    ))
                }
                ref other => {
                    if section != Section::Outside {
                        if let Some(text) = text_of(reader, other)? {
                            match section {
                                Section::Header => {
                                    self.header.text(&text);
                                    self.people.text(&text);
                                }
                                Section::Text => self.body.text(&text),
                                Section::Outside => {}
                            }
                        }
                    }
                }
            }
        }
    }

    fn start(
        &mut self,
        section: Section,
        local: &[u8],
        e: &BytesStart,
        decoder: Decoder,
    ) -> Result<(), Broken> {
        match section {
            Section::Header => {
                self.header.start(local, e, decoder)?;
                self.people.start(local, e, decoder)
            }
            Section::Text => {
                let speaker = if local == b"u" && self.body.reading() {
                    let who = attr(e, b"who", decoder)?;
                    let ana = attr(e, b"ana", decoder)?;
                    let id = attr(e, b"xml:id", decoder)?;
                    let mut speaker = self.names.speaker(
                        who.as_deref(),
                        ana.as_deref(),
                        id.as_deref(),
                        &self.people.found,
                        self.corpus,
                        self.file,
                    );
                    // stenogram's own export keeps the label as written in
                    // `n` (elsewhere `n` may be a number: not a label).
                    if self.header.stenogram_id.is_some() {
                        if let Some(n) = attr(e, b"n", decoder)? {
                            let n = n.trim();
                            if !n.is_empty() {
                                speaker.note = trailing_note(n).map(Arc::from);
                                speaker.label = Arc::from(n);
                            }
                        }
                    }
                    Some(speaker)
                } else {
                    None
                };
                self.body.start(local, e, decoder, speaker)
            }
            Section::Outside => Ok(()),
        }
    }

    fn end(&mut self, section: Section, local: &[u8]) {
        match section {
            Section::Header => {
                self.header.end();
                self.people.end(local);
            }
            Section::Text => self.body.end(),
            Section::Outside => {}
        }
    }

    fn finish(mut self, id: Option<String>) -> Raw {
        let id = (self.header.stenogram_id.take())
            .or(id)
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| file_stem(self.file));
        self.body.flush();
        while self.body.layout.turn.is_some() {
            self.body.layout.close_turn();
        }
        let header = self.header;
        let date = header
            .setting_date
            .as_deref()
            .and_then(normalise_date)
            .or_else(|| header.source_date.as_deref().and_then(normalise_date));
        let title = header.title_main.or(header.title_first);
        let place = (!header.places.is_empty()).then(|| header.places.join(", "));

        let mut extra = Map::new();
        extra.insert("format".into(), "parlamint-tei".into());
        if let Some(licence) = &header.licence {
            extra.insert("licence".into(), licence.clone().into());
        }
        if let Some(place) = &place {
            extra.insert("place".into(), place.clone().into());
        }
        if let Some(subtitle) = header.subtitle {
            extra.insert("subtitle".into(), subtitle.into());
        }
        if let Some(corpus) = &self.corpus.id {
            extra.insert("corpus".into(), corpus.clone().into());
        }
        let sources = self.names.sources();
        if !sources.is_empty() {
            extra.insert("speaker_names".into(), sources.into());
        }

        let mut doc = self.body.layout.doc;
        doc.id = id.clone();
        doc.title = title.clone();
        doc.date = date.clone();
        doc.place = place;
        doc.url = header.url.clone();
        doc.page.licence = header.licence;
        Raw {
            id,
            text: self.body.layout.text,
            meta: Metadata {
                title,
                date,
                url: header.url,
                extra,
            },
            origin: Origin {
                path: self.file.to_path_buf(),
                locator: None,
            },
            document: Some(Box::new(doc)),
            warnings: Vec::new(),
        }
    }
}

/// `%XX` escapes decoded (an `idno` holds a URI); other text as it is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Collapses white space runs to one space and trims.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a component's `teiHeader` says about it.
#[derive(Debug, Default)]
struct Header {
    /// Local names from `teiHeader` down.
    path: Vec<Vec<u8>>,
    /// The field being read, the path length where it began, its text.
    capture: Option<(Field, usize, String)>,
    title_main: Option<String>,
    title_first: Option<String>,
    subtitle: Option<String>,
    licence: Option<String>,
    url: Option<String>,
    /// `sourceDesc/bibl/idno[@type="stenogram"]`: the document id stenogram's
    /// TEI export keeps there (ids such as `13679` are no valid `xml:id`).
    stenogram_id: Option<String>,
    setting_date: Option<String>,
    source_date: Option<String>,
    places: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title { main: bool, sub: bool },
    Licence,
    Url,
    Id,
    Place,
}

impl Header {
    fn at(&self, suffix: &[&str]) -> bool {
        self.path.len() >= suffix.len()
            && self.path[self.path.len() - suffix.len()..]
                .iter()
                .zip(suffix)
                .all(|(a, b)| a.as_slice() == b.as_bytes())
    }

    fn start(&mut self, local: &[u8], e: &BytesStart, decoder: Decoder) -> Result<(), Broken> {
        self.path.push(local.to_vec());
        if self.capture.is_some() {
            return Ok(());
        }
        let depth = self.path.len();
        let field = if self.at(&["fileDesc", "titleStmt", "title"]) {
            let kind = attr(e, b"type", decoder)?;
            Some(Field::Title {
                main: kind.as_deref() == Some("main"),
                sub: kind.as_deref() == Some("sub"),
            })
        } else if self.at(&["availability", "licence"]) && self.licence.is_none() {
            Some(Field::Licence)
        } else if self.at(&["sourceDesc", "bibl", "idno"])
            && self.url.is_none()
            && attr(e, b"type", decoder)?.as_deref() == Some("URI")
        {
            Some(Field::Url)
        } else if self.at(&["sourceDesc", "bibl", "idno"])
            && self.stenogram_id.is_none()
            && attr(e, b"type", decoder)?.as_deref() == Some("stenogram")
        {
            Some(Field::Id)
        } else if self.at(&["settingDesc", "setting", "name"]) {
            let kind = attr(e, b"type", decoder)?;
            matches!(kind.as_deref(), Some("city" | "place")).then_some(Field::Place)
        } else {
            if self.at(&["settingDesc", "setting", "date"]) && self.setting_date.is_none() {
                self.setting_date = attr(e, b"when", decoder)?.or(attr(e, b"from", decoder)?);
            } else if self.at(&["sourceDesc", "bibl", "date"]) && self.source_date.is_none() {
                self.source_date = attr(e, b"when", decoder)?.or(attr(e, b"from", decoder)?);
            }
            None
        };
        if let Some(field) = field {
            self.capture = Some((field, depth, String::new()));
        }
        Ok(())
    }

    fn text(&mut self, s: &str) {
        if let Some((_, _, text)) = &mut self.capture {
            text.push_str(s);
        }
    }

    fn end(&mut self) {
        if self
            .capture
            .as_ref()
            .is_some_and(|(_, depth, _)| *depth == self.path.len())
        {
            let (field, _, text) = self.capture.take().expect("checked");
            let text = squash(&text);
            if !text.is_empty() {
                match field {
                    Field::Title { main, sub } => {
                        if main && self.title_main.is_none() {
                            self.title_main = Some(text.clone());
                        }
                        if sub && self.subtitle.is_none() {
                            self.subtitle = Some(text.clone());
                        }
                        self.title_first.get_or_insert(text);
                    }
                    Field::Licence => self.licence = Some(text),
                    Field::Url => self.url = Some(text),
                    Field::Id => self.stenogram_id = Some(percent_decode(&text)),
                    Field::Place => self.places.push(text),
                }
            }
        }
        self.path.pop();
    }
}

/// Collects `person` entries of `listPerson` elements: id -> display name.
#[derive(Debug, Default)]
struct PersonCollector {
    /// Open `listPerson` elements.
    lists: usize,
    person: Option<PersonDraft>,
    found: HashMap<String, String>,
}

#[derive(Debug, Default)]
struct PersonDraft {
    id: Option<String>,
    names: Vec<PersName>,
    /// Inside a `persName`.
    in_name: bool,
    /// Inside a name part, and which.
    part: Option<NamePart>,
    /// Open elements inside `persName` other than name parts (`roleName`, …).
    other: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NamePart {
    Forename,
    Surname,
    Link,
}

#[derive(Debug, Default)]
struct PersName {
    forenames: Vec<String>,
    links: Vec<String>,
    surnames: Vec<String>,
    plain: String,
    /// Has an end date: a former name.
    former: bool,
}

impl PersName {
    fn display(&self) -> String {
        let parts: Vec<String> = self
            .forenames
            .iter()
            .chain(&self.links)
            .chain(&self.surnames)
            .map(|p| squash(p))
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            squash(&self.plain)
        } else {
            parts.join(" ")
        }
    }
}

impl PersonCollector {
    fn start(&mut self, local: &[u8], e: &BytesStart, decoder: Decoder) -> Result<(), Broken> {
        if local == b"listPerson" {
            self.lists += 1;
            return Ok(());
        }
        if self.lists == 0 {
            return Ok(());
        }
        match (&mut self.person, local) {
            (None, b"person") => {
                self.person = Some(PersonDraft {
                    id: attr(e, b"xml:id", decoder)?,
                    ..PersonDraft::default()
                });
            }
            (Some(p), b"persName") if !p.in_name => {
                p.in_name = true;
                p.names.push(PersName {
                    former: attr(e, b"to", decoder)?.is_some(),
                    ..PersName::default()
                });
            }
            (Some(p), part) if p.in_name => {
                let part = match part {
                    b"forename" => Some(NamePart::Forename),
                    b"surname" => Some(NamePart::Surname),
                    b"nameLink" => Some(NamePart::Link),
                    _ => None,
                };
                match (part, p.part, p.names.last_mut()) {
                    (Some(part), None, Some(name)) if p.other == 0 => {
                        p.part = Some(part);
                        match part {
                            NamePart::Forename => name.forenames.push(String::new()),
                            NamePart::Surname => name.surnames.push(String::new()),
                            NamePart::Link => name.links.push(String::new()),
                        }
                    }
                    _ => p.other += 1,
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, s: &str) {
        let Some(p) = &mut self.person else { return };
        if !p.in_name || p.other > 0 {
            return;
        }
        let Some(name) = p.names.last_mut() else {
            return;
        };
        let target = match p.part {
            None => &mut name.plain,
            Some(NamePart::Forename) => name.forenames.last_mut().expect("pushed at start"),
            Some(NamePart::Surname) => name.surnames.last_mut().expect("pushed at start"),
            Some(NamePart::Link) => name.links.last_mut().expect("pushed at start"),
        };
        target.push_str(s);
    }

    fn end(&mut self, local: &[u8]) {
        if local == b"listPerson" {
            self.lists = self.lists.saturating_sub(1);
            return;
        }
        let Some(p) = &mut self.person else { return };
        if p.in_name {
            if p.other > 0 {
                p.other -= 1;
            } else if p.part.is_some() {
                p.part = None;
            } else if local == b"persName" {
                p.in_name = false;
            }
            return;
        }
        if local == b"person" {
            let p = self.person.take().expect("checked");
            let current = p.names.iter().rev().find(|n| !n.former).or(p.names.last());
            if let (Some(id), Some(name)) = (p.id, current.map(PersName::display)) {
                if !name.is_empty() {
                    self.found.insert(id, name);
                }
            }
        }
    }
}

/// Speaker metadata from a component's `-meta.tsv` file.
#[derive(Debug, Default)]
struct Tsv {
    /// Person id -> display name.
    names: HashMap<String, String>,
    /// Utterance id -> speaker role (`Regular`, `Chairperson`).
    roles: HashMap<String, String>,
}

impl Tsv {
    /// Reads `<component>-meta.tsv` beside the component, if it is there and
    /// has the columns; rows it cannot read are left out.
    fn beside(component: &Path) -> Option<Tsv> {
        let path = component.with_file_name(format!("{}-meta.tsv", file_stem(component)));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .quoting(false)
            .flexible(true)
            .from_path(path)
            .ok()?;
        let headers = reader.headers().ok()?.clone();
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        let (utterance, person, name, role) = (
            column("ID"),
            column("Speaker_ID")?,
            column("Speaker_name"),
            column("Speaker_role"),
        );
        let mut tsv = Tsv::default();
        for record in reader.records().flatten() {
            let field = |i: Option<usize>| {
                i.and_then(|i| record.get(i))
                    .map(str::trim)
                    .filter(|v| !v.is_empty() && *v != "-")
            };
            let Some(id) = field(Some(person)) else {
                continue;
            };
            if let Some(name) = field(name) {
                // "Kinnock, Stephen Nathan" -> "Stephen Nathan Kinnock".
                let display = match name.split_once(',') {
                    Some((surname, forenames)) if !forenames.trim().is_empty() => {
                        format!("{} {}", forenames.trim(), surname.trim())
                    }
                    _ => name.to_owned(),
                };
                tsv.names.entry(id.to_owned()).or_insert(squash(&display));
            }
            if let (Some(u), Some(role)) = (field(utterance), field(role)) {
                tsv.roles.insert(u.to_owned(), role.to_owned());
            }
        }
        Some(tsv)
    }
}

/// Turns `who` references into speakers, once per person and role.
#[derive(Debug, Default)]
struct Names {
    /// The `-meta.tsv` beside the component, read at the first utterance.
    tsv: Option<Option<Tsv>>,
    /// Person reference -> (person id, display name), shared by all turns.
    known: HashMap<String, (Arc<str>, Arc<str>)>,
    roles: HashMap<String, Arc<str>>,
    /// Which sources named speakers: listPerson, meta.tsv, person id.
    used: [bool; 3],
}

/// The trailing parenthetical of a label (`Vladimir Putin (retranslated)`).
fn trailing_note(label: &str) -> Option<&str> {
    let inner = label.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let note = inner[open + 1..].trim();
    (!note.is_empty() && open > 0).then_some(note)
}

impl Names {
    fn speaker(
        &mut self,
        who: Option<&str>,
        ana: Option<&str>,
        utterance: Option<&str>,
        own: &HashMap<String, String>,
        corpus: &Corpus,
        file: &Path,
    ) -> Speaker {
        let tsv = self.tsv.get_or_insert_with(|| Tsv::beside(file)).as_ref();
        let anas: Vec<&str> = ana.unwrap_or("").split_whitespace().collect();
        let role = if anas.iter().any(|a| a.rsplit('#').next() == Some("chair")) {
            Some("Chair".to_owned())
        } else if anas.iter().any(|a| a.rsplit('#').next() == Some("guest")) {
            Some("Guest".to_owned())
        } else {
            utterance
                .and_then(|u| tsv.and_then(|t| t.roles.get(u)))
                .filter(|r| !matches!(r.as_str(), "Regular" | "regular"))
                .cloned()
        };
        let role = role.map(|r| {
            self.roles
                .entry(r.clone())
                .or_insert_with(|| r.into())
                .clone()
        });
        let reference = who
            .and_then(|w| w.split_whitespace().next())
            .map(|w| w.rsplit('#').next().unwrap_or(w).trim())
            .filter(|w| !w.is_empty());
        let Some(reference) = reference else {
            return Speaker {
                person: None,
                name: None,
                role,
                label: Arc::from("Unknown speaker"),
                note: None,
                generic: true,
            };
        };
        let (person, name) = match self.known.get(reference) {
            Some(known) => known.clone(),
            None => {
                let from_id = name_from_id(reference);
                let name = if let Some(name) = own.get(reference).or(corpus.persons.get(reference))
                {
                    self.used[0] = true;
                    name.clone()
                } else if let Some(name) = tsv.and_then(|t| t.names.get(reference)) {
                    self.used[1] = true;
                    name.clone()
                } else {
                    self.used[2] = true;
                    if from_id.is_empty() {
                        reference.to_owned()
                    } else {
                        from_id.clone()
                    }
                };
                let mut person = stenogram_core::names::person_id(&from_id);
                if person.is_empty() {
                    person = stenogram_core::names::person_id(&name);
                }
                if person.is_empty() {
                    person = reference.to_lowercase();
                }
                let entry = (Arc::from(person), Arc::from(name));
                self.known.insert(reference.to_owned(), entry.clone());
                entry
            }
        };
        Speaker {
            person: Some(person),
            name: Some(name.clone()),
            role,
            label: name,
            note: None,
            generic: false,
        }
    }

    fn sources(&self) -> Vec<Value> {
        ["listPerson", "meta.tsv", "person id"]
            .iter()
            .zip(self.used)
            .filter(|(_, used)| *used)
            .map(|(s, _)| Value::from(*s))
            .collect()
    }
}

/// A readable name from a person id: `DavidDavis` -> `David Davis`,
/// `JohnMcDonnell` -> `John McDonnell`, `JohnSMITH` -> `John Smith`; digits
/// and punctuation other than `-` and `'` separate words and are dropped.
fn name_from_id(id: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev: Option<char> = None;
    for c in id.chars() {
        let letter = c.is_alphabetic() || c == '-' || c == '\'' || c == '’';
        let boundary = !letter
            || (c.is_uppercase()
                && prev.is_some_and(char::is_lowercase)
                && !matches!(word.as_str(), "Mc" | "Mac"));
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if letter {
            word.push(c);
            prev = Some(c);
        } else {
            prev = None;
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
        .iter()
        .map(|w| stenogram_core::names::normalise_name_token(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What an open element of the body is, for layout.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Frame {
    /// `text`, `body`, `div`, …: holds blocks.
    Container,
    /// `u`: a speaker's turn.
    Utterance,
    /// `seg`, `p`, `ab`: one line.
    Para,
    /// `head`: one line of lead or narration (`type="lead"` or
    /// `"narration"` says which; else its place does).
    Head(Option<Heading>),
    /// `note` (verbatim) or an incident (`kinesic`, `vocal`, `incident`, …,
    /// in parentheses, its `type` when it has no description).
    Note {
        incident: bool,
        fallback: Option<String>,
    },
    /// Content that is not text (`gap` and its description).
    Skip,
    /// Inline markup inside a line (`ref`, `name`, `w`, `desc`, …); `glue`
    /// for `join="right"`: no space after it.
    Inline { glue: bool },
}

/// What a `head` says it is (`type="lead"`, `type="narration"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    Lead,
    Narration,
}

/// Where the text at the current place goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place<'a> {
    Speech,
    Narrative(Option<Heading>),
    Artefact {
        incident: bool,
        fallback: Option<&'a str>,
    },
    Ignore,
}

#[derive(Debug, Default)]
struct Body {
    frames: Vec<Frame>,
    line: LineBuf,
    layout: Layout,
}

impl Body {
    fn place(&self) -> Place<'_> {
        let mut frames = self.frames.iter().rev();
        for (i, frame) in frames.by_ref().enumerate() {
            return match frame {
                Frame::Inline { .. } => continue,
                Frame::Skip => Place::Ignore,
                Frame::Para => {
                    let in_turn =
                        self.frames[..self.frames.len() - 1 - i].contains(&Frame::Utterance);
                    if in_turn {
                        Place::Speech
                    } else {
                        Place::Narrative(None)
                    }
                }
                Frame::Head(heading) => Place::Narrative(*heading),
                Frame::Container => Place::Narrative(None),
                Frame::Utterance => Place::Speech,
                Frame::Note { incident, fallback } => Place::Artefact {
                    incident: *incident,
                    fallback: fallback.as_deref(),
                },
            };
        }
        Place::Ignore
    }

    /// Whether text here is read (not inside a `gap`).
    fn reading(&self) -> bool {
        !self.frames.contains(&Frame::Skip)
    }

    /// Whether a `gap` here is inside a line (`<…>` inline) or between lines.
    fn inline_here(&self) -> bool {
        self.frames
            .iter()
            .rev()
            .find(|f| !matches!(f, Frame::Inline { .. }))
            .is_some_and(|f| matches!(f, Frame::Para | Frame::Head(_) | Frame::Note { .. }))
    }

    fn start(
        &mut self,
        local: &[u8],
        e: &BytesStart,
        decoder: Decoder,
        speaker: Option<Speaker>,
    ) -> Result<(), Broken> {
        if !self.reading() {
            self.frames.push(Frame::Skip);
            return Ok(());
        }
        let frame = match local {
            b"u" => {
                self.flush();
                if let Some(speaker) = speaker {
                    self.layout.open_turn(speaker);
                }
                Frame::Utterance
            }
            b"seg" | b"p" | b"ab" => {
                self.flush();
                Frame::Para
            }
            b"head" => {
                self.flush();
                Frame::Head(match attr(e, b"type", decoder)?.as_deref() {
                    Some("lead") => Some(Heading::Lead),
                    Some("narration") => Some(Heading::Narration),
                    _ => None,
                })
            }
            b"note" | b"kinesic" | b"vocal" | b"incident" | b"pause" | b"writing" | b"shift" => {
                self.flush();
                let incident = local != b"note";
                let fallback = if incident {
                    let kind = attr(e, b"type", decoder)?;
                    Some(kind.unwrap_or_else(|| String::from_utf8_lossy(local).into_owned()))
                } else {
                    None
                };
                Frame::Note { incident, fallback }
            }
            b"gap" => {
                if self.inline_here() {
                    self.line.gap();
                } else {
                    self.flush();
                    self.layout.omission();
                }
                Frame::Skip
            }
            b"text" | b"body" | b"front" | b"back" | b"div" | b"group" => {
                self.flush();
                Frame::Container
            }
            b"include" | b"fallback" => Frame::Skip,
            b"lb" | b"pb" | b"cb" => {
                if attr(e, b"break", decoder)?.as_deref() != Some("no") {
                    self.line.space();
                }
                Frame::Inline { glue: false }
            }
            _ => Frame::Inline {
                glue: attr(e, b"join", decoder)?.as_deref() == Some("right"),
            },
        };
        self.frames.push(frame);
        Ok(())
    }

    fn text(&mut self, s: &str) {
        if self.place() != Place::Ignore {
            self.line.push(s);
        }
    }

    fn end(&mut self) {
        match self.frames.last() {
            Some(Frame::Inline { glue: true }) => self.line.glue = true,
            Some(Frame::Inline { .. } | Frame::Skip) | None => {}
            Some(Frame::Utterance) => {
                self.flush();
                self.layout.close_turn();
            }
            Some(_) => self.flush(),
        }
        self.frames.pop();
    }

    /// Ends the current line and lays it out where it belongs.
    fn flush(&mut self) {
        let line = self.line.take();
        match self.place() {
            Place::Ignore => {}
            Place::Speech => {
                if let Some(line) = line {
                    self.layout.speech(line);
                }
            }
            Place::Narrative(heading) => {
                if let Some(line) = line {
                    self.layout.narrative(line, heading);
                }
            }
            Place::Artefact { incident, fallback } => {
                let line = match (line, incident, fallback) {
                    (Some(line), true, _) if !line.text.starts_with(['(', '[']) => Some(LineBuf {
                        text: format!("({})", line.text),
                        gaps: line.gaps.iter().map(|g| g + 1).collect(),
                        ..LineBuf::default()
                    }),
                    (None, true, Some(kind)) if !kind.trim().is_empty() => Some(LineBuf {
                        text: format!("({})", squash(kind)),
                        ..LineBuf::default()
                    }),
                    (line, ..) => line,
                };
                if let Some(line) = line {
                    self.layout.artefact(line);
                }
            }
        }
    }
}

/// The text of one line being gathered: white space collapsed, `<…>`
/// markers noted.
#[derive(Debug, Default)]
struct LineBuf {
    text: String,
    /// Byte offsets of the `<…>` markers in `text`.
    gaps: Vec<usize>,
    /// A space is due before the next character.
    pending_space: bool,
    /// White space up to the next character is dropped (`join="right"`).
    glue: bool,
}

/// White space that XML layout puts between words (line breaks included):
/// collapsed to one space. Other spaces (no-break) are text and stay.
fn layout_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

impl LineBuf {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if layout_space(c) {
                if !self.glue && !self.text.is_empty() {
                    self.pending_space = true;
                }
            } else {
                if self.pending_space {
                    self.text.push(' ');
                    self.pending_space = false;
                }
                self.glue = false;
                self.text.push(c);
            }
        }
    }

    fn space(&mut self) {
        if !self.text.is_empty() {
            self.pending_space = true;
        }
    }

    fn gap(&mut self) {
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        self.glue = false;
        self.gaps.push(self.text.len());
        self.text.push_str(OMISSION);
    }

    /// The line, trimmed, if it has any text; the buffer is left empty.
    fn take(&mut self) -> Option<LineBuf> {
        let mut line = std::mem::take(self);
        let end = line.text.trim_end_matches(char::is_whitespace).len();
        line.text.truncate(end);
        let lead = line.text.len() - line.text.trim_start_matches(char::is_whitespace).len();
        if lead > 0 {
            line.text.drain(..lead);
            line.gaps.iter_mut().for_each(|g| *g -= lead);
        }
        line.pending_space = false;
        line.glue = false;
        (!line.text.is_empty()).then_some(line)
    }
}

/// The document text and its structure, built line by line.
#[derive(Debug, Default)]
struct Layout {
    text: String,
    /// Length of `text` in code points.
    chars: usize,
    doc: Document,
    turn: Option<OpenTurn>,
    seen_turn: bool,
    /// Person id -> index in `doc.persons`.
    persons: HashMap<Arc<str>, usize>,
}

#[derive(Debug)]
struct OpenTurn {
    speaker: Speaker,
    /// `None` until its label line is laid out.
    turn: Option<Turn>,
}

impl Layout {
    /// Appends a line; returns its start in code points.
    fn put(&mut self, line: &str) -> usize {
        if !self.text.is_empty() {
            self.text.push('\n');
            self.chars += 1;
        }
        let start = self.chars;
        self.text.push_str(line);
        self.chars += count_chars(line.as_bytes());
        start
    }

    /// A paragraph of `line` placed at code point `start`, its inline `<…>`
    /// recorded as omissions.
    fn paragraph(&mut self, line: LineBuf, start: usize) -> Paragraph {
        let (mut byte, mut at) = (0, start);
        for &gap in &line.gaps {
            at += count_chars(&line.text.as_bytes()[byte..gap]);
            byte = gap;
            self.doc.omissions.push(Span {
                start: at,
                end: at + OMISSION.chars().count(),
            });
        }
        let end = start + count_chars(line.text.as_bytes());
        Paragraph {
            text: line.text,
            start,
            end,
        }
    }

    fn open_turn(&mut self, speaker: Speaker) {
        self.close_turn();
        self.seen_turn = true;
        if let Some(id) = &speaker.person {
            let index = *self.persons.entry(id.clone()).or_insert_with(|| {
                self.doc.persons.push(Person {
                    id: id.to_string(),
                    name: speaker.name.as_deref().unwrap_or(&speaker.label).to_owned(),
                    roles: Vec::new(),
                });
                self.doc.persons.len() - 1
            });
            if let Some(role) = &speaker.role {
                let roles = &mut self.doc.persons[index].roles;
                if !roles.iter().any(|r| r.as_str() == &**role) {
                    roles.push(role.to_string());
                }
            }
        }
        self.turn = Some(OpenTurn {
            speaker,
            turn: None,
        });
    }

    /// Lays out the open turn's label on a line of its own, if no line of
    /// the turn has been laid out yet.
    fn label_alone(&mut self) {
        let Some(label) = self
            .turn
            .as_ref()
            .filter(|t| t.turn.is_none())
            .map(|t| t.speaker.label.clone())
        else {
            return;
        };
        let start = self.put(&format!("{label}:"));
        let label_end = start + count_chars(label.as_bytes());
        if let Some(open) = self.turn.as_mut() {
            open.turn = Some(Turn {
                speaker: open.speaker.clone(),
                start,
                end: label_end + 1,
                label_span: Span {
                    start,
                    end: label_end,
                },
                paragraphs: Vec::new(),
                addressees: Vec::new(),
                vocatives: Vec::new(),
            });
        }
    }

    fn close_turn(&mut self) {
        self.label_alone();
        if let Some(turn) = self.turn.take().and_then(|t| t.turn) {
            self.doc.turns.push(turn);
        }
    }

    fn speech(&mut self, line: LineBuf) {
        let Some(open) = &self.turn else {
            self.narrative(line, None);
            return;
        };
        if open.turn.is_some() {
            let start = self.put(&line.text);
            let p = self.paragraph(line, start);
            if let Some(turn) = self.turn.as_mut().and_then(|t| t.turn.as_mut()) {
                turn.end = p.end;
                turn.paragraphs.push(p);
            }
            return;
        }
        let label = open.speaker.label.clone();
        let label_chars = count_chars(label.as_bytes());
        let start = self.put(&format!("{label}: {}", line.text));
        let p = self.paragraph(line, start + label_chars + 2);
        if let Some(open) = self.turn.as_mut() {
            open.turn = Some(Turn {
                speaker: open.speaker.clone(),
                start,
                end: p.end,
                label_span: Span {
                    start,
                    end: start + label_chars,
                },
                paragraphs: vec![p],
                addressees: Vec::new(),
                vocatives: Vec::new(),
            });
        }
    }

    /// A heading or loose text: lead or narration as `heading` says, else
    /// lead before the first turn and narration after.
    fn narrative(&mut self, line: LineBuf, heading: Option<Heading>) {
        self.label_alone();
        let start = self.put(&line.text);
        let p = self.paragraph(line, start);
        let lead = heading.map_or(!self.seen_turn, |h| h == Heading::Lead);
        if lead {
            self.doc.lead.push(p);
        } else {
            self.doc.narration.push(p);
        }
    }

    fn artefact(&mut self, line: LineBuf) {
        self.label_alone();
        let start = self.put(&line.text);
        let p = self.paragraph(line, start);
        self.doc.artefacts.push(Artefact {
            kind: ArtefactKind::Note,
            text: p.text,
            start: p.start,
            end: p.end,
        });
    }

    /// A `<…>` line of its own.
    fn omission(&mut self) {
        self.label_alone();
        let start = self.put(OMISSION);
        self.doc.omissions.push(Span {
            start,
            end: self.chars,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_note_is_its_trailing_parenthetical() {
        assert_eq!(
            trailing_note("Vladimir Putin (retranslated)"),
            Some("retranslated")
        );
        assert_eq!(trailing_note("Question"), None);
        assert_eq!(trailing_note("(aside)"), None);
        assert_eq!(trailing_note("Anna Berg ()"), None);
    }
    use std::path::PathBuf;

    fn input(path: &Path) -> Input {
        Input {
            path: path.to_path_buf(),
            kind: crate::InputKind::Tei,
            size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            index_row: None,
            index_id: None,
        }
    }

    fn read_path(path: &Path) -> Vec<Result<Raw, SourceError>> {
        let mut out = Vec::new();
        read_tei(&input(path), &mut |_| {}, &mut |r| {
            out.push(r);
            true
        });
        out
    }

    /// Writes `files` (name, content) to a fresh folder and reads the first.
    fn read_files(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<Result<Raw, SourceError>>) {
        let dir = tempfile::tempdir().unwrap();
        for (name, content) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        let out = read_path(&dir.path().join(files[0].0));
        (dir, out)
    }

    fn read_one(xml: &str) -> Raw {
        let (_dir, mut out) = read_files(&[("one.xml", xml)]);
        assert_eq!(out.len(), 1);
        out.remove(0).unwrap()
    }

    fn read_err(xml: &str) -> SourceError {
        let (_dir, mut out) = read_files(&[("bad.xml", xml)]);
        assert_eq!(out.len(), 1);
        out.remove(0).unwrap_err()
    }

    fn slice(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end - start).collect()
    }

    /// Every span of the document slices the text to what it says.
    fn assert_offsets(raw: &Raw) {
        let doc = raw.document.as_ref().unwrap();
        for p in doc.lead.iter().chain(&doc.narration) {
            assert_eq!(slice(&raw.text, p.start, p.end), p.text);
        }
        for t in &doc.turns {
            assert_eq!(
                slice(&raw.text, t.label_span.start, t.label_span.end),
                &*t.speaker.label
            );
            for p in &t.paragraphs {
                assert_eq!(slice(&raw.text, p.start, p.end), p.text);
            }
        }
        for a in &doc.artefacts {
            assert_eq!(slice(&raw.text, a.start, a.end), a.text);
        }
        for o in &doc.omissions {
            assert_eq!(slice(&raw.text, o.start, o.end), OMISSION);
        }
        stenogram_core::check_coverage(&raw.text, doc).unwrap();
    }

    const SITTING: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="Parla-XX_2021-03-04">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="sub">Daily session</title>
        <title type="main">Invented parliament, 2021-03-04</title>
      </titleStmt>
      <publicationStmt><availability><licence>http://creativecommons.org/licenses/by/4.0/</licence></availability></publicationStmt>
      <sourceDesc><bibl><idno type="URI">https://example.invalid/s/42</idno><date when="2021-03-04"/></bibl></sourceDesc>
    </fileDesc>
    <profileDesc><settingDesc><setting>
      <name type="city">Lakeside</name><name type="place">Round Hall</name><name type="country">Nowhere</name>
      <date when="2021-03-04"/>
    </setting></settingDesc></profileDesc>
  </teiHeader>
  <text><body>
    <div type="debateSection">
      <head>Ferry timetables</head>
      <note type="time">10.02</note>
      <u xml:id="u1" who="#AnnaBerg" ana="#chair">
        <seg>Order, order. The   ferry
          question first.</seg>
      </u>
      <u xml:id="u2" who="#OlafMcKay" ana="#regular">
        <seg>Two boats &amp; one pier.</seg>
        <kinesic type="applause"><desc>Applause</desc></kinesic>
        <seg>We cut <gap reason="inaudible"><desc>inaudible</desc></gap> the rest.</seg>
      </u>
      <gap reason="editorial"><desc>SAMPLING</desc></gap>
      <u xml:id="u3" who="#AnnaBerg" ana="#chair"><seg>Thank you.</seg></u>
      <note>End of section.</note>
    </div>
  </body></text>
</TEI>
"##;

    #[test]
    fn a_sitting_becomes_a_transcript_with_its_structure() {
        let raw = read_one(SITTING);
        assert_eq!(raw.id, "Parla-XX_2021-03-04");
        assert_eq!(
            raw.text,
            "Ferry timetables\n10.02\nAnna Berg: Order, order. The ferry question first.\n\
             Olaf McKay: Two boats & one pier.\n(Applause)\nWe cut <…> the rest.\n<…>\n\
             Anna Berg: Thank you.\nEnd of section."
        );
        assert_eq!(raw.meta.date.as_deref(), Some("2021-03-04"));
        assert_eq!(
            raw.meta.title.as_deref(),
            Some("Invented parliament, 2021-03-04")
        );
        assert_eq!(
            raw.meta.url.as_deref(),
            Some("https://example.invalid/s/42")
        );
        assert_eq!(raw.meta.extra["format"], "parlamint-tei");
        assert_eq!(raw.meta.extra["place"], "Lakeside, Round Hall");
        assert_eq!(raw.meta.extra["subtitle"], "Daily session");
        assert_eq!(
            raw.meta.extra["licence"],
            "http://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(
            raw.meta.extra["speaker_names"],
            serde_json::json!(["person id"])
        );

        let doc = raw.document.as_ref().unwrap();
        assert_eq!(doc.id, raw.id);
        assert_eq!(doc.place.as_deref(), Some("Lakeside, Round Hall"));
        assert_eq!(doc.lead.len(), 1);
        assert_eq!(doc.lead[0].text, "Ferry timetables");
        assert_eq!(doc.turns.len(), 3);
        let chair = &doc.turns[0].speaker;
        assert_eq!(chair.person.as_deref(), Some("anna-berg"));
        assert_eq!(chair.name.as_deref(), Some("Anna Berg"));
        assert_eq!(chair.role.as_deref(), Some("Chair"));
        assert_eq!(&*chair.label, "Anna Berg");
        let olaf = &doc.turns[1];
        assert_eq!(olaf.speaker.person.as_deref(), Some("olaf-mckay"));
        assert_eq!(olaf.speaker.role, None);
        assert_eq!(
            olaf.paragraphs
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>(),
            ["Two boats & one pier.", "We cut <…> the rest."]
        );
        // Turns of one speaker share the strings.
        assert!(Arc::ptr_eq(
            doc.turns[0].speaker.person.as_ref().unwrap(),
            doc.turns[2].speaker.person.as_ref().unwrap()
        ));
        assert_eq!(doc.persons.len(), 2);
        assert_eq!(doc.persons[0].roles, ["Chair"]);
        assert!(doc.persons[1].roles.is_empty());
        let artefacts: Vec<&str> = doc.artefacts.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(artefacts, ["10.02", "(Applause)", "End of section."]);
        assert!(doc.artefacts.iter().all(|a| a.kind == ArtefactKind::Note));
        assert_eq!(doc.omissions.len(), 2);
        assert!(doc.narration.is_empty());
        assert_offsets(&raw);
    }

    #[test]
    fn a_note_inside_a_seg_takes_its_own_line_and_the_seg_goes_on() {
        let raw = read_one(
            r##"<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
              <u who="#EvaLund"><seg>I say <vocal type="interruption"><desc>Hear, hear!</desc></vocal> this ends.</seg></u>
              <head>Next item</head>
              <u who="#EvaLund"><note>(speaking in Welsh)</note><seg>Bore da.</seg></u>
              <u><seg>Who am I?</seg></u>
              <u who="#EvaLund"/>
            </body></text></TEI>"##,
        );
        assert_eq!(
            raw.text,
            "Eva Lund: I say\n(Hear, hear!)\nthis ends.\nNext item\nEva Lund:\n(speaking in Welsh)\n\
             Bore da.\nUnknown speaker: Who am I?\nEva Lund:"
        );
        let doc = raw.document.as_ref().unwrap();
        assert_eq!(doc.turns.len(), 4);
        assert_eq!(doc.turns[0].paragraphs.len(), 2);
        assert_eq!(doc.narration[0].text, "Next item");
        assert!(doc.turns[2].speaker.generic);
        assert_eq!(doc.turns[2].speaker.person, None);
        assert!(doc.turns[3].paragraphs.is_empty());
        assert_eq!(raw.id, "one");
        assert_offsets(&raw);
    }

    #[test]
    fn word_tokens_join_as_the_markup_says() {
        let raw = read_one(
            r##"<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><u who="#A"><seg>
              <w join="right">Hello</w>
              <pc>,</pc>
              <w join="right">world</w>
              <pc>!</pc> caf&#233; &lt;b&gt; <![CDATA[x<y]]>
            </seg></u></body></text></TEI>"##,
        );
        assert_eq!(raw.text, "A: Hello, world! café <b> x<y");
        assert_offsets(&raw);
    }

    #[test]
    fn a_head_can_say_it_is_lead_or_narration() {
        let raw = read_one(
            r##"<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
              <div><head type="lead">Summary.</head><note>See also</note></div>
              <div><head type="narration">Beginning of the meeting</head><head>Lead by place</head>
              <u who="#AnnaBerg"><seg>Hello.</seg></u></div>
              <div><head type="lead">Odd but said</head><head>After a turn</head></div>
            </body></text></TEI>"##,
        );
        let doc = raw.document.as_ref().unwrap();
        let lead: Vec<&str> = doc.lead.iter().map(|p| p.text.as_str()).collect();
        let narration: Vec<&str> = doc.narration.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(lead, ["Summary.", "Lead by place", "Odd but said"]);
        assert_eq!(narration, ["Beginning of the meeting", "After a turn"]);
        assert_offsets(&raw);
    }

    #[test]
    fn an_id_kept_in_the_header_names_the_document() {
        let raw = read_one(
            r##"<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="stenogram_13679"><teiHeader><fileDesc>
              <sourceDesc><bibl><idno type="URI">http://example.invalid/13679</idno>
              <idno type="stenogram">13679%2Fa%20%C3%BC%zz</idno></bibl></sourceDesc></fileDesc></teiHeader>
              <text><body><u who="#AnnaBerg"><seg>Hello.</seg></u></body></text></TEI>"##,
        );
        assert_eq!(raw.id, "13679/a ü%zz");
        assert_eq!(raw.document.as_ref().unwrap().id, "13679/a ü%zz");
        assert_eq!(
            raw.meta.url.as_deref(),
            Some("http://example.invalid/13679")
        );
    }

    #[test]
    fn names_from_person_ids() {
        assert_eq!(name_from_id("DavidDavis"), "David Davis");
        assert_eq!(name_from_id("JohnMcDonnell"), "John McDonnell");
        assert_eq!(name_from_id("JacobRees-Mogg"), "Jacob Rees-Mogg");
        assert_eq!(name_from_id("JohnSMITH.2"), "John Smith");
        assert_eq!(name_from_id("ŽigaNovak"), "Žiga Novak");
    }

    #[test]
    fn a_file_that_is_not_tei_says_so() {
        let e = read_err("<?xml version=\"1.0\"?>\n<html><body/></html>");
        assert!(
            e.to_string()
                .contains("not a TEI document (root element <html>)"),
            "{e}"
        );
        assert!(e.to_string().contains("bad.xml"));
        let e = read_err("<TEI><text/></TEI>");
        assert!(e.message.contains("not in the TEI namespace"), "{e}");
        let e = read_err("just some words");
        assert!(e.message.starts_with("not a TEI document"), "{e}");
        let e = read_err("");
        assert!(e.message.contains("no root element"), "{e}");
    }

    #[test]
    fn malformed_xml_names_file_and_line() {
        let e = read_err(
            "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<text><body>\n<u who=\"#A\"><seg>x</u>\n</body></text></TEI>",
        );
        assert!(e.message.starts_with("malformed XML"), "{e}");
        assert_eq!(e.origin.path.file_name().unwrap(), "bad.xml");
        let locator = e.origin.locator.as_deref().unwrap();
        assert!(locator.starts_with("line 3,"), "{locator}");
        let e = read_err("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<text><body>");
        assert!(e.message.contains("not closed"), "{e}");
        let e = read_err("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text>&nbsp;</text></TEI>");
        assert!(e.message.contains("unknown entity &nbsp;"), "{e}");
    }

    const ROOT: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<teiCorpus xmlns="http://www.tei-c.org/ns/1.0" xml:id="Parla-XX">
  <teiHeader>
    <profileDesc><particDesc>
      <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="Parla-XX-listOrg.xml"/>
      <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="Parla-XX-listPerson.xml"/>
    </particDesc></profileDesc>
  </teiHeader>
  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="2021/one.xml"/>
  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="2021/missing.xml"/>
  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="2021/broken.xml"/>
  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="2021/two.xml"/>
</teiCorpus>
"##;

    const LIST_PERSON: &str = r##"<listPerson xmlns="http://www.tei-c.org/ns/1.0">
  <person xml:id="AnnaBerg">
    <persName to="2019-01-01"><surname>Old</surname><forename>Anna</forename></persName>
    <persName><roleName>Dame</roleName><forename>Anna</forename> <forename>Maria</forename> <surname>Berg</surname></persName>
  </person>
</listPerson>"##;

    fn component(id: &str, who: &str) -> String {
        format!(
            r##"<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}"><teiHeader><profileDesc><settingDesc><setting><date when="2021-05-06"/></setting></settingDesc></profileDesc></teiHeader>
<text><body><u xml:id="u1" who="#{who}"><seg>Hello.</seg></u></body></text></TEI>"##
        )
    }

    #[test]
    fn a_root_reads_its_components_and_goes_on_past_broken_ones() {
        let one = component("Parla-XX_one", "AnnaBerg");
        let two = component("Parla-XX_two", "BoDahl");
        let tsv = "Text_ID\tID\tSpeaker_role\tSpeaker_ID\tSpeaker_name\n\
                   Parla-XX_two\tu1\tChairperson\tBoDahl\tDahl, Bo Erik\n";
        let (_dir, out) = read_files(&[
            ("Parla-XX.xml", ROOT),
            ("Parla-XX-listPerson.xml", LIST_PERSON),
            ("2021/one.xml", &one),
            (
                "2021/broken.xml",
                "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<text>\n</TEI>",
            ),
            ("2021/two.xml", &two),
            ("2021/two-meta.tsv", tsv),
        ]);
        assert_eq!(out.len(), 4, "{out:?}");
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.id, "Parla-XX_one");
        assert_eq!(first.text, "Anna Maria Berg: Hello.");
        assert_eq!(first.meta.date.as_deref(), Some("2021-05-06"));
        assert_eq!(first.meta.extra["corpus"], "Parla-XX");
        assert_eq!(
            first.meta.extra["speaker_names"],
            serde_json::json!(["listPerson"])
        );
        assert_eq!(first.warnings.len(), 1);
        assert!(
            first.warnings[0].ends_with(": Parla-XX-listOrg.xml"),
            "{:?}",
            first.warnings
        );
        let doc = first.document.as_ref().unwrap();
        assert_eq!(doc.turns[0].speaker.person.as_deref(), Some("anna-berg"));
        assert!(first.origin.path.ends_with("2021/one.xml"));

        let missing = out[1].as_ref().unwrap_err();
        assert!(missing.origin.path.ends_with("2021/missing.xml"));
        assert!(missing.message.contains("no such file"), "{missing}");
        let broken = out[2].as_ref().unwrap_err();
        assert!(broken.origin.path.ends_with("2021/broken.xml"));
        assert!(broken.message.starts_with("malformed XML"), "{broken}");
        assert!(broken
            .origin
            .locator
            .as_deref()
            .unwrap()
            .starts_with("line 3"));

        let second = out[3].as_ref().unwrap();
        assert!(second.warnings.is_empty());
        assert_eq!(second.text, "Bo Erik Dahl: Hello.");
        assert_eq!(
            second.meta.extra["speaker_names"],
            serde_json::json!(["meta.tsv"])
        );
        let speaker = &second.document.as_ref().unwrap().turns[0].speaker;
        assert_eq!(speaker.person.as_deref(), Some("bo-dahl"));
        assert_eq!(speaker.role.as_deref(), Some("Chairperson"));
    }

    #[test]
    fn a_root_with_inline_components_and_a_stopping_sink() {
        let xml = format!(
            "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><particDesc><listPerson>\
             <person xml:id=\"X\"><persName>Xavier Ygg</persName></person></listPerson></particDesc></teiHeader>{}{}</teiCorpus>",
            component("a", "X"),
            component("b", "X")
        );
        let (_dir, out) = read_files(&[("root.xml", &xml)]);
        let ids: Vec<&str> = out
            .iter()
            .map(|r| r.as_ref().unwrap().id.as_str())
            .collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(out[0].as_ref().unwrap().text, "Xavier Ygg: Hello.");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("root.xml");
        std::fs::write(&path, &xml).unwrap();
        let mut seen = 0;
        read_tei(&input(&path), &mut |_| {}, &mut |_| {
            seen += 1;
            false
        });
        assert_eq!(seen, 1);
    }

    #[test]
    fn a_missing_file_is_named() {
        let out = read_path(&PathBuf::from("/no/such/stenogram/file.xml"));
        assert_eq!(out.len(), 1);
        let e = out[0].as_ref().unwrap_err();
        assert!(e.to_string().contains("no such file"), "{e}");
    }
}
