//! Finding event pages: the Atom feed (`/events/all/feed`) and the
//! transcript listing pages (`/events/president/transcripts/page/N`).
//! Both are read with quick-xml's tokenizer: strictly for the feed, leniently
//! (void elements, unclosed tags, raw-text `<script>`) for the HTML listing.

use quick_xml::encoding::Decoder;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use stenogram_core::Day;

use crate::url::{event_path, Base};

/// An event page found in the feed or on a listing page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Canonical path on the site (`/events/president/news/78000`).
    pub path: String,
    /// The event id (the trailing number).
    pub id: String,
    /// The event's day, if the feed or listing gave one.
    pub date: Option<Day>,
}

fn local(name: &[u8]) -> String {
    let name = match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

fn attr(e: &BytesStart, decoder: Decoder, reader_html: bool, name: &str) -> Option<String> {
    let mut attrs = if reader_html {
        e.html_attributes()
    } else {
        e.attributes()
    };
    attrs.with_checks(false);
    for a in attrs.flatten() {
        if local(a.key.as_ref()) == name {
            let value = a
                .decode_and_unescape_value(decoder)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
            return Some(value);
        }
    }
    None
}

/// The day of an RFC 3339 (`2025-03-10T12:00:00+03:00`), ISO
/// (`2025-03-10`) or RFC 822 (`Mon, 10 Mar 2025 12:00:00 +0300`) date, as
/// written (the site's own time zone).
fn parse_day(s: &str) -> Option<Day> {
    let s = s.trim();
    if let Some(d) = Day::parse_iso(s) {
        return Some(d);
    }
    let s = s.split_once(',').map_or(s, |(_, rest)| rest);
    let mut parts = s.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.get(..3)?.to_ascii_lowercase();
    let month = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| *m == month)? as u32
        + 1;
    let year: i32 = parts.next()?.parse().ok()?;
    Day::new(year, month, day)
}

/// The event pages of an Atom feed (`<entry>` with `<link href>` and
/// `<published>` or `<updated>`), or of an RSS 2.0 feed (`<item>` with
/// `<link>` and `<pubDate>`), in feed order. Links off the site and links
/// that are not event pages are left out.
pub(crate) fn parse_feed(body: &[u8], base: &Base) -> Result<Vec<Entry>, String> {
    let text = String::from_utf8_lossy(body);
    let mut reader = Reader::from_str(&text);
    let mut entries: Vec<Entry> = Vec::new();
    // Inside an entry: its link and dates.
    let mut current: Option<(Option<String>, Option<String>, Option<String>)> = None;
    // The text element being read inside an entry.
    let mut field: Option<String> = None;
    let mut buf = String::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("feed is not well-formed XML: {e}"))?;
        match event {
            Event::Start(e) if current.is_none() => {
                let name = local(e.name().as_ref());
                if name == "entry" || name == "item" {
                    current = Some((None, None, None));
                }
            }
            Event::Empty(_) if current.is_none() => {}
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = local(e.name().as_ref());
                let is_empty = matches!(event, Event::Empty(_));
                let cur = current.as_mut().expect("inside an entry");
                if name == "link" {
                    let rel = attr(e, reader.decoder(), false, "rel");
                    if let Some(href) = attr(e, reader.decoder(), false, "href") {
                        if rel.is_none_or(|r| r == "alternate") && cur.0.is_none() {
                            cur.0 = Some(href);
                        }
                    } else if !is_empty {
                        field = Some(name);
                        buf.clear();
                    }
                } else if !is_empty
                    && matches!(name.as_str(), "published" | "updated" | "pubdate" | "date")
                {
                    field = Some(name);
                    buf.clear();
                }
            }
            Event::Text(t) if field.is_some() => {
                buf.push_str(&t.decode().map_err(|e| e.to_string())?);
            }
            Event::CData(t) if field.is_some() => {
                buf.push_str(&t.decode().map_err(|e| e.to_string())?);
            }
            Event::GeneralRef(r) if field.is_some() => {
                let name = r.decode().map_err(|e| e.to_string())?;
                if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    buf.push_str(s);
                }
            }
            Event::End(e) => {
                let name = local(e.name().as_ref());
                if let (Some(f), Some(cur)) = (&field, current.as_mut()) {
                    if *f == name {
                        let value = std::mem::take(&mut buf).trim().to_string();
                        match name.as_str() {
                            "link" if cur.0.is_none() => cur.0 = Some(value),
                            "published" | "pubdate" | "date" => cur.1 = Some(value),
                            "updated" => cur.2 = Some(value),
                            _ => {}
                        }
                        field = None;
                    }
                }
                if name == "entry" || name == "item" {
                    if let Some((Some(link), published, updated)) = current.take() {
                        let date = published
                            .as_deref()
                            .and_then(parse_day)
                            .or_else(|| updated.as_deref().and_then(parse_day));
                        push_entry(&mut entries, base, &link, date);
                    }
                    current = None;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(entries)
}

fn push_entry(entries: &mut Vec<Entry>, base: &Base, href: &str, date: Option<Day>) {
    let Some((path, id)) = base.site_path(href).and_then(|p| event_path(&p)) else {
        return;
    };
    if let Some(e) = entries.iter_mut().find(|e| e.path == path) {
        if e.date.is_none() {
            e.date = date;
        }
        return;
    }
    entries.push(Entry { path, id, date });
}

/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];
/// Elements whose content is not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// An open element of a listing page.
struct Frame {
    name: String,
    /// Index in `hentries` if this element is an `h-entry`.
    hentry: Option<usize>,
    /// Distinct event paths linked inside it.
    links: Vec<String>,
    /// The first `<time datetime>` inside it.
    time: Option<Day>,
    /// Whether an element inside it already made an entry.
    claimed: bool,
}

