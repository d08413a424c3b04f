//! What the corpus root gathers while the components are written, and the
//! root file itself (`teiCorpus`): its header holds what components point
//! to (persons, sources, taxonomies), then one `xi:include` per component.
//!
//! - Persons: one `person` per person id and spelling of the name
//!   (`sergei-chemezov`, and `sergei-chemezov.2` for "Sergey Chemezov" in
//!   another document), so every document's names read back as written;
//!   `persName` in parts (the schema wants a forename and a surname), one
//!   `affiliation role="member"` per role the person spoke in, the role
//!   text as its `roleName` and the dates of the documents as `from`/`to`,
//!   and `idno type="stenogram"` with the person id. A corpus with no
//!   named speaker still needs one `person`: a `term` says so.
//! - Sources: one `org` per host of the documents' URLs (`listOrg` must not
//!   be empty: "Source not recorded" when no document has a URL).
//! - Taxonomies: speaker types (`chair`, `regular`, `guest`, ParlaMint's
//!   ids, which the reader knows), document types (`transcript`, `report`),
//!   and one per classifying metadata field (`tags`, `sections`).
//!
//! Memory grows with the distinct persons, tags and sources, not with the
//! documents: the includes go to a spill file until the root is written.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, BufRead, Write};

use stenogram_store::TurnView;

use super::body::SpeakerRef;
use super::header::{write_extent, write_pers_name, write_publication, write_tags_decl};
use super::ids::{person_base, slug, uri_escape, IdSet, CORPUS_ID};
use super::xml::{escaped, XmlWriter};

pub(crate) const XI_NS: &str = "http://www.w3.org/2001/XInclude";
/// Metadata fields whose values classify documents.
const CLASSIFYING: [&str; 2] = ["tags", "sections"];
/// The `Speaker_ID` of generic speakers in the `-meta.tsv` (no person id is
/// written in capitals).
pub(crate) const GENERIC_SPEAKER: &str = "GenericSpeaker";

/// Earliest and latest of some dates (`YYYY[-MM[-DD]]`).
#[derive(Debug, Default, Clone)]
struct DateSpan {
    from: Option<String>,
    to: Option<String>,
}

impl DateSpan {
    fn add(&mut self, date: Option<&str>) {
        let Some(date) = date else { return };
        if self.from.as_deref().is_none_or(|f| date < f) {
            self.from = Some(date.to_owned());
        }
        if self.to.as_deref().is_none_or(|t| date > t) {
            self.to = Some(date.to_owned());
        }
    }

    fn attrs(&self) -> Vec<(&'static str, &str)> {
        match (&self.from, &self.to) {
            (Some(from), Some(to)) => vec![("from", from.as_str()), ("to", to.as_str())],
            _ => Vec::new(),
        }
    }
}

#[derive(Debug)]
struct PersonRecord {
    person: String,
    name: String,
    roles: BTreeMap<String, DateSpan>,
}

#[derive(Debug)]
struct Taxonomy {
    id: String,
    /// Group ("" for values without one) -> its category id and values.
    groups: BTreeMap<String, Group>,
}

#[derive(Debug)]
struct Group {
    id: Option<String>,
    /// Value -> category id.
    values: BTreeMap<String, String>,
}

/// The corpus being exported.
#[derive(Debug)]
pub(crate) struct Corpus {
    ids: IdSet,
    /// By `xml:id`.
    persons: BTreeMap<String, PersonRecord>,
    /// (person id, name) -> `xml:id`.
    spellings: HashMap<(String, String), String>,
    /// By metadata field.
    taxonomies: BTreeMap<String, Taxonomy>,
    /// Host -> org `xml:id`.
    sources: BTreeMap<String, String>,
    languages: BTreeSet<String>,
    dates: DateSpan,
    speeches: u64,
    words: u64,
    usage: BTreeMap<&'static str, u64>,
}

impl Corpus {
    pub(crate) fn new() -> Self {
        let mut ids = IdSet::default();
        for id in [
            CORPUS_ID,
            "speaker_types",
            "chair",
            "regular",
            "guest",
            "document_types",
            "transcript",
            "report",
        ] {
            ids.reserve(id);
        }
        Self {
            ids,
            persons: BTreeMap::new(),
            spellings: HashMap::new(),
            taxonomies: BTreeMap::new(),
            sources: BTreeMap::new(),
            languages: BTreeSet::new(),
            dates: DateSpan::default(),
            speeches: 0,
            words: 0,
            usage: BTreeMap::new(),
        }
    }

