//! Person names: normalising the way labels write them and deriving the
//! stable person id.

/// Normalises one name token as labels write it: `PUTIN` -> `Putin`,
/// `PeskoV` -> `Peskov`, `OLLI-PEKKA` -> `Olli-Pekka`; leaves `McDonald`,
/// `Van`, `der`, initials and roman numerals alone.
pub fn normalise_name_token(token: &str) -> String {
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 1 || is_roman(token) {
        return token.to_string();
    }
    let all_upper = token
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let ends_upper = token.chars().last().is_some_and(char::is_uppercase)
        && token.chars().any(char::is_lowercase);
    if !(all_upper || ends_upper) {
        return token.to_string();
    }
    let mut out = String::with_capacity(token.len());
    let mut word_start = true;
    for c in token.chars() {
        if c.is_alphabetic() {
            if word_start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            word_start = false;
        } else {
            out.push(c);
            word_start = matches!(c, '-' | '\'' | '’');
        }
    }
    out
}

fn is_roman(token: &str) -> bool {
    token.len() <= 5 && token.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// The stable person id of a normalised name: ASCII-folded, lower-cased,
/// words joined by `-` (`Vladimir Putin` -> `vladimir-putin`,
/// `Aleksandar Vučić` -> `aleksandar-vucic`). The same name gives the same id
/// in every document.
pub fn person_id(name: &str) -> String {
    let mut id = String::with_capacity(name.len());
    // One spelling per common transliteration variant of a given name, so
    // "Sergey Donskoy" and "Sergei Donskoy" share an id.
    let (first, rest) = name.split_once(' ').unwrap_or((name, ""));
    let canonical = canonical_given_name(first);
    let mut pending_dash = false;
    let mut push = |f: char, id: &mut String| {
        if f.is_ascii_alphanumeric() {
            if pending_dash && !id.is_empty() {
                id.push('-');
            }
            pending_dash = false;
            id.push(f.to_ascii_lowercase());
        } else if f != '\'' && f != '’' {
            pending_dash = true;
        }
    };
    for c in canonical.chars().chain(" ".chars()).chain(rest.chars()) {
        match fold_char(c) {
            Some(folded) => folded.chars().for_each(|f| push(f, &mut id)),
            None => push(c, &mut id),
        }
    }
    id
}

/// The house spelling of a given name's common transliteration variants
/// (the spelling kremlin.ru uses most).
fn canonical_given_name(name: &str) -> &str {
    match name {
        "Sergey" => "Sergei",
        "Nikolay" => "Nikolai",
        "Alexey" | "Aleksei" | "Aleksey" => "Alexei",
        "Andrey" => "Andrei",
        "Dmitri" | "Dmitriy" => "Dmitry",
        "Yuri" | "Yuriy" => "Yury",
        "Evgeny" | "Evgeniy" | "Yevgeniy" => "Yevgeny",
        "Natalia" => "Natalya",
        "Tatiana" => "Tatyana",
        "Petr" => "Pyotr",
        "Valeriy" | "Valeri" => "Valery",
        "Vitaliy" => "Vitaly",
        "Gennadiy" | "Gennadi" => "Gennady",
        "Anatoliy" | "Anatoli" => "Anatoly",
        "Arkadiy" => "Arkady",
        "Grigoriy" => "Grigory",
        "Georgiy" => "Georgy",
        "Vasiliy" => "Vasily",
        "Yevgenia" | "Evgenia" | "Evgeniya" => "Yevgenia",
        "Elena" => "Yelena",
        "Ekaterina" => "Yekaterina",
        "Alexandr" | "Aleksandr" => "Alexander",
        "Maksim" => "Maxim",
        other => other,
    }
}

/// Folds a Latin letter with diacritics to its ASCII base; `None` for
/// characters that need no folding (they are kept, dropped or turned into
/// separators by the caller).
fn fold_char(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    let base = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => "c",
        'Ď' | 'ď' | 'Đ' | 'đ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => "e",
        'Ğ' | 'ğ' => "g",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ī' | 'ī' | 'İ' | 'ı' => "i",
        'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ő' | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' | 'ß' => "s",
        'Ť' | 'ť' | 'Ţ' | 'ţ' => "t",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ů' | 'ů' | 'Ű' | 'ű' | 'Ū' | 'ū' => "u",
        'Ý' | 'ý' | 'ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        _ => return None,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_normalise_case() {
        assert_eq!(normalise_name_token("PUTIN"), "Putin");
        assert_eq!(normalise_name_token("PeskoV"), "Peskov");
        assert_eq!(normalise_name_token("OLLI-PEKKA"), "Olli-Pekka");
        assert_eq!(normalise_name_token("McDonald"), "McDonald");
        assert_eq!(normalise_name_token("II"), "II");
        assert_eq!(normalise_name_token("V."), "V.");
        assert_eq!(normalise_name_token("der"), "der");
    }

    #[test]
    fn ids_are_stable_slugs() {
        assert_eq!(person_id("Vladimir Putin"), "vladimir-putin");
        assert_eq!(person_id("Aleksandar Vučić"), "aleksandar-vucic");
        assert_eq!(person_id("Viktor Orbán"), person_id("Viktor Orban"));
        assert_eq!(person_id("V. Putin"), "v-putin");
        assert_eq!(
            person_id("Alexander Van der Bellen"),
            "alexander-van-der-bellen"
        );
        assert_eq!(person_id("Shinzo O’Neill"), "shinzo-oneill");
        assert_eq!(person_id("Sergey Donskoy"), person_id("Sergei Donskoy"));
        assert_eq!(person_id("Petr Fradkov"), "pyotr-fradkov");
    }
}
