//! Speaker labels: deciding whether a paragraph opens with one, and reading
//! it into role, name and note.
//!
//! A label is the text before the first colon that is followed by white space
//! (or ends the paragraph). Whether that text *is* a label is decided from its
//! shape: a trailing capitalised name, a role made of titles, institutions and
//! function words, no sentence words (pronouns, verbs of running text), no
//! sentence punctuation; or a generic dialog act (`Question`, `Remark`); or a
//! role alone whose head is a title (`Call centre operator`). Names that occur
//! in other labels of the same document are the evidence for short or
//! ambiguous labels.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use crate::lexicon::{
    class, classes, is_function_word, is_generic_speaker, is_given_name, is_honorific,
    is_hyphenated_title, is_institution_word, is_name_particle, is_place_word, is_sentence_word,
    is_title_word, key,
};
use crate::names::normalise_name_token;

/// Longest label prefix considered, in bytes (roles run to ~200 characters,
/// many of them two-byte no-break spaces).
const MAX_LABEL_BYTES: usize = 480;
/// Longest label in characters.
const MAX_LABEL_CHARS: usize = 300;

/// Where a label sits in its paragraph, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LabelBounds {
    /// End of the label text (exclusive; trailing spaces trimmed).
    pub label_end: usize,
    /// The colon after the label.
    pub colon: usize,
    /// Start of the speech after the colon and its spaces.
    pub rest_start: usize,
    /// No space after the colon ("Maria Sittel:Our next link-up"): only a
    /// strong label may be read here.
    pub tight: bool,
}

/// Finds the label colon of a paragraph (trimmed line) and returns the label
/// bounds, without judging whether the text is a label.
pub(crate) fn label_bounds(paragraph: &str) -> Option<LabelBounds> {
    let window = &paragraph.as_bytes()[..paragraph.len().min(MAX_LABEL_BYTES)];
    let colon = memchr::memchr(b':', window)?;
    if colon == 0 {
        return None;
    }
    let after = &paragraph[colon + 1..];
    let next = after.chars().next();
    // "Vladimir Putin:Yes." — a missing space is tolerated before a capital
    // letter; the label must then be a strong one (see `LabelBounds::tight`).
    let tight = next.is_some_and(|c| !c.is_whitespace());
    if tight && !next.is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '"' | '(')) {
        return None;
    }
    let label_end = paragraph[..colon].trim_end().len();
    if label_end == 0 {
        return None;
    }
    let rest = after.trim_start();
    Some(LabelBounds {
        label_end,
        colon,
        rest_start: paragraph.len() - rest.len(),
        tight,
    })
}

/// How sure the shape of a label alone makes us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// A full name, a generic act or a titled role: a label on its own.
    Strong,
    /// A single capitalised word: a label only when the document confirms it.
    Weak,
}

/// What a label says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LabelKind {
    /// A dialog act or an unnamed role: not a person.
    Generic { role: Option<String> },
    /// A named person, with the role the label gives.
    Person {
        /// Normalised name tokens ("Vladimir", "Putin"; "V.", "Putin").
        name: Vec<String>,
        role: Option<String>,
    },
}

/// A label read into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelReading {
    pub kind: LabelKind,
    pub note: Option<String>,
    pub strength: Strength,
}

/// What the rest of the document says about names: the evidence for weak and
/// ambiguous labels.
#[derive(Debug, Default)]
pub(crate) struct Evidence {
    /// Lower-cased name token sequences of strong person labels.
    names: HashSet<Vec<String>>,
    /// Lower-cased first and last name tokens of strong person labels.
    name_parts: HashSet<String>,
    /// How often each single-word label candidate opens a paragraph.
    single_word_counts: HashMap<String, usize>,
    /// Set when a reading asked for the known names: its result may change
    /// once the document's evidence is in.
    consulted: Cell<bool>,
}

