//! Claims (filters, a series chart for one indicator) and conflicts (both
//! figures side by side, with links to both passages).

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use stenogram_store::{ClaimRow, Conflict};

use super::{render, FilterView, Frame, Helpers, PageError, Pager};
use crate::api::claim_filter;
use crate::charts;
use crate::params::{Params, MAX_LIMIT, MAX_OFFSET};
use crate::state::{Cost, SharedState};

/// A claim's sentence split around its figure.
pub struct ClaimView {
    pub claim: ClaimRow,
    pub before: String,
    pub figure: String,
    pub after: String,
    /// `/doc/{id}#c=start-end`.
    pub passage: String,
    pub cite: String,
}

impl ClaimView {
    pub fn of(claim: ClaimRow) -> ClaimView {
        // The figure's own place in its sentence (the same words may occur twice).
        let at = claim.start.saturating_sub(claim.sentence_start);
        let len = claim.end.saturating_sub(claim.start);
        let byte = |chars: usize| {
            claim
                .sentence
                .char_indices()
                .nth(chars)
                .map_or(claim.sentence.len(), |(b, _)| b)
        };
        let (b0, b1) = (byte(at), byte(at + len));
        let (before, figure, after) = if claim.start >= claim.sentence_start
            && claim.sentence.get(b0..b1) == Some(claim.text.as_str())
        {
            (
                claim.sentence[..b0].to_owned(),
                claim.text.clone(),
                claim.sentence[b1..].to_owned(),
            )
        } else {
            (claim.sentence.clone(), String::new(), String::new())
        };
        ClaimView {
            passage: format!(
                "/doc/{}#c={}-{}",
                super::segment(&claim.doc),
                claim.start,
                claim.end
            ),
            cite: format!(
                "/cite/{}/{}-{}",
                super::segment(&claim.doc),
                claim.start,
                claim.end
            ),
            before,
            figure,
            after,
            claim,
        }
    }

    /// "over $51 billion".
    pub fn hedged(&self) -> String {
        self.claim.figure()
    }
}

#[derive(Template)]
#[template(path = "claims.html")]
struct ClaimsPage {
    frame: Frame,
    fv: FilterView,
    indicator: String,
    scope: String,
    total: usize,
    from: usize,
    rows: Vec<ClaimView>,
    chart: Option<Option<String>>,
    indicators: Vec<(String, usize)>,
    pager: Pager,
    query_string: String,
}

impl Helpers for ClaimsPage {}

/// A date as a fractional year (2019-07-01 → 2019.5).
fn year_of(date: &str) -> Option<f64> {
    let mut parts = date.split('-');
    let y: f64 = parts.next()?.parse().ok()?;
    let m: f64 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(7.0);
    let d: f64 = parts.next().and_then(|d| d.parse().ok()).unwrap_or(1.0);
    Some(y + (m - 1.0) / 12.0 + (d - 1.0) / 365.0)
}

pub async fn claims(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let mut filter = claim_filter(&params)?;
    let offset = params.number("offset", 0, MAX_OFFSET)?;
    let limit = params.number("limit", 100, MAX_LIMIT)?;
    let fv = FilterView::of(&filter.filter);
    // One query without the indicators: their counts are the choices
    // offered (within the other filters), and the rows are its subset.
    let wanted = std::mem::take(&mut filter.indicators);
    let (all, version) = state
        .run(Cost::Light, move |store| Ok(store.claims(&filter)?))
        .await?;
    let rows: Vec<ClaimRow> = all
        .iter()
        .filter(|c| wanted.is_empty() || wanted.contains(&c.indicator))
        .cloned()
        .collect();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for c in &all {
        *counts.entry(c.indicator.clone()).or_default() += 1;
    }
    let mut indicators: Vec<(String, usize)> = counts.into_iter().collect();
    indicators.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    indicators.truncate(40);
    let indicator = params.get("indicator").unwrap_or_default();
    // A series chart for one indicator, when it has dated claims to draw.
    let chart = (params.all("indicator").len() == 1).then(|| {
        let mut series: std::collections::BTreeMap<String, Vec<(f64, f64)>> = Default::default();
        for c in &rows {
            if let Some(x) = c.date.as_deref().and_then(year_of) {
                let key = format!(
                    "{} {}",
                    c.unit.as_deref().unwrap_or("count"),
                    if c.change { "change" } else { "level" }
                );
                series.entry(key).or_default().push((x, c.value));
            }
        }
        let series: Vec<(String, Vec<(f64, f64)>)> = series.into_iter().take(6).collect();
        (!series.is_empty()).then(|| {
            charts::points(
                &format!("{indicator}: claimed values by date of statement"),
                "value (unit in the legend)",
                &series,
            )
        })
    });
    let total = rows.len();
    let page = ClaimsPage {
        frame: Frame::new("Claims", "claims", &version),
        fv,
        scope: params.all("scope").join("+"),
        total,
        from: offset + 1,
        rows: rows
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(ClaimView::of)
            .collect(),
        chart,
        indicators,
        pager: Pager::new("/claims", &params, offset, limit, total as u64),
        query_string: params.without(&["offset", "limit"]),
        indicator,
    };
    render(&page, &version)
}

