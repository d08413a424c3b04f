//! Stored claims: listing them with filters, time series, and the
//! conflicts between them.
//!
//! Two claims can conflict when they measure the same indicator for the
//! same scope, both as levels or both as changes, both as forecasts or both
//! as figures for a past or present, in the same unit, for the
//! same period (an explicit one; without one, only within one document, and
//! then only as two sources), and are within a factor of 20 of each other
//! (further apart, they measure different things: a unit price, a total).
//! Contradictions and revisions further need an indicator that names one
//! national statistic (see `COMPARABLE`) and values within a factor of 3.
//! Each figure becomes an interval from its hedge: exact ± half a unit of
//! the last digit written ("2 percent" 1.5–2.5; at least ±0.5%),
//! `about` ±10%, `over` [v, v·1.1] (`just over` [v, v·1.03]), `almost`
//! [v·0.9, v] (`nearly`, `just under` [v·0.95, v]). Then:
//! - **divergence**: the two give different sources and different values
//!   (overlapping or not): "over $51 billion by your statistics, just over
//!   $50 billion by the Russian estimate";
//! - **revision**: the same speaker, different documents, intervals apart;
//! - **contradiction**: any other pair whose intervals cannot both hold.
//!
//! `gap` is the relative difference of the values (|a − b| / max). Each
//! pair has a `confidence` (see [`confidence`]) and a `reason` in words;
//! pairs rank by confidence, then by gap, largest first.

use std::collections::HashMap;

use serde::Serialize;

use crate::filter::{push_in, Filter};
use crate::kwic::SpeakerRef;
use crate::{Store, StoreError};

/// A claim as the CLI and API print it (DESIGN.md's shape, plus links).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimRow {
    /// What the figure measures: the canonical id (`trade`) when the phrase
    /// maps to a known indicator, else the phrase's key (`job`).
    pub indicator: String,
    /// The known indicator, if the phrase maps to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// `level`, `share`, `change` or `ratio`.
    pub kind: String,
    /// `currency`, `percent`, `count`, `physical`, `multiple`, `years`, `number`.
    pub unit_family: String,
    /// The period is part of a year ("the first five months").
    pub partial: bool,
    /// The same figure in another unit, from brackets ("[$300 million]").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted_unit: Option<String>,
    /// The noun phrase it measures, as said.
    pub indicator_text: String,
    /// Where that phrase is (code points; maybe in an earlier sentence).
    pub indicator_start: usize,
    /// The part of the indicator ("energy" trade, "minimum" wage), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub scope: Vec<String>,
    pub period: Option<String>,
    pub value: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<String>,
    pub bound: String,
    pub change: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// A forecast, plan or target rather than a figure for the past or present.
    pub forecast: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub speaker: SpeakerRef,
    pub doc: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub start: usize,
    pub end: usize,
    /// The value as written (`$51 billion`).
    pub text: String,
    pub sentence: String,
    /// Where the sentence starts in the document text (code points).
    pub sentence_start: usize,
}

/// What kind of disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ConflictKind {
    Divergence,
    Contradiction,
    Revision,
}

/// Two claims that disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Conflict {
    pub kind: ConflictKind,
    pub claims: [ClaimRow; 2],
    pub gap: f64,
    /// How sure we are that the two figures measure the same thing and
    /// disagree, 0–1 (see [`confidence`]); conflicts rank by it.
    pub confidence: f64,
    /// Why the pair is a conflict, in words.
    pub reason: String,
}

/// Which claims to read.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimFilter {
    /// Indicator ids (`trade`); empty for all.
    pub indicators: Vec<String>,
    /// Countries that must all be in the scope (`Belarus`).
    pub scope: Vec<String>,
    /// Only claims in these documents; empty for all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<String>,
    /// Speakers, roles and dates, as for search.
    #[serde(flatten)]
    pub filter: Filter,
}

