//! Web and e-mail addresses in running text. Their digits name pages and
//! people ("news/62366", "press2019@gov.ru"), they measure nothing, so no
//! figure or date is taken from inside them.

use std::ops::Range;

/// Byte ranges of the addresses in `text`: `http://…`, `https://…`,
/// `www.…`, `domain.tld/path`, and `name@domain.tld`.
pub(crate) fn link_spans(text: &str) -> Vec<Range<usize>> {
    if !(text.contains('/') || text.contains('@') || text.contains("www.")) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                if let Some(r) = link_in(&text[s..i]) {
                    out.push(s + r.start..s + r.end);
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// The address inside one white-space-free token, without the punctuation
/// around it.
fn link_in(token: &str) -> Option<Range<usize>> {
    let lead = token.len()
        - token
            .trim_start_matches(['(', '[', '<', '«', '"', '\'', '“', '‘'])
            .len();
    let core = token[lead..].trim_end_matches([
        '.', ',', ';', ':', '!', '?', ')', ']', '>', '»', '"', '\'', '”', '’',
    ]);
    if core.is_empty() {
        return None;
    }
    let lower = core.to_ascii_lowercase();
    let web = ["http://", "https://", "ftp://", "www."]
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len());
    let found = web || is_email(&lower) || is_domain_path(&lower);
    found.then(|| lead..lead + core.len())
}

/// `name@domain.tld`.
fn is_email(s: &str) -> bool {
    let Some((name, domain)) = s.split_once('@') else {
        return false;
    };
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && is_domain(domain)
}

/// `kremlin.ru/acts/2019/5`: a domain, then a path.
fn is_domain_path(s: &str) -> bool {
    match s.split_once('/') {
        Some((domain, _)) => is_domain(domain),
        None => false,
    }
}

/// `en.kremlin.ru`: labels of letters, digits and hyphens, the last one
/// (the top-level domain) two to six letters.
fn is_domain(s: &str) -> bool {
    let mut labels = s.split('.');
    let Some(tld) = s.rsplit('.').next() else {
        return false;
    };
    s.contains('.')
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && labels.all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        link_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn addresses_are_found_without_their_punctuation() {
        assert_eq!(
            found("See http://en.kremlin.ru/events/president/news/62366, or (www.kremlin.ru/acts/2019/5)."),
            ["http://en.kremlin.ru/events/president/news/62366", "www.kremlin.ru/acts/2019/5"]
        );
        assert_eq!(found("Write to press2019@gov.ru."), ["press2019@gov.ru"]);
        assert_eq!(
            found("kremlin.ru/acts/2019/5 and a.b"),
            ["kremlin.ru/acts/2019/5"]
        );
    }

    #[test]
    fn figures_with_slashes_are_no_addresses() {
        assert!(found("60 km/h, 2019/2020, 3/4 of it, 1.5/2 and 24/7").is_empty());
        assert!(found("the price was $5.5/barrel").is_empty());
        assert!(found("no @ here, @user").is_empty());
    }
}