    /// The reference a turn's `u` makes to its speaker, registering the
    /// person (and the role, on the document's `date`).
    pub(crate) fn speaker(&mut self, turn: &TurnView, date: Option<&str>) -> SpeakerRef {
        let Some(person) = turn.person.as_deref().filter(|p| !p.is_empty()) else {
            return SpeakerRef { who: None };
        };
        let name = turn.name.as_deref().unwrap_or(&turn.label).to_owned();
        let key = (person.to_owned(), name);
        let who = match self.spellings.get(&key) {
            Some(who) => who.clone(),
            None => {
                let who = self.ids.allocate(&person_base(person));
                self.persons.insert(
                    who.clone(),
                    PersonRecord {
                        person: key.0.clone(),
                        name: key.1.clone(),
                        roles: BTreeMap::new(),
                    },
                );
                self.spellings.insert(key, who.clone());
                who
            }
        };
        if let Some(role) = turn.role.as_deref().filter(|r| !r.trim().is_empty()) {
            let record = self.persons.get_mut(&who).expect("registered above");
            record.roles.entry(role.to_owned()).or_default().add(date);
        }
        SpeakerRef { who: Some(who) }
    }

    /// The categories (`xml:id`s) the document's classifying metadata
    /// (`tags`, `sections`) puts it in, registering them.
    pub(crate) fn classify(&mut self, metadata: &serde_json::Value) -> Vec<String> {
        let mut found = Vec::new();
        for field in CLASSIFYING {
            let Some(value) = metadata.get(field) else {
                continue;
            };
            let mut pairs: Vec<(&str, &str)> = Vec::new();
            match value {
                serde_json::Value::Object(groups) => {
                    for (group, values) in groups {
                        for v in strings(values) {
                            pairs.push((group, v));
                        }
                    }
                }
                other => pairs.extend(strings(other).into_iter().map(|v| ("", v))),
            }
            for (group, v) in pairs {
                let v = v.trim();
                if v.is_empty() {
                    continue;
                }
                let id = self.category(field, group.trim(), v);
                if !found.contains(&id) {
                    found.push(id);
                }
            }
        }
        found
    }

    fn category(&mut self, field: &str, group: &str, value: &str) -> String {
        let ids = &mut self.ids;
        let taxonomy = self
            .taxonomies
            .entry(field.to_owned())
            .or_insert_with(|| Taxonomy {
                id: ids.allocate(&slug(field)),
                groups: BTreeMap::new(),
            });
        let group_entry = taxonomy
            .groups
            .entry(group.to_owned())
            .or_insert_with(|| Group {
                id: (!group.is_empty())
                    .then(|| ids.allocate(&format!("{}.{}", taxonomy.id, slug(group)))),
                values: BTreeMap::new(),
            });
        let parent = group_entry.id.as_deref().unwrap_or(&taxonomy.id);
        if let Some(id) = group_entry.values.get(value) {
            return id.clone();
        }
        let id = ids.allocate(&format!("{parent}.{}", slug(value)));
        group_entry.values.insert(value.to_owned(), id.clone());
        id
    }

    /// The `xml:id` of the source (the URL's host) in `listOrg`.
    pub(crate) fn source(&mut self, url: Option<&str>) -> Option<String> {
        let host = host_of(url?)?;
        if let Some(id) = self.sources.get(&host) {
            return Some(id.clone());
        }
        let id = self.ids.allocate(&format!("source.{}", slug(&host)));
        self.sources.insert(host, id.clone());
        Some(id)
    }

    /// Counts a written component in the corpus totals.
    pub(crate) fn count(
        &mut self,
        speeches: u64,
        words: u64,
        usage: &BTreeMap<&'static str, u64>,
        date: Option<&str>,
        language: &str,
    ) {
        self.speeches += speeches;
        self.words += words;
        for (gi, n) in usage {
            *self.usage.entry(gi).or_insert(0) += n;
        }
        self.dates.add(date);
        if !self.languages.contains(language) {
            self.languages.insert(language.to_owned());
        }
    }

