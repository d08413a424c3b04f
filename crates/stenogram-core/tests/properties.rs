//! Property tests: for any input, offsets slice to the text they claim and
//! every non-blank line lands in exactly one place.

mod common;

use common::assert_invariants;
use proptest::prelude::*;
use stenogram_core::{parse_text, ParseError};

/// Lines shaped like transcript lines, quirks included.
fn transcript_line() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "Vladimir Putin",
        "Alexander Lukashenko",
        "VladimirPutin",
        "Vladimir PUTIN",
        "V.Putin",
        "Putin",
        "Recep Tayyip Erdogan",
        "Alexander Van der Bellen",
        "Maria Zakharova",
    ]);
    let role = prop::sample::select(vec![
        "",
        "President of Russia ",
        "President of\u{a0}the\u{a0}Republic of\u{a0}Belarus ",
        "chairman of the Board of Gazprom ",
        "Speaker of The Moscow City Duma ",
    ]);
    let speech = prop::sample::select(vec![
        "Thank you.",
        "Mr Lukashenko, I am delighted to see you.",
        "Mr President, colleagues, welcome.",
        "We have identified five priority areas: medicine, education.",
        "Our trade has grown <…> by 5.7 percent.",
        "",
        "Colleagues,",
        "I\u{a0}would like to\u{a0}repeat: all is well.",
    ]);
    let note = prop::sample::select(vec!["", " (retranslated)", " (to the Governor)"]);
    prop_oneof![
        (role, name, note, speech.clone()).prop_map(|(r, n, o, s)| format!("{r}{n}{o}: {s}")),
        speech.prop_map(str::to_string),
        prop::sample::select(vec![
            "* * *",
            "***",
            "<…>",
            "<...>",
            "See also",
            "Additional",
            "(Applause.)",
            "Question: Mr President, a question.",
            "Remark:",
            "Statements following the meeting:",
            "",
            "   ",
            "\u{a0}",
            "Vladimir Putin:Yes.",
            ":",
            "a:b",
        ])
        .prop_map(str::to_string),
        "[ -~\u{a0}…<>:()*]{0,40}",
    ]
}

fn transcript() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(transcript_line(), 1..40),
        any::<bool>(),
    )
        .prop_map(|(lines, trailing_newline)| {
            let mut text = lines.join("\n");
            if trailing_newline {
                text.push('\n');
            }
            text
        })
}

