//! Vocatives that open a paragraph ("Mr Lukashenko, …", "Mr President,
//! colleagues, …", "Friends,") and their resolution to persons of the
//! document.

use std::cell::OnceCell;

use crate::lexicon::{
    class, classes, contains, is_group_vocative, is_honorific, is_title_word, key, FastSet,
};
use crate::model::Person;
use crate::text::count_chars;

/// A vocative found at the start of a paragraph, in bytes of the paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundVocative {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub person: Option<String>,
}

/// Longest vocative phrase in words.
const MAX_WORDS: usize = 7;

/// Reads vocatives against the persons of one document.
pub(crate) struct VocativeReader<'p> {
    persons: &'p [Person],
    /// The persons' lower-cased name and role words, made on first need.
    known: OnceCell<Vec<Known<'p>>>,
    /// First words of the persons' names, for the quick look.
    given_names: FastSet<&'p str>,
}

/// A person with the lower-cased words of their name and roles.
struct Known<'p> {
    id: &'p str,
    name: Vec<String>,
    roles: Vec<Vec<String>>,
}

impl<'p> VocativeReader<'p> {
    pub fn new(persons: &'p [Person]) -> Self {
        let given_names = persons
            .iter()
            .filter_map(|p| p.name.split(' ').next())
            .collect();
        Self {
            persons,
            known: OnceCell::new(),
            given_names,
        }
    }

    fn known(&self) -> &[Known<'p>] {
        self.known.get_or_init(|| {
            self.persons
                .iter()
                .map(|p| Known {
                    id: &p.id,
                    name: p.name.split(' ').map(key).collect(),
                    roles: p
                        .roles
                        .iter()
                        .map(|r| r.split_whitespace().map(key).collect())
                        .collect(),
                })
                .collect()
        })
    }

    /// The vocatives that open `paragraph`, resolved against the persons
    /// (the speaker, `speaker_id`, is never their addressee).
    pub fn read(&self, paragraph: &str, speaker_id: Option<&str>) -> Vec<FoundVocative> {
        if !could_open_with_vocative(paragraph, &self.given_names) {
            return Vec::new();
        }
        read_vocatives(paragraph, self.known(), speaker_id)
    }
}

fn read_vocatives(
    paragraph: &str,
    persons: &[Known<'_>],
    speaker_id: Option<&str>,
) -> Vec<FoundVocative> {
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some((end, person)) = vocative_at(&paragraph[pos..], persons, speaker_id) {
        let abs_end = pos + end;
        // The phrase must be followed by `,` `!` `.` or end the paragraph.
        let after = &paragraph[abs_end..];
        let follow = after.chars().next();
        if !matches!(follow, None | Some(',' | '!' | '.' | '…')) {
            break;
        }
        found.push(FoundVocative {
            start: pos,
            end: abs_end,
            text: paragraph[pos..abs_end].to_string(),
            person,
        });
        // Another vocative may follow: "Mr President, colleagues, …".
        let Some(sep) = follow else { break };
        let rest = after[sep.len_utf8()..].trim_start();
        if sep != ',' || rest.is_empty() {
            break;
        }
        pos = paragraph.len() - rest.len();
    }
    found
}

/// A quick look at the first word: vocatives open with a capital and a
/// form of address, a group word, or a person's given name.
fn could_open_with_vocative(paragraph: &str, given_names: &FastSet<&str>) -> bool {
    let first = paragraph
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '!'))
        .next()
        .unwrap_or("");
    if !first.starts_with(char::is_uppercase) {
        return false;
    }
    classes(first) & (class::HONORIFIC | class::GROUP) != 0
        || matches!(
            first,
            "Dear"
                | "My"
                | "Esteemed"
                | "Respected"
                | "Your"
                | "Excellencies"
                | "Comrade"
                | "Comrades"
        )
        || given_names.contains(first)
}

fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    s.split_inclusive(char::is_whitespace).map(move |w| {
        let start = offset;
        offset += w.len();
        (start, w.trim_end())
    })
}

/// Reads one vocative at the start of `s`; returns its byte length (up to the
/// punctuation after it) and the person it resolves to.
fn vocative_at(
    s: &str,
    persons: &[Known<'_>],
    speaker_id: Option<&str>,
) -> Option<(usize, Option<String>)> {
    // Collect the words up to the first punctuation that ends a phrase.
    let mut phrase: Vec<(usize, &str)> = Vec::new();
    let mut end = 0;
    for (start, raw) in words(s) {
        let word = raw.trim_end_matches([',', '!', '.', '…']);
        if word.is_empty() || phrase.len() >= MAX_WORDS {
            break;
        }
        phrase.push((start, word));
        end = start + word.len();
        if word.len() != raw.len() {
            break;
        }
    }
    if phrase.is_empty() {
        return None;
    }
    let tokens: Vec<&str> = phrase.iter().map(|(_, w)| *w).collect();
    // "Dear", "My dear", "Esteemed" open many vocatives.
    let mut lead = 0;
    while lead < tokens.len() && contains(&["dear", "esteemed", "my", "respected"], tokens[lead]) {
        lead += 1;
    }
    let body = &tokens[lead..];
    if body.is_empty() {
        return None;
    }
    let first = body[0];
    // Your Excellency, Your Majesty, Excellencies.
    if (first.eq_ignore_ascii_case("your")
        && body.len() == 2
        && body[1].chars().next().is_some_and(char::is_uppercase))
        || (first.eq_ignore_ascii_case("excellencies") && body.len() == 1)
    {
        return Some((end, None));
    }
    // Honorific + name or title: "Mr Lukashenko", "Mr President", "Comrade Supreme Commander-in-Chief".
    if is_honorific(first) || first.eq_ignore_ascii_case("comrade") {
        let rest = &body[1..];
        if rest.is_empty()
            || rest.len() > 4
            || !rest
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            return None;
        }
        let person = resolve_named(rest, persons, speaker_id);
        return Some((end, person));
    }
    // Groups: "Colleagues", "Friends and colleagues", "Ladies and gentlemen".
    if body.iter().any(|w| is_group_vocative(w))
        && body
            .iter()
            .all(|w| is_group_vocative(w) || contains(&["all", "and", "dear", "my", "our"], w))
    {
        return Some((end, None));
    }
    // A bare name of a person of the document: "Alexei,", "Vladimir Vladimirovich,".
    if body.len() <= 3
        && body
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        let person = resolve_bare(body, persons, speaker_id)?;
        return Some((end, Some(person)));
    }
    None
}