impl Store {
    /// Claims matching `filter`, in date and text order.
    pub fn claims(&self, filter: &ClaimFilter) -> Result<Vec<ClaimRow>, StoreError> {
        let resolved = self.resolve(&filter.filter)?;
        let mut sql = String::from(
            "SELECT c.indicator, c.indicator_text, c.scope, c.period, c.value, c.high, c.unit, c.qualifier,
                    c.bound, c.change, c.direction, c.source, c.person_id, c.name, c.doc_id, d.date,
                    d.title, d.url, c.start, c.end,
                    substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start), t.role,
                    substr(d.text, c.start + 1, c.end - c.start), c.forecast, c.detail,
                    c.sentence_start, c.canonical, c.kind, c.unit_family, c.partial,
                    c.converted, c.converted_unit, c.indicator_start
             FROM claims c JOIN documents d ON d.id = c.doc_id
             LEFT JOIN turns t ON t.doc_id = c.doc_id AND t.idx = c.turn_idx
             WHERE 1 = 1",
        );
        let mut args: Vec<String> = Vec::new();
        push_in(
            &mut sql,
            &mut args,
            "c.indicator",
            filter.indicators.iter().cloned(),
        );
        push_in(&mut sql, &mut args, "c.doc_id", filter.docs.iter().cloned());
        push_in(
            &mut sql,
            &mut args,
            "c.person_id",
            resolved.persons.iter().cloned(),
        );
        push_in(
            &mut sql,
            &mut args,
            "t.role",
            resolved.roles.iter().cloned(),
        );
        crate::filter::push_tags(&mut sql, &mut args, &filter.filter.tags);
        for country in &filter.scope {
            args.push(country.clone());
            sql.push_str(&format!(
                " AND instr('+' || lower(c.scope) || '+', '+' || lower(?{}) || '+') > 0",
                args.len()
            ));
        }
        sql.push_str(" ORDER BY d.date IS NULL, d.date, c.doc_id, c.start");
        let mut stmt = self.db.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            let scope: String = r.get(2)?;
            Ok(ClaimRow {
                indicator: r.get(0)?,
                indicator_text: r.get(1)?,
                scope: scope
                    .split('+')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
                period: r.get(3)?,
                value: r.get(4)?,
                high: r.get(5)?,
                unit: r.get(6)?,
                qualifier: r.get(7)?,
                bound: r.get(8)?,
                change: r.get(9)?,
                direction: r.get(10)?,
                source: r.get(11)?,
                speaker: SpeakerRef {
                    person: r.get(12)?,
                    name: r.get(13)?,
                },
                doc: r.get(14)?,
                date: r.get(15)?,
                title: r.get(16)?,
                url: r.get(17)?,
                start: r.get::<_, i64>(18)? as usize,
                end: r.get::<_, i64>(19)? as usize,
                sentence: r.get(20)?,
                text: r.get(22)?,
                forecast: r.get(23)?,
                detail: r.get(24)?,
                sentence_start: r.get::<_, i64>(25)? as usize,
                canonical: r.get(26)?,
                kind: r.get(27)?,
                unit_family: r.get(28)?,
                partial: r.get(29)?,
                converted: r.get(30)?,
                converted_unit: r.get(31)?,
                indicator_start: r.get::<_, i64>(32)? as usize,
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            if resolved.admits(row.date.as_deref()) {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Conflicting pairs among the claims matching `filter`, largest gap first.
    pub fn conflicts(&self, filter: &ClaimFilter) -> Result<Vec<Conflict>, StoreError> {
        let claims = self.claims(filter)?;
        Ok(find_conflicts(&claims))
    }
}

/// Indicators that name one well-defined national statistic, so that two
/// figures for one period can contradict each other. Broad words
/// ("budget", "production", "prices", "investment") name many different
/// quantities; their figures diverge only when two sources are given.
const COMPARABLE: &[&str] = &[
    "trade",
    "trade_balance",
    "exports",
    "imports",
    "gdp",
    "inflation",
    "unemployment",
    "reserves",
    "fdi",
    "public_debt",
    "budget_deficit",
    "budget_surplus",
    "wages",
    "pensions",
    "population",
    "births",
    "deaths",
    "life_expectancy",
    "key_rate",
    "oil_production",
    "gas_production",
    "harvest",
    "capital_outflow",
    "defence_spending",
    "poverty",
];

/// Indicators measured as volumes (tonnes, m3, m2, counts): a percent
/// "level" of them is an index or a share.
const VOLUMES: &[&str] = &[
    "harvest",
    "industrial_production",
    "agricultural_production",
    "oil_production",
    "gas_production",
    "production",
    "housing",
    "gas_supplies",
    "oil_supplies",
    "energy",
    "transport",
];

/// The interval a hedged figure allows.
fn interval(c: &ClaimRow) -> (f64, f64) {
    let low = c.value.min(c.high.unwrap_or(c.value));
    let high = c.value.max(c.high.unwrap_or(c.value));
    let close = matches!(
        c.qualifier.as_deref(),
        Some(
            "just over"
                | "slightly more than"
                | "a little over"
                | "a little more than"
                | "nearly"
                | "just under"
                | "slightly less than"
                | "almost"
        )
    );
    let (lo, hi) = match c.bound.as_str() {
        "approx" => (low * 0.9, high * 1.1),
        "lower" if close => (low, high * 1.03),
        "lower" => (low, high * 1.1),
        "upper" if close => (low * 0.95, high),
        "upper" => (low * 0.9, high),
        _ => {
            // An exact figure is exact to the digits it was said with:
            // "2 percent" is anything from 1.5 to 2.5, "$15.8 billion"
            // from 15.75 to 15.85 billion (at least ±0.5% for noise).
            let half = rounding(c).max(high.abs() * 0.005);
            (low - half, high + half)
        }
    };
    (lo.min(hi), lo.max(hi))
}

/// Half a unit of the last digit a figure was written with, in the
/// figure's own scale: 0.5 for "2 percent" or "two percent", 0.05e9 for
/// "$15.8 billion", 0.5e6 for "15 million".
fn rounding(c: &ClaimRow) -> f64 {
    let value = c.value.abs();
    if value == 0.0 {
        return 0.0;
    }
    // The first number as written: its digits and how many follow the point.
    let text = c.text.as_str();
    let start = text.find(|ch: char| ch.is_ascii_digit());
    let literal = start.map(|at| {
        let run: String = text[at..]
            .chars()
            .take_while(|ch| ch.is_ascii_digit() || *ch == ',' || *ch == '.')
            .collect();
        let run = run.trim_end_matches(['.', ',']);
        // "1,234" groups thousands; "64,5" (one or two digits after a
        // single comma) is a decimal comma.
        let decimal_comma = run.matches(',').count() == 1
            && !run.contains('.')
            && run.rsplit(',').next().is_some_and(|d| d.len() < 3);
        let normal = if decimal_comma {
            run.replace(',', ".")
        } else {
            run.replace(',', "")
        };
        let decimals = normal.split_once('.').map_or(0, |(_, d)| d.len());
        (normal.parse::<f64>().unwrap_or(0.0), decimals)
    });
    match literal {
        Some((number, decimals)) if number > 0.0 => {
            let scale = value / number;
            0.5 * 10f64.powi(-(decimals as i32)) * scale
        }
        // Words ("two percent", "fifteen million"): whole numbers of the
        // largest power of a thousand below the value.
        _ => {
            let mut scale = 1.0;
            while value / scale >= 1000.0 {
                scale *= 1000.0;
            }
            0.5 * scale
        }
    }
}

/// Pairs that disagree, by the rules of the module docs.
pub fn find_conflicts(claims: &[ClaimRow]) -> Vec<Conflict> {
    // A forecast is compared with forecasts, a figure with figures.
    type Key = (
        String,
        Option<String>,
        String,
        bool,
        bool,
        String,
        String,
        String,
        String,
    );
    let mut groups: HashMap<Key, Vec<&ClaimRow>> = HashMap::new();
    for c in claims {
        // A lead or narration figure whose sentence names none of its scope
        // (the scope is a default) is too unsure to set against another.
        let guessed = c.speaker.name.is_none()
            && !c
                .scope
                .iter()
                .any(|country| c.sentence.contains(country.as_str()));
        // A percent "level" of a volume (harvest 104.9 percent, production
        // at 99.7 percent) is an index or a share, never the volume itself.
        let index = c.kind == "level"
            && c.unit_family == "percent"
            && c.canonical.as_deref().is_some_and(|i| VOLUMES.contains(&i));
        if guessed || index {
            continue;
        }
        let period = match (&c.period, to_date(c)) {
            // A year still running when it was said: only figures for the
            // same stretch of it (said the same month) compare.
            (Some(p), Some(month)) => format!("{p} to {month}"),
            (Some(p), None) => p.clone(),
            // Without a period, a figure is compared within its document only.
            (None, _) => format!("doc:{}", c.doc),
        };
        let unit = match c.unit.as_deref() {
            Some("pp") => "%".to_owned(),
            other => other.unwrap_or("").to_owned(),
        };
        groups
            .entry((
                c.indicator.clone(),
                c.detail.clone(),
                c.scope.join("+"),
                c.change,
                c.forecast,
                unit,
                period,
                // Shares with shares, levels with levels, ratios with ratios.
                c.kind.clone(),
                c.unit_family.clone(),
            ))
            .or_default()
            .push(c);
    }
    let mut out = Vec::new();
    for members in groups.values() {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                if a.doc == b.doc && a.start == b.start {
                    continue;
                }
                let sources_differ =
                    matches!((&a.source, &b.source), (Some(x), Some(y)) if distinct_sources(x, y));
                // Two figures of one sentence with no two sources are two
                // things (years, parts, places) said side by side, never
                // one speaker contradicting themselves mid-sentence.
                if a.doc == b.doc && a.sentence_start == b.sentence_start && !sources_differ {
                    continue;
                }
                // A figure that refers back to another's indicator in the
                // same passage ("…, which amount to $15 billion") is a
                // further figure about it, not a second reading of the
                // same one; forecasts of one document are scenarios.
                if a.doc == b.doc
                    && !sources_differ
                    && (a.indicator_start == b.indicator_start || (a.forecast && b.forecast))
                {
                    continue;
                }
                let largest = a.value.abs().max(b.value.abs());
                if largest == 0.0 {
                    continue;
                }
                let gap = (a.value - b.value).abs() / largest;
                if gap == 0.0 {
                    continue;
                }
                let (a_lo, a_hi) = interval(a);
                let (b_lo, b_hi) = interval(b);
                let apart = a_hi < b_lo || b_hi < a_lo;
                // Figures more than 20 times apart measure different things
                // (a unit price and a total), not one thing twice.
                if largest / a.value.abs().min(b.value.abs()).max(f64::MIN_POSITIVE) > 20.0 {
                    continue;
                }
                let kind = if sources_differ {
                    ConflictKind::Divergence
                } else if !apart
                    || a.period.is_none()
                    || !COMPARABLE.contains(&a.canonical.as_deref().unwrap_or(""))
                    || largest / a.value.abs().min(b.value.abs()).max(f64::MIN_POSITIVE) > 3.0
                {
                    // Without a period, one document's different figures are
                    // usually different moments or parts: only two sources
                    // for one figure are a finding.
                    continue;
                } else if a.speaker.person.is_some()
                    && a.speaker.person == b.speaker.person
                    && a.doc != b.doc
                    && a.period.is_some()
                {
                    ConflictKind::Revision
                } else {
                    ConflictKind::Contradiction
                };
                let (first, second) =
                    if (a.date.as_deref(), a.start) <= (b.date.as_deref(), b.start) {
                        (a, b)
                    } else {
                        (b, a)
                    };
                let (confidence, reason) = confidence(kind, first, second);
                out.push(Conflict {
                    kind,
                    claims: [(*first).clone(), (*second).clone()],
                    gap,
                    confidence,
                    reason,
                });
            }
        }
    }
    out.sort_by(|x, y| {
        y.confidence
            .total_cmp(&x.confidence)
            .then_with(|| y.gap.total_cmp(&x.gap))
            .then_with(|| x.claims[0].doc.cmp(&y.claims[0].doc))
            .then_with(|| x.claims[0].start.cmp(&y.claims[0].start))
    });
    out
}

/// Two attributed sources that are not one: "preliminary estimates" and
/// "tentative estimates" are the same kind of figure at two moments, not
/// two sources; "your statistics" and "the Russian estimate" are two.
fn distinct_sources(a: &str, b: &str) -> bool {
    const SOFT: &[&str] = &[
        "preliminary",
        "tentative",
        "latest",
        "initial",
        "final",
        "updated",
        "recent",
        "current",
        "official",
        "the",
        "some",
        "first",
        "new",
        "early",
        "rough",
    ];
    let core = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty() && !SOFT.contains(&w.as_str()))
            .collect()
    };
    core(a) != core(b)
}

