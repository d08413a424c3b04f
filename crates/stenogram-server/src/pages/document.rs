//! The document page: lead, turns with speaker label and role, narration,
//! artefacts and omissions, every figure and claim marked in place (value,
//! unit, hedge and bound on hover), the words of a search marked as hits
//! with next/previous, and `#c=START-END` marking any span (app.js).
//!
//! Every block carries `data-start`, the code point offset of its first
//! character in the document text, and shows exactly the text between its
//! offsets, so the script can find any offset in the page.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use stenogram_store::{DocumentView, TextSpan};

use super::{render, safe_url, Frame, Helpers, PageError};
use crate::error::ApiError;
use crate::params::Params;
use crate::state::{Cost, SharedState};

/// A stretch of a paragraph with what covers it.
pub struct Seg {
    pub text: String,
    /// The search hit it belongs to (rendered as `mark.hit`).
    pub hit: Option<usize>,
    /// CSS classes: figure, claim, omission, vocative.
    pub classes: String,
    /// Hover text: what the figure or claim is.
    pub title: String,
    /// A figure's value (`data-value`).
    pub value: String,
}

/// A paragraph (or label, artefact, omission line) with its segments.
pub struct Para {
    pub start: usize,
    pub end: usize,
    pub segs: Vec<Seg>,
}

/// A speaker turn.
pub struct TurnBlock {
    pub idx: usize,
    pub start: usize,
    pub end: usize,
    pub label: Para,
    pub person: Option<String>,
    pub role: Option<String>,
    pub note: Option<String>,
    pub paragraphs: Vec<Para>,
}

/// What follows the lead, in text order.
pub enum Block {
    Turn(TurnBlock),
    Narration(Para),
    Artefact { kind: String, para: Para },
    Omission(Para),
}

/// Something marked inside a paragraph.
#[derive(Clone)]
enum Ann {
    Figure { title: String, value: String },
    Claim { title: String },
    Omission,
    Vocative,
    Hit(usize),
}

struct Annotated {
    start: usize,
    end: usize,
    ann: Ann,
}

/// Splits `span` at every boundary of the annotations that overlap it.
fn segments(span: &TextSpan, anns: &[Annotated]) -> Vec<Seg> {
    let inside: Vec<&Annotated> = anns
        .iter()
        .filter(|a| a.start < span.end && a.end > span.start && a.start < a.end)
        .collect();
    let mut cuts: Vec<usize> = vec![span.start, span.end];
    for a in &inside {
        cuts.push(a.start.max(span.start));
        cuts.push(a.end.min(span.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    // Byte offset in the span's text of each code point offset.
    let mut bytes = Vec::with_capacity(cuts.len());
    let mut chars = span
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(span.text.len()));
    let mut at = span.start;
    let mut current = chars.next().unwrap_or(0);
    for &cut in &cuts {
        while at < cut {
            current = chars.next().unwrap_or(span.text.len());
            at += 1;
        }
        bytes.push(current);
    }
    let mut out = Vec::new();
    for (i, pair) in cuts.windows(2).enumerate() {
        let (s, e) = (pair[0], pair[1]);
        let text = span
            .text
            .get(bytes[i]..bytes[i + 1])
            .unwrap_or_default()
            .to_owned();
        if text.is_empty() {
            continue;
        }
        let mut seg = Seg {
            text,
            hit: None,
            classes: String::new(),
            title: String::new(),
            value: String::new(),
        };
        let mut classes: Vec<&str> = Vec::new();
        let mut titles: Vec<String> = Vec::new();
        for a in inside.iter().filter(|a| a.start <= s && a.end >= e) {
            match &a.ann {
                Ann::Figure { title, value } => {
                    classes.push("figure");
                    titles.push(title.clone());
                    seg.value.clone_from(value);
                }
                Ann::Claim { title } => {
                    classes.push("claim");
                    titles.push(title.clone());
                }
                Ann::Omission => classes.push("omission"),
                Ann::Vocative => classes.push("vocative"),
                Ann::Hit(k) => seg.hit = Some(*k),
            }
        }
        classes.dedup();
        seg.classes = classes.join(" ");
        seg.title = titles.join(" · ");
        out.push(seg);
    }
    out
}

/// What a search query asks to find, as word sequences to mark: each
/// quoted phrase as one sequence, each other word alone; the operators
/// AND, OR, NOT and negated terms (`NOT x`, `-x`) are not marked.
pub fn query_terms(q: &str) -> Vec<Vec<String>> {
    let lower_words = |text: &str| -> Vec<String> {
        stenogram_core::words(text)
            .map(|r| text[r].to_lowercase())
            .collect()
    };
    let mut terms: Vec<Vec<String>> = Vec::new();
    let mut negate = false;
    let mut rest = q;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let negated = std::mem::take(&mut negate);
        let (token, quoted, after) = if c == '"' || (c == '-' && rest[1..].starts_with('"')) {
            let open = rest.find('"').unwrap_or(0) + 1;
            let close = rest[open..].find('"').map_or(rest.len(), |i| open + i);
            (
                &rest[open..close],
                true,
                &rest[(close + 1).min(rest.len())..],
            )
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], false, &rest[end..])
        };
        rest = after;
        let minus = c == '-';
        if !quoted && matches!(token, "AND" | "OR" | "&&" | "||") {
            continue;
        }
        if !quoted && (token == "NOT" || token == "!") {
            negate = true;
            continue;
        }
        if negated || minus {
            continue;
        }
        let words = lower_words(token);
        if quoted {
            if !words.is_empty() {
                terms.push(words);
            }
        } else {
            terms.extend(words.into_iter().map(|w| vec![w]));
        }
    }
    // Longest first, so a phrase wins over its own words.
    terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
    terms.dedup();
    terms
}

