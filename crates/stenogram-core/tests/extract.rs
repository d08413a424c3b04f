//! Extraction cases written for stenogram: each sentence, the mentions it
//! must yield (kind, text, value, high, unit, qualifier, bound), in order.
//! Cases cover the kinds of DESIGN.md and the quirks of official speech.

use stenogram_core::{extract, Bound, Day, Mention, MentionKind, MentionValue};

fn num(v: f64) -> Option<MentionValue> {
    Some(MentionValue::Number(v))
}

fn txt(v: &str) -> Option<MentionValue> {
    Some(MentionValue::Text(v.to_string()))
}

struct Want {
    kind: MentionKind,
    text: &'static str,
    value: Option<MentionValue>,
    unit: Option<&'static str>,
    qualifier: Option<&'static str>,
    bound: Bound,
}

fn want(kind: MentionKind, text: &'static str, value: Option<MentionValue>) -> Want {
    Want {
        kind,
        text,
        value,
        unit: None,
        qualifier: None,
        bound: Bound::Exact,
    }
}

impl Want {
    fn unit(mut self, u: &'static str) -> Want {
        self.unit = Some(u);
        self
    }
    fn hedge(mut self, q: &'static str, b: Bound) -> Want {
        self.qualifier = Some(q);
        self.bound = b;
        self
    }
}

fn reference() -> Option<Day> {
    Day::new(2020, 9, 29)
}

fn check(input: &str, wants: &[Want]) {
    let got = extract(input, reference());
    let chars: Vec<char> = input.chars().collect();
    for m in &got {
        let slice: String = chars[m.start..m.end].iter().collect();
        assert_eq!(slice, m.text, "{input}: text must slice the input");
        if let (Some(s), Some(e)) = (m.qualifier_start, m.qualifier_end) {
            let q: String = chars[s..e].iter().collect();
            assert_eq!(Some(q.to_lowercase()), m.qualifier, "{input}");
            assert!(e <= m.start, "hedge before the value");
        }
    }
    let summary = |m: &Mention| format!("{:?} {:?} {:?} {:?}", m.kind, m.text, m.value, m.unit);
    assert_eq!(
        got.len(),
        wants.len(),
        "{input}\n got: {:#?}",
        got.iter().map(summary).collect::<Vec<_>>()
    );
    for (m, w) in got.iter().zip(wants) {
        assert_eq!(m.kind, w.kind, "{input}: {}", summary(m));
        assert_eq!(m.text, w.text, "{input}");
        assert_eq!(m.value, w.value, "{input}: {}", summary(m));
        assert_eq!(m.unit.as_deref(), w.unit, "{input}: {}", summary(m));
        assert_eq!(
            m.qualifier.as_deref(),
            w.qualifier,
            "{input}: {}",
            summary(m)
        );
        assert_eq!(m.bound, w.bound, "{input}: {}", summary(m));
    }
}

use MentionKind::*;

#[test]
fn the_seed_trade_figures() {
    check(
        "Bilateral trade has grown by about 5.7 percent, reaching a record level. According to \
         your statistics, it is over $51 billion, while the Russian estimate is slightly more \
         modest, just over $50 billion.",
        &[
            want(Percent, "5.7 percent", num(5.7))
                .unit("%")
                .hedge("about", Bound::Approx),
            want(Money, "$51 billion", num(51e9))
                .unit("USD")
                .hedge("over", Bound::Lower),
            want(Money, "$50 billion", num(50e9))
                .unit("USD")
                .hedge("just over", Bound::Lower),
        ],
    );
}

