//! Small closed word classes the transcript grammar leans on.
//!
//! These are word classes of the language of labels and vocatives (titles,
//! institutional nouns, function words, common given names), not lists of
//! people: no person is recognised because their name is here.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// Lower-cases a word for lookup, without its trailing punctuation.
pub(crate) fn key(word: &str) -> String {
    trim_word(word).to_lowercase()
}

fn trim_word(word: &str) -> &str {
    word.trim_matches(|c: char| matches!(c, ',' | '.' | '’' | '\'' | '"'))
}

/// Whether `word` (any case, trailing punctuation ignored) is in the sorted,
/// lower-case `list`: for the small ad hoc lists of the grammar.
pub(crate) fn contains(list: &[&str], word: &str) -> bool {
    let mut buf = [0u8; MAX_WORD];
    match lower_ascii(word, &mut buf) {
        Some(k) => list.binary_search(&k).is_ok(),
        None => list.binary_search(&key(word).as_str()).is_ok(),
    }
}

/// No word of any list is longer.
const MAX_WORD: usize = 32;

/// The trimmed word lower-cased into `buf`, when it is ASCII and short.
fn lower_ascii<'b>(word: &str, buf: &'b mut [u8; MAX_WORD]) -> Option<&'b str> {
    let w = trim_word(word);
    if w.len() > MAX_WORD || !w.is_ascii() {
        return None;
    }
    for (slot, b) in buf.iter_mut().zip(w.bytes()) {
        *slot = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..w.len()]).ok()
}

/// Word classes, as bit flags: a word may be in several.
pub(crate) mod class {
    pub const GENERIC: u16 = 1;
    pub const FUNCTION: u16 = 1 << 1;
    pub const SENTENCE: u16 = 1 << 2;
    pub const TITLE: u16 = 1 << 3;
    pub const INSTITUTION: u16 = 1 << 4;
    pub const PARTICLE: u16 = 1 << 5;
    pub const HONORIFIC: u16 = 1 << 6;
    pub const GIVEN: u16 = 1 << 7;
    pub const GROUP: u16 = 1 << 8;
    pub const OPENING: u16 = 1 << 9;
    pub const MONONYM: u16 = 1 << 10;
    pub const MONTH: u16 = 1 << 11;
    pub const PLACE: u16 = 1 << 12;
}

/// FNV-1a: a fast hash for short keys (no HashDoS concern: the keys are ours).
#[derive(Default)]
pub(crate) struct Fnv(u64);

/// Hash maps keyed by short strings of our own documents.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<Fnv>>;

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type ClassMap = HashMap<&'static [u8], u16, BuildHasherDefault<Fnv>>;

fn class_map() -> &'static ClassMap {
    static MAP: OnceLock<ClassMap> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = ClassMap::default();
        for (list, flag) in [
            (GENERIC_SPEAKERS, class::GENERIC),
            (FUNCTION_WORDS, class::FUNCTION),
            (SENTENCE_WORDS, class::SENTENCE),
            (TITLE_WORDS, class::TITLE),
            (INSTITUTION_WORDS, class::INSTITUTION),
            (NAME_PARTICLES, class::PARTICLE),
            (HONORIFICS, class::HONORIFIC),
            (GIVEN_NAMES, class::GIVEN),
            (GROUP_VOCATIVES, class::GROUP),
            (OPENING_CONJUNCTIONS, class::OPENING),
            (MONONYM_TITLES, class::MONONYM),
            (MONTHS, class::MONTH),
            (PLACE_WORDS, class::PLACE),
        ] {
            for word in list {
                *map.entry(word.as_bytes()).or_default() |= flag;
            }
        }
        map
    })
}

/// All the classes of a word (any case, trailing punctuation ignored), one
/// hash lookup.
pub(crate) fn classes(word: &str) -> u16 {
    let map = class_map();
    let w = trim_word(word);
    if w.len() <= MAX_WORD && w.is_ascii() {
        let mut buf = [0u8; MAX_WORD];
        for (slot, b) in buf.iter_mut().zip(w.bytes()) {
            *slot = b.to_ascii_lowercase();
        }
        map.get(&buf[..w.len()]).copied().unwrap_or(0)
    } else {
        map.get(key(word).as_bytes()).copied().unwrap_or(0)
    }
}