fn check(text: &str) {
    match parse_text("prop", text) {
        Ok(parsed) => assert_invariants(text, &parsed.document),
        Err(ParseError::Empty) => assert!(text.trim().is_empty()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn transcript_like_input_keeps_offsets_and_coverage(text in transcript()) {
        check(&text);
    }

    #[test]
    fn arbitrary_text_keeps_offsets_and_coverage(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn arbitrary_lines_keep_offsets_and_coverage(lines in prop::collection::vec("\\PC{0,60}", 0..30)) {
        check(&lines.join("\n"));
    }
}

/// Sentences shaped like the figures of speeches, quirks included.
fn figure_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "about",
        "over",
        "just over",
        "$",
        "€",
        "51",
        "1,200",
        "816 000",
        "5.7",
        "billion",
        "bn",
        "percent",
        "%",
        "per cent",
        "roubles",
        "Belarusian",
        "tonnes",
        "cubic",
        "metres",
        "May",
        "9",
        "2025",
        "in",
        "last",
        "year",
        "years",
        "ago",
        "the",
        "end",
        "of",
        "1990s",
        "twenty-one",
        "a",
        "hundred",
        "and",
        "half",
        "first",
        "80th",
        "–",
        "-",
        "to",
        "between",
        "G20",
        "Su-57",
        ":",
        "12:30",
        "pm",
        "\u{a0}",
        "\n",
        "1.",
        "people",
        "jobs",
        "one",
    ]);
    prop::collection::vec(
        (piece, prop::sample::select(vec![" ", "", "\u{a0}", ", "])),
        0..40,
    )
    .prop_map(|parts| parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
}

fn check_mentions(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let mut last_start = 0;
    for reference in [None, stenogram_core::Day::new(2020, 2, 29)] {
        for m in stenogram_core::extract(text, reference) {
            assert!(m.start < m.end && m.end <= chars.len());
            assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
            if let (Some(s), Some(e)) = (m.qualifier_start, m.qualifier_end) {
                assert!(s < e && e <= m.start);
            }
            if reference.is_some() {
                assert!(m.start >= last_start, "mentions come in order");
                last_start = m.start;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn mentions_slice_their_text(text in figure_text()) {
        check_mentions(&text);
    }

    #[test]
    fn arbitrary_text_never_breaks_extraction(text in any::<String>()) {
        check_mentions(&text);
    }
}

/// Speech shaped like the claims of transcripts: indicators, figures,
/// statement breaks, brackets, no-break spaces, anaphora and periods.
fn claim_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "Vladimir Putin:",
        "\n",
        "trade",
        "bilateral trade",
        "GDP",
        "the economy",
        "inflation",
        "trade surplus",
        "new jobs",
        "criminal cases were opened",
        "the state defence order was",
        "fulfilled",
        "allocated",
        "were allocated",
        "grew by",
        "reached",
        "it was",
        "this",
        "Of this",
        "which",
        "over",
        "almost",
        "$51 billion",
        "5.7 percent",
        "20 billion rubles",
        "[$300 million]",
        "(2.9 percent)",
        "120,000",
        "5,000",
        "a quarter of",
        "one-third",
        "doubled",
        "2.5-fold",
        "12 times",
        "64,5",
        "in 2019",
        "last year",
        "the year before last",
        "over the first three months of this year",
        "in nine months",
        "the same period",
        "over the past 12 years",
        "from 2008 to 2018",
        "compared to 2015",
        "the level of early 2014",
        "since",
        "now",
        "today",
        "at the moment",
        "the Second World War",
        "in the Republic of Crimea",
        "Krasnodar Territory",
        "global economy",
        "according to Rosstat",
        "your statistics",
        "of GDP",
        "percentage of GDP",
        "than planned",
        "will reach",
        ", and",
        "; ",
        ", while",
        ", but",
        ".",
        ":",
        "–",
        "\u{a0}",
        "Article 3",
        "Su-57",
    ]);
    prop::collection::vec(
        (
            piece,
            prop::sample::select(vec![" ", "", "\u{a0}", ", ", ". "]),
        ),
        0..50,
    )
    .prop_map(|parts| parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
}

/// Claims never panic, slice their value, sentence and indicator, keep
/// the indicator before the sentence's end, and name a kind and unit family.
fn check_claims(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let Ok(parsed) = stenogram_core::parse_text("p", text) else {
        return;
    };
    let mut doc = parsed.document;
    for (reference, date) in [
        (None, None),
        (stenogram_core::Day::new(2020, 2, 29), Some("2020-02-29")),
    ] {
        doc.date = date.map(str::to_owned);
        let mentions = stenogram_core::extract(text, reference);
        for c in stenogram_core::claims(&doc, text, &mentions) {
            assert!(c.start < c.end && c.end <= chars.len(), "{c:?}");
            assert!(c.sentence_start <= c.start && c.end <= c.sentence_end.max(c.end));
            assert!(c.indicator_start <= c.indicator_end && c.indicator_end <= chars.len());
            assert_eq!(
                chars[c.indicator_start..c.indicator_end]
                    .iter()
                    .collect::<String>()
                    .split_whitespace()
                    .next(),
                c.indicator_text.split_whitespace().next(),
                "{c:?}"
            );
            assert!(
                !c.indicator.is_empty() && !c.unit_family.is_empty(),
                "{c:?}"
            );
            assert!(c.value.is_finite());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn claims_keep_their_offsets(text in claim_text()) {
        check_claims(&text);
    }

    #[test]
    fn arbitrary_text_never_breaks_claims(text in any::<String>()) {
        check_claims(&text);
    }
}
