//! Checking figures as published (stated columns, typed totals rows) against
//! the figures computed from the data, and required values.

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::dataset::format::{Cell, Style, format_number, parse_number};
use crate::model::dataset::{Column, Dataset, Totals};

/// Every disagreement between stated and computed figures, and every missing
/// required value, as findings on the CSV's lines.
pub fn verify(ds: &Dataset) -> Diagnostics {
    let mut out = Diagnostics::new();
    for (si, stated) in ds.columns.iter().enumerate() {
        if stated.required {
            missing_required(ds, si, &mut out);
        }
        if let Some(ti) = stated.verify.as_deref().and_then(|t| ds.column(t)) {
            stated_column(ds, si, ti, &mut out);
        }
    }
    if let Some(t) = &ds.totals {
        stated_totals(ds, t, &mut out);
    }
    out
}

fn missing_required(ds: &Dataset, si: usize, out: &mut Diagnostics) {
    let name = &ds.columns[si].name;
    for (r, row) in ds.rows.iter().enumerate() {
        // A figure held back by `suppress:` is there, only not shown.
        if row[si].is_missing() && !ds.marks.suppressed.contains_key(&(r, si)) {
            out.push(
                Diagnostic::error(
                    Code::MissingValue,
                    format!(
                        "`{name}` has no value for `{}`, and the column is required",
                        ds.key_text(r)
                    ),
                )
                .in_file(&ds.csv_path)
                .at(ds.positions[r].line, 1)
                .hint(
                    "fill in the figure, or remove `required: true` from the column's description",
                ),
            );
        }
    }
}

/// Each row's figure in the stated column `si` against the one computed in
/// column `ti`, found at the stated cell itself.
fn stated_column(ds: &Dataset, si: usize, ti: usize, out: &mut Diagnostics) {
    let (stated, computed) = (&ds.columns[si], &ds.columns[ti]);
    for (r, row) in ds.rows.iter().enumerate() {
        let raw = ds.raw[r].get(si).map(String::as_str).unwrap_or("");
        if let Some(d) = compare(
            ds,
            r,
            stated,
            raw,
            &row[si],
            computed,
            &row[ti],
            stated.tolerance,
        ) {
            out.push(
                d.at(ds.positions[r].line, ds.positions[r].column(si))
                    .width(raw.chars().count()),
            );
        }
    }
}

/// A typed totals row against the sums of the rows. A stated column (one
/// with `verify:`) is left to the row-by-row check; the key column holds the
/// row's label.
fn stated_totals(ds: &Dataset, t: &Totals, out: &mut Diagnostics) {
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
            out.push(wrong_total(ds, col, pos.line, raw, sv, cv));
        }
    }
}

fn wrong_total(
    ds: &Dataset,
    col: &Column,
    line: usize,
    raw: &str,
    stated: f64,
    computed: f64,
) -> Diagnostic {
    let (sv, cv) = (unsigned(stated, col), unsigned(computed, col));
    Diagnostic::error(
        Code::VerifyTotal,
        format!(
            "the published total of `{}` is {sv}, but the rows add up to {cv}",
            col.name
        ),
    )
    .in_file(&ds.csv_path)
    .at(line, 1)
    .label(format!("stated {raw}, computed {cv}"))
    .note(format!(
        "sum of `{}` over {} rows = {cv}",
        col.name,
        ds.rows.len()
    ))
    .hint("correct the published total, or drop the typed totals row and let Plainsight add it up")
}

/// A figure in a column's style, but with no `+` on a positive number.
fn unsigned(n: f64, col: &Column) -> String {
    format_number(
        n,
        Style {
            signed: false,
            ..col.style()
        },
    )
}

/// Half a unit in the last decimal place written: `12.45%` agrees with
/// anything that rounds to it.
fn precision_tolerance(raw: &str, col: &Column) -> f64 {
    let decimals = parse_number(raw, col.ty).map(|(_, d)| d).unwrap_or(0);
    0.5 * 10f64.powi(-(decimals as i32))
}

#[allow(clippy::too_many_arguments)]
fn compare(
    ds: &Dataset,
    r: usize,
    stated: &Column,
    raw: &str,
    s: &Cell,
    computed: &Column,
    c: &Cell,
    tolerance: Option<f64>,
) -> Option<Diagnostic> {
    let style = computed.style();
    let shown = |cell: &Cell| match cell.number() {
        Some(n) => format_number(n, style),
        None => crate::model::dataset::format::NO_DATA.to_string(),
    };
    // A blank stated cell means nothing was published: nothing to check.
    if s.is_missing() {
        return None;
    }
    // A stated column typed as text may hold figures in the wrong form (a
    // percentage in a "numbers" column); read what is there and compare it.
    let stated_number = s.number().or_else(|| {
        parse_number(raw, crate::model::dataset::schema::ColType::Percent).map(|(n, _)| n)
    });
    let agree = match (stated_number, c.number()) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            (a - b).abs() <= tolerance.unwrap_or_else(|| precision_tolerance(raw, stated)) + 1e-9
        }
        _ => false,
    };
    if agree {
        return None;
    }
    let key = ds.key_text(r);
    let arithmetic = crate::resolve::derive::working(ds, r, computed);
    let mut d = Diagnostic::error(
        Code::Verify,
        format!(
            "`{}` for {key} is published as {}, but the data give {}",
            stated.name,
            if raw.trim().is_empty() {
                "blank"
            } else {
                raw.trim()
            },
            shown(c)
        ),
    )
    .in_file(&ds.csv_path)
    .label(format!("stated {}, computed {}", raw.trim(), shown(c)));
    if let Some(a) = arithmetic {
        d = d.note(format!("working: {a}"));
    }
    Some(d.hint(format!(
        "publish the computed `{}` instead of the typed figure (remove `{}` from the CSV), or correct the data",
        computed.name, stated.name
    )))
}
