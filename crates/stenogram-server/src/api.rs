//! The JSON API (`/api/v1/…`): every answer is one of the library's row
//! types (the same the CLI prints with `--format json`), wrapped with the
//! corpus version and, for lists, the exact total and the next page.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use stenogram_analysis::measures::{KeyRow, Period};
use stenogram_analysis::reports::{
    self, CollocatesReport, KeynessOptions, KeynessReport, ReuseReport, TrendsReport,
};
use stenogram_analysis::reuse::ReuseOptions;
use stenogram_store::{
    ClaimFilter, ClaimRow, CorpusVersion, DocumentSummary, DocumentView, Facets, Group, Kwic,
    KwicHit, KwicOptions, KwicSort, SearchHit, SearchOptions, SpeakerRow, Status, Store, YearCount,
};

use crate::error::ApiError;
use crate::params::{Params, MAX_CONTEXT, MAX_LIMIT, MAX_OFFSET, MAX_TERMS};
use crate::state::{Cost, SharedState};

/// A page of a list.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Page<T> {
    pub version: CorpusVersion,
    /// Every matching row, not only this page.
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    /// The URL of the following page, if there is one.
    pub next: Option<String>,
    pub items: Vec<T>,
}

/// A page of search hits with facet counts over all of them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SearchPage {
    #[serde(flatten)]
    pub page: Page<SearchHit>,
    pub facets: Facets,
}

/// A page of a concordance.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct KwicPage {
    #[serde(flatten)]
    pub page: Page<KwicHit>,
    /// Documents with at least one hit.
    pub documents: u64,
}

/// The store's counts and its documents per year.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct StatusResponse {
    pub version: CorpusVersion,
    #[serde(flatten)]
    pub status: Status,
    pub years: Vec<YearCount>,
}

/// A stored document with its structure, figures and claims.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DocumentResponse {
    pub version: CorpusVersion,
    #[serde(flatten)]
    pub document: DocumentView,
}

/// A speaker: roles over time, documents, keywords against everyone else,
/// figures (answered as a [`Report`], with the corpus version).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SpeakerDetail {
    pub speaker: SpeakerRow,
    pub documents_total: u64,
    pub documents: Vec<DocumentSummary>,
    /// Words this speaker uses more than everyone else (speech only).
    pub keywords: Vec<KeyRow>,
    pub claims_total: u64,
    pub claims: Vec<ClaimRow>,
}

/// An analysis report with the corpus version.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Report<T> {
    pub version: CorpusVersion,
    #[serde(flatten)]
    pub report: T,
}

/// Answers with JSON, the version as ETag, or 304 when the client has it.
pub fn respond<T: Serialize>(headers: &HeaderMap, version: &CorpusVersion, body: &T) -> Response {
    let tag = format!("\"{}\"", version.tag());
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag))
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        stamp(&mut response, version);
        return response;
    }
    let mut response = axum::Json(body).into_response();
    stamp(&mut response, version);
    response
}

/// The version headers of every answer from the store.
pub fn stamp(response: &mut Response, version: &CorpusVersion) {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("\"{}\"", version.tag())) {
        headers.insert(header::ETAG, value);
    }
    if let Ok(value) = HeaderValue::from_str(&version.tag()) {
        headers.insert("x-stenogram-version", value);
    }
}

fn next_link(
    path: &str,
    params: &Params,
    offset: usize,
    limit: usize,
    total: u64,
) -> Option<String> {
    crate::params::Pager::new(path, params, offset, limit, total).next
}

/// A query's params parsed into options, or the 400.
pub fn search_options(params: &Params) -> Result<SearchOptions, ApiError> {
    Ok(SearchOptions {
        query: params.text("q")?,
        filter: params.filter()?,
        limit: params.number("limit", 20, MAX_LIMIT)?,
        offset: params.number("offset", 0, MAX_OFFSET)?,
    })
}

pub fn kwic_options(params: &Params) -> Result<KwicOptions, ApiError> {
    Ok(KwicOptions {
        term: params.text("q")?,
        filter: params.filter()?,
        context: params.number("context", stenogram_store::DEFAULT_CONTEXT, MAX_CONTEXT)?,
        sort: match params.choice("sort", &["date", "left", "right"])? {
            "left" => KwicSort::Left,
            "right" => KwicSort::Right,
            _ => KwicSort::Date,
        },
    })
}

