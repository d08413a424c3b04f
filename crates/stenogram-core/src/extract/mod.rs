//! Extraction of figures and dates: numbers, ordinals, percentages, money,
//! quantities, dates and durations, each with the hedge before it ("just
//! over $50 billion") and its place in code points.
//!
//! One left-to-right pass over tokens: at each token the matchers try, in
//! order, a date, money with a leading currency, a number expression
//! (digits or words, with magnitude, range and what follows it: percent,
//! currency, unit, counted noun, time unit), and an ordinal. A match
//! consumes its tokens; then the hedge before it is read.

mod calendar;
mod idioms;
mod links;
mod scan;
pub(crate) mod words;

use std::borrow::Cow;

pub use calendar::Day;
use scan::{tokenise, Tok, TokKind};
use words::*;

use crate::model::{Bound, Mention, MentionKind, MentionValue};

/// Longest input extracted in one call; longer texts are cut into pieces of
/// this size at white space (no mention spans a megabyte).
const MAX_CHUNK: usize = 1 << 20;

/// Extracts the figures and dates of `text`. Relative dates ("last year")
/// resolve against `reference` when given.
pub fn extract(text: &str, reference: Option<Day>) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut chunk_start = 0;
    while chunk_start < text.len() {
        let mut chunk_end = (chunk_start + MAX_CHUNK).min(text.len());
        if chunk_end < text.len() {
            // Cut at the last white space before the limit.
            while chunk_end > chunk_start && !text.is_char_boundary(chunk_end) {
                chunk_end -= 1;
            }
            if let Some(ws) = text[chunk_start..chunk_end].rfind(char::is_whitespace) {
                if ws > 0 {
                    chunk_end = chunk_start + ws;
                }
            }
        }
        let chunk = &text[chunk_start..chunk_end];
        Extractor::new(chunk, reference).run(chunk_start, &mut out);
        chunk_start = chunk_end;
    }
    // Digits of web and e-mail addresses measure nothing.
    let links = links::link_spans(text);
    if !links.is_empty() {
        out.retain(|m| !links.iter().any(|l| m.start < l.end && m.end > l.start));
    }
    // "First of all", "one of the …", "one … the other", "for one thing",
    // list markers ("Second, …") count nothing.
    out.retain(|m| {
        let ordinal = m.kind == MentionKind::Ordinal;
        let span = match m.kind {
            MentionKind::Number | MentionKind::Ordinal => m.start..m.end,
            // "one thing", "one way or another": the number word alone.
            MentionKind::Quantity
                if m.text.len() > 3
                    && m.text
                        .split(char::is_whitespace)
                        .next()
                        .is_some_and(|w| w.eq_ignore_ascii_case("one")) =>
            {
                m.start..m.start + 3
            }
            _ => return true,
        };
        !idioms::is_idiom(text, span, ordinal)
    });
    to_code_points(text, &mut out);
    out
}

/// A mention in bytes, before offsets become code points.
struct Found {
    kind: MentionKind,
    /// Token range.
    first: usize,
    last: usize,
    value: Option<MentionValue>,
    high: Option<MentionValue>,
    unit: Option<String>,
    offset: Option<String>,
    /// Dates take their own qualifiers ("by 2030", "since 2000").
    date_qualifier: Option<(usize, usize, Bound)>,
}

impl Found {
    fn new(kind: MentionKind, first: usize, last: usize) -> Found {
        Found {
            kind,
            first,
            last,
            value: None,
            high: None,
            unit: None,
            offset: None,
            date_qualifier: None,
        }
    }
    fn number(mut self, v: f64) -> Found {
        self.value = Some(MentionValue::Number(tidy(v)));
        self
    }
    fn text(mut self, v: String) -> Found {
        self.value = Some(MentionValue::Text(v));
        self
    }
    fn unit(mut self, u: &str) -> Found {
        self.unit = Some(u.to_string());
        self
    }
}

/// Rounds away binary noise: 5.7 × 10⁹ is 5700000000.
fn tidy(v: f64) -> f64 {
    if v.abs() >= 1.0 {
        let r = v.round();
        if (v - r).abs() <= 1e-9 * v.abs() {
            return r;
        }
    }
    let scaled = (v * 1e9).round() / 1e9;
    if (scaled - v).abs() < 1e-12 {
        scaled
    } else {
        v
    }
}

/// A number expression: tokens `first..=last`, its value, and what it was.
#[derive(Debug, Clone, Copy)]
struct Num {
    first: usize,
    last: usize,
    value: f64,
    ordinal: bool,
    /// Written in digits without separators or decimals, four digits.
    year_like: bool,
    /// Carries a magnitude word ("billion").
    scaled: bool,
}

struct Extractor<'t> {
    text: &'t str,
    toks: Vec<Tok>,
    reference: Option<Day>,
}

impl<'t> Extractor<'t> {
    fn new(text: &'t str, reference: Option<Day>) -> Self {
        Extractor {
            text,
            toks: tokenise(text),
            reference,
        }
    }

    fn run(&self, base: usize, out: &mut Vec<Mention>) {
        let mut i = 0;
        while i < self.toks.len() {
            match self.at(i) {
                Some(found) => {
                    i = found.last + 1;
                    // A figure too large for a float is garbage, not a value.
                    let finite = |v: &Option<MentionValue>| !matches!(v, Some(MentionValue::Number(n)) if !n.is_finite());
                    if finite(&found.value) && finite(&found.high) {
                        out.push(self.finish(found, base));
                    }
                }
                None => {
                    // Skip the rest of a code like "Su-57" or "COVID-19".
                    i = self.skip_code(i);
                }
            }
        }
    }