struct ConflictView {
    conflict: Conflict,
    kind: String,
    gap: String,
    a: ClaimView,
    b: ClaimView,
}

#[derive(Template)]
#[template(path = "conflicts.html")]
struct ConflictsPage {
    frame: Frame,
    fv: FilterView,
    indicator: String,
    scope: String,
    total: usize,
    from: usize,
    conflicts: Vec<ConflictView>,
    pager: Pager,
    query_string: String,
}

impl Helpers for ConflictsPage {}

pub async fn conflicts(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let filter = claim_filter(&params)?;
    let offset = params.number("offset", 0, MAX_OFFSET)?;
    let limit = params.number("limit", 50, MAX_LIMIT)?;
    let fv = FilterView::of(&filter.filter);
    let (rows, version) = state
        .run(Cost::Light, move |store| Ok(store.conflicts(&filter)?))
        .await?;
    let total = rows.len();
    let conflicts = rows
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|c| {
            let [a, b] = c.claims.clone();
            ConflictView {
                kind: format!("{:?}", c.kind).to_lowercase(),
                gap: format!("{:.1}%", c.gap * 100.0),
                a: ClaimView::of(a),
                b: ClaimView::of(b),
                conflict: c,
            }
        })
        .collect();
    let page = ConflictsPage {
        frame: Frame::new("Conflicts", "conflicts", &version),
        fv,
        indicator: params.get("indicator").unwrap_or_default(),
        scope: params.all("scope").join("+"),
        total,
        from: offset + 1,
        conflicts,
        pager: Pager::new("/conflicts", &params, offset, limit, total as u64),
        query_string: params.without(&["offset", "limit"]),
    };
    render(&page, &version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figure_is_marked_at_its_own_place_in_the_sentence() {
        let sentence = "Trade grew by 5 percent, and exports by 5 percent.";
        let claim = ClaimRow {
            indicator: "exports".into(),
            canonical: Some("exports".into()),
            kind: "level".into(),
            unit_family: "currency".into(),
            partial: false,
            converted: None,
            converted_unit: None,
            indicator_text: "exports".into(),
            indicator_start: 0,
            detail: None,
            scope: vec![],
            period: None,
            value: 5.0,
            high: None,
            unit: Some("%".into()),
            qualifier: None,
            bound: "exact".into(),
            change: true,
            direction: None,
            forecast: false,
            source: None,
            speaker: stenogram_store::SpeakerRef {
                person: None,
                name: None,
            },
            doc: "d".into(),
            date: None,
            title: None,
            url: None,
            // The second "5 percent": 40 code points into the sentence.
            start: 140,
            end: 149,
            text: "5 percent".into(),
            sentence: sentence.into(),
            sentence_start: 100,
        };
        let view = ClaimView::of(claim);
        assert_eq!(view.before, "Trade grew by 5 percent, and exports by ");
        assert_eq!(view.figure, "5 percent");
        assert_eq!(view.after, ".");
        assert_eq!(view.passage, "/doc/d#c=140-149");
    }
}
