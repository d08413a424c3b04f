//! Filters shared by the query commands: speaker, role, date range, part.

use std::collections::BTreeSet;
use std::ops::Bound;

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermSetQuery};
use tantivy::Term;

use crate::index::{date_key, Fields};
use crate::pieces::Part;
use crate::{Store, StoreError};

/// What to restrict a query to. Empty lists restrict nothing.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Filter {
    /// Person ids or names ("vladimir-putin", "Putin", "Vladimir Putin").
    pub speakers: Vec<String>,
    /// Roles, matched as case-insensitive substrings ("president of russia").
    pub roles: Vec<String>,
    /// First date, inclusive: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last date, inclusive: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Parts of the text: lead, narration, label, speech, artefact.
    pub parts: Vec<String>,
    /// Document tags (a page's Geography / Topics / Persons, a dataset's
    /// `tags`), matched case-insensitively; a document must have them all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A filter resolved against the store: the exact ids and roles it means.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Resolved {
    pub persons: BTreeSet<String>,
    pub roles: BTreeSet<String>,
    pub from: Option<u64>,
    pub to: Option<u64>,
    pub parts: BTreeSet<String>,
    /// The documents with every wanted tag; `None` when no tag is wanted.
    #[serde(skip)]
    pub docs: Option<BTreeSet<String>>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.speakers.is_empty()
            && self.roles.is_empty()
            && self.from.is_none()
            && self.to.is_none()
            && self.parts.is_empty()
            && self.tags.is_empty()
    }
}

