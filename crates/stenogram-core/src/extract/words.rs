//! The closed word lists of figures: number words, ordinals, magnitudes,
//! currencies, units, hedges, months and time units.

use crate::model::Bound;

/// Cardinal number words below a hundred, and their values.
pub(crate) fn small_number(word: &str) -> Option<f64> {
    Some(match word {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// Whether a small number word is a multiple of ten ("twenty" … "ninety").
pub(crate) fn is_tens(word: &str) -> bool {
    matches!(
        word,
        "twenty" | "thirty" | "forty" | "fifty" | "sixty" | "seventy" | "eighty" | "ninety"
    )
}

/// Ordinal words below a hundred ("first" … "ninetieth").
pub(crate) fn small_ordinal(word: &str) -> Option<f64> {
    Some(match word {
        "first" => 1.0,
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "thirteenth" => 13.0,
        "fourteenth" => 14.0,
        "fifteenth" => 15.0,
        "sixteenth" => 16.0,
        "seventeenth" => 17.0,
        "eighteenth" => 18.0,
        "nineteenth" => 19.0,
        "twentieth" => 20.0,
        "thirtieth" => 30.0,
        "fortieth" => 40.0,
        "fiftieth" => 50.0,
        "sixtieth" => 60.0,
        "seventieth" => 70.0,
        "eightieth" => 80.0,
        "ninetieth" => 90.0,
        _ => return None,
    })
}

/// Scale words: "hundred", "thousand" … and their abbreviations.
pub(crate) fn scale(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 1e2,
        "thousand" | "thousands" => 1e3,
        "million" | "millions" | "mln" | "mn" | "mio" => 1e6,
        "billion" | "billions" | "bn" | "bln" => 1e9,
        "trillion" | "trillions" | "trn" | "tn" | "tln" => 1e12,
        _ => return None,
    })
}

/// Ordinal scale words ("hundredth", "thousandth", "millionth").
pub(crate) fn scale_ordinal(word: &str) -> Option<f64> {
    Some(match word {
        "hundredth" => 1e2,
        "thousandth" => 1e3,
        "millionth" => 1e6,
        "billionth" => 1e9,
        _ => return None,
    })
}

/// Fraction words and their values ("half", "quarter", "third").
pub(crate) fn fraction_word(word: &str) -> Option<f64> {
    Some(match word {
        "half" | "halves" => 0.5,
        "quarter" | "quarters" => 0.25,
        "third" | "thirds" => 1.0 / 3.0,
        "fifth" | "fifths" => 0.2,
        "sixth" | "sixths" => 1.0 / 6.0,
        "seventh" | "sevenths" => 1.0 / 7.0,
        "eighth" | "eighths" => 0.125,
        "ninth" | "ninths" => 1.0 / 9.0,
        "tenth" | "tenths" => 0.1,
        _ => return None,
    })
}

/// Currency symbols written before a figure.
pub(crate) fn currency_symbol(sym: &str) -> Option<&'static str> {
    Some(match sym {
        "$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "¥" => "CNY",
        "₽" => "RUB",
        "₹" => "INR",
        "₸" => "KZT",
        "₴" => "UAH",
        _ => return None,
    })
}

/// Currency codes and abbreviations written before or after a figure.
pub(crate) fn currency_code(word: &str) -> Option<&'static str> {
    Some(match word {
        "USD" | "US$" => "USD",
        "EUR" => "EUR",
        "RUB" | "RUR" | "rub" | "Rbl" | "rbl" => "RUB",
        "CNY" | "RMB" => "CNY",
        "GBP" => "GBP",
        "JPY" => "JPY",
        "BYN" | "BYR" => "BYN",
        "KZT" => "KZT",
        "UAH" => "UAH",
        "INR" => "INR",
        "TRY" => "TRY",
        "CHF" => "CHF",
        _ => return None,
    })
}