#[test]
fn numbers_in_digits_and_words() {
    check(
        "We have 1,200 schools, 816 000 flats and 5.7 more; five, twenty-one, a hundred and fifty \
         and one and a half.",
        &[
            want(Quantity, "1,200 schools", num(1200.0)).unit("schools"),
            want(Quantity, "816 000 flats", num(816000.0)).unit("apartments"),
            want(Number, "5.7", num(5.7)),
            want(Number, "five", num(5.0)),
            want(Number, "twenty-one", num(21.0)),
            want(Number, "a hundred and fifty", num(150.0)),
            want(Number, "one and a half", num(1.5)),
        ],
    );
    check(
        "It costs 3 billion, 2 bn, 4 mln, 7 trillion and 500 thousand.",
        &[
            want(Number, "3 billion", num(3e9)),
            want(Number, "2 bn", num(2e9)),
            want(Number, "4 mln", num(4e6)),
            want(Number, "7 trillion", num(7e12)),
            want(Number, "500 thousand", num(5e5)),
        ],
    );
    check(
        "Half of them left; two thirds stayed; half a million came.",
        &[
            want(Number, "Half", num(0.5)),
            want(Number, "two thirds", num(2.0 / 3.0)),
            want(Number, "half a million", num(5e5)),
        ],
    );
}

#[test]
fn not_numbers() {
    check(
        "The G20, the Su-57, BRICS, COVID-19 and the S-400 systems; no one knows, one another.",
        &[],
    );
    check(
        "1. The first item\n2) The second item",
        &[
            want(Ordinal, "first", num(1.0)),
            want(Ordinal, "second", num(2.0)),
        ],
    );
    check("We met at 12:30 and at 4 pm.", &[]);
}

#[test]
fn ordinals() {
    check(
        "The first, the 80th, the twenty-fifth and the 21st.",
        &[
            want(Ordinal, "first", num(1.0)),
            want(Ordinal, "80th", num(80.0)),
            want(Ordinal, "twenty-fifth", num(25.0)),
            want(Ordinal, "21st", num(21.0)),
        ],
    );
}

#[test]
fn percentages() {
    check(
        "Up 3 per cent, 4% and 0.5 percentage points; nearly 90 percent.",
        &[
            want(Percent, "3 per cent", num(3.0)).unit("%"),
            want(Percent, "4%", num(4.0)).unit("%"),
            want(Percent, "0.5 percentage points", num(0.5)).unit("pp"),
            want(Percent, "90 percent", num(90.0))
                .unit("%")
                .hedge("nearly", Bound::Upper),
        ],
    );
    let m = &extract("growth of 3 to 4 percent", None)[0];
    assert_eq!((m.value.clone(), m.high.clone()), (num(3.0), num(4.0)));
}

#[test]
fn money_in_any_order() {
    check(
        "$51 billion, 51 billion dollars, 500 million roubles, RUB 3 trillion, €2 bn, \
         1.5 trillion rubles, 10 billion yuan and 200 million Belarusian roubles.",
        &[
            want(Money, "$51 billion", num(51e9)).unit("USD"),
            want(Money, "51 billion dollars", num(51e9)).unit("USD"),
            want(Money, "500 million roubles", num(5e8)).unit("RUB"),
            want(Money, "RUB 3 trillion", num(3e12)).unit("RUB"),
            want(Money, "€2 bn", num(2e9)).unit("EUR"),
            want(Money, "1.5 trillion rubles", num(1.5e12)).unit("RUB"),
            want(Money, "10 billion yuan", num(1e10)).unit("CNY"),
            want(Money, "200 million Belarusian roubles", num(2e8)).unit("BYN"),
        ],
    );
    let ranges = extract("$15–20 billion and between 3 and 4 trillion roubles", None);
    assert_eq!(ranges.len(), 2);
    assert_eq!(
        (ranges[0].value.clone(), ranges[0].high.clone()),
        (num(15e9), num(20e9))
    );
    assert_eq!(ranges[1].text, "between 3 and 4 trillion roubles");
    assert_eq!(
        (ranges[1].value.clone(), ranges[1].high.clone()),
        (num(3e12), num(4e12))
    );
}

