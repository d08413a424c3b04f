//! The store as tables for export: one record type per table (documents,
//! turns, paragraphs, mentions, claims, persons, roles) with stable field
//! names, streamed from SQLite in key order under a [`Selection`], and the
//! same records for a document annotated in memory ([`annotate`]), so an
//! export of a store and an annotation outside it (Python, Spark) agree
//! field for field.

use std::collections::BTreeSet;

use rusqlite::types::Value as SqlValue;
use serde::Serialize;
use stenogram_core::MentionValue;
use stenogram_sources::Raw;

use crate::filter::{push_in, Resolved};
use crate::ingest::{content_hash, enum_str, prepare, turn_of, Failure};
use crate::{Filter, Store, StoreError};

/// Where [`Store::stream`] finds each row's document date.
#[derive(Clone, Copy)]
enum Dates {
    /// The query's second column.
    Column,
    /// `documents`, read in id order beside rows in document id order.
    Merge,
}

/// The names of the exported tables, in the order they are written.
pub const TABLES: &[&str] = &[
    "documents",
    "turns",
    "paragraphs",
    "mentions",
    "claims",
    "persons",
    "roles",
];

/// A document: what the source said about it, its size, and its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRecord {
    pub id: String,
    pub title: Option<String>,
    /// The date as a day (`YYYY-MM-DD`; the first day when the source
    /// gives only a month or a year).
    pub date: Option<String>,
    /// The date as the source gave it (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub date_text: Option<String>,
    pub year: Option<i32>,
    pub place: Option<String>,
    pub url: Option<String>,
    /// Code points in `text`.
    pub chars: u64,
    pub words: u64,
    /// The source's other fields, a JSON object.
    pub metadata: String,
    /// SHA-256 of id, metadata and text.
    pub hash: String,
    pub source_path: Option<String>,
    pub source_locator: Option<String>,
    pub text: String,
}

/// A speaker turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnRecord {
    pub doc_id: String,
    pub date: Option<String>,
    pub year: Option<i32>,
    pub idx: u32,
    pub start: u64,
    pub end: u64,
    pub label_start: u64,
    pub label_end: u64,
    pub label: String,
    /// None for generic speakers (Question, Remark).
    pub person_id: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub note: Option<String>,
    pub generic: bool,
    pub words: u64,
}

/// A piece of text: lead, narration, label, speech or artefact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParagraphRecord {
    pub doc_id: String,
    pub date: Option<String>,
    pub year: Option<i32>,
    pub idx: u32,
    pub part: String,
    pub turn_idx: Option<u32>,
    /// The speaker of the turn the piece belongs to.
    pub person_id: Option<String>,
    pub start: u64,
    pub end: u64,
    pub words: u64,
    pub text: String,
}

/// A figure or date found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRecord {
    pub doc_id: String,
    pub date: Option<String>,
    pub year: Option<i32>,
    pub idx: u32,
    pub turn_idx: Option<u32>,
    pub person_id: Option<String>,
    pub kind: String,
    pub start: u64,
    pub end: u64,
    pub text: String,
    /// A number's value (money in units of `unit`, percent in percent).
    pub value: Option<f64>,
    /// A date's or duration's value, ISO 8601.
    pub value_text: Option<String>,
    pub high: Option<f64>,
    pub high_text: Option<String>,
    pub unit: Option<String>,
    pub qualifier: Option<String>,
    pub qualifier_start: Option<u64>,
    pub qualifier_end: Option<u64>,
    pub bound: String,
    pub offset: Option<String>,
}