impl Frame {
    fn new(name: String, hentry: Option<usize>) -> Frame {
        Frame {
            name,
            hentry,
            links: Vec::new(),
            time: None,
            claimed: false,
        }
    }
}

/// Closes the innermost open element: an element holding one event link
/// and a time, with no such element inside it, is an entry; what it holds
/// counts for its parent too.
fn close(stack: &mut Vec<Frame>, generic: &mut Vec<(String, Day)>) {
    let Some(mut frame) = stack.pop() else { return };
    if let (false, [link], Some(time)) = (frame.claimed, frame.links.as_slice(), frame.time) {
        generic.push((link.clone(), time));
        frame.claimed = true;
    }
    if let Some(parent) = stack.last_mut() {
        for l in frame.links {
            if !parent.links.contains(&l) {
                parent.links.push(l);
            }
        }
        if parent.time.is_none() {
            parent.time = frame.time;
        }
        parent.claimed |= frame.claimed;
    }
}

/// The event pages of a listing page, in page order (newest first on
/// kremlin.ru). An entry is an element whose class is `hentry` or `h-entry`
/// (microformats, as the site marks them up), with its first link to an
/// event page and its first `<time datetime>`. On a page without such
/// elements, an entry is the innermost element holding exactly one event
/// page (however many links to it) and a `<time datetime>`; links with no
/// time beside them (menus, pinned news) are not entries.
pub(crate) fn parse_listing(body: &[u8], base: &Base) -> Vec<Entry> {
    let html = String::from_utf8_lossy(body);
    let bytes = html.as_bytes();
    // h-entry elements: (first event path, first time).
    let mut hentries: Vec<(Option<String>, Option<Day>)> = Vec::new();
    let mut generic: Vec<(String, Day)> = Vec::new();
    // The bottom frame stands for the document; it never makes an entry.
    let mut stack: Vec<Frame> = vec![Frame::new(String::new(), None)];
    let mut offset = 0usize;
    let mut reader = html_reader(&html[offset..]);
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(_) => {
                // Skip to the next tag after the bad spot and read on.
                let from = offset + (reader.buffer_position() as usize).max(1);
                match bytes
                    .get(from..)
                    .and_then(|r| r.iter().position(|&b| b == b'<'))
                {
                    Some(i) => {
                        offset = from + i;
                        reader = html_reader(&html[offset..]);
                        continue;
                    }
                    None => break,
                }
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = local(e.name().as_ref());
                let hentry_here = |stack: &[Frame]| stack.iter().rev().find_map(|f| f.hentry);
                match name.as_str() {
                    "a" => {
                        let href = attr(e, reader.decoder(), true, "href");
                        if let Some(path) = href.as_deref().and_then(|h| event_link(base, h)) {
                            if let Some(i) = hentry_here(&stack) {
                                hentries[i].0.get_or_insert_with(|| path.clone());
                            }
                            let top = stack.last_mut().expect("the document frame");
                            if !top.links.contains(&path) {
                                top.links.push(path);
                            }
                        }
                    }
                    "time" => {
                        let datetime = attr(e, reader.decoder(), true, "datetime");
                        if let Some(d) = datetime.as_deref().and_then(parse_day) {
                            if let Some(i) = hentry_here(&stack) {
                                hentries[i].1.get_or_insert(d);
                            }
                            stack
                                .last_mut()
                                .expect("the document frame")
                                .time
                                .get_or_insert(d);
                        }
                    }
                    _ => {}
                }
                if matches!(event, Event::Empty(_)) || VOID.contains(&name.as_str()) {
                    continue;
                }
                if RAW_TEXT.contains(&name.as_str()) {
                    // Jump to its end tag, whatever the content looks like.
                    let from = offset + reader.buffer_position() as usize;
                    let end = format!("</{name}");
                    match find_ci(&bytes[from..], end.as_bytes()) {
                        Some(i) => {
                            offset = from + i;
                            reader = html_reader(&html[offset..]);
                            continue;
                        }
                        None => break,
                    }
                }
                let is_hentry = attr(e, reader.decoder(), true, "class").is_some_and(|c| {
                    c.split_ascii_whitespace()
                        .any(|c| c == "hentry" || c == "h-entry")
                });
                let index = is_hentry.then(|| {
                    hentries.push((None, None));
                    hentries.len() - 1
                });
                stack.push(Frame::new(name, index));
            }
            Event::End(e) => {
                let name = local(e.name().as_ref());
                // An end tag closes the innermost open element of its name
                // and everything left open inside it; a stray one is ignored.
                if let Some(i) = stack.iter().skip(1).rposition(|f| f.name == name) {
                    while stack.len() > i + 1 {
                        close(&mut stack, &mut generic);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    while stack.len() > 1 {
        close(&mut stack, &mut generic);
    }
    let mut entries: Vec<Entry> = Vec::new();
    let found: Vec<(String, Option<Day>)> = if hentries.is_empty() {
        generic.into_iter().map(|(p, d)| (p, Some(d))).collect()
    } else {
        hentries
            .into_iter()
            .filter_map(|(p, d)| Some((p?, d)))
            .collect()
    };
    for (path, date) in found {
        if let Some(e) = entries.iter_mut().find(|e| e.path == path) {
            e.date = e.date.or(date);
        } else if let Some((path, id)) = event_path(&path) {
            entries.push(Entry { path, id, date });
        }
    }
    entries
}

/// The canonical event path `href` points to, if it is an event page here.
fn event_link(base: &Base, href: &str) -> Option<String> {
    base.site_path(href)
        .and_then(|p| event_path(&p))
        .map(|(p, _)| p)
}

fn html_reader(s: &str) -> Reader<&[u8]> {
    let mut r = Reader::from_str(s);
    let c = r.config_mut();
    c.check_end_names = false;
    c.allow_unmatched_ends = true;
    c.check_comments = false;
    c.allow_dangling_amp = true;
    r
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Base {
        Base::parse("http://en.kremlin.ru").unwrap()
    }

    fn day(s: &str) -> Option<Day> {
        Day::parse_iso(s)
    }

    #[test]
    fn atom_entries_give_links_and_dates() {
        let feed = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>President of Russia</title>
  <link href="http://en.kremlin.ru/events/all/feed" rel="self"/>
  <updated>2025-03-10T18:00:00+03:00</updated>
  <entry>
    <title>Meeting with &amp; about things</title>
    <link rel="enclosure" href="http://static.kremlin.ru/media/1.jpg"/>
    <link href="http://en.kremlin.ru/events/president/transcripts/1010" rel="alternate"/>
    <id>http://en.kremlin.ru/events/president/transcripts/1010</id>
    <published>2025-03-10T17:30:00+03:00</published>
    <updated>2025-03-11T09:00:00+03:00</updated>
  </entry>
  <entry>
    <link href="/events/president/news/1009"/>
    <updated>2025-03-08T10:00:00+03:00</updated>
  </entry>
  <entry><link href="http://evil.example/events/president/news/1"/></entry>
  <entry><link href="http://en.kremlin.ru/catalog/persons/300"/></entry>
  <entry><link href="http://en.kremlin.ru/events/president/news/1008"/></entry>
</feed>"#;
        let entries = parse_feed(feed.as_bytes(), &base()).unwrap();
        assert_eq!(
            entries,
            vec![
                Entry {
                    path: "/events/president/transcripts/1010".into(),
                    id: "1010".into(),
                    date: day("2025-03-10")
                },
                Entry {
                    path: "/events/president/news/1009".into(),
                    id: "1009".into(),
                    date: day("2025-03-08")
                },
                Entry {
                    path: "/events/president/news/1008".into(),
                    id: "1008".into(),
                    date: None
                },
            ]
        );
    }

    #[test]
    fn rss_items_work_too_and_bad_xml_is_an_error() {
        let rss = "<rss><channel><item><link>http://en.kremlin.ru/events/president/news/7</link>\
                   <pubDate>Mon, 10 Mar 2025 12:00:00 +0300</pubDate></item></channel></rss>";
        let entries = parse_feed(rss.as_bytes(), &base()).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].id, "7");
        assert_eq!(entries[0].date, day("2025-03-10"));
        assert!(parse_feed(b"<feed><entry></feed>", &base()).is_err());
    }

    #[test]
    fn listing_entries_are_h_entry_elements() {
        let html = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Transcripts < President</title>
<script>if (a < b && c > d) { document.write("<a href='/events/president/news/999'>x</a>"); }</script>
<style>a<b{}</style></head>
<body>
<nav><a href="/events/president/news/998">Latest</a><a href=/events/president/transcripts/page/2>Next</a></nav>
<div class="hentry h-entry hentry_event" data-id=1010>
  <h3 class=hentry__title><a href="/events/president/transcripts/1010" class="tabs_article">
    <span class="entry-title p-name">Meeting &nbsp; on the economy<br></span></a></h3>
  <p><img src=/static/1.jpg alt="">Some summary with a stray </span> end tag
  <div class="hentry__meta"><time class="published dt-published" datetime="2025-03-10">March 10, 2025</time></div>
</div>
<div class="hentry h-entry"><div class="hentry__meta"><time datetime="2025-03-08T15:00:00+03:00">March 8</time></div>
  <h3><a href="http://en.kremlin.ru/events/president/news/1009?sel=1#top">News</a></h3>
  <a href="/events/president/news/1009">again</a>
</div>
<div class="hentry h-entry"><p>No link at all <time datetime="2025-03-07"></time></p></div>
<DIV CLASS="h-entry"><A HREF="/events/president/transcripts/1008">Upper case</A><TIME DATETIME="2025-03-05"></TIME></DIV>
<footer><a href="/events/president/news/997">Footer</a></footer>
</body></html>"#;
        let entries = parse_listing(html.as_bytes(), &base());
        let got: Vec<(&str, Option<Day>)> =
            entries.iter().map(|e| (e.id.as_str(), e.date)).collect();
        assert_eq!(
            got,
            vec![
                ("1010", day("2025-03-10")),
                ("1009", day("2025-03-08")),
                ("1008", day("2025-03-05")),
            ]
        );
        assert_eq!(entries[1].path, "/events/president/news/1009");
    }

    #[test]
    fn listing_without_microformats_takes_elements_with_one_event_and_a_time() {
        let html = r#"<body><nav><a href="/events/president/news/1">Pinned</a></nav>
<ul>
<li><a href="/events/president/transcripts/5"><img src="x.jpg"></a><a href="/events/president/transcripts/5">Title</a> <time datetime="2025-01-05">5 Jan</time></li>
<li><time datetime="2025-01-04">4 Jan</time> <a href="/events/president/news/4">Title</a></li>
<li><a href="/events/president/news/3">No time, no entry</a></li>
<li><p><a href="/events/president/news/2">Unclosed <time datetime="2025-01-02">2 Jan</time>
</ul><footer>Updated <time datetime="2025-03-01">today</time></footer></body>"#;
        let entries = parse_listing(html.as_bytes(), &base());
        let got: Vec<(&str, Option<Day>)> =
            entries.iter().map(|e| (e.id.as_str(), e.date)).collect();
        assert_eq!(
            got,
            vec![
                ("5", day("2025-01-05")),
                ("4", day("2025-01-04")),
                ("2", day("2025-01-02"))
            ]
        );
        // A page with only menu links has no entries.
        let html =
            r#"<nav><a href="/events/president/news/1">Pinned</a></nav><p>Nothing here.</p>"#;
        assert!(parse_listing(html.as_bytes(), &base()).is_empty());
    }

    #[test]
    fn listing_parser_survives_garbage() {
        for junk in [
            &b""[..],
            b"<",
            b"<<<>>>",
            b"<a href=\"/events/president/news/1\"",
            b"<div class=\"hentry\"><a href='/events/president/news/2'>",
            b"\xff\xfe<a href=/events/president/news/3>",
            b"<script>never closed <a href='/events/president/news/4'>",
            b"<!-- unterminated comment <a href='/events/president/news/5'>",
        ] {
            let _ = parse_listing(junk, &base());
        }
        let e = parse_listing(
            b"<div class=\"hentry\"><a href='/events/president/news/2'>",
            &base(),
        );
        assert_eq!(e.len(), 1, "an unclosed entry still counts");
    }
}