    // ---- token access -------------------------------------------------

    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    fn raw(&self, i: usize) -> &'t str {
        self.toks.get(i).map_or("", |t| t.text(self.text))
    }

    /// The token's text in lower case (borrowed when already lower case).
    fn lower(&self, i: usize) -> Cow<'t, str> {
        let raw = self.raw(i);
        if raw.bytes().any(|b| b.is_ascii_uppercase()) || !raw.is_ascii() {
            Cow::Owned(raw.to_lowercase())
        } else {
            Cow::Borrowed(raw)
        }
    }

    fn is_word(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == TokKind::Word)
    }

    fn is_num(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == TokKind::Num)
    }

    fn word_is(&self, i: usize, w: &str) -> bool {
        self.is_word(i) && self.raw(i).eq_ignore_ascii_case(w)
    }

    fn sym_is(&self, i: usize, s: &str) -> bool {
        self.tok(i).is_some_and(|t| t.kind == TokKind::Sym) && self.raw(i) == s
    }

    /// No white space between token `i` and the one before it.
    fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.gap_before)
    }

    fn is_dash(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == TokKind::Sym)
            && matches!(self.raw(i), "-" | "–" | "—" | "‒")
    }

    // ---- the matchers -------------------------------------------------

    fn at(&self, i: usize) -> Option<Found> {
        let mut f = self.at_token(i)?;
        // "$127 per 1,000 cubic metres": the rate is part of the money.
        if f.kind == MentionKind::Money {
            if let Some(last) = self.per_unit_after(f.last + 1) {
                f.last = last;
            }
        }
        Some(f)
    }

    /// "twice", "twice a year", "once a month", "twice as much" (a
    /// multiple); "once" alone is no count ("once again", "once we agree").
    fn occasions_at(&self, i: usize) -> Option<Found> {
        let twice = self.word_is(i, "twice");
        let per = self.is_word(i + 1)
            && matches!(
                self.lower(i + 1).as_ref(),
                "a" | "an" | "per" | "every" | "each"
            )
            && self.is_word(i + 2)
            && time_unit(&self.lower(i + 2)).is_some()
            && !self.lower(i + 2).ends_with('s');
        if per {
            return Some(
                Found::new(MentionKind::Quantity, i, i + 2)
                    .number(if twice { 2.0 } else { 1.0 })
                    .unit("occasions"),
            );
        }
        if !twice {
            return None;
        }
        let multiple = self.is_word(i + 1)
            && matches!(
                self.lower(i + 1).as_ref(),
                "as" | "more" | "less" | "the" | "that" | "what" | "over" | "higher" | "lower"
            );
        Some(
            Found::new(MentionKind::Quantity, i, i)
                .number(2.0)
                .unit(if multiple { "times" } else { "occasions" }),
        )
    }

    /// "per 1,000 cubic metres", "per tonne", "per 1,000 births": the last
    /// token of a rate's denominator opening at `j`.
    fn per_unit_after(&self, j: usize) -> Option<usize> {
        if !self.word_is(j, "per") {
            return None;
        }
        match self.number_at(j + 1) {
            Some(n) if !n.ordinal && !n.year_like => self
                .unit_after(n.last + 1)
                .map(|(last, _, _)| last)
                .or_else(|| {
                    self.counted_after(&n, None, n.last + 1)
                        .map(|(last, _)| last)
                }),
            Some(_) => None,
            None => self.base_unit_after(j + 1).map(|(last, _, _)| last),
        }
    }

    fn at_token(&self, i: usize) -> Option<Found> {
        let t = self.tok(i)?;
        match t.kind {
            TokKind::Num => {
                if self.is_code_digits(i) || self.is_list_marker(i) || self.is_clock(i) {
                    return None;
                }
                self.date_at(i).or_else(|| self.figure_at(i))
            }
            TokKind::Word if !starts_mention(self.raw(i)) => None,
            // "twice", "once a year": how often; "twice as much": a multiple.
            TokKind::Word if self.word_is(i, "twice") || self.word_is(i, "once") => {
                self.occasions_at(i)
            }
            // "threefold", "five-fold": a multiple.
            TokKind::Word if fold_word(&self.lower(i)).is_some() => {
                let value = fold_word(&self.lower(i))?;
                Some(
                    Found::new(MentionKind::Quantity, i, i)
                        .number(value)
                        .unit("times"),
                )
            }
            TokKind::Word if multiplier_verb(&self.lower(i)).is_some() => {
                let value = multiplier_verb(&self.lower(i))?;
                Some(
                    Found::new(MentionKind::Quantity, i, i)
                        .number(value)
                        .unit("times"),
                )
            }
            TokKind::Word if self.raw(i).contains('-') && self.hyphen_duration_at(i).is_some() => {
                self.hyphen_duration_at(i)
            }
            TokKind::Word => self
                .date_at(i)
                .or_else(|| self.money_prefix_at(i))
                .or_else(|| self.duration_article_at(i))
                .or_else(|| self.vague_duration_at(i))
                .or_else(|| self.figure_at(i)),
            TokKind::Sym => self.money_prefix_at(i).or_else(|| {
                if self.is_dash(i) {
                    self.figure_at(i)
                } else {
                    None
                }
            }),
        }
    }

    /// Digits glued to letters before them: "G20", "Su-57", "COVID-19", "S-400".
    fn is_code_digits(&self, i: usize) -> bool {
        if !self.glued(i) || i == 0 {
            return false;
        }
        // "mid-2020", "pre-1990", "post-2008": a year after a prefix.
        if i >= 2
            && self.is_dash(i - 1)
            && self.is_word(i - 2)
            && matches!(
                self.lower(i - 2).as_ref(),
                "mid" | "pre" | "post" | "early" | "late"
            )
        {
            return false;
        }
        if self.is_word(i - 1) {
            return true;
        }
        self.is_dash(i - 1) && self.glued(i - 1) && i >= 2 && self.is_word(i - 2)
            || (self.is_dash(i - 1)
                && self.glued(i - 1)
                && i >= 2
                && self.is_num(i - 2)
                && self.glued(i - 2)
                && i >= 3
                && self.is_word(i - 3))
    }

    /// Skips past the tokens of a code so its digits are not read later.
    fn skip_code(&self, i: usize) -> usize {
        if self.is_dash(i + 1)
            && self.is_word(i)
            && matches!(
                self.lower(i).as_ref(),
                "mid" | "pre" | "post" | "early" | "late"
            )
        {
            return i + 1;
        }
        // A word starts a code only when digits follow its dash ("Su-57").
        if self.is_word(i)
            && !(self.is_dash(i + 1)
                && self.glued(i + 1)
                && self.is_num(i + 2)
                && self.glued(i + 2))
        {
            return i + 1;
        }
        let mut j = i + 1;
        while j < self.toks.len()
            && self.glued(j)
            && (self.is_num(j) || self.is_dash(j) || self.is_word(j))
        {
            if self.is_word(j) && !self.is_num(j - 1) && !self.is_dash(j - 1) {
                break;
            }
            j += 1;
        }
        if self.is_num(i) || self.is_word(i) {
            j
        } else {
            i + 1
        }
    }

    /// "1." or "2)" opening a paragraph.
    fn is_list_marker(&self, i: usize) -> bool {
        let t = self.toks[i];
        let before = &self.text[..t.start];
        let line_start = before.trim_end_matches([' ', '\t', '\u{a0}']).is_empty()
            || before
                .trim_end_matches([' ', '\t', '\u{a0}'])
                .ends_with('\n');
        line_start
            && (self.sym_is(i + 1, ".") || self.sym_is(i + 1, ")"))
            && self.glued(i + 1)
            && self.tok(i + 2).is_some_and(|n| n.gap_before)
            && self.raw(i).len() <= 2
    }

    /// "12:30", "4 pm": times of day are not figures.
    fn is_clock(&self, i: usize) -> bool {
        (self.sym_is(i + 1, ":") && self.glued(i + 1) && self.is_num(i + 2) && self.glued(i + 2))
            || (i >= 2
                && self.sym_is(i - 1, ":")
                && self.glued(i)
                && self.glued(i - 1)
                && self.is_num(i - 2))
            || (self.is_word(i + 1)
                && matches!(self.lower(i + 1).as_ref(), "pm" | "am" | "p" | "a")
                && (self.raw(i + 1).len() == 2 || self.sym_is(i + 2, ".")))
    }

    // ---- numbers ------------------------------------------------------

    /// A number with its sign: "minus 40", "-5" (a dash after white space
    /// or at the start, glued to the digits).
    fn signed_number_at(&self, i: usize) -> Option<Num> {
        let minus_word = self.word_is(i, "minus") || self.word_is(i, "negative");
        let minus_sign = self.is_dash(i)
            && self.tok(i).is_some_and(|t| t.gap_before || i == 0)
            && self.is_num(i + 1)
            && self.glued(i + 1);
        // After a figure, "minus" subtracts ("9,000 rubles minus 13%").
        if (minus_word || minus_sign) && !self.follows_figure(i) {
            let mut n = self.number_at(i + 1)?;
            if n.ordinal {
                return None;
            }
            n.first = i;
            n.value = -n.value;
            n.year_like = false;
            return Some(n);
        }
        self.number_at(i)
    }

    /// Whether the token before `i` ends a figure (a number, "%", a
    /// currency, a unit).
    fn follows_figure(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let p = i - 1;
        self.is_num(p)
            || self.sym_is(p, "%")
            || (self.is_word(p) && {
                let w = self.lower(p);
                currency_name(&w).is_some()
                    || unit(&w).is_some()
                    || counted_noun(&w).is_some()
                    || w == "percent"
            })
    }

    /// Digits (with separators, glued ordinal suffixes and magnitudes) or
    /// number words at `i`.
    fn number_at(&self, i: usize) -> Option<Num> {
        if self.is_num(i) {
            return self.digits_at(i);
        }
        if self.is_word(i) {
            return self.words_number_at(i);
        }
        None
    }

    fn digits_at(&self, i: usize) -> Option<Num> {
        let raw = self.raw(i);
        // A decimal comma ("64,5"): the tokeniser keeps a comma inside a
        // number only before exactly three digits (thousands) or, when the
        // number has no other separator, one or two (decimals).
        let decimal_comma = !raw.contains('.')
            && raw.matches(',').count() == 1
            && raw.rsplit(',').next().is_some_and(|d| d.len() < 3);
        let clean: String = raw
            .chars()
            .filter_map(|c| match c {
                ',' if decimal_comma => Some('.'),
                c if c.is_ascii_digit() || c == '.' => Some(c),
                _ => None,
            })
            .collect();
        let mut value: f64 = clean.parse().ok()?;
        let integer = !clean.contains('.');
        let year_like = integer && raw.len() == 4;
        let mut last = i;
        let mut ordinal = false;
        let mut scaled = false;
        // Fraction "3/4".
        if integer
            && self.sym_is(i + 1, "/")
            && self.glued(i + 1)
            && self.is_num(i + 2)
            && self.glued(i + 2)
            && !self.sym_is(i + 3, "/")
        {
            let den: f64 = self.raw(i + 2).parse().ok()?;
            if den > 0.0 && raw.len() <= 2 && self.raw(i + 2).len() <= 2 {
                return Some(Num {
                    first: i,
                    last: i + 2,
                    value: value / den,
                    ordinal: false,
                    year_like: false,
                    scaled: false,
                });
            }
        }
        // Glued suffix: "80th", "5bn".
        if self.is_word(i + 1) && self.glued(i + 1) {
            let suffix = self.lower(i + 1);
            if integer && matches!(suffix.as_ref(), "st" | "nd" | "rd" | "th") {
                ordinal = true;
                last = i + 1;
            } else if let Some(s) = scale(&suffix).filter(|_| suffix != "hundred") {
                value *= s;
                scaled = true;
                last = i + 1;
            } else if suffix == "s" && year_like {
                // "1990s": a decade, handled as a date.
                return None;
            }
        }
        // Magnitude words: "5.7 billion", "500 thousand", "3 hundred".
        if !ordinal && !scaled {
            let mut j = last + 1;
            while let Some(s) = self.is_word(j).then(|| scale(&self.lower(j))).flatten() {
                value *= s;
                scaled = true;
                last = j;
                j += 1;
            }
        }
        // "1 trillion 600 billion": a smaller scaled figure adds on.
        let mut last_scale = if scaled { value.abs() } else { 0.0 };
        while scaled && self.is_num(last + 1) && self.is_word(last + 2) {
            let Some(s) = scale(&self.lower(last + 2)).filter(|s| *s >= 1e3) else {
                break;
            };
            let Ok(more) = self.raw(last + 1).replace(',', "").parse::<f64>() else {
                break;
            };
            if more * s >= last_scale || more >= 1000.0 {
                break;
            }
            value += more * s;
            last_scale = more * s;
            last += 2;
        }
        Some(Num {
            first: i,
            last,
            value,
            ordinal,
            year_like: year_like && !scaled && !ordinal,
            scaled,
        })
    }

    /// Number words: "five", "twenty-one", "a hundred and fifty", "one and a
    /// half", "half a million", "two thirds", ordinals such as
    /// "twenty-fifth".
    fn words_number_at(&self, i: usize) -> Option<Num> {
        let w = self.lower(i);
        // "half a million", "half a billion dollars".
        if w == "half" && self.word_is(i + 1, "a") {
            if let Some(s) = self
                .is_word(i + 2)
                .then(|| scale(&self.lower(i + 2)))
                .flatten()
            {
                if s >= 1e3 {
                    return Some(self.word_num(i, i + 2, 0.5 * s, false, true));
                }
            }
        }
        let mut total = 0.0;
        let mut current = 0.0;
        let mut any = false;
        let mut last = i;
        let mut j = i;
        let mut ordinal = false;
        let mut scaled = false;
        // The last thing read: 0 start, 1 unit word, 2 tens, 3 hundred, 4 scale.
        let mut state = 0u8;
        loop {
            if !self.is_word(j) {
                break;
            }
            let w = self.lower(j);
            let w = w.as_ref();
            if w == "a"
                && !any
                && j == i
                && self.word_is(j + 1, "couple")
                && self.word_is(j + 2, "of")
            {
                // "a couple of days": two.
                return Some(self.word_num(i, i + 2, 2.0, false, false)).filter(|_| {
                    self.is_word(i + 3)
                        && (time_unit(&self.lower(i + 3)).is_some()
                            || counted_noun(&self.lower(i + 3)).is_some()
                            || unit(&self.lower(i + 3)).is_some())
                });
            }
            if w == "a" && !any && j == i {
                // "a hundred", "a million", "a dozen"; not "a half" alone.
                let next = self.lower(j + 1);
                if scale(&next).is_some() || next == "dozen" {
                    current = 1.0;
                    j += 1;
                    continue;
                }
                // "a quarter", "a third" (not of a year: "a quarter of 2019" is a date).
                if let Some(f) =
                    fraction_word(&next).filter(|_| next == "quarter" || next == "third")
                {
                    return Some(self.word_num(i, j + 1, f, false, false));
                }
                break;
            }
            if let Some(v) = small_number(w) {
                let ok = match state {
                    0 | 3 | 4 => true,
                    2 => v < 10.0 && !is_tens(w),
                    _ => false,
                };
                if !ok {
                    break;
                }
                current += v;
                any = true;
                last = j;
                state = if is_tens(w) { 2 } else { 1 };
                j += 1;
                continue;
            }
            if let Some((count, part)) = w.split_once('-') {
                // "one-third", "two-thirds"
                if let (Some(c), Some(f)) = (small_number(count), fraction_word(part)) {
                    if state == 0 && part != "half" && c < 10.0 {
                        return Some(self.word_num(i, j, c * f, false, false));
                    }
                }
            }
            if let Some((tens, unit)) = w.split_once('-') {
                // "twenty-one", "twenty-first".
                if let (Some(t), true) = (small_number(tens), is_tens(tens)) {
                    if matches!(state, 0 | 3 | 4) {
                        if let Some(u) = small_number(unit).filter(|u| *u < 10.0) {
                            current += t + u;
                            any = true;
                            last = j;
                            state = 1;
                            j += 1;
                            continue;
                        }
                        if let Some(u) = small_ordinal(unit).filter(|u| *u < 10.0) {
                            current += t + u;
                            any = true;
                            last = j;
                            ordinal = true;
                            break;
                        }
                    }
                }
                break;
            }
            if w == "hundred" && (current > 0.0) && matches!(state, 1 | 2)
                || (w == "hundred" && current == 1.0 && !any)
            {
                current *= 100.0;
                any = true;
                last = j;
                state = 3;
                j += 1;
                continue;
            }
            if let Some(s) = scale(w).filter(|_| w != "hundred") {
                if current == 0.0 {
                    break;
                }
                total += current * s;
                current = 0.0;
                any = true;
                scaled = true;
                last = j;
                state = 4;
                j += 1;
                continue;
            }
            if w == "dozen" && current > 0.0 {
                current *= 12.0;
                any = true;
                last = j;
                state = 1;
                j += 1;
                continue;
            }
            if w == "and" && any {
                // "a hundred and fifty", "one and a half".
                if self.word_is(j + 1, "a") && self.word_is(j + 2, "half") {
                    current += 0.5;
                    last = j + 2;
                    j += 3;
                    // "one and a half million"
                    if let Some(s) = self.is_word(j).then(|| scale(&self.lower(j))).flatten() {
                        if s >= 1e3 {
                            total += current * s;
                            current = 0.0;
                            scaled = true;
                            last = j;
                        }
                    }
                    break;
                }
                if matches!(state, 3 | 4) && self.is_word(j + 1) {
                    let next = self.lower(j + 1);
                    if small_number(&next).is_some()
                        || small_ordinal(&next).is_some()
                        || next.contains('-')
                    {
                        j += 1;
                        continue;
                    }
                }
                break;
            }
            // "one third", "two fifths", "three quarters": a fraction (before
            // the ordinals, which "third" and "fifth" also are).
            if state == 1 && current < 10.0 {
                if let Some(f) = fraction_word(w).filter(|_| w != "half") {
                    current *= f;
                    last = j;
                    break;
                }
            }
            if let Some(v) = small_ordinal(w) {
                if matches!(state, 0 | 3 | 4) || (state == 2 && v < 10.0) {
                    current += v;
                    any = true;
                    last = j;
                    ordinal = true;
                }
                break;
            }
            if let Some(s) = scale_ordinal(w) {
                if current == 0.0 {
                    current = 1.0;
                }
                current *= s;
                any = true;
                last = j;
                ordinal = true;
                break;
            }
            break;
        }
        if !any {
            // "half", "a quarter" alone.
            if w == "half" {
                return Some(self.word_num(i, i, 0.5, false, false));
            }
            return None;
        }
        let value = total + current;
        Some(self.word_num(i, last, value, ordinal, scaled))
    }

    fn word_num(&self, first: usize, last: usize, value: f64, ordinal: bool, scaled: bool) -> Num {
        Num {
            first,
            last,
            value,
            ordinal,
            year_like: false,
            scaled,
        }
    }

    /// A capitalised number word inside a name ("the Normandy Four", "Big
    /// Three"): after a capitalised word that does not open a sentence.
    fn is_name_part(&self, n: &Num) -> bool {
        let first = n.first;
        if !self.is_word(first)
            || !self
                .raw(first)
                .starts_with(|c: char| c.is_ascii_uppercase())
            || first == 0
        {
            return false;
        }
        let prev = first - 1;
        // "the Group of Twenty", "the Council of Ten".
        if self.word_is(prev, "of")
            && prev > 0
            && self.is_word(prev - 1)
            && self.raw(prev - 1).starts_with(char::is_uppercase)
        {
            return true;
        }
        self.is_word(prev)
            && self.raw(prev).starts_with(char::is_uppercase)
            && !(prev == 0
                || self.tok(prev - 1).is_some_and(|t| {
                    t.kind == TokKind::Sym
                        && matches!(self.raw(prev - 1), "." | "!" | "?" | ":" | "\"" | "“")
                }))
    }

    /// Digits that name a thing rather than count: "Article 3", "No. 5",
    /// "School No.281", "4 Zubovsky Boulevard" (an address).
    fn is_designation(&self, n: &Num) -> bool {
        let i = n.first;
        if !self.is_num(i) {
            return false;
        }
        if i > 0 {
            let p = i - 1;
            if self.sym_is(p, "№") || self.sym_is(p, "#") && self.glued(i) {
                return true;
            }
            let word_before = if self.sym_is(p, ".") && p > 0 && self.glued(p) {
                p - 1
            } else {
                p
            };
            if self.is_word(word_before) {
                let w = self.lower(word_before);
                let dotted = word_before != p;
                if matches!(w.as_ref(), "no" | "nos") && (dotted || self.raw(word_before) == "No") {
                    return true;
                }
                if !dotted
                    && matches!(
                        w.as_ref(),
                        "article"
                            | "articles"
                            | "clause"
                            | "clauses"
                            | "paragraph"
                            | "chapter"
                            | "section"
                            | "annex"
                            | "appendix"
                    )
                {
                    return true;
                }
            }
        }
        // "4 Zubovsky Boulevard": capitalised words closed by a street word.
        let mut j = n.last + 1;
        while j <= n.last + 3 && self.is_word(j) && self.raw(j).starts_with(char::is_uppercase) {
            if is_street_word(&self.lower(j)) {
                return j > n.last + 1;
            }
            j += 1;
        }
        false
    }

    /// "one" that is no figure: "no one", "the one", "one another", "but
    /// one that requires", "a fast growing one", "not a single one".
    fn is_pronoun_one(&self, n: &Num) -> bool {
        if n.first != n.last || !self.word_is(n.first, "one") {
            return false;
        }
        if self.is_word(n.last + 1)
            && matches!(
                self.lower(n.last + 1).as_ref(),
                "that" | "which" | "who" | "whose" | "whom"
            )
        {
            return true;
        }
        // An article before, adjectives between: "a big one", "a single one".
        let mut k = n.first;
        while k > 0 && k + 3 > n.first {
            k -= 1;
            if !self.is_word(k) {
                break;
            }
            let w = self.lower(k);
            if matches!(w.as_ref(), "a" | "an") {
                return k + 1 < n.first;
            }
            if is_function_word(&w) || small_number(&w).is_some() || scale(&w).is_some() {
                break;
            }
        }
        let before = if n.first > 0 {
            self.lower(n.first - 1)
        } else {
            Cow::Borrowed("")
        };
        matches!(
            before.as_ref(),
            "no" | "any"
                | "every"
                | "some"
                | "the"
                | "this"
                | "that"
                | "which"
                | "each"
                | "anyone"
                | "everyone"
        ) || self.word_is(n.last + 1, "another")
            || self.word_is(n.last + 1, "by")
    }

    // ---- figures ------------------------------------------------------

    /// A number expression and what follows it; a second figure of the same
    /// kind and unit joined to it makes a range ("between 2% and 3%", "2% to
    /// 3%").
    fn figure_at(&self, i: usize) -> Option<Found> {
        let mut f = self.single_figure_at(i)?;
        if f.high.is_none()
            && matches!(
                f.kind,
                MentionKind::Percent | MentionKind::Money | MentionKind::Quantity
            )
        {
            let between = f.first > 0 && self.word_is(f.first - 1, "between");
            let from = f.first > 0 && self.word_is(f.first - 1, "from");
            let j = f.last + 1;
            let joined = if between {
                self.word_is(j, "and")
            } else {
                self.word_is(j, "to")
                    || (self.is_dash(j) && !self.tok(j).is_some_and(|t| t.gap_before))
            };
            if joined {
                if let Some(second) = self.single_figure_at(j + 1).filter(|s| {
                    s.first == j + 1 && s.kind == f.kind && s.unit == f.unit && s.high.is_none()
                }) {
                    f.high = second.value;
                    f.last = second.last;
                    if between || from {
                        f.first -= 1;
                    }
                }
            }
        }
        Some(f)
    }

    fn single_figure_at(&self, i: usize) -> Option<Found> {
        let n = self.signed_number_at(i)?;
        if n.ordinal {
            // "the 9th of May" is a date; "80th anniversary" an ordinal.
            return Some(Found::new(MentionKind::Ordinal, n.first, n.last).number(n.value));
        }
        if self.is_pronoun_one(&n) || self.is_name_part(&n) || self.is_designation(&n) {
            return None;
        }
        // A range: "15–20", "3 to 4", "between 3 and 4".
        let (n, high) = self.range_after(n);
        let after = n.last + 1;
        // What names the figure: a percent sign, a currency, a unit.
        let named = self
            .percent_after(after)
            .map(|(last, unit)| (MentionKind::Percent, last, unit, 1.0))
            .or_else(|| {
                self.currency_after_scaled(after)
                    .map(|(last, code, factor)| (MentionKind::Money, last, code, factor))
            })
            .or_else(|| {
                self.unit_after(after)
                    .map(|(last, unit, factor)| (MentionKind::Quantity, last, unit, factor))
            });
        if let Some((kind, last, unit, factor)) = named {
            let mut f = Found::new(kind, n.first, last)
                .number(n.value * factor)
                .unit(unit);
            f.high = high.map(|h| MentionValue::Number(tidy(h * factor)));
            return Some(f);
        }
        // Durations and dates relative to now ("in five years", "two years ago").
        if let Some(found) = self.time_after(&n, high, after) {
            return Some(found);
        }
        // Years: "in 2030", "2019"; "2005–2009" is a span of years.
        if n.year_like && high.is_none() && (1800.0..=2100.0).contains(&n.value) {
            let mut f = Found::new(MentionKind::Date, n.first, n.last)
                .text(format!("{:04}", n.value as i64));
            if self.is_dash(after) && self.glued(after) && self.glued(after + 1) {
                if let Some(y) = self.year_at(after + 1).filter(|y| f64::from(*y) > n.value) {
                    f.high = Some(MentionValue::Text(format!("{y:04}")));
                    f.last = after + 1;
                }
            }
            f.date_qualifier = self.date_qualifier(n.first);
            return Some(f);
        }
        // "a 2.5-fold increase".
        if self.is_dash(after)
            && self.glued(after)
            && self.word_is(after + 1, "fold")
            && self.glued(after + 1)
        {
            let mut f = Found::new(MentionKind::Quantity, n.first, after + 1)
                .number(n.value)
                .unit("times");
            f.high = high.map(|h| MentionValue::Number(tidy(h)));
            return Some(f);
        }
        // "19.7 or 19.6 percent": the first figure shares the second's unit.
        if let Some(f) = self.shared_unit_after(&n, high, after) {
            return Some(f);
        }
        // "6 per 1,000 births": a rate.
        if self.word_is(after, "per") {
            if let Some(last) = self.per_unit_after(after) {
                let unit: Vec<String> =
                    (after..=last).map(|k| self.lower(k).into_owned()).collect();
                let mut f = Found::new(MentionKind::Quantity, n.first, last)
                    .number(n.value)
                    .unit(&unit.join(" "));
                f.high = high.map(|h| MentionValue::Number(tidy(h)));
                return Some(f);
            }
        }
        // "two leaders", "1,200 French companies", "one strong request".
        if let Some((last, unit)) = self.counted_after(&n, high, after) {
            let mut f = Found::new(MentionKind::Quantity, n.first, last)
                .number(n.value)
                .unit(&unit);
            f.high = high.map(|h| MentionValue::Number(tidy(h)));
            return Some(f);
        }
        let mut f = Found::new(MentionKind::Number, n.first, n.last).number(n.value);
        f.high = high.map(|h| MentionValue::Number(tidy(h)));
        Some(f)
    }

    /// "19.7 or 19.6 percent", "two or three thousand people": a figure
    /// joined by "or" to one with a percent, currency or unit takes its
    /// kind and unit, alone.
    fn shared_unit_after(&self, n: &Num, high: Option<f64>, j: usize) -> Option<Found> {
        if high.is_some() || n.year_like || !self.word_is(j, "or") {
            return None;
        }
        let second = self.number_at(j + 1)?;
        if second.ordinal || second.year_like || second.scaled != n.scaled {
            return None;
        }
        let after = second.last + 1;
        let (kind, unit) = if let Some((_, unit)) = self.percent_after(after) {
            (MentionKind::Percent, unit)
        } else if let Some((_, code)) = self.currency_after(after) {
            (MentionKind::Money, code)
        } else {
            let (_, unit, _) = self.unit_after(after)?;
            (MentionKind::Quantity, unit)
        };
        Some(Found::new(kind, n.first, n.last).number(n.value).unit(unit))
    }

    /// The noun a cardinal counts, when no unit follows it: "two leaders",
    /// "five population centres", "27 officials", "one strong request".
    /// A plural figure takes the first plural-looking word within four
    /// words; "one" the last of the words before a function word or a
    /// punctuation mark. "cut the rate five times" counts occasions.
    /// Returns the noun's token and the unit (the noun in lower case).
    fn counted_after(&self, n: &Num, high: Option<f64>, j: usize) -> Option<(usize, String)> {
        if !self.is_word(j) || self.glued(j) {
            return None;
        }
        if n.value < 0.0 {
            return None;
        }
        let first = self.lower(j);
        if first == "times" {
            return Some((j, "occasions".to_owned()));
        }
        let singular = n.value == 1.0 && high.is_none();
        let usable = |k: usize| {
            self.is_word(k) && {
                let w = self.lower(k);
                !is_function_word(&w)
                    && small_number(&w).is_none()
                    && small_ordinal(&w).is_none()
                    && scale(&w).is_none()
                    && time_unit(&w).is_none()
                    && month(self.raw(k)).is_none()
                    && !w.ends_with("ly")
            }
        };
        let unit_of = |k: usize| {
            let w = self.lower(k);
            let w = strip_possessive(&w);
            counted_noun(w).map_or_else(|| w.to_owned(), str::to_owned)
        };
        let mut k = j;
        // "10,000 more jobs", "one more key point".
        if self.is_word(k) && matches!(first.as_ref(), "more" | "other") {
            k += 1;
        }
        let start = k;
        while k < start + 4 && usable(k) {
            let w = self.lower(k);
            if singular {
                // "one more time", "at one time": no count.
                if looks_plural(&w) || w == "time" {
                    return None;
                }
            } else if looks_plural(strip_possessive(&w)) {
                return Some((k, unit_of(k)));
            }
            k += 1;
        }
        // "one" counts the last word of a short run that ends the phrase.
        let ends = !self.is_word(k) || !usable(k);
        (singular && k > start && k <= start + 3 && ends).then(|| (k - 1, unit_of(k - 1)))
    }

    /// Extends a number into a range when one follows; the magnitude after
    /// the second figure applies to both ("$15–20 billion").
    fn range_after(&self, n: Num) -> (Num, Option<f64>) {
        let j = n.last + 1;
        let between = n.first > 0 && self.word_is(n.first - 1, "between");
        let from = n.first > 0 && self.word_is(n.first - 1, "from");
        // "350,000−400,000": a minus sign between figures is a dash.
        let joiner =
            if (self.is_dash(j) || self.sym_is(j, "−")) && self.glued(j) && self.glued(j + 1) {
                true
            } else if between {
                self.word_is(j, "and")
            } else {
                self.word_is(j, "to")
            };
        if !joiner {
            return (n, None);
        }
        // "from $5 to $10 billion": the currency may be repeated.
        let symbol_first = n.first > 0
            && self
                .tok(n.first - 1)
                .is_some_and(|t| t.kind == TokKind::Sym)
            && currency_symbol(self.raw(n.first - 1)).is_some();
        let second_at = if symbol_first && self.raw(j + 1) == self.raw(n.first - 1) {
            j + 2
        } else {
            j + 1
        };
        let Some(second) = self.number_at(second_at) else {
            return (n, None);
        };
        if second.ordinal || second.first != second_at {
            return (n, None);
        }
        // The range must share what follows: a unit, a percent, a currency,
        // a magnitude, or be written with a dash between plain figures.
        let after = second.last + 1;
        let shared = self.percent_after(after).is_some()
            || self.currency_after(after).is_some()
            || self.unit_after(after).is_some()
            || second.scaled
            || (n.first > 0
                && self.tok(n.first - 1).is_some_and(|t| {
                    t.kind == TokKind::Sym && currency_symbol(self.raw(n.first - 1)).is_some()
                }));
        let dash = self.is_dash(j) || self.sym_is(j, "−");
        let shared = shared || symbol_first;
        if !(shared || (dash && !n.year_like && !second.year_like) || between) {
            return (n, None);
        }
        // A year does not open a range of other figures ("from 7.2 percent in
        // 2010 to 12.9 percent").
        if n.year_like {
            return (n, None);
        }
        let mut low = n.value;
        if second.scaled && !n.scaled {
            // "15–20 billion", "two to three thousand": the magnitude words
            // that close the second figure apply to the first.
            let mut factor = 1.0;
            let mut k = second.last;
            while k > second.first {
                match self.is_word(k).then(|| scale(&self.lower(k))).flatten() {
                    Some(s) => factor *= s,
                    None => break,
                }
                k -= 1;
            }
            low *= factor;
        }
        let mut merged = n;
        if between || (from && self.word_is(j, "to")) {
            merged.first = n.first - 1;
        }
        merged.last = second.last;
        merged.value = low;
        merged.scaled = n.scaled || second.scaled;
        merged.year_like = false;
        (merged, Some(second.value))
    }

    /// "percent", "per cent", "%", "percentage points", "pp".
    fn percent_after(&self, j: usize) -> Option<(usize, &'static str)> {
        if self.sym_is(j, "%") {
            return Some((j, "%"));
        }
        if !self.is_word(j) {
            return None;
        }
        let w = self.lower(j);
        match w.as_ref() {
            "percent" | "pct" => Some((j, "%")),
            "per" if self.word_is(j + 1, "cent") => Some((j + 1, "%")),
            "percentage"
                if self.is_word(j + 1)
                    && matches!(self.lower(j + 1).as_ref(), "point" | "points") =>
            {
                Some((j + 1, "pp"))
            }
            "pp" | "p.p" => Some((j, "pp")),
            _ => None,
        }
    }

    /// A currency after a figure: "dollars", "US dollars", "Belarusian
    /// roubles", "RUB".
    fn currency_after(&self, j: usize) -> Option<(usize, &'static str)> {
        self.currency_after_scaled(j)
            .map(|(last, code, _)| (last, code))
    }

    /// A currency after a figure, with the factor of a subunit ("30 cents").
    fn currency_after_scaled(&self, j: usize) -> Option<(usize, &'static str, f64)> {
        if !self.is_word(j) {
            return None;
        }
        let raw = self.raw(j);
        if let Some(code) = currency_code(raw) {
            return Some((j, code, 1.0));
        }
        let w = self.lower(j);
        if let Some(code) = currency_name(&w) {
            return Some((j, code, 1.0));
        }
        if let Some((code, factor)) = currency_subunit(&w) {
            return Some((j, code, factor));
        }
        // "Belarusian roubles", "US dollars".
        if self.is_word(j + 1) {
            if let Some(code) = currency_name(&self.lower(j + 1)) {
                if let Some(adjusted) = currency_adjective(raw, code) {
                    return Some((j + 1, adjusted, 1.0));
                }
            }
        }
        None
    }

    /// A unit of measure or a counted noun after a figure.
    fn unit_after(&self, j: usize) -> Option<(usize, &'static str, f64)> {
        let (last, unit, factor) = self.base_unit_after(j)?;
        // "Times" makes a multiple only when it compares ("12 times more",
        // "three times the volume") or follows a change ("grew 2.6 times",
        // "increased by four and a half times"); "I said it three times"
        // and "a couple of times" count occasions.
        if unit == "times" && !self.multiple_context(j, last) {
            return None;
        }
        // Speeds: "60 km/h", "60 kilometres per hour".
        let slash_h = self.sym_is(last + 1, "/")
            && self.glued(last + 1)
            && self.word_is(last + 2, "h")
            && self.glued(last + 2);
        let per_hour = (slash_h
            || (self.word_is(last + 1, "per") && self.word_is(last + 2, "hour")))
        .then_some(last + 2);
        if let Some(end) = per_hour {
            let speed = match unit {
                "km" => Some("km/h"),
                "mi" => Some("mi/h"),
                "m" => Some("m/h"),
                _ => None,
            };
            if let Some(speed) = speed {
                return Some((end, speed, factor));
            }
        }
        // Temperatures: "40 degrees Celsius".
        if unit == "°" {
            let scale = self.lower(last + 1);
            match scale.as_ref() {
                "celsius" | "centigrade" | "c" => return Some((last + 1, "°C", factor)),
                "fahrenheit" | "f" => return Some((last + 1, "°F", factor)),
                _ => {}
            }
        }
        Some((last, unit, factor))
    }

    /// Whether "times" at token `times` (the number before it) is a multiple.
    fn multiple_context(&self, number_end: usize, times: usize) -> bool {
        const COMPARES: &[&str] = &[
            "more",
            "less",
            "fewer",
            "higher",
            "lower",
            "greater",
            "larger",
            "bigger",
            "smaller",
            "faster",
            "slower",
            "cheaper",
            "dearer",
            "longer",
            "shorter",
            "as",
            "over",
            "the",
            "that",
            "what",
            "compared",
            "increase",
            "decrease",
            "growth",
            "rise",
            "reduction",
        ];
        const CHANGES: &[&str] = &[
            "by",
            "increased",
            "increase",
            "increases",
            "grew",
            "grown",
            "grow",
            "rose",
            "risen",
            "fell",
            "fallen",
            "dropped",
            "decreased",
            "declined",
            "multiplied",
            "expanded",
            "jumped",
            "surged",
            "soared",
            "reduced",
            "cut",
            "up",
            "down",
            "boosted",
            "raised",
            "higher",
            "lower",
        ];
        if self.is_word(times + 1) && COMPARES.contains(&self.lower(times + 1).as_ref()) {
            return true;
        }
        // A change verb right before the number, a hedge between at most
        // ("grew almost 2.6 times", "increased by four and a half times");
        // "cut the key rate five times" counts occasions.
        let mut start = number_end;
        while start > 0 {
            let k = start - 1;
            let part_of_number = self.is_num(k)
                || self.sym_is(k, ".")
                || (self.is_word(k) && {
                    let w = self.lower(k);
                    small_number(&w).is_some()
                        || fraction_word(&w).is_some()
                        || scale(&w).is_some()
                        || is_tens(&w)
                        || matches!(w.as_ref(), "and" | "a" | "an" | "half")
                });
            if !part_of_number {
                break;
            }
            start = k;
        }
        (start.saturating_sub(3)..start)
            .any(|k| self.is_word(k) && CHANGES.contains(&self.lower(k).as_ref()))
    }

    fn base_unit_after(&self, j: usize) -> Option<(usize, &'static str, f64)> {
        if !self.is_word(j) {
            return None;
        }
        let raw = self.raw(j);
        // Case-sensitive symbols first ("MW", "kWh", "t").
        if let Some((u, f)) = unit(raw) {
            if raw.len() > 2
                || self.glued(j)
                || raw.chars().any(char::is_uppercase)
                || matches!(raw, "km" | "kg" | "ha" | "t" | "cm" | "mm")
            {
                return Some((j, u, f));
            }
        }
        let w = self.lower(j);
        match w.as_ref() {
            "cubic" => {
                let next = self.lower(j + 1);
                if matches!(next.as_ref(), "metres" | "metre" | "meters" | "meter" | "m") {
                    return Some((j + 1, "m3", 1.0));
                }
                if matches!(next.as_ref(), "kilometres" | "kilometers" | "km") {
                    return Some((j + 1, "km3", 1.0));
                }
            }
            "square" | "sq" => {
                let next = self.lower(j + 1);
                if matches!(next.as_ref(), "metres" | "metre" | "meters" | "meter" | "m") {
                    return Some((j + 1, "m2", 1.0));
                }
                if matches!(next.as_ref(), "kilometres" | "kilometers" | "km") {
                    return Some((j + 1, "km2", 1.0));
                }
            }
            "kilowatt" | "megawatt" | "gigawatt" | "terawatt"
                if self.word_is(j + 1, "hours") || self.word_is(j + 1, "hour") =>
            {
                let u = match w.as_ref() {
                    "kilowatt" => "kWh",
                    "megawatt" => "MWh",
                    "gigawatt" => "GWh",
                    _ => "TWh",
                };
                return Some((j + 1, u, 1.0));
            }
            _ => {}
        }
        if let Some((u, f)) = unit(&w) {
            if w.len() > 2 {
                return Some((j, u, f));
            }
        }
        if let Some(noun) = counted_noun(&w) {
            return Some((j, noun, 1.0));
        }
        // "10,000 new jobs": one adjective between.
        if matches!(w.as_ref(), "new" | "additional" | "more" | "extra") && self.is_word(j + 1) {
            if let Some(noun) = counted_noun(&self.lower(j + 1)) {
                return Some((j + 1, noun, 1.0));
            }
        }
        None
    }

    /// A time unit after a figure: a duration ("30 years"), or a date
    /// relative to the reference ("in five years", "two years ago").
    fn time_after(&self, n: &Num, high: Option<f64>, j: usize) -> Option<Found> {
        // "5-year", "five-year" (hyphenated adjective)
        let (unit_tok, hyphen) =
            if self.is_dash(j) && self.glued(j) && self.glued(j + 1) && self.is_word(j + 1) {
                (j + 1, true)
            } else {
                (j, false)
            };
        if !self.is_word(unit_tok) {
            return None;
        }
        let w = self.lower(unit_tok);
        let (designator, factor, is_time) = time_unit(&w)?;
        if n.year_like && !hyphen && n.value > 100.0 {
            return None;
        }
        let amount = n.value * factor;
        // "two years ago"
        if !hyphen && self.word_is(unit_tok + 1, "ago") {
            return Some(self.relative_date(n.first, unit_tok + 1, -amount, designator, is_time));
        }
        // "in five years", "in five years' time"
        if !hyphen && n.first > 0 && self.word_is(n.first - 1, "in") && !is_time {
            let mut last = unit_tok;
            if self.word_is(unit_tok + 1, "time")
                || (self.sym_is(unit_tok + 1, "’") || self.sym_is(unit_tok + 1, "'"))
                    && self.word_is(unit_tok + 2, "time")
            {
                last = if self.word_is(unit_tok + 1, "time") {
                    unit_tok + 1
                } else {
                    unit_tok + 2
                };
            }
            return Some(self.relative_date(n.first - 1, last, amount, designator, is_time));
        }
        // "three hours and 38 minutes", "two years and six months": one span.
        if !hyphen && high.is_none() && self.word_is(unit_tok + 1, "and") {
            if let Some(second) = self
                .number_at(unit_tok + 2)
                .filter(|m| !m.ordinal && !m.year_like && m.first == unit_tok + 2)
            {
                let next = self.lower(second.last + 1);
                if let Some((d2, f2, t2)) = time_unit(&next) {
                    if unit_rank(d2, t2) < unit_rank(designator, is_time) {
                        let value = iso_compound(&[
                            (amount, designator, is_time),
                            (second.value * f2, d2, t2),
                        ]);
                        return Some(
                            Found::new(MentionKind::Duration, n.first, second.last + 1).text(value),
                        );
                    }
                }
            }
        }
        let value = iso_duration(amount, designator, is_time);
        let mut f = Found::new(MentionKind::Duration, n.first, unit_tok).text(value);
        f.high = high.map(|h| MentionValue::Text(iso_duration(h * factor, designator, is_time)));
        Some(f)
    }

    /// Durations of no stated length: "several years", "a few days", "many
    /// decades", "recent years", "the past few weeks", "the next few
    /// months", "the past year"
    /// (`PXY`, `PXD`, `P1Y`). With "ago" they are dates before the
    /// reference, of unknown distance.
    fn vague_duration_at(&self, i: usize) -> Option<Found> {
        let w = self.lower(i);
        let (start, unit_at, known) = match w.as_ref() {
            "the"
                if self.is_word(i + 1)
                    && matches!(
                        self.lower(i + 1).as_ref(),
                        "past" | "last" | "next" | "coming"
                    ) =>
            {
                return self.vague_duration_at(i + 1);
            }
            "past" | "last" | "next" | "coming" => {
                let next = self.lower(i + 1);
                match next.as_ref() {
                    "few" | "several" | "many" => (i, i + 2, None),
                    "couple" if self.word_is(i + 2, "of") => (i, i + 3, Some(2.0)),
                    // "the past year": a year up to now ("last year" is a date).
                    _ if w == "past" => (i, i + 1, Some(1.0)),
                    _ => return None,
                }
            }
            "a" if self.word_is(i + 1, "few") => (i, i + 2, None),
            "several" | "few" | "many" | "recent" => (i, i + 1, None),
            _ => return None,
        };
        let unit_word = self.lower(unit_at);
        let (designator, factor, is_time) = time_unit(&unit_word)?;
        let plural = strip_possessive(&unit_word).ends_with('s');
        // "the past year" is one; "several years", "recent years" are many.
        if plural != (known != Some(1.0)) {
            return None;
        }
        let value = match known {
            Some(k) => iso_duration(k * factor, designator, is_time),
            None => {
                let d = match (designator, factor) {
                    ('Y', 10.0) => "DE".to_owned(),
                    ('Y', 100.0) => "CE".to_owned(),
                    (d, _) => d.to_string(),
                };
                if is_time {
                    format!("PTX{d}")
                } else {
                    format!("PX{d}")
                }
            }
        };
        if self.word_is(unit_at + 1, "ago") {
            let mut f = Found::new(MentionKind::Date, start, unit_at + 1);
            f.offset = Some(format!("-{value}"));
            return Some(f);
        }
        Some(Found::new(MentionKind::Duration, start, unit_at).text(value))
    }

    /// "five-year", "two-day": a number word joined to a time unit.
    fn hyphen_duration_at(&self, i: usize) -> Option<Found> {
        let w = self.lower(i);
        let (number, unit) = w.split_once('-')?;
        let n = small_number(number)?;
        let (designator, factor, is_time) = time_unit(unit)?;
        Some(Found::new(MentionKind::Duration, i, i).text(iso_duration(
            n * factor,
            designator,
            is_time,
        )))
    }

    /// "a year", "a decade and a half", "half a year": durations opened by
    /// an article or "half".
    fn duration_article_at(&self, i: usize) -> Option<Found> {
        let w = self.lower(i);
        match w.as_ref() {
            "a" | "an" | "one" => {
                let unit_word = self.lower(i + 1);
                let (designator, factor, is_time) = time_unit(&unit_word)?;
                if strip_possessive(&unit_word).ends_with('s') {
                    return None;
                }
                // Frequencies: "once a year", "twice a week", "per year".
                if i > 0
                    && matches!(
                        self.lower(i - 1).as_ref(),
                        "once" | "twice" | "times" | "per" | "every" | "each"
                    )
                {
                    return None;
                }
                // "a year and a half"
                let (last, amount) = if self.word_is(i + 2, "and")
                    && self.word_is(i + 3, "a")
                    && self.word_is(i + 4, "half")
                {
                    (i + 4, 1.5 * factor)
                } else {
                    (i + 1, factor)
                };
                if self.word_is(last + 1, "ago") {
                    return Some(self.relative_date(i, last + 1, -amount, designator, is_time));
                }
                // "a second part" is an ordinal; "just a second." a duration.
                if designator == 'S' && (w == "one" || self.is_word(last + 1)) {
                    return None;
                }
                Some(
                    Found::new(MentionKind::Duration, i, last)
                        .text(iso_duration(amount, designator, is_time)),
                )
            }
            "half" if self.word_is(i + 1, "a") || self.word_is(i + 1, "an") => {
                let (designator, factor, is_time) = time_unit(&self.lower(i + 2))?;
                Some(
                    Found::new(MentionKind::Duration, i, i + 2).text(iso_duration(
                        0.5 * factor,
                        designator,
                        is_time,
                    )),
                )
            }
            _ => None,
        }
    }

    fn relative_date(
        &self,
        first: usize,
        last: usize,
        amount: f64,
        designator: char,
        is_time: bool,
    ) -> Found {
        let mut f = Found::new(MentionKind::Date, first, last);
        let sign = if amount < 0.0 { "-" } else { "" };
        let magnitude = amount.abs();
        match self.reference {
            Some(r) if !is_time && magnitude.fract() == 0.0 => {
                let n = magnitude as i64 * if amount < 0.0 { -1 } else { 1 };
                let value = match designator {
                    'Y' => format!("{:04}", r.year as i64 + n),
                    'M' => {
                        let d = r.add_months(n);
                        format!("{:04}-{:02}", d.year, d.month)
                    }
                    // "two weeks ago" is a day, like "fourteen days ago".
                    'W' => r.add_days(7 * n).to_string(),
                    _ => r.add_days(n).to_string(),
                };
                f.value = Some(MentionValue::Text(value));
            }
            _ => {
                f.offset = Some(format!(
                    "{sign}{}",
                    iso_duration(magnitude, designator, is_time)
                ));
            }
        }
        f
    }

    // ---- dates --------------------------------------------------------

    fn date_at(&self, i: usize) -> Option<Found> {
        let t = *self.tok(i)?;
        if t.kind == TokKind::Num {
            return self
                .iso_date_at(i)
                .or_else(|| self.numeric_date_at(i))
                .or_else(|| self.day_month_at(i))
                .or_else(|| self.decade_at(i));
        }
        let raw = self.raw(i);
        if let Some(m) = month(raw) {
            // "January to November (2019)": a range of months.
            let joiner = self.lower(i + 1);
            if matches!(
                joiner.as_ref(),
                "to" | "through" | "till" | "until" | "–" | "—"
            ) && !self.is_num(i + 2)
            {
                if let Some(m2) = month(self.raw(i + 2)).filter(|&m2| m2 > m) {
                    let (year, last) = match self.year_at(i + 3) {
                        Some(y) => (Some(y), i + 3),
                        None => (self.reference.map(|r| r.year), i + 2),
                    };
                    let fmt = |m: u32| match year {
                        Some(y) => format!("{y:04}-{m:02}"),
                        None => format!("XXXX-{m:02}"),
                    };
                    let mut f = Found::new(MentionKind::Date, i, last).text(fmt(m));
                    f.high = Some(MentionValue::Text(fmt(m2)));
                    f.date_qualifier = self.date_qualifier(i);
                    return Some(f);
                }
            }
            return self.month_first_at(i, m);
        }
        if let Some(d) = weekday(raw) {
            return Some(self.weekday_date(i, i, d, 0));
        }
        // "January-October 2012": a range of months.
        if let Some((a, b)) = raw.split_once('-') {
            if let (Some(m1), Some(m2)) = (month(a), month(b)) {
                let (year, last) = match self.year_at(i + 1) {
                    Some(y) => (Some(y), i + 1),
                    None => (self.reference.map(|r| r.year), i),
                };
                let fmt = |m: u32| match year {
                    Some(y) => format!("{y:04}-{m:02}"),
                    None => format!("XXXX-{m:02}"),
                };
                let mut f = Found::new(MentionKind::Date, i, last).text(fmt(m1));
                f.high = Some(MentionValue::Text(fmt(m2)));
                f.date_qualifier = self.date_qualifier(i);
                return Some(f);
            }
        }
        if raw == "Q" || raw.len() == 2 && raw.starts_with('Q') {
            return self.q_quarter_at(i);
        }
        let w = self.lower(i);
        match w.as_ref() {
            "today" | "tonight" => Some(self.day_offset(i, i, 0)),
            "this"
                if matches!(
                    self.lower(i + 1).as_ref(),
                    "morning" | "afternoon" | "evening"
                ) =>
            {
                Some(self.day_offset(i, i + 1, 0))
            }
            "tomorrow" => Some(self.day_offset(i, i, 1)),
            "yesterday" => Some(self.day_offset(i, i, -1)),
            "this" | "last" | "next" | "previous" | "coming" | "current" => {
                self.this_next_last_at(i, i)
            }
            "first" => self.first_part_at(i, i),
            "the" => self
                .first_part_at(i, i + 1)
                .or_else(|| self.quarter_at(i, i + 1))
                .or_else(|| self.the_day_at(i))
                .or_else(|| self.end_of_at(i))
                .or_else(|| self.this_next_last_at(i, i + 1))
                .or_else(|| {
                    self.decade_at(i + 1).map(|mut f| {
                        f.first = i;
                        f
                    })
                }),
            _ => None,
        }
    }

    /// "2025-05-09".
    fn iso_date_at(&self, i: usize) -> Option<Found> {
        let year = self.year_at(i)?;
        if !(self.is_dash(i + 1) && self.glued(i + 1) && self.is_num(i + 2) && self.glued(i + 2)) {
            return None;
        }
        if !(self.is_dash(i + 3) && self.glued(i + 3) && self.is_num(i + 4) && self.glued(i + 4)) {
            return None;
        }
        let (m, d) = (self.raw(i + 2), self.raw(i + 4));
        if m.len() != 2 || d.len() != 2 {
            return None;
        }
        let day = Day::new(year, m.parse().ok()?, d.parse().ok()?)?;
        let mut f = Found::new(MentionKind::Date, i, i + 4).text(day.to_string());
        f.date_qualifier = self.date_qualifier(i);
        Some(f)
    }

    /// "05/09/2019" (month first, as in US English) and "09.05.2019" (day
    /// first): a day with a four-digit year.
    fn numeric_date_at(&self, i: usize) -> Option<Found> {
        // "09.05.2019" scans as "09.05" "." "2019".
        if let Some((d, m)) = self.raw(i).split_once('.') {
            if d.len() <= 2
                && m.len() == 2
                && self.sym_is(i + 1, ".")
                && self.glued(i + 1)
                && self.glued(i + 2)
            {
                let year = self.year_at(i + 2)?;
                let day = Day::new(year, m.parse().ok()?, d.parse().ok()?)?;
                let mut f = Found::new(MentionKind::Date, i, i + 2).text(day.to_string());
                f.date_qualifier = self.date_qualifier(i);
                return Some(f);
            }
            return None;
        }
        let sep = self.raw(i + 1);
        if !matches!(sep, "/" | ".")
            || !self.glued(i + 1)
            || !self.glued(i + 2)
            || !self.is_num(i + 2)
        {
            return None;
        }
        if self.raw(i + 3) != sep || !self.glued(i + 3) || !self.glued(i + 4) {
            return None;
        }
        let year = self.year_at(i + 4)?;
        let a: u32 = self.raw(i).parse().ok()?;
        let b: u32 = self.raw(i + 2).parse().ok()?;
        if self.raw(i).len() > 2 || self.raw(i + 2).len() > 2 {
            return None;
        }
        let (month, day) = if sep == "." || a > 12 { (b, a) } else { (a, b) };
        let day = Day::new(year, month, day)?;
        let mut f = Found::new(MentionKind::Date, i, i + 4).text(day.to_string());
        f.date_qualifier = self.date_qualifier(i);
        Some(f)
    }

    /// "Monday", "last Friday", "next Sunday": a day of the reference's
    /// week, the week before or after.
    fn weekday_date(&self, first: usize, last: usize, weekday: u32, week_shift: i64) -> Found {
        let mut f = Found::new(MentionKind::Date, first, last);
        f.value = Some(MentionValue::Text(match self.reference {
            Some(r) => {
                let monday = r.add_days(-((r.to_days() + 3).rem_euclid(7)));
                monday
                    .add_days(7 * week_shift + i64::from(weekday) - 1)
                    .to_string()
            }
            None => format!("XXXX-WXX-{weekday}"),
        }));
        f.date_qualifier = self.date_qualifier(first);
        f
    }

    /// "the first quarter of 2019", "the second half of the year": `2019-Q1`,
    /// `2020-H2`. `i` is the ordinal after "the".
    fn quarter_at(&self, first: usize, i: usize) -> Option<Found> {
        if !self.is_word(i) {
            return None;
        }
        let n = small_ordinal(&self.lower(i))? as u32;
        let part = self.lower(i + 1);
        let (letter, max) = match part.as_ref() {
            "quarter" => ('Q', 4),
            "half" => ('H', 2),
            _ => return None,
        };
        if n == 0 || n > max {
            return None;
        }
        let mut last = i + 1;
        let mut year = self.reference.map(|r| r.year);
        if self.word_is(i + 2, "of") {
            if let Some(y) = self.year_at(i + 3) {
                year = Some(y);
                last = i + 3;
            } else {
                let shift = match self.lower(i + 3).as_ref() {
                    "the" | "this" | "current" => Some(0),
                    "last" | "previous" => Some(-1),
                    "next" => Some(1),
                    _ => None,
                };
                if let (Some(shift), true) = (shift, self.word_is(i + 4, "year")) {
                    year = self.reference.map(|r| r.year + shift);
                    last = i + 4;
                }
            }
        }
        let value = match year {
            Some(y) => format!("{y:04}-{letter}{n}"),
            None => format!("XXXX-{letter}{n}"),
        };
        let mut f = Found::new(MentionKind::Date, first, last).text(value);
        f.date_qualifier = self.date_qualifier(first);
        Some(f)
    }

    /// "the first nine months of this year", "the first three quarters of
    /// 2016", "the first 6–7 months", "the three quarters of this year": the
    /// opening months or quarters of a year, `2019-01`…`2019-09` (value and
    /// high). Without "first", only with the year named. `k` is the token
    /// after "the".
    fn first_part_at(&self, first: usize, k: usize) -> Option<Found> {
        let opened = self.word_is(k, "first");
        let at = if opened { k + 1 } else { k };
        let n = self.number_at(at)?;
        if n.ordinal || n.scaled || n.year_like || n.first != at {
            return None;
        }
        // "three quarters" reads as the fraction ¾: here it counts quarters.
        let (n, letter, max, count) = if self.word_is(n.last, "quarters") {
            (n, 'Q', 4, n.value * 4.0)
        } else {
            let (n, high) = if self.is_dash(n.last + 1) {
                self.range_after(n)
            } else {
                (n, None)
            };
            let (letter, max) = match self.lower(n.last + 1).as_ref() {
                "months" => ('M', 12),
                "quarters" => ('Q', 4),
                _ => return None,
            };
            let count = high.unwrap_or(n.value);
            let mut n = n;
            n.last += 1;
            (n, letter, max, count)
        };
        if (count - count.round()).abs() > 1e-9 || count < 2.0 || count > f64::from(max) {
            return None;
        }
        let count = count.round() as u32;
        let mut last = n.last;
        let mut year = None;
        if self.word_is(last + 1, "of") {
            if let Some(y) = self.year_at(last + 2) {
                year = Some(y);
                last += 2;
            } else {
                let shift = match self.lower(last + 2).as_ref() {
                    "the" | "this" | "current" => Some(0),
                    "last" | "previous" => Some(-1),
                    "next" => Some(1),
                    _ => None,
                };
                if let (Some(shift), true) = (shift, self.word_is(last + 3, "year")) {
                    year = self.reference.map(|r| r.year + shift);
                    last += 3;
                }
            }
        }
        if !opened && last == n.last {
            return None;
        }
        let year = year.or_else(|| self.reference.map(|r| r.year));
        let fmt = |m: u32| {
            let y = year.map_or_else(|| "XXXX".to_owned(), |y| format!("{y:04}"));
            if letter == 'Q' {
                format!("{y}-Q{m}")
            } else {
                format!("{y}-{m:02}")
            }
        };
        let mut f = Found::new(MentionKind::Date, if opened { k } else { at }, last).text(fmt(1));
        f.high = Some(MentionValue::Text(fmt(count)));
        f.date_qualifier = self.date_qualifier(first);
        Some(f)
    }

    /// "Q1 2020", "Q3".
    fn q_quarter_at(&self, i: usize) -> Option<Found> {
        let raw = self.raw(i);
        let (n, last_digit) = if raw.len() == 2 {
            (raw[1..].parse::<u32>().ok()?, i)
        } else if self.is_num(i + 1) && self.glued(i + 1) {
            (self.raw(i + 1).parse::<u32>().ok()?, i + 1)
        } else {
            return None;
        };
        if !(1..=4).contains(&n) {
            return None;
        }
        let (year, last) = match self.year_at(last_digit + 1) {
            Some(y) => (Some(y), last_digit + 1),
            None => (self.reference.map(|r| r.year), last_digit),
        };
        let value = match year {
            Some(y) => format!("{y:04}-Q{n}"),
            None => format!("XXXX-Q{n}"),
        };
        Some(Found::new(MentionKind::Date, i, last).text(value))
    }

    /// "9 May", "9 May 2025", "9th of May".
    fn day_month_at(&self, i: usize) -> Option<Found> {
        let day: u32 = self.raw(i).parse().ok().filter(|d| (1..=31).contains(d))?;
        let mut j = i + 1;
        if self.is_word(j)
            && self.glued(j)
            && matches!(self.lower(j).as_ref(), "st" | "nd" | "rd" | "th")
        {
            j += 1;
        }
        if self.word_is(j, "of") {
            j += 1;
        }
        let m = month(self.raw(j))?;
        let mut last = j;
        let mut year = None;
        if self.sym_is(j + 1, ",") && self.year_at(j + 2).is_some() {
            year = self.year_at(j + 2);
            last = j + 2;
        } else if let Some(y) = self.year_at(j + 1) {
            year = Some(y);
            last = j + 1;
        }
        Some(self.calendar_date(i, last, year, m, Some(day)))
    }

    /// "May 9", "May 9, 2025", "May 2025", "in May".
    fn month_first_at(&self, i: usize, m: u32) -> Option<Found> {
        let raw = self.raw(i);
        if self.is_num(i + 1) {
            let digits = self.raw(i + 1);
            if let Some(day) = digits
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=31).contains(d) && digits.len() <= 2)
            {
                let mut last = i + 1;
                if self.is_word(i + 2)
                    && self.glued(i + 2)
                    && matches!(self.lower(i + 2).as_ref(), "st" | "nd" | "rd" | "th")
                {
                    last = i + 2;
                }
                // "March 14–25": a span of days of the month.
                let mut to_day = None;
                if self.is_dash(last + 1) && self.glued(last + 1) && self.glued(last + 2) {
                    let digits = self.raw(last + 2);
                    to_day = digits.parse::<u32>().ok().filter(|d| {
                        *d > day && *d <= 31 && digits.len() <= 2 && self.is_num(last + 2)
                    });
                    if to_day.is_some() {
                        last += 2;
                    }
                }
                let mut year = None;
                if self.sym_is(last + 1, ",") && self.year_at(last + 2).is_some() {
                    year = self.year_at(last + 2);
                    last += 2;
                } else if let Some(y) = self.year_at(last + 1) {
                    year = Some(y);
                    last += 1;
                }
                let mut f = self.calendar_date(i, last, year, m, Some(day));
                if let Some(to) = to_day {
                    let end = self.calendar_date(i, last, year, m, Some(to));
                    f.high = end.value;
                }
                return Some(f);
            }
            if let Some(y) = self.year_at(i + 1) {
                return Some(self.calendar_date(i, i + 1, Some(y), m, None));
            }
        }
        // A month alone, after a preposition ("in May", "since March"); "May"
        // alone is too often the verb.
        if raw != "May" && raw.len() > 3 && i > 0 {
            let before = self.lower(i - 1);
            if matches!(
                before.as_ref(),
                "in" | "since"
                    | "by"
                    | "until"
                    | "till"
                    | "from"
                    | "early"
                    | "late"
                    | "mid"
                    | "of"
                    | "last"
                    | "next"
                    | "this"
                    | "before"
                    | "after"
                    | "through"
            ) {
                return Some(self.calendar_date(i, i, None, m, None));
            }
        }
        None
    }

    fn year_at(&self, j: usize) -> Option<i32> {
        let raw = self.raw(j);
        if self.is_num(j) && raw.len() == 4 && raw.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = raw.parse().ok()?;
            return (1000..=2200).contains(&y).then_some(y);
        }
        None
    }

    fn calendar_date(
        &self,
        first: usize,
        last: usize,
        year: Option<i32>,
        m: u32,
        day: Option<u32>,
    ) -> Found {
        let year = year.or_else(|| self.reference.map(|r| r.year));
        let value = match (year, day) {
            (Some(y), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (None, Some(d)) => format!("XXXX-{m:02}-{d:02}"),
            (Some(y), None) => format!("{y:04}-{m:02}"),
            (None, None) => format!("XXXX-{m:02}"),
        };
        let mut f = Found::new(MentionKind::Date, first, last).text(value);
        f.date_qualifier = self.date_qualifier(first);
        f
    }

    /// "the 1990s", "1990s".
    fn decade_at(&self, i: usize) -> Option<Found> {
        let raw = self.raw(i);
        // "the 90s": twentieth-century decades written short.
        if self.is_num(i)
            && raw.len() == 2
            && raw.ends_with('0')
            && self.word_is(i + 1, "s")
            && self.glued(i + 1)
            && i > 0
            && self.word_is(i - 1, "the")
        {
            let mut f = Found::new(MentionKind::Date, i, i + 1).text(format!("19{}X", &raw[..1]));
            f.date_qualifier = self.date_qualifier(i);
            return Some(f);
        }
        if !(self.is_num(i)
            && raw.len() == 4
            && raw.ends_with('0')
            && self.word_is(i + 1, "s")
            && self.glued(i + 1))
        {
            return None;
        }
        let mut f = Found::new(MentionKind::Date, i, i + 1).text(format!("{}X", &raw[..3]));
        f.date_qualifier = self.date_qualifier(i);
        Some(f)
    }

    /// "this year", "last week", "next month", "the previous year".
    fn this_next_last_at(&self, first: usize, i: usize) -> Option<Found> {
        let w = self.lower(i);
        let shift: i64 = match w.as_ref() {
            "this" | "current" => 0,
            "last" | "previous" | "past" => -1,
            "next" | "coming" | "following" => 1,
            _ => return None,
        };
        if let Some(d) = weekday(self.raw(i + 1)) {
            if w == "past" {
                return None;
            }
            return Some(self.weekday_date(first, i + 1, d, shift));
        }
        let unit = self.lower(i + 1);
        // "last year’s report" is last year.
        let unit = strip_possessive(&unit);
        if unit == "night" && shift <= 0 {
            // "last night", "this night": the reference day or the one before.
            return Some(self.day_offset(first, i + 1, if w == "last" { -1 } else { 0 }));
        }
        if let Some(season) = season(unit) {
            let mut f = Found::new(MentionKind::Date, first, i + 1);
            let value = match self.reference {
                Some(r) => format!("{:04}-{season}", i64::from(r.year) + shift),
                None => format!("XXXX-{season}"),
            };
            f.value = Some(MentionValue::Text(value));
            f.date_qualifier = self.date_qualifier(first);
            return Some(f);
        }
        let designator = match unit {
            "year" => 'Y',
            "month" => 'M',
            "week" => 'W',
            _ => return None,
        };
        // "the past year" is a span of time, not a date.
        if w == "past" {
            return None;
        }
        // "this year’s first quarter", "last year’s second half".
        let possessive = self.lower(i + 1).len() != unit.len();
        if designator == 'Y' && possessive && self.is_word(i + 2) {
            if let Some(n) = small_ordinal(&self.lower(i + 2)) {
                let (letter, max) = match self.lower(i + 3).as_ref() {
                    "quarter" => ('Q', 4.0),
                    "half" => ('H', 2.0),
                    _ => ('-', 0.0),
                };
                if n <= max {
                    let year = self.reference.map_or_else(
                        || "XXXX".to_owned(),
                        |r| format!("{:04}", i64::from(r.year) + shift),
                    );
                    let mut f = Found::new(MentionKind::Date, first, i + 3)
                        .text(format!("{year}-{letter}{}", n as u32));
                    f.date_qualifier = self.date_qualifier(first);
                    return Some(f);
                }
            }
        }
        Some(self.period_offset(first, i + 1, shift, designator))
    }

    fn period_offset(&self, first: usize, last: usize, shift: i64, designator: char) -> Found {
        let mut f = Found::new(MentionKind::Date, first, last);
        match self.reference {
            Some(r) => {
                let value = match designator {
                    'Y' => format!("{:04}", i64::from(r.year) + shift),
                    'M' => {
                        let d = r.add_months(shift);
                        format!("{:04}-{:02}", d.year, d.month)
                    }
                    _ => {
                        let (y, w) = r.add_days(7 * shift).iso_week();
                        format!("{y:04}-W{w:02}")
                    }
                };
                f.value = Some(MentionValue::Text(value));
            }
            None => {
                let sign = if shift < 0 { "-" } else { "" };
                f.offset = Some(format!("{sign}P{}{designator}", shift.abs()));
            }
        }
        f.date_qualifier = self.date_qualifier(first);
        f
    }

    fn day_offset(&self, first: usize, last: usize, shift: i64) -> Found {
        let mut f = Found::new(MentionKind::Date, first, last);
        match self.reference {
            Some(r) => f.value = Some(MentionValue::Text(r.add_days(shift).to_string())),
            None => {
                let sign = if shift < 0 { "-" } else { "" };
                f.offset = Some(format!("{sign}P{}D", shift.abs()));
            }
        }
        f
    }

    /// "the day after tomorrow", "the day before yesterday".
    fn the_day_at(&self, i: usize) -> Option<Found> {
        if !self.word_is(i + 1, "day") {
            return None;
        }
        if self.word_is(i + 2, "after") && self.word_is(i + 3, "tomorrow") {
            return Some(self.day_offset(i, i + 3, 2));
        }
        if self.word_is(i + 2, "before") && self.word_is(i + 3, "yesterday") {
            return Some(self.day_offset(i, i + 3, -2));
        }
        None
    }

    /// "the end of the year", "the end of 2020", "the beginning of next
    /// year", "the first quarter of 2019".
    fn end_of_at(&self, i: usize) -> Option<Found> {
        let edge = self.lower(i + 1);
        let at_end = match edge.as_ref() {
            "end" => true,
            "beginning" | "start" => false,
            _ => return None,
        };
        if !self.word_is(i + 2, "of") {
            return None;
        }
        // "of the year", "of this year", "of next year", "of 2020"
        let j = i + 3;
        let (year, last): (Option<i32>, usize) = if let Some(y) = self.year_at(j) {
            (Some(y), j)
        } else {
            let (shift, unit_at) = match self.lower(j).as_ref() {
                "the" | "this" | "current" => (0, j + 1),
                "next" => (1, j + 1),
                "last" => (-1, j + 1),
                _ => return None,
            };
            if !self.word_is(unit_at, "year") {
                return None;
            }
            (self.reference.map(|r| r.year + shift), unit_at)
        };
        let mut f = Found::new(MentionKind::Date, i, last);
        match year {
            Some(y) => {
                f.value = Some(MentionValue::Text(if at_end {
                    format!("{y:04}-12-31")
                } else {
                    format!("{y:04}-01-01")
                }))
            }
            None => f.offset = Some("P0Y".to_string()),
        }
        f.date_qualifier = self.date_qualifier(i);
        Some(f)
    }

    /// Prepositions that bound a date: "by 2030", "until May", "since 2000".
    fn date_qualifier(&self, first: usize) -> Option<(usize, usize, Bound)> {
        if first == 0 || !self.is_word(first - 1) {
            return None;
        }
        let w = self.lower(first - 1);
        let bound = match w.as_ref() {
            "by" | "before" | "until" | "till" => Bound::Upper,
            "since" | "after" => Bound::Lower,
            "around" | "about" | "circa" | "approximately" => Bound::Approx,
            _ => return None,
        };
        Some((first - 1, first - 1, bound))
    }

    // ---- money with the currency first ---------------------------------

    /// "$51 billion", "US$ 3 mln", "€2 bn", "RUB 3 trillion", "$15–20 billion".
    fn money_prefix_at(&self, i: usize) -> Option<Found> {
        let raw = self.raw(i);
        let t = self.tok(i)?;
        let (code, number_at) = if t.kind == TokKind::Sym {
            (currency_symbol(raw)?, i + 1)
        } else if let Some(code) = currency_code(raw) {
            // "US$": the word "US" glued to "$".
            if raw == "US" || raw == "A" || raw == "C" {
                return None;
            }
            (code, i + 1)
        } else if raw == "US" && self.sym_is(i + 1, "$") && self.glued(i + 1) {
            ("USD", i + 2)
        } else {
            return None;
        };
        if !self.is_num(number_at) && !self.is_word(number_at) {
            return None;
        }
        if t.kind == TokKind::Sym && !self.glued(number_at) && !self.is_num(number_at) {
            return None;
        }
        let n = self.number_at(number_at)?;
        if n.ordinal {
            return None;
        }
        let (n, high) = self.range_after(n);
        let mut f = Found::new(MentionKind::Money, i, n.last)
            .number(n.value)
            .unit(code);
        f.high = high.map(|h| MentionValue::Number(tidy(h)));
        Some(f)
    }

    // ---- finishing ----------------------------------------------------

    /// The hedge before a figure: the longest phrase of `HEDGES` that ends
    /// right before its first token.
    fn hedge_before(&self, first: usize) -> Option<(usize, usize, Bound)> {
        if first == 0 || !self.is_word(first - 1) {
            return None;
        }
        let last_word = self.lower(first - 1);
        let mut best: Option<(usize, usize, Bound)> = None;
        for &(phrase, bound) in HEDGES {
            if !phrase.ends_with(last_word.as_ref())
                || !(phrase.len() == last_word.len()
                    || phrase.as_bytes()[phrase.len() - last_word.len() - 1] == b' ')
            {
                continue;
            }
            let n = phrase.split(' ').count();
            if n > first {
                continue;
            }
            let start = first - n;
            let matches = phrase
                .split(' ')
                .enumerate()
                .all(|(k, w)| self.is_word(start + k) && self.lower(start + k) == w);
            // A hedge ends its own paragraph's figure, never the next one's.
            let one_paragraph = !self
                .text
                .get(self.toks[start].start..self.toks[first].start)
                .is_some_and(|between| between.contains('\n'));
            if matches && one_paragraph && best.is_none_or(|(s, _, _)| start < s) {
                best = Some((start, first - 1, bound));
            }
        }
        best
    }

    fn finish(&self, f: Found, base: usize) -> Mention {
        let start = self.toks[f.first].start;
        let end = self.toks[f.last].end;
        let hedge = match f.kind {
            MentionKind::Date => f.date_qualifier,
            MentionKind::Ordinal => None,
            _ => self.hedge_before(f.first),
        };
        let (qualifier, qualifier_start, qualifier_end, bound) = match hedge {
            Some((a, b, bound)) => {
                let qs = self.toks[a].start;
                let qe = self.toks[b].end;
                (
                    Some(
                        self.text[qs..qe]
                            .to_lowercase()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                    Some(base + qs),
                    Some(base + qe),
                    bound,
                )
            }
            None => (None, None, None, Bound::Exact),
        };
        Mention {
            kind: f.kind,
            start: base + start,
            end: base + end,
            text: self.text[start..end].to_string(),
            value: f.value,
            high: f.high,
            unit: f.unit,
            qualifier,
            qualifier_start,
            qualifier_end,
            bound,
            offset: f.offset,
        }
    }
}

/// Whether a word can open a mention: a number or ordinal word, an article
/// or "half" (before a number or a time unit), a month, a relative date word,
/// a currency code. Everything else is skipped at once.
fn starts_mention(raw: &str) -> bool {
    if raw.starts_with(|c: char| c.is_ascii_uppercase())
        && (month(raw).is_some()
            || raw.split_once('-').is_some_and(|(a, _)| month(a).is_some())
            || weekday(raw).is_some()
            || currency_code(raw).is_some()
            || raw == "US"
            || (raw.starts_with('Q') && raw.len() <= 2))
    {
        return true;
    }
    let head = raw.find('-').map_or(raw, |p| &raw[..p]);
    if head.len() > 12 || !head.is_ascii() {
        return false;
    }
    let mut buf = [0u8; 12];
    let lower = if head.bytes().any(|b| b.is_ascii_uppercase()) {
        for (slot, b) in buf.iter_mut().zip(head.bytes()) {
            *slot = b.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..head.len()]).unwrap_or("")
    } else {
        head
    };
    small_number(lower).is_some()
        || multiplier_verb(lower).is_some()
        || fold_word(lower).is_some()
        || small_ordinal(lower).is_some()
        || scale_ordinal(lower).is_some()
        || matches!(
            lower,
            "a" | "an"
                | "half"
                | "minus"
                | "negative"
                | "the"
                | "this"
                | "last"
                | "next"
                | "previous"
                | "coming"
                | "current"
                | "today"
                | "tonight"
                | "tomorrow"
                | "yesterday"
                | "rub"
                | "several"
                | "twice"
                | "once"
                | "few"
                | "many"
                | "recent"
                | "past"
        )
}