/// A numeric claim: a figure tied to what it measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRecord {
    pub doc_id: String,
    pub date: Option<String>,
    pub year: Option<i32>,
    pub idx: u32,
    pub turn_idx: Option<u32>,
    pub person_id: Option<String>,
    pub name: Option<String>,
    pub indicator: String,
    pub canonical: Option<String>,
    pub indicator_text: String,
    pub indicator_start: u64,
    pub indicator_end: u64,
    pub kind: String,
    pub detail: Option<String>,
    /// Countries, sorted, joined with `+`.
    pub scope: String,
    pub period: Option<String>,
    pub partial: bool,
    pub value: f64,
    pub high: Option<f64>,
    pub unit: Option<String>,
    pub unit_family: String,
    pub converted: Option<f64>,
    pub converted_unit: Option<String>,
    pub qualifier: Option<String>,
    pub bound: String,
    pub change: bool,
    pub direction: Option<String>,
    pub forecast: bool,
    pub source: Option<String>,
    pub start: u64,
    pub end: u64,
    pub sentence_start: u64,
    pub sentence_end: u64,
}

/// A person who speaks in the store, with totals over the whole store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRecord {
    pub id: String,
    pub name: String,
    pub turns: u64,
    pub words: u64,
    pub documents: u64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// A role a person speaks in, with totals over the whole store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleRecord {
    pub person_id: String,
    pub role: String,
    pub turns: u64,
    pub documents: u64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// One document annotated in memory: its records as an export of a store
/// holding it would give them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotated {
    pub document: DocumentRecord,
    pub turns: Vec<TurnRecord>,
    pub paragraphs: Vec<ParagraphRecord>,
    pub mentions: Vec<MentionRecord>,
    pub claims: Vec<ClaimRecord>,
}

