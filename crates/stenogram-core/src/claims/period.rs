//! The period a figure is for: choosing among the dates of its sentence,
//! and the words that narrow or replace them ("the first nine months",
//! "the same period", "over the past 12 years", "the year before last",
//! a war's years), in ISO 8601.

use super::byte_at;
use crate::extract::words::small_number;
use crate::model::{Bound, Mention, MentionKind, MentionValue};

/// The count written after `lead` and before `unit` in `lower` text ("the
/// first nine months": lead "first", unit "month"), in digits or words.
fn count_between(lower: &str, lead: &str, unit: &str) -> Option<u32> {
    lower.match_indices(lead).find_map(|(at, _)| {
        let rest = lower.get(at + lead.len()..)?.strip_prefix(' ')?;
        let (word, after) = rest.split_once(' ')?;
        let n = word
            .parse::<u32>()
            .ok()
            .or_else(|| small_number(word).map(|v| v as u32))?;
        after.starts_with(unit).then_some(n)
    })
}

/// A year narrowed by the words of the figure's clause: "over the first
/// three months" (this year) → `2016-01/2016-03`; "in nine months" (a date
/// nine months on, as extraction reads it) → the first nine months of the
/// year it counts from.
pub(super) fn part_of_year(period: &str, clause: &str) -> Option<String> {
    let lower = clause.to_lowercase().replace('\u{a0}', " ");
    // "in nine months" read as a date nine months after the reference.
    if let Some((y, m)) = period
        .split_once('-')
        .filter(|(y, m)| y.len() == 4 && m.len() == 2)
    {
        let (year, month): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        let n = count_between(&lower, "in", "month").filter(|n| (1..=11).contains(n))?;
        let base = year * 12 + month as i32 - 1 - n as i32;
        return Some(format!("{}-01/{}-{n:02}", base / 12, base / 12));
    }
    if !(period.len() == 4 && period.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let year = period;
    if lower.contains("first quarter") {
        return Some(format!("{year}-Q1"));
    }
    if lower.contains("first half") {
        return Some(format!("{year}-01/{year}-06"));
    }
    let months = count_between(&lower, "first", "month")
        .or_else(|| count_between(&lower, "the", "months of"))
        .filter(|n| (2..=11).contains(n));
    if let Some(n) = months {
        return Some(format!("{year}-01/{year}-{n:02}"));
    }
    let quarters = count_between(&lower, "first", "quarters")
        .or_else(|| count_between(&lower, "the", "quarters of"))
        .filter(|n| (2..=3).contains(n));
    quarters.map(|n| format!("{year}-Q1/{year}-Q{n}"))
}

/// "In the first quarter of 2012 … while in the fourth quarter": a part of
/// a year said without its year takes the year written earlier in the
/// sentence, not the document's.
pub(super) fn year_of_sentence(period: &str, date: &Mention, dates: &[&Mention]) -> String {
    let says_year = date.text.chars().filter(char::is_ascii_digit).count() >= 4;
    let lower = date.text.to_lowercase();
    let relative = ["this", "last", "next", "current", "previous"]
        .iter()
        .any(|w| lower.contains(w));
    if says_year || relative || period.len() <= 4 {
        return period.to_owned();
    }
    let written = dates
        .iter()
        .rev()
        .filter(|d| d.end <= date.start && d.text.chars().filter(char::is_ascii_digit).count() >= 4)
        .filter_map(|d| match &d.value {
            Some(MentionValue::Text(v)) => {
                v.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
            }
            _ => None,
        })
        .next();
    match written {
        Some(year) if period.get(4..5) == Some("-") => format!("{year}{}", &period[4..]),
        _ => period.to_owned(),
    }
}

/// "From 2008 to 2018", "between 2011 and 2017", "in 2011–2017" around a
/// year the figure took: the whole span.
pub(super) fn year_span(segment: &str, period: &str) -> Option<String> {
    if !(period.len() == 4 && period.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let years: Vec<(usize, &str)> = segment
        .match_indices(|c: char| c.is_ascii_digit())
        .filter_map(|(at, _)| {
            let run = segment.get(at..at + 4)?;
            let whole = run.bytes().all(|b| b.is_ascii_digit())
                && !segment[..at].ends_with(|c: char| c.is_ascii_digit())
                && !segment[at + 4..].starts_with(|c: char| c.is_ascii_digit());
            (whole && (run.starts_with("19") || run.starts_with("20"))).then_some((at, run))
        })
        .collect();
    years.windows(2).find_map(|pair| {
        let ((a_at, a), (b_at, b)) = (pair[0], pair[1]);
        let between = segment[a_at + 4..b_at].trim().to_lowercase();
        let before = segment[..a_at].trim_end().to_lowercase();
        let span = (matches!(between.as_str(), "to" | "through" | "–" | "-" | "—")
            && (before.ends_with("from") || between != "to"))
            || (between == "and" && before.ends_with("between"));
        (span && (a == period || b == period) && a < b).then(|| format!("{a}/{b}"))
    })
}

/// "Over the past 12 years", "in the last five years": the years before the
/// document's year (`2005/2016` said in 2017).
pub(super) fn past_years(segment: &str, said: Option<&str>) -> Option<String> {
    let year: i32 = said?.get(..4)?.parse().ok()?;
    let lower = segment.to_lowercase().replace('\u{a0}', " ");
    [
        "over the past",
        "in the past",
        "over the last",
        "in the last",
        "for the past",
        "for the last",
    ]
    .iter()
    .find_map(|lead| count_between(&lower, lead, "years"))
    .filter(|n| (2..=50).contains(n))
    .map(|n| format!("{}/{}", year - n as i32, year - 1))
}

/// "At the same moment in 2015", "for the same period of 2015": the
/// stretch of that year the paragraph last named, else the part of it up
/// to the month the document was said in.
pub(super) fn same_moment(
    period: &str,
    clause: &str,
    said: Option<&str>,
    last_partial: Option<&str>,
) -> Option<String> {
    if !(period.len() == 4 && period.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let lower = clause.to_lowercase().replace('\u{a0}', " ");
    // Not "at the same time" (= also).
    let same = ["same moment", "same period"]
        .iter()
        .any(|p| lower.contains(p));
    if !same {
        return None;
    }
    // The stretch the paragraph just named ("over the first three quarters
    // of this year … in 2015, the figure for the same period"), else the
    // year up to the month it was said.
    if let Some(partial) = last_partial.filter(|p| p.len() > 4 && !p.ends_with("/..")) {
        return Some(partial.replace(&partial[..4], period));
    }
    let month = said?.get(5..7)?;
    Some(format!("{period}-01/{period}-{month}"))
}
/// The years of the war a paragraph names last (up to the figure's sentence) ("during the Second World War").
pub(super) fn war_period(sentence: &str) -> Option<String> {
    const WARS: &[(&str, &str)] = &[
        ("second world war", "1939/1945"),
        ("world war ii", "1939/1945"),
        ("great patriotic war", "1941/1945"),
        ("first world war", "1914/1918"),
        ("world war i ", "1914/1918"),
    ];
    // The war named last before the figure, in its sentence or paragraph.
    let lower = sentence.to_lowercase();
    WARS.iter()
        .filter_map(|(name, years)| lower.rfind(name).map(|at| (at, years)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, years)| (*years).to_owned())
}

/// A period that is part of a year ("2019-01/2019-05", "2019-Q1",
/// "2019-H1", a month) or runs on from a date ("2019/..").
pub(super) fn is_partial(period: &str) -> bool {
    if period.ends_with("/..") {
        return true;
    }
    match period.split_once('/') {
        Some((a, b)) => a.len() > 4 && b.len() > 4 && a[..4] == b[..4],
        None => period.len() > 4,
    }
}
/// A stand-in mention at `start`, for choosing a period near a position.
pub(super) fn dummy_mention(start: usize) -> Mention {
    Mention {
        kind: MentionKind::Number,
        start,
        end: start,
        text: String::new(),
        value: None,
        high: None,
        unit: None,
        qualifier: None,
        qualifier_start: None,
        qualifier_end: None,
        bound: Bound::Exact,
        offset: None,
    }
}

/// The period of a figure: a date right after it ("71.87 in 2016"), else
/// the nearest before it in its clause ("In the fourth quarter of 2016 it
/// was 0.3 percent"), else the nearest after it in the clause, else the
/// nearest in the sentence.
pub(super) fn pick_period<'a>(
    dates: &[&'a Mention],
    m: &Mention,
    own_time: bool,
    in_clause: impl Fn(&Mention) -> bool,
    after_ok: impl Fn(&Mention) -> bool,
) -> Option<&'a Mention> {
    let right_after = dates
        .iter()
        .filter(|d| d.start >= m.end && d.start - m.end <= 12 && in_clause(d))
        .min_by_key(|d| d.start);
    let before = dates
        .iter()
        .filter(|d| d.end <= m.start && in_clause(d))
        .max_by_key(|d| d.end);
    let after = dates
        .iter()
        .filter(|d| d.start >= m.end && in_clause(d))
        .min_by_key(|d| d.start);
    // A clause that says its own time in words ("in previous years", "at
    // the moment", "per year") takes no date from the rest of the sentence.
    let anywhere = dates
        .iter()
        .filter(|d| !own_time && (d.end <= m.start || after_ok(d)))
        .min_by_key(|d| d.start.abs_diff(m.start));
    right_after.or(after).or(before).or(anywhere).copied()
}

/// Words that give a clause a time of its own without a date mention.
const OWN_TIME: &[&str] = &[
    "in previous years",
    "in past years",
    "in the past",
    "in recent years",
    "over the past",
    "over the last",
    "previously",
    "earlier",
    "at one time",
    "years ago",
    "there was a point",
    "a period when",
    "used to",
    "at the moment",
    "at present",
    "at the beginning of the year",
    "at the start of the year",
    "per year",
    "a year",
    "annually",
    "every year",
];

/// Whether `clause` says its own time in words.
pub(super) fn own_time(clause: &str) -> bool {
    // No-break spaces are common in the published texts ("In\u{a0}previous years").
    let lower: String = clause
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect::<String>()
        .to_lowercase();
    OWN_TIME.iter().any(|p| {
        lower.match_indices(p).any(|(at, _)| {
            let before_ok = at == 0 || !lower[..at].ends_with(char::is_alphanumeric);
            let end = at + p.len();
            let after_ok = end == lower.len() || !lower[end..].starts_with(char::is_alphanumeric);
            before_ok && after_ok
        })
    })
}

/// The period of a date mention, narrowed by the words around a bare year:
/// "the first nine months of this year" → `2019-01/2019-09`, "the first
/// three quarters of 2016" → `2016-Q1/2016-Q3`, "this year’s first
/// quarter" → `2019-Q1`.
pub(super) fn narrowed_period(
    d: &Mention,
    all: &[&Mention],
    text: &str,
    offsets: &[usize],
    base: usize,
) -> Option<String> {
    let plain = period_of(d)?;
    if !(plain.len() == 4 && plain.bytes().all(|b| b.is_ascii_digit())) {
        return Some(plain);
    }
    let year = &plain;
    let slice = |a: usize, b: usize| -> &str {
        if a > b || a < base {
            return "";
        }
        text.get(byte_at(offsets, a - base)..byte_at(offsets, b - base))
            .unwrap_or("")
    };
    let is_first = |o: &Mention| {
        o.kind == MentionKind::Ordinal
            && matches!(o.value, Some(MentionValue::Number(v)) if v == 1.0)
    };
    let span = all
        .iter()
        .filter(|k| {
            k.end <= d.start && d.start - k.end <= 8 && slice(k.end, d.start).trim() == "of"
        })
        .max_by_key(|k| k.end);
    // "January-April of this year": the months are the period.
    if let Some(k) = span.filter(|k| k.kind == MentionKind::Date && k.high.is_some()) {
        return period_of(k);
    }
    if let Some(k) = span {
        let first = all
            .iter()
            .any(|o| is_first(o) && o.end <= k.start && slice(o.end, k.start).trim().is_empty());
        if first {
            match (&k.kind, &k.value, &k.high) {
                (MentionKind::Duration, Some(MentionValue::Text(low)), high) => {
                    let months = |iso: &str| {
                        iso.strip_prefix('P')?
                            .strip_suffix('M')?
                            .parse::<u32>()
                            .ok()
                    };
                    let n = match high {
                        Some(MentionValue::Text(h)) => months(h),
                        _ => months(low),
                    };
                    if let Some(n) = n.filter(|n| (1..=12).contains(n)) {
                        return Some(format!("{year}-01/{year}-{n:02}"));
                    }
                }
                (MentionKind::Number, Some(MentionValue::Number(v)), _)
                    if slice(k.start, k.end).to_lowercase().contains("quarter") =>
                {
                    let n = (v * 4.0).round() as u32;
                    if n == 1 {
                        return Some(format!("{year}-Q1"));
                    }
                    if (2..=4).contains(&n) {
                        return Some(format!("{year}-Q1/{year}-Q{n}"));
                    }
                }
                _ => {}
            }
        }
    }
    // "this year’s first quarter", "last year’s second half".
    if let Some(o) = all.iter().find(|o| {
        o.kind == MentionKind::Ordinal
            && o.start >= d.end
            && o.start - d.end <= 1
            && slice(d.end, o.start).trim().is_empty()
    }) {
        let after = text
            .get(byte_at(offsets, o.end - base)..)
            .unwrap_or("")
            .trim_start()
            .to_lowercase();
        if let Some(MentionValue::Number(n)) = o.value {
            let n = n as u32;
            if after.starts_with("quarter") && (1..=4).contains(&n) {
                return Some(format!("{year}-Q{n}"));
            }
            if after.starts_with("half") && (1..=2).contains(&n) {
                return Some(format!("{year}-H{n}"));
            }
        }
    }
    Some(plain)
}
/// The ISO period of a date mention: a range as `low/high`, "since 2000"
/// as `2000/..`, "by the end of 2019" as `2019`.
fn period_of(m: &Mention) -> Option<String> {
    let MentionValue::Text(low) = m.value.as_ref()? else {
        return None;
    };
    if low.contains('X') {
        return None;
    }
    Some(match (&m.high, m.bound) {
        (Some(MentionValue::Text(high)), _) => format!("{low}/{high}"),
        (_, Bound::Lower) => format!("{low}/.."),
        // "by the end of the year", "at the beginning of next year": that year.
        _ => {
            let lower = m.text.to_lowercase();
            let edge = lower.contains("beginning") || lower.contains("start");
            match low.strip_suffix("-12-31") {
                Some(year) => year.to_owned(),
                None if edge => low.strip_suffix("-01-01").unwrap_or(low).to_owned(),
                None => low.to_owned(),
            }
        }
    })
}