/// Currency names written after a figure ("dollars", "roubles", "yuan").
pub(crate) fn currency_name(word: &str) -> Option<&'static str> {
    Some(match word {
        "dollar" | "dollars" | "bucks" => "USD",
        "euro" | "euros" => "EUR",
        "rouble" | "roubles" | "ruble" | "rubles" => "RUB",
        "yuan" | "renminbi" => "CNY",
        "yen" => "JPY",
        "pound" | "pounds" => "GBP",
        "rupee" | "rupees" => "INR",
        "tenge" => "KZT",
        "hryvnia" | "hryvnias" | "hryvnas" | "hryvnyas" => "UAH",
        "lira" | "liras" | "lire" => "TRY",
        "franc" | "francs" => "CHF",
        "som" | "soms" => "KGS",
        "dirham" | "dirhams" => "AED",
        "riyal" | "riyals" => "SAR",
        "manat" | "manats" => "AZN",
        "dram" | "drams" => "AMD",
        "lari" => "GEL",
        "sum" | "soum" | "soums" => "UZS",
        "somoni" => "TJS",
        _ => return None,
    })
}

/// A currency adjective that changes the currency of the name after it
/// ("Belarusian roubles" → BYN, "US dollars" → USD).
pub(crate) fn currency_adjective(adjective: &str, code: &str) -> Option<&'static str> {
    Some(match (adjective, code) {
        ("Belarusian" | "Belorussian", "RUB") => "BYN",
        ("Russian", "RUB") => "RUB",
        ("US" | "American" | "U.S.", "USD") => "USD",
        ("Canadian", "USD") => "CAD",
        ("Australian", "USD") => "AUD",
        ("Hong", "USD") => "HKD",
        ("Singapore", "USD") => "SGD",
        ("Swiss", "CHF") => "CHF",
        ("Chinese", "CNY") => "CNY",
        ("Japanese", "JPY") => "JPY",
        ("Turkish", "TRY") => "TRY",
        ("Indian", "INR") => "INR",
        ("Kazakh" | "Kazakhstani", "KZT") => "KZT",
        ("Ukrainian", "UAH") => "UAH",
        ("British", "GBP") => "GBP",
        _ => return None,
    })
}

/// Units of measure written after a figure, with their symbol and the
/// factor that folds a magnitude written into the unit ("bcm").
pub(crate) fn unit(word: &str) -> Option<(&'static str, f64)> {
    Some(match word {
        "tonne" | "tonnes" | "ton" | "tons" | "t" => ("t", 1.0),
        "kilogram" | "kilograms" | "kilogramme" | "kilogrammes" | "kg" => ("kg", 1.0),
        "gram" | "grams" | "gramme" | "grammes" | "g" => ("g", 1.0),
        "kilometre" | "kilometres" | "kilometer" | "kilometers" | "km" => ("km", 1.0),
        "metre" | "metres" | "meter" | "meters" => ("m", 1.0),
        "centimetre" | "centimetres" | "centimeter" | "centimeters" | "cm" => ("cm", 1.0),
        "millimetre" | "millimetres" | "millimeter" | "millimeters" | "mm" => ("mm", 1.0),
        "mile" | "miles" => ("mi", 1.0),
        "foot" | "feet" | "ft" => ("ft", 1.0),
        "inch" | "inches" => ("in", 1.0),
        "yard" | "yards" => ("yd", 1.0),
        "gallon" | "gallons" => ("gal", 1.0),
        "ounce" | "ounces" | "oz" => ("oz", 1.0),
        "lb" | "lbs" => ("lb", 1.0),
        "mph" => ("mi/h", 1.0),
        "knot" | "knots" => ("kn", 1.0),
        "KB" | "kilobytes" => ("kB", 1.0),
        "MB" | "megabytes" => ("MB", 1.0),
        "GB" | "gigabytes" => ("GB", 1.0),
        "TB" | "terabytes" => ("TB", 1.0),
        "calorie" | "calories" | "kcal" => ("kcal", 1.0),
        "hectare" | "hectares" | "ha" => ("ha", 1.0),
        "acre" | "acres" => ("acre", 1.0),
        "litre" | "litres" | "liter" | "liters" => ("l", 1.0),
        "barrel" | "barrels" | "bbl" => ("bbl", 1.0),
        "bcm" => ("m3", 1e9),
        "tcm" => ("m3", 1e12),
        "watt" | "watts" | "W" => ("W", 1.0),
        "kilowatt" | "kilowatts" | "kW" => ("kW", 1.0),
        "megawatt" | "megawatts" | "MW" => ("MW", 1.0),
        "gigawatt" | "gigawatts" | "GW" => ("GW", 1.0),
        "kWh" | "kilowatt-hour" | "kilowatt-hours" => ("kWh", 1.0),
        "MWh" | "megawatt-hour" | "megawatt-hours" => ("MWh", 1.0),
        "GWh" | "gigawatt-hour" | "gigawatt-hours" => ("GWh", 1.0),
        "TWh" | "terawatt-hour" | "terawatt-hours" => ("TWh", 1.0),
        "degree" | "degrees" => ("°", 1.0),
        "TEU" | "TEUs" => ("TEU", 1.0),
        // Multiples: "12 times", "one and a half times", "between 10 and 50 times".
        "times" => ("times", 1.0),
        _ => return None,
    })
}

