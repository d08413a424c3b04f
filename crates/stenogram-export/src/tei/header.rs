//! The `teiHeader` of a component: one document's metadata in the places
//! the ParlaMint schema has for them, and the person names of the corpus
//! `listPerson` (see `corpus.rs`) split into name parts.
//!
//! - title: `titleStmt/title[@type="main"]` (empty when there is none)
//!   and `sourceDesc/bibl/title`;
//! - id: `sourceDesc/bibl/idno[@type="stenogram"]`, the document id as
//!   stored, percent-encoded but for ASCII letters, digits and `-._~` (the
//!   `xml:id` must be an NCName and so cannot always be it; `idno` holds an
//!   `anyURI`);
//! - url: `sourceDesc/bibl/idno[@type="URI"][@subtype="source"]`, as it is
//!   unless a validator would refuse it as a URI (then percent-encoded);
//! - date: `settingDesc/setting/date/@when` and `sourceDesc/bibl/date`
//!   (an undated document says `notBefore="0001"`, as the setting needs a
//!   date and readers take only `@when` and `@from`);
//! - place: `settingDesc/setting/name[@type="place"]` (empty when unknown);
//! - tags and sections (metadata `tags`, `sections`): `titleStmt/meeting/@ana`
//!   pointing to categories of the corpus root's taxonomies, with the
//!   document type (`#transcript`: it has turns, `#report`: it has none);
//!   `meeting/@corresp` points to the source (the URL's host) in `listOrg`;
//! - the corpus version (`GENERATION-DIGEST`): `editionStmt/edition` and
//!   `publicationStmt/idno[@type="corpusVersion"]`;
//! - `extent`: speeches (turns) and words; `tagsDecl`: the body's elements.
//!
//! The schema admits one licence, CC BY 4.0; the licence the source's
//! metadata records (`licence`, `license`) is quoted beside it.

use std::collections::BTreeMap;
use std::io::{self, Write};

use stenogram_store::DocumentView;

use super::ids::{uri_escape, uri_text};
use super::xml::XmlWriter;

pub(crate) const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";
/// The only licence the ParlaMint schema admits.
pub(crate) const LICENCE: &str = "http://creativecommons.org/licenses/by/4.0/";
/// What stands for an unknown date in a setting.
const UNDATED: &str = "0001";

/// What the component's header says beyond the document itself.
pub(crate) struct HeaderInfo<'a> {
    /// `meeting/@ana`: the document type and tag categories (`#…` refs).
    pub(crate) meeting_ana: &'a str,
    /// The `xml:id` of the document's source in the root's `listOrg`.
    pub(crate) source: Option<&'a str>,
    /// The date, when it is one XML Schema takes.
    pub(crate) date: Option<&'a str>,
    /// The corpus version tag.
    pub(crate) version: &'a str,
    /// The day of the export, `YYYY-MM-DD`.
    pub(crate) today: &'a str,
    /// Element counts of the body.
    pub(crate) usage: &'a BTreeMap<&'static str, u64>,
}

