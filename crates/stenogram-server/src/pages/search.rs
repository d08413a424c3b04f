//! The search page (ranked hits with facets) and the KWIC page (the
//! complete concordance, a page at a time, with downloads of all of it).

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use stenogram_store::{Facets, KwicHit, SearchHit};

use super::Pager;
use super::{render, snippet_pieces, FilterView, Frame, Helpers, Link, PageError, Piece};
use crate::api::{kwic_options, run_kwic, run_search, search_options};
use crate::params::{Params, MAX_LIMIT, MAX_OFFSET};
use crate::state::{Cost, SharedState};

/// A facet value with the link that narrows the search to it.
struct FacetLink {
    facet: &'static str,
    value: String,
    label: String,
    count: u64,
    href: String,
}

struct HitView {
    hit: SearchHit,
    pieces: Vec<Piece>,
    link: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    frame: Frame,
    q: String,
    fv: FilterView,
    total: u64,
    from: usize,
    to: usize,
    hits: Vec<HitView>,
    facets: Vec<(&'static str, Vec<FacetLink>)>,
    pager: Pager,
    query_string: String,
    error: Option<String>,
}

impl Helpers for SearchPage {}

fn facet_links(params: &Params, facets: &Facets) -> Vec<(&'static str, Vec<FacetLink>)> {
    let speakers = facets
        .speakers
        .iter()
        .take(15)
        .map(|f| FacetLink {
            facet: "speaker",
            value: f.value.clone(),
            label: if f.label.is_empty() {
                f.value.clone()
            } else {
                f.label.clone()
            },
            count: f.count,
            href: format!("/search?{}", params.adding("speaker", &f.value)),
        })
        .collect();
    let years = facets
        .years
        .iter()
        .filter(|f| f.value != "undated")
        .map(|f| {
            let narrowed = Params::parse(Some(&params.with("from", &f.value)));
            FacetLink {
                facet: "year",
                value: f.value.clone(),
                label: f.label.clone(),
                count: f.count,
                href: format!("/search?{}", narrowed.with("to", &f.value)),
            }
        })
        .collect();
    let parts = facets
        .parts
        .iter()
        .map(|f| FacetLink {
            facet: "part",
            value: f.value.clone(),
            label: f.label.clone(),
            count: f.count,
            href: format!("/search?{}", params.adding("part", &f.value)),
        })
        .collect();
    vec![("Speaker", speakers), ("Year", years), ("Part", parts)]
}

pub async fn search(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let filter = params.filter()?;
    let fv = FilterView::of(&filter);
    let q = params.get("q").unwrap_or_default();
    let frame_title = if q.is_empty() {
        "Search".to_owned()
    } else {
        format!("{q} · search")
    };
    if q.is_empty() {
        let version = state.version().await?;
        let page = SearchPage {
            frame: Frame::new(frame_title, "search", &version),
            q,
            fv,
            total: 0,
            from: 0,
            to: 0,
            hits: Vec::new(),
            facets: Vec::new(),
            pager: Pager::none(),
            query_string: String::new(),
            error: None,
        };
        return render(&page, &version);
    }
    let mut options = search_options(&params)?;
    if params.get("limit").is_none() {
        options.limit = 20;
    }
    let (offset, limit) = (options.offset, options.limit);
    let run = {
        let options = options.clone();
        state
            .run(Cost::Light, move |store| run_search(store, &options))
            .await
    };
    let ((hits, total, facets), version, error) = match run {
        Ok((found, version)) => (found, version, None),
        Err(e @ crate::error::ApiError::BadParameter(_)) => {
            let version = state.version().await?;
            (
                (Vec::new(), 0, Facets::default()),
                version,
                Some(e.to_string()),
            )
        }
        Err(e) => return Err(e.into()),
    };
    let search = params.without(&["offset", "limit", "rank"]);
    let hits: Vec<HitView> = hits
        .into_iter()
        .enumerate()
        .map(|(i, hit)| HitView {
            pieces: snippet_pieces(&hit.snippet),
            link: result_link(&hit, &search, offset + i + 1),
            hit,
        })
        .collect();
    let page = SearchPage {
        frame: Frame::new(frame_title, "search", &version),
        fv,
        total,
        from: if hits.is_empty() { 0 } else { offset + 1 },
        to: offset + hits.len(),
        facets: facet_links(&params, &facets),
        pager: Pager::new("/search", &params, offset, limit, total),
        query_string: params.without(&["offset", "limit"]),
        hits,
        q,
        error,
    };
    render(&page, &version)
}

/// The document page of a search result: its query (so the words are
/// marked), its rank (for the previous and next result) and its span.
fn result_link(hit: &SearchHit, search: &str, rank: usize) -> String {
    format!(
        "/doc/{}?{search}&rank={rank}#c={}-{}",
        super::segment(&hit.doc),
        hit.start,
        hit.end
    )
}

/// `/search/hit?q=…&rank=N`: the N-th result of a search (1-based), as a
/// redirect to its place in its document; past the end, back to the search.
pub async fn result(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let rank = params.number("rank", 1, MAX_OFFSET)?.max(1);
    let mut options = search_options(&params)?;
    options.offset = rank - 1;
    options.limit = 1;
    let search = params.without(&["offset", "limit", "rank"]);
    let ((hits, _), _) = state
        .run(Cost::Light, move |store| Ok(store.search(&options)?))
        .await?;
    let to = match hits.first() {
        Some(hit) => result_link(hit, &search, rank),
        None => format!("/search?{search}"),
    };
    Ok(axum::response::Redirect::to(&to).into_response())
}

struct KwicRow {
    hit: KwicHit,
    link: String,
    cite: String,
}

#[derive(Template)]
#[template(path = "kwic.html")]
struct KwicPage {
    frame: Frame,
    q: String,
    fv: FilterView,
    sort: &'static str,
    context: usize,
    total: u64,
    documents: u64,
    from: usize,
    to: usize,
    rows: Vec<KwicRow>,
    sorts: Vec<Link>,
    pager: Pager,
    query_string: String,
    error: Option<String>,
}

impl Helpers for KwicPage {}

pub async fn kwic(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let filter = params.filter()?;
    let q = params.get("q").unwrap_or_default();
    let sort = params.choice("sort", &["date", "left", "right"])?;
    let offset = params.number("offset", 0, MAX_OFFSET)?;
    let limit = params.number("limit", 200, MAX_LIMIT)?;
    let context = params.number(
        "context",
        stenogram_store::DEFAULT_CONTEXT,
        crate::params::MAX_CONTEXT,
    )?;
    let sorts = ["date", "left", "right"]
        .into_iter()
        .map(|s| Link {
            href: format!(
                "/kwic?{}",
                Params::parse(Some(&params.with("sort", s))).without(&["offset"])
            ),
            label: s.to_owned(),
            current: s == sort,
        })
        .collect();
    let mut page = KwicPage {
        frame: Frame::new(
            if q.is_empty() {
                "KWIC".to_owned()
            } else {
                format!("{q} · KWIC")
            },
            "kwic",
            &Default::default(),
        ),
        fv: FilterView::of(&filter),
        sort,
        context,
        total: 0,
        documents: 0,
        from: 0,
        to: 0,
        rows: Vec::new(),
        sorts,
        pager: Pager::none(),
        query_string: params.without(&["offset", "limit"]),
        error: None,
        q: q.clone(),
    };
    if q.is_empty() {
        let version = state.version().await?;
        page.frame.version = version.tag();
        return render(&page, &version);
    }
    let options = kwic_options(&params)?;
    let run = state
        .run(Cost::Heavy, move |store| {
            run_kwic(store, &options, offset, limit)
        })
        .await;
    let version = match run {
        Ok(((hits, totals), version)) => {
            let q_enc = super::encode(&q);
            page.total = totals.total;
            page.documents = totals.documents;
            page.from = if hits.is_empty() { 0 } else { offset + 1 };
            page.to = offset + hits.len();
            page.rows = hits
                .into_iter()
                .map(|hit| KwicRow {
                    link: format!(
                        "/doc/{}?q={}#c={}-{}",
                        super::segment(&hit.doc),
                        q_enc,
                        hit.start,
                        hit.end
                    ),
                    cite: format!(
                        "/cite/{}/{}-{}",
                        super::segment(&hit.doc),
                        hit.start,
                        hit.end
                    ),
                    hit,
                })
                .collect();
            page.pager = Pager::new("/kwic", &params, offset, limit, totals.total);
            version
        }
        Err(e @ crate::error::ApiError::BadParameter(_)) => {
            page.error = Some(e.to_string());
            state.version().await?
        }
        Err(e) => return Err(e.into()),
    };
    page.frame.version = version.tag();
    render(&page, &version)
}