/// Nouns that count a thing: "5,000 people", "200,000 jobs" (unit = the
/// noun, in the plural).
pub(crate) fn counted_noun(word: &str) -> Option<&'static str> {
    Some(match word {
        "people" | "persons" => "people",
        "person" => "people",
        "jobs" | "job" => "jobs",
        "apartments" | "apartment" => "apartments",
        "flats" | "flat" => "apartments",
        "houses" | "homes" => "houses",
        "schools" | "school" => "schools",
        "kindergartens" => "kindergartens",
        "hospitals" | "hospital" => "hospitals",
        "clinics" => "clinics",
        "beds" => "beds",
        "families" | "family" => "families",
        "children" | "child" => "children",
        "students" => "students",
        "teachers" => "teachers",
        "doctors" => "doctors",
        "workers" => "workers",
        "employees" => "employees",
        "specialists" => "specialists",
        "residents" | "inhabitants" => "residents",
        "citizens" => "citizens",
        "tourists" | "visitors" => "visitors",
        "participants" => "participants",
        "patients" => "patients",
        "companies" | "firms" => "companies",
        "enterprises" | "businesses" => "enterprises",
        "projects" => "projects",
        "vehicles" | "cars" => "vehicles",
        "aircraft" | "planes" | "airplanes" => "aircraft",
        "helicopters" => "helicopters",
        "ships" | "vessels" => "ships",
        "tanks" => "tanks",
        "flights" => "flights",
        "villages" | "towns" | "settlements" => "settlements",
        "regions" => "regions",
        "countries" | "states" => "countries",
        "servicemen" | "troops" | "soldiers" => "servicemen",
        "volunteers" => "volunteers",
        "pensioners" => "pensioners",
        "deaths" => "deaths",
        "cases" => "cases",
        "tests" => "tests",
        "documents" | "agreements" => "documents",
        _ => return None,
    })
}

/// Verbs that state a multiple on their own: "trade doubled" is a
/// twofold change, "halved" a change to one half.
pub(crate) fn multiplier_verb(word: &str) -> Option<f64> {
    Some(match word {
        "doubled" | "doubling" => 2.0,
        "tripled" | "trebled" | "tripling" => 3.0,
        "quadrupled" | "quadrupling" => 4.0,
        "halved" | "halving" => 0.5,
        _ => return None,
    })
}