#[test]
fn quantities() {
    check(
        "19.6 billion cubic metres of gas, 100 million tonnes, 1,200 km, 5 GW, 300 MW, \
         2 billion kWh, 40,000 hectares, 1.5 million barrels and 5,000 new jobs for 300 people.",
        &[
            want(Quantity, "19.6 billion cubic metres", num(19.6e9)).unit("m3"),
            want(Quantity, "100 million tonnes", num(1e8)).unit("t"),
            want(Quantity, "1,200 km", num(1200.0)).unit("km"),
            want(Quantity, "5 GW", num(5.0)).unit("GW"),
            want(Quantity, "300 MW", num(300.0)).unit("MW"),
            want(Quantity, "2 billion kWh", num(2e9)).unit("kWh"),
            want(Quantity, "40,000 hectares", num(40000.0)).unit("ha"),
            want(Quantity, "1.5 million barrels", num(1.5e6)).unit("bbl"),
            want(Quantity, "5,000 new jobs", num(5000.0)).unit("jobs"),
            want(Quantity, "300 people", num(300.0)).unit("people"),
        ],
    );
}

#[test]
fn dates_resolve_against_the_reference() {
    check(
        "On May 9, on 9 May 2025, in 2030, by the end of the year, this year, last week, \
         tomorrow, in the 1990s, in five years.",
        &[
            want(Date, "May 9", txt("2020-05-09")),
            want(Date, "9 May 2025", txt("2025-05-09")),
            want(Date, "2030", txt("2030")),
            want(Date, "the end of the year", txt("2020-12-31")).hedge("by", Bound::Upper),
            want(Date, "this year", txt("2020")),
            want(Date, "last week", txt("2020-W39")),
            want(Date, "tomorrow", txt("2020-09-30")),
            want(Date, "the 1990s", txt("199X")),
            want(Date, "in five years", txt("2025")),
        ],
    );
}

#[test]
fn dates_without_a_reference_stay_unresolved() {
    let got = extract("On May 9 and last year.", None);
    assert_eq!(got[0].value, txt("XXXX-05-09"));
    assert_eq!(got[1].value, None);
    assert_eq!(got[1].offset.as_deref(), Some("-P1Y"));
}

#[test]
fn durations() {
    check(
        "For 30 years, a year and a half, three months, half a year and a decade.",
        &[
            want(Duration, "30 years", txt("P30Y")),
            want(Duration, "a year and a half", txt("P1.5Y")),
            want(Duration, "three months", txt("P3M")),
            want(Duration, "half a year", txt("P0.5Y")),
            want(Duration, "a decade", txt("P10Y")),
        ],
    );
    // A frequency is no duration: "once a year" counts occasions.
    check(
        "We meet once a year.",
        &[want(Quantity, "once a year", num(1.0)).unit("occasions")],
    );
}

#[test]
fn hedges_map_to_bounds() {
    for (hedge, bound) in [
        ("about", Bound::Approx),
        ("around", Bound::Approx),
        ("approximately", Bound::Approx),
        ("roughly", Bound::Approx),
        ("almost", Bound::Upper),
        ("nearly", Bound::Upper),
        ("over", Bound::Lower),
        ("more than", Bound::Lower),
        ("just over", Bound::Lower),
        ("slightly more than", Bound::Lower),
        ("under", Bound::Upper),
        ("less than", Bound::Upper),
        ("at least", Bound::Lower),
        ("up to", Bound::Upper),
        ("some", Bound::Approx),
        ("a little over", Bound::Lower),
    ] {
        let text = format!("It was {hedge} 40 percent.");
        let got = extract(&text, None);
        assert_eq!(got.len(), 1, "{text}");
        assert_eq!(got[0].qualifier.as_deref(), Some(hedge), "{text}");
        assert_eq!(got[0].bound, bound, "{text}");
        assert_eq!(got[0].text, "40 percent");
    }
}

