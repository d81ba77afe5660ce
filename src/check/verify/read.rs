//! Reading a figure as published, as people type them into tables: `- 27`,
//! `(27)`, `up 25%`, `25% increase`, `a reduction of 20`. A text is read
//! only where one reading is possible; anything else is unreadable, never
//! a guess.

use crate::model::dataset::format::{MINUS, parse_number};
use crate::model::dataset::schema::ColType;

/// A published figure, read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Reading {
    pub value: f64,
    /// Decimals written: the precision the figure was published to.
    pub decimals: u32,
    /// Written with `%` (or "per cent").
    pub percent: bool,
    /// Written with a `+` or a word for a rise.
    pub plus: bool,
}

/// Why a published text is not read as a figure, in the author's terms.
pub(crate) type Unreadable = String;

/// Words that say which way a figure went.
const UP: &[&str] = &[
    "up",
    "increase",
    "increased",
    "increases",
    "rise",
    "rises",
    "rose",
    "higher",
    "more",
    "growth",
];
const DOWN: &[&str] = &[
    "down",
    "decrease",
    "decreased",
    "decreases",
    "reduction",
    "reduced",
    "fall",
    "falls",
    "fell",
    "drop",
    "dropped",
    "lower",
    "fewer",
    "less",
    "decline",
    "declined",
];
/// Words that change nothing about the figure.
const FILLER: &[&str] = &["a", "an", "of", "by", "the"];
/// Words that make a figure approximate: reading it as exact would be a guess.
const APPROXIMATE: &[&str] = &[
    "about",
    "around",
    "approx",
    "approx.",
    "approximately",
    "c.",
    "circa",
    "roughly",
    "nearly",
    "almost",
    "over",
    "under",
];

/// Reads the published text `raw` of a figure checked against a column of
/// type `ty`. `Ok(None)` is a blank: nothing was published.
pub(crate) fn read(raw: &str, ty: ColType) -> Result<Option<Reading>, Unreadable> {
    let t = raw.trim().replace(['\u{2013}', MINUS], "-");
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(r) = plain(&t, ty) {
        return Ok(Some(r));
    }
    // `- 27`: a sign set apart from its figure.
    if let Some(rest) = t.strip_prefix(['-', '+'])
        && rest.starts_with(char::is_whitespace)
        && let Some(mut r) = plain(rest.trim_start(), ty)
        && !rest.trim_start().starts_with(['-', '+', '('])
    {
        if t.starts_with('-') {
            r.value = -r.value;
        } else {
            r.plus = true;
        }
        return Ok(Some(r));
    }
    worded(&t, ty).map(Some)
}

/// A figure with nothing around it but its sign, brackets, `%` or `£`.
fn plain(t: &str, ty: ColType) -> Option<Reading> {
    let percent = t.trim_end().ends_with('%');
    let as_ty = if percent || ty == ColType::Integer || ty == ColType::Text {
        // An integer column's published figure may carry decimals (a
        // difference typed `-35.0`) and a text one may hold any figure.
        ColType::Percent
    } else {
        ty
    };
    let (value, decimals) = parse_number(t, as_ty)?;
    Some(Reading {
        value,
        decimals,
        percent,
        plus: t.trim_start().starts_with('+'),
    })
}

/// A figure among words: one figure, at most one way it went, and only
/// words that say which way.
fn worded(t: &str, ty: ColType) -> Result<Reading, Unreadable> {
    let lower = t
        .to_lowercase()
        .replace("per cent", "%")
        .replace("percent", "%");
    let mut figure: Option<Reading> = None;
    let mut direction: Option<bool> = None;
    for word in lower.split_whitespace() {
        let w = word.trim_end_matches([',', '.', ';', ':']);
        if w.is_empty() || FILLER.contains(&w) {
            continue;
        }
        if w == "%" {
            match figure.as_mut() {
                Some(f) if !f.percent => f.percent = true,
                _ => return Err(unreadable(t, "it has a `%` that belongs to no figure")),
            }
            continue;
        }
        if APPROXIMATE.contains(&w) {
            return Err(unreadable(
                t,
                &format!("`{w}` makes it approximate, so it cannot be checked exactly"),
            ));
        }
        let up = UP.contains(&w);
        if up || DOWN.contains(&w) {
            if direction.is_some_and(|d| d != up) {
                return Err(unreadable(t, "it says both up and down"));
            }
            direction = Some(up);
            continue;
        }
        match plain(w, ty) {
            Some(_) if figure.is_some() => {
                return Err(unreadable(t, "it has more than one figure"));
            }
            Some(r) => figure = Some(r),
            None => {
                return Err(unreadable(
                    t,
                    &format!("Plainsight does not read `{w}` as part of a figure"),
                ));
            }
        }
    }
    let Some(mut r) = figure else {
        return Err(unreadable(t, "it has no figure"));
    };
    match direction {
        // A sign and a word may say the same thing twice ("up +25%"), but
        // "down -3" could mean a fall of 3 or a fall of minus 3.
        Some(_) if r.value < 0.0 => {
            return Err(unreadable(
                t,
                "it has a minus sign and a word for which way the figure went",
            ));
        }
        Some(true) => r.plus = true,
        Some(false) => {
            if r.plus {
                return Err(unreadable(t, "it has a plus sign and a word for a fall"));
            }
            r.value = -r.value;
        }
        None => {}
    }
    Ok(r)
}

fn unreadable(t: &str, why: &str) -> Unreadable {
    format!("`{t}` is not a figure Plainsight can read: {why}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(raw: &str) -> Option<(f64, u32, bool)> {
        read(raw, ColType::Percent)
            .ok()
            .flatten()
            .map(|r| (r.value, r.decimals, r.plus))
    }

    #[test]
    fn plain_figures() {
        assert_eq!(value("12.45%"), Some((12.45, 2, false)));
        assert_eq!(value("−2.71%"), Some((-2.71, 2, false)));
        assert_eq!(value("+3.0"), Some((3.0, 1, true)));
        assert_eq!(read("", ColType::Integer), Ok(None));
        let r = read("-11.7%", ColType::Integer).unwrap().unwrap();
        assert!(r.percent && r.value == -11.7 && r.decimals == 1);
    }

    #[test]
    fn signs_set_apart_and_brackets() {
        assert_eq!(
            read("- 27", ColType::Integer).unwrap().map(|r| r.value),
            Some(-27.0)
        );
        assert_eq!(
            read("(27)", ColType::Integer).unwrap().map(|r| r.value),
            Some(-27.0)
        );
        assert_eq!(value("– 3.5%"), Some((-3.5, 1, false)));
    }

    #[test]
    fn words_with_a_direction() {
        assert_eq!(value("up 25%"), Some((25.0, 0, true)));
        assert_eq!(value("25% increase"), Some((25.0, 0, true)));
        assert_eq!(value("down 3"), Some((-3.0, 0, false)));
        assert_eq!(value("a reduction of 20"), Some((-20.0, 0, false)));
        assert_eq!(value("an increase of 4.5 per cent"), Some((4.5, 1, true)));
        assert_eq!(value("Up 25%."), Some((25.0, 0, true)));
    }

    #[test]
    fn ambiguous_text_is_unreadable() {
        for raw in [
            "down -3",
            "up and down 3",
            "from 20 to 25",
            "about 25%",
            "25% (provisional)",
            "n/a",
            "increase",
            "up +-3",
        ] {
            let got = read(raw, ColType::Percent);
            assert!(got.is_err(), "{raw} read as {got:?}");
        }
        let why = read("about 25%", ColType::Percent).unwrap_err();
        assert!(why.contains("approximate"), "{why}");
    }
}