impl Evidence {
    /// Whether a reading made against this evidence depended on it (a weak
    /// reading always does).
    pub fn was_consulted(&self) -> bool {
        self.consulted.get()
    }

    /// Records what one candidate reading (made without evidence) shows,
    /// for a label that opens `occurrences` paragraphs.
    pub fn observe(&mut self, reading: &LabelReading, occurrences: usize) {
        if let LabelKind::Person { name, .. } = &reading.kind {
            let lower: Vec<String> = name.iter().map(|t| key(t)).collect();
            match reading.strength {
                Strength::Strong => {
                    if let Some(first) = lower.first() {
                        if first.len() > 1 {
                            self.name_parts.insert(first.clone());
                        }
                    }
                    if let Some(last) = lower.last() {
                        self.name_parts.insert(last.clone());
                    }
                    self.names.insert(lower);
                }
                Strength::Weak => {
                    if let Some(word) = lower.first() {
                        *self.single_word_counts.entry(word.clone()).or_default() += occurrences;
                    }
                }
            }
        }
    }

    /// Whether a weak (single word) label is confirmed by the document.
    pub fn confirms(&self, reading: &LabelReading) -> bool {
        match (&reading.kind, reading.strength) {
            (_, Strength::Strong) | (LabelKind::Generic { .. }, _) => true,
            (LabelKind::Person { name, .. }, Strength::Weak) => {
                let word = name.first().map(|t| key(t)).unwrap_or_default();
                self.name_parts.contains(&word)
                    || self.single_word_counts.get(&word).copied().unwrap_or(0) >= 2
            }
        }
    }

    /// The longest suffix of `run` (lower-cased) that names a person of the
    /// document, in tokens.
    fn known_suffix(&self, run: &[String]) -> Option<usize> {
        self.consulted.set(true);
        (2..=run.len())
            .rev()
            .find(|&n| self.names.contains(&run[run.len() - n..]))
    }
}

/// Reads a label (the text before the colon). `None` when the text is not a
/// label at all.
pub(crate) fn read_label(label: &str, evidence: &Evidence) -> Option<LabelReading> {
    let mut core = label.trim();
    if core.is_empty() || core.chars().count() > MAX_LABEL_CHARS {
        return None;
    }
    // Peel trailing parentheticals: "(retranslated)", "(to acting director of …)".
    let mut notes: Vec<&str> = Vec::new();
    while core.ends_with(')') {
        let open = matching_open_paren(core)?;
        notes.push(core[open + 1..core.len() - 1].trim());
        core = core[..open].trim_end();
    }
    if core.is_empty() {
        return None;
    }
    let note = if notes.is_empty() {
        None
    } else {
        notes.reverse();
        Some(notes.join("; "))
    };
    if core.chars().any(|c| {
        matches!(
            c,
            '?' | '!' | ';' | '“' | '”' | '"' | '«' | '»' | '…' | ':' | '/' | '*'
        )
    }) {
        return None;
    }
    // Cheap rejections first: most colons end running text ("as follows:").
    let last_word = core.rsplit(char::is_whitespace).next().unwrap_or("");
    let first_word = core.split(char::is_whitespace).next().unwrap_or("");
    if last_word.starts_with(char::is_lowercase)
        && !core.contains(',')
        && !is_generic_speaker(first_word)
        && !is_title_word(last_word)
        && !last_word.starts_with("al-")
    {
        return None;
    }
    if core.split(char::is_whitespace).nth(45).is_some() {
        return None;
    }
    let tokens = tokenise(core)?;
    if tokens.is_empty() {
        return None;
    }
    let kind_strength = read_generic(&tokens)
        .map(|kind| (kind, Strength::Strong))
        .or_else(|| read_comma_form(core, evidence))
        .or_else(|| read_role_name(&tokens, evidence))?;
    Some(LabelReading {
        kind: kind_strength.0,
        note,
        strength: kind_strength.1,
    })
}

