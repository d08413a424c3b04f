//! Open indicators at the figure: which noun phrase of the paragraph a
//! figure measures when no lexicon phrase names it (the counted noun, what
//! a percent is a share of, the clause's subject, the verb that spends a
//! sum), and the [`Found`] it becomes. The chunking itself is in
//! [`super::phrase`].

use super::{lexicon, phrase, phrase_at, Found, Word};
use crate::extract::words::{scale, small_number};
use crate::model::{Mention, MentionKind, MentionValue};
use std::ops::Range;

/// Only spaces between two words.
pub(super) fn joined_plain(text: &str, a: &Word, b: &Word) -> bool {
    text.get(a.bytes.end..b.bytes.start)
        .is_some_and(|gap| gap.chars().all(char::is_whitespace))
}

/// Where a figure sits among the paragraph's words.
pub(super) struct Span {
    /// The first word of the number.
    pub(super) number: usize,
    /// The first word after the mention.
    pub(super) end: usize,
    /// The first word of the hedge, or the number.
    pub(super) hedge: usize,
    /// The words of the figure's clause.
    pub(super) clause: Range<usize>,
}

/// Words before a number that make it a name ("Article 3", "No. 5").
pub(super) const NAMING: &[&str] = &[
    "no",
    "number",
    "article",
    "paragraph",
    "point",
    "item",
    "chapter",
    "section",
    "clause",
    "resolution",
    "unit",
    "block",
    "flight",
    "room",
    "page",
    "grade",
    "class",
    "phase",
    "stage",
    "part",
    "route",
    "highway",
    "school",
    "hospital",
    "lyceum",
    "plant",
    "line",
    "decree",
    "law",
    "order",
    "version",
    "channel",
    "bus",
    "platform",
    "gymnasium",
];

/// Verbs that say what a sum of money is ("allocated 36 billion rubles").
pub(super) const MONEY_VERBS: &[(&str, &str)] = &[
    ("allocated", "allocation"),
    ("allocate", "allocation"),
    ("allocating", "allocation"),
    ("earmarked", "allocation"),
    ("invested", "investment"),
    ("invest", "investment"),
    ("investing", "investment"),
    ("spent", "spending"),
    ("spend", "spending"),
    ("spending", "spending"),
    ("provided", "allocation"),
    ("raised", "funds raised"),
    ("attracted", "investment"),
    ("paid", "payment"),
    ("pay", "payment"),
    ("cost", "cost"),
    ("costs", "cost"),
    ("worth", "value"),
    ("received", "receipts"),
    ("lent", "credit"),
    ("disbursed", "allocation"),
    ("earned", "earnings"),
    ("saved", "savings"),
];

