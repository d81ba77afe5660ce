//! Figures shown otherwise than their column shows them: with a qualifier
//! ("just over 4,900"), in compact form ("3.3 million"), as a fraction in
//! words ("one-third"), or with a type, unit or precision of their own
//! where a table's rows mix units. The figure itself is always kept in
//! full: only how it is written changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::format::{Cell, Style, format, format_number, round};
use super::schema::ColType;
use crate::model::i18n::Messages;

/// The English words authors type (qualifiers, scale words) and the
/// fractions a figure can be written as. Pages show each in their own
/// language through the message catalogue: `approx.just_over`,
/// `approx.million`, `fraction.1_3` (src/model/i18n/en.yaml).
pub mod words {
    use super::Direction;

    /// (words, direction, "just": within one unit of the last digit shown).
    pub const QUALIFIERS: [(&str, Direction, bool); 11] = [
        ("just over", Direction::Above, true),
        ("just under", Direction::Below, true),
        ("more than", Direction::Above, false),
        ("less than", Direction::Below, false),
        ("fewer than", Direction::Below, false),
        ("over", Direction::Above, false),
        ("under", Direction::Below, false),
        ("almost", Direction::Below, true),
        ("nearly", Direction::Below, true),
        ("about", Direction::Near, false),
        ("around", Direction::Near, false),
    ];
    /// Said of a ratio that is only near a common fraction.
    pub const ABOUT: &str = "approx.about";
    /// GOV.UK style: "million" and "billion" in full, for money too.
    pub const SCALES: [(&str, f64); 2] = [("billion", 1e9), ("million", 1e6)];
    /// Common fractions, GOV.UK style ("spell out common fractions").
    pub const FRACTIONS: [(u32, u32, &str); 12] = [
        (1, 2, "one-half"),
        (1, 3, "one-third"),
        (2, 3, "two-thirds"),
        (1, 4, "one-quarter"),
        (3, 4, "three-quarters"),
        (1, 5, "one-fifth"),
        (2, 5, "two-fifths"),
        (3, 5, "three-fifths"),
        (4, 5, "four-fifths"),
        (1, 10, "one-tenth"),
        (3, 10, "three-tenths"),
        (1, 1, "all"),
    ];
}

/// Which side of the figure shown the true figure lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Above,
    Below,
    Near,
}

/// A qualifier on a figure: "over", "just under", "about".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Qualifier {
    pub words: &'static str,
    pub direction: Direction,
    /// Within one unit of the last digit shown: "just over", "almost".
    pub just: bool,
}

impl Qualifier {
    /// The catalogue key of the words shown: `approx.just_over`.
    pub fn key(self) -> String {
        format!("approx.{}", self.words.replace(' ', "_"))
    }

    /// The figure `body` with this qualifier, in the language of `w`:
    /// "just over 4,900", "ychydig dros 4,900".
    pub fn apply(self, body: &str, w: &Messages) -> String {
        w.fill(&self.key(), &[("n", body)])
    }

    /// The qualifier these words name (case and spacing do not matter).
    pub fn parse(s: &str) -> Option<Qualifier> {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        words::QUALIFIERS
            .iter()
            .find(|(w, _, _)| w.eq_ignore_ascii_case(&s))
            .map(|&(words, direction, just)| Qualifier {
                words,
                direction,
                just,
            })
    }

    /// The qualifier at the start of `s`, and the rest of `s`.
    pub fn strip(s: &str) -> Option<(Qualifier, &str)> {
        let t = s.trim_start();
        words::QUALIFIERS
            .iter()
            .find_map(|&(words, direction, just)| {
                let head = t.get(..words.len())?;
                let rest = &t[words.len()..];
                (head.eq_ignore_ascii_case(words) && rest.starts_with(char::is_whitespace)).then(
                    || {
                        let q = Qualifier {
                            words,
                            direction,
                            just,
                        };
                        (q, rest.trim_start())
                    },
                )
            })
    }

