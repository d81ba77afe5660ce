//! Figures in words, as GOV.UK style and committee reports write them:
//! "three districts", "the 8th highest".

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

/// A whole number from 0 to 99 in words; `None` for anything else, which
/// reads better in figures.
pub fn number_words(n: f64) -> Option<String> {
    if n.fract() != 0.0 || !(0.0..100.0).contains(&n) {
        return None;
    }
    let n = n as usize;
    Some(if n < 20 {
        ONES[n].to_string()
    } else if n.is_multiple_of(10) {
        TENS[n / 10].to_string()
    } else {
        format!("{}-{}", TENS[n / 10], ONES[n % 10])
    })
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
    fn words_and_ordinals() {
        assert_eq!(number_words(3.0).as_deref(), Some("three"));
        assert_eq!(number_words(42.0).as_deref(), Some("forty-two"));
        assert_eq!(number_words(90.0).as_deref(), Some("ninety"));
        assert_eq!(number_words(100.0), None);
        assert_eq!(number_words(2.5), None);
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
