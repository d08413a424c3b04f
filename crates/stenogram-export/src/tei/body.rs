//! The `text` of a component: a document's lead, turns, narration,
//! artefacts and omissions laid out in the order of the text, as the
//! ParlaMint schema allows them.
//!
//! - A turn is a `u` (`who` pointing to the corpus `listPerson`, none for a
//!   generic speaker; `ana="#regular"`; `n` the label as written), each of
//!   its paragraphs a `seg`; an inline `<…>` is a `gap` inside the `seg`.
//! - Lead and narration paragraphs are `head`s (`type="lead"` or
//!   `"narration"`). The schema admits `head` only at the start of a
//!   `div type="debateSection"`, so a `head` after other content opens a new
//!   `div`; narration follows a `* * *` separator, so this is where the
//!   source's sections begin anyway. An inline `<…>` in a `head` stays text
//!   (a `head` cannot hold a `gap`).
//! - An artefact (`See also`, a stage note) is a `note` whose `type` is its
//!   kind; an omission on a line of its own a `gap reason="editorial"`
//!   whose `desc` is the mark as written. Both go inside the `u` when they
//!   lie within the turn, else between the `u`s.
//! - A `div` must hold something after its `head`s: a last `div` of
//!   headings only gets an empty `note type="sectionEnd"`, and a `u` with
//!   nothing in it an empty `seg` (readers take neither for text).

use std::collections::BTreeMap;
use std::io::{self, Write};

use stenogram_store::{DocumentView, MarkSpan, TextSpan, TurnView};

use super::xml::XmlWriter;

/// The `ana` of every utterance: stenogram does not know who chairs.
pub(crate) const SPEAKER_TYPE: &str = "#regular";

/// A document's body, planned before anything is written (the header
/// counts its elements).
#[derive(Debug)]
pub(crate) struct Body<'v> {
    divs: Vec<Div<'v>>,
}

#[derive(Debug, Default)]
struct Div<'v> {
    heads: Vec<(HeadKind, &'v str)>,
    items: Vec<Item<'v>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadKind {
    Lead,
    Narration,
}

