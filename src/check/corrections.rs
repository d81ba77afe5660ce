//! Corrections on record checked against the data they name: each must
//! name a real figure, quote what the table states, and correct something
//! that was wrong.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::correction::{Correction, Target, target};
use crate::model::dataset::format::{Cell, format_number, parse_number};
use crate::model::dataset::{ColType, Dataset};

/// Whether a correction is on record for the stated figure at row `r`,
/// column `si`, quoting `raw`: verification then leaves the figure to the
/// correction, whose notice tells readers what was published.
pub fn recorded(ds: &Dataset, r: usize, si: usize, raw: &str) -> bool {
    ds.meta.corrections.iter().any(|c| {
        target(ds, c).is_some_and(|t| t.row == r && t.stated == Some(si))
            && same_text(&c.published, raw)
    })
}

/// Every correction of the dataset that names nothing, misquotes the table,
/// or corrects a figure that was right.
pub fn check(ds: &Dataset) -> Diagnostics {
    let mut out = Diagnostics::new();
    for c in &ds.meta.corrections {
        if let Some(d) = problem(ds, c) {
            out.push(d);
        }
    }
    out
}

fn at(d: Diagnostic, c: &Correction) -> Diagnostic {
    d.in_file(&c.file).at(c.line, 1)
}

fn problem(ds: &Dataset, c: &Correction) -> Option<Diagnostic> {
    let Some(t) = target(ds, c) else {
        return Some(at(unmatched(ds, c), c));
    };
    let quoted = match t.stated {
        Some(si) => ds.raw[t.row].get(si).map(String::as_str).unwrap_or(""),
        None => "",
    };
    if let Some(si) = t.stated
        && !quoted.trim().is_empty()
        && !same_text(&c.published, quoted)
    {
        let stated = &ds.columns[si];
        return Some(
            at(
                Diagnostic::error(
                    Code::CorrectionPublished,
                    format!(
                        "the correction quotes `{}` as published, but `{}` for {} holds `{}`",
                        c.published.trim(),
                        stated.label,
                        ds.key_text(t.row),
                        quoted.trim()
                    ),
                )
                .note(format!(
                    "{}, line {}",
                    crate::diagnostic::display_path(&ds.csv_path),
                    ds.positions[t.row].line
                )),
                c,
            )
            .hint("copy the figure exactly as it was published into `published:`"),
        );
    }
    let published = if quoted.trim().is_empty() {
        &c.published
    } else {
        quoted
    };
    unneeded(ds, t, published).map(|d| at(d, c))
}

/// The warning for a correction of a figure that was right: `published`
/// rounds from the computed one at the precision it was published with.
pub(super) fn unneeded(ds: &Dataset, t: Target, published: &str) -> Option<Diagnostic> {
    let (col, cell) = (&ds.columns[t.column], &ds.rows[t.row][t.column]);
    if !agrees(published, cell) {
        return None;
    }
    let shown = match cell.number() {
        Some(n) => format_number(n, col.style()),
        None => crate::model::dataset::format::NO_DATA.to_string(),
    };
    Some(
        Diagnostic::warning(
            Code::CorrectionUnneeded,
            format!(
                "`{}` for {} was published as {}, which is right: the data give {shown}",
                col.label,
                ds.key_text(t.row),
                published.trim()
            ),
        )
        .hint("remove this correction: there is nothing to correct"),
    )
}

pub(super) fn unmatched(ds: &Dataset, c: &Correction) -> Diagnostic {
    let (msg, hint) = if ds.row(&c.row).is_none() {
        let keys: Vec<String> = (0..ds.rows.len()).map(|r| ds.key_text(r)).collect();
        let hint = match crate::diagnostic::suggest(&c.row, keys.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the rows are: {}", keys.join(", ")),
        };
        (
            format!(
                "the correction names the row `{}`, which {} does not have",
                c.row, ds.name
            ),
            hint,
        )
    } else {
        let names: Vec<&str> = ds.columns.iter().map(|c| c.name.as_str()).collect();
        let hint = match crate::diagnostic::suggest(&c.column, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the columns are: {}", names.join(", ")),
        };
        (
            format!(
                "the correction names the column `{}`, which {} does not have",
                c.column, ds.name
            ),
            hint,
        )
    };
    Diagnostic::error(Code::CorrectionUnmatched, msg).hint(hint)
}

/// The same figure, however its sign or separators are written (`-8` and
/// `−8`, `1020` and `1,020`), or the same text.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    match (
        parse_number(a, ColType::Percent),
        parse_number(b, ColType::Percent),
    ) {
        (Some((x, _)), Some((y, _))) => (x - y).abs() < 1e-9,
        _ => a.trim() == b.trim(),
    }
}

/// Whether a figure as published rounds from the computed one, to the
/// precision it was published with.
fn agrees(published: &str, computed: &Cell) -> bool {
    match (parse_number(published, ColType::Percent), computed.number()) {
        (Some((p, decimals)), Some(v)) => {
            (p - v).abs() <= 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_the_same_however_written() {
        assert!(same_text("-8", "−8"));
        assert!(same_text("1,020", "1020"));
        assert!(same_text(" 12.45% ", "12.45"));
        assert!(!same_text("12.45%", "12.5%"));
        assert!(same_text("n/a", "n/a"));
    }

    #[test]
    fn a_right_figure_agrees_at_its_precision() {
        assert!(agrees("14.2%", &Cell::Number(14.219)));
        assert!(!agrees("12.45%", &Cell::Number(14.219)));
        assert!(!agrees("5", &Cell::Missing));
    }
}
