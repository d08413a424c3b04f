//! `/cite/{doc}/{start}-{end}`: a passage with everything needed to cite
//! it: the text, the document, the speaker, the source URL, the digests
//! of the passage and the document, the licence, and a citation as plain
//! text and as CSL-JSON.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use sha2::{Digest, Sha256};
use stenogram_store::DocumentView;

use super::{render, safe_url, Frame, Helpers, PageError};
use crate::error::ApiError;
use crate::state::{Cost, SharedState};

/// The most characters one citation may span.
const MAX_PASSAGE: usize = 200_000;

#[derive(Template)]
#[template(path = "cite.html")]
struct CitePage {
    frame: Frame,
    doc: DocumentView,
    start: usize,
    end: usize,
    passage: String,
    speaker: Option<(Option<String>, String)>,
    url: Option<String>,
    passage_digest: String,
    licence: String,
    citation: String,
    csl: String,
}

impl Helpers for CitePage {}

/// `START-END` in code points.
fn parse_range(range: &str) -> Result<(usize, usize), ApiError> {
    let bad = || ApiError::BadParameter(format!("{range:?} is not START-END (code points)"));
    let (a, b) = range.split_once('-').ok_or_else(bad)?;
    let start: usize = a.parse().map_err(|_| bad())?;
    let end: usize = b.parse().map_err(|_| bad())?;
    if end < start {
        return Err(bad());
    }
    if end - start > MAX_PASSAGE {
        return Err(ApiError::BadParameter(format!(
            "a citation spans at most {MAX_PASSAGE} characters"
        )));
    }
    Ok((start, end))
}

/// The licence line: the page's own when it has one, kremlin.ru's terms for its pages.
fn licence(doc: &DocumentView) -> String {
    if let Some(l) = doc
        .metadata
        .get("licence")
        .or_else(|| doc.metadata.get("license"))
        .and_then(|v| v.as_str())
    {
        return l.to_owned();
    }
    if let Some(page) = doc.metadata.get("page") {
        if let Some(l) = page.get("licence").and_then(|v| v.as_str()) {
            return l.to_owned();
        }
    }
    match doc.url.as_deref() {
        Some(u) if u.contains("kremlin.ru") => {
            "Text from en.kremlin.ru, licensed under Creative Commons Attribution 4.0 (CC BY 4.0)."
                .to_owned()
        }
        _ => "Licence: as stated by the source.".to_owned(),
    }
}

pub async fn cite(
    State(state): State<SharedState>,
    Path((id, range)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (start, end) = parse_range(&range)?;
    let (doc, version) = state
        .run(Cost::Light, move |store| {
            store
                .document(&id)?
                .ok_or_else(|| ApiError::NotFound(format!("no document {id:?}")))
        })
        .await?;
    if end as u64 > doc.chars {
        return Err(ApiError::BadParameter(format!(
            "{start}-{end} runs past the end of the document ({} characters)",
            doc.chars
        ))
        .into());
    }
    let passage: String = doc.text.chars().skip(start).take(end - start).collect();
    let speaker = doc
        .turns
        .iter()
        .find(|t| t.start <= start && end <= t.end)
        .map(|t| {
            (
                t.person.clone(),
                t.name.clone().unwrap_or_else(|| t.label.clone()),
            )
        });
    let url = safe_url(doc.url.as_deref());
    let passage_digest: String = Sha256::digest(passage.as_bytes())[..]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let title = doc.title.clone().unwrap_or_else(|| doc.id.clone());
    let who = speaker.as_ref().map(|s| s.1.clone());
    let citation = format!(
        "{}{}, {}, {}. Characters {start}–{end} of document {}{}. Passage SHA-256 {}; document SHA-256 {}. Retrieved with stenogram, corpus version {}.",
        who.as_deref().map(|w| format!("{w}, in ")).unwrap_or_default(),
        format_args!("“{title}”"),
        doc.date.as_deref().unwrap_or("undated"),
        url.as_deref().unwrap_or("no source URL"),
        doc.id,
        doc.place.as_deref().map(|p| format!(" ({p})")).unwrap_or_default(),
        &passage_digest[..16],
        &doc.hash[..doc.hash.len().min(16)],
        version.tag(),
    );
    let mut csl = serde_json::json!({
        "id": format!("{}:{start}-{end}", doc.id),
        "type": "speech",
        "title": title,
        "container-title": url.as_deref().and_then(|u| u.split('/').nth(2)).unwrap_or("stenogram corpus"),
        "note": format!("characters {start}-{end}; passage sha256 {passage_digest}; document sha256 {}; corpus version {}", doc.hash, version.tag()),
    });
    if let Some(who) = &who {
        csl["author"] = serde_json::json!([{"literal": who}]);
    }
    if let Some(u) = &url {
        csl["URL"] = u.clone().into();
    }
    if let Some(place) = &doc.place {
        csl["event-place"] = place.clone().into();
    }
    if let Some(date) = &doc.date {
        let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
        if !parts.is_empty() {
            csl["issued"] = serde_json::json!({"date-parts": [parts]});
        }
    }
    let page = CitePage {
        frame: Frame::new(format!("Cite {}", doc.id), "", &version),
        licence: licence(&doc),
        csl: serde_json::to_string_pretty(&serde_json::json!([csl])).unwrap_or_default(),
        start,
        end,
        passage,
        speaker,
        url,
        passage_digest,
        citation,
        doc,
    };
    render(&page, &version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_checked() {
        assert_eq!(parse_range("10-20").unwrap(), (10, 20));
        assert!(parse_range("20-10").is_err());
        assert!(parse_range("a-b").is_err());
        assert!(parse_range("10").is_err());
        assert!(parse_range("0-999999999").is_err());
    }
}
