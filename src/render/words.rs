//! Figures in words, as GOV.UK style and committee reports write them:
//! "three districts", "the 8th highest"; in Welsh, "tri deg pedwar", in
//! the decimal counting Welsh Government publications use.

use crate::model::i18n::{Messages, primary};

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A whole number from 0 to 99 in words, in the language of `w`; `None`
/// for anything else, which reads better in figures, and in a language
/// whose number words Plainsight does not know.
pub fn number_words(n: f64, w: &Messages) -> Option<String> {
    if n.fract() != 0.0 || !(0.0..100.0).contains(&n) {
        return None;
    }
    let n = n as usize;
    match primary(&w.tag).as_str() {
        "en" => Some(english(n)),
        "cy" => Some(welsh(n)),
        _ => None,
    }
}

/// Welsh units standing alone or closing a number: "pump", "chwech".
const CY_ONES: [&str; 10] = [
    "sero", "un", "dau", "tri", "pedwar", "pump", "chwech", "saith", "wyth", "naw",
];
/// Welsh tens in the decimal system: "pum deg", "chwe deg" take the short
/// forms before "deg", and "dau" softens it to "ddeg".
const CY_TENS: [&str; 10] = [
    "",
    "deg",
    "dau ddeg",
    "tri deg",
    "pedwar deg",
    "pum deg",
    "chwe deg",
    "saith deg",
    "wyth deg",
    "naw deg",
];

/// 0 to 99 in Welsh, decimally: 11 "un deg un", 23 "dau ddeg tri". A
/// number before a noun may mutate it or take a shorter form; a figure in
/// words stands alone, so the plain forms are used.
fn welsh(n: usize) -> String {
    match (n / 10, n % 10) {
        (0, u) => CY_ONES[u].to_string(),
        (t, 0) => CY_TENS[t].to_string(),
        // Ten alone is "deg"; with units it is counted as one ten.
        (1, u) => format!("un deg {}", CY_ONES[u]),
        (t, u) => format!("{} {}", CY_TENS[t], CY_ONES[u]),
    }
}

/// 0 to 99 in English: "forty-two".
fn english(n: usize) -> String {
    if n < 20 {
        ONES[n].to_string()
    } else if n.is_multiple_of(10) {
        TENS[n / 10].to_string()
    } else {
        format!("{}-{}", TENS[n / 10], ONES[n % 10])
    }
}

/// `1st`, `2nd`, `3rd`, `11th`, `22nd`; `None` unless a whole number.
pub fn ordinal(n: f64) -> Option<String> {
    if n.fract() != 0.0 || !(0.0..=1e15).contains(&n) {
        return None;
    }
    Some(crate::model::i18n::english_ordinal(n as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_numbers_in_words_are_decimal() {
        let cy = Messages::builtin("cy");
        let got: Vec<String> = [
            0.0, 5.0, 6.0, 10.0, 11.0, 16.0, 20.0, 23.0, 50.0, 65.0, 99.0,
        ]
        .iter()
        .filter_map(|&n| number_words(n, &cy))
        .collect();
        assert_eq!(
            got,
            [
                "sero",
                "pump",
                "chwech",
                "deg",
                "un deg un",
                "un deg chwech",
                "dau ddeg",
                "dau ddeg tri",
                "pum deg",
                "chwe deg pump",
                "naw deg naw"
            ]
        );
        assert_eq!(number_words(100.0, &cy), None);
        assert_eq!(number_words(3.0, &Messages::builtin("fr")), None);
    }

    #[test]
    fn words_and_ordinals() {
        let en = Messages::builtin("en-GB");
        assert_eq!(number_words(3.0, &en).as_deref(), Some("three"));
        assert_eq!(number_words(42.0, &en).as_deref(), Some("forty-two"));
        assert_eq!(number_words(90.0, &en).as_deref(), Some("ninety"));
        assert_eq!(number_words(100.0, &en), None);
        assert_eq!(number_words(2.5, &en), None);
        let o: Vec<String> = [1.0, 2.0, 3.0, 4.0, 11.0, 12.0, 13.0, 21.0, 22.0, 113.0]
            .iter()
            .filter_map(|&n| ordinal(n))
            .collect();
        assert_eq!(
            o,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "113th"
            ]
        );
    }
}