impl Store {
    /// Resolves names to person ids and role fragments to roles, failing
    /// with a usage error when one matches nothing.
    pub(crate) fn resolve(&self, filter: &Filter) -> Result<Resolved, StoreError> {
        let mut resolved = Resolved::default();
        for wanted in &filter.speakers {
            let ids = self.persons_matching(wanted)?;
            if ids.is_empty() {
                return Err(StoreError::Query(format!(
                    "no speaker matches {wanted:?}; `stenogram speakers` lists them"
                )));
            }
            resolved.persons.extend(ids);
        }
        for wanted in &filter.roles {
            let mut stmt = self.db.prepare_cached(
                "SELECT DISTINCT role FROM roles WHERE instr(lower(role), lower(?1)) > 0",
            )?;
            let roles = stmt
                .query_map([wanted.trim()], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            if roles.is_empty() {
                return Err(StoreError::Query(format!(
                    "no role matches {wanted:?}; `stenogram speakers` lists them"
                )));
            }
            resolved.roles.extend(roles);
        }
        resolved.from = filter
            .from
            .as_deref()
            .map(|d| bound_key(d, false))
            .transpose()?;
        resolved.to = filter
            .to
            .as_deref()
            .map(|d| bound_key(d, true))
            .transpose()?;
        for part in &filter.parts {
            if Part::parse(part).is_none() {
                return Err(StoreError::Query(format!(
                    "unknown part {part:?}: use lead, narration, label, speech or artefact"
                )));
            }
            resolved.parts.insert(part.clone());
        }
        if !filter.tags.is_empty() {
            let mut sql = String::from("SELECT id FROM documents d WHERE 1 = 1");
            let mut args = Vec::new();
            push_tags(&mut sql, &mut args, &filter.tags);
            let mut stmt = self.db.prepare(&sql)?;
            let docs = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                    r.get::<_, String>(0)
                })?
                .collect::<Result<BTreeSet<_>, _>>()?;
            resolved.docs = Some(docs);
        }
        Ok(resolved)
    }

    /// Person ids for an id, a full name or a name part ("Putin").
    pub(crate) fn persons_matching(&self, wanted: &str) -> Result<Vec<String>, StoreError> {
        let wanted = wanted.trim();
        let mut exact = self.db.prepare_cached(
            "SELECT id FROM persons WHERE id = ?1 OR lower(name) = lower(?1) ORDER BY turns DESC",
        )?;
        let ids = exact
            .query_map([wanted], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if !ids.is_empty() {
            return Ok(ids);
        }
        // A whole word or words of the name.
        let mut partial = self.db.prepare_cached(
            "SELECT id FROM persons WHERE instr(' ' || lower(name) || ' ', ' ' || lower(?1) || ' ') > 0 ORDER BY turns DESC",
        )?;
        let ids = partial
            .query_map([wanted], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }
}

impl Resolved {
    /// Whether a document date lies in the `--from`/`--to` range (any date
    /// when none is given; an undated document only then).
    pub fn admits(&self, date: Option<&str>) -> bool {
        let key = date_key(date);
        let ranged = self.from.is_some() || self.to.is_some();
        // An undated document (key 0) lies in no range, as in the index's
        // date range query.
        !((ranged && key == 0)
            || self.from.is_some_and(|from| key < from)
            || self.to.is_some_and(|to| key > to))
    }

    /// The clauses that restrict index documents to this filter.
    pub fn clauses(&self, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let set = |field, values: &BTreeSet<String>| -> Box<dyn Query> {
            Box::new(TermSetQuery::new(
                values.iter().map(|v| Term::from_field_text(field, v)),
            ))
        };
        if !self.persons.is_empty() {
            clauses.push((Occur::Must, set(fields.person, &self.persons)));
        }
        if !self.roles.is_empty() {
            clauses.push((Occur::Must, set(fields.role, &self.roles)));
        }
        if !self.parts.is_empty() {
            clauses.push((Occur::Must, set(fields.part, &self.parts)));
        }
        if let Some(docs) = &self.docs {
            clauses.push((Occur::Must, set(fields.doc, docs)));
        }
        if self.from.is_some() || self.to.is_some() {
            let lower = Bound::Included(Term::from_field_u64(fields.date, self.from.unwrap_or(1)));
            let upper = match self.to {
                Some(to) => Bound::Included(Term::from_field_u64(fields.date, to)),
                None => Bound::Unbounded,
            };
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        clauses
    }

    /// `query` restricted by this filter.
    pub fn apply(&self, fields: &Fields, query: Box<dyn Query>) -> Box<dyn Query> {
        let mut clauses = self.clauses(fields);
        if clauses.is_empty() {
            return query;
        }
        clauses.insert(0, (Occur::Must, query));
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Appends ` AND column IN (?n, …)` for `values` to `sql`, their
/// parameters to `args`; nothing when `values` is empty.
pub(crate) fn push_in(
    sql: &mut String,
    args: &mut Vec<String>,
    column: &str,
    values: impl IntoIterator<Item = String>,
) {
    let marks: Vec<String> = values
        .into_iter()
        .map(|v| {
            args.push(v);
            format!("?{}", args.len())
        })
        .collect();
    if !marks.is_empty() {
        sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
    }
}

/// Appends one condition per tag: the document `d` has it among its
/// metadata `tags` (any depth, case-insensitive).
pub(crate) fn push_tags(sql: &mut String, args: &mut Vec<String>, tags: &[String]) {
    for tag in tags {
        args.push(tag.clone());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM json_tree(d.metadata, '$.tags') WHERE type = 'text' AND lower(value) = lower(?{}))",
            args.len()
        ));
    }
}

/// The date key of a `--from` (start of the period) or `--to` (its end).
fn bound_key(date: &str, end: bool) -> Result<u64, StoreError> {
    let normal = stenogram_sources::normalise_date(date).ok_or_else(|| {
        StoreError::Query(format!(
            "{date:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        ))
    })?;
    let key = date_key(Some(&normal));
    Ok(match (normal.len(), end) {
        (4, true) => key + 1299,
        (7, true) => key + 99,
        _ => key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_cover_their_whole_span() {
        assert_eq!(bound_key("2010", false).unwrap(), 20100000);
        assert_eq!(bound_key("2010", true).unwrap(), 20101299);
        assert_eq!(bound_key("2010-05", true).unwrap(), 20100599);
        assert_eq!(bound_key("2010-05-09", true).unwrap(), 20100509);
        assert!(bound_key("May 2010", false).unwrap_err().is_usage());
    }

    #[test]
    fn undated_documents_lie_in_no_date_range() {
        let mut resolved = Resolved::default();
        assert!(resolved.admits(None));
        resolved.to = Some(bound_key("2003", true).unwrap());
        assert!(!resolved.admits(None));
        assert!(resolved.admits(Some("2003-12-31")));
        assert!(!resolved.admits(Some("2004-01-01")));
        resolved.to = None;
        resolved.from = Some(bound_key("2003", false).unwrap());
        assert!(!resolved.admits(None));
        assert!(resolved.admits(Some("2003")));
    }
}