pub fn claim_filter(params: &Params) -> Result<ClaimFilter, ApiError> {
    Ok(ClaimFilter {
        indicators: params.all("indicator"),
        scope: params
            .all("scope")
            .iter()
            .flat_map(|s| s.split('+'))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        docs: Vec::new(),
        filter: params.filter()?,
    })
}

/// Runs the search with facets.
pub fn run_search(
    store: &Store,
    options: &SearchOptions,
) -> Result<(Vec<SearchHit>, u64, Facets), ApiError> {
    Ok(store.search_with_facets(options, true)?)
}

/// One page of a concordance and its totals. In date order the
/// concordance stops after the page, and the totals come from the index
/// ([`Store::hit_counts`]), so a page never reads the text past itself.
pub fn run_kwic(
    store: &Store,
    options: &KwicOptions,
    offset: usize,
    limit: usize,
) -> Result<(Vec<KwicHit>, Kwic), ApiError> {
    let mut seen = 0usize;
    let mut items = Vec::with_capacity(limit.min(1024));
    let streamed = options.sort == KwicSort::Date;
    let end = offset.saturating_add(limit);
    let totals = store.kwic(options, &mut |hit| {
        if seen >= offset && items.len() < limit {
            items.push(hit.clone());
        }
        seen += 1;
        !streamed || seen < end
    })?;
    if !streamed {
        return Ok((items, totals));
    }
    let counts = store.hit_counts(&options.term, &options.filter, Group::None)?;
    Ok((
        items,
        Kwic {
            total: counts.total,
            documents: counts.documents,
        },
    ))
}

pub async fn status(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    let result = state
        .run(Cost::Light, |store| {
            Ok((store.status()?, store.documents_per_year()?))
        })
        .await;
    match result {
        Ok(((status, years), version)) => respond(
            &headers,
            &version,
            &StatusResponse {
                version: version.clone(),
                status,
                years,
            },
        ),
        Err(e) => e.into_response(),
    }
}

pub async fn search(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::parse(query.as_deref());
    let options = match search_options(&params) {
        Ok(o) => o,
        Err(e) => return e.into_response(),
    };
    let (offset, limit) = (options.offset, options.limit);
    match state
        .run(Cost::Light, move |store| run_search(store, &options))
        .await
    {
        Ok(((items, total, facets), version)) => respond(
            &headers,
            &version,
            &SearchPage {
                page: Page {
                    version: version.clone(),
                    total,
                    offset,
                    limit,
                    next: next_link("/api/v1/search", &params, offset, limit, total),
                    items,
                },
                facets,
            },
        ),
        Err(e) => e.into_response(),
    }
}

