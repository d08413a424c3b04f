//! Reading whole documents back out of the store: the structure ingest
//! wrote (lead, turns, narration, omissions, artefacts, vocatives), the
//! figures and claims, and corpus-wide overviews (documents per year, the
//! latest documents, a speaker's documents) and the corpus version.

use rusqlite::types::Value as SqlValue;
use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::claims::{ClaimFilter, ClaimRow};
use crate::pieces::CharToByte;
use crate::{Store, StoreError};

/// Which state of the store an answer comes from: the ingest generation
/// and a digest of every document's content hash, so two stores (or one
/// store before and after a re-ingest) with the same digest hold the same
/// texts and metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CorpusVersion {
    pub generation: i64,
    /// The first 16 hex digits of SHA-256 over the sorted (id, hash) pairs.
    pub digest: String,
}

impl CorpusVersion {
    /// `GENERATION-DIGEST`, the form used as an HTTP entity tag.
    pub fn tag(&self) -> String {
        format!("{}-{}", self.generation, self.digest)
    }
}

/// A stretch of a document's text with its code point range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TextSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A page artefact (`See also`, stage notes) or an omission (`<…>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MarkSpan {
    /// `see_also`, `additional`, `stage`, …; `omission` for `<…>`.
    pub kind: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A vocative opening a paragraph and whom it addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VocativeSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub person: Option<String>,
}

/// One speaker turn as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TurnView {
    pub idx: usize,
    pub start: usize,
    pub end: usize,
    /// The label as written, and its range.
    pub label: String,
    pub label_start: usize,
    pub label_end: usize,
    /// Person id; none for generic speakers (Question, Remark …).
    pub person: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub note: Option<String>,
    pub generic: bool,
    pub words: u64,
    pub paragraphs: Vec<TextSpan>,
    pub vocatives: Vec<VocativeSpan>,
}

/// Where a document was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SourceRef {
    pub path: String,
    pub locator: Option<String>,
    pub read_at: String,
}

/// A stored document with everything found in it: the Document's shape
/// (lead, turns, narration, omissions, artefacts) rebuilt from the tables,
/// plus its figures (mentions) and claims.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentView {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    pub url: Option<String>,
    /// The text as decoded; every offset indexes its code points.
    pub text: String,
    pub chars: u64,
    pub words: u64,
    /// SHA-256 of id, metadata and text.
    pub hash: String,
    /// The source's other fields (page tags, sections, dataset columns).
    pub metadata: serde_json::Value,
    pub source: Option<SourceRef>,
    pub lead: Vec<TextSpan>,
    pub narration: Vec<TextSpan>,
    pub turns: Vec<TurnView>,
    pub omissions: Vec<MarkSpan>,
    pub artefacts: Vec<MarkSpan>,
    /// Figures and dates, DESIGN.md's mention shape.
    pub mentions: Vec<serde_json::Value>,
    pub claims: Vec<ClaimRow>,
}

/// A line of a document list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentSummary {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub words: u64,
}

/// Documents and words in one year (`None`: undated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearCount {
    pub year: Option<String>,
    pub documents: u64,
    pub words: u64,
}

impl Store {
    /// The version of the corpus this store holds now.
    pub fn version(&self) -> Result<CorpusVersion, StoreError> {
        let generation = self.generation()?;
        let mut hasher = Sha256::new();
        let mut stmt = self
            .db
            .prepare_cached("SELECT id, hash FROM documents ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let hash: String = row.get(1)?;
            hasher.update(id.as_bytes());
            hasher.update([0]);
            hasher.update(hash.as_bytes());
            hasher.update([0]);
        }
        let digest = hasher.finalize();
        let digest: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Ok(CorpusVersion { generation, digest })
    }

    /// The last committed ingest generation of SQLite (cheap: one row).
    pub fn current_generation(&self) -> Result<i64, StoreError> {
        self.generation()
    }

    /// The generation the index last committed (it follows SQLite's).
    pub fn index_generation(&self) -> Result<i64, StoreError> {
        crate::index::committed_generation(&self.index)
    }

    /// Makes the index reader see the last committed index state (after an
    /// ingest in another process). SQLite reads see it already.
    pub fn refresh(&self) -> Result<(), StoreError> {
        self.reader.reload()?;
        Ok(())
    }