/// Words whose presence makes a phrase a dialog act or group, never a person.
/// Sorted.
const GENERIC_SPEAKERS: &[&str] = &[
    "all",
    "answer",
    "audience",
    "comment",
    "comments",
    "participant",
    "participants",
    "question",
    "questions",
    "remark",
    "remarks",
    "replies",
    "reply",
    "response",
    "together",
    "voice",
    "voices",
];

pub(crate) fn is_generic_speaker(word: &str) -> bool {
    classes(word) & class::GENERIC != 0
}

/// Function words that may sit inside a role ("Minister *of the* Interior").
/// Sorted.
const FUNCTION_WORDS: &[&str] = &[
    "&", "a", "and", "at", "by", "de", "for", "from", "in", "of", "on", "the", "to", "under",
    "with",
];

pub(crate) fn is_function_word(word: &str) -> bool {
    classes(word) & class::FUNCTION != 0
}

/// Pronouns and determiners that mark running text, never a label. Sorted.
const SENTENCE_WORDS: &[&str] = &[
    "about",
    "after",
    "also",
    "am",
    "another",
    "are",
    "as",
    "because",
    "before",
    "but",
    "can",
    "could",
    "did",
    "do",
    "does",
    "every",
    "everyone",
    "finally",
    "firstly",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "here’s",
    "his",
    "how",
    "if",
    "is",
    "it",
    "its",
    "just",
    "lastly",
    "let",
    "me",
    "my",
    "next",
    "not",
    "now",
    "or",
    "our",
    "second",
    "secondly",
    "she",
    "so",
    "some",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "third",
    "thirdly",
    "this",
    "those",
    "today",
    "us",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "would",
    "yes",
    "yesterday",
    "you",
    "your",
];

pub(crate) fn is_sentence_word(word: &str) -> bool {
    classes(word) & class::SENTENCE != 0
}