/// Writes the component's `teiHeader`.
pub(crate) fn write_header<W: Write>(
    xml: &mut XmlWriter<W>,
    doc: &DocumentView,
    info: &HeaderInfo,
) -> io::Result<()> {
    let title = doc.title.as_deref().unwrap_or("");
    xml.open("teiHeader", &[])?;
    xml.open("fileDesc", &[])?;

    xml.open("titleStmt", &[])?;
    xml.leaf("title", &[("type", "main")], title)?;
    let mut meeting = vec![("n", doc.id.as_str()), ("ana", info.meeting_ana)];
    let corresp = info.source.map(|s| format!("#{s}"));
    if let Some(corresp) = &corresp {
        meeting.push(("corresp", corresp));
    }
    xml.leaf("meeting", &meeting, "")?;
    xml.close("titleStmt")?;

    xml.open("editionStmt", &[])?;
    xml.leaf("edition", &[], info.version)?;
    xml.close("editionStmt")?;

    write_extent(xml, doc.turns.len() as u64, doc.words)?;
    write_publication(xml, info.version, info.today, licence_of(&doc.metadata))?;

    xml.open("sourceDesc", &[])?;
    xml.open("bibl", &[])?;
    xml.leaf("title", &[("type", "main")], title)?;
    if let Some(url) = doc.url.as_deref().filter(|u| !u.trim().is_empty()) {
        xml.leaf(
            "idno",
            &[("type", "URI"), ("subtype", "source")],
            &uri_text(url),
        )?;
    }
    xml.leaf("idno", &[("type", "stenogram")], &uri_escape(&doc.id))?;
    if let Some(date) = info.date {
        xml.leaf("date", &[("when", date)], date)?;
    }
    xml.close("bibl")?;
    xml.close("sourceDesc")?;
    xml.close("fileDesc")?;

    xml.open("encodingDesc", &[])?;
    xml.open("projectDesc", &[])?;
    xml.leaf(
        "p",
        &[("xml:lang", "en")],
        "A document of a stenogram store (transcripts with speaker turns), exported in the \
         ParlaMint encoding of Parla-CLARIN TEI.",
    )?;
    xml.close("projectDesc")?;
    write_tags_decl(xml, info.usage)?;
    xml.close("encodingDesc")?;

    xml.open("profileDesc", &[])?;
    xml.open("settingDesc", &[])?;
    xml.open("setting", &[])?;
    xml.leaf(
        "name",
        &[("type", "place")],
        doc.place.as_deref().unwrap_or(""),
    )?;
    match info.date {
        Some(date) => xml.leaf("date", &[("when", date)], date)?,
        None => xml.leaf("date", &[("notBefore", UNDATED)], "undated")?,
    }
    xml.close("setting")?;
    xml.close("settingDesc")?;
    xml.close("profileDesc")?;
    xml.close("teiHeader")
}

/// `extent`: speeches and words.
pub(crate) fn write_extent<W: Write>(
    xml: &mut XmlWriter<W>,
    speeches: u64,
    words: u64,
) -> io::Result<()> {
    xml.open("extent", &[])?;
    for (unit, n) in [("speeches", speeches), ("words", words)] {
        let quantity = n.to_string();
        let text = format!("{n} {unit}");
        xml.leaf(
            "measure",
            &[("unit", unit), ("quantity", &quantity), ("xml:lang", "en")],
            &text,
        )?;
    }
    xml.close("extent")
}

/// `publicationStmt`: this export, its version, licence and day.
pub(crate) fn write_publication<W: Write>(
    xml: &mut XmlWriter<W>,
    version: &str,
    today: &str,
    source_licence: Option<&str>,
) -> io::Result<()> {
    xml.open("publicationStmt", &[])?;
    xml.leaf("publisher", &[], "stenogram export")?;
    xml.leaf("idno", &[("type", "corpusVersion")], version)?;
    xml.open("availability", &[("status", "free")])?;
    xml.leaf("licence", &[], LICENCE)?;
    let terms = match source_licence {
        Some(licence) => format!(
            "The ParlaMint schema admits only this licence here. The source's own terms, as \
             recorded: {licence}"
        ),
        None => "The ParlaMint schema admits only this licence here. The source's own terms \
                 were not recorded: check them before reuse."
            .to_owned(),
    };
    xml.leaf("p", &[("xml:lang", "en")], &terms)?;
    xml.close("availability")?;
    xml.leaf("date", &[("when", today)], today)?;
    xml.close("publicationStmt")
}

/// `tagsDecl`: how often each element occurs.
pub(crate) fn write_tags_decl<W: Write>(
    xml: &mut XmlWriter<W>,
    usage: &BTreeMap<&'static str, u64>,
) -> io::Result<()> {
    xml.open("tagsDecl", &[])?;
    xml.open("namespace", &[("name", TEI_NS)])?;
    for (gi, occurs) in usage {
        let occurs = occurs.to_string();
        xml.leaf("tagUsage", &[("gi", gi), ("occurs", &occurs)], "")?;
    }
    xml.close("namespace")?;
    xml.close("tagsDecl")
}

/// The licence statement of a document's metadata, if it has one.
pub(crate) fn licence_of(metadata: &serde_json::Value) -> Option<&str> {
    ["licence", "license"]
        .iter()
        .find_map(|k| metadata.get(*k).and_then(|v| v.as_str()))
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

/// A date XML Schema takes (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, year 0001 on),
/// from a stored date (which may carry a time).
pub(crate) fn schema_date(date: Option<&str>) -> Option<String> {
    let date = stenogram_sources::normalise_date(date?)?;
    (!date.starts_with("0000")).then_some(date)
}

/// A person's name in parts as ParlaMint's `persName` wants them (at least
/// one forename and one surname, either may be empty): the last word is the
/// surname, lower-case words right before it (`von der`, `bin`) the name
/// link, the words before those forenames. Forenames, link and surname
/// joined by spaces give the name back.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NameParts<'n> {
    pub(crate) forenames: Vec<&'n str>,
    pub(crate) link: Option<String>,
    pub(crate) surname: &'n str,
}