/// Occurrences of the query's terms in a span (code points); neighbouring
/// occurrences (only punctuation or spaces between) join into one hit.
fn hits_in(span: &TextSpan, terms: &[Vec<String>]) -> Vec<(usize, usize)> {
    let text = &span.text;
    let words: Vec<std::ops::Range<usize>> = stenogram_core::words(text).collect();
    let lower: Vec<String> = words
        .iter()
        .map(|r| text[r.clone()].to_lowercase())
        .collect();
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (first word, last word + 1)
    let mut i = 0;
    while i < words.len() {
        let matched = terms.iter().find(|t| {
            i + t.len() <= lower.len()
                && lower[i..i + t.len()]
                    .iter()
                    .zip(t.iter())
                    .all(|(a, b)| a == b)
        });
        match matched {
            Some(t) => {
                match runs.last_mut() {
                    Some(run) if run.1 == i => run.1 = i + t.len(),
                    _ => runs.push((i, i + t.len(), 0)),
                }
                i += t.len();
            }
            None => i += 1,
        }
    }
    let mut cursor = (0usize, 0usize);
    runs.into_iter()
        .map(|(first, last, _)| {
            let start = span.start + chars_to(text, &mut cursor, words[first].start);
            let end = span.start + chars_to(text, &mut cursor, words[last - 1].end);
            (start, end)
        })
        .collect()
}

/// Code points up to byte `target`, walking forward from `cursor`
/// (bytes, code points).
fn chars_to(text: &str, cursor: &mut (usize, usize), target: usize) -> usize {
    if target < cursor.0 {
        *cursor = (0, 0);
    }
    cursor.1 += text[cursor.0..target].chars().count();
    cursor.0 = target;
    cursor.1
}