#[derive(Debug)]
enum Item<'v> {
    Utterance(Utterance<'v>),
    Note(&'v MarkSpan),
    Gap(&'v str),
    /// The empty `note` a `div` of headings only needs.
    SectionEnd,
}

#[derive(Debug)]
struct Utterance<'v> {
    /// Index into the document's turns (and the speakers' references).
    turn: usize,
    parts: Vec<Part<'v>>,
}

#[derive(Debug)]
enum Part<'v> {
    Seg(Vec<Piece<'v>>),
    Note(&'v MarkSpan),
    Gap(&'v str),
}

#[derive(Debug, Clone, Copy)]
enum Piece<'v> {
    Text(&'v str),
    Gap(&'v str),
}

/// What a top-level piece of the document is, before the layout.
#[derive(Debug)]
enum Block<'v> {
    Head(HeadKind, &'v str),
    Turn(usize),
    Note(&'v MarkSpan),
    Gap(&'v str),
}

/// The speakers of a document's turns as the body writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpeakerRef {
    /// The `xml:id` in the corpus `listPerson`; `None` for generic speakers.
    pub(crate) who: Option<String>,
}

impl<'v> Body<'v> {
    /// Lays out `doc`'s pieces in text order.
    pub(crate) fn plan(doc: &'v DocumentView) -> Self {
        // Every paragraph's range: omissions inside one are inline.
        let mut paragraphs: Vec<(usize, usize)> = doc
            .lead
            .iter()
            .chain(&doc.narration)
            .chain(doc.turns.iter().flat_map(|t| &t.paragraphs))
            .map(|p| (p.start, p.end))
            .collect();
        paragraphs.sort_unstable();
        let inline = |o: &MarkSpan| {
            let i = paragraphs.partition_point(|p| p.0 <= o.start);
            i > 0 && paragraphs[i - 1].1 >= o.end
        };
        // Turns in text order, for finding the turn a mark lies in.
        let mut turns: Vec<(usize, usize, usize)> = doc
            .turns
            .iter()
            .enumerate()
            .map(|(i, t)| (t.start, t.end, i))
            .collect();
        turns.sort_unstable();
        let turn_of = |at: usize| {
            let i = turns.partition_point(|t| t.0 <= at);
            (i > 0 && at < turns[i - 1].1).then(|| turns[i - 1].2)
        };

        let mut blocks: Vec<(usize, Block)> = Vec::new();
        let mut within: BTreeMap<usize, Vec<(usize, Part)>> = BTreeMap::new();
        for p in &doc.lead {
            blocks.push((p.start, Block::Head(HeadKind::Lead, &p.text)));
        }
        for p in &doc.narration {
            blocks.push((p.start, Block::Head(HeadKind::Narration, &p.text)));
        }
        for (i, t) in doc.turns.iter().enumerate() {
            blocks.push((t.start, Block::Turn(i)));
            let parts = within.entry(i).or_default();
            for p in &t.paragraphs {
                parts.push((p.start, Part::Seg(pieces(p, &doc.omissions))));
            }
        }
        for a in &doc.artefacts {
            match turn_of(a.start) {
                Some(t) => within.entry(t).or_default().push((a.start, Part::Note(a))),
                None => blocks.push((a.start, Block::Note(a))),
            }
        }
        for o in doc.omissions.iter().filter(|o| !inline(o)) {
            match turn_of(o.start) {
                Some(t) => within
                    .entry(t)
                    .or_default()
                    .push((o.start, Part::Gap(&o.text))),
                None => blocks.push((o.start, Block::Gap(&o.text))),
            }
        }
        blocks.sort_by_key(|(at, _)| *at);

        let mut divs = vec![Div::default()];
        for (_, block) in blocks {
            let div = divs.last_mut().expect("one div at least");
            let item = match block {
                Block::Head(kind, text) => {
                    if div.items.is_empty() {
                        div.heads.push((kind, text));
                    } else {
                        divs.push(Div {
                            heads: vec![(kind, text)],
                            items: Vec::new(),
                        });
                    }
                    continue;
                }
                Block::Turn(turn) => {
                    let mut parts = within.remove(&turn).unwrap_or_default();
                    parts.sort_by_key(|(at, _)| *at);
                    Item::Utterance(Utterance {
                        turn,
                        parts: parts.into_iter().map(|(_, p)| p).collect(),
                    })
                }
                Block::Note(note) => Item::Note(note),
                Block::Gap(mark) => Item::Gap(mark),
            };
            div.items.push(item);
        }
        let last = divs.last_mut().expect("one div at least");
        if last.items.is_empty() {
            last.items.push(Item::SectionEnd);
        }
        Body { divs }
    }

    /// How often each element occurs in the `text`, for `tagsDecl`.
    pub(crate) fn tag_usage(&self) -> BTreeMap<&'static str, u64> {
        let mut usage = BTreeMap::from([("text", 1), ("body", 1)]);
        let mut count = |gi: &'static str| *usage.entry(gi).or_insert(0) += 1;
        for div in &self.divs {
            count("div");
            div.heads.iter().for_each(|_| count("head"));
            for item in &div.items {
                match item {
                    Item::Utterance(u) => {
                        count("u");
                        if u.parts.is_empty() {
                            count("seg");
                        }
                        for part in &u.parts {
                            match part {
                                Part::Seg(pieces) => {
                                    count("seg");
                                    for piece in pieces {
                                        if let Piece::Gap(_) = piece {
                                            count("gap");
                                            count("desc");
                                        }
                                    }
                                }
                                Part::Note(_) => count("note"),
                                Part::Gap(_) => {
                                    count("gap");
                                    count("desc");
                                }
                            }
                        }
                    }
                    Item::Note(_) | Item::SectionEnd => count("note"),
                    Item::Gap(_) => {
                        count("gap");
                        count("desc");
                    }
                }
            }
        }
        usage
    }

    /// Writes `<text>…</text>`; `ana` classifies the document, `speakers`
    /// has one reference per turn of `doc`.
    pub(crate) fn write<W: Write>(
        &self,
        xml: &mut XmlWriter<W>,
        component: &str,
        ana: &str,
        doc: &DocumentView,
        speakers: &[SpeakerRef],
    ) -> io::Result<()> {
        let mut ids = LocalIds::new(component);
        xml.open("text", &[("ana", ana)])?;
        xml.open("body", &[])?;
        for div in &self.divs {
            xml.open("div", &[("type", "debateSection")])?;
            for (kind, text) in &div.heads {
                let kind = match kind {
                    HeadKind::Lead => "lead",
                    HeadKind::Narration => "narration",
                };
                let id = ids.next("head");
                xml.leaf("head", &[("xml:id", &id), ("type", kind)], text)?;
            }
            for item in &div.items {
                match item {
                    Item::Utterance(u) => {
                        write_utterance(xml, &mut ids, u, &doc.turns[u.turn], &speakers[u.turn])?
                    }
                    Item::Note(note) => write_note(xml, &mut ids, note)?,
                    Item::Gap(mark) => write_gap(xml, mark, false)?,
                    Item::SectionEnd => {
                        let id = ids.next("note");
                        xml.leaf("note", &[("xml:id", &id), ("type", "sectionEnd")], "")?;
                    }
                }
            }
            xml.close("div")?;
        }
        xml.close("body")?;
        xml.close("text")
    }
}

/// Numbered `xml:id`s of one component's elements: `<component>.u1`, ….
struct LocalIds<'a> {
    component: &'a str,
    counts: BTreeMap<&'static str, u64>,
}

impl<'a> LocalIds<'a> {
    fn new(component: &'a str) -> Self {
        Self {
            component,
            counts: BTreeMap::new(),
        }
    }

    fn next(&mut self, what: &'static str) -> String {
        let n = self.counts.entry(what).or_insert(0);
        *n += 1;
        format!("{}.{what}{n}", self.component)
    }
}

/// The `xml:id` the body gives the `n`th (from 0) turn of `component`: the
/// `-meta.tsv` names utterances by it.
pub(crate) fn utterance_id(component: &str, n: usize) -> String {
    format!("{component}.u{}", n + 1)
}

fn write_utterance<W: Write>(
    xml: &mut XmlWriter<W>,
    ids: &mut LocalIds,
    u: &Utterance,
    turn: &TurnView,
    speaker: &SpeakerRef,
) -> io::Result<()> {
    let id = utterance_id(ids.component, u.turn);
    let who = speaker.who.as_ref().map(|w| format!("#{w}"));
    let mut attrs: Vec<(&str, &str)> = vec![("xml:id", &id)];
    if let Some(who) = &who {
        attrs.push(("who", who));
    }
    attrs.push(("ana", SPEAKER_TYPE));
    attrs.push(("n", &turn.label));
    xml.open("u", &attrs)?;
    if u.parts.is_empty() {
        let id = ids.next("seg");
        xml.leaf("seg", &[("xml:id", &id)], "")?;
    }
    for part in &u.parts {
        match part {
            Part::Seg(pieces) => {
                let id = ids.next("seg");
                xml.open_mixed("seg", &[("xml:id", &id)])?;
                for piece in pieces {
                    match piece {
                        Piece::Text(text) => xml.text(text)?,
                        Piece::Gap(mark) => write_gap(xml, mark, true)?,
                    }
                }
                xml.end_tag("seg")?;
            }
            Part::Note(note) => write_note(xml, ids, note)?,
            Part::Gap(mark) => write_gap(xml, mark, false)?,
        }
    }
    xml.close("u")
}

fn write_note<W: Write>(
    xml: &mut XmlWriter<W>,
    ids: &mut LocalIds,
    note: &MarkSpan,
) -> io::Result<()> {
    let id = ids.next("note");
    let kind = note_type(&note.kind);
    xml.leaf("note", &[("xml:id", &id), ("type", &kind)], &note.text)
}

/// An artefact kind as a `note/@type` (an NCName): `see_also` as it is.
fn note_type(kind: &str) -> String {
    if super::ids::is_ascii_ncname(kind) {
        kind.to_owned()
    } else {
        format!("artefact-{}", super::ids::slug(kind))
    }
}

/// `<gap reason="editorial"><desc>MARK</desc></gap>`, inside a `seg`
/// (`inline`) or on a line of its own.
fn write_gap<W: Write>(xml: &mut XmlWriter<W>, mark: &str, inline: bool) -> io::Result<()> {
    if inline {
        xml.inline_start("gap", &[("reason", "editorial")])?;
    } else {
        xml.open_mixed("gap", &[("reason", "editorial")])?;
    }
    xml.inline_leaf("desc", &[], mark)?;
    xml.end_tag("gap")
}

/// A paragraph's text cut at the omissions inside it.
fn pieces<'v>(p: &'v TextSpan, omissions: &'v [MarkSpan]) -> Vec<Piece<'v>> {
    let first = omissions.partition_point(|o| o.start < p.start);
    let inside = omissions[first..]
        .iter()
        .take_while(|o| o.start < p.end)
        .filter(|o| o.end <= p.end);
    let mut out = Vec::new();
    let mut from = 0usize;
    for o in inside {
        let (Some(start), Some(end)) = (
            byte_at(&p.text, o.start - p.start),
            byte_at(&p.text, o.end - p.start),
        ) else {
            break;
        };
        if start < from {
            continue;
        }
        if start > from {
            out.push(Piece::Text(&p.text[from..start]));
        }
        out.push(Piece::Gap(&p.text[start..end]));
        from = end;
    }
    if from < p.text.len() || out.is_empty() {
        out.push(Piece::Text(&p.text[from..]));
    }
    out
}

/// The byte offset of code point `chars` of `text` (its length at the end).
fn byte_at(text: &str, chars: usize) -> Option<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .nth(chars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use stenogram_core::{ArtefactKind, Paragraph};

    fn span(p: &Paragraph) -> TextSpan {
        TextSpan {
            text: p.text.clone(),
            start: p.start,
            end: p.end,
        }
    }

    /// `text` parsed as the store would hold it.
    fn view(text: &str) -> DocumentView {
        let doc = stenogram_core::parse_text("t", text).unwrap().document;
        let slice = |s: usize, e: usize| -> String { text.chars().skip(s).take(e - s).collect() };
        DocumentView {
            id: "t".into(),
            title: None,
            date: None,
            place: None,
            url: None,
            text: text.into(),
            chars: 0,
            words: 0,
            hash: String::new(),
            metadata: serde_json::json!({}),
            source: None,
            lead: doc.lead.iter().map(span).collect(),
            narration: doc.narration.iter().map(span).collect(),
            turns: doc
                .turns
                .iter()
                .enumerate()
                .map(|(idx, t)| TurnView {
                    idx,
                    start: t.start,
                    end: t.end,
                    label: t.speaker.label.to_string(),
                    label_start: t.label_span.start,
                    label_end: t.label_span.end,
                    person: t.speaker.person.as_deref().map(str::to_owned),
                    name: t.speaker.name.as_deref().map(str::to_owned),
                    role: t.speaker.role.as_deref().map(str::to_owned),
                    note: None,
                    generic: t.speaker.generic,
                    words: 0,
                    paragraphs: t.paragraphs.iter().map(span).collect(),
                    vocatives: Vec::new(),
                })
                .collect(),
            omissions: doc
                .omissions
                .iter()
                .map(|o| MarkSpan {
                    kind: "omission".into(),
                    text: slice(o.start, o.end),
                    start: o.start,
                    end: o.end,
                })
                .collect(),
            artefacts: doc
                .artefacts
                .iter()
                .map(|a| MarkSpan {
                    kind: match a.kind {
                        ArtefactKind::SeeAlso => "see_also",
                        ArtefactKind::Additional => "additional",
                        ArtefactKind::Note => "note",
                    }
                    .into(),
                    text: a.text.clone(),
                    start: a.start,
                    end: a.end,
                })
                .collect(),
            mentions: Vec::new(),
            claims: Vec::new(),
        }
    }

    /// The body as XML, and as (element path, text) events.
    fn written(doc: &DocumentView) -> (String, Vec<String>) {
        let body = Body::plan(doc);
        let speakers: Vec<SpeakerRef> = doc
            .turns
            .iter()
            .map(|t| SpeakerRef {
                who: t.person.clone(),
            })
            .collect();
        let mut xml = XmlWriter::new(Vec::new());
        body.write(&mut xml, "c", "#transcript", doc, &speakers)
            .unwrap();
        let xml = String::from_utf8(xml.finish().unwrap()).unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        let (mut path, mut events) = (Vec::new(), Vec::new());
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    path.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                    events.push(format!("<{}>", path.join("/")));
                }
                Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    events.push(format!("<{}/{name}/>", path.join("/")));
                }
                Event::End(_) => {
                    path.pop();
                }
                Event::Text(t) => {
                    let t = t.decode().unwrap();
                    if !t.trim().is_empty() {
                        events.push(format!("{}: {t}", path.join("/")));
                    }
                }
                Event::GeneralRef(r) => {
                    let name = r.decode().unwrap();
                    let s = quick_xml::escape::resolve_predefined_entity(&name).unwrap();
                    events.push(format!("{}: {s}", path.join("/")));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        (xml, events)
    }

    const TEXT: &str = "The leaders met.\n\
        See also\n\
        They talked.\n\
        President of Russia Vladimir Putin: Good afternoon.\n\
        (Applause.)\n\
        We cut <…> here.\n\
        <…>\n\
        Question: Why?\n\
        Dmitry Medvedev:\n\
        * * *\n\
        Statements for the press\n\
        Vladimir Putin: Thanks.\n\
        * * *\n\
        The end";

    #[test]
    fn pieces_land_in_text_order_in_the_places_the_schema_allows() {
        let doc = view(TEXT);
        let (xml, events) = written(&doc);
        let div = "text/body/div";
        let expected = [
            "<text>".to_owned(),
            "<text/body>".to_owned(),
            format!("<{div}>"),
            format!("<{div}/head>"),
            format!("{div}/head: The leaders met."),
            format!("<{div}/note>"),
            format!("{div}/note: See also"),
            // A heading after a note opens a new section.
            format!("<{div}>"),
            format!("<{div}/head>"),
            format!("{div}/head: They talked."),
            format!("<{div}/u>"),
            format!("<{div}/u/seg>"),
            format!("{div}/u/seg: Good afternoon."),
            format!("<{div}/u/note>"),
            format!("{div}/u/note: (Applause.)"),
            format!("<{div}/u/seg>"),
            format!("{div}/u/seg: We cut "),
            format!("<{div}/u/seg/gap>"),
            format!("<{div}/u/seg/gap/desc>"),
            format!("{div}/u/seg/gap/desc: <"),
            format!("{div}/u/seg/gap/desc: …"),
            format!("{div}/u/seg/gap/desc: >"),
            format!("{div}/u/seg:  here."),
            // After the turn's last paragraph: between the utterances.
            format!("<{div}/gap>"),
            format!("<{div}/gap/desc>"),
            format!("{div}/gap/desc: <"),
            format!("{div}/gap/desc: …"),
            format!("{div}/gap/desc: >"),
            format!("<{div}/u>"),
            format!("<{div}/u/seg>"),
            format!("{div}/u/seg: Why?"),
            // A turn with no paragraph still holds a (empty) seg.
            format!("<{div}/u>"),
            format!("<{div}/u/seg/>"),
            format!("<{div}>"),
            format!("<{div}/head>"),
            format!("{div}/head: Statements for the press"),
            format!("<{div}/u>"),
            format!("<{div}/u/seg>"),
            format!("{div}/u/seg: Thanks."),
            // The last section has headings only: an empty note ends it.
            format!("<{div}>"),
            format!("<{div}/head>"),
            format!("{div}/head: The end"),
            format!("<{div}/note/>"),
        ];
        assert_eq!(events, expected, "{xml}");
        assert!(xml.contains(r##"<u xml:id="c.u1" who="#vladimir-putin" ana="#regular" n="President of Russia Vladimir Putin">"##), "{xml}");
        assert!(
            xml.contains(r##"<u xml:id="c.u2" ana="#regular" n="Question">"##),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<head xml:id="c.head1" type="lead">"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<head xml:id="c.head3" type="narration">"#),
            "{xml}"
        );
        assert!(xml.contains(r#"type="see_also""#), "{xml}");
        assert!(
            xml.contains(r#"<note xml:id="c.note3" type="sectionEnd"/>"#),
            "{xml}"
        );
    }

    #[test]
    fn counts_match_what_is_written() {
        let doc = view(TEXT);
        let (xml, _) = written(&doc);
        for (gi, n) in Body::plan(&doc).tag_usage() {
            let open = xml.matches(&format!("<{gi}>")).count()
                + xml.matches(&format!("<{gi} ")).count()
                + xml.matches(&format!("<{gi}/>")).count();
            assert_eq!(open as u64, n, "{gi}");
        }
    }

    #[test]
    fn omissions_cut_a_paragraph_where_they_are() {
        let doc = view("Anna Berg: <…>a<...>bé <…>");
        let t = &doc.turns[0].paragraphs[0];
        let pieces = pieces(t, &doc.omissions);
        let shown: Vec<String> = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => format!("T{t}"),
                Piece::Gap(g) => format!("G{g}"),
            })
            .collect();
        assert_eq!(shown, ["G<…>", "Ta", "G<...>", "Tbé ", "G<…>"]);
        assert_eq!(byte_at("bé x", 2), Some(3));
        assert_eq!(byte_at("bé", 2), Some(3));
        assert_eq!(byte_at("bé", 3), None);
    }
}