/// Hedges written before a figure, with the bound they put on it. Longest
/// phrases first within each first word; all lower case.
pub(crate) const HEDGES: &[(&str, Bound)] = &[
    ("slightly more than", Bound::Lower),
    ("a little more than", Bound::Lower),
    ("a little over", Bound::Lower),
    ("slightly over", Bound::Lower),
    ("just over", Bound::Lower),
    ("well over", Bound::Lower),
    ("more than", Bound::Lower),
    ("over", Bound::Lower),
    ("at least", Bound::Lower),
    ("no less than", Bound::Lower),
    ("not less than", Bound::Lower),
    ("no fewer than", Bound::Lower),
    ("upwards of", Bound::Lower),
    ("in excess of", Bound::Lower),
    ("as many as", Bound::Lower),
    ("as much as", Bound::Lower),
    ("above", Bound::Lower),
    ("exceeding", Bound::Lower),
    ("exceeded a record", Bound::Lower),
    ("surpassed a record", Bound::Lower),
    ("exceeded", Bound::Lower),
    ("exceeds", Bound::Lower),
    ("surpassed", Bound::Lower),
    ("surpasses", Bound::Lower),
    ("topped", Bound::Lower),
    ("slightly less than", Bound::Upper),
    ("a little less than", Bound::Upper),
    ("a little under", Bound::Upper),
    ("slightly under", Bound::Upper),
    ("just under", Bound::Upper),
    ("less than", Bound::Upper),
    ("fewer than", Bound::Upper),
    ("under", Bound::Upper),
    ("below", Bound::Upper),
    ("up to", Bound::Upper),
    ("no more than", Bound::Upper),
    ("not more than", Bound::Upper),
    ("at most", Bound::Upper),
    ("not exceeding", Bound::Upper),
    ("almost", Bound::Upper),
    ("nearly", Bound::Upper),
    ("approximately", Bound::Approx),
    ("about", Bound::Approx),
    ("around", Bound::Approx),
    ("roughly", Bound::Approx),
    ("some", Bound::Approx),
    ("circa", Bound::Approx),
    ("close to", Bound::Approx),
    ("an estimated", Bound::Approx),
    ("estimated", Bound::Approx),
    ("in the region of", Bound::Approx),
    ("on the order of", Bound::Approx),
    ("in the order of", Bound::Approx),
];

/// Month names and abbreviations, 1-based.
pub(crate) fn month(word: &str) -> Option<u32> {
    Some(match word {
        "January" | "Jan" => 1,
        "February" | "Feb" => 2,
        "March" | "Mar" => 3,
        "April" | "Apr" => 4,
        "May" => 5,
        "June" | "Jun" => 6,
        "July" | "Jul" => 7,
        "August" | "Aug" => 8,
        "September" | "Sep" | "Sept" => 9,
        "October" | "Oct" => 10,
        "November" | "Nov" => 11,
        "December" | "Dec" => 12,
        _ => return None,
    })
}

/// Weekday names, Monday = 1.
pub(crate) fn weekday(word: &str) -> Option<u32> {
    Some(match word {
        "Monday" => 1,
        "Tuesday" => 2,
        "Wednesday" => 3,
        "Thursday" => 4,
        "Friday" => 5,
        "Saturday" => 6,
        "Sunday" => 7,
        _ => return None,
    })
}

/// Subunits of currencies: "cents", "kopecks", "pence" (value in the main
/// unit is the figure times the factor).
pub(crate) fn currency_subunit(word: &str) -> Option<(&'static str, f64)> {
    Some(match word {
        "cent" | "cents" => ("USD", 0.01),
        "kopeck" | "kopecks" | "kopek" | "kopeks" | "kopeyka" | "kopeykas" => ("RUB", 0.01),
        "penny" | "pence" => ("GBP", 0.01),
        _ => return None,
    })
}

/// A word without its possessive ending: "year’s" → "year".
pub(crate) fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// Units of time for durations: the ISO 8601 designator and how many of it
/// one unit makes (a decade is ten years).
pub(crate) fn time_unit(word: &str) -> Option<(char, f64, bool)> {
    // (designator, factor, is_time_part); "a year’s notice" is a year.
    Some(match strip_possessive(word) {
        "year" | "years" => ('Y', 1.0, false),
        "decade" | "decades" => ('Y', 10.0, false),
        "century" | "centuries" => ('Y', 100.0, false),
        "month" | "months" => ('M', 1.0, false),
        "week" | "weeks" => ('W', 1.0, false),
        "day" | "days" => ('D', 1.0, false),
        "hour" | "hours" => ('H', 1.0, true),
        "minute" | "minutes" => ('M', 1.0, true),
        "second" | "seconds" => ('S', 1.0, true),
        _ => return None,
    })
}