/// Seasons, as ISO 8601-2 / TIMEX season codes.
fn season(word: &str) -> Option<&'static str> {
    Some(match word {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// An ISO 8601 duration: `P5Y`, `P1.5Y`, `PT3H`.
fn iso_duration(amount: f64, designator: char, is_time: bool) -> String {
    let amount = tidy(amount);
    let number = if amount.fract() == 0.0 {
        format!("{}", amount as i64)
    } else {
        let s = format!("{amount:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if is_time {
        format!("PT{number}{designator}")
    } else {
        format!("P{number}{designator}")
    }
}

/// The size order of time units: years above months above weeks … seconds.
fn unit_rank(designator: char, is_time: bool) -> u8 {
    match (designator, is_time) {
        ('Y', false) => 6,
        ('M', false) => 5,
        ('W', false) => 4,
        ('D', false) => 3,
        ('H', true) => 2,
        ('M', true) => 1,
        _ => 0,
    }
}

/// An ISO 8601 duration of several parts, largest first: `P2Y6M`, `PT3H38M`.
fn iso_compound(parts: &[(f64, char, bool)]) -> String {
    let mut date = String::from("P");
    let mut time = String::new();
    for &(amount, designator, is_time) in parts {
        let one = iso_duration(amount, designator, is_time);
        let number = one.trim_start_matches('P').trim_start_matches('T');
        if is_time {
            time.push_str(number);
        } else {
            date.push_str(number);
        }
    }
    if !time.is_empty() {
        date.push('T');
        date.push_str(&time);
    }
    date
}

/// Turns the byte offsets of mentions into code point offsets.
fn to_code_points(text: &str, mentions: &mut [Mention]) {
    let mut points: Vec<usize> = Vec::with_capacity(mentions.len() * 4);
    for m in mentions.iter() {
        points.extend([m.start, m.end]);
        points.extend(m.qualifier_start);
        points.extend(m.qualifier_end);
    }
    points.sort_unstable();
    points.dedup();
    let mut chars = Vec::with_capacity(points.len());
    let mut cursor = crate::text::CharCursor::new(text);
    for &p in &points {
        chars.push(cursor.at(p));
    }
    let map = |b: usize| chars[points.binary_search(&b).expect("offset recorded")];
    for m in mentions.iter_mut() {
        m.start = map(m.start);
        m.end = map(m.end);
        m.qualifier_start = m.qualifier_start.map(map);
        m.qualifier_end = m.qualifier_end.map(map);
    }
}