#[test]
fn offsets_are_code_points() {
    let text = "Рост\u{a0}— около 5,7%: about 5.7\u{a0}percent, “over $51\u{a0}billion”.";
    let got = extract(text, None);
    let chars: Vec<char> = text.chars().collect();
    assert!(!got.is_empty());
    for m in &got {
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
    }
}

#[test]
fn garbage_gives_no_panic() {
    let digits = "1,000,".repeat(200_000);
    let _ = extract(&digits, None);
    let words = "one hundred thousand million billion ".repeat(50_000);
    let _ = extract(&words, None);
    let long_number = "9".repeat(400);
    assert!(
        extract(&long_number, None).is_empty(),
        "an infinite value is dropped"
    );
    let binary: String = (0u32..0x3000).filter_map(char::from_u32).collect();
    let _ = extract(&binary, reference());
}

#[test]
fn signs_subunits_weekdays_quarters_and_more_units() {
    check(
        "It fell to minus 40 degrees, down -5 percent, 30 cents, 50 kopecks. On 2019-05-09, on \
         Monday, last Friday, next Sunday, in the first quarter of 2019, in the second half of the \
         year, in Q1 2020 and in mid-2020 within a couple of days: 5 feet, 100 mph.",
        &[
            want(Quantity, "minus 40 degrees", num(-40.0)).unit("°"),
            want(Percent, "-5 percent", num(-5.0)).unit("%"),
            want(Money, "30 cents", num(0.3)).unit("USD"),
            want(Money, "50 kopecks", num(0.5)).unit("RUB"),
            want(Date, "2019-05-09", txt("2019-05-09")),
            want(Date, "Monday", txt("2020-09-28")),
            want(Date, "last Friday", txt("2020-09-25")),
            want(Date, "next Sunday", txt("2020-10-11")),
            want(Date, "the first quarter of 2019", txt("2019-Q1")),
            want(Date, "the second half of the year", txt("2020-H2")),
            want(Date, "Q1 2020", txt("2020-Q1")),
            want(Date, "2020", txt("2020")),
            want(Duration, "a couple of days", txt("P2D")),
            want(Quantity, "5 feet", num(5.0)).unit("ft"),
            want(Quantity, "100 mph", num(100.0)).unit("mi/h"),
        ],
    );
}

#[test]
fn compound_magnitudes_and_minus_after_a_figure() {
    check(
        "Investment reached 1 trillion 600 billion rubles; my salary is 9,000 rubles minus 13% tax.",
        &[
            want(Money, "1 trillion 600 billion rubles", num(1.6e12)).unit("RUB"),
            want(Money, "9,000 rubles", num(9000.0)).unit("RUB"),
            want(Percent, "13%", num(13.0)).unit("%"),
        ],
    );
}

#[test]
fn fractions_speeds_temperatures_numeric_dates_and_compounds() {
    check(
        "A quarter of them, 5 bucks, 60 km/h, 90 kilometres per hour, 40 degrees Celsius, on \
         05/09/2019, on 09.05.2019, in the 90s, tonight, half an hour, a five-year plan.",
        &[
            want(Number, "A quarter", num(0.25)),
            want(Money, "5 bucks", num(5.0)).unit("USD"),
            want(Quantity, "60 km/h", num(60.0)).unit("km/h"),
            want(Quantity, "90 kilometres per hour", num(90.0)).unit("km/h"),
            want(Quantity, "40 degrees Celsius", num(40.0)).unit("°C"),
            want(Date, "05/09/2019", txt("2019-05-09")),
            want(Date, "09.05.2019", txt("2019-05-09")),
            want(Date, "the 90s", txt("199X")),
            want(Date, "tonight", txt("2020-09-29")),
            want(Duration, "half an hour", txt("PT0.5H")),
            want(Duration, "five-year", txt("P5Y")),
        ],
    );
}

