//! A typed totals row against the sums of the rows, and the one cause a
//! total has of its own: it is off by exactly one row's figure.

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::dataset::format::parse_number;
use crate::model::dataset::{Column, Dataset, Totals};

use super::words;

/// A typed totals row against the sums of the rows. A stated column (one
/// with `verify:`) is left to the row-by-row check; the key column holds the
/// row's label.
pub(super) fn stated_totals(ds: &Dataset, t: &Totals, out: &mut Diagnostics) {
    let Some((pos, cells, raws)) = &t.stated else {
        return;
    };
    for (ci, col) in ds.columns.iter().enumerate() {
        if ci == ds.key || col.verify.is_some() {
            continue;
        }
        let (Some(s), Some(c)) = (cells.get(ci), t.cells.get(ci)) else {
            continue;
        };
        if c.is_missing() || s.is_missing() {
            continue;
        }
        let raw = raws.get(ci).map(String::as_str).unwrap_or("");
        let tol = t.tolerance.unwrap_or_else(|| precision_tolerance(raw, col));
        let (sv, cv) = (s.number().unwrap_or(0.0), c.number().unwrap_or(0.0));
        if (sv - cv).abs() > tol + 1e-9 {
            let off_by = off_by_one_row(ds, ci, sv - cv, tol);
            out.push(wrong_total(ds, ci, pos.line, raw, sv, cv, off_by));
        }
    }
}

/// The one row whose figure in column `ci` is the difference between the
/// published total and the sum of the rows; `None` when no row's is, or
/// when several rows' are (then naming one would be a guess).
pub(crate) fn off_by_one_row(ds: &Dataset, ci: usize, off: f64, tol: f64) -> Option<usize> {
    let mut rows = (0..ds.rows.len()).filter(|&r| {
        ds.rows[r][ci]
            .number()
            .is_some_and(|v| v != 0.0 && (v - off.abs()).abs() <= tol + 1e-9)
    });
    match (rows.next(), rows.next()) {
        (Some(r), None) => Some(r),
        _ => None,
    }
}

fn wrong_total(
    ds: &Dataset,
    ci: usize,
    line: usize,
    raw: &str,
    stated: f64,
    computed: f64,
    off_by: Option<usize>,
) -> Diagnostic {
    let col = &ds.columns[ci];
    let (sv, cv) = (words::plain(col, stated), words::plain(col, computed));
    let label = words::label(ds, ci);
    let cause = match off_by {
        Some(r) => {
            let (key, v) = (
                ds.key_text(r),
                words::plain(col, ds.rows[r][ci].number().unwrap_or(0.0)),
            );
            if stated < computed {
                format!(": it leaves out {key} ({v})")
            } else {
                format!(": it counts {key} ({v}) twice, or includes a row that is not in the table")
            }
        }
        None => ", and no single row's figure accounts for the difference".into(),
    };
    let mut d = Diagnostic::error(
        Code::VerifyTotal,
        format!("the published total of {label} is {sv}, but the rows add up to {cv}{cause}"),
    )
    .in_file(&ds.csv_path)
    .at(line, 1)
    .label(format!(
        "published {}, the rows add up to {cv}",
        raw.trim().replace('-', "−")
    ))
    .note(format!("sum of {label} over {} rows = {cv}", ds.rows.len()));
    if let Some(r) = off_by {
        d = d.note(format!(
            "{} is at line {}",
            ds.key_text(r),
            ds.positions[r].line
        ));
    }
    let fixes = "correct the published total, or delete the typed totals row (and `stated_row:`) and let Plainsight add the rows up";
    d.hint(match off_by {
        Some(_) => format!("the rows are right and the typed total is not: {fixes}"),
        None => format!(
            "check the total against the source. If it is wrong, {fixes}. If a row is wrong, correct it: that changes the figures readers see"
        ),
    })
}

/// Half a unit in the last decimal place written: `12.45%` agrees with
/// anything that rounds to it.
fn precision_tolerance(raw: &str, col: &Column) -> f64 {
    let decimals = parse_number(raw, col.ty).map(|(_, d)| d).unwrap_or(0);
    0.5 * 10f64.powi(-(decimals as i32))
}