/// The day a document date stands for: `2019-05` is `2019-05-01`, `2019`
/// is `2019-01-01`; `None` for anything else.
pub fn day_of(date: Option<&str>) -> Option<String> {
    let date = date?.trim();
    let mut parts = date.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// The year of a document date.
pub fn year_of(date: Option<&str>) -> Option<i32> {
    date?.get(..4)?.parse().ok()
}

/// Parses and extracts one document as ingest does, returning the records
/// an export would give for it. Fails as ingest would (the failure names
/// the input; a blank text, which ingest skips, is a failure here).
pub fn annotate(raw: Raw) -> Result<Annotated, Failure> {
    if raw.text.trim().is_empty() {
        // Ingest skips these: nothing to store.
        return Err(Failure {
            path: raw.origin.to_string(),
            error: "no text".into(),
        });
    }
    let hash = content_hash(&raw);
    let p = prepare(raw, hash)?;
    let id = p.raw.id.clone();
    let date_text = p.raw.meta.date.clone();
    let date = day_of(date_text.as_deref());
    let year = year_of(date_text.as_deref());
    let text = &p.raw.text;
    let slice = CharSlicer::new(text);
    let turns: Vec<TurnRecord> = p
        .doc
        .turns
        .iter()
        .enumerate()
        .map(|(idx, t)| {
            let s = &t.speaker;
            TurnRecord {
                doc_id: id.clone(),
                date: date.clone(),
                year,
                idx: idx as u32,
                start: t.start as u64,
                end: t.end as u64,
                label_start: t.label_span.start as u64,
                label_end: t.label_span.end as u64,
                label: s.label.to_string(),
                person_id: s.person.as_deref().map(str::to_owned),
                name: s.name.as_deref().map(str::to_owned),
                role: s.role.as_deref().map(str::to_owned),
                note: s.note.as_deref().map(str::to_owned),
                generic: s.generic,
                words: p.turn_words[idx] as u64,
            }
        })
        .collect();
    let person_of = |turn: Option<usize>| -> Option<String> {
        turn.and_then(|t| turns.get(t))
            .and_then(|t| t.person_id.clone())
    };
    let paragraphs = p
        .pieces
        .iter()
        .zip(&p.piece_words)
        .enumerate()
        .map(|(idx, (piece, words))| ParagraphRecord {
            doc_id: id.clone(),
            date: date.clone(),
            year,
            idx: idx as u32,
            part: piece.part.as_str().to_owned(),
            turn_idx: piece.turn.map(|t| t as u32),
            person_id: person_of(piece.turn),
            start: piece.start as u64,
            end: piece.end as u64,
            words: *words as u64,
            text: slice.get(piece.start as u64, piece.end as u64).to_owned(),
        })
        .collect();
    let mentions = p
        .mentions
        .iter()
        .enumerate()
        .map(|(idx, m)| {
            let turn = turn_of(&p.doc, m.start);
            let (value, value_text) = split_value(&m.value);
            let (high, high_text) = split_value(&m.high);
            MentionRecord {
                doc_id: id.clone(),
                date: date.clone(),
                year,
                idx: idx as u32,
                turn_idx: turn.map(|t| t as u32),
                person_id: person_of(turn),
                kind: enum_str(&m.kind),
                start: m.start as u64,
                end: m.end as u64,
                text: m.text.clone(),
                value,
                value_text,
                high,
                high_text,
                unit: m.unit.clone(),
                qualifier: m.qualifier.clone(),
                qualifier_start: m.qualifier_start.map(|v| v as u64),
                qualifier_end: m.qualifier_end.map(|v| v as u64),
                bound: enum_str(&m.bound),
                offset: m.offset.clone(),
            }
        })
        .collect();
    let claims = p
        .claims
        .iter()
        .enumerate()
        .map(|(idx, c)| ClaimRecord {
            doc_id: id.clone(),
            date: date.clone(),
            year,
            idx: idx as u32,
            turn_idx: c.turn.map(|t| t as u32),
            person_id: c.person.clone(),
            name: c.name.clone(),
            indicator: c.indicator.clone(),
            canonical: c.canonical.clone(),
            indicator_text: c.indicator_text.clone(),
            indicator_start: c.indicator_start as u64,
            indicator_end: c.indicator_end as u64,
            kind: c.kind.as_str().to_owned(),
            detail: c.detail.clone(),
            scope: c.scope.join("+"),
            period: c.period.clone(),
            partial: c.partial,
            value: c.value,
            high: c.high,
            unit: c.unit.clone(),
            unit_family: c.unit_family.clone(),
            converted: c.converted,
            converted_unit: c.converted_unit.clone(),
            qualifier: c.qualifier.clone(),
            bound: enum_str(&c.bound),
            change: c.change,
            direction: c.direction.clone(),
            forecast: c.forecast,
            source: c.source.clone(),
            start: c.start as u64,
            end: c.end as u64,
            sentence_start: c.sentence_start as u64,
            sentence_end: c.sentence_end as u64,
        })
        .collect();
    let document = DocumentRecord {
        id,
        title: p.raw.meta.title.clone(),
        date,
        date_text,
        year,
        place: p.doc.place.clone(),
        url: p.raw.meta.url.clone(),
        chars: p.chars as u64,
        words: p.words as u64,
        metadata: serde_json::to_string(&p.raw.meta.extra).unwrap_or_else(|_| "{}".into()),
        hash: p.hash.clone(),
        source_path: Some(p.raw.origin.path.display().to_string()),
        source_locator: p.raw.origin.locator.clone(),
        text: p.raw.text.clone(),
    };
    Ok(Annotated {
        document,
        turns,
        paragraphs,
        mentions,
        claims,
    })
}

/// A mention value as stored: a number, or an ISO 8601 text.
fn split_value(value: &Option<MentionValue>) -> (Option<f64>, Option<String>) {
    match value {
        None => (None, None),
        Some(MentionValue::Number(n)) => (Some(*n), None),
        Some(MentionValue::Text(t)) => (None, Some(t.clone())),
    }
}

/// Slices a text by code point offsets.
struct CharSlicer<'a> {
    text: &'a str,
    /// Byte offset of every code point, and of the end.
    bytes: Vec<usize>,
}

impl<'a> CharSlicer<'a> {
    fn new(text: &'a str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharSlicer { text, bytes }
    }

    fn get(&self, start: u64, end: u64) -> &'a str {
        let at = |c: u64| self.bytes.get(c as usize).copied();
        match (at(start), at(end)) {
            (Some(b0), Some(b1)) if b0 <= b1 => &self.text[b0..b1],
            _ => "",
        }
    }
}