#[test]
fn ranges_with_the_unit_repeated() {
    check(
        "Growth of between 2% and 3%, from 10 to 20 percent, 5 to 7 million tonnes, two weeks ago.",
        &[
            want(Percent, "between 2% and 3%", num(2.0)).unit("%"),
            want(Percent, "from 10 to 20 percent", num(10.0)).unit("%"),
            want(Quantity, "5 to 7 million tonnes", num(5e6)).unit("t"),
            want(Date, "two weeks ago", txt("2020-09-15")),
        ],
    );
    let got = extract("between 2% and 3%", None);
    assert_eq!(got[0].high, num(3.0));
}

#[test]
fn corpus_regressions() {
    check(
        "GDP for January-October 2012 grew from 7.2 percent in 2010 to 12.9 percent; \
         two-thirds left with a year’s notice.",
        &[
            want(Date, "January-October 2012", txt("2012-01")),
            want(Percent, "7.2 percent", num(7.2)).unit("%"),
            want(Date, "2010", txt("2010")),
            want(Percent, "12.9 percent", num(12.9)).unit("%"),
            want(Number, "two-thirds", num(2.0 / 3.0)),
            want(Duration, "a year’s", txt("P1Y")),
        ],
    );
}

#[test]
fn possessives_nights_and_seasons() {
    check(
        "Unlike last year’s report, discussed last night, it is due this summer.",
        &[
            want(Date, "last year’s", txt("2019")),
            want(Date, "last night", txt("2020-09-28")),
            want(Date, "this summer", txt("2020-SU")),
        ],
    );
}

#[test]
fn magnitudes_of_word_ranges_apply_to_both_ends() {
    let got = extract(
        "bills of two to three thousand rubles and 5–7bn dollars",
        None,
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[0].value.clone(), got[0].high.clone()),
        (num(2000.0), num(3000.0))
    );
    assert_eq!(got[0].text, "two to three thousand rubles");
    assert_eq!(
        (got[1].value.clone(), got[1].high.clone()),
        (num(5e9), num(7e9))
    );
}

#[test]
fn multiples_decimal_commas_hedge_verbs_and_addresses() {
    let kinds = |text: &str| -> Vec<(String, String, Option<String>)> {
        stenogram_core::extract(text, None)
            .into_iter()
            .map(|m| {
                (
                    format!("{:?}", m.kind).to_lowercase(),
                    m.text.clone(),
                    m.unit.clone(),
                )
            })
            .collect()
    };
    let times = |text: &str| {
        kinds(text)
            .into_iter()
            .filter(|k| k.2.as_deref() == Some("times"))
            .map(|k| k.1)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        times("Exports grew 12 times and imports rose by one and a half times."),
        ["12 times", "one and a half times"]
    );
    assert_eq!(
        times("It is 2.6 times more expensive, three times the volume."),
        ["2.6 times", "three times"]
    );
    assert!(times("I said it three times. We met a couple of times.").is_empty());
    assert!(times("This year the regulator cut the key rate five times.").is_empty());
    assert_eq!(
        times("Trade doubled, and investment has tripled; losses were halved."),
        ["doubled", "tripled", "halved"]
    );
    let halved = stenogram_core::extract("Losses were halved.", None);
    assert_eq!(serde_json::to_value(&halved[0]).unwrap()["value"], 0.5);
    let rate = stenogram_core::extract("The rate was 64,5 to the dollar.", None);
    assert_eq!(rate.len(), 1);
    assert_eq!(rate[0].text, "64,5");
    assert_eq!(serde_json::to_value(&rate[0]).unwrap()["value"], 64.5);
    let exceeded = stenogram_core::extract("In 2018 it exceeded $100 billion.", None);
    let money = exceeded.iter().find(|m| m.text == "$100 billion").unwrap();
    assert_eq!(money.qualifier.as_deref(), Some("exceeded"));
    assert_eq!(serde_json::to_value(money).unwrap()["bound"], "lower");
    let record = stenogram_core::extract("In 2018 it exceeded a record $100 billion.", None);
    let money = record.iter().find(|m| m.text == "$100 billion").unwrap();
    assert_eq!(money.qualifier.as_deref(), Some("exceeded a record"));
    let links = kinds("See http://en.kremlin.ru/events/president/news/62366, kremlin.ru/acts/2019/5 or press2019@gov.ru within 5 days.");
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].1, "5 days");
}