/// Hover text of a mention.
fn figure_title(m: &serde_json::Value) -> (String, String) {
    let s = |k: &str| {
        m.get(k)
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let mut title = format!("{}: {}", s("kind"), s("value"));
    if !s("high").is_empty() {
        title.push_str(&format!("–{}", s("high")));
    }
    if !s("unit").is_empty() {
        title.push_str(&format!(" {}", s("unit")));
    }
    if !s("qualifier").is_empty() {
        title.push_str(&format!(" · hedge \"{}\"", s("qualifier")));
    }
    title.push_str(&format!(" · bound {}", s("bound")));
    (title, s("value"))
}

/// An artefact's or omission's text as a span.
fn mark_text(mark: &stenogram_store::MarkSpan) -> TextSpan {
    TextSpan {
        text: mark.text.clone(),
        start: mark.start,
        end: mark.end,
    }
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    frame: Frame,
    doc: DocumentView,
    url: Option<String>,
    tags: Vec<String>,
    lead: Vec<Para>,
    blocks: Vec<Block>,
    q: String,
    hits: usize,
    figures: usize,
    /// Links to the previous and next search result, when coming from one.
    prev_result: Option<String>,
    next_result: Option<String>,
    search: String,
}

impl Helpers for DocumentPage {}

pub async fn document(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::parse(query.as_deref());
    let q = params.opt_text("q")?.unwrap_or_default();
    let rank = params.number("rank", 0, crate::params::MAX_OFFSET)?;
    let search = params.without(&["rank", "offset", "limit"]);
    let prev_result =
        (rank > 1 && !q.is_empty()).then(|| format!("/search/hit?{search}&rank={}", rank - 1));
    let next_result =
        (rank > 0 && !q.is_empty()).then(|| format!("/search/hit?{search}&rank={}", rank + 1));
    let (doc, version) = state
        .run(Cost::Light, move |store| {
            store
                .document(&id)?
                .ok_or_else(|| ApiError::NotFound(format!("no document {id:?}")))
        })
        .await?;
    let terms = query_terms(&q);
    // Annotations over the whole document.
    let mut anns: Vec<Annotated> = Vec::new();
    for m in &doc.mentions {
        let at = |k: &str| m.get(k).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let (title, value) = figure_title(m);
        anns.push(Annotated {
            start: at("start"),
            end: at("end"),
            ann: Ann::Figure { title, value },
        });
    }
    for c in &doc.claims {
        let mut title = format!("claim: {} ({})", c.indicator_text, c.scope.join("+"));
        if let Some(p) = &c.period {
            title.push_str(&format!(", {p}"));
        }
        if c.change {
            title.push_str(", change");
        }
        if let Some(s) = &c.source {
            title.push_str(&format!(", source: {s}"));
        }
        anns.push(Annotated {
            start: c.start,
            end: c.end,
            ann: Ann::Claim { title },
        });
    }
    for o in &doc.omissions {
        anns.push(Annotated {
            start: o.start,
            end: o.end,
            ann: Ann::Omission,
        });
    }
    for t in &doc.turns {
        for v in &t.vocatives {
            anns.push(Annotated {
                start: v.start,
                end: v.end,
                ann: Ann::Vocative,
            });
        }
    }
    let mut hit_count = 0usize;
    let mut para = |span: &TextSpan, anns: &mut Vec<Annotated>| -> Para {
        if !terms.is_empty() {
            for (s, e) in hits_in(span, &terms) {
                anns.push(Annotated {
                    start: s,
                    end: e,
                    ann: Ann::Hit(hit_count),
                });
                hit_count += 1;
            }
        }
        Para {
            start: span.start,
            end: span.end,
            segs: segments(span, anns),
        }
    };
    let lead: Vec<Para> = doc.lead.iter().map(|s| para(s, &mut anns)).collect();
    let mut blocks: Vec<(usize, Block)> = Vec::new();
    // Text blocks in order, so hit numbers follow the text.
    enum Raw<'a> {
        Turn(&'a stenogram_store::TurnView),
        Narration(&'a TextSpan),
        Artefact(&'a stenogram_store::MarkSpan),
        Omission(&'a stenogram_store::MarkSpan),
    }
    let in_paragraph = |start: usize| {
        doc.lead
            .iter()
            .chain(doc.narration.iter())
            .chain(doc.turns.iter().flat_map(|t| t.paragraphs.iter()))
            .any(|p| p.start <= start && start < p.end)
    };
    let mut raw: Vec<(usize, Raw)> = Vec::new();
    raw.extend(doc.turns.iter().map(|t| (t.start, Raw::Turn(t))));
    raw.extend(doc.narration.iter().map(|n| (n.start, Raw::Narration(n))));
    raw.extend(doc.artefacts.iter().map(|a| (a.start, Raw::Artefact(a))));
    raw.extend(
        doc.omissions
            .iter()
            .filter(|o| !in_paragraph(o.start))
            .map(|o| (o.start, Raw::Omission(o))),
    );
    raw.sort_by_key(|(start, _)| *start);
    for (start, item) in raw {
        let block = match item {
            Raw::Turn(t) => {
                let label = TextSpan {
                    text: t.label.clone(),
                    start: t.label_start,
                    end: t.label_end,
                };
                let label = para(&label, &mut anns);
                let paragraphs = t.paragraphs.iter().map(|p| para(p, &mut anns)).collect();
                Block::Turn(TurnBlock {
                    idx: t.idx,
                    start: t.start,
                    end: t.end,
                    label,
                    person: t.person.clone(),
                    role: t.role.clone(),
                    note: t.note.clone(),
                    paragraphs,
                })
            }
            Raw::Narration(n) => Block::Narration(para(n, &mut anns)),
            Raw::Artefact(a) => Block::Artefact {
                kind: a.kind.clone(),
                para: para(&mark_text(a), &mut anns),
            },
            Raw::Omission(o) => Block::Omission(para(&mark_text(o), &mut anns)),
        };
        blocks.push((start, block));
    }
    let tags = doc
        .metadata
        .get("tags")
        .and_then(|t| t.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let page = DocumentPage {
        frame: Frame::new(
            doc.title.clone().unwrap_or_else(|| doc.id.clone()),
            "",
            &version,
        ),
        url: safe_url(doc.url.as_deref()),
        tags,
        lead,
        blocks: blocks.into_iter().map(|(_, b)| b).collect(),
        hits: hit_count,
        figures: doc.mentions.len(),
        prev_result,
        next_result,
        search,
        q,
        doc,
    };
    render(&page, &version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, start: usize) -> TextSpan {
        TextSpan {
            text: text.to_owned(),
            start,
            end: start + text.chars().count(),
        }
    }

    #[test]
    fn segments_split_at_every_boundary_in_code_points() {
        let s = span("Trade – over $51 billion.", 100);
        let anns = vec![
            Annotated {
                start: 113,
                end: 124,
                ann: Ann::Figure {
                    title: "money".into(),
                    value: "51000000000".into(),
                },
            },
            Annotated {
                start: 100,
                end: 105,
                ann: Ann::Hit(0),
            },
        ];
        let segs = segments(&s, &anns);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Trade", " – over ", "$51 billion", "."]);
        assert_eq!(segs[0].hit, Some(0));
        assert_eq!(segs[2].classes, "figure");
        assert_eq!(segs[2].value, "51000000000");
    }

    #[test]
    fn phrases_are_marked_whole_and_negated_terms_not_at_all() {
        let terms = query_terms("\"Union State\" AND Belarus NOT Ukraine -Kazakhstan");
        assert_eq!(
            terms,
            vec![
                vec!["union".to_string(), "state".to_string()],
                vec!["belarus".to_string()]
            ]
        );
        let s = span(
            "The Union State of Russia and Belarus; the State Duma; the Eurasian Union.",
            10,
        );
        assert_eq!(hits_in(&s, &terms), vec![(14, 25), (40, 47)]);
        // Plain words: each one, neighbours joined.
        let terms = query_terms("union state");
        assert_eq!(hits_in(&s, &terms), vec![(14, 25), (53, 58), (78, 83)]);
        assert_eq!(
            query_terms("\"gas price\" OR \"oil\""),
            vec![
                vec!["gas".to_string(), "price".to_string()],
                vec!["oil".to_string()]
            ]
        );
    }
}