/// Titles, ranks and occupations: the head words of roles. Sorted.
const TITLE_WORDS: &[&str] = &[
    "abbot",
    "academician",
    "accountant",
    "acting",
    "activist",
    "actor",
    "actress",
    "admiral",
    "adviser",
    "advisor",
    "agronomist",
    "aide",
    "ambassador",
    "analyst",
    "anchor",
    "announcer",
    "archbishop",
    "architect",
    "archivist",
    "archpriest",
    "artist",
    "assistant",
    "astronaut",
    "athlete",
    "auditor",
    "baker",
    "ballerina",
    "biathlete",
    "bishop",
    "blogger",
    "boxer",
    "builder",
    "businessman",
    "cadet",
    "cameraman",
    "captain",
    "cardinal",
    "ceo",
    "chair",
    "chairman",
    "chairperson",
    "chairwoman",
    "champion",
    "chancellor",
    "chef",
    "chief",
    "co-chair",
    "co-founder",
    "coach",
    "col-gen",
    "colonel",
    "colonel-general",
    "columnist",
    "commander",
    "commander-in-chief",
    "commentator",
    "commissioner",
    "composer",
    "comrade",
    "conductor",
    "cook",
    "coordinator",
    "corporal",
    "correspondent",
    "cosmonaut",
    "councillor",
    "counsellor",
    "curator",
    "cyclist",
    "dancer",
    "deacon",
    "dean",
    "delegate",
    "deputy",
    "designer",
    "developer",
    "director",
    "director-general",
    "doctor",
    "driver",
    "economist",
    "editor",
    "editor-in-chief",
    "electrician",
    "emir",
    "emperor",
    "employee",
    "engineer",
    "entrepreneur",
    "envoy",
    "executive",
    "expert",
    "farmer",
    "fencer",
    "fitter",
    "footballer",
    "foreman",
    "founder",
    "general",
    "governor",
    "gymnast",
    "head",
    "headmaster",
    "headmistress",
    "historian",
    "hockey",
    "host",
    "imam",
    "inspector",
    "instructor",
    "interpreter",
    "inventor",
    "jockey",
    "journalist",
    "judge",
    "king",
    "laureate",
    "lawyer",
    "leader",
    "lieutenant",
    "lieutenant-colonel",
    "lieutenant-general",
    "lt-gen",
    "maj-gen",
    "major",
    "major-general",
    "manager",
    "mariner",
    "marshal",
    "mayor",
    "mechanic",
    "medalist",
    "medallist",
    "member",
    "mentor",
    "metropolitan",
    "milkmaid",
    "miner",
    "minister",
    "moderator",
    "monk",
    "mufti",
    "musician",
    "novelist",
    "nun",
    "nurse",
    "officer",
    "ombudsman",
    "ombudsperson",
    "operator",
    "owner",
    "painter",
    "paramedic",
    "partner",
    "patriarch",
    "photographer",
    "physician",
    "pilot",
    "player",
    "poet",
    "premier",
    "presenter",
    "president",
    "press",
    "priest",
    "prime",
    "prince",
    "princess",
    "principal",
    "producer",
    "professor",
    "programmer",
    "prosecutor",
    "prosecutor-general",
    "queen",
    "rabbi",
    "rear-admiral",
    "rector",
    "reporter",
    "representative",
    "researcher",
    "scientist",
    "sculptor",
    "secretary",
    "senator",
    "sergeant",
    "serviceman",
    "sheikh",
    "shepherd",
    "singer",
    "skater",
    "skier",
    "soloist",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "sportsman",
    "sportswoman",
    "steelworker",
    "student",
    "sultan",
    "surgeon",
    "swimmer",
    "teacher",
    "trainer",
    "translator",
    "veterinarian",
    "vice-admiral",
    "vice-chairman",
    "vice-premier",
    "vice-president",
    "vice-rector",
    "volunteer",
    "welder",
    "winner",
    "worker",
    "wrestler",
    "writer",
];

pub(crate) fn is_title_word(word: &str) -> bool {
    classes(word) & class::TITLE != 0 || is_hyphenated_title(word)
}

/// "Secretary-General", "Vice-Governor", "Commander-in-Chief": a hyphenated
/// word with a title among its parts.
pub(crate) fn is_hyphenated_title(word: &str) -> bool {
    word.contains('-')
        && word
            .split('-')
            .any(|part| classes(part) & class::TITLE != 0)
}

/// Nouns that head institutions, places and headings: a name never ends
/// on one, so a capitalised run is cut after it ("Moscow City *Duma* Vladimir
/// Platonov"). Sorted.
const INSTITUTION_WORDS: &[&str] = &[
    "academy",
    "address",
    "administration",
    "affairs",
    "agencies",
    "agency",
    "agenda",
    "agriculture",
    "airlines",
    "annex",
    "appendix",
    "arctic",
    "army",
    "article",
    "assembly",
    "association",
    "aviation",
    "bank",
    "board",
    "bureau",
    "caucasus",
    "center",
    "centre",
    "chamber",
    "channel",
    "chapter",
    "city",
    "club",
    "college",
    "commission",
    "committee",
    "committees",
    "communications",
    "companies",
    "company",
    "conclusion",
    "conclusions",
    "conference",
    "congress",
    "construction",
    "corporation",
    "corporations",
    "council",
    "court",
    "culture",
    "customs",
    "defence",
    "defense",
    "department",
    "development",
    "directorate",
    "district",
    "division",
    "duma",
    "east",
    "economy",
    "education",
    "emergencies",
    "emirates",
    "energy",
    "environment",
    "excerpts",
    "factory",
    "faculty",
    "federation",
    "finance",
    "fisheries",
    "forces",
    "forestry",
    "foundation",
    "front",
    "fund",
    "garden",
    "government",
    "group",
    "guard",
    "guards",
    "hall",
    "health",
    "healthcare",
    "holding",
    "hospital",
    "house",
    "industry",
    "innovation",
    "inspectorate",
    "institute",
    "justice",
    "kingdom",
    "kremlin",
    "labour",
    "league",
    "magazine",
    "media",
    "meeting",
    "ministries",
    "ministry",
    "monitoring",
    "movement",
    "museum",
    "nations",
    "navy",
    "news",
    "newspaper",
    "north",
    "note",
    "office",
    "organisation",
    "organization",
    "palace",
    "parliament",
    "part",
    "party",
    "plant",
    "programme",
    "prosecutor’s",
    "protection",
    "railway",
    "railways",
    "region",
    "regions",
    "relief",
    "republic",
    "republics",
    "resources",
    "results",
    "school",
    "science",
    "sciences",
    "section",
    "security",
    "service",
    "services",
    "session",
    "siberia",
    "society",
    "south",
    "speech",
    "sports",
    "square",
    "staff",
    "statement",
    "statements",
    "states",
    "statistics",
    "studio",
    "summary",
    "taxation",
    "team",
    "technologies",
    "technology",
    "television",
    "territories",
    "territory",
    "tourism",
    "trade",
    "transcript",
    "transport",
    "union",
    "university",
    "urals",
    "volga",
    "welfare",
    "west",
    "works",
];