/// Which documents and turns an export takes: the query commands' filter
/// resolved against the store. Dates and tags select documents; speakers
/// and roles select turns (and the pieces, figures and claims inside
/// them) and the documents where those turns are; parts select pieces.
#[derive(Debug, Clone)]
pub struct Selection {
    filter: Filter,
    resolved: Resolved,
    /// The documents when speakers, roles or tags narrow them.
    docs: Option<BTreeSet<String>>,
}

impl Selection {
    /// The filter this selection was made from.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Whether turns are narrowed (to speakers or roles).
    pub fn narrows_turns(&self) -> bool {
        !self.resolved.persons.is_empty() || !self.resolved.roles.is_empty()
    }

    fn admits(&self, doc: &str, date: Option<&str>) -> bool {
        self.resolved.admits(date) && self.docs.as_ref().is_none_or(|d| d.contains(doc))
    }

    /// Appends the turn conditions (`t` is the turns table) to `sql`.
    fn push_turn_conditions(&self, sql: &mut String, args: &mut Vec<String>) {
        push_in(
            sql,
            args,
            "t.person_id",
            self.resolved.persons.iter().cloned(),
        );
        push_in(sql, args, "t.role", self.resolved.roles.iter().cloned());
    }
}

fn opt_u32(row: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<u32>> {
    Ok(row.get::<_, Option<i64>>(i)?.map(|v| v as u32))
}

fn opt_u64(row: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<u64>> {
    Ok(row.get::<_, Option<i64>>(i)?.map(|v| v as u64))
}

fn u64_at(row: &rusqlite::Row, i: usize) -> rusqlite::Result<u64> {
    Ok(row.get::<_, i64>(i)? as u64)
}

/// A stored mention value: numbers as numbers, texts (dates) as texts.
fn value_at(row: &rusqlite::Row, i: usize) -> rusqlite::Result<(Option<f64>, Option<String>)> {
    Ok(match row.get::<_, SqlValue>(i)? {
        SqlValue::Integer(n) => (Some(n as f64), None),
        SqlValue::Real(n) => (Some(n), None),
        SqlValue::Text(t) => (None, Some(t)),
        _ => (None, None),
    })
}

impl Store {
    /// Resolves `filter` into the documents and turns an export takes.
    /// Fails with a usage error when a speaker, role, part or date does not
    /// match anything the store knows.
    pub fn selection(&self, filter: &Filter) -> Result<Selection, StoreError> {
        let resolved = self.resolve(filter)?;
        let mut docs = resolved.docs.clone();
        if !resolved.persons.is_empty() || !resolved.roles.is_empty() {
            let mut sql = String::from("SELECT DISTINCT t.doc_id FROM turns t WHERE 1 = 1");
            let mut args = Vec::new();
            push_in(
                &mut sql,
                &mut args,
                "t.person_id",
                resolved.persons.iter().cloned(),
            );
            push_in(
                &mut sql,
                &mut args,
                "t.role",
                resolved.roles.iter().cloned(),
            );
            let mut stmt = self.db.prepare(&sql)?;
            let spoken: BTreeSet<String> = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            docs = Some(match docs {
                Some(tagged) => tagged.intersection(&spoken).cloned().collect(),
                None => spoken,
            });
        }
        Ok(Selection {
            filter: filter.clone(),
            resolved,
            docs,
        })
    }

    /// Runs `sql` and hands every row the selection admits to `f`, mapped
    /// by `map` (which is given the document's date). The first column is
    /// the document id; with [`Dates::Column`] the second is its date, with
    /// [`Dates::Merge`] the rows come in document id order and the dates
    /// are read alongside from `documents` in the same order (a merge join:
    /// no per-row lookup, nothing held but the current document).
    fn stream<R, E: From<StoreError>>(
        &self,
        selection: &Selection,
        sql: &str,
        args: &[String],
        dates: Dates,
        map: impl Fn(&rusqlite::Row, Option<&str>) -> rusqlite::Result<R>,
        f: &mut dyn FnMut(R) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut stmt = self.db.prepare(sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args.iter()))
            .map_err(StoreError::from)?;
        let mut by_id = self
            .db
            .prepare("SELECT id, date FROM documents ORDER BY id")
            .map_err(StoreError::from)?;
        let mut documents = match dates {
            Dates::Merge => Some(by_id.query([]).map_err(StoreError::from)?),
            Dates::Column => None,
        };
        // The document the merge stands on: (id, date).
        let mut current: Option<(String, Option<String>)> = None;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let doc: String = row.get(0).map_err(StoreError::from)?;
            let date: Option<String> = match documents.as_mut() {
                None => row.get(1).map_err(StoreError::from)?,
                Some(documents) => {
                    while current
                        .as_ref()
                        .is_none_or(|(id, _)| id.as_str() < doc.as_str())
                    {
                        match documents.next().map_err(StoreError::from)? {
                            Some(d) => {
                                current = Some((
                                    d.get(0).map_err(StoreError::from)?,
                                    d.get(1).map_err(StoreError::from)?,
                                ))
                            }
                            None => break,
                        }
                    }
                    current
                        .as_ref()
                        .filter(|(id, _)| *id == doc)
                        .and_then(|(_, date)| date.clone())
                }
            };
            if !selection.admits(&doc, date.as_deref()) {
                continue;
            }
            f(map(row, date.as_deref()).map_err(StoreError::from)?)?;
            count += 1;
        }
        Ok(count)
    }

    /// The ids of the selected documents, in id order.
    pub fn for_each_selected_id<E: From<StoreError>>(
        &self,
        selection: &Selection,
        f: &mut dyn FnMut(String) -> Result<(), E>,
    ) -> Result<u64, E> {
        self.stream(
            selection,
            "SELECT id, date FROM documents ORDER BY id",
            &[],
            Dates::Column,
            |r, _| r.get(0),
            f,
        )
    }

    /// The selected documents, in id order.
    pub fn for_each_document_record<E: From<StoreError>>(
        &self,
        selection: &Selection,
        f: &mut dyn FnMut(DocumentRecord) -> Result<(), E>,
    ) -> Result<u64, E> {
        let sql =
            "SELECT d.id, d.date, d.title, d.place, d.url, d.chars, d.words, d.metadata, d.hash,
                          s.path, s.locator, d.text
                   FROM documents d LEFT JOIN sources s ON s.doc_id = d.id ORDER BY d.id";
        self.stream(
            selection,
            sql,
            &[],
            Dates::Column,
            |r, _| {
                let date_text: Option<String> = r.get(1)?;
                Ok(DocumentRecord {
                    id: r.get(0)?,
                    date: day_of(date_text.as_deref()),
                    year: year_of(date_text.as_deref()),
                    date_text,
                    title: r.get(2)?,
                    place: r.get(3)?,
                    url: r.get(4)?,
                    chars: u64_at(r, 5)?,
                    words: u64_at(r, 6)?,
                    metadata: r.get(7)?,
                    hash: r.get(8)?,
                    source_path: r.get(9)?,
                    source_locator: r.get(10)?,
                    text: r.get(11)?,
                })
            },
            f,
        )
    }

    /// The selected turns, in document and turn order.
    pub fn for_each_turn_record<E: From<StoreError>>(
        &self,
        selection: &Selection,
        f: &mut dyn FnMut(TurnRecord) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut sql = String::from(
            "SELECT t.doc_id, NULL, t.idx, t.start, t.end, t.label_start, t.label_end, t.label,
                    t.person_id, t.name, t.role, t.note, t.generic, t.words
             FROM turns t WHERE 1 = 1",
        );
        let mut args = Vec::new();
        selection.push_turn_conditions(&mut sql, &mut args);
        sql.push_str(" ORDER BY t.doc_id, t.idx");
        self.stream(
            selection,
            &sql,
            &args,
            Dates::Merge,
            |r, date| {
                Ok(TurnRecord {
                    doc_id: r.get(0)?,
                    date: day_of(date),
                    year: year_of(date),
                    idx: r.get::<_, i64>(2)? as u32,
                    start: u64_at(r, 3)?,
                    end: u64_at(r, 4)?,
                    label_start: u64_at(r, 5)?,
                    label_end: u64_at(r, 6)?,
                    label: r.get(7)?,
                    person_id: r.get(8)?,
                    name: r.get(9)?,
                    role: r.get(10)?,
                    note: r.get(11)?,
                    generic: r.get(12)?,
                    words: u64_at(r, 13)?,
                })
            },
            f,
        )
    }

    /// The selected pieces of text with their text, in document order.
    pub fn for_each_paragraph_record<E: From<StoreError>>(
        &self,
        selection: &Selection,
        f: &mut dyn FnMut(ParagraphRecord) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut sql = String::from(
            "SELECT p.doc_id, NULL, p.idx, p.part, p.turn_idx, t.person_id, p.start, p.end, p.words
             FROM paragraphs p
             LEFT JOIN turns t ON t.doc_id = p.doc_id AND t.idx = p.turn_idx WHERE 1 = 1",
        );
        let mut args = Vec::new();
        selection.push_turn_conditions(&mut sql, &mut args);
        push_in(
            &mut sql,
            &mut args,
            "p.part",
            selection.resolved.parts.iter().cloned(),
        );
        sql.push_str(" ORDER BY p.doc_id, p.idx");
        // The document's text, read once per document, sliced in Rust.
        let mut text_of = self
            .db
            .prepare_cached("SELECT text FROM documents WHERE id = ?1")
            .map_err(StoreError::from)?;
        let mut current: (String, String) = (String::new(), String::new());
        let mut cursor = (0usize, 0usize);
        let mut slice = |doc: &str, start: u64, end: u64| -> rusqlite::Result<String> {
            if current.0 != doc {
                current = (doc.to_owned(), text_of.query_row([doc], |r| r.get(0))?);
                cursor = (0, 0);
            }
            let text = &current.1;
            let b0 = crate::pieces::advance_chars(text, &mut cursor, start as usize);
            let b1 = crate::pieces::advance_chars(text, &mut cursor, end as usize);
            Ok(text.get(b0..b1).unwrap_or_default().to_owned())
        };
        self.stream(
            selection,
            &sql,
            &args,
            Dates::Merge,
            |r, date| {
                Ok(ParagraphRecord {
                    doc_id: r.get(0)?,
                    date: day_of(date),
                    year: year_of(date),
                    idx: r.get::<_, i64>(2)? as u32,
                    part: r.get(3)?,
                    turn_idx: opt_u32(r, 4)?,
                    person_id: r.get(5)?,
                    start: u64_at(r, 6)?,
                    end: u64_at(r, 7)?,
                    words: u64_at(r, 8)?,
                    text: String::new(),
                })
            },
            &mut |mut record: ParagraphRecord| -> Result<(), E> {
                record.text =
                    slice(&record.doc_id, record.start, record.end).map_err(StoreError::from)?;
                f(record)
            },
        )
    }

    /// The selected figures and dates, in document order.
    pub fn for_each_mention_record<E: From<StoreError>>(
        &self,
        selection: &Selection,
        f: &mut dyn FnMut(MentionRecord) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut sql = String::from(
            "SELECT m.doc_id, NULL, m.idx, m.turn_idx, t.person_id, m.kind, m.start, m.end, m.text,
                    m.value, m.high, m.unit, m.qualifier, m.qualifier_start, m.qualifier_end, m.bound, m.offset
             FROM mentions m
             LEFT JOIN turns t ON t.doc_id = m.doc_id AND t.idx = m.turn_idx WHERE 1 = 1",
        );
        let mut args = Vec::new();
        selection.push_turn_conditions(&mut sql, &mut args);
        sql.push_str(" ORDER BY m.doc_id, m.idx");
        self.stream(
            selection,
            &sql,
            &args,
            Dates::Merge,
            |r, date| {
                let (value, value_text) = value_at(r, 9)?;
                let (high, high_text) = value_at(r, 10)?;
                Ok(MentionRecord {
                    doc_id: r.get(0)?,
                    date: day_of(date),
                    year: year_of(date),
                    idx: r.get::<_, i64>(2)? as u32,
                    turn_idx: opt_u32(r, 3)?,
                    person_id: r.get(4)?,
                    kind: r.get(5)?,
                    start: u64_at(r, 6)?,
                    end: u64_at(r, 7)?,
                    text: r.get(8)?,
                    value,
                    value_text,
                    high,
                    high_text,
                    unit: r.get(11)?,
                    qualifier: r.get(12)?,
                    qualifier_start: opt_u64(r, 13)?,
                    qualifier_end: opt_u64(r, 14)?,
                    bound: r.get(15)?,
                    offset: r.get(16)?,
                })
            },
            f,
        )
    }

    /// The selected claims, in document order.
    pub fn for_each_claim_record<E: From<StoreError>>(
        &self,
        selection: &Selection,
        f: &mut dyn FnMut(ClaimRecord) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut sql = String::from(
            "SELECT c.doc_id, NULL, c.idx, c.turn_idx, c.person_id, c.name, c.indicator, c.canonical,
                    c.indicator_text, c.indicator_start, c.indicator_end, c.kind, c.detail, c.scope,
                    c.period, c.partial, c.value, c.high, c.unit, c.unit_family, c.converted,
                    c.converted_unit, c.qualifier, c.bound, c.change, c.direction, c.forecast,
                    c.source, c.start, c.end, c.sentence_start, c.sentence_end
             FROM claims c
             LEFT JOIN turns t ON t.doc_id = c.doc_id AND t.idx = c.turn_idx WHERE 1 = 1",
        );
        let mut args = Vec::new();
        selection.push_turn_conditions(&mut sql, &mut args);
        sql.push_str(" ORDER BY c.doc_id, c.idx");
        self.stream(
            selection,
            &sql,
            &args,
            Dates::Merge,
            |r, date| {
                Ok(ClaimRecord {
                    doc_id: r.get(0)?,
                    date: day_of(date),
                    year: year_of(date),
                    idx: r.get::<_, i64>(2)? as u32,
                    turn_idx: opt_u32(r, 3)?,
                    person_id: r.get(4)?,
                    name: r.get(5)?,
                    indicator: r.get(6)?,
                    canonical: r.get(7)?,
                    indicator_text: r.get(8)?,
                    indicator_start: u64_at(r, 9)?,
                    indicator_end: u64_at(r, 10)?,
                    kind: r.get(11)?,
                    detail: r.get(12)?,
                    scope: r.get(13)?,
                    period: r.get(14)?,
                    partial: r.get(15)?,
                    value: r.get(16)?,
                    high: r.get(17)?,
                    unit: r.get(18)?,
                    unit_family: r.get(19)?,
                    converted: r.get(20)?,
                    converted_unit: r.get(21)?,
                    qualifier: r.get(22)?,
                    bound: r.get(23)?,
                    change: r.get(24)?,
                    direction: r.get(25)?,
                    forecast: r.get(26)?,
                    source: r.get(27)?,
                    start: u64_at(r, 28)?,
                    end: u64_at(r, 29)?,
                    sentence_start: u64_at(r, 30)?,
                    sentence_end: u64_at(r, 31)?,
                })
            },
            f,
        )
    }

    /// The persons who speak in the selected turns (all persons when the
    /// selection is the whole store), in id order.
    pub fn for_each_person_record<E: From<StoreError>>(
        &self,
        selection: &Selection,
        f: &mut dyn FnMut(PersonRecord) -> Result<(), E>,
    ) -> Result<u64, E> {
        let wanted = self.selected_persons(selection)?;
        let mut stmt = self
            .db
            .prepare(
                "SELECT id, name, turns, words, documents, first_date, last_date FROM persons ORDER BY id",
            )
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        let mut count = 0;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let id: String = r.get(0).map_err(StoreError::from)?;
            if wanted.as_ref().is_some_and(|w| !w.contains(&id)) {
                continue;
            }
            let record = (|| {
                Ok::<_, rusqlite::Error>(PersonRecord {
                    id,
                    name: r.get(1)?,
                    turns: u64_at(r, 2)?,
                    words: u64_at(r, 3)?,
                    documents: u64_at(r, 4)?,
                    first_date: day_of(r.get::<_, Option<String>>(5)?.as_deref()),
                    last_date: day_of(r.get::<_, Option<String>>(6)?.as_deref()),
                })
            })()
            .map_err(StoreError::from)?;
            f(record)?;
            count += 1;
        }
        Ok(count)
    }

    /// The roles of the persons who speak in the selected turns, in person
    /// and role order.
    pub fn for_each_role_record<E: From<StoreError>>(
        &self,
        selection: &Selection,
        f: &mut dyn FnMut(RoleRecord) -> Result<(), E>,
    ) -> Result<u64, E> {
        let wanted = self.selected_persons(selection)?;
        let mut stmt = self
            .db
            .prepare(
                "SELECT person_id, role, turns, documents, first_date, last_date FROM roles ORDER BY person_id, role",
            )
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        let mut count = 0;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let person: String = r.get(0).map_err(StoreError::from)?;
            let role: String = r.get(1).map_err(StoreError::from)?;
            if wanted.as_ref().is_some_and(|w| !w.contains(&person)) {
                continue;
            }
            if !selection.resolved.roles.is_empty() && !selection.resolved.roles.contains(&role) {
                continue;
            }
            let record = (|| {
                Ok::<_, rusqlite::Error>(RoleRecord {
                    person_id: person,
                    role,
                    turns: u64_at(r, 2)?,
                    documents: u64_at(r, 3)?,
                    first_date: day_of(r.get::<_, Option<String>>(4)?.as_deref()),
                    last_date: day_of(r.get::<_, Option<String>>(5)?.as_deref()),
                })
            })()
            .map_err(StoreError::from)?;
            f(record)?;
            count += 1;
        }
        Ok(count)
    }

    /// The person ids of the selected turns; `None` for every person.
    fn selected_persons(
        &self,
        selection: &Selection,
    ) -> Result<Option<BTreeSet<String>>, StoreError> {
        let whole = selection.docs.is_none()
            && selection.resolved.from.is_none()
            && selection.resolved.to.is_none();
        if whole {
            return Ok(None);
        }
        let mut persons = BTreeSet::new();
        self.for_each_turn_record(selection, &mut |t: TurnRecord| -> Result<(), StoreError> {
            if let Some(p) = t.person_id {
                persons.insert(p);
            }
            Ok(())
        })?;
        Ok(Some(persons))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_stand_for_their_first_day() {
        assert_eq!(day_of(Some("2019-05-07")).as_deref(), Some("2019-05-07"));
        assert_eq!(day_of(Some("2019-05")).as_deref(), Some("2019-05-01"));
        assert_eq!(day_of(Some("2019")).as_deref(), Some("2019-01-01"));
        assert_eq!(day_of(Some("2019-13-01")), None);
        assert_eq!(day_of(Some("May 2019")), None);
        assert_eq!(day_of(None), None);
        assert_eq!(year_of(Some("2019-05")), Some(2019));
        assert_eq!(year_of(Some("19")), None);
    }

    #[test]
    fn code_point_slices() {
        let s = CharSlicer::new("«Да» — yes");
        assert_eq!(s.get(1, 3), "Да");
        assert_eq!(s.get(7, 10), "yes");
        assert_eq!(s.get(7, 99), "");
    }
}
