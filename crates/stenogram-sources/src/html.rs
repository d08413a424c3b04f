//! kremlin.ru event pages (HTML): the page's metadata, and its body
//! rendered to the text layout the core parses (one paragraph per line, as
//! a browser shows it).
//!
//! Rendering: block elements (`p`, `div`, headings, list items …) and `<br>`
//! break lines; runs of ASCII white space collapse to one space (the source
//! is hard-wrapped) and lines are trimmed; every other character is kept,
//! no-break spaces inside a line included. Everything marked `masha-ignore` (media, sliders, person
//! tooltips, tag lists) is left out, except the "See also" box, which
//! becomes a line `See also` (an artefact for the parser) and is listed in
//! the page metadata. Speaker labels need no special case: a label split
//! over several `<b>`, with the colon outside the bold, or inside a person
//! link renders to the same `Name: …` line, and the tooltip inside the link
//! is `masha-ignore`.

use scraper::{ElementRef, Html, Node, Selector};
use stenogram_core::PageMeta;

use crate::raw::{normalise_date, Metadata};

/// What a kremlin.ru page yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The event id (`53077`), from the article's `id="event-53077"`.
    pub id: Option<String>,
    pub text: String,
    pub meta: Metadata,
    pub page: PageMeta,
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAPage(pub String);

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a valid selector")
}

/// Does this look like HTML (for telling inputs apart by content)?
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<html")
}

/// Reads a kremlin.ru event page.
pub fn read_page(html: &str) -> Result<Page, NotAPage> {
    let doc = Html::parse_document(html);
    let article = doc
        .select(&selector("article.read__in"))
        .next()
        .or_else(|| doc.select(&selector("article.hentry")).next())
        .ok_or_else(|| {
            let title = doc
                .select(&selector("title"))
                .next()
                .map(|t| collapse(&t.text().collect::<String>()))
                .unwrap_or_default();
            NotAPage(format!(
                "not a kremlin.ru event page (no <article class=\"read__in\">; page title {title:?})"
            ))
        })?;
    let first_text = |root: ElementRef, css: &str| -> Option<String> {
        root.select(&selector(css))
            .next()
            .map(|e| collapse(&e.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    };
    let id = article
        .value()
        .attr("id")
        .and_then(|id| id.strip_prefix("event-"))
        .map(str::to_owned);
    let title = first_text(article, "h1.entry-title");
    let date = article
        .select(&selector("time.read__published"))
        .next()
        .and_then(|t| t.value().attr("datetime"))
        .and_then(normalise_date);
    let mut page = PageMeta {
        summary: article
            .select(&selector("div.read__lead"))
            .next()
            .map(|lead| render(lead).trim_end().to_owned())
            .filter(|t| !t.is_empty()),
        time: first_text(article, "div.read__time"),
        source_id: id.clone(),
        ..PageMeta::default()
    };
    let place = first_text(article, "div.read__place");
    for column in article.select(&selector("div.read__tagscol")) {
        let Some(heading) = first_text(column, "h3") else {
            continue;
        };
        let tags: Vec<String> = column
            .select(&selector("a[rel=tag]"))
            .map(|a| collapse(&a.text().collect::<String>()))
            .filter(|t| !t.is_empty())
            .collect();
        if !tags.is_empty() {
            page.tags.insert(heading, tags);
        }
    }
    for status in article.select(&selector("div.read__status p")) {
        let text = collapse(&status.text().collect::<String>()).replace('\u{a0}', " ");
        if let Some(list) = text.strip_prefix("Published in sections:") {
            page.sections = list
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
        }
    }
    // Saved pages have their links rewritten to local files: only an
    // absolute URL is canonical; else the page's permalink.
    let absolute = |url: &str| url.starts_with("http://") || url.starts_with("https://");
    page.canonical_url = doc
        .select(&selector("link[rel=canonical]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .filter(|href| absolute(href))
        .map(str::to_owned)
        .or_else(|| first_text(doc.root_element(), "span.material_link").filter(|u| absolute(u)))
        .or_else(|| {
            article
                .select(&selector("a.print_link"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .filter(|href| absolute(href))
                .map(str::to_owned)
        });
    page.licence = doc
        .select(&selector(".footer__license"))
        .next()
        .map(|l| collapse(&l.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let url = id
        .as_ref()
        .map(|id| format!("http://en.kremlin.ru/events/president/news/{id}"));
    let body = article.select(&selector("div.entry-content")).next();
    let text = body.map(render).unwrap_or_default();
    let mut see_also = Vec::new();
    if let Some(body) = body {
        for cut in body.select(&selector("div.read__cut")) {
            for item in cut.select(&selector("a.cut__item, a.cut__link")) {
                see_also.push(serde_json::json!({
                    "title": collapse(&item.text().collect::<String>()),
                    "url": item.value().attr("href"),
                }));
            }
        }
    }
    let mut extra = serde_json::Map::new();
    extra.insert("format".into(), "kremlin-html".into());
    if let Some(place) = &place {
        extra.insert("place".into(), place.clone().into());
    }
    if !see_also.is_empty() {
        extra.insert("see_also".into(), see_also.into());
    }
    let page_json = serde_json::to_value(&page).unwrap_or_default();
    if let serde_json::Value::Object(fields) = page_json {
        extra.extend(fields);
    }
    Ok(Page {
        id,
        text,
        meta: Metadata {
            title,
            date,
            url,
            extra,
        },
        page,
    })
}

/// Collapses ASCII white space runs to one space and trims them.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Block elements: each starts and ends a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "pre",
    "hr",
    "aside",
    "nav",
    "main",
];

/// Elements whose content is never text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "img",
];

struct Renderer {
    out: String,
    line: String,
    space: bool,
}

impl Renderer {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                self.space = !self.line.is_empty();
            } else {
                if self.space {
                    self.line.push(' ');
                    self.space = false;
                }
                self.line.push(c);
            }
        }
    }

    /// Ends the line, trimmed of white space at both ends (no-break spaces
    /// included, as a browser's copy does; inside the line they stay).
    fn break_line(&mut self) {
        let line = self.line.trim_matches(char::is_whitespace);
        if !line.is_empty() {
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.line.clear();
        self.space = false;
    }

    fn walk(&mut self, element: ElementRef) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.name();
                    if e.has_class("read__cut", scraper::CaseSensitivity::CaseSensitive) {
                        self.break_line();
                        self.line.push_str("See also");
                        self.break_line();
                        continue;
                    }
                    if e.has_class("masha-ignore", scraper::CaseSensitivity::CaseSensitive)
                        || SKIPPED.contains(&name)
                    {
                        continue;
                    }
                    if name == "br" {
                        self.break_line();
                        continue;
                    }
                    let block = BLOCKS.contains(&name);
                    if block {
                        self.break_line();
                    }
                    if matches!(name, "td" | "th") && !self.line.is_empty() {
                        self.space = true;
                    }
                    self.walk(child);
                    if block {
                        self.break_line();
                    }
                }
                _ => {}
            }
        }
    }
}

