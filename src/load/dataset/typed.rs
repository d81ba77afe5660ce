//! Values of the types that are not plain figures (years, financial years,
//! months) and figures typed with words around them ("over 24,000", "3.3
//! million"), read from CSV cells.

use std::collections::BTreeMap;

use crate::model::dataset::approx::{self, CellFormat, Qualifier};
use crate::model::dataset::format::{Cell, parse_number};
use crate::model::dataset::schema::ColType;
use crate::util::period;

use super::columns::Bad;

/// What the rows and columns of a table say about how to read its cells:
/// a row's own type (`rows:` in the sidecar), by the row's key, and the
/// columns whose figures keep the decimals they were typed with.
#[derive(Default)]
pub(super) struct Shapes {
    pub(super) row_types: BTreeMap<String, ColType>,
    pub(super) typed_decimals: Vec<bool>,
}

/// A value of a year, financial-year or month column; None for others.
pub(super) fn period_cell(t: &str, ty: ColType) -> Option<Result<Cell, Bad>> {
    Some(match ty {
        ColType::Year => period::calendar_year(t)
            .map(|y| Cell::Number(f64::from(y)))
            .ok_or_else(|| Bad::new("a year", "write the year with four digits, e.g. `2023`")),
        ColType::FinancialYear => period::financial_year(t).map(Cell::Text).ok_or_else(|| {
            Bad::new(
                "a financial year",
                "write the first year in full and the second after a slash, e.g. `2024/25` (`2024-25` and `2024/2025` are read too); the second year must follow the first",
            )
        }),
        ColType::Month => period::calendar_month(t).map(Cell::Date).ok_or_else(|| {
            Bad::new(
                "a month",
                "write the month and year, e.g. `March 2024`, or `2024-03`",
            )
        }),
        _ => return None,
    })
}

/// A figure with words around it, "over 24,000" or "3.3 million", in a
/// column of figures.
pub(super) fn figure_with_words(t: &str, ty: ColType) -> Option<(Cell, CellFormat)> {
    // The number before a scale word may have decimals in any column:
    // "1.5 million" is a whole number of reports.
    let (n, _, cf) = approx::parse_figure(t, |s| {
        parse_number(s, ty).or_else(|| {
            let scaled = ty == ColType::Integer && words_scale(t);
            scaled.then(|| parse_number(s, ColType::Decimal)).flatten()
        })
    })?;
    Some((Cell::Number(n), cf))
}

fn words_scale(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    approx::words::SCALES
        .iter()
        .any(|(w, _)| lower.trim_end().ends_with(w))
}

/// A figure after words that are not a qualifier Plainsight knows
/// ("roughly 5,000"): the fix is to use one it knows.
pub(super) fn unknown_qualifier(t: &str, ty: ColType) -> Option<Bad> {
    let (words, rest) = t.trim().rsplit_once(' ')?;
    let is_words = words
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '-');
    if !is_words || parse_number(rest, ty).is_none() || Qualifier::parse(words).is_some() {
        return None;
    }
    Some(Bad::new(
        "a figure",
        &format!(
            "`{words}` is not a qualifier Plainsight knows; use one of {}, or write the figure alone",
            Qualifier::known()
        ),
    ))
}