fn matching_open_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits a label core into tokens, splitting joined initials ("V.Putin")
/// and camel-case joins ("VladimirPutin"); rejects sentence periods.
fn tokenise(core: &str) -> Option<Vec<&str>> {
    let mut tokens = Vec::new();
    for raw in core.split(char::is_whitespace).filter(|t| !t.is_empty()) {
        // "V.Putin" -> "V." "Putin"; "Mr." stays; "VEB.RF" stays one token.
        let mut rest = raw;
        while let Some(dot) = rest.find('.') {
            let head = &rest[..dot];
            let tail = &rest[dot + 1..];
            let is_initial = head.chars().count() == 1 && head.chars().all(char::is_uppercase);
            let is_abbrev = is_honorific(head) || matches!(head, "St" | "Jr" | "Sr" | "Ph");
            if is_initial || (is_abbrev && tail.is_empty()) {
                tokens.push(&rest[..=dot]);
                rest = tail;
            } else if tail.is_empty() || tail.starts_with(['"', '’', ')', ',']) {
                // A period ending a word: a sentence ends inside the "label".
                return None;
            } else {
                // A period inside a word ("VEB.RF"): one token, not a name.
                break;
            }
        }
        // "Presidentof Palestine": a title glued to "of".
        if let Some(title) = rest.strip_suffix("of").filter(|t| is_title_word(t)) {
            tokens.push(title);
            tokens.push(&rest[title.len()..]);
            continue;
        }
        if !rest.is_empty() {
            if rest.contains('.') {
                tokens.push(rest);
            } else {
                split_camel(rest, &mut tokens);
            }
        }
    }
    Some(tokens)
}

/// "VladimirPutin" -> ["Vladimir", "Putin"]; "VladimirPUTIN" too. Leaves
/// "McDonald", "DeLuca", "MacArthur" alone (a short head is a prefix).
fn split_camel<'t>(token: &'t str, out: &mut Vec<&'t str>) {
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut chars_in_part = 0;
    for (at, c) in token.char_indices() {
        if prev.is_some_and(char::is_lowercase)
            && c.is_uppercase()
            && chars_in_part >= 4
            && token[start..].starts_with(char::is_uppercase)
            && token[at..].chars().nth(1).is_some()
        {
            out.push(&token[start..at]);
            start = at;
            chars_in_part = 0;
        }
        prev = Some(c);
        chars_in_part += 1;
    }
    out.push(&token[start..]);
}

fn is_capitalised(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_uppercase)
}