    /// The list of qualifiers, for messages.
    pub fn known() -> String {
        words::QUALIFIERS
            .iter()
            .map(|(w, _, _)| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether the true figure `v` is fairly described as this qualifier
    /// and `shown`, where `unit` is the place of the last digit shown
    /// (100 for "4,900"): "just over 4,900" is more than 4,900 and less
    /// than 5,000; "about 4,900" rounds to it.
    pub fn holds(self, shown: f64, unit: f64, v: f64) -> bool {
        let eps = unit * 1e-9;
        match (self.direction, self.just) {
            (Direction::Above, false) => v > shown + eps,
            (Direction::Above, true) => v > shown + eps && v < shown + unit - eps,
            (Direction::Below, false) => v < shown - eps,
            (Direction::Below, true) => v < shown - eps && v > shown - unit + eps,
            (Direction::Near, _) => (v - shown).abs() <= unit / 2.0 + eps,
        }
    }

    /// `v` rounded to `unit` on the side this qualifier says: down for
    /// "over", up for "almost", to the nearest for "about".
    pub fn round_to(self, v: f64, unit: f64) -> f64 {
        let x = v / unit;
        let r = match self.direction {
            Direction::Above => (x + 1e-9).floor(),
            Direction::Below => (x - 1e-9).ceil(),
            Direction::Near => x.round(),
        };
        r * unit
    }
}

/// The place value of the last non-zero digit of `x` as written with
/// `decimals` places: 4,900 → 100; 24,000 → 1,000; 0.5 → 0.1; 0 → 1.
pub fn unit_of(x: f64, decimals: u32) -> f64 {
    let mut unit = 10f64.powi(-(decimals as i32));
    let mut n = (x.abs() / unit).round();
    if n == 0.0 {
        return 1.0;
    }
    while n >= 10.0 && n % 10.0 == 0.0 {
        n /= 10.0;
        unit *= 10.0;
    }
    unit
}

/// The unit that keeps `significant` figures of `v`: 4,913 to two → 100.
pub fn unit_for_significant(v: f64, significant: u32) -> f64 {
    if v == 0.0 {
        return 1.0;
    }
    let digits = v.abs().log10().floor() as i32 + 1;
    10f64.powi(digits - significant.max(1) as i32).max(1e-6)
}

/// How the sign of a stated figure is written (`as:` on a stated column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sense {
    /// A fall written as a positive number: "a reduction of 20" is −20.
    Reduction,
    /// A rise written as a positive number (the usual way; for clarity).
    Increase,
}

/// A way of writing a whole column's (or row's) figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Display {
    /// "3.3 million", "£1.2 billion"; figures under a million in full.
    Compact,
    /// "one-third", for a ratio near a common fraction.
    Fraction,
}

/// How one cell is written, where it differs from its column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellFormat {
    pub qualifier: Option<Qualifier>,
    /// Typed in compact form ("3.3 million").
    pub compact: bool,
    /// Decimals as typed, where the column shows each figure so.
    pub decimals: Option<u32>,
}

/// A row whose figures have a type, unit or precision of their own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowFormat {
    pub ty: Option<ColType>,
    pub unit: Option<String>,
    pub decimals: Option<u32>,
    pub display: Option<Display>,
    pub qualifier: Option<Qualifier>,
}

/// What a column says about its own figures beyond its style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnFormat {
    pub display: Option<Display>,
    pub sense: Option<Sense>,
}

/// Every format that differs from a column's own, kept apart from the
/// cells so the figures stay plain numbers. Rows are found by their line
/// in the CSV, which stays theirs when other rows are set aside.
#[derive(Debug, Clone, Default)]
pub struct Formats {
    /// By (CSV line, column name).
    pub cells: BTreeMap<(usize, String), CellFormat>,
    /// By CSV line.
    pub rows: BTreeMap<usize, RowFormat>,
    /// By column name.
    pub columns: BTreeMap<String, ColumnFormat>,
}

impl Formats {
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.rows.is_empty() && self.columns.is_empty()
    }
}

/// A cell typed as a figure with words around it: "over 24,000", "3.3
/// million", "£1.2 billion". The number is read by `parse`.
pub fn parse_figure(
    s: &str,
    parse: impl Fn(&str) -> Option<(f64, u32)>,
) -> Option<(f64, u32, CellFormat)> {
    let (qualifier, rest) = match Qualifier::strip(s) {
        Some((q, rest)) => (Some(q), rest),
        None => (None, s.trim()),
    };
    let (body, scale) = match words::SCALES.iter().find_map(|&(w, f)| {
        let lower = rest.to_ascii_lowercase();
        let head = lower.strip_suffix(w)?;
        head.ends_with(char::is_whitespace)
            .then(|| (rest[..head.len()].trim_end(), f))
    }) {
        Some((b, f)) => (b, Some(f)),
        None => (rest, None),
    };
    if qualifier.is_none() && scale.is_none() {
        return None;
    }
    let (n, decimals) = parse(body)?;
    let n = match scale {
        // Scaled by its decimal digits, so 3.3 million is 3,300,000 exactly.
        Some(f) => round(n * f, 0),
        None => n,
    };
    Some((
        n,
        decimals,
        CellFormat {
            qualifier,
            compact: scale.is_some(),
            decimals: scale.map(|_| decimals),
        },
    ))
}