pub(crate) fn name_parts(name: &str) -> NameParts<'_> {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => NameParts {
            forenames: Vec::new(),
            link: None,
            surname: "",
        },
        [only] => NameParts {
            forenames: vec![only],
            link: None,
            surname: "",
        },
        [rest @ .., surname] => {
            let lower = |w: &&&str| w.chars().next().is_some_and(char::is_lowercase);
            let keep = rest.len() - rest.iter().rev().take_while(lower).count();
            let link = &rest[keep..];
            NameParts {
                forenames: rest[..keep].to_vec(),
                link: (!link.is_empty()).then(|| link.join(" ")),
                surname,
            }
        }
    }
}

impl NameParts<'_> {
    /// ParlaMint's `-meta.tsv` form: `Surname, Forenames` (`von der Leyen,
    /// Ursula`); the name as it is when it has no forename or has a comma.
    pub(crate) fn tsv_form(&self, name: &str) -> String {
        if self.forenames.is_empty() || self.surname.is_empty() || name.contains(',') {
            return name.to_owned();
        }
        let surname = match &self.link {
            Some(link) => format!("{link} {}", self.surname),
            None => self.surname.to_owned(),
        };
        format!("{surname}, {}", self.forenames.join(" "))
    }
}

/// Writes `persName` with the parts of `name`.
pub(crate) fn write_pers_name<W: Write>(xml: &mut XmlWriter<W>, name: &str) -> io::Result<()> {
    let parts = name_parts(name);
    xml.open("persName", &[])?;
    if parts.forenames.is_empty() {
        xml.leaf("forename", &[], "")?;
    }
    for forename in &parts.forenames {
        xml.leaf("forename", &[], forename)?;
    }
    if let Some(link) = &parts.link {
        xml.leaf("nameLink", &[], link)?;
    }
    xml.leaf("surname", &[], parts.surname)?;
    xml.close("persName")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(p: &NameParts) -> String {
        let mut words: Vec<String> = p.forenames.iter().map(|s| s.to_string()).collect();
        words.extend(p.link.clone());
        words.push(p.surname.to_owned());
        words.retain(|w| !w.is_empty());
        words.join(" ")
    }

    #[test]
    fn names_split_into_parts_that_give_them_back() {
        let p = name_parts("Ursula von der Leyen");
        assert_eq!(p.forenames, ["Ursula"]);
        assert_eq!(p.link.as_deref(), Some("von der"));
        assert_eq!(p.surname, "Leyen");
        assert_eq!(p.tsv_form("Ursula von der Leyen"), "von der Leyen, Ursula");
        let p = name_parts("Alina");
        assert_eq!((p.forenames.as_slice(), p.surname), (&["Alina"][..], ""));
        assert_eq!(p.tsv_form("Alina"), "Alina");
        for name in [
            "Vladimir Putin",
            "Recep Tayyip Erdogan",
            "de Gaulle",
            "Hamad Bin Isa Al Khalifa",
            "Alina",
            "JOSE ANGEL GURRIA",
        ] {
            assert_eq!(joined(&name_parts(name)), name);
        }
    }

    #[test]
    fn dates_are_those_xml_schema_takes() {
        assert_eq!(
            schema_date(Some("2011-11-25")).as_deref(),
            Some("2011-11-25")
        );
        assert_eq!(
            schema_date(Some("2016-04-02T10:00:00+03:00")).as_deref(),
            Some("2016-04-02")
        );
        assert_eq!(schema_date(Some("2011")).as_deref(), Some("2011"));
        assert_eq!(schema_date(Some("0000")), None);
        assert_eq!(schema_date(Some("2011-02-30")), None);
        assert_eq!(schema_date(None), None);
    }

    #[test]
    fn the_source_licence_is_found() {
        let m = serde_json::json!({"license": " CC BY 4.0 "});
        assert_eq!(licence_of(&m), Some("CC BY 4.0"));
        assert_eq!(licence_of(&serde_json::json!({})), None);
    }
}
