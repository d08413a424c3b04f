//! The site's address and the paths on it: every URL the fetcher requests is
//! built here from the base URL, so no other host can be reached.

/// The base URL, split: `http://en.kremlin.ru` → scheme `http`, authority
/// `en.kremlin.ru`.
#[derive(Debug, Clone)]
pub(crate) struct Base {
    origin: String,
    authority: String,
}

impl Base {
    pub(crate) fn parse(s: &str) -> Result<Base, String> {
        let s = s.trim().trim_end_matches('/');
        let (scheme, rest) = s
            .split_once("://")
            .ok_or_else(|| format!("base URL {s:?} has no scheme"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!("base URL {s:?}: only http and https are supported"));
        }
        if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
            return Err(format!(
                "base URL {s:?} must be a scheme and host only, like http://en.kremlin.ru"
            ));
        }
        let authority = strip_default_port(&scheme, &rest.to_ascii_lowercase());
        Ok(Base {
            origin: format!("{scheme}://{authority}"),
            authority,
        })
    }

    /// The absolute URL of a path on the site (`path` starts with `/`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// The path of `href` if it points to this site (absolute with our host,
    /// protocol-relative, or absolute-path), else `None`. A link with our
    /// host but another scheme is mapped onto the base URL's scheme.
    pub(crate) fn site_path(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.starts_with('/') && !href.starts_with("//") {
            return Some(href.to_string());
        }
        let rest = if let Some(r) = href.strip_prefix("//") {
            r
        } else {
            let (scheme, r) = href.split_once("://")?;
            let scheme = scheme.to_ascii_lowercase();
            if scheme != "http" && scheme != "https" {
                return None;
            }
            r
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = rest[..end].to_ascii_lowercase();
        let same = authority == self.authority
            || strip_default_port("http", &authority) == self.authority
            || strip_default_port("https", &authority) == self.authority;
        if !same {
            return None;
        }
        let path = &rest[end..];
        Some(if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        })
    }
}

fn strip_default_port(scheme: &str, authority: &str) -> String {
    let default = if scheme == "https" { ":443" } else { ":80" };
    authority
        .strip_suffix(default)
        .unwrap_or(authority)
        .to_string()
}

/// The canonical path of an event page (`/events/president/news/78000`:
/// under `/events/`, ending in a number that is not a listing page number),
/// without query or fragment, and its id.
pub(crate) fn event_path(path: &str) -> Option<(String, String)> {
    let path = path.split(['?', '#']).next()?;
    let path = path.trim_end_matches('/');
    let id = event_id(path)?.to_string();
    Some((path.to_string(), id))
}

/// The kremlin.ru event id of an event page URL or path: its trailing number
/// (`http://en.kremlin.ru/events/president/transcripts/78000` → `78000`).
/// `None` for anything that is not an event page (listing pages such as
/// `/events/president/transcripts/page/2` included).
pub fn event_id(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next()?.trim_end_matches('/');
    let path = match path.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/')?..],
        None => path,
    };
    let mut segments = path.rsplit('/');
    let id = segments.next()?;
    let before = segments.next()?;
    let is_event = !id.is_empty()
        && id.len() <= 12
        && id.bytes().all(|b| b.is_ascii_digit())
        && before != "page"
        && path.starts_with("/events/")
        && segments.next().is_some_and(|s| !s.is_empty());
    is_event.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_scheme_and_host_only() {
        let b = Base::parse("http://en.kremlin.ru/").unwrap();
        assert_eq!(b.url("/robots.txt"), "http://en.kremlin.ru/robots.txt");
        let b = Base::parse("HTTP://127.0.0.1:8080").unwrap();
        assert_eq!(b.url("/x"), "http://127.0.0.1:8080/x");
        assert!(Base::parse("en.kremlin.ru").is_err());
        assert!(Base::parse("ftp://en.kremlin.ru").is_err());
        assert!(Base::parse("http://en.kremlin.ru/events").is_err());
        assert!(Base::parse("http://user@evil.example").is_err());
    }

    #[test]
    fn only_links_to_our_host_have_a_site_path() {
        let b = Base::parse("http://en.kremlin.ru").unwrap();
        let p = |h: &str| b.site_path(h);
        assert_eq!(
            p("/events/president/news/1").unwrap(),
            "/events/president/news/1"
        );
        assert_eq!(
            p("https://en.kremlin.ru/events/president/news/1").unwrap(),
            "/events/president/news/1"
        );
        assert_eq!(p("http://EN.kremlin.ru:80/a?b").unwrap(), "/a?b");
        assert_eq!(p("//en.kremlin.ru/a").unwrap(), "/a");
        assert_eq!(p("http://en.kremlin.ru").unwrap(), "/");
        assert_eq!(p("http://kremlin.ru/events/president/news/1"), None);
        assert_eq!(p("http://en.kremlin.ru.evil.example/a"), None);
        assert_eq!(p("//evil.example/a"), None);
        assert_eq!(p("mailto:x@en.kremlin.ru"), None);
        assert_eq!(p("javascript:void(0)"), None);
        assert_eq!(p("news/1"), None);
    }

    #[test]
    fn event_ids_are_trailing_numbers_of_event_pages() {
        assert_eq!(
            event_id("http://en.kremlin.ru/events/president/news/78000"),
            Some("78000")
        );
        assert_eq!(
            event_id("/events/president/transcripts/78000/"),
            Some("78000")
        );
        assert_eq!(
            event_id("/events/president/transcripts/78000#sel=1"),
            Some("78000")
        );
        assert_eq!(event_id("/events/president/transcripts/page/2"), None);
        assert_eq!(event_id("/events/president/transcripts"), None);
        assert_eq!(event_id("/catalog/persons/1"), None);
        assert_eq!(event_id("/events/1"), None);
        assert_eq!(
            event_path("/events/president/news/5?print=1"),
            Some(("/events/president/news/5".into(), "5".into()))
        );
    }
}