/// `n` in compact form: "3.3 million", "£1.2 billion", "−4 million"
/// ("3.3 miliwn" in Welsh, the scale word from `w`). Under a million it is
/// written in full, as GOV.UK asks ("not £0.5 million"). `decimals`
/// places, or up to one, without a trailing ".0".
pub fn compact(n: f64, style: Style, decimals: Option<u32>, w: &Messages) -> String {
    let Some(&(word, f)) = words::SCALES.iter().find(|(_, f)| n.abs() >= *f) else {
        return format_number(n, style);
    };
    let x = n / f;
    let d = decimals.unwrap_or(if round(x, 1).fract() == 0.0 { 0 } else { 1 });
    let body = format_number(
        x,
        Style {
            ty: ColType::Decimal,
            decimals: d,
            ..style
        },
    );
    let (sign, digits) = match body.chars().next() {
        Some(c @ ('+' | super::format::MINUS)) => (c.to_string(), &body[c.len_utf8()..]),
        _ => (String::new(), body.as_str()),
    };
    let figure = match style.ty {
        ColType::Currency => format!("{sign}£{digits}"),
        _ => format!("{sign}{digits}"),
    };
    w.fill(&format!("approx.{word}"), &[("n", &figure)])
}

/// `x` as a common fraction in words, with "about" when it is only near
/// one (within half a percentage point): "one-third", "about two-thirds",
/// in the language of `w`.
pub fn fraction_words(x: f64, w: &Messages) -> Option<String> {
    let (n, d, _) = words::FRACTIONS.iter().copied().min_by(|a, b| {
        let da = (x - f64::from(a.0) / f64::from(a.1)).abs();
        let db = (x - f64::from(b.0) / f64::from(b.1)).abs();
        da.total_cmp(&db)
    })?;
    let off = (x - f64::from(n) / f64::from(d)).abs();
    let words = w.get(&format!("fraction.{n}_{d}")).to_string();
    if off < 1e-9 {
        Some(words)
    } else if off <= 0.005 {
        Some(w.fill(words::ABOUT, &[("n", &words)]))
    } else {
        None
    }
}