/// The month a claim was made in (`YYYY-MM`) when its period is the whole
/// year it was made in and it is no forecast: a figure for a year still
/// running covers only the part of it gone by ("has already increased by
/// 25 percent this year", said in May), never the full year.
fn to_date(c: &ClaimRow) -> Option<String> {
    let period = c.period.as_deref()?;
    let date = c.date.as_deref()?;
    // Said in December, the year is as good as whole.
    (!c.forecast
        && period.len() == 4
        && date.len() >= 7
        && date.starts_with(period)
        && &date[5..7] != "12")
        .then(|| date[..7].to_owned())
}

/// How sure a conflict is, and why, from what the two claims share:
/// - 0.5 to start with (same indicator, detail, scope, unit, kind);
/// - +0.2 when both give the same explicit period (without one, the pair
///   is two sources in one document: +0.1, the same occasion);
/// - +0.15 when two named sources differ (a divergence the text states);
/// - +0.1 when the indicator names one national statistic (trade, GDP …);
/// - +0.05 when both figures are exact (no "about", "over");
/// - −0.1 when either figure's indicator was named in an earlier sentence
///   (anaphora), and −0.1 for an open indicator (no canonical id);
/// - −0.1 for forecasts and targets (plans change without contradiction);
/// - −0.2 when the values are more than 3 times apart (likely two
///   different quantities under one name);
/// - −0.1 when either sentence is long (over 35 words: where a figure
///   most often takes a neighbour's indicator or period) and −0.1 when
///   either figure has no speaker (a lead or narration, whose scope is a
///   guess);
///
/// clamped to 0.05–0.99 and rounded to two decimals.
pub fn confidence(kind: ConflictKind, a: &ClaimRow, b: &ClaimRow) -> (f64, String) {
    let mut score: f64 = 0.5;
    let period = match &a.period {
        Some(p) => {
            score += 0.2;
            match to_date(a) {
                Some(month) => format!("period {p} so far (both said in {month})"),
                None => format!("period {p}"),
            }
        }
        None => {
            score += 0.1;
            "one document, no period given".to_owned()
        }
    };
    let named = matches!((&a.source, &b.source), (Some(x), Some(y)) if distinct_sources(x, y));
    if named {
        score += 0.15;
    }
    if COMPARABLE.contains(&a.canonical.as_deref().unwrap_or("")) {
        score += 0.1;
    }
    // An indicator named in an earlier sentence ("it was …") or an open
    // phrase of our own reading is less sure than a lexicon indicator in
    // the figure's own sentence.
    let far = |c: &ClaimRow| c.indicator_start < c.sentence_start;
    if far(a) || far(b) {
        score -= 0.1;
    }
    if a.canonical.is_none() {
        score -= 0.1;
    }
    if a.bound == "exact" && b.bound == "exact" {
        score += 0.05;
    }
    if a.forecast {
        score -= 0.1;
    }
    let low = a.value.abs().min(b.value.abs()).max(f64::MIN_POSITIVE);
    if a.value.abs().max(b.value.abs()) / low > 3.0 {
        score -= 0.2;
    }
    let long = |c: &ClaimRow| c.sentence.split_whitespace().count() > 35;
    if long(a) || long(b) {
        score -= 0.1;
    }
    if a.speaker.name.is_none() || b.speaker.name.is_none() {
        score -= 0.1;
    }
    let score = (score.clamp(0.05, 0.99) * 100.0).round() / 100.0;
    let indicator = match &a.detail {
        Some(d) => format!("{} ({d})", a.indicator),
        None => a.indicator.clone(),
    };
    let what = format!(
        "same indicator {indicator}, scope {}, {period}, {}{}",
        if a.scope.is_empty() {
            "none".to_owned()
        } else {
            a.scope.join("+")
        },
        if a.change {
            "both changes"
        } else {
            "both levels"
        },
        if a.forecast { ", both forecasts" } else { "" },
    );
    let why = match kind {
        ConflictKind::Divergence => format!(
            "sources differ: \"{}\" vs \"{}\"",
            a.source.as_deref().unwrap_or("?"),
            b.source.as_deref().unwrap_or("?")
        ),
        ConflictKind::Revision => format!(
            "the same speaker ({}) gave {} on {} and {} on {}",
            a.speaker
                .name
                .as_deref()
                .or(a.speaker.person.as_deref())
                .unwrap_or("?"),
            a.figure(),
            a.date.as_deref().unwrap_or("an undated day"),
            b.figure(),
            b.date.as_deref().unwrap_or("an undated day")
        ),
        ConflictKind::Contradiction => format!(
            "the hedged values cannot both hold: {} vs {}",
            a.figure(),
            b.figure()
        ),
    };
    (score, format!("{what}; {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(
        doc: &str,
        value: f64,
        qualifier: Option<&str>,
        bound: &str,
        source: Option<&str>,
        person: &str,
        period: Option<&str>,
    ) -> ClaimRow {
        ClaimRow {
            indicator: "trade".into(),
            canonical: Some("trade".into()),
            kind: "level".into(),
            unit_family: "currency".into(),
            partial: false,
            converted: None,
            converted_unit: None,
            indicator_text: "trade".into(),
            indicator_start: 0,
            detail: None,
            scope: vec!["Belarus".into(), "Russia".into()],
            period: period.map(str::to_owned),
            value,
            high: None,
            unit: Some("USD".into()),
            qualifier: qualifier.map(str::to_owned),
            bound: bound.into(),
            change: false,
            direction: None,
            forecast: false,
            source: source.map(str::to_owned),
            speaker: SpeakerRef {
                person: Some(person.into()),
                name: Some(person.to_uppercase()),
            },
            doc: doc.into(),
            date: Some("2019-01-01".into()),
            title: None,
            url: None,
            start: value as usize,
            end: value as usize + 1,
            text: String::new(),
            sentence: String::new(),
            sentence_start: 0,
        }
    }

    #[test]
    fn two_sources_in_one_document_diverge() {
        let a = claim(
            "d",
            51e9,
            Some("over"),
            "lower",
            Some("your statistics"),
            "p",
            None,
        );
        let b = claim(
            "d",
            50e9,
            Some("just over"),
            "lower",
            Some("russian estimate"),
            "p",
            None,
        );
        let found = find_conflicts(&[a, b]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, ConflictKind::Divergence);
        assert!((found[0].gap - 1.0 / 51.0).abs() < 1e-9);
        // One document, no period, two named sources, a national statistic.
        assert_eq!(found[0].confidence, 0.85);
        // The same pair in a long sentence, or from a lead, is less sure.
        let mut long = found[0].claims.clone();
        long[0].sentence = "word ".repeat(40);
        assert_eq!(confidence(found[0].kind, &long[0], &long[1]).0, 0.75);
        long[1].speaker.name = None;
        assert_eq!(confidence(found[0].kind, &long[0], &long[1]).0, 0.65);
        assert_eq!(
            found[0].reason,
            // In text order (these test claims sit at their value's offset).
            "same indicator trade, scope Belarus+Russia, one document, no period given, both levels; sources differ: \"russian estimate\" vs \"your statistics\""
        );
    }

    #[test]
    fn hedges_decide_whether_figures_can_both_hold() {
        // About 50 and 53: both can hold (±10%).
        let a = claim("d1", 50e9, Some("about"), "approx", None, "p", Some("2018"));
        let b = claim("d2", 53e9, None, "exact", None, "q", Some("2018"));
        assert!(find_conflicts(&[a, b]).is_empty());
        // 51 and 35 cannot.
        let a = claim("d1", 51e9, None, "exact", None, "p", Some("2018"));
        let b = claim("d2", 35e9, None, "exact", None, "q", Some("2018"));
        let found = find_conflicts(&[a.clone(), b]);
        assert_eq!(found[0].kind, ConflictKind::Contradiction);
        // The same speaker, another document: a revision.
        let c = claim("d3", 35e9, None, "exact", None, "p", Some("2018"));
        assert_eq!(
            find_conflicts(&[a.clone(), c])[0].kind,
            ConflictKind::Revision
        );
        // Different periods never conflict; neither do periodless claims of two documents.
        let d = claim("d4", 35e9, None, "exact", None, "q", Some("2017"));
        assert!(find_conflicts(&[a, d]).is_empty());
        let e = claim("d5", 51e9, None, "exact", None, "q", None);
        let f = claim("d6", 35e9, None, "exact", None, "q", None);
        assert!(find_conflicts(&[e, f]).is_empty());
    }

    #[test]
    fn exact_figures_are_exact_to_their_digits() {
        let with = |value: f64, text: &str| {
            let mut c = claim("d", value, None, "exact", None, "p", Some("2018"));
            c.text = text.into();
            c
        };
        assert_eq!(rounding(&with(2.0, "2 percent")), 0.5);
        assert_eq!(rounding(&with(2.0, "two percent")), 0.5);
        assert!((rounding(&with(15.8e9, "$15.8 billion")) - 0.05e9).abs() < 1.0);
        assert!((rounding(&with(64.5, "64,5")) - 0.05).abs() < 1e-9);
        assert_eq!(rounding(&with(1234.0, "1,234")), 0.5);
        assert_eq!(rounding(&with(15e6, "fifteen million")), 0.5e6);
        // "two percent" and 2.3 percent can both hold; 2.8 and 1.5 cannot.
        let mut a = with(2.0, "two percent");
        let mut b = with(2.3, "2.3 percent");
        b.doc = "e".into();
        assert!(find_conflicts(&[a.clone(), b]).is_empty());
        a = with(1.5, "1.5 percent");
        let mut b = with(2.8, "2.8 percent");
        b.doc = "e".into();
        assert_eq!(find_conflicts(&[a, b]).len(), 1);
    }

    #[test]
    fn one_sentence_never_contradicts_itself() {
        // "increased by 17 percent last year and another 7 percent in the
        // first four months": two figures side by side, one period read.
        let mut a = claim("d", 17.0, None, "exact", None, "p", Some("2018"));
        let mut b = claim("d", 7.0, None, "exact", None, "p", Some("2018"));
        a.sentence_start = 100;
        b.sentence_start = 100;
        assert!(find_conflicts(&[a.clone(), b.clone()]).is_empty());
        // Two named sources in one sentence still diverge.
        a.source = Some("your statistics".into());
        b.source = Some("our estimate".into());
        assert_eq!(find_conflicts(&[a, b])[0].kind, ConflictKind::Divergence);
    }

    #[test]
    fn a_year_still_running_is_not_the_full_year() {
        // 25 percent "this year", said in May 2017, against 10 percent for
        // 2017 said in 2018: a part against the whole.
        let mut so_far = claim("d1", 25.0, None, "exact", None, "p", Some("2017"));
        so_far.date = Some("2017-05-23".into());
        let mut whole = claim("d2", 10.0, None, "exact", None, "q", Some("2017"));
        whole.date = Some("2018-12-24".into());
        assert!(find_conflicts(&[so_far.clone(), whole]).is_empty());
        // Two figures for the same stretch (said the same month) compare.
        let mut same = claim("d3", 10.0, None, "exact", None, "q", Some("2017"));
        same.date = Some("2017-05-30".into());
        let found = find_conflicts(&[so_far, same]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .reason
                .contains("period 2017 so far (both said in 2017-05)"),
            "{}",
            found[0].reason
        );
    }
}