pub(crate) fn is_institution_word(word: &str) -> bool {
    classes(word) & class::INSTITUTION != 0
}

/// Institution words that name places, not employers: "Verkhnyaya Salda,
/// Sverdlovsk Region" is a place, "Natalya Yuryeva, Channel One" a person.
pub(crate) fn is_place_word(word: &str) -> bool {
    classes(word) & class::PLACE != 0
}

/// Words that open running text but never a label ("And a question for
/// President Putin: …"). Sorted.
const OPENING_CONJUNCTIONS: &[&str] = &[
    "and", "at", "but", "by", "for", "from", "in", "of", "on", "or", "to", "under", "with",
];

/// Titles that go with a single name ("Patriarch Kirill"). Sorted.
const MONONYM_TITLES: &[&str] = &[
    "archbishop",
    "archimandrite",
    "bishop",
    "emir",
    "emperor",
    "empress",
    "king",
    "metropolitan",
    "patriarch",
    "pope",
    "prince",
    "princess",
    "queen",
    "sheikh",
    "sultan",
];

/// Month names. Sorted.
const MONTHS: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "january",
    "july",
    "june",
    "march",
    "may",
    "november",
    "october",
    "september",
];

/// Institution words that name places, not employers. Sorted.
const PLACE_WORDS: &[&str] = &[
    "city",
    "district",
    "krai",
    "oblast",
    "region",
    "republic",
    "territory",
];

/// Name particles that join the parts of a name ("Van der Bellen", "Le Pen",
/// "Bin Isa Al Khalifa"). Sorted.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "ibn", "la", "le",
    "van", "von",
];

pub(crate) fn is_name_particle(word: &str) -> bool {
    classes(word) & class::PARTICLE != 0
}

/// Honorifics that precede a name in vocatives and some labels. Sorted.
const HONORIFICS: &[&str] = &[
    "dr", "herr", "madam", "madame", "messrs", "miss", "mister", "monsieur", "mr", "mrs", "ms",
    "prof", "sir",
];

pub(crate) fn is_honorific(word: &str) -> bool {
    classes(word) & class::HONORIFIC != 0
}