/// Words that say "so many times" on their own: "threefold", "tenfold".
pub(crate) fn fold_word(word: &str) -> Option<f64> {
    let head = word.strip_suffix("fold")?;
    let head = head.strip_suffix('-').unwrap_or(head);
    if head == "hundred" {
        return Some(100.0);
    }
    small_number(head).filter(|n| *n >= 2.0)
}

/// Words that cannot be, or open, the noun a number counts: articles,
/// pronouns, prepositions, conjunctions, auxiliaries and adverbs ("two of
/// them", "14 of which", "2.87 next year", "80 wounded in").
pub(crate) fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "this"
            | "that"
            | "these"
            | "those"
            | "its"
            | "their"
            | "our"
            | "my"
            | "his"
            | "her"
            | "your"
            | "all"
            | "each"
            | "every"
            | "some"
            | "any"
            | "no"
            | "not"
            | "other"
            | "another"
            | "such"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "from"
            | "by"
            | "for"
            | "with"
            | "without"
            | "about"
            | "over"
            | "under"
            | "between"
            | "among"
            | "into"
            | "onto"
            | "out"
            | "up"
            | "down"
            | "per"
            | "than"
            | "as"
            | "since"
            | "after"
            | "before"
            | "during"
            | "through"
            | "until"
            | "till"
            | "within"
            | "across"
            | "against"
            | "towards"
            | "toward"
            | "around"
            | "behind"
            | "beyond"
            | "near"
            | "versus"
            | "via"
            | "and"
            | "or"
            | "but"
            | "nor"
            | "so"
            | "yet"
            | "if"
            | "while"
            | "when"
            | "where"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "what"
            | "because"
            | "though"
            | "although"
            | "whether"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "am"
            | "have"
            | "has"
            | "had"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "it"
            | "they"
            | "them"
            | "we"
            | "us"
            | "you"
            | "he"
            | "she"
            | "i"
            | "me"
            | "him"
            | "more"
            | "less"
            | "fewer"
            | "most"
            | "least"
            | "now"
            | "then"
            | "already"
            | "still"
            | "only"
            | "just"
            | "also"
            | "even"
            | "too"
            | "very"
            | "much"
            | "many"
            | "again"
            | "ago"
            | "here"
            | "there"
            | "today"
            | "yesterday"
            | "tomorrow"
            | "ever"
            | "never"
            | "almost"
            | "nearly"
            | "roughly"
            | "approximately"
            | "respectively"
            | "instead"
            | "plus"
            | "minus"
            | "times"
            | "percent"
            | "cent"
            | "next"
            | "last"
            | "yes"
            | "thus"
            | "always"
            | "perhaps"
            | "whereas"
            | "altogether"
            | "overall"
    )
}

/// Whether a noun looks plural: "leaders", "economies", "people",
/// "children" (not "is", "was", "across", "status").
pub(crate) fn looks_plural(word: &str) -> bool {
    if matches!(
        word,
        "people"
            | "children"
            | "men"
            | "women"
            | "police"
            | "staff"
            | "personnel"
            | "cattle"
            | "aircraft"
            | "sheep"
            | "fish"
            | "data"
            | "media"
            | "criteria"
            | "phenomena"
            | "feet"
            | "teeth"
            | "mice"
            | "geese"
            | "youth"
            | "clergy"
            | "livestock"
    ) {
        return true;
    }
    word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && !word.ends_with("ous")
        && !word.contains('’')
        && !word.contains('\'')
}

/// Street words that end an address ("4 Zubovsky Boulevard").
pub(crate) fn is_street_word(word: &str) -> bool {
    matches!(
        word,
        "street"
            | "boulevard"
            | "avenue"
            | "prospekt"
            | "prospect"
            | "lane"
            | "road"
            | "square"
            | "embankment"
            | "highway"
            | "alley"
            | "pereulok"
            | "ulitsa"
            | "naberezhnaya"
            | "drive"
            | "place"
            | "quay"
    )
}
