//! Speakers and the analyses: the speaker list and a speaker's page,
//! trends (chart and the subcorpus it was measured on), keyness,
//! collocates and recurring passages.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use stenogram_analysis::reports::{CollocatesReport, KeynessReport, ReuseReport, TrendsReport};
use stenogram_store::SpeakerRow;

use super::claims::ClaimView;
use super::Pager;
use super::{render, FilterView, Frame, Helpers, PageError};
use crate::api::{
    run_collocates, run_keyness, run_reuse, run_trends, speaker_detail, SpeakerDetail,
};
use crate::charts;
use crate::error::ApiError;
use crate::params::{Params, MAX_OFFSET};
use crate::state::{Cost, SharedState};

#[derive(Template)]
#[template(path = "speakers.html")]
struct SpeakersPage {
    frame: Frame,
    total: usize,
    rows: Vec<SpeakerRow>,
    pager: Pager,
}

impl Helpers for SpeakersPage {}

pub async fn speakers(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let offset = params.number("offset", 0, MAX_OFFSET)?;
    let limit = params.number("limit", 100, 1000)?;
    let (rows, version) = state
        .run(Cost::Light, |store| Ok(store.speakers(&[], None)?))
        .await?;
    let total = rows.len();
    let page = SpeakersPage {
        frame: Frame::new("Speakers", "speakers", &version),
        total,
        rows: rows.into_iter().skip(offset).take(limit).collect(),
        pager: Pager::new("/speakers", &params, offset, limit, total as u64),
    };
    render(&page, &version)
}

#[derive(Template)]
#[template(path = "speaker.html")]
struct SpeakerPage {
    frame: Frame,
    detail: Arc<SpeakerDetail>,
    claims: Vec<ClaimView>,
}

impl Helpers for SpeakerPage {}

pub async fn speaker(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (detail, version) = state
        .run_cached(format!("speaker/{id}"), move |store| {
            speaker_detail(store, &id)
        })
        .await?;
    let claims = detail
        .claims
        .iter()
        .take(50)
        .cloned()
        .map(ClaimView::of)
        .collect();
    let page = SpeakerPage {
        frame: Frame::new(detail.speaker.name.clone(), "speakers", &version),
        detail,
        claims,
    };
    render(&page, &version)
}

#[derive(Template)]
#[template(path = "trends.html")]
struct TrendsPage {
    frame: Frame,
    fv: FilterView,
    terms: Vec<String>,
    by: &'static str,
    report: Option<Arc<TrendsReport>>,
    chart: String,
    subcorpus: String,
    error: Option<String>,
}

impl Helpers for TrendsPage {}

/// Runs an analysis; a bad parameter becomes a message on the page.
async fn analysis<T: Send + Sync + 'static>(
    state: &SharedState,
    name: &str,
    params: &Params,
    wanted: bool,
    run: fn(&stenogram_store::Store, &Params) -> Result<T, ApiError>,
) -> Result<
    (
        Option<Arc<T>>,
        stenogram_store::CorpusVersion,
        Option<String>,
    ),
    PageError,
> {
    if !wanted {
        return Ok((None, state.version().await?, None));
    }
    // The same key as the API's, so a page and its JSON share one answer.
    let key = format!("{name}?{}", params.without(&[]));
    let params = params.clone();
    match state
        .run_cached(key, move |store| run(store, &params))
        .await
    {
        Ok((report, version)) => Ok((Some(report), version, None)),
        Err(e @ ApiError::BadParameter(_)) => {
            Ok((None, state.version().await?, Some(e.to_string())))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn trends(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let filter = params.filter()?;
    let mut terms = params.all("q");
    terms.extend(params.all("term"));
    let by = params.choice("by", &["year", "month"])?;
    let (report, version, error) =
        analysis(&state, "trends", &params, !terms.is_empty(), run_trends).await?;
    let (chart, subcorpus) = match &report {
        Some(r) => (
            charts::trends(&terms, &r.rows, by),
            serde_json::to_string_pretty(&r.subcorpus).unwrap_or_default(),
        ),
        None => (String::new(), String::new()),
    };
    let page = TrendsPage {
        frame: Frame::new("Trends", "trends", &version),
        fv: FilterView::of(&filter),
        terms,
        by,
        report,
        chart,
        subcorpus,
        error,
    };
    render(&page, &version)
}

#[derive(Template)]
#[template(path = "keyness.html")]
struct KeynessPage {
    frame: Frame,
    target: String,
    reference: String,
    stopwords: bool,
    negative: bool,
    report: Option<Arc<KeynessReport>>,
    target_info: String,
    reference_info: String,
    error: Option<String>,
}

impl Helpers for KeynessPage {}

pub async fn keyness(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let target = params.get("target").unwrap_or_default();
    let (report, version, error) =
        analysis(&state, "keyness", &params, !target.is_empty(), run_keyness).await?;
    let describe = |v: &stenogram_analysis::reports::Subcorpus| {
        serde_json::to_string_pretty(v).unwrap_or_default()
    };
    let (target_info, reference_info) = match &report {
        Some(r) => (describe(&r.target), describe(&r.reference)),
        None => Default::default(),
    };
    let page = KeynessPage {
        frame: Frame::new("Keyness", "keyness", &version),
        target,
        reference: params.get("reference").unwrap_or_default(),
        stopwords: params.flag("stopwords").unwrap_or(false),
        negative: params.flag("negative").unwrap_or(false),
        report,
        target_info,
        reference_info,
        error,
    };
    render(&page, &version)
}

#[derive(Template)]
#[template(path = "collocates.html")]
struct CollocatesPage {
    frame: Frame,
    fv: FilterView,
    q: String,
    window: String,
    sort: &'static str,
    report: Option<Arc<CollocatesReport>>,
    info: String,
    error: Option<String>,
}

impl Helpers for CollocatesPage {}

pub async fn collocates(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let filter = params.filter()?;
    let q = params.get("q").unwrap_or_default();
    let sort = params.choice("sort", &["ll", "mi", "t"])?;
    let (report, version, error) =
        analysis(&state, "collocates", &params, !q.is_empty(), run_collocates).await?;
    let info = report
        .as_ref()
        .map(|r| {
            serde_json::to_string_pretty(
                &serde_json::json!({"subcorpus": r.subcorpus, "node": r.node}),
            )
            .unwrap_or_default()
        })
        .unwrap_or_default();
    let page = CollocatesPage {
        frame: Frame::new("Collocates", "collocates", &version),
        fv: FilterView::of(&filter),
        window: params.get("window").unwrap_or_else(|| "5".into()),
        q,
        sort,
        report,
        info,
        error,
    };
    render(&page, &version)
}

#[derive(Template)]
#[template(path = "reuse.html")]
struct ReusePage {
    frame: Frame,
    fv: FilterView,
    report: Option<Arc<ReuseReport>>,
    info: String,
    error: Option<String>,
}

impl Helpers for ReusePage {}

pub async fn reuse(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let filter = params.filter()?;
    let (report, version, error) = analysis(&state, "reuse", &params, true, run_reuse).await?;
    let info = report
        .as_ref()
        .map(|r| {
            serde_json::to_string_pretty(
                &serde_json::json!({"subcorpus": r.subcorpus, "settings": r.settings}),
            )
            .unwrap_or_default()
        })
        .unwrap_or_default();
    let page = ReusePage {
        frame: Frame::new("Talking points", "reuse", &version),
        fv: FilterView::of(&filter),
        report,
        info,
        error,
    };
    render(&page, &version)
}
