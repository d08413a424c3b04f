//! Recomputing figures and claims from what the store holds: the text,
//! the date and the parsed structure (turns, speakers, lead, narration),
//! without the original input files. Used by the schema migration to
//! version 4 and by `stenogram claims --rebuild` after the extraction or
//! claim rules change.

use std::sync::Arc;

use rayon::prelude::*;
use rusqlite::Transaction;
use stenogram_core::{Day, Document, Paragraph, Person, Span, Speaker, Turn};

use crate::ingest::insert_figures;
use crate::pieces::Part;
use crate::{Store, StoreError};

/// What a document needs to have its figures recomputed.
struct Stored {
    id: String,
    date: Option<String>,
    text: String,
    doc: Document,
}

/// Code point offset → byte offset of `text`.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    offsets.push(text.len());
    offsets
}

fn load(tx: &Transaction, id: &str) -> Result<Stored, StoreError> {
    let (date, title, text): (Option<String>, Option<String>, String) = tx.query_row(
        "SELECT date, title, text FROM documents WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let offsets = byte_offsets(&text);
    let slice = |start: usize, end: usize| {
        let at = |c: usize| offsets[c.min(offsets.len() - 1)];
        text[at(start)..at(end)].to_owned()
    };
    let mut doc = Document {
        id: id.to_owned(),
        title: title.clone(),
        date: date.clone(),
        ..Document::default()
    };
    let mut turns = tx.prepare_cached(
        "SELECT start, end, label_start, label_end, label, person_id, name, role, note, generic
         FROM turns WHERE doc_id = ?1 ORDER BY idx",
    )?;
    let rows = turns.query_map([id], |r| {
        let arc = |s: Option<String>| s.map(Arc::<str>::from);
        Ok(Turn {
            start: r.get::<_, i64>(0)? as usize,
            end: r.get::<_, i64>(1)? as usize,
            label_span: Span {
                start: r.get::<_, i64>(2)? as usize,
                end: r.get::<_, i64>(3)? as usize,
            },
            speaker: Speaker {
                label: Arc::from(r.get::<_, String>(4)?),
                person: arc(r.get(5)?),
                name: arc(r.get(6)?),
                role: arc(r.get(7)?),
                note: arc(r.get(8)?),
                generic: r.get(9)?,
            },
            paragraphs: Vec::new(),
            addressees: Vec::new(),
            vocatives: Vec::new(),
        })
    })?;
    for turn in rows {
        doc.turns.push(turn?);
    }
    let mut pieces = tx.prepare_cached(
        "SELECT part, turn_idx, start, end FROM paragraphs WHERE doc_id = ?1 ORDER BY idx",
    )?;
    let rows = pieces.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, i64>(2)? as usize,
            r.get::<_, i64>(3)? as usize,
        ))
    })?;
    for row in rows {
        let (part, turn, start, end) = row?;
        let paragraph = Paragraph {
            text: slice(start, end),
            start,
            end,
        };
        match (Part::parse(&part), turn) {
            (Some(Part::Lead), _) => doc.lead.push(paragraph),
            (Some(Part::Narration), _) => doc.narration.push(paragraph),
            (Some(Part::Speech), Some(t)) => {
                if let Some(turn) = doc.turns.get_mut(t as usize) {
                    turn.paragraphs.push(paragraph);
                }
            }
            _ => {}
        }
    }
    // Persons with their roles, as the parser lists them.
    for turn in &doc.turns {
        let Some(person) = turn.speaker.person.as_deref() else {
            continue;
        };
        let role = turn.speaker.role.as_deref().map(str::to_owned);
        match doc.persons.iter_mut().find(|p| p.id == person) {
            Some(p) => {
                if let Some(role) = role.filter(|r| !p.roles.contains(r)) {
                    p.roles.push(role);
                }
            }
            None => doc.persons.push(Person {
                id: person.to_owned(),
                name: turn.speaker.name.as_deref().unwrap_or(person).to_owned(),
                roles: role.into_iter().collect(),
            }),
        }
    }
    Ok(Stored {
        id: id.to_owned(),
        date,
        text,
        doc,
    })
}

/// Recomputes every document's mentions and claims inside `tx`; returns
/// the number of claims written.
pub(crate) fn rebuild_figures(tx: &Transaction) -> Result<usize, StoreError> {
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM documents ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut written = 0;
    // In chunks: load (SQLite, one thread), compute (all cores), write.
    for chunk in ids.chunks(512) {
        let stored: Vec<Stored> = chunk
            .iter()
            .map(|id| load(tx, id))
            .collect::<Result<_, _>>()?;
        let computed: Vec<_> = stored
            .par_iter()
            .map(|s| {
                let reference = s.date.as_deref().and_then(Day::parse_iso);
                let mentions = stenogram_core::extract(&s.text, reference);
                let claims = stenogram_core::claims(&s.doc, &s.text, &mentions);
                (mentions, claims)
            })
            .collect();
        for (s, (mentions, claims)) in stored.iter().zip(&computed) {
            tx.execute("DELETE FROM mentions WHERE doc_id = ?1", [&s.id])?;
            tx.execute("DELETE FROM claims WHERE doc_id = ?1", [&s.id])?;
            insert_figures(tx, &s.id, &s.doc, mentions, claims)?;
            written += claims.len();
        }
    }
    Ok(written)
}

impl Store {
    /// Recomputes every document's figures and claims from the stored text
    /// and structure, in one transaction (all or nothing). Returns the
    /// number of claims.
    pub fn rebuild_claims(&mut self) -> Result<usize, StoreError> {
        let tx = self.db.transaction()?;
        let written = rebuild_figures(&tx)?;
        tx.commit()?;
        Ok(written)
    }
}
