//! A data directory from Python: ingest, and the queries of the CLI
//! (search, kwic, claims, conflicts, trends, keyness, status) through the
//! same library calls, each answering with the rows the CLI prints with
//! `--format json`, as JSON.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use pyo3::prelude::*;
use stenogram_analysis::measures::Period;
use stenogram_analysis::reports;
use stenogram_store::{
    ClaimFilter, Filter, IngestOptions, KwicHit, KwicOptions, KwicSort, SearchOptions,
};

use crate::{json_error, store_error, StenogramError, UsageError};

/// The filters shared by the queries (`--speaker`, `--role`, `--from`,
/// `--to`, `--part`, `--tag`), from a dict with all six keys (the Python
/// package always passes them).
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct FilterArg {
    speakers: Vec<String>,
    roles: Vec<String>,
    from: Option<String>,
    to: Option<String>,
    parts: Vec<String>,
    tags: Vec<String>,
}

impl FilterArg {
    fn filter(self) -> Filter {
        Filter {
            speakers: self.speakers,
            roles: self.roles,
            from: self.from,
            to: self.to,
            parts: self.parts,
            tags: self.tags,
        }
    }
}

/// `Belarus+Russia` and `["Belarus", "Russia"]` alike: the countries, trimmed.
fn scope_list(scope: Vec<String>) -> Vec<String> {
    scope
        .iter()
        .flat_map(|s| s.split('+'))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Adds documents to a data directory (created if needed), as `stenogram
/// ingest PATH... --format json`: the summary as JSON.
#[pyfunction]
#[pyo3(signature = (data, paths, map=None))]
pub fn ingest(
    py: Python<'_>,
    data: PathBuf,
    paths: Vec<PathBuf>,
    map: Option<&str>,
) -> PyResult<String> {
    let map = match map {
        Some(spec) => stenogram_sources::FieldMap::parse(spec).map_err(UsageError::new_err)?,
        None => Default::default(),
    };
    if paths.is_empty() {
        return Err(UsageError::new_err(
            "nothing to ingest: give one or more paths",
        ));
    }
    py.detach(move || {
        let mut store = stenogram_store::Store::open_write(&data).map_err(store_error)?;
        let options = IngestOptions {
            read: stenogram_sources::ReadOptions { map },
            ..IngestOptions::default()
        };
        let summary = store.ingest(&paths, &options, &()).map_err(store_error)?;
        serde_json::to_string(&summary).map_err(json_error)
    })
}

/// A stenogram data directory, opened read-only.
#[pyclass(module = "stenogram._native", name = "Store", frozen)]
pub struct Store {
    inner: Mutex<stenogram_store::Store>,
    path: PathBuf,
}

impl Store {
    fn store(&self) -> MutexGuard<'_, stenogram_store::Store> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[pymethods]
impl Store {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let store = py
            .detach(|| stenogram_store::Store::open_read(&path))
            .map_err(store_error)?;
        Ok(Store {
            inner: Mutex::new(store),
            path,
        })
    }

    /// The data directory.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// Ranked hits as JSON and the total number of matching passages.
    #[pyo3(signature = (query, filter, limit=20, offset=0))]
    fn search(
        &self,
        py: Python<'_>,
        query: String,
        filter: FilterArg,
        limit: usize,
        offset: usize,
    ) -> PyResult<(String, u64)> {
        let options = SearchOptions {
            query,
            filter: filter.filter(),
            limit,
            offset,
        };
        py.detach(|| {
            let (hits, total) = self.store().search(&options).map_err(store_error)?;
            Ok((serde_json::to_string(&hits).map_err(json_error)?, total))
        })
    }

    /// Every occurrence as JSON, with the totals (hits, documents).
    #[pyo3(signature = (term, filter, context=stenogram_store::DEFAULT_CONTEXT, sort="date"))]
    fn kwic(
        &self,
        py: Python<'_>,
        term: String,
        filter: FilterArg,
        context: usize,
        sort: &str,
    ) -> PyResult<(String, u64, u64)> {
        let sort = match sort {
            "date" => KwicSort::Date,
            "left" => KwicSort::Left,
            "right" => KwicSort::Right,
            other => {
                return Err(UsageError::new_err(format!(
                    "sort {other:?} is not one of date, left, right"
                )))
            }
        };
        let options = KwicOptions {
            term,
            filter: filter.filter(),
            context,
            sort,
        };
        py.detach(|| {
            let mut out = b"[".to_vec();
            let mut first = true;
            let mut failed = None;
            let mut sink = |hit: &KwicHit| -> bool {
                if !first {
                    out.push(b',');
                }
                first = false;
                match serde_json::to_writer(&mut out, hit) {
                    Ok(()) => true,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                }
            };
            let totals = self
                .store()
                .kwic(&options, &mut sink)
                .map_err(store_error)?;
            if let Some(e) = failed {
                return Err(json_error(e));
            }
            out.push(b']');
            // serde_json writes UTF-8.
            let json =
                String::from_utf8(out).map_err(|e| StenogramError::new_err(e.to_string()))?;
            Ok((json, totals.total, totals.documents))
        })
    }

    /// Claims as JSON, in date and text order.
    #[pyo3(signature = (indicators, scope, filter, limit=None))]
    fn claims(
        &self,
        py: Python<'_>,
        indicators: Vec<String>,
        scope: Vec<String>,
        filter: FilterArg,
        limit: Option<usize>,
    ) -> PyResult<String> {
        let filter = ClaimFilter {
            indicators,
            scope: scope_list(scope),
            filter: filter.filter(),
            ..Default::default()
        };
        py.detach(|| {
            let mut rows = self.store().claims(&filter).map_err(store_error)?;
            rows.truncate(limit.unwrap_or(usize::MAX));
            serde_json::to_string(&rows).map_err(json_error)
        })
    }

    /// Conflicting pairs at least `min_confidence` sure, as JSON, most
    /// certain first.
    #[pyo3(signature = (indicators, scope, filter, min_confidence=0.5, limit=None))]
    fn conflicts(
        &self,
        py: Python<'_>,
        indicators: Vec<String>,
        scope: Vec<String>,
        filter: FilterArg,
        min_confidence: f64,
        limit: Option<usize>,
    ) -> PyResult<String> {
        let filter = ClaimFilter {
            indicators,
            scope: scope_list(scope),
            filter: filter.filter(),
            ..Default::default()
        };
        py.detach(|| {
            let mut conflicts = self.store().conflicts(&filter).map_err(store_error)?;
            conflicts.retain(|c| c.confidence >= min_confidence);
            conflicts.truncate(limit.unwrap_or(usize::MAX));
            serde_json::to_string(&conflicts).map_err(json_error)
        })
    }

    /// The trends report as JSON: `{"subcorpus", "by", "rows"}`.
    #[pyo3(signature = (terms, filter, by="year"))]
    fn trends(
        &self,
        py: Python<'_>,
        terms: Vec<String>,
        filter: FilterArg,
        by: &str,
    ) -> PyResult<String> {
        let by = match by {
            "year" => Period::Year,
            "month" => Period::Month,
            other => {
                return Err(UsageError::new_err(format!(
                    "by {other:?} is not one of year, month"
                )))
            }
        };
        if terms.is_empty() {
            return Err(UsageError::new_err("trends needs one or more terms"));
        }
        let filter = filter.filter();
        py.detach(|| {
            let report =
                reports::trends(&self.store(), &terms, &filter, by).map_err(store_error)?;
            serde_json::to_string(&report).map_err(json_error)
        })
    }

    /// The keyness report as JSON: `{"target", "reference",
    /// "reference_is_rest", "total", "rows"}`.
    #[pyo3(signature = (target, reference=None, min_freq=5, stopwords=false, negative=false, limit=50))]
    #[allow(clippy::too_many_arguments)]
    fn keyness(
        &self,
        py: Python<'_>,
        target: String,
        reference: Option<String>,
        min_freq: u64,
        stopwords: bool,
        negative: bool,
        limit: usize,
    ) -> PyResult<String> {
        let options = reports::KeynessOptions {
            target,
            reference,
            exclude_target: false,
            min_freq,
            stopwords,
            negative,
            limit,
        };
        py.detach(|| {
            let report = reports::keyness(&self.store(), &options).map_err(store_error)?;
            serde_json::to_string(&report).map_err(json_error)
        })
    }

    /// Counts and consistency, as `stenogram status --format json`.
    fn status(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| {
            let status = self.store().status().map_err(store_error)?;
            serde_json::to_string(&status).map_err(json_error)
        })
    }

    fn __repr__(&self) -> String {
        format!("Store({:?})", self.path.display().to_string())
    }
}