/// "Mr Lukashenko" -> the person whose name ends so; "Mr President" -> the
/// one person (other than the speaker) whose role has that title.
fn resolve_named(rest: &[&str], persons: &[Known<'_>], speaker_id: Option<&str>) -> Option<String> {
    let others = || persons.iter().filter(move |p| Some(p.id) != speaker_id);
    let lower: Vec<String> = rest.iter().map(|w| key(w)).collect();
    let matches: Vec<&Known<'_>> = if is_title_word(rest[0]) {
        others()
            .filter(|p| p.roles.iter().any(|r| role_has_title(r, &lower)))
            .collect()
    } else {
        others()
            .filter(|p| {
                p.name.len() >= lower.len() && p.name[p.name.len() - lower.len()..] == lower[..]
            })
            .collect()
    };
    (matches.len() == 1).then(|| matches[0].id.to_string())
}

/// Whether a role carries a title as its head ("President of Russia" has
/// "president"; "Vice-President …" and "Deputy Prime Minister" do not count
/// for "President" and "Prime Minister").
fn role_has_title(words: &[String], title: &[String]) -> bool {
    words.windows(title.len()).enumerate().any(|(i, w)| {
        w == title
            && (i == 0
                || !matches!(
                    words[i - 1].as_str(),
                    "deputy" | "vice" | "acting" | "first" | "former"
                ))
    })
}

/// A bare name vocative: the first name, the full name, or first name and
/// patronymic of a person of the document.
fn resolve_bare(body: &[&str], persons: &[Known<'_>], speaker_id: Option<&str>) -> Option<String> {
    let lower: Vec<String> = body.iter().map(|w| key(w)).collect();
    let matches: Vec<&Known<'_>> = persons
        .iter()
        .filter(|p| Some(p.id) != speaker_id)
        .filter(|p| {
            let name = &p.name;
            if name.len() < 2 {
                return false;
            }
            *name == lower
                || (lower.len() == 1 && lower[0] == name[0])
                || (lower.len() == 2
                    && lower[0] == name[0]
                    && ["ovich", "evich", "ich", "ovna", "evna", "ichna"]
                        .iter()
                        .any(|s| lower[1].ends_with(s)))
        })
        .collect();
    (matches.len() == 1).then(|| matches[0].id.to_string())
}

/// The code point length of a byte prefix (for spans inside a paragraph).
pub(crate) fn chars_before(paragraph: &str, byte: usize) -> usize {
    count_chars(&paragraph.as_bytes()[..byte])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn persons() -> Vec<Person> {
        vec![
            Person {
                id: "vladimir-putin".into(),
                name: "Vladimir Putin".into(),
                roles: vec!["President of Russia".into()],
            },
            Person {
                id: "alexander-lukashenko".into(),
                name: "Alexander Lukashenko".into(),
                roles: vec!["President of the Republic of Belarus".into()],
            },
        ]
    }

    fn found(p: &str, speaker: &str) -> Vec<(String, Option<String>)> {
        let persons = persons();
        VocativeReader::new(&persons)
            .read(p, Some(speaker))
            .into_iter()
            .map(|v| (v.text, v.person))
            .collect()
    }

    #[test]
    fn names_and_titles_resolve() {
        assert_eq!(
            found(
                "Mr Lukashenko, I am delighted to see you.",
                "vladimir-putin"
            ),
            vec![("Mr Lukashenko".into(), Some("alexander-lukashenko".into()))]
        );
        assert_eq!(
            found("Mr President, colleagues, welcome.", "alexander-lukashenko"),
            vec![
                ("Mr President".into(), Some("vladimir-putin".into())),
                ("colleagues".into(), None)
            ]
        );
        assert_eq!(
            found("Vladimir Vladimirovich, thank you.", "alexander-lukashenko"),
            vec![(
                "Vladimir Vladimirovich".into(),
                Some("vladimir-putin".into())
            )]
        );
    }

    #[test]
    fn unresolved_vocatives_are_kept_as_written() {
        assert_eq!(
            found("Friends and colleagues,", "vladimir-putin"),
            vec![("Friends and colleagues".into(), None)]
        );
        assert_eq!(
            found("Mr Medvedev, go ahead.", "vladimir-putin"),
            vec![("Mr Medvedev".into(), None)]
        );
        // Two presidents besides the speaker: ambiguous.
        let persons = persons();
        let v = VocativeReader::new(&persons).read("Mr President, a question.", None);
        assert_eq!(v[0].person, None);
    }

    #[test]
    fn ordinary_sentences_have_no_vocative() {
        assert!(found(
            "Bilateral trade has grown by about 5.7 percent.",
            "vladimir-putin"
        )
        .is_empty());
        assert!(found("Thank you, Mr President.", "vladimir-putin").is_empty());
        assert!(found("Russia, as you know, is big.", "vladimir-putin").is_empty());
    }
}