pub async fn kwic(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::parse(query.as_deref());
    let parsed = kwic_options(&params).and_then(|o| {
        Ok((
            o,
            params.number("offset", 0, MAX_OFFSET)?,
            params.number("limit", 100, MAX_LIMIT)?,
        ))
    });
    let (options, offset, limit) = match parsed {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    match state
        .run(Cost::Heavy, move |store| {
            run_kwic(store, &options, offset, limit)
        })
        .await
    {
        Ok(((items, totals), version)) => respond(
            &headers,
            &version,
            &KwicPage {
                page: Page {
                    version: version.clone(),
                    total: totals.total,
                    offset,
                    limit,
                    next: next_link("/api/v1/kwic", &params, offset, limit, totals.total),
                    items,
                },
                documents: totals.documents,
            },
        ),
        Err(e) => e.into_response(),
    }
}

pub async fn document(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = state
        .run(Cost::Light, move |store| {
            store
                .document(&id)?
                .ok_or_else(|| ApiError::NotFound(format!("no document {id:?}")))
        })
        .await;
    match result {
        Ok((document, version)) => respond(
            &headers,
            &version,
            &DocumentResponse {
                version: version.clone(),
                document,
            },
        ),
        Err(e) => e.into_response(),
    }
}

pub async fn speakers(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::parse(query.as_deref());
    let parsed = (|| {
        Ok::<_, ApiError>((
            params.number("offset", 0, MAX_OFFSET)?,
            params.number("limit", 100, MAX_LIMIT)?,
            params.all("speaker"),
        ))
    })();
    let (offset, limit, wanted) = match parsed {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    match state
        .run(Cost::Light, move |store| Ok(store.speakers(&wanted, None)?))
        .await
    {
        Ok((rows, version)) => {
            let total = rows.len() as u64;
            let items = rows.into_iter().skip(offset).take(limit).collect();
            respond(
                &headers,
                &version,
                &Page {
                    version: version.clone(),
                    total,
                    offset,
                    limit,
                    next: next_link("/api/v1/speakers", &params, offset, limit, total),
                    items,
                },
            )
        }
        Err(e) => e.into_response(),
    }
}

/// Everything the speaker page and `/api/v1/speakers/{id}` show.
pub fn speaker_detail(store: &Store, id: &str) -> Result<SpeakerDetail, ApiError> {
    let speaker = store
        .speakers(&[], None)?
        .into_iter()
        .find(|s| s.person == id)
        .ok_or_else(|| ApiError::NotFound(format!("no speaker {id:?}")))?;
    let (documents, documents_total) = store.documents_of_speaker(id, 50, 0)?;
    let keywords = reports::keyness(
        store,
        &KeynessOptions {
            target: format!("speaker={id},part=speech"),
            reference: Some("part=speech".to_owned()),
            exclude_target: true,
            min_freq: 5,
            stopwords: true,
            negative: false,
            limit: 30,
        },
    )
    .map(|r| r.rows)
    .unwrap_or_default();
    let claims = store.claims(&ClaimFilter {
        filter: stenogram_store::Filter {
            speakers: vec![id.to_owned()],
            ..Default::default()
        },
        ..Default::default()
    })?;
    let claims_total = claims.len() as u64;
    Ok(SpeakerDetail {
        speaker,
        documents_total,
        documents,
        keywords,
        claims_total,
        claims: claims.into_iter().rev().take(100).collect(),
    })
}

pub async fn speaker(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    cached_report(&state, &headers, format!("speaker/{id}"), move |store| {
        speaker_detail(store, &id)
    })
    .await
}

/// A heavy report from the cache (or computed and cached), answered with
/// the corpus version as JSON and ETag.
async fn cached_report<T, F>(
    state: &SharedState,
    headers: &HeaderMap,
    key: String,
    run: F,
) -> Response
where
    T: Serialize + Send + Sync + 'static,
    F: FnOnce(&stenogram_store::Store) -> Result<T, ApiError> + Send + 'static,
{
    match state.run_cached(key, run).await {
        Ok((report, version)) => respond(
            headers,
            &version,
            &Report {
                version: version.clone(),
                report,
            },
        ),
        Err(e) => e.into_response(),
    }
}

fn page_of<T: Clone>(
    rows: &[T],
    params: &Params,
    path: &str,
    version: CorpusVersion,
) -> Result<Page<T>, ApiError> {
    let offset = params.number("offset", 0, MAX_OFFSET)?;
    let limit = params.number("limit", 100, MAX_LIMIT)?;
    let total = rows.len() as u64;
    Ok(Page {
        version,
        total,
        offset,
        limit,
        next: next_link(path, params, offset, limit, total),
        items: rows.iter().skip(offset).take(limit).cloned().collect(),
    })
}

pub async fn claims(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    list_claims(state, query, headers, "/api/v1/claims", false).await
}

pub async fn series(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    list_claims(state, query, headers, "/api/v1/series", true).await
}

async fn list_claims(
    state: SharedState,
    query: Option<String>,
    headers: HeaderMap,
    path: &'static str,
    series: bool,
) -> Response {
    let params = Params::parse(query.as_deref());
    let filter = match claim_filter(&params) {
        Ok(f) if series && f.indicators.len() != 1 => {
            return ApiError::BadParameter(
                "a series needs exactly one indicator (and usually a scope)".into(),
            )
            .into_response()
        }
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    match state
        .run(Cost::Light, move |store| Ok(store.claims(&filter)?))
        .await
        .and_then(|(rows, version)| Ok((page_of(&rows, &params, path, version.clone())?, version)))
    {
        Ok((page, version)) => respond(&headers, &version, &page),
        Err(e) => e.into_response(),
    }
}

pub async fn conflicts(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = Params::parse(query.as_deref());
    let filter = match claim_filter(&params) {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    match state
        .run(Cost::Light, move |store| Ok(store.conflicts(&filter)?))
        .await
        .and_then(|(rows, version)| {
            Ok((
                page_of(&rows, &params, "/api/v1/conflicts", version.clone())?,
                version,
            ))
        }) {
        Ok((page, version)) => respond(&headers, &version, &page),
        Err(e) => e.into_response(),
    }
}

/// The terms of a trends request: every `q` (and `term`), each bounded.
pub fn trend_terms(params: &Params) -> Result<Vec<String>, ApiError> {
    let mut terms = params.all("q");
    terms.extend(params.all("term"));
    if terms.is_empty() {
        return Err(ApiError::BadParameter(
            "the parameter \"q\" is required (repeat it for several terms)".into(),
        ));
    }
    if terms.len() > MAX_TERMS {
        return Err(ApiError::BadParameter(format!("at most {MAX_TERMS} terms")));
    }
    for t in &terms {
        if t.chars().count() > crate::params::MAX_QUERY_CHARS {
            return Err(ApiError::BadParameter("a term is too long".into()));
        }
    }
    Ok(terms)
}

pub fn run_trends(store: &Store, params: &Params) -> Result<TrendsReport, ApiError> {
    let terms = trend_terms(params)?;
    let by = match params.choice("by", &["year", "month"])? {
        "month" => Period::Month,
        _ => Period::Year,
    };
    Ok(reports::trends(store, &terms, &params.filter()?, by)?)
}

pub fn keyness_options(params: &Params) -> Result<KeynessOptions, ApiError> {
    Ok(KeynessOptions {
        target: params.text("target")?,
        reference: params.opt_text("reference")?,
        exclude_target: false,
        min_freq: params.number("min_freq", 5, 1_000_000)? as u64,
        stopwords: params.flag("stopwords")?,
        negative: params.flag("negative")?,
        limit: params.number("limit", 50, MAX_LIMIT)?,
    })
}

pub fn run_keyness(store: &Store, params: &Params) -> Result<KeynessReport, ApiError> {
    Ok(reports::keyness(store, &keyness_options(params)?)?)
}

pub fn run_collocates(store: &Store, params: &Params) -> Result<CollocatesReport, ApiError> {
    let term = params.text("q")?;
    let sort = match params.choice("sort", &["ll", "mi", "t"])? {
        "mi" => reports::CollocateSort::Mi,
        "t" => reports::CollocateSort::T,
        _ => reports::CollocateSort::Ll,
    };
    Ok(reports::collocates(
        store,
        &term,
        &params.filter()?,
        params.number("window", 5, 50)?,
        params.number("min_freq", 3, 1_000_000)? as u64,
        sort,
        params.number("limit", 50, MAX_LIMIT)?,
    )?)
}

pub fn run_reuse(store: &Store, params: &Params) -> Result<ReuseReport, ApiError> {
    let defaults = ReuseOptions::default();
    let options = ReuseOptions {
        ngram: params.number("ngram", defaults.ngram, 50)?.max(1),
        min_words: params.number("min_words", defaults.min_words, 500)?,
        min_documents: params.number("min_documents", defaults.min_documents, 1_000_000)?,
        max_document_share: params.decimal("max_share", defaults.max_document_share, 0.0, 1.0)?,
        ..defaults
    };
    let limit = params.number("limit", 30, MAX_LIMIT)?;
    let mut report = reports::reuse(store, &params.filter()?, &options)?;
    report.clusters.truncate(limit);
    Ok(report)
}

/// The four analyses share one shape of handler.
macro_rules! analysis_handler {
    ($name:ident, $run:ident) => {
        pub async fn $name(
            State(state): State<SharedState>,
            RawQuery(query): RawQuery,
            headers: HeaderMap,
        ) -> Response {
            let params = Params::parse(query.as_deref());
            let key = format!("{}?{}", stringify!($name), params.without(&[]));
            cached_report(&state, &headers, key, move |store| $run(store, &params)).await
        }
    };
}

analysis_handler!(trends, run_trends);
analysis_handler!(keyness, run_keyness);
analysis_handler!(collocates, run_collocates);
analysis_handler!(reuse, run_reuse);

/// Unknown API paths.
pub async fn not_found() -> Response {
    ApiError::NotFound("no such API route; see /api/v1/openapi.json".into()).into_response()
}
