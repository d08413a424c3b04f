//! The web UI: server-rendered HTML (askama templates, every piece of
//! corpus text escaped), one page per query whose whole state is in its
//! URL. Paths mirror the API's: `/search` ↔ `/api/v1/search`.

mod analysis;
mod cite;
mod claims;
mod document;
mod home;
mod search;

use askama::Template;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::ApiError;
use crate::state::SharedState;

/// The page routes.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/", get(home::home))
        .route("/search", get(search::search))
        .route("/search/hit", get(search::result))
        .route("/kwic", get(search::kwic))
        .route("/doc/{id}", get(document::document))
        .route("/speakers", get(analysis::speakers))
        .route("/speakers/{id}", get(analysis::speaker))
        .route("/claims", get(claims::claims))
        .route("/conflicts", get(claims::conflicts))
        .route("/trends", get(analysis::trends))
        .route("/keyness", get(analysis::keyness))
        .route("/collocates", get(analysis::collocates))
        .route("/reuse", get(analysis::reuse))
        .route("/cite/{doc}/{range}", get(cite::cite))
        .route("/static/app.js", get(script))
        .route("/static/style.css", get(style))
}

/// What every page shows around its content.
pub struct Frame {
    pub title: String,
    /// The nav entry to mark as current.
    pub nav: &'static str,
    /// `GENERATION-DIGEST` of the corpus the page was made from.
    pub version: String,
}

impl Frame {
    pub fn new(
        title: impl Into<String>,
        nav: &'static str,
        version: &stenogram_store::CorpusVersion,
    ) -> Frame {
        Frame {
            title: title.into(),
            nav,
            version: version.tag(),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    frame: Frame,
    status: u16,
    message: String,
}

/// A page's failure as an HTML page with the API error's status.
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let page = ErrorPage {
            frame: Frame {
                title: status.canonical_reason().unwrap_or("Error").to_owned(),
                nav: "",
                version: String::new(),
            },
            status: status.as_u16(),
            message: self.0.to_string(),
        };
        let mut response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, self.0.to_string()).into_response(),
        };
        self.0.decorate(&mut response);
        secure(&mut response);
        response
    }
}

/// Renders a template into a response with the version and safety headers.
pub fn render<T: Template>(
    page: &T,
    version: &stenogram_store::CorpusVersion,
) -> Result<Response, PageError> {
    let html = page
        .render()
        .map_err(|e| PageError(ApiError::Internal(format!("rendering: {e}"))))?;
    let mut response = Html(html).into_response();
    crate::api::stamp(&mut response, version);
    secure(&mut response);
    Ok(response)
}

/// Headers that keep corpus text inert even if a bug let markup through:
/// scripts only from this server, no plugins, no framing.
pub fn secure(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

/// Unknown pages.
pub async fn not_found() -> Response {
    PageError(ApiError::NotFound("no such page".into())).into_response()
}

async fn script() -> Response {
    static_file(
        "application/javascript; charset=utf-8",
        include_str!("../../static/app.js"),
    )
}

async fn style() -> Response {
    static_file(
        "text/css; charset=utf-8",
        include_str!("../../static/style.css"),
    )
}

fn static_file(kind: &'static str, body: &'static str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// A link target from corpus data, kept only when it is a web address.
pub fn safe_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.to_owned())
}

/// A path segment, percent-encoded.
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A query-string value, form-encoded.
pub fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A piece of text, marked or not (search snippets: `**hit**`).
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// Splits a snippet at its `**` markers.
pub fn snippet_pieces(snippet: &str) -> Vec<Piece> {
    snippet
        .split("**")
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| Piece {
            text: t.to_owned(),
            marked: i % 2 == 1,
        })
        .collect()
}

pub use crate::params::Pager;

/// A link in a pager or a list of options.
pub struct Link {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// A filter as the filter form shows it.
pub struct FilterView {
    pub speaker: String,
    pub role: String,
    pub from: String,
    pub to: String,
    pub parts: Vec<(&'static str, bool)>,
}

impl FilterView {
    pub fn of(filter: &stenogram_store::Filter) -> FilterView {
        FilterView {
            speaker: filter.speakers.first().cloned().unwrap_or_default(),
            role: filter.roles.first().cloned().unwrap_or_default(),
            from: filter.from.clone().unwrap_or_default(),
            to: filter.to.clone().unwrap_or_default(),
            parts: ["lead", "narration", "speech", "label", "artefact"]
                .into_iter()
                .map(|p| (p, filter.parts.iter().any(|x| x == p)))
                .collect(),
        }
    }
}

/// Formatting helpers every template can call as `self.…`.
pub trait Helpers {
    /// A path segment, percent-encoded.
    fn seg(&self, text: &str) -> String {
        segment(text)
    }
    /// A query value, form-encoded.
    fn enc(&self, text: &str) -> String {
        encode(text)
    }
    /// A count with thousands separators.
    fn n(&self, value: impl std::borrow::Borrow<u64>) -> String {
        thousands(*value.borrow())
    }
    /// A decimal with `places` digits.
    fn dec(&self, value: impl std::borrow::Borrow<f64>, places: usize) -> String {
        format!("{:.places$}", value.borrow())
    }
    /// An optional text, or a dash.
    fn or_dash<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or("–")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            safe_url(Some("http://en.kremlin.ru/events/1")).as_deref(),
            Some("http://en.kremlin.ru/events/1")
        );
        assert_eq!(safe_url(Some("javascript:alert(1)")), None);
        assert_eq!(safe_url(Some(" JAVASCRIPT:alert(1)")), None);
        assert_eq!(safe_url(Some("data:text/html,x")), None);
        assert_eq!(safe_url(None), None);
    }

    #[test]
    fn helpers() {
        assert_eq!(segment("a b/ü"), "a%20b%2F%C3%BC");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
        let pieces = snippet_pieces("The **Union State** is **here**.");
        assert_eq!(pieces.len(), 5);
        assert!(pieces[1].marked && !pieces[2].marked);
    }
}