fn is_initial(token: &str) -> bool {
    let mut chars = token.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

fn is_roman_numeral(token: &str) -> bool {
    !token.is_empty() && token.len() <= 5 && token.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// A word that can be part of a person's name: capitalised, letters with
/// hyphens and apostrophes, not a title or institution.
fn is_name_word(token: &str) -> bool {
    // "al-Assad", "el-Sisi": an Arabic article joined to a capitalised name.
    if let Some((article, rest)) = token.split_once('-') {
        if matches!(
            article,
            "al" | "el" | "ad" | "ash" | "as" | "bin" | "ibn" | "ben"
        ) && is_capitalised(rest)
        {
            return is_name_word(rest);
        }
    }
    if !is_capitalised(token) {
        return false;
    }
    let mut letters = 0;
    let mut has_lower = false;
    for c in token.chars() {
        if c.is_alphabetic() {
            letters += 1;
            has_lower |= c.is_lowercase();
        } else if !matches!(c, '-' | '\'' | '’') {
            return false;
        }
    }
    (has_lower || letters > 1)
        && classes(token)
            & (class::TITLE
                | class::INSTITUTION
                | class::FUNCTION
                | class::HONORIFIC
                | class::GENERIC)
            == 0
        && !is_hyphenated_title(token)
}

fn is_sentence_evidence(token: &str, position: usize) -> bool {
    // Case matters: "US" is no pronoun, "Argumenty i Fakty" has no "I".
    let titlecase = is_capitalised(token) && token.chars().skip(1).all(|c| !c.is_uppercase());
    let lowercase = token.chars().all(|c| !c.is_uppercase());
    token == "I"
        || (((position == 0 && titlecase) || lowercase) && is_sentence_word(token))
        || (position == 0 && titlecase && is_opening_conjunction(token))
}

/// Words that open running text but never a label ("And a question for
/// President Putin: …").
fn is_opening_conjunction(token: &str) -> bool {
    classes(token) & class::OPENING != 0
}

/// Titles that go with a single name ("Patriarch Kirill", "King Abdullah II
/// of Jordan").
fn is_mononym_title(token: &str) -> bool {
    classes(token) & class::MONONYM != 0
}

/// Whether the speech after a label fits the label: a role alone followed
/// by a bare name is a list item ("Minister of Foreign Affairs: Sergei
/// Lavrov."), and a single word followed by a quotation or a figure is a
/// heading or a citation ("Germany: “…”", "Deadline: July 15").
pub(crate) fn fits_speech(reading: &LabelReading, rest: &str) -> bool {
    match (&reading.kind, reading.strength) {
        (LabelKind::Generic { role: Some(_) }, _) => !is_bare_name(rest),
        (LabelKind::Person { .. }, Strength::Weak) => {
            if is_bare_name(rest) {
                return false;
            }
            let first = rest.chars().next();
            let first_word = rest.split(char::is_whitespace).next().unwrap_or("");
            !(first.is_some_and(|c| c.is_ascii_digit() || matches!(c, '“' | '"' | '«' | '‘'))
                || is_month(first_word))
        }
        // "Minister of Foreign Affairs: Sergei Lavrov." with the role misread.
        (LabelKind::Person { role: Some(_), .. }, _) => {
            !(is_bare_name(rest) && rest.split_whitespace().count() >= 2)
        }
        _ => true,
    }
}

/// "Sergei Lavrov." — a name and nothing else.
fn is_bare_name(rest: &str) -> bool {
    // Looks at five words at most: the speech after a label can be long.
    let mut words = rest
        .trim_end_matches('.')
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty());
    let mut count = 0;
    for word in words.by_ref().take(5) {
        if !(is_name_word(word) || is_initial(word)) {
            return false;
        }
        count += 1;
    }
    (1..=4).contains(&count)
}

fn is_month(word: &str) -> bool {
    classes(word) & class::MONTH != 0
}

/// Lower-case words that name a person by what they do: "mariner",
/// "medallist", "commentator".
fn is_agentive(word: &str) -> bool {
    let w = key(word);
    w.len() > 4
        && [
            "er", "or", "ist", "ian", "ant", "ent", "man", "woman", "ess",
        ]
        .iter()
        .any(|s| w.ends_with(s))
}

/// `Question`, `Remark from the audience`, `Call centre operator`, `Moderator`.
fn read_generic(tokens: &[&str]) -> Option<LabelKind> {
    let first = tokens.first()?;
    if is_generic_speaker(first)
        && is_capitalised(first)
        && (tokens.len() == 1 || (tokens.len() <= 8 && is_function_word(tokens[1])))
    {
        return Some(LabelKind::Generic { role: None });
    }
    let last = tokens.last()?;
    if tokens.len() <= 5
        && is_title_word(last)
        && is_capitalised(first)
        && !tokens
            .iter()
            .enumerate()
            .any(|(i, t)| is_sentence_evidence(t, i))
        && tokens.iter().all(|t| !t.ends_with(','))
    {
        return Some(LabelKind::Generic {
            role: Some(tokens.join(" ")),
        });
    }
    None
}

/// `Yury Kulinkov, ship fitter, mechanical adjustment shop`;
/// `Vladimir Fortov, Secretary of the Department of …`.
fn read_comma_form(core: &str, evidence: &Evidence) -> Option<(LabelKind, Strength)> {
    let (name_part, role_part) = core.split_once(',')?;
    let mut name_tokens = tokenise(name_part)?;
    // "CNBC TV anchor Geoff Cutmore, moderator of the plenary session".
    let mut lead_role: Option<String> = None;
    let lead_name: Vec<String>;
    if let Some((
        LabelKind::Person {
            name,
            role: Some(role),
        },
        Strength::Strong,
    )) = read_role_name(&name_tokens, evidence)
    {
        lead_name = name;
        name_tokens = lead_name.iter().map(String::as_str).collect();
        lead_role = Some(role);
    }
    let core_words = name_tokens
        .iter()
        .filter(|t| !is_name_particle(t) && !is_initial(t))
        .count();
    let single_given = core_words == 1 && name_tokens.len() == 1 && is_given_name(name_tokens[0]);
    if !((2..=4).contains(&core_words) || single_given)
        || name_tokens.len() > 6
        || !name_tokens
            .iter()
            .all(|t| is_name_word(t) || is_initial(t) || is_name_particle(t))
        || !is_name_word(name_tokens.last()?)
    {
        return None;
    }
    let role_tokens: Vec<&str> = role_part
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    if role_tokens.is_empty() || role_tokens.len() > 30 {
        return None;
    }
    if role_tokens
        .iter()
        .any(|t| *t == "I" || (!is_capitalised(t) && is_sentence_word(t)))
    {
        return None;
    }
    // "Civil Defence, Emergencies … Minister Vladimir Puchkov" is a role
    // with a comma in it, not a name and a role.
    let role_ends_in_name = role_tokens.len() >= 3
        && role_tokens[role_tokens.len() - 2..]
            .iter()
            .all(|t| is_name_word(t))
        && role_tokens.iter().any(|t| is_title_word(t));
    if role_ends_in_name {
        return None;
    }
    let is_acronym = |t: &str| {
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2 && t.chars().all(|c| !c.is_lowercase())
    };
    let role_like = role_tokens.iter().any(|t| {
        is_title_word(t)
            || (is_institution_word(t) && !is_place_word(t))
            || t.chars().all(|c| !c.is_uppercase())
            || (role_tokens.len() <= 2 && is_acronym(t))
    }) || (single_given
        && role_tokens.len() <= 3
        && role_tokens.iter().all(|t| is_capitalised(t)));
    if !role_like {
        return None;
    }
    let name = name_tokens
        .iter()
        .map(|t| normalise_name_token(t))
        .collect();
    Some((
        LabelKind::Person {
            name,
            role: Some(match lead_role {
                Some(lead) => format!("{lead}, {}", collapse_spaces(role_part)),
                None => collapse_spaces(role_part),
            }),
        },
        Strength::Strong,
    ))
}

/// `President of Russia Vladimir Putin`, `Vladimir Putin`, `V. Putin`,
/// `Putin` (weak).
fn read_role_name(tokens: &[&str], evidence: &Evidence) -> Option<(LabelKind, Strength)> {
    if tokens.is_empty() || tokens.len() > 45 {
        return None;
    }
    if tokens
        .iter()
        .enumerate()
        .any(|(i, t)| is_sentence_evidence(t, i))
    {
        return None;
    }
    if let Some(regnal) = read_regnal(tokens) {
        return Some(regnal);
    }
    // The trailing run of name-ish tokens.
    let n = tokens.len();
    let last = &tokens[n - 1];
    if !(is_name_word(last) || (is_roman_numeral(last) && n >= 2 && is_name_word(tokens[n - 2]))) {
        return None;
    }
    let mut run_start = n;
    while run_start > 0 {
        let t = &tokens[run_start - 1];
        let nameish = is_name_word(t)
            || is_initial(t)
            || (is_name_particle(t) && run_start < n)
            || (is_roman_numeral(t) && run_start < n);
        if !nameish || t.ends_with(',') {
            break;
        }
        run_start -= 1;
    }
    // A run cannot start on a particle ("of the Van": the particle belongs to
    // the role's function words).
    while run_start < n && is_name_particle(tokens[run_start]) && !is_capitalised(tokens[run_start])
    {
        run_start += 1;
    }
    let run = &tokens[run_start..];
    // A run right after a title, an honorific or a parenthesis ("(OPCW)
    // Hamid Ali Rao") is all name; after "of" it may begin with a place.
    let preceded_by_title = run_start == 0
        || is_title_word(tokens[run_start - 1])
        || is_honorific(tokens[run_start - 1])
        || tokens[run_start - 1].ends_with(')');
    let regnal = is_roman_numeral(last);
    // Core words are the ones a name is counted in. An initial counts as one
    // where the run may begin with a place ("President of Russia V. Putin"),
    // and sits inside the name after a title ("… (IRENA) Adnan Z. Amin").
    let is_core = |t: &&str| {
        !is_name_particle(t) && !is_roman_numeral(t) && (!is_initial(t) || !preceded_by_title)
    };
    let core_count = run.iter().filter(|t| is_core(t)).count();
    if core_count == 0 {
        return None;
    }
    // How many core words the name takes.
    let take_core = if regnal {
        // "Ruling Prince of Monaco Albert II": a monarch's given name.
        1
    } else if core_count <= 2 || (preceded_by_title && core_count <= 4) {
        core_count
    } else {
        let lower: Vec<String> = run.iter().map(|t| key(t)).collect();
        if let Some(known) = evidence.known_suffix(&lower) {
            run[run.len() - known..]
                .iter()
                .filter(|t| is_core(t))
                .count()
        } else {
            let cores: Vec<&&str> = run.iter().filter(|t| is_core(t)).collect();
            let third = cores[cores.len() - 3];
            let second = cores[cores.len() - 2];
            if is_given_name(third) && !is_given_name(second) {
                3
            } else {
                2
            }
        }
    };
    // Walk back from the end taking `take_core` core words and the particles
    // and initials among them.
    let mut name_start = n;
    let mut taken = 0;
    while name_start > run_start {
        let t = &tokens[name_start - 1];
        if is_core(t) {
            if taken == take_core {
                break;
            }
            taken += 1;
        }
        name_start -= 1;
    }
    // Leading particles without a core word before them belong to the role.
    while name_start < n
        && is_name_particle(tokens[name_start])
        && !is_capitalised(tokens[name_start])
    {
        name_start += 1;
    }
    let role_tokens = &tokens[..name_start];
    if !role_is_plausible(role_tokens) {
        return None;
    }
    let role = if role_tokens.is_empty() {
        None
    } else {
        Some(role_tokens.join(" ").trim_end_matches(',').to_string())
    };
    let name: Vec<String> = tokens[name_start..]
        .iter()
        .map(|t| normalise_name_token(t))
        .collect();
    let name_core = name.iter().filter(|t| is_core(&t.as_str())).count();
    let has_initial = name.iter().any(|t| is_initial(t));
    let strength = if name_core >= 2 || (name_core == 1 && (has_initial || regnal)) {
        Strength::Strong
    } else {
        Strength::Weak
    };
    Some((LabelKind::Person { name, role }, strength))
}

/// `King Abdullah II of Jordan`, `Patriarch Kirill of Moscow and All
/// Russia`, `Patriarch Kirill`: a title that goes with a single name, the
/// name (and regnal number), then optionally the realm.
fn read_regnal(tokens: &[&str]) -> Option<(LabelKind, Strength)> {
    let title = tokens.iter().position(|t| is_mononym_title(t))?;
    let name_at = title + 1;
    let name_word = tokens.get(name_at)?;
    if !is_name_word(name_word) {
        return None;
    }
    let mut end = name_at + 1;
    if tokens.get(end).is_some_and(|t| is_roman_numeral(t)) {
        end += 1;
    }
    let realm = &tokens[end..];
    let realm_ok = realm.is_empty()
        || (realm.len() >= 2
            && key(realm[0]) == "of"
            && realm[1..]
                .iter()
                .all(|t| is_capitalised(t) || is_function_word(t)));
    if !realm_ok || !role_is_plausible(&tokens[..title + 1]) {
        return None;
    }
    let name = tokens[name_at..end]
        .iter()
        .map(|t| normalise_name_token(t))
        .collect();
    let mut role: Vec<&str> = tokens[..name_at].to_vec();
    role.extend(realm.iter().copied());
    Some((
        LabelKind::Person {
            name,
            role: Some(role.join(" ")),
        },
        Strength::Strong,
    ))
}

/// A role is titles, institutions, capitalised words and function words; a
/// lower-case content word or two are fine next to a title ("History
/// teacher", "the Young Professionals direction").
fn role_is_plausible(role: &[&str]) -> bool {
    if role.is_empty() {
        return true;
    }
    let has_title = role.iter().any(|t| is_title_word(t));
    let loose_words = role
        .iter()
        .filter(|t| {
            !is_capitalised(t)
                && !is_function_word(t)
                && !is_title_word(t)
                && !is_name_particle(t)
                && t.chars().any(char::is_alphabetic)
        })
        .count();
    if role.iter().all(|t| is_function_word(t)) {
        // "The United Kingdom": a determiner is no role.
        return false;
    }
    // "Master mariner Sergei Zybko": a short role whose last word names an
    // occupation.
    let agentive = role.len() <= 3
        && !role.iter().any(|t| is_function_word(t))
        && role
            .last()
            .is_some_and(|t| !is_capitalised(t) && is_agentive(t));
    if has_title {
        loose_words <= 6
    } else if agentive {
        loose_words <= 3
    } else {
        loose_words == 0 && role.len() <= 10
    }
}

fn collapse_spaces(s: &str) -> String {
    s.split(char::is_whitespace)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(label: &str) -> Option<LabelReading> {
        read_label(label, &Evidence::default())
    }

    fn person(label: &str) -> (String, Option<String>) {
        match read(label)
            .unwrap_or_else(|| panic!("not a label: {label}"))
            .kind
        {
            LabelKind::Person { name, role } => (name.join(" "), role),
            other => panic!("{label}: {other:?}"),
        }
    }

    #[test]
    fn bounds_need_a_colon_followed_by_space() {
        assert_eq!(
            label_bounds("Vladimir Putin: Thank you."),
            Some(LabelBounds {
                label_end: 14,
                colon: 14,
                rest_start: 16,
                tight: false
            })
        );
        assert!(label_bounds("It is 4:30 now").is_none());
        assert_eq!(label_bounds("Head Ivanov:").unwrap().rest_start, 12);
        assert!(label_bounds("Question:\u{a0}Good afternoon.").is_some());
    }

    #[test]
    fn role_and_name_split() {
        assert_eq!(
            person("President of\u{a0}Russia Vladimir Putin"),
            ("Vladimir Putin".into(), Some("President of Russia".into()))
        );
        assert_eq!(
            person("President of the Republic of Belarus Alexander Lukashenko"),
            (
                "Alexander Lukashenko".into(),
                Some("President of the Republic of Belarus".into())
            )
        );
        assert_eq!(
            person("Speaker of The Moscow City Duma Vladimir Platonov").0,
            "Vladimir Platonov"
        );
        assert_eq!(
            person("OPEC Secretary General Mohammed Sanusi Barkindo").0,
            "Mohammed Sanusi Barkindo"
        );
        assert_eq!(
            person("President of Turkey Recep Tayyip Erdogan").0,
            "Recep Tayyip Erdogan"
        );
        assert_eq!(
            person("Federal President of the Republic of Austria Alexander Van der Bellen").0,
            "Alexander Van der Bellen"
        );
        assert_eq!(
            person("History teacher Anton Molev").1,
            Some("History teacher".into())
        );
        assert_eq!(
            person("Director-General of the International Renewable Energy Agency (IRENA) Adnan Z. Amin").0,
            "Adnan Z. Amin"
        );
    }

    #[test]
    fn odd_shapes_are_names() {
        assert_eq!(person("VladimirPutin").0, "Vladimir Putin");
        assert_eq!(
            person("Presidentof Palestine Mahmoud Abbas"),
            (
                "Mahmoud Abbas".into(),
                Some("President of Palestine".into())
            )
        );
        assert_eq!(
            person("UN Secretary-General Antonio Guterres"),
            (
                "Antonio Guterres".into(),
                Some("UN Secretary-General".into())
            )
        );
        assert_eq!(person("VladimirPUTIN").0, "Vladimir Putin");
        assert_eq!(person("Vladimir PUTIN").0, "Vladimir Putin");
        assert_eq!(person("Dmitry PeskoV").0, "Dmitry Peskov");
        assert_eq!(person("V.Putin").0, "V. Putin");
        assert_eq!(
            person("President and CEO of Nokia Corporation OLLI-PEKKA KALLASVUO").0,
            "Olli-Pekka Kallasvuo"
        );
        let r = read("Prime Minister of Hungary Viktor Orban (retranslated)").unwrap();
        assert_eq!(r.note.as_deref(), Some("retranslated"));
        assert_eq!(
            person("Yury Kulinkov, ship fitter, mechanical adjustment shop"),
            (
                "Yury Kulinkov".into(),
                Some("ship fitter, mechanical adjustment shop".into())
            )
        );
        assert_eq!(
            person("chairman of\u{a0}the\u{a0}Russian Independent Trade Union of\u{a0}Coalminers Ivan Mokhnachuk").0,
            "Ivan Mokhnachuk"
        );
    }

    #[test]
    fn generic_speakers() {
        for label in [
            "Response from the hall",
            "Question",
            "Remark",
            "Question (retranslated)",
            "Question from Izhevsk",
            "Audience",
        ] {
            assert!(
                matches!(
                    read(label).map(|r| r.kind),
                    Some(LabelKind::Generic { role: None })
                ),
                "{label}"
            );
        }
        assert_eq!(
            read("Call centre operator").map(|r| r.kind),
            Some(LabelKind::Generic {
                role: Some("Call centre operator".into())
            })
        );
    }

    #[test]
    fn sentences_are_not_labels() {
        for text in [
            "We have identified five priority areas",
            "I would like to repeat",
            "Statements following the meeting",
            "Perm Territory",
            "Verkhnyaya Salda, Sverdlovsk Region",
            "I will just read a couple of messages. Moscow Region",
            "Now, the attack on Huawei",
            "A young girl writes from Ivanovo",
            "Mr President, my question is as follows",
            "Alexander Repin from the Nizhny Novgorod Region",
            "(In Russian)",
            "Before the meeting, the President viewed the exhibition Urban Transport",
            "Meeting points",
            "Churchill’s statement",
            "Opening Remarks",
            "Here is my question",
            "Second",
        ] {
            let r = read(text);
            assert!(
                r.is_none() || r.as_ref().unwrap().strength == Strength::Weak,
                "{text}: {r:?}"
            );
        }
    }

    #[test]
    fn evidence_confirms_weak_labels_and_long_names() {
        let mut evidence = Evidence::default();
        let strong = read("Recep Tayyip Erdogan").unwrap();
        evidence.observe(&strong, 1);
        let r = read_label("President of Turkey Recep Tayyip Erdogan", &evidence).unwrap();
        assert!(matches!(r.kind, LabelKind::Person { ref name, .. } if name.len() == 3));
        let weak = read("Erdogan").unwrap();
        assert_eq!(weak.strength, Strength::Weak);
        assert!(evidence.confirms(&weak));
        assert!(!evidence.confirms(&read("Alina").unwrap()));
        evidence.observe(&read("Alina").unwrap(), 2);
        assert!(evidence.confirms(&read("Alina").unwrap()));
    }
}
