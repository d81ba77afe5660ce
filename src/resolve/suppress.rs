//! Small-number suppression, declared once in the sidecar:
//! `suppress: { below: 5, columns: [current, previous], secondary: true }`.
//!
//! A figure above zero and below the threshold is held back as [c]
//! (confidential) before anything is worked out from it, so tables, charts,
//! sentences and downloads can only ever see [c]. Its true value is kept
//! aside for totals alone, which include it as published statistics do.
//!
//! Secondary suppression, so that no total gives a held-back figure away:
//! while a suppressed column, or a row across the suppressed columns, holds
//! exactly one held-back figure, the smallest other figure in it is held
//! back too (the earlier row, then the earlier column, on a tie). The rule
//! is deterministic: the same table always loses the same cells.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::dataset::Dataset;
use crate::model::dataset::format::Cell;
use crate::model::dataset::schema::SuppressSpec;
use crate::model::dataset::symbol::{Mark, Symbol};
use crate::model::i18n::Phrase;

/// Holds back the small figures of the columns `spec` names.
pub(crate) fn apply(
    ds: &mut Dataset,
    spec: &SuppressSpec,
    file: &Path,
    sidecar_src: &str,
    diags: &mut Diagnostics,
) {
    let Some(cols) = columns(ds, spec, file, sidecar_src, diags) else {
        return;
    };
    for r in 0..ds.rows.len() {
        for &c in &cols {
            if ds.rows[r][c]
                .number()
                .is_some_and(|v| v > 0.0 && v < spec.below)
            {
                hold_back(ds, r, c, None);
            }
        }
    }
    if spec.secondary {
        secondary(ds, &cols);
    }
}

/// The suppressed columns, or None (reported) when the block is wrong.
fn columns(
    ds: &Dataset,
    spec: &SuppressSpec,
    file: &Path,
    sidecar_src: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<usize>> {
    let line = crate::load::yaml::key_line(sidecar_src, "suppress");
    let err = |msg: String, hint: &str| {
        Diagnostic::error(Code::Sidecar, msg)
            .in_file(file)
            .at(line, 1)
            .hint(hint.to_string())
    };
    let before = diags.0.len();
    if !spec.below.is_finite() || spec.below <= 1.0 {
        diags.push(err(
            format!(
                "suppress: `below` must be a number above 1, not {}",
                spec.below
            ),
            "figures above zero and below it are held back, e.g. `below: 5` holds back 1 to 4",
        ));
    }
    if spec.columns.is_empty() {
        diags.push(err(
            "suppress: `columns` names no column".into(),
            "name the columns of counts to protect, e.g. `columns: [current, previous]`",
        ));
    }
    let mut out = Vec::new();
    for name in &spec.columns {
        match ds.column(name) {
            Some(c) if c == ds.key || !ds.columns[c].ty.is_numeric() => diags.push(err(
                format!("suppress: `{name}` is not a column of figures"),
                "only numeric columns can be suppressed; give the column a `type:`, e.g. `type: integer`",
            )),
            Some(c) => out.push(c),
            None => diags.push(err(
                format!("suppress: `{name}` is not a column of the CSV"),
                "name the CSV's own columns: figures derived from them are held back with them",
            )),
        }
    }
    (diags.0.len() == before).then_some(out)
}

fn hold_back(ds: &mut Dataset, r: usize, c: usize, reason: Option<Phrase>) {
    let Some(v) = ds.rows[r][c].number() else {
        return;
    };
    ds.marks.suppressed.insert((r, c), v);
    ds.rows[r][c] = Cell::Missing;
    ds.marks.cells.insert(
        (r, c),
        Mark {
            symbols: vec![Symbol::Confidential],
            reason,
        },
    );
    // The figure as typed must not survive anywhere a reader could see it.
    if let Some(raw) = ds.raw.get_mut(r).and_then(|row| row.get_mut(c)) {
        *raw = Symbol::Confidential.shown();
    }
}

/// Until no column or row has exactly one held-back figure.
fn secondary(ds: &mut Dataset, cols: &[usize]) {
    let held = |ds: &Dataset, r: usize, c: usize| ds.marks.suppressed.contains_key(&(r, c));
    loop {
        let mut changed = false;
        for &c in cols {
            let n = (0..ds.rows.len()).filter(|&r| held(ds, r, c)).count();
            if n == 1
                && let Some(r) = smallest((0..ds.rows.len()).map(|r| (r, &ds.rows[r][c])))
            {
                let why = Phrase::new("reason.held_back_column")
                    .text("column", ds.columns[c].label.clone())
                    .text("row", ds.key_text(r));
                hold_back(ds, r, c, Some(why));
                changed = true;
            }
        }
        if cols.len() > 1 {
            for r in 0..ds.rows.len() {
                let n = cols.iter().filter(|&&c| held(ds, r, c)).count();
                if n == 1
                    && let Some(i) = smallest(cols.iter().map(|&c| (c, &ds.rows[r][c])))
                {
                    let why = Phrase::new("reason.held_back_row")
                        .text("column", ds.columns[i].label.clone())
                        .text("row", ds.key_text(r));
                    hold_back(ds, r, i, Some(why));
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// The place of the smallest figure shown, the first on a tie.
fn smallest<'a>(cells: impl Iterator<Item = (usize, &'a Cell)>) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, cell) in cells {
        if let Some(v) = cell.number()
            && best.is_none_or(|(_, b)| v < b)
        {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}

/// Where a total would still give a held-back figure away: a column, or a
/// row across the suppressed columns, with exactly one [c] while the
/// dataset publishes a total of it. Secondary suppression leaves none.
pub(crate) fn revealing(ds: &Dataset, spec: &SuppressSpec) -> Vec<String> {
    let cols: Vec<usize> = spec.columns.iter().filter_map(|n| ds.column(n)).collect();
    let held = |r: usize, c: usize| ds.marks.suppressed.contains_key(&(r, c));
    let mut out = Vec::new();
    if let Some(t) = &ds.totals {
        for &c in &cols {
            let rows: Vec<usize> = (0..ds.rows.len()).filter(|&r| held(r, c)).collect();
            if rows.len() == 1 && t.cells[c].number().is_some() {
                out.push(format!(
                    "the total of {} less the other rows gives away the [c] for {}",
                    ds.columns[c].name,
                    ds.key_text(rows[0])
                ));
            }
        }
    }
    for (s, col) in ds.columns.iter().enumerate() {
        let Some(spec) = &col.derived else { continue };
        if spec.kind != crate::model::dataset::schema::DerivedKind::Sum {
            continue;
        }
        let ins = crate::resolve::derive::missing::inputs(ds, spec);
        for r in 0..ds.rows.len() {
            let n = ins.iter().filter(|&&c| held(r, c)).count();
            if n == 1 && ds.rows[r][s].number().is_some() {
                out.push(format!(
                    "{} for {} less its other figures gives away a [c]",
                    col.name,
                    ds.key_text(r)
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smallest_takes_the_first_on_a_tie() {
        let cells = [
            Cell::Number(7.0),
            Cell::Missing,
            Cell::Number(6.0),
            Cell::Number(6.0),
        ];
        assert_eq!(smallest(cells.iter().enumerate()), Some(2));
        assert_eq!(smallest([Cell::Missing].iter().enumerate()), None);
    }
}