    /// The stored document `id` with its structure, figures and claims.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>, StoreError> {
        self.document_with(id, true)
    }

    /// The stored document `id` with its structure only: `mentions` and
    /// `claims` are left empty (for writers that need the text's shape).
    pub fn document_structure(&self, id: &str) -> Result<Option<DocumentView>, StoreError> {
        self.document_with(id, false)
    }

    fn document_with(&self, id: &str, figures: bool) -> Result<Option<DocumentView>, StoreError> {
        let head = self
            .db
            .prepare_cached(
                "SELECT id, title, date, place, url, text, chars, words, hash, metadata
                 FROM documents WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)? as u64,
                    r.get::<_, i64>(7)? as u64,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                ))
            })
            .optional()?;
        let Some((id, title, date, place, url, text, chars, words, hash, metadata)) = head else {
            return Ok(None);
        };
        let metadata = serde_json::from_str(&metadata).unwrap_or(serde_json::Value::Null);
        let source = self
            .db
            .prepare_cached("SELECT path, locator, read_at FROM sources WHERE doc_id = ?1")?
            .query_row([&id], |r| {
                Ok(SourceRef {
                    path: r.get(0)?,
                    locator: r.get(1)?,
                    read_at: r.get(2)?,
                })
            })
            .optional()?;

        let mut turns: Vec<TurnView> = self
            .db
            .prepare_cached(
                "SELECT idx, start, end, label, label_start, label_end, person_id, name, role,
                        note, generic, words
                 FROM turns WHERE doc_id = ?1 ORDER BY idx",
            )?
            .query_map([&id], |r| {
                Ok(TurnView {
                    idx: r.get::<_, i64>(0)? as usize,
                    start: r.get::<_, i64>(1)? as usize,
                    end: r.get::<_, i64>(2)? as usize,
                    label: r.get(3)?,
                    label_start: r.get::<_, i64>(4)? as usize,
                    label_end: r.get::<_, i64>(5)? as usize,
                    person: r.get(6)?,
                    name: r.get(7)?,
                    role: r.get(8)?,
                    note: r.get(9)?,
                    generic: r.get(10)?,
                    words: r.get::<_, i64>(11)? as u64,
                    paragraphs: Vec::new(),
                    vocatives: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;

        let mut cursor = CharToByte::new(&text);
        let mut slice = |start: usize, end: usize| -> String {
            let b0 = cursor.at(start);
            let b1 = cursor.at(end);
            text.get(b0..b1).unwrap_or_default().to_owned()
        };
        let mut lead = Vec::new();
        let mut narration = Vec::new();
        let pieces: Vec<(String, Option<i64>, usize, usize)> = self
            .db
            .prepare_cached(
                "SELECT part, turn_idx, start, end FROM paragraphs WHERE doc_id = ?1
                 ORDER BY start, idx",
            )?
            .query_map([&id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, i64>(2)? as usize,
                    r.get::<_, i64>(3)? as usize,
                ))
            })?
            .collect::<Result<_, _>>()?;
        for (part, turn, start, end) in pieces {
            let span = TextSpan {
                text: slice(start, end),
                start,
                end,
            };
            match (part.as_str(), turn) {
                ("lead", _) => lead.push(span),
                ("narration", _) => narration.push(span),
                ("speech", Some(t)) => {
                    if let Some(turn) = turns.iter_mut().find(|x| x.idx as i64 == t) {
                        turn.paragraphs.push(span);
                    }
                }
                _ => {}
            }
        }
        let vocatives: Vec<(i64, VocativeSpan)> = self
            .db
            .prepare_cached(
                "SELECT turn_idx, text, start, end, person_id FROM addressees WHERE doc_id = ?1
                 ORDER BY start",
            )?
            .query_map([&id], |r| {
                Ok((
                    r.get(0)?,
                    VocativeSpan {
                        text: r.get(1)?,
                        start: r.get::<_, i64>(2)? as usize,
                        end: r.get::<_, i64>(3)? as usize,
                        person: r.get(4)?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        for (t, vocative) in vocatives {
            if let Some(turn) = turns.iter_mut().find(|x| x.idx as i64 == t) {
                turn.vocatives.push(vocative);
            }
        }
        let spans = |sql: &str| -> Result<Vec<MarkSpan>, StoreError> {
            Ok(self
                .db
                .prepare_cached(sql)?
                .query_map([&id], |r| {
                    Ok(MarkSpan {
                        kind: r.get(0)?,
                        text: String::new(),
                        start: r.get::<_, i64>(1)? as usize,
                        end: r.get::<_, i64>(2)? as usize,
                    })
                })?
                .collect::<Result<_, _>>()?)
        };
        let mut omissions =
            spans("SELECT 'omission', start, end FROM omissions WHERE doc_id = ?1 ORDER BY start")?;
        let mut artefacts =
            spans("SELECT kind, start, end FROM artefacts WHERE doc_id = ?1 ORDER BY start")?;
        for span in omissions.iter_mut().chain(artefacts.iter_mut()) {
            span.text = slice(span.start, span.end);
        }
        let (mentions, claims) = if figures {
            let claims = self.claims(&ClaimFilter {
                docs: vec![id.clone()],
                ..ClaimFilter::default()
            })?;
            (self.mentions_of(&id)?, claims)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Some(DocumentView {
            id,
            title,
            date,
            place,
            url,
            text,
            chars,
            words,
            hash,
            metadata,
            source,
            lead,
            narration,
            turns,
            omissions,
            artefacts,
            mentions,
            claims,
        }))
    }

    /// A document's mentions in DESIGN.md's JSON shape, in text order.
    fn mentions_of(&self, id: &str) -> Result<Vec<serde_json::Value>, StoreError> {
        let mut stmt = self.db.prepare_cached(
            "SELECT kind, start, end, text, value, high, unit, qualifier, qualifier_start,
                    qualifier_end, bound, offset
             FROM mentions WHERE doc_id = ?1 ORDER BY start, idx",
        )?;
        let rows = stmt.query_map([id], |r| {
            let mut object = serde_json::Map::new();
            object.insert("kind".into(), r.get::<_, String>(0)?.into());
            object.insert("start".into(), r.get::<_, i64>(1)?.into());
            object.insert("end".into(), r.get::<_, i64>(2)?.into());
            object.insert("text".into(), r.get::<_, String>(3)?.into());
            object.insert("value".into(), json_of(r.get(4)?));
            let high = json_of(r.get(5)?);
            if !high.is_null() {
                object.insert("high".into(), high);
            }
            object.insert("unit".into(), json_of(r.get(6)?));
            object.insert("qualifier".into(), json_of(r.get(7)?));
            object.insert("qualifier_start".into(), json_of(r.get(8)?));
            object.insert("qualifier_end".into(), json_of(r.get(9)?));
            object.insert("bound".into(), json_of(r.get(10)?));
            let offset = json_of(r.get(11)?);
            if !offset.is_null() {
                object.insert("offset".into(), offset);
            }
            Ok(serde_json::Value::Object(object))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Documents and words per year, oldest first, undated last.
    pub fn documents_per_year(&self) -> Result<Vec<YearCount>, StoreError> {
        let mut stmt = self.db.prepare_cached(
            "SELECT substr(date, 1, 4) AS year, count(*), coalesce(sum(words), 0) FROM documents
             GROUP BY year ORDER BY year IS NULL, year",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(YearCount {
                year: r.get(0)?,
                documents: r.get::<_, i64>(1)? as u64,
                words: r.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest documents by date (then id), `limit` of them from `offset`.
    pub fn latest_documents(
        &self,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocumentSummary>, StoreError> {
        let mut stmt = self.db.prepare_cached(
            "SELECT id, title, date, url, words FROM documents
             ORDER BY date IS NULL, date DESC, id DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map([limit as i64, offset as i64], summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Documents in which `person` speaks, newest first, with the total.
    pub fn documents_of_speaker(
        &self,
        person: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<DocumentSummary>, u64), StoreError> {
        let total: i64 = self.db.query_row(
            "SELECT count(DISTINCT doc_id) FROM turns WHERE person_id = ?1",
            [person],
            |r| r.get(0),
        )?;
        let mut stmt = self.db.prepare_cached(
            "SELECT id, title, date, url, words FROM documents
             WHERE id IN (SELECT doc_id FROM turns WHERE person_id = ?1)
             ORDER BY date IS NULL, date DESC, id DESC LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![person, limit as i64, offset as i64],
            summary,
        )?;
        Ok((rows.collect::<Result<_, _>>()?, total as u64))
    }

    /// Checks that a filter can be resolved (its speakers, roles and dates
    /// exist and parse) without running a query.
    pub fn check_filter(&self, filter: &crate::Filter) -> Result<(), StoreError> {
        self.resolve(filter).map(|_| ())
    }
}

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        date: r.get(2)?,
        url: r.get(3)?,
        words: r.get::<_, i64>(4)? as u64,
    })
}

/// An untyped SQLite value as JSON (integers stay integers).
fn json_of(value: SqlValue) -> serde_json::Value {
    match value {
        SqlValue::Null => serde_json::Value::Null,
        SqlValue::Integer(i) => i.into(),
        SqlValue::Real(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => (f as i64).into(),
        SqlValue::Real(f) => serde_json::Number::from_f64(f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        SqlValue::Text(s) => s.into(),
        SqlValue::Blob(_) => serde_json::Value::Null,
    }
}