    /// Writes the root: header, then an `xi:include` per line of `includes`
    /// (each a component's `href`).
    pub(crate) fn write_root<W: Write>(
        &self,
        xml: &mut XmlWriter<W>,
        documents: u64,
        version: &str,
        today: &str,
        includes: &mut dyn BufRead,
    ) -> io::Result<()> {
        xml.declaration()?;
        let lang = if self.languages.len() == 1 {
            self.languages.first().map_or("en", String::as_str)
        } else {
            "en"
        };
        xml.open(
            "teiCorpus",
            &[
                ("xmlns", super::header::TEI_NS),
                ("xmlns:xi", XI_NS),
                ("xml:id", CORPUS_ID),
                ("xml:lang", lang),
            ],
        )?;
        xml.open("teiHeader", &[])?;
        self.write_file_desc(xml, documents, version, today)?;
        self.write_encoding_desc(xml, version)?;
        self.write_profile_desc(xml)?;
        xml.close("teiHeader")?;
        let mut line = String::new();
        loop {
            line.clear();
            if includes.read_line(&mut line)? == 0 {
                break;
            }
            let href = line.trim_end_matches('\n');
            if !href.is_empty() {
                xml.raw_line(&format!("<xi:include href=\"{}\"/>", escaped(href, true)))?;
            }
        }
        xml.close("teiCorpus")
    }

    fn write_file_desc<W: Write>(
        &self,
        xml: &mut XmlWriter<W>,
        documents: u64,
        version: &str,
        today: &str,
    ) -> io::Result<()> {
        xml.open("fileDesc", &[])?;
        xml.open("titleStmt", &[])?;
        xml.leaf(
            "title",
            &[("type", "main"), ("xml:lang", "en")],
            "Transcripts exported from a stenogram store",
        )?;
        xml.leaf(
            "title",
            &[("type", "sub"), ("xml:lang", "en")],
            &format!(
                "{documents} document{}, corpus version {version}",
                if documents == 1 { "" } else { "s" }
            ),
        )?;
        xml.open("respStmt", &[])?;
        xml.leaf("persName", &[], "stenogram")?;
        xml.leaf(
            "resp",
            &[("xml:lang", "en")],
            "Export of the store to ParlaMint TEI (software, run by the user of the store)",
        )?;
        xml.close("respStmt")?;
        xml.open("funder", &[])?;
        xml.leaf(
            "orgName",
            &[("xml:lang", "en")],
            "Not recorded (the ParlaMint schema requires a funder)",
        )?;
        xml.close("funder")?;
        xml.close("titleStmt")?;
        xml.open("editionStmt", &[])?;
        xml.leaf("edition", &[], version)?;
        xml.close("editionStmt")?;
        write_extent(xml, self.speeches, self.words)?;
        write_publication(xml, version, today, None)?;
        xml.open("sourceDesc", &[])?;
        xml.open("bibl", &[])?;
        xml.leaf("title", &[("type", "main")], "A stenogram store")?;
        xml.leaf("idno", &[("type", "corpusVersion")], version)?;
        let span = self.dates.attrs();
        if !span.is_empty() {
            let text = span.iter().map(|(_, d)| *d).collect::<Vec<_>>().join(" - ");
            xml.leaf("date", &span, &text)?;
        }
        xml.close("bibl")?;
        xml.close("sourceDesc")?;
        xml.close("fileDesc")
    }

    fn write_encoding_desc<W: Write>(
        &self,
        xml: &mut XmlWriter<W>,
        version: &str,
    ) -> io::Result<()> {
        xml.open("encodingDesc", &[])?;
        xml.open("projectDesc", &[])?;
        xml.leaf(
            "p",
            &[("xml:lang", "en")],
            &format!(
                "The documents of a stenogram store (corpus version {version}): transcripts read \
                 into speaker turns, exported in the ParlaMint encoding of Parla-CLARIN TEI. \
                 Each component's -meta.tsv gives the role each utterance's speaker spoke in."
            ),
        )?;
        xml.close("projectDesc")?;
        xml.open("editorialDecl", &[])?;
        for (element, text) in [
            ("correction", "No correction of the source texts was made."),
            (
                "normalization",
                "Line breaks were normalised when the sources were read (CR LF to LF). \
                 Characters XML cannot carry became U+FFFD; runs of white space inside a \
                 paragraph read back as one space.",
            ),
            ("hyphenation", "Hyphenation is as in the sources."),
            (
                "quotation",
                "Quotation marks are left in the text and are not marked up.",
            ),
            (
                "segmentation",
                "A speaker turn is an utterance (u), each of its paragraphs a segment (seg). The \
                 lead and the headings between parts are heads, page artefacts (See also, stage \
                 notes) notes, omissions (<…>) gaps.",
            ),
        ] {
            xml.open(element, &[])?;
            xml.leaf("p", &[("xml:lang", "en")], text)?;
            xml.close(element)?;
        }
        xml.close("editorialDecl")?;
        write_tags_decl(xml, &self.usage)?;
        xml.open("classDecl", &[])?;
        write_taxonomy(
            xml,
            "speaker_types",
            "Types of speakers",
            "The role of a speaker in the meeting; stenogram does not know who chairs, so every \
             utterance is regular.",
            &[
                ("chair", "Chairperson", "chairperson of the meeting"),
                ("regular", "Regular", "a speaker who does not chair"),
                ("guest", "Guest", "a guest of the meeting"),
            ],
        )?;
        write_taxonomy(
            xml,
            "document_types",
            "Types of documents",
            "Whether speaker turns were found in a document.",
            &[
                ("transcript", "Transcript", "a document with speaker turns"),
                ("report", "Report", "a document without speaker turns"),
            ],
        )?;
        for (field, taxonomy) in &self.taxonomies {
            self.write_metadata_taxonomy(xml, field, taxonomy)?;
        }
        xml.close("classDecl")?;
        xml.close("encodingDesc")
    }