/// Value and high end of the mention whose text is `text`.
fn value_high(input: &str, text: &str) -> (Option<MentionValue>, Option<MentionValue>) {
    let got = extract(input, reference());
    let m = got
        .iter()
        .find(|m| m.text == text)
        .unwrap_or_else(|| panic!("{text:?} not found in {input}"));
    (m.value.clone(), m.high.clone())
}

#[test]
fn counted_nouns_make_quantities() {
    check(
        "The two leaders met 1,200 French companies and visited five population centres.",
        &[
            want(Quantity, "two leaders", num(2.0)).unit("leaders"),
            want(Quantity, "1,200 French companies", num(1200.0)).unit("companies"),
            want(Quantity, "five population centres", num(5.0)).unit("centres"),
        ],
    );
    check(
        "I have one strong request. Around 700 joint enterprises work there.",
        &[
            want(Quantity, "one strong request", num(1.0)).unit("request"),
            want(Quantity, "700 joint enterprises", num(700.0))
                .unit("enterprises")
                .hedge("around", Bound::Approx),
        ],
    );
    // No noun counted: a pronoun, a preposition, a participle, an adverb.
    check(
        "Two of them, 14 of which, when I was 14, 80 wounded in May, 2.87 next year.",
        &[
            want(Number, "Two", num(2.0)),
            want(Number, "14", num(14.0)),
            want(Number, "14", num(14.0)),
            want(Number, "80", num(80.0)),
            want(Number, "2.87", num(2.87)),
            want(Date, "next year", txt("2021")),
        ],
    );
    // Occasions are counted too, but are no multiple.
    check(
        "The regulator cut the key rate five times.",
        &[want(Quantity, "five times", num(5.0)).unit("occasions")],
    );
}

#[test]
fn numbers_that_name_things_are_no_mentions() {
    check(
        "Under Article 3, Symphony No. 7 was played at School No.281, at 4 Zubovsky Boulevard, \
         before the Group of Twenty.",
        &[],
    );
}

#[test]
fn pronoun_one_and_idioms() {
    check(
        "They are a science, but one that requires care. It is a fast growing one. Not a \
         single one. For one reason or another, they came; one way or another.",
        &[],
    );
}

#[test]
fn list_markers_and_names_are_no_ordinals() {
    check(
        "First, the data. And, third, we agree. Third. The Second World War ended. First \
         Deputy Prime Minister Ivanov spoke of markets of third countries.",
        &[],
    );
    check(
        "It was the second largest partner; the first, second, third – all of them.",
        &[
            want(Ordinal, "second", num(2.0)),
            want(Ordinal, "first", num(1.0)),
            want(Ordinal, "second", num(2.0)),
            want(Ordinal, "third", num(3.0)),
        ],
    );
}

#[test]
fn fractions_after_a_cardinal() {
    check(
        "Around one third of them and two fifths of the rest.",
        &[
            want(Number, "one third", num(1.0 / 3.0)).hedge("around", Bound::Approx),
            want(Number, "two fifths", num(0.4)),
        ],
    );
    check(
        "The second, the fifth and the tenth.",
        &[
            want(Ordinal, "second", num(2.0)),
            want(Ordinal, "fifth", num(5.0)),
            want(Ordinal, "tenth", num(10.0)),
        ],
    );
}

