//! Small closed word classes the transcript grammar leans on.
//!
//! These are word classes of the language of labels and vocatives (titles,
//! institutional nouns, function words, common given names), not lists of
//! people: no person is recognised because their name is here.

/// Lower-cases an ASCII-ish word for lookup (no allocation for short words
/// would be nicer, but labels are rare enough that this never shows up).
pub(crate) fn key(word: &str) -> String {
    word.trim_matches(|c: char| matches!(c, ',' | '.' | '’' | '\'' | '"'))
        .to_lowercase()
}

fn contains(list: &[&str], word: &str) -> bool {
    let k = key(word);
    list.binary_search(&k.as_str()).is_ok()
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
    contains(GENERIC_SPEAKERS, word)
}

/// Function words that may sit inside a role ("Minister *of the* Interior").
/// Sorted.
const FUNCTION_WORDS: &[&str] = &[
    "&", "a", "and", "at", "by", "de", "for", "from", "in", "of", "on", "the", "to", "under",
    "with",
];

pub(crate) fn is_function_word(word: &str) -> bool {
    contains(FUNCTION_WORDS, word)
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
    "i",
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
    contains(SENTENCE_WORDS, word)
}

/// Titles, ranks and occupations: the head words of roles. Sorted.
const TITLE_WORDS: &[&str] = &[
    "academician",
    "acting",
    "admiral",
    "adviser",
    "advisor",
    "aide",
    "ambassador",
    "anchor",
    "announcer",
    "archbishop",
    "assistant",
    "athlete",
    "auditor",
    "bishop",
    "cadet",
    "captain",
    "cardinal",
    "ceo",
    "chair",
    "chairman",
    "chairperson",
    "chairwoman",
    "champion",
    "chancellor",
    "chief",
    "co-chair",
    "co-founder",
    "coach",
    "colonel",
    "columnist",
    "commander",
    "commander-in-chief",
    "commissioner",
    "comrade",
    "coordinator",
    "correspondent",
    "cosmonaut",
    "councillor",
    "counsellor",
    "delegate",
    "deputy",
    "designer",
    "director",
    "director-general",
    "doctor",
    "driver",
    "economist",
    "editor",
    "editor-in-chief",
    "emir",
    "emperor",
    "employee",
    "engineer",
    "envoy",
    "executive",
    "expert",
    "farmer",
    "fitter",
    "foreman",
    "founder",
    "general",
    "governor",
    "head",
    "host",
    "inspector",
    "interpreter",
    "journalist",
    "judge",
    "king",
    "leader",
    "lieutenant",
    "lieutenant-general",
    "major",
    "major-general",
    "manager",
    "mayor",
    "member",
    "metropolitan",
    "minister",
    "moderator",
    "mufti",
    "nurse",
    "officer",
    "ombudsman",
    "operator",
    "owner",
    "partner",
    "patriarch",
    "pilot",
    "premier",
    "presenter",
    "president",
    "press",
    "prime",
    "prince",
    "princess",
    "principal",
    "professor",
    "prosecutor",
    "prosecutor-general",
    "queen",
    "rabbi",
    "rector",
    "reporter",
    "representative",
    "researcher",
    "secretary",
    "senator",
    "serviceman",
    "sheikh",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "student",
    "sultan",
    "teacher",
    "translator",
    "vice-chairman",
    "vice-premier",
    "vice-president",
    "volunteer",
    "worker",
];

pub(crate) fn is_title_word(word: &str) -> bool {
    contains(TITLE_WORDS, word)
}

/// Nouns that head institutions, places and headings: a name never ends
/// on one, so a capitalised run is cut after it ("Moscow City *Duma* Vladimir
/// Platonov"). Sorted.
const INSTITUTION_WORDS: &[&str] = &[
    "academy",
    "address",
    "administration",
    "agency",
    "agenda",
    "annex",
    "appendix",
    "army",
    "article",
    "assembly",
    "association",
    "bank",
    "board",
    "bureau",
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
    "company",
    "conclusion",
    "conclusions",
    "conference",
    "congress",
    "corporation",
    "council",
    "court",
    "department",
    "district",
    "division",
    "duma",
    "excerpts",
    "faculty",
    "federation",
    "foundation",
    "front",
    "fund",
    "government",
    "group",
    "guard",
    "holding",
    "hospital",
    "institute",
    "kremlin",
    "league",
    "meeting",
    "ministry",
    "movement",
    "museum",
    "news",
    "note",
    "office",
    "organisation",
    "organization",
    "parliament",
    "part",
    "party",
    "programme",
    "railways",
    "region",
    "republic",
    "results",
    "school",
    "section",
    "service",
    "session",
    "society",
    "speech",
    "statement",
    "statements",
    "summary",
    "territory",
    "transcript",
    "union",
    "university",
];

pub(crate) fn is_institution_word(word: &str) -> bool {
    contains(INSTITUTION_WORDS, word)
}

/// Name particles that join the parts of a name ("Van der Bellen", "Le Pen",
/// "Bin Isa Al Khalifa"). Sorted.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "ibn", "la", "le",
    "van", "von",
];

pub(crate) fn is_name_particle(word: &str) -> bool {
    contains(NAME_PARTICLES, word)
}

/// Honorifics that precede a name in vocatives and some labels. Sorted.
const HONORIFICS: &[&str] = &[
    "dr", "herr", "madam", "madame", "messrs", "miss", "mister", "monsieur", "mr", "mrs", "ms",
    "prof", "sir",
];

pub(crate) fn is_honorific(word: &str) -> bool {
    contains(HONORIFICS, word)
}

/// Common given names of the people who appear in official transcripts.
/// Only used to decide where a role ends and a name begins in a run of
/// three or more capitalised words ("President of Turkey *Recep* Tayyip
/// Erdogan"), when the document itself offers no shorter label. Sorted.
const GIVEN_NAMES: &[&str] = &[
    "abdulla",
    "adnan",
    "akhmat",
    "aleksandar",
    "alexander",
    "alexandra",
    "alexei",
    "alexey",
    "alisher",
    "alla",
    "alvaro",
    "anatoly",
    "andrei",
    "andrey",
    "andrzej",
    "angela",
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
    "cyril",
    "daniel",
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
    "joe",
    "john",
    "jose",
    "kassym-jomart",
    "kirill",
    "konstantin",
    "leonid",
    "lev",
    "lyudmila",
    "marat",
    "maria",
    "marina",
    "mark",
    "maxim",
    "michel",
    "mikhail",
    "mohammad",
    "mohammed",
    "muhammad",
    "nadezhda",
    "narendra",
    "natalia",
    "natalya",
    "nikita",
    "nikol",
    "nikolai",
    "nikolay",
    "nursultan",
    "oleg",
    "olga",
    "pavel",
    "peter",
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
    "shavkat",
    "shinzo",
    "sooronbay",
    "stanislav",
    "svetlana",
    "tatiana",
    "tatyana",
    "timur",
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
    "xi",
    "yakov",
    "yegor",
    "yekaterina",
    "yelena",
    "yevgeny",
    "yulia",
    "yury",
    "zhanna",
    "zoran",
];

pub(crate) fn is_given_name(word: &str) -> bool {
    contains(GIVEN_NAMES, word)
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
    contains(GROUP_VOCATIVES, word)
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