    fn write_metadata_taxonomy<W: Write>(
        &self,
        xml: &mut XmlWriter<W>,
        field: &str,
        taxonomy: &Taxonomy,
    ) -> io::Result<()> {
        xml.open("taxonomy", &[("xml:id", &taxonomy.id)])?;
        write_term_desc(
            xml,
            "desc",
            field,
            &format!(": the values of the metadata field `{field}` of the documents"),
        )?;
        for (group, entry) in &taxonomy.groups {
            if let Some(id) = &entry.id {
                xml.open("category", &[("xml:id", id)])?;
                write_term_desc(xml, "catDesc", group, "")?;
            }
            for (value, id) in &entry.values {
                xml.open("category", &[("xml:id", id)])?;
                write_term_desc(xml, "catDesc", value, "")?;
                xml.close("category")?;
            }
            if entry.id.is_some() {
                xml.close("category")?;
            }
        }
        xml.close("taxonomy")
    }

    fn write_profile_desc<W: Write>(&self, xml: &mut XmlWriter<W>) -> io::Result<()> {
        xml.open("profileDesc", &[])?;
        xml.open("settingDesc", &[])?;
        xml.open("setting", &[])?;
        if self.sources.is_empty() {
            xml.leaf("name", &[("type", "source")], "")?;
        }
        for host in self.sources.keys() {
            xml.leaf("name", &[("type", "source")], host)?;
        }
        let span = self.dates.attrs();
        if span.is_empty() {
            xml.leaf("date", &[("notBefore", "0001")], "undated")?;
        } else {
            xml.leaf("date", &span, "")?;
        }
        xml.close("setting")?;
        xml.close("settingDesc")?;

        xml.open("particDesc", &[])?;
        xml.open("listOrg", &[])?;
        if self.sources.is_empty() {
            xml.open(
                "org",
                &[("xml:id", "source.unknown"), ("role", "institution")],
            )?;
            xml.leaf(
                "orgName",
                &[("full", "yes"), ("xml:lang", "en")],
                "Source not recorded",
            )?;
            xml.close("org")?;
        }
        for (host, id) in &self.sources {
            xml.open("org", &[("xml:id", id), ("role", "institution")])?;
            xml.leaf("orgName", &[("full", "yes")], host)?;
            xml.close("org")?;
        }
        xml.close("listOrg")?;
        xml.open("listPerson", &[])?;
        if self.persons.is_empty() {
            xml.open("person", &[("xml:id", "no-named-speakers")])?;
            xml.open("persName", &[])?;
            xml.leaf("term", &[], "No named speakers in this export")?;
            xml.close("persName")?;
            xml.close("person")?;
        }
        for (id, record) in &self.persons {
            xml.open("person", &[("xml:id", id)])?;
            write_pers_name(xml, &record.name)?;
            for (role, dates) in &record.roles {
                let mut attrs = vec![("role", "member")];
                attrs.extend(dates.attrs());
                xml.open("affiliation", &attrs)?;
                xml.leaf("roleName", &[("xml:lang", "en")], role)?;
                xml.close("affiliation")?;
            }
            xml.leaf(
                "idno",
                &[("type", "stenogram")],
                &uri_escape(&record.person),
            )?;
            xml.close("person")?;
        }
        xml.close("listPerson")?;
        xml.close("particDesc")?;

        xml.open("langUsage", &[])?;
        let english = BTreeSet::from(["en".to_owned()]);
        let languages = if self.languages.is_empty() {
            &english
        } else {
            &self.languages
        };
        for lang in languages {
            let name = if lang == "en" {
                "English"
            } else {
                lang.as_str()
            };
            xml.leaf("language", &[("ident", lang), ("xml:lang", "en")], name)?;
        }
        xml.close("langUsage")?;
        xml.close("profileDesc")
    }
}