/// The text of an element in the transcript layout.
fn render(element: ElementRef) -> String {
    let mut renderer = Renderer {
        out: String::new(),
        line: String::new(),
        space: false,
    };
    renderer.walk(element);
    renderer.break_line();
    renderer.out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html><html><head><title>T</title>
<link rel="canonical" href="http://en.kremlin.ru/events/president/news/99"></head><body>
<article class="read__in hentry h-entry" id="event-99">
<h1 class="entry-title p-name">Meeting   with
 students</h1>
<div class="read__lead entry-summary"><p>The President met
students.</p></div>
<time class="read__published" datetime="2019-05-09">May 9, 2019</time><div class="read__time">16:30</div>
<div class="read__place p-location">Moscow</div>
<div class="entry-content e-content read__internal_content">
<div class="slider masha-ignore"><p>Photo caption</p></div>
<div class="read__cut masha-ignore"><h3 class="cut__title">See also</h3><a class="cut__item" href="/events/1">Earlier talks</a></div>
<p>Lead   paragraph,
hard-wrapped.</p>
<p><b>President of Russia Vladimir Putin:</b> Good afternoon.<br>Second line.</p>
<p><b>Andrei</b> <b>Kostin</b>: Thank you.</p>
<p><a class="person_tag"><b>Anton Vaino</b><span class="read__tooltip masha-ignore">Chief of Staff</span></a>: Yes.</p>
<p>With&nbsp;no-break space.</p>
</div>
<div class="read__tagscol"><h3>Topics</h3><ul><li><a rel="tag" href="#">Education </a></li></ul></div>
<div class="read__status"><p>Published in sections: <a>News</a>, <a>Transcripts</a></p></div>
</article><div class="footer__license">All content is available under CC BY 4.0</div></body></html>"##;

    #[test]
    fn a_page_renders_to_the_text_layout() {
        let page = read_page(PAGE).unwrap();
        assert_eq!(
            page.text,
            "See also\nLead paragraph, hard-wrapped.\nPresident of Russia Vladimir Putin: Good afternoon.\nSecond line.\nAndrei Kostin: Thank you.\nAnton Vaino: Yes.\nWith\u{a0}no-break space.\n"
        );
        assert_eq!(page.id.as_deref(), Some("99"));
        assert_eq!(page.meta.title.as_deref(), Some("Meeting with students"));
        assert_eq!(page.meta.date.as_deref(), Some("2019-05-09"));
        assert_eq!(
            page.page.summary.as_deref(),
            Some("The President met students.")
        );
        assert_eq!(page.page.time.as_deref(), Some("16:30"));
        assert_eq!(page.meta.extra["place"], "Moscow");
        assert_eq!(page.page.tags["Topics"], ["Education"]);
        assert_eq!(page.page.sections, ["News", "Transcripts"]);
        assert_eq!(
            page.page.canonical_url.as_deref(),
            Some("http://en.kremlin.ru/events/president/news/99")
        );
        assert!(page.page.licence.as_deref().unwrap().contains("CC BY 4.0"));
        assert_eq!(page.meta.extra["see_also"][0]["title"], "Earlier talks");
    }

    #[test]
    fn other_pages_are_refused_with_their_title() {
        let err = read_page(
            "<html><head><title>Example Domain</title></head><body><p>Hi</p></body></html>",
        )
        .unwrap_err();
        assert!(
            err.0.contains("not a kremlin.ru event page") && err.0.contains("Example Domain"),
            "{}",
            err.0
        );
    }

    #[test]
    fn html_is_told_apart_by_content() {
        assert!(looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<html lang=en>"));
        assert!(!looks_like_html(
            "President of Russia Vladimir Putin: <…> Hello.".as_bytes()
        ));
    }
}