/// Common given names of the people who appear in official transcripts.
/// Only used to decide where a role ends and a name begins in a run of
/// three or more capitalised words ("President of Turkey *Recep* Tayyip
/// Erdogan"), when the document itself offers no shorter label. Sorted.
const GIVEN_NAMES: &[&str] = &[
    "abdulla",
    "abdullah",
    "adnan",
    "akhmat",
    "albert",
    "aleksandar",
    "alexander",
    "alexandra",
    "alexei",
    "alexey",
    "alina",
    "alisher",
    "alla",
    "alvaro",
    "anatoly",
    "andrei",
    "andrey",
    "andrzej",
    "angela",
    "anja",
    "ann",
    "anna",
    "anton",
    "antonio",
    "arkady",
    "armen",
    "arseny",
    "artyom",
    "askar",
    "bashar",
    "benjamin",
    "boris",
    "boyko",
    "carlos",
    "cavit",
    "cyril",
    "daniel",
    "darya",
    "denis",
    "dmitry",
    "donald",
    "ekaterina",
    "elena",
    "elvira",
    "emmanuel",
    "emomali",
    "evgeny",
    "fyodor",
    "gennady",
    "georgy",
    "gleb",
    "grigory",
    "hamad",
    "hamid",
    "hassan",
    "heinz",
    "ibrahim",
    "igor",
    "ilham",
    "ilya",
    "irina",
    "islam",
    "ivan",
    "jacob",
    "jean-pierre",
    "joe",
    "john",
    "jose",
    "kassym-jomart",
    "kate",
    "kirill",
    "konstantin",
    "leonid",
    "lev",
    "lyudmila",
    "marat",
    "maria",
    "marina",
    "marine",
    "mark",
    "maxim",
    "michel",
    "mikhail",
    "mohammad",
    "mohammed",
    "muhammad",
    "nadezhda",
    "nailya",
    "narendra",
    "natalia",
    "natalya",
    "nikita",
    "nikol",
    "nikolai",
    "nikolay",
    "nitza",
    "nursultan",
    "oleg",
    "olesya",
    "olga",
    "olli-pekka",
    "patrick",
    "pavel",
    "peter",
    "pietro",
    "pyotr",
    "rafael",
    "ramzan",
    "recep",
    "robert",
    "roman",
    "ruslan",
    "rustam",
    "sauli",
    "sebastian",
    "serge",
    "sergei",
    "sergey",
    "serzh",
    "seyed",
    "shavkat",
    "shinzo",
    "sigmar",
    "sooronbay",
    "stanislav",
    "svetlana",
    "tatiana",
    "tatyana",
    "timur",
    "tomislav",
    "valentin",
    "valentina",
    "valery",
    "vasily",
    "veronika",
    "viktor",
    "vitaly",
    "vladimir",
    "vladislav",
    "vyacheslav",
    "wolfgang",
    "xi",
    "yakov",
    "yegor",
    "yekaterina",
    "yelena",
    "yevgeny",
    "yoweri",
    "yulia",
    "yury",
    "zhanna",
    "zoran",
];

pub(crate) fn is_given_name(word: &str) -> bool {
    classes(word) & class::GIVEN != 0
}

/// Group vocatives: forms of address to many ("Colleagues", "Ladies and
/// gentlemen"). Sorted.
const GROUP_VOCATIVES: &[&str] = &[
    "brothers",
    "citizens",
    "colleagues",
    "compatriots",
    "comrades",
    "everybody",
    "everyone",
    "friends",
    "gentlemen",
    "guests",
    "ladies",
    "participants",
    "sisters",
    "veterans",
];

pub(crate) fn is_group_vocative(word: &str) -> bool {
    classes(word) & class::GROUP != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [
            GENERIC_SPEAKERS,
            FUNCTION_WORDS,
            SENTENCE_WORDS,
            TITLE_WORDS,
            INSTITUTION_WORDS,
            NAME_PARTICLES,
            HONORIFICS,
            GIVEN_NAMES,
            GROUP_VOCATIVES,
            OPENING_CONJUNCTIONS,
            MONONYM_TITLES,
            MONTHS,
            PLACE_WORDS,
        ] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, list, "list not sorted");
            for w in list {
                assert_eq!(&w.to_lowercase(), w, "{w} not lower case");
            }
        }
    }

    #[test]
    fn lookups_ignore_case_and_trailing_punctuation() {
        assert!(is_title_word("President"));
        assert!(is_title_word("CEO,"));
        assert!(is_institution_word("Duma"));
        assert!(!is_institution_word("Vladimir"));
        assert!(is_generic_speaker("Question"));
        assert!(is_honorific("Mr."));
    }
}
