//! `robots.txt` (RFC 9309): the group for our product token, else `*`;
//! `Allow`/`Disallow` with `*` and `$`, the longest match winning (`Allow`
//! on a tie); and the non-standard `Crawl-delay`.

use std::time::Duration;

/// The rules that apply to us.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Robots {
    /// `(allow, pattern)`
    rules: Vec<(bool, String)>,
    crawl_delay: Option<Duration>,
}

/// RFC 9309 asks crawlers to read at least 500 KiB.
const MAX_BYTES: usize = 512 * 1024;
/// A longer `Crawl-delay` than this is taken as this.
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(120);

#[derive(Default)]
struct Group {
    agents: Vec<String>,
    rules: Vec<(bool, String)>,
    crawl_delay: Option<Duration>,
}

impl Robots {
    /// Everything allowed, no crawl delay (a missing `robots.txt`).
    pub(crate) fn allow_all() -> Robots {
        Robots::default()
    }

    /// The rules of `text` for the product token `token`.
    pub(crate) fn parse(text: &[u8], token: &str) -> Robots {
        let text = &text[..text.len().min(MAX_BYTES)];
        let text = String::from_utf8_lossy(text);
        let mut groups: Vec<Group> = Vec::new();
        // Whether the last line was a user-agent line (consecutive ones
        // share a group).
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push(Group::default());
                    }
                    in_agents = true;
                    // The product token: up to a version or comment.
                    let agent = value
                        .split(|c: char| c == '/' || c.is_whitespace())
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if let Some(g) = groups.last_mut() {
                        g.agents.push(agent);
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(g) = groups.last_mut() {
                        if !value.is_empty() {
                            g.rules.push((key == "allow", value.to_string()));
                        }
                    }
                }
                "crawl-delay" => {
                    in_agents = false;
                    if let (Some(g), Ok(secs)) = (groups.last_mut(), value.parse::<f64>()) {
                        if secs.is_finite() && secs >= 0.0 {
                            let d = Duration::from_secs_f64(secs).min(MAX_CRAWL_DELAY);
                            g.crawl_delay = Some(g.crawl_delay.map_or(d, |c| c.max(d)));
                        }
                    }
                }
                // Sitemap and unknown lines neither open nor close a group.
                _ => {}
            }
        }
        let token = token.to_ascii_lowercase();
        let ours = |g: &&Group| g.agents.contains(&token);
        let star = |g: &&Group| g.agents.iter().any(|a| a == "*");
        let chosen: Vec<&Group> = if groups.iter().any(|g| ours(&g)) {
            groups.iter().filter(ours).collect()
        } else {
            groups.iter().filter(star).collect()
        };
        Robots {
            rules: chosen.iter().flat_map(|g| g.rules.clone()).collect(),
            crawl_delay: chosen.iter().filter_map(|g| g.crawl_delay).max(),
        }
    }

    /// Whether we may request `path` (path and query, starting with `/`).
    pub(crate) fn allowed(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern.as_bytes(), path.as_bytes()) {
                let len = pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }

    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }
}

/// Whether `pattern` (with `*` for any run of bytes and a final `$` for the
/// end) matches a prefix of `path` (all of it with `$`).
fn matches(pattern: &[u8], path: &[u8]) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix(b"$") {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    // Iterative wildcard matching with backtracking to the last `*`.
    let (mut p, mut s) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p == pattern.len() && (!anchored || s == path.len()) {
            return true;
        }
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, s));
            p += 1;
        } else if p < pattern.len() && s < path.len() && pattern[p] == path[s] {
            p += 1;
            s += 1;
        } else if let Some((sp, ss)) = star.filter(|&(_, ss)| ss < path.len()) {
            p = sp + 1;
            s = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &str = "\
# comment
User-agent: *
Disallow: /events/president/news/1006
Disallow: /search
Allow: /search/help
Crawl-delay: 5

User-agent: BadBot
User-agent: stenogram-ng
Disallow: /
";

    #[test]
    fn the_star_group_applies_when_ours_is_absent() {
        let r = Robots::parse(TXT.as_bytes(), "stenogram");
        assert!(!r.allowed("/events/president/news/1006"));
        assert!(!r.allowed("/events/president/news/1006/videos"));
        assert!(r.allowed("/events/president/news/100"));
        // Rules are prefixes.
        assert!(!r.allowed("/events/president/news/10060"));
        assert!(!r.allowed("/search?q=x"));
        assert!(r.allowed("/search/help"), "longest match wins");
        assert!(r.allowed("/robots.txt"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(5)));
    }

    #[test]
    fn our_group_wins_and_groups_for_us_merge() {
        let txt = "User-agent: *\nDisallow: /\n\nUser-agent: Stenogram/0.1\nDisallow: /a\nCrawl-delay: 1.5\n\nUser-agent: other\nDisallow: /b\nuser-agent: STENOGRAM\nDisallow: /c\n";
        let r = Robots::parse(txt.as_bytes(), "stenogram");
        assert!(r.allowed("/events/all/feed"));
        assert!(!r.allowed("/a/1"));
        assert!(
            !r.allowed("/c"),
            "the group naming us with another agent applies too"
        );
        assert!(r.allowed("/b"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_millis(1500)));
    }

    #[test]
    fn wildcards_anchors_and_ties() {
        let txt = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /events/*/page/\nAllow: /p\nDisallow: /p\nDisallow:\n";
        let r = Robots::parse(txt.as_bytes(), "stenogram");
        assert!(!r.allowed("/docs/a.pdf"));
        assert!(r.allowed("/docs/a.pdf?x=1"));
        assert!(!r.allowed("/events/president/transcripts/page/2"));
        assert!(r.allowed("/events/president/transcripts/78000"));
        assert!(r.allowed("/p"), "allow wins a tie");
        assert!(matches(b"/a*b*c", b"/axxbyyc/d"));
        assert!(!matches(b"/a*b*c$", b"/axxbyycd"));
        assert!(matches(b"*", b""));
    }

    #[test]
    fn empty_or_garbage_allows_all() {
        let r = Robots::parse(b"", "stenogram");
        assert_eq!(r, Robots::allow_all());
        let r = Robots::parse(b"<html><body>Not here</body></html>\n\xff\xfe", "stenogram");
        assert!(r.allowed("/anything"));
        let r = Robots::parse(b"Disallow: /\n", "stenogram");
        assert!(r.allowed("/x"), "rules outside any group are ignored");
    }
}
