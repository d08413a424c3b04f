//! Speaker resolution inside one document: label readings become persons,
//! short later labels ("Vladimir Putin", "Putin", "V. Putin") resolve to the
//! person an earlier full label introduced.

use std::sync::Arc;

use crate::label::{LabelKind, LabelReading};
use crate::lexicon::{key, FastMap};
use crate::model::{Person, Speaker};
use crate::names::person_id;

/// The persons of one document, as labels introduce them.
#[derive(Debug, Default)]
pub(crate) struct PersonRegistry {
    persons: Vec<Person>,
    /// Lower-cased name tokens of each person, parallel to `persons`.
    tokens: Vec<Vec<String>>,
    /// The last role seen for each person, parallel to `persons`.
    last_role: Vec<Option<String>>,
    /// Names already resolved, so one written name always gives one person.
    resolved: FastMap<Vec<String>, usize>,
    /// Set once the full names are registered: from then on no person is
    /// renamed, so ids handed out stay valid.
    frozen: bool,
}

impl PersonRegistry {
    /// Resolves a label reading to a speaker, registering a new person when
    /// none of the document fits.
    pub fn speaker(&mut self, label: &str, reading: &LabelReading) -> Speaker {
        match &reading.kind {
            LabelKind::Generic { role } => Speaker {
                person: None,
                name: None,
                role: role.as_deref().map(Arc::from),
                label: Arc::from(label),
                note: reading.note.as_deref().map(Arc::from),
                generic: true,
            },
            LabelKind::Person { name, role } => {
                let index = self.register_person(name, role.as_ref());
                let person = &self.persons[index];
                Speaker {
                    person: Some(Arc::from(person.id.as_str())),
                    name: Some(Arc::from(person.name.as_str())),
                    role: role
                        .as_deref()
                        .or(self.last_role[index].as_deref())
                        .map(Arc::from),
                    label: Arc::from(label),
                    note: reading.note.as_deref().map(Arc::from),
                    generic: false,
                }
            }
        }
    }

    /// Registers the person a label names (and its role) without building a
    /// speaker: the first pass over full labels.
    pub fn register(&mut self, reading: &LabelReading) {
        if let LabelKind::Person { name, role } = &reading.kind {
            self.register_person(name, role.as_ref());
        }
    }

    fn register_person(&mut self, name: &[String], role: Option<&String>) -> usize {
        let index = self.resolve(name);
        if let Some(role) = role {
            let person = &mut self.persons[index];
            if !person.roles.contains(role) {
                person.roles.push(role.clone());
            }
            if self.last_role[index].as_ref() != Some(role) {
                self.last_role[index] = Some(role.clone());
            }
        }
        index
    }

    /// Ends the registration of full names: later labels resolve to the
    /// persons registered or become new ones, never rename one.
    pub fn freeze(&mut self) {
        self.frozen = true;
    }

    /// The persons in order of first appearance.
    pub fn into_persons(self) -> Vec<Person> {
        self.persons
    }

    #[cfg(test)]
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    /// Finds the person a name refers to, or registers it.
    fn resolve(&mut self, name: &[String]) -> usize {
        let lower: Vec<String> = name.iter().map(|t| key(t)).collect();
        if let Some(&i) = self.resolved.get(&lower) {
            return i;
        }
        let i = self.resolve_new(name, &lower);
        self.resolved.insert(lower, i);
        i
    }

    fn resolve_new(&mut self, name: &[String], lower: &[String]) -> usize {
        let lower = lower.to_vec();
        let full = name.join(" ");
        let id = person_id(&full);
        if let Some(i) = self.persons.iter().position(|p| p.id == id) {
            return i;
        }
        if let Some(i) = self.unique(|tokens| refers_to(&lower, tokens)) {
            return i;
        }
        // A spelling variant of a name already here ("Sergey Donskoy" after
        // "Sergei Donskoy", "Vlaidmir Putin", "Adnan Amin" after "Adnan Z. Amin").
        if let Some(i) = self.unique(|tokens| is_spelling_variant(&lower, tokens)) {
            return i;
        }
        // A longer form of a name registered short ("Tayyip Erdogan" before
        // "Recep Tayyip Erdogan"; "Putin" before "Vladimir Putin"): upgrade it.
        if self.frozen {
            // No renaming once ids are out.
        } else if let Some(i) = self.unique(|tokens| refers_to(tokens, &lower)) {
            self.persons[i].name = full;
            self.persons[i].id = id;
            self.tokens[i] = lower;
            return i;
        }
        self.persons.push(Person {
            id,
            name: full,
            roles: Vec::new(),
        });
        self.tokens.push(lower);
        self.last_role.push(None);
        self.persons.len() - 1
    }

