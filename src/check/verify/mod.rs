//! Checking figures as published (stated columns, typed totals rows) against
//! the figures computed from the data, and required values. A figure that
//! disagrees is tested for the known causes (causes.rs), and the findings
//! are grouped by cause and told in the author's terms (report.rs).

mod causes;
mod help;
mod read;
mod report;
mod tolerance;
mod totals;
mod words;

use super::approx_verify;
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::dataset::Dataset;

use read::Reading;

/// Every disagreement between stated and computed figures, and every missing
/// required value, as findings on the CSV's lines.
pub fn verify(ds: &Dataset) -> Diagnostics {
    let mut out = Diagnostics::new();
    let (mut failures, mut hidden) = (Vec::new(), Vec::new());
    for (si, stated) in ds.columns.iter().enumerate() {
        if stated.required {
            missing_required(ds, si, &mut out);
        }
        let Some(ti) = stated.verify.as_deref().and_then(|t| ds.column(t)) else {
            continue;
        };
        for r in 0..ds.rows.len() {
            match stated_cell(ds, r, si, ti) {
                Outcome::Agrees => {}
                Outcome::Fails(f) => failures.push(f),
                Outcome::Hidden(f) => hidden.push(f),
                Outcome::Unreadable(why) => out.push(unreadable(ds, r, si, why)),
            }
        }
    }
    out.extend(report::report(ds, &failures));
    out.extend(tolerance::hidden(ds, &hidden));
    if let Some(t) = &ds.totals {
        totals::stated_totals(ds, t, &mut out);
    }
    out
}

/// A published figure that disagrees with the data: row `r`'s figure in
/// the stated column `si`, checked against the computed column `ti`.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub r: usize,
    pub si: usize,
    pub ti: usize,
    pub stated: Reading,
    /// What the data give; `None` when they give no figure.
    pub computed: Option<f64>,
}

/// What checking one published figure found.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Nothing was published, or the figure agrees with the data.
    Agrees,
    Fails(Failure),
    /// It agrees only because the column's `tolerance:` is looser than the
    /// precision the figure was published to.
    Hidden(Failure),
    /// The text is not a figure that can be read without guessing.
    Unreadable(read::Unreadable),
}

/// Decides whether row `r`'s published figure in the stated column `si`
/// agrees with the computed column `ti`: at the precision it was published
/// to (`12.45%` agrees with anything that rounds to it), or within the
/// column's `tolerance:` when it has one.
pub(crate) fn stated_cell(ds: &Dataset, r: usize, si: usize, ti: usize) -> Outcome {
    let (stated_col, target) = (&ds.columns[si], &ds.columns[ti]);
    // A blank stated cell, or one marked as no data, was not published.
    if ds.rows[r][si].is_missing() {
        return Outcome::Agrees;
    }
    let raw = ds.raw[r].get(si).map(String::as_str).unwrap_or("");
    // A figure published wrong and put right on record (`corrections:`).
    if crate::check::corrections::recorded(ds, r, si, raw) {
        return Outcome::Agrees;
    }
    // A stated column typed as text may hold figures in any form (a
    // percentage in a "numbers" column): read what is there.
    let ty = if stated_col.ty.is_numeric() {
        stated_col.ty
    } else {
        target.ty
    };
    let mut stated = match read::read(raw, ty) {
        Ok(Some(s)) => s,
        Ok(None) => return Outcome::Agrees,
        Err(why) => return Outcome::Unreadable(why),
    };
    // `as: reduction`: a plain 20 is a fall of 20. A figure typed with its
    // own sign or direction word ("−20", "down 20") already says which way.
    if raw.trim_start().starts_with(|c: char| c.is_ascii_digit()) && !stated.plus {
        stated.value = approx_verify::signed(ds, stated_col, stated.value);
    }
    let computed = ds.rows[r][ti].number();
    let failure = Failure {
        r,
        si,
        ti,
        stated,
        computed,
    };
    let Some(c) = computed else {
        return Outcome::Fails(failure);
    };
    // Typed with a qualifier or in compact form ("over 24,000", "3.3
    // million"): it agrees with whatever the qualifier allows.
    if let Some(agree) = approx_verify::agrees(ds, r, stated_col, stated.value, c) {
        return if agree {
            Outcome::Agrees
        } else {
            Outcome::Fails(failure)
        };
    }
    let precision = causes::half_unit(stated.decimals);
    let allowed = stated_col.tolerance.unwrap_or(precision);
    if (stated.value - c).abs() > allowed + 1e-9 {
        Outcome::Fails(failure)
    } else if !causes::agrees(&stated, c) {
        Outcome::Hidden(failure)
    } else {
        Outcome::Agrees
    }
}

fn unreadable(ds: &Dataset, r: usize, si: usize, why: String) -> Diagnostic {
    let raw = ds.raw[r].get(si).map(String::as_str).unwrap_or("").trim();
    let label = words::quoted(&ds.columns[si].label);
    Diagnostic::error(
        Code::VerifyUnreadable,
        format!(
            "{label} for {} cannot be checked: {why}",
            ds.key_text(r)
        ),
    )
    .in_file(&ds.csv_path)
    .at(ds.positions[r].line, ds.positions[r].column(si))
    .width(ds.raw[r].get(si).map_or(1, |s| s.chars().count()))
    .label("not read as a figure")
    .note(format!("published as: {raw}"))
    .hint(format!(
        "write it as a plain figure (for example −27, 25%, or \"up 25%\") in {label}; that column only keeps the figure as published to check it against the data, so rewriting it changes nothing a reader sees"
    ))
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