/// A figure written with what its row and cell say about it.
pub fn show(
    cell: &Cell,
    style: Style,
    display: Option<Display>,
    cf: Option<&CellFormat>,
    w: &Messages,
) -> String {
    let Cell::Number(n) = cell else {
        return format(cell, style);
    };
    let cf = cf.cloned().unwrap_or_default();
    let style = Style {
        decimals: cf
            .decimals
            .filter(|_| !cf.compact)
            .unwrap_or(style.decimals),
        ..style
    };
    let body = match display {
        _ if cf.compact => compact(*n, style, cf.decimals, w),
        Some(Display::Compact) => compact(*n, style, None, w),
        Some(Display::Fraction) => {
            fraction_words(*n, w).unwrap_or_else(|| format_number(*n, style))
        }
        None => format_number(*n, style),
    };
    match cf.qualifier {
        Some(q) => q.apply(&body, w),
        None => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Messages {
        Messages::builtin("en-GB")
    }

    fn st(ty: ColType, decimals: u32) -> Style {
        Style {
            ty,
            decimals,
            signed: false,
        }
    }

    #[test]
    fn qualifiers_read_and_hold() {
        let (q, rest) = Qualifier::strip("Just over 4,900").unwrap();
        assert_eq!((q.words, rest), ("just over", "4,900"));
        assert!(Qualifier::strip("overall 5").is_none());
        assert!(Qualifier::parse("roughly").is_none());
        let unit = unit_of(4900.0, 0);
        assert_eq!(unit, 100.0);
        assert!(q.holds(4900.0, unit, 4913.0));
        assert!(!q.holds(4900.0, unit, 4900.0));
        assert!(!q.holds(4900.0, unit, 5010.0));
        let about = Qualifier::parse("about").unwrap();
        assert!(about.holds(3.3e6, unit_of(3.3e6, 0), 3_340_000.0));
        assert!(!about.holds(3.3e6, unit_of(3.3e6, 0), 3_360_000.0));
        let almost = Qualifier::parse("almost").unwrap();
        assert!(almost.holds(25_000.0, 1000.0, 24_913.0));
        assert_eq!(q.round_to(4913.0, 100.0), 4900.0);
        assert_eq!(almost.round_to(24_913.0, 1000.0), 25_000.0);
        assert_eq!(unit_for_significant(4913.0, 2), 100.0);
        assert_eq!(unit_for_significant(24_317.0, 2), 1000.0);
    }

    #[test]
    fn prose_reads_the_same_qualifiers() {
        let ours: Vec<&str> = words::QUALIFIERS.iter().map(|q| q.0).collect();
        assert_eq!(ours, crate::util::figures::WORDS_OF_APPROXIMATION);
    }

    #[test]
    fn compact_figures_follow_gov_uk_style() {
        let int = st(ColType::Integer, 0);
        assert_eq!(compact(3_300_000.0, int, None, &en()), "3.3 million");
        assert_eq!(compact(3_000_000.0, int, None, &en()), "3 million");
        assert_eq!(
            compact(1.2e9, st(ColType::Currency, 2), None, &en()),
            "£1.2 billion"
        );
        assert_eq!(compact(-4_000_000.0, int, None, &en()), "−4 million");
        assert_eq!(compact(500_000.0, int, None, &en()), "500,000");
        assert_eq!(compact(1_250_000.0, int, Some(2), &en()), "1.25 million");
    }

    #[test]
    fn figures_with_words_read_in_full() {
        let p = |s: &str| super::super::format::parse_number(s, ColType::Integer);
        let (n, _, f) = parse_figure("3.3 million", |s| {
            super::super::format::parse_number(s, ColType::Decimal)
        })
        .unwrap();
        assert_eq!((n, f.compact, f.decimals), (3_300_000.0, true, Some(1)));
        let (n, _, f) = parse_figure("over 24,000", p).unwrap();
        assert_eq!((n, f.qualifier.map(|q| q.words)), (24_000.0, Some("over")));
        assert!(parse_figure("24,000", p).is_none());
        assert!(parse_figure("roughly 24,000", p).is_none());
    }

    #[test]
    fn fractions_in_words() {
        assert_eq!(
            fraction_words(1.0 / 3.0, &en()).as_deref(),
            Some("one-third")
        );
        assert_eq!(
            fraction_words(0.748, &en()).as_deref(),
            Some("about three-quarters")
        );
        assert_eq!(fraction_words(0.37, &en()), None);
    }

    #[test]
    fn cells_shown_with_their_formats() {
        let cf = CellFormat {
            qualifier: Qualifier::parse("just over"),
            ..CellFormat::default()
        };
        let s = show(
            &Cell::Number(4900.0),
            st(ColType::Integer, 0),
            None,
            Some(&cf),
            &en(),
        );
        assert_eq!(s, "just over 4,900");
        let s = show(
            &Cell::Number(3_300_000.0),
            st(ColType::Integer, 0),
            Some(Display::Compact),
            None,
            &en(),
        );
        assert_eq!(s, "3.3 million");
        let cy = Messages::builtin("cy");
        let s = show(
            &Cell::Number(4900.0),
            st(ColType::Integer, 0),
            None,
            Some(&cf),
            &cy,
        );
        assert_eq!(s, "ychydig dros 4,900");
        assert_eq!(
            compact(3_300_000.0, st(ColType::Integer, 0), None, &cy),
            "3.3 miliwn"
        );
        assert_eq!(
            fraction_words(0.748, &cy).as_deref(),
            Some("tua tri chwarter")
        );
    }

    /// Every qualifier, scale word and fraction has its message.
    #[test]
    fn every_word_is_in_the_catalogue() {
        let en = en();
        for (w, _, _) in words::QUALIFIERS {
            let q = Qualifier::parse(w).expect("a qualifier");
            assert_eq!(q.apply("5", &en), format!("{w} 5"));
        }
        for (w, _) in words::SCALES {
            assert!(en.has(&format!("approx.{w}")), "{w}");
        }
        for (n, d, w) in words::FRACTIONS {
            assert_eq!(en.get(&format!("fraction.{n}_{d}")), w);
        }
    }
}