#[test]
fn opening_months_and_quarters_of_a_year() {
    let text = "Trade grew over the first nine months of this year, in the first 6–7 months, \
                over the three quarters of 2019, and in this year’s first quarter.";
    check(
        text,
        &[
            want(Date, "first nine months of this year", txt("2020-01")),
            want(Date, "first 6–7 months", txt("2020-01")),
            want(Date, "three quarters of 2019", txt("2019-Q1")),
            want(Date, "this year’s first quarter", txt("2020-Q1")),
        ],
    );
    assert_eq!(
        value_high(text, "first nine months of this year"),
        (txt("2020-01"), txt("2020-09"))
    );
    assert_eq!(
        value_high(text, "first 6–7 months"),
        (txt("2020-01"), txt("2020-07"))
    );
    assert_eq!(
        value_high(text, "three quarters of 2019"),
        (txt("2019-Q1"), txt("2019-Q3"))
    );
    // Without "first" or a year it stays a duration.
    check(
        "It took three months.",
        &[want(Duration, "three months", txt("P3M"))],
    );
}

#[test]
fn ranges_of_days_years_and_figures() {
    let text = "The Games run on March 14–25, the programme for 2005–2009, and in the war \
                −350,000−400,000.";
    check(
        text,
        &[
            want(Date, "March 14–25", txt("2020-03-14")),
            want(Date, "2005–2009", txt("2005")),
            want(Number, "350,000−400,000", num(350_000.0)),
        ],
    );
    assert_eq!(
        value_high(text, "March 14–25"),
        (txt("2020-03-14"), txt("2020-03-25"))
    );
    assert_eq!(value_high(text, "2005–2009"), (txt("2005"), txt("2009")));
    assert_eq!(
        value_high(text, "350,000−400,000"),
        (num(350_000.0), num(400_000.0))
    );
}

#[test]
fn a_unit_shared_across_or() {
    check(
        "It grew by 19.7 or 19.6 percent.",
        &[
            want(Percent, "19.7", num(19.7)).unit("%"),
            want(Percent, "19.6 percent", num(19.6)).unit("%"),
        ],
    );
}

#[test]
fn multiples_in_fold_and_twice() {
    check(
        "Sales had a 2.5-fold increase, fell threefold, then five-fold. It is twice as \
         large; the bank cut its rate twice.",
        &[
            want(Quantity, "2.5-fold", num(2.5)).unit("times"),
            want(Quantity, "threefold", num(3.0)).unit("times"),
            want(Quantity, "five-fold", num(5.0)).unit("times"),
            want(Quantity, "twice", num(2.0)).unit("times"),
            want(Quantity, "twice", num(2.0)).unit("occasions"),
        ],
    );
    check("Once again, once we agree.", &[]);
}

#[test]
fn compound_and_vague_durations() {
    check(
        "We worked for three hours and 38 minutes, for two years and six months, for several \
         years, in recent decades, over the past few weeks, in the past year and in a few \
         days.",
        &[
            want(Duration, "three hours and 38 minutes", txt("PT3H38M")),
            want(Duration, "two years and six months", txt("P2Y6M")),
            want(Duration, "several years", txt("PXY")),
            want(Duration, "recent decades", txt("PXDE")),
            want(Duration, "past few weeks", txt("PXW")),
            want(Duration, "past year", txt("P1Y")),
            want(Duration, "a few days", txt("PXD")),
        ],
    );
    check(
        "Over the next few months, let me say it one more time.",
        &[want(Duration, "next few months", txt("PXM"))],
    );
    let ago = extract("It began several years ago, last year.", reference());
    assert_eq!(ago[0].kind, Date);
    assert_eq!(ago[0].text, "several years ago");
    assert_eq!(ago[0].offset.as_deref(), Some("-PXY"));
    assert_eq!(ago[1].text, "last year");
}

#[test]
fn rates_per_unit() {
    check(
        "They pay $127 per 1,000 cubic metres. Mortality fell to 6 per 1,000 births.",
        &[
            want(Money, "$127 per 1,000 cubic metres", num(127.0)).unit("USD"),
            want(Quantity, "6 per 1,000 births", num(6.0)).unit("per 1,000 births"),
        ],
    );
}