/// `<taxonomy>` with fixed categories (id, term, description).
fn write_taxonomy<W: Write>(
    xml: &mut XmlWriter<W>,
    id: &str,
    term: &str,
    desc: &str,
    categories: &[(&str, &str, &str)],
) -> io::Result<()> {
    xml.open("taxonomy", &[("xml:id", id)])?;
    write_term_desc(xml, "desc", term, &format!(": {desc}"))?;
    for (id, term, desc) in categories {
        xml.open("category", &[("xml:id", id)])?;
        write_term_desc(xml, "catDesc", term, &format!(": {desc}"))?;
        xml.close("category")?;
    }
    xml.close("taxonomy")
}

/// `<element xml:lang="en"><term>TERM</term>REST</element>`.
fn write_term_desc<W: Write>(
    xml: &mut XmlWriter<W>,
    element: &str,
    term: &str,
    rest: &str,
) -> io::Result<()> {
    xml.open_mixed(element, &[("xml:lang", "en")])?;
    xml.inline_leaf("term", &[], term)?;
    xml.text(rest)?;
    xml.end_tag(element)
}

/// The string values of a JSON value (a string, or an array's strings).
fn strings(value: &serde_json::Value) -> Vec<&str> {
    match value {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(items) => items.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// The host of an absolute URL (`http://en.kremlin.ru/…` -> `en.kremlin.ru`).
fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.to_ascii_lowercase();
    (!host.is_empty() && !host.contains(char::is_whitespace)).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(person: Option<&str>, name: &str, role: Option<&str>) -> TurnView {
        TurnView {
            idx: 0,
            start: 0,
            end: 0,
            label: name.to_owned(),
            label_start: 0,
            label_end: 0,
            person: person.map(str::to_owned),
            name: person.map(|_| name.to_owned()),
            role: role.map(str::to_owned),
            note: None,
            generic: person.is_none(),
            words: 0,
            paragraphs: Vec::new(),
            vocatives: Vec::new(),
        }
    }

    #[test]
    fn a_person_gets_one_id_per_spelling() {
        let mut corpus = Corpus::new();
        let a = corpus.speaker(
            &turn(Some("sergei-chemezov"), "Sergei Chemezov", Some("CEO")),
            Some("2012-01-01"),
        );
        let b = corpus.speaker(
            &turn(Some("sergei-chemezov"), "Sergey Chemezov", None),
            None,
        );
        let c = corpus.speaker(
            &turn(Some("sergei-chemezov"), "Sergei Chemezov", Some("CEO")),
            Some("2010-05-01"),
        );
        assert_eq!(a.who.as_deref(), Some("sergei-chemezov"));
        assert_eq!(b.who.as_deref(), Some("sergei-chemezov.2"));
        assert_eq!(c, a);
        let dates = &corpus.persons["sergei-chemezov"].roles["CEO"];
        assert_eq!(dates.from.as_deref(), Some("2010-05-01"));
        assert_eq!(dates.to.as_deref(), Some("2012-01-01"));
        // A person named like a category of the root keeps the name apart.
        let chair = corpus.speaker(&turn(Some("chair"), "Chair", None), None);
        assert_eq!(chair.who.as_deref(), Some("chair.2"));
        assert_eq!(
            corpus.speaker(&turn(None, "Question", None), None).who,
            None
        );
    }

    #[test]
    fn tags_become_categories() {
        let mut corpus = Corpus::new();
        let meta = serde_json::json!({
            "tags": {"Topics": ["Foreign policy", "Energy"], "Geography": "Belarus"},
            "sections": ["News", "Transcripts", "News"],
            "other": ["ignored"]
        });
        let mut ids = corpus.classify(&meta);
        assert_eq!(corpus.classify(&meta), ids);
        ids.sort();
        assert_eq!(
            ids,
            [
                "sections.news",
                "sections.transcripts",
                "tags.geography.belarus",
                "tags.topics.energy",
                "tags.topics.foreign-policy",
            ]
        );
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host_of("http://en.kremlin.ru/events/president/news/13679").as_deref(),
            Some("en.kremlin.ru")
        );
        assert_eq!(
            host_of("https://u@Example.org:8080?x").as_deref(),
            Some("example.org:8080")
        );
        assert_eq!(host_of("javascript:window.__xss=3"), None);
    }
}