    fn unique(&self, pred: impl Fn(&[String]) -> bool) -> Option<usize> {
        let mut found = None;
        for (i, tokens) in self.tokens.iter().enumerate() {
            if pred(tokens) {
                if found.is_some() {
                    return None;
                }
                found = Some(i);
            }
        }
        found
    }
}

/// Whether a short name (`short`) can refer to the person named `full`:
/// a suffix of it ("Putin", "Tayyip Erdogan"), an initial form ("V. Putin"),
/// or the first name alone ("Alina" for "Alina Kabaeva").
pub(crate) fn refers_to(short: &[String], full: &[String]) -> bool {
    if short.is_empty() || short.len() > full.len() || short == full {
        return false;
    }
    let suffix = &full[full.len() - short.len()..];
    if suffix == short {
        return true;
    }
    // Initials: every token of `short` is either the token of `full` at the
    // same place from the end, or its initial.
    let matches_initials = short
        .iter()
        .zip(suffix)
        .all(|(s, f)| s == f || (s.chars().count() == 1 && f.starts_with(s.as_str())));
    if matches_initials && short.last() == full.last() {
        return true;
    }
    short.len() == 1 && full.len() >= 2 && short[0] == full[0]
}

/// Two full names of one person written differently: the same surname and
/// given names within two edits of each other, initials ignored.
pub(crate) fn is_spelling_variant(a: &[String], b: &[String]) -> bool {
    // Compare the names without their initials ("Adnan Z. Amin" ~ "Adnan Amin").
    let words = |t: &[String]| t.iter().filter(|w| w.chars().count() > 1).count();
    if a.last() != b.last() || words(a) < 2 || words(a) != words(b) {
        return false;
    }
    let mut xs = a.iter().filter(|w| w.chars().count() > 1);
    let mut ys = b.iter().filter(|w| w.chars().count() > 1);
    std::iter::from_fn(|| Some((xs.next()?, ys.next()?)))
        .all(|(x, y)| x == y || (x.chars().next() == y.chars().next() && edit_distance(x, y) <= 2))
}

/// Optimal string alignment distance (Levenshtein with transpositions),
/// over three rolling rows.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::{read_label, Evidence};

    fn speak(reg: &mut PersonRegistry, label: &str) -> Speaker {
        let reading = read_label(label, &Evidence::default()).expect("label");
        reg.speaker(label, &reading)
    }

    #[test]
    fn short_labels_resolve_to_the_full_person() {
        let mut reg = PersonRegistry::default();
        let a = speak(&mut reg, "President of Russia Vladimir Putin");
        let b = speak(&mut reg, "Vladimir Putin");
        let c = speak(&mut reg, "V.Putin");
        let d = speak(&mut reg, "Putin");
        assert_eq!(a.person.as_deref(), Some("vladimir-putin"));
        for s in [&b, &c, &d] {
            assert_eq!(s.person, a.person, "{}", s.label);
            assert_eq!(s.role.as_deref(), Some("President of Russia"));
        }
        assert_eq!(reg.persons().len(), 1);
    }

    #[test]
    fn spelling_variants_merge_inside_a_document() {
        let mut reg = PersonRegistry::default();
        let a = speak(&mut reg, "Minister Sergei Donskoy");
        let b = speak(&mut reg, "Sergey Donskoy");
        let c = speak(&mut reg, "Vlaidmir Putin");
        let d = speak(&mut reg, "Vladimir Putin");
        let e = speak(&mut reg, "Denis Manturov");
        let f = speak(&mut reg, "Dmitry Manturov");
        assert_eq!(a.person, b.person);
        assert_eq!(c.person, d.person);
        assert_ne!(e.person, f.person, "different given names stay apart");
    }

    #[test]
    fn edit_distance_counts_transpositions() {
        assert_eq!(edit_distance("vladimir", "vlaidmir"), 1);
        assert_eq!(edit_distance("sergei", "sergey"), 1);
        assert_eq!(edit_distance("petr", "pyotr"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("denis", "dmitry"), 5);
    }

    #[test]
    fn generic_speakers_are_not_persons() {
        let mut reg = PersonRegistry::default();
        let q1 = speak(&mut reg, "Question");
        let q2 = speak(&mut reg, "Question");
        assert!(q1.generic && q2.generic);
        assert!(q1.person.is_none());
        assert!(reg.persons().is_empty());
    }

    #[test]
    fn different_people_with_one_surname_stay_apart() {
        let mut reg = PersonRegistry::default();
        speak(&mut reg, "Dmitry Peskov");
        speak(&mut reg, "Vasily Peskov");
        let s = speak(&mut reg, "Peskov");
        assert_eq!(
            reg.persons().len(),
            3,
            "ambiguous surname gets its own entry"
        );
        assert_eq!(s.person.as_deref(), Some("peskov"));
    }
}