/// The indicator a figure names itself, when no lexicon phrase does:
/// the counted noun after a count ("5,000 new jobs"), what a percent is a
/// share of ("12 percent of exports"), the clause's subject ("the state
/// defence order was 95 percent fulfilled"), or the verb that spends a sum
/// of money ("allocated 36 billion rubles").
pub(super) fn open_indicator(
    text: &str,
    words: &[Word],
    m: &Mention,
    at: Span,
    to_char: &dyn Fn(usize) -> usize,
) -> Option<Found> {
    let clause_end = at.clause.end.max(at.end);
    // A number that names a thing: "Article 3", "Su-57", "No. 5".
    let before = at.number.checked_sub(1).map(|w| &words[w]);
    let named = before.is_some_and(|w| {
        NAMING.contains(&w.lower())
            || text[w.bytes.end..words[at.number].bytes.start] == *"-"
            || text[w.bytes.end..words[at.number].bytes.start].contains('№')
    });
    if named {
        return None;
    }
    let digits = m.text.chars().any(|c| c.is_ascii_digit());
    let value = match m.value {
        Some(MentionValue::Number(v)) => v,
        _ => return None,
    };
    let unit = m.unit.as_deref().unwrap_or("");
    // The first word of the counted noun: inside a quantity's span ("5,000
    // people"), else right after the mention.
    let noun_start = (at.number..at.end)
        .find(|&w| {
            let lower = words[w].lower();
            !lower.chars().any(|c| c.is_ascii_digit())
                && small_number(lower).is_none()
                && scale(lower).is_none()
                && !matches!(
                    lower,
                    "dozen" | "dozens" | "hundreds" | "and" | "a" | "several" | "some" | "tens"
                )
        })
        .unwrap_or(at.end);
    let subject = || phrase::subject_before(text, words, at.clause.start, at.hedge);
    let np = match m.kind {
        MentionKind::Quantity if unit == "times" => subject(),
        // "a quarter of Tajikistan's trade", "a third of exports".
        MentionKind::Number
            if value < 1.0 && words.get(at.end).is_some_and(|w| w.lower() == "of") =>
        {
            phrase::share_of(text, words, at.end, clause_end)
        }
        MentionKind::Quantity | MentionKind::Number => {
            // A count: a figure written in digits, or ten and more.
            if !(digits || value >= 10.0) {
                return None;
            }
            if m.kind == MentionKind::Number && noun_start == at.end {
                // A bare figure: what the clause's subject "stood at",
                // "declined to" ("infant mortality … stood at 5.1").
                let counted = phrase::counted_after(text, words, at.end, clause_end);
                if counted.is_some() {
                    return counted.map(|np| found_of(&np, words, to_char));
                }
                let np = subject()?;
                let verbs = &words[np.words.end..at.hedge];
                let stated = verbs.iter().any(|w| {
                    matches!(
                        w.lower(),
                        "stood"
                            | "stands"
                            | "was"
                            | "is"
                            | "amounted"
                            | "amounts"
                            | "reached"
                            | "declined"
                            | "fell"
                            | "rose"
                            | "grew"
                            | "increased"
                            | "decreased"
                            | "dropped"
                            | "totalled"
                            | "totaled"
                            | "came"
                    )
                });
                return stated.then(|| found_of(&np, words, to_char));
            }
            let counted = phrase::counted_after(text, words, noun_start, clause_end);
            let physical =
                lexicon::PHYSICAL.contains(&unit) && !matches!(unit, "apartments" | "houses");
            match counted {
                // "10 tonnes" says what it weighs, not what: the subject does.
                Some(np) if physical && np.words.end <= at.end => subject(),
                other => other,
            }
        }
        MentionKind::Percent => phrase::share_of(text, words, at.end, clause_end).or_else(|| {
            // "percent of the total", "of them": no thing named.
            (words.get(at.end).is_none_or(|w| w.lower() != "of"))
                .then(subject)
                .flatten()
        }),
        MentionKind::Money => subject()
            .or_else(|| {
                // "one million rubles in compensation", "$50 billion of investment".
                let next = words.get(at.end)?;
                (matches!(next.lower(), "in" | "of" | "worth")
                    && joined_plain(text, &words[at.end - 1], next))
                .then(|| phrase::counted_after(text, words, at.end + 1, clause_end))
                .flatten()
            })
            .or_else(|| {
                // "40 billion rubles were allocated", "is printed".
                let mut w = at.end;
                let mut aux = 0;
                while w < clause_end
                    && aux < 2
                    && matches!(
                        words[w].lower(),
                        "were" | "was" | "is" | "are" | "have" | "has" | "been" | "be" | "will"
                    )
                {
                    w += 1;
                    aux += 1;
                }
                let verb = words.get(w).filter(|_| aux > 0)?;
                let key = MONEY_VERBS
                    .iter()
                    .find(|(v, _)| *v == verb.lower())
                    .map(|(_, key)| (*key).to_owned())
                    .or_else(|| {
                        (verb.lower().ends_with("ed") && verb.lower().len() > 4)
                            .then(|| verb.lower().to_owned())
                    })?;
                Some(phrase::NounPhrase {
                    words: w..w + 1,
                    text: text[verb.bytes.clone()].to_owned(),
                    key,
                })
            })
            .or_else(|| {
                let verb = (at.clause.start.max(at.hedge.saturating_sub(3))..at.hedge)
                    .rev()
                    .find_map(|w| {
                        MONEY_VERBS
                            .iter()
                            .find(|(v, _)| *v == words[w].lower())
                            .map(|(_, key)| (w, *key))
                    })?;
                Some(phrase::NounPhrase {
                    words: verb.0..verb.0 + 1,
                    text: text[words[verb.0].bytes.clone()].to_owned(),
                    key: verb.1.to_owned(),
                })
            }),
        _ => None,
    }?;
    // A place is where, not what: "Russia … 269,000".
    let lex = lexicon();
    let place = phrase_at(&lex.countries, words, np.words.start)
        .is_some_and(|(len, _)| np.words.start + len >= np.words.end);
    if place {
        return None;
    }
    Some(found_of(&np, words, to_char))
}

/// The indicator of a noun phrase: its canonical id when a known
/// indicator is its head ("new jobs" → `jobs`), else its key.
pub(super) fn found_of(
    np: &phrase::NounPhrase,
    words: &[Word],
    to_char: &dyn Fn(usize) -> usize,
) -> Found {
    let bytes = words[np.words.start].bytes.start..words[np.words.end - 1].bytes.end;
    let lex = lexicon();
    let canonical = np.words.clone().find_map(|i| {
        phrase_at(&lex.indicators, words, i)
            .filter(|(len, _)| i + len == np.words.end)
            .map(|(_, id)| id)
    });
    Found {
        id: canonical.unwrap_or(""),
        key: canonical.is_none().then(|| np.key.clone()),
        start: to_char(bytes.start),
        end: to_char(bytes.end),
        words: np.words.clone(),
        text: np.text.clone(),
        detail: None,
    }
}
