//! The speaker list: persons with their roles over time.

use serde::Serialize;

use crate::{Store, StoreError};

/// A role a person spoke in, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoleSpan {
    pub role: String,
    pub turns: u64,
    pub documents: u64,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// A person who speaks in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SpeakerRow {
    pub person: String,
    pub name: String,
    pub turns: u64,
    pub words: u64,
    pub documents: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Roles in order of first use.
    pub roles: Vec<RoleSpan>,
}

impl Store {
    /// Persons, most turns first; restricted to `wanted` (ids or names) when given.
    pub fn speakers(
        &self,
        wanted: &[String],
        limit: Option<usize>,
    ) -> Result<Vec<SpeakerRow>, StoreError> {
        let mut only = std::collections::HashSet::new();
        for w in wanted {
            let ids = self.persons_matching(w)?;
            if ids.is_empty() {
                return Err(StoreError::Query(format!("no speaker matches {w:?}")));
            }
            only.extend(ids);
        }
        let mut persons = self.db.prepare_cached(
            "SELECT id, name, turns, words, documents, first_date, last_date FROM persons
             ORDER BY turns DESC, id",
        )?;
        let mut roles = self.db.prepare_cached(
            "SELECT role, turns, documents, first_date, last_date FROM roles WHERE person_id = ?1
             ORDER BY first_date IS NULL, first_date, role",
        )?;
        let mut out = Vec::new();
        let rows = persons.query_map([], |r| {
            Ok(SpeakerRow {
                person: r.get(0)?,
                name: r.get(1)?,
                turns: r.get::<_, i64>(2)? as u64,
                words: r.get::<_, i64>(3)? as u64,
                documents: r.get::<_, i64>(4)? as u64,
                first: r.get(5)?,
                last: r.get(6)?,
                roles: Vec::new(),
            })
        })?;
        for row in rows {
            let mut row = row?;
            if !only.is_empty() && !only.contains(&row.person) {
                continue;
            }
            row.roles = roles
                .query_map([&row.person], |r| {
                    Ok(RoleSpan {
                        role: r.get(0)?,
                        turns: r.get::<_, i64>(1)? as u64,
                        documents: r.get::<_, i64>(2)? as u64,
                        first: r.get(3)?,
                        last: r.get(4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            out.push(row);
            if limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
        Ok(out)
    }
}
