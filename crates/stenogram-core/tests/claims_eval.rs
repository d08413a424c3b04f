//! Claim extraction against a hand-labelled gold set: 68 paragraphs of the
//! shared kremlin-en corpus (12 of them with figures that are no claims),
//! 170 claims, labelled by reading the text without the extractor
//! (`tests/fixtures/claims-paragraphs.tsv`, `claims-gold.tsv`: offsets and
//! labels only, no text). Prints precision and recall of claims and the
//! accuracy of indicator, scope, period and change on matched claims, and
//! fails if they fall below the floors here.
//!
//! `cargo test -p stenogram-core --test claims_eval -- --nocapture`

mod common;

use std::collections::HashMap;

struct Gold {
    doc: String,
    start: usize,
    end: usize,
    indicator: String,
    scope: String,
    period: String,
    change: bool,
}

fn rows(name: &str) -> Vec<Vec<String>> {
    common::fixture(name)
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

#[test]
fn claims_against_the_gold_set() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared is absent");
        return;
    };
    let corpus = shared.join("corpus/kremlin-en");
    let dates: HashMap<String, String> = std::fs::read_to_string(corpus.join("index.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut parts = l.splitn(3, ',');
            Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
        })
        .collect();
    let paragraphs: Vec<(String, usize, usize)> = rows("claims-paragraphs.tsv")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].parse().unwrap(), r[2].parse().unwrap()))
        .collect();
    let gold: Vec<Gold> = rows("claims-gold.tsv")
        .into_iter()
        .map(|r| Gold {
            doc: r[0].clone(),
            start: r[1].parse().unwrap(),
            end: r[2].parse().unwrap(),
            indicator: r[3].clone(),
            scope: r[4].clone(),
            period: r[5].clone(),
            change: r[6] == "yes",
        })
        .collect();
    assert!(paragraphs.len() >= 40 && gold.len() >= 100);

    let mut predicted = Vec::new();
    let mut docs: Vec<&String> = paragraphs.iter().map(|p| &p.0).collect();
    docs.sort();
    docs.dedup();
    for doc in docs {
        let text = std::fs::read_to_string(corpus.join(format!("{doc}.txt"))).unwrap();
        let parsed = stenogram_core::parse_text(doc, &text).unwrap().document;
        let date = dates
            .get(doc.as_str())
            .and_then(|d| stenogram_core::Day::parse_iso(d));
        let mentions = stenogram_core::extract(&text, date);
        for claim in stenogram_core::claims(&parsed, &text, &mentions) {
            let inside = paragraphs
                .iter()
                .any(|(d, s, e)| d == doc && claim.start >= *s && claim.end <= *e);
            if inside {
                predicted.push((doc.clone(), claim, text.clone()));
            }
        }
    }
    let overlaps = |g: &Gold, doc: &str, start: usize, end: usize| {
        g.doc == doc && start < g.end && g.start < end
    };
    let mut matched = 0;
    let mut used = vec![false; gold.len()];
    let (mut indicator_ok, mut indicator_n) = (0, 0);
    let (mut scope_ok, mut period_ok, mut change_ok) = (0, 0, 0);
    let mut false_positives = Vec::new();
    let mut mismatches = Vec::new();
    for (doc, claim, text) in &predicted {
        let hit = gold
            .iter()
            .enumerate()
            .find(|(i, g)| !used[*i] && overlaps(g, doc, claim.start, claim.end));
        let Some((i, g)) = hit else {
            let value: String = text
                .chars()
                .skip(claim.start)
                .take(claim.end - claim.start)
                .collect();
            false_positives.push(format!(
                "{doc}:{} {} {:?}",
                claim.start, claim.indicator, value
            ));
            continue;
        };
        used[i] = true;
        matched += 1;
        if !g.indicator.starts_with("other:") {
            indicator_n += 1;
            indicator_ok += usize::from(g.indicator == claim.indicator);
        }
        scope_ok += usize::from(g.scope == claim.scope.join("+"));
        period_ok += usize::from(g.period == claim.period.clone().unwrap_or_default());
        if g.scope != claim.scope.join("+") || g.period != claim.period.clone().unwrap_or_default()
        {
            mismatches.push(format!(
                "{doc}:{} {}: scope {} vs ours {}; period {:?} vs ours {:?}",
                g.start,
                g.indicator,
                g.scope,
                claim.scope.join("+"),
                g.period,
                claim.period.clone().unwrap_or_default()
            ));
        }
        change_ok += usize::from(g.change == claim.change);
    }
    let precision = matched as f64 / predicted.len().max(1) as f64;
    let recall = matched as f64 / gold.len() as f64;
    let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
    eprintln!(
        "claims: {} predicted, {} gold, {} matched: precision {:.3}, recall {:.3}",
        predicted.len(),
        gold.len(),
        matched,
        precision,
        recall
    );
    eprintln!(
        "on matched claims: indicator {:.3} (of {} with a lexicon indicator), scope {:.3}, period {:.3}, change {:.3}",
        share(indicator_ok, indicator_n),
        indicator_n,
        share(scope_ok, matched),
        share(period_ok, matched),
        share(change_ok, matched)
    );
    eprintln!("field differences:\n  {}", mismatches.join("\n  "));
    eprintln!("false positives:\n  {}", false_positives.join("\n  "));
    let missed: Vec<String> = gold
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(g, _)| format!("{}:{} {}", g.doc, g.start, g.indicator))
        .collect();
    eprintln!("missed:\n  {}", missed.join("\n  "));
    assert!(precision >= FLOOR_PRECISION, "precision {precision:.3}");
    assert!(recall >= FLOOR_RECALL, "recall {recall:.3}");
}

/// Floors at the figures measured when the gold set was added, so that a
/// change that loses ground fails.
const FLOOR_PRECISION: f64 = 0.95;
const FLOOR_RECALL: f64 = 0.78;
