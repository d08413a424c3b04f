//! Subcorpora for analysis: the pieces of text a filter selects, streamed
//! in document order, with a description that makes a figure reproducible.

use serde::Serialize;

use crate::filter::{push_in, Filter};
use crate::pieces::advance_chars;
use crate::{Store, StoreError};

/// One piece of text of a subcorpus.
#[derive(Debug, Clone)]
pub struct PieceText {
    pub doc: String,
    pub date: Option<String>,
    pub person: Option<String>,
    /// Code point offset of the piece in its document.
    pub start: usize,
    pub text: String,
}

/// What a subcorpus is and how big it came out.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubcorpusInfo {
    /// The filter as given.
    pub filter: Filter,
    /// What it resolved to: person ids, roles, date keys, parts.
    pub persons: Vec<String>,
    pub roles: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub parts: Vec<String>,
    pub documents: u64,
    pub pieces: u64,
}

impl SubcorpusInfo {
    /// A filter, what it resolved to, and the size it came out.
    pub(crate) fn new(
        filter: &Filter,
        resolved: crate::filter::Resolved,
        documents: u64,
        pieces: u64,
    ) -> Self {
        SubcorpusInfo {
            filter: filter.clone(),
            persons: resolved.persons.into_iter().collect(),
            roles: resolved.roles.into_iter().collect(),
            from: resolved.from.map(|k| k.to_string()),
            to: resolved.to.map(|k| k.to_string()),
            parts: resolved.parts.into_iter().collect(),
            documents,
            pieces,
        }
    }
}

/// Parts analysed when a filter names none: what people said and wrote,
/// not labels or page furniture.
pub const DEFAULT_PARTS: &[&str] = &["lead", "narration", "speech"];

impl Store {
    /// A saved subcorpus definition (`stenogram subcorpus save NAME SPEC`).
    pub fn saved_subcorpus(&self, name: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        match self
            .db
            .query_row("SELECT spec FROM subcorpora WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()
        {
            Ok(spec) => Ok(spec),
            // A store older than saved subcorpora has none.
            Err(rusqlite::Error::SqliteFailure(..)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Saves (or replaces) a named subcorpus definition.
    pub fn save_subcorpus(&self, name: &str, spec: &str) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO subcorpora (name, spec) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET spec = excluded.spec",
            [name, spec],
        )?;
        Ok(())
    }

    /// Every saved subcorpus: (name, spec).
    pub fn saved_subcorpora(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = match self
            .db
            .prepare("SELECT name, spec FROM subcorpora ORDER BY name")
        {
            Ok(stmt) => stmt,
            Err(rusqlite::Error::SqliteFailure(..)) => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Streams the pieces `filter` selects (default parts: lead, narration,
    /// speech) and returns the subcorpus description.
    pub fn for_each_piece(
        &self,
        filter: &Filter,
        f: &mut dyn FnMut(&PieceText),
    ) -> Result<SubcorpusInfo, StoreError> {
        let mut filter_parts = filter.clone();
        if filter_parts.parts.is_empty() {
            filter_parts.parts = DEFAULT_PARTS.iter().map(|s| s.to_string()).collect();
        }
        let resolved = self.resolve(&filter_parts)?;
        let mut sql = String::from(
            "SELECT p.doc_id, d.date, t.person_id, p.start, p.end
             FROM paragraphs p JOIN documents d ON d.id = p.doc_id
             LEFT JOIN turns t ON t.doc_id = p.doc_id AND t.idx = p.turn_idx
             WHERE 1 = 1",
        );
        let mut args: Vec<String> = Vec::new();
        push_in(
            &mut sql,
            &mut args,
            "p.part",
            resolved.parts.iter().cloned(),
        );
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
        crate::filter::push_tags(&mut sql, &mut args, &filter.tags);
        sql.push_str(" ORDER BY p.doc_id, p.idx");
        let mut stmt = self.db.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        let mut documents = 0u64;
        let mut pieces = 0u64;
        let mut last_doc = String::new();
        // The document's text, read once per document, sliced in Rust.
        let mut text_of = self
            .db
            .prepare_cached("SELECT text FROM documents WHERE id = ?1")?;
        let mut text = String::new();
        // (code points, bytes) walked so far in `text`.
        let mut cursor = (0usize, 0usize);
        while let Some(row) = rows.next()? {
            let date: Option<String> = row.get(1)?;
            if !resolved.admits(date.as_deref()) {
                continue;
            }
            let doc: String = row.get(0)?;
            if doc != last_doc {
                text = text_of.query_row([&doc], |r| r.get(0))?;
                documents += 1;
                last_doc.clone_from(&doc);
                cursor = (0, 0);
            }
            let start = row.get::<_, i64>(3)? as usize;
            let end = row.get::<_, i64>(4)? as usize;
            let b0 = advance_chars(&text, &mut cursor, start);
            let b1 = advance_chars(&text, &mut cursor, end);
            let piece = PieceText {
                doc,
                date,
                person: row.get(2)?,
                start,
                text: text.get(b0..b1).unwrap_or_default().to_owned(),
            };
            pieces += 1;
            f(&piece);
        }
        Ok(SubcorpusInfo::new(filter, resolved, documents, pieces))
    }
}

/// A subcorpus spec as a filter: `speaker=putin,role=president,from=2014,
/// to=2016,part=speech,tag=Energy` (repeat a key for several values). A
/// saved name (`@name`) is looked up with [`Store::subcorpus`].
pub fn parse_spec(spec: &str) -> Result<Filter, StoreError> {
    let mut filter = Filter::default();
    for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| StoreError::Query(format!("{pair:?} is not KEY=VALUE")))?;
        let value = value.trim().to_owned();
        match key.trim() {
            "speaker" => filter.speakers.push(value),
            "role" => filter.roles.push(value),
            "from" => filter.from = Some(value),
            "to" => filter.to = Some(value),
            "part" => filter.parts.push(value),
            "tag" => filter.tags.push(value),
            other => {
                return Err(StoreError::Query(format!(
                    "unknown key {other:?}: use speaker, role, from, to, part, tag"
                )))
            }
        }
    }
    Ok(filter)
}

impl Store {
    /// The filter a subcorpus spec means: `@name` looked up among the saved
    /// ones, anything else parsed by [`parse_spec`].
    pub fn subcorpus(&self, spec: &str) -> Result<Filter, StoreError> {
        let spec = match spec.trim().strip_prefix('@') {
            Some(name) => self.saved_subcorpus(name)?.ok_or_else(|| {
                StoreError::Query(format!(
                    "no saved subcorpus {name:?}; `stenogram subcorpus list` shows them"
                ))
            })?,
            None => spec.to_owned(),
        };
        parse_spec(&spec)
    }
}

#[cfg(test)]
mod spec_tests {
    use super::*;

    #[test]
    fn specs_read_every_key_and_reject_unknown_ones() {
        let filter = parse_spec("speaker=putin, from=2014,to=2016,part=speech,tag=Energy").unwrap();
        assert_eq!(filter.speakers, ["putin"]);
        assert_eq!(filter.from.as_deref(), Some("2014"));
        assert_eq!(filter.to.as_deref(), Some("2016"));
        assert_eq!(filter.parts, ["speech"]);
        assert_eq!(filter.tags, ["Energy"]);
        assert!(parse_spec("colour=red").unwrap_err().is_usage());
        assert!(parse_spec("speaker").unwrap_err().is_usage());
    }
}
