//! Derived columns and the totals row, computed from a dataset's own figures.

use std::path::Path;

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::dataset::{MAX_DECIMALS, section_line, tolerance_problem, yaml_key};
use crate::model::dataset::format::Cell;
use crate::model::dataset::schema::{
    ColType, DerivedKind, DerivedSpec, Order, Sidecar, TotalsSpec,
};
use crate::model::dataset::{Column, Dataset, RowPos, Totals};

mod compute;
pub(crate) mod missing;
mod percent_of;
pub mod target;
mod working;
use compute::{ComputeError, compute};
pub use working::working;

/// Adds every derived column the sidecar declares, then the totals row.
pub fn apply(ds: &mut Dataset, sc: &Sidecar, sidecar_src: &str) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    let file = ds
        .sidecar_path
        .clone()
        .unwrap_or_else(|| ds.csv_path.clone());
    // A typed totals row is set aside first, so shares and ranks are worked
    // out over the real rows only.
    let stated = set_aside_stated_row(ds, sc, &file, sidecar_src, &mut diags);
    if let Some(spec) = &sc.suppress {
        crate::resolve::suppress::apply(ds, spec, &file, sidecar_src, &mut diags);
    }
    for (k, v) in &sc.derived {
        if let Err(d) = add_derived(ds, k, v, &file, sidecar_src) {
            diags.push(d);
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    check_verify_targets(ds, &file, &mut diags);
    if let Some(t) = &sc.totals {
        let wanted = totals_columns(ds, t, &file, sidecar_src, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        let rule = t.missing.unwrap_or_default();
        let (rows, left_out) = missing::totals_rows(ds, &wanted, rule);
        let cells = totals_row(ds, &rows, &wanted);
        missing::mark_totals(ds, &rows, &cells, &wanted, &left_out);
        ds.totals = Some(Totals {
            label: t.label.clone().unwrap_or_else(|| "Total".into()),
            cells,
            stated,
            tolerance: t.tolerance,
        });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    missing::findings(ds, sc, &file, sidecar_src);
    Ok(())
}

/// A published totals row, taken out of the rows: its position, cells and
/// text as written.
type StatedRow = (RowPos, Vec<Cell>, Vec<String>);

fn set_aside_stated_row(
    ds: &mut Dataset,
    sc: &Sidecar,
    file: &Path,
    sidecar_src: &str,
    diags: &mut Diagnostics,
) -> Option<StatedRow> {
    let key = sc.totals.as_ref().and_then(|t| t.stated_row.as_ref())?;
    match ds.row(key) {
        Some(i) => {
            let cells = ds.rows.remove(i);
            ds.marks.remove_row(i);
            let pos = ds.positions.remove(i);
            let raw = ds.raw.remove(i);
            Some((pos, cells, raw))
        }
        None => {
            diags.push(
                Diagnostic::error(
                    Code::Sidecar,
                    format!("the totals row `{key}` is not in the CSV"),
                )
                .in_file(file)
                .at(crate::load::yaml::key_line(sidecar_src, "totals"), 1)
                .hint("`stated_row` names the key of the published totals row"),
            );
            None
        }
    }
}

/// Works out one derived column declared as `k: v` and adds it to every row.
fn add_derived(
    ds: &mut Dataset,
    k: &yaml_serde::Value,
    v: &yaml_serde::Value,
    file: &Path,
    sidecar_src: &str,
) -> Result<(), Diagnostic> {
    let name = yaml_key(k);
    let line = section_line(sidecar_src, "derived", &name);
    let derived = derived_spec(ds, &name, v).and_then(|spec| compute(ds, &name, &spec));
    let (mut column, cells) = derived.map_err(|(msg, hint)| {
        Diagnostic::error(Code::Derived, msg)
            .in_file(file)
            .at(line, 1)
            .hint(hint)
    })?;
    column.spec_line = line;
    if let Some(spec) = column.derived.clone() {
        percent_of::register_format(ds, &name, &spec);
    }
    ds.columns.push(column);
    for (row, c) in ds.rows.iter_mut().zip(cells) {
        row.push(c);
    }
    missing::mark_column(ds, ds.columns.len() - 1);
    Ok(())
}

/// The declaration of the derived column `name`, read and checked.
fn derived_spec(
    ds: &Dataset,
    name: &str,
    v: &yaml_serde::Value,
) -> Result<DerivedSpec, ComputeError> {
    if ds.column(name).is_some() {
        return Err((
            format!("the derived column `{name}` has the name of an existing column"),
            "give the derived column a name of its own".to_string(),
        ));
    }
    let spec: DerivedSpec = yaml_serde::from_value(v.clone()).map_err(|e| {
        let (msg, hint) = crate::load::yaml::explain(&e.to_string());
        // A bare word (`change: difference`) is most likely the kind
        // written without its mapping.
        let hint = match (v.as_str(), hint) {
            (Some(word), _) => format!(
                "describe it with a mapping, e.g. `{name}: {{ kind: {word}, a: current, b: previous }}`"
            ),
            (None, Some(h)) => h,
            (None, None) => "kind is one of difference, percent_change, share, rank, sum, percent_of, ratio".into(),
        };
        (format!("derived column `{name}`: {msg}"), hint)
    })?;
    if let Some(d) = spec.decimals.filter(|&d| d > MAX_DECIMALS) {
        return Err((
            format!(
                "derived column `{name}`: `decimals` must be between 0 and {MAX_DECIMALS}, not {d}"
            ),
            "give the number of decimal places to show, e.g. `decimals: 1`".to_string(),
        ));
    }
    Ok(spec)
}

/// Every `verify:` must name a column, most often a derived one.
fn check_verify_targets(ds: &Dataset, file: &Path, diags: &mut Diagnostics) {
    for c in &ds.columns {
        if let Some(target) = &c.verify
            && ds.column(target).is_none()
        {
            diags.push(
                Diagnostic::error(
                    Code::Sidecar,
                    format!("`{}` is to be verified against `{target}`, which is not a column", c.name),
                )
                .in_file(file)
                .at(c.spec_line, 1)
                .hint(match crate::diagnostic::suggest(target, ds.columns.iter().map(|c| c.name.as_str())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "name a derived column, e.g. `verify: change_pct`, and declare it under `derived:`".to_string(),
                }),
            );
        }
    }
}

/// The columns the totals row totals: those `totals:` names, or else every
/// column whose total is a plain sum. Its tolerance is checked here too.
fn totals_columns(
    ds: &Dataset,
    t: &TotalsSpec,
    file: &Path,
    sidecar_src: &str,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let line = crate::load::yaml::key_line(sidecar_src, "totals");
    if let Some((msg, hint)) = tolerance_problem(t.tolerance) {
        diags.push(
            Diagnostic::error(Code::Sidecar, format!("totals: {msg}"))
                .in_file(file)
                .at(line, 1)
                .hint(hint),
        );
    }
    let Some(cols) = &t.columns else {
        return ds
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| totalable(c))
            .map(|(i, _)| i)
            .collect();
    };
    let mut wanted = Vec::new();
    for c in cols {
        match ds.column(c) {
            Some(i) => wanted.push(i),
            None => diags.push(
                Diagnostic::error(Code::Sidecar, format!("totals: `{c}` is not a column"))
                    .in_file(file)
                    .at(line, 1),
            ),
        }
    }
    wanted
}

/// Columns whose total is a plain sum.
fn totalable(c: &Column) -> bool {
    c.ty.is_numeric()
        && c.verify.is_none()
        && !matches!(
            c.derived.as_ref().map(|d| d.kind),
            Some(
                DerivedKind::Rank
                    | DerivedKind::Share
                    | DerivedKind::PercentChange
                    | DerivedKind::PercentOf
                    | DerivedKind::Ratio
            )
        )
        && c.ty != ColType::Percent
}

/// The totals over `rows` (the dataset's, held-back figures put back and
/// any rows a `skip` rule leaves out taken out): a column missing a figure
/// has no total.
fn totals_row(ds: &Dataset, rows: &[Vec<Cell>], wanted: &[usize]) -> Vec<Cell> {
    let mut cells = vec![Cell::Missing; ds.columns.len()];
    for (i, c) in ds.columns.iter().enumerate() {
        if c.derived.is_some() || !wanted.contains(&i) {
            continue;
        }
        cells[i] = missing::strict_sum(rows.iter().map(|r| &r[i]));
    }
    // Derived figures on the totals row follow from the totals, never from
    // adding up the rows' own derived figures.
    for (i, c) in ds.columns.iter().enumerate() {
        let Some(spec) = &c.derived else { continue };
        if !wanted.contains(&i)
            && !matches!(
                spec.kind,
                DerivedKind::PercentChange
                    | DerivedKind::Share
                    | DerivedKind::PercentOf
                    | DerivedKind::Ratio
            )
        {
            continue;
        }
        let col = |n: &Option<String>| n.as_deref().and_then(|n| ds.column(n));
        cells[i] = match spec.kind {
            DerivedKind::Difference => match (col(&spec.a), col(&spec.b)) {
                (Some(a), Some(b)) => difference(&cells[a], &cells[b]),
                _ => Cell::Missing,
            },
            DerivedKind::PercentChange => match (col(&spec.a), col(&spec.b)) {
                (Some(a), Some(b)) => percent_change(&cells[a], &cells[b]),
                _ => Cell::Missing,
            },
            DerivedKind::Share => match col(&spec.of) {
                Some(o) if cells[o].number().is_some_and(|n| n != 0.0) => Cell::Number(100.0),
                _ => Cell::Missing,
            },
            DerivedKind::Rank => Cell::Missing,
            // The total of row sums is the sum of the column itself, whether
            // or not the columns it adds up are totalled too.
            DerivedKind::Sum => missing::strict_sum(rows.iter().map(|r| &r[i])),
            DerivedKind::PercentOf | DerivedKind::Ratio => {
                percent_of::totals_cell(ds, spec, &cells)
            }
        };
    }
    cells
}

/// Sum of the present figures; "no data" when none is present.
pub fn sum<'a>(cells: impl Iterator<Item = &'a Cell>) -> Cell {
    let mut any = false;
    let mut total = 0.0;
    for c in cells {
        if let Some(n) = c.number() {
            any = true;
            total += n;
        }
    }
    if any {
        Cell::Number(total)
    } else {
        Cell::Missing
    }
}

pub fn difference(a: &Cell, b: &Cell) -> Cell {
    match (a.number(), b.number()) {
        (Some(a), Some(b)) => Cell::Number(a - b),
        _ => Cell::Missing,
    }
}

/// (a − b) ÷ b × 100. A base of zero has no percent change: "no data".
pub fn percent_change(a: &Cell, b: &Cell) -> Cell {
    match (a.number(), b.number()) {
        (Some(_), Some(0.0)) => Cell::Missing,
        (Some(a), Some(b)) => Cell::Number((a - b) / b.abs() * 100.0),
        _ => Cell::Missing,
    }
}

/// Standard competition ranking ("1224"): equal values share a rank and the
/// next rank is skipped. Rows with no data are not ranked.
pub fn rank(values: &[Option<f64>], order: Order) -> Vec<Option<f64>> {
    // Counting the better values against a sorted copy keeps this n log n:
    // counting them row by row was quadratic, minutes for 100,000 rows.
    // NaN compares false with everything, so it is never counted as better.
    let mut sorted: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| !v.is_nan())
        .collect();
    sorted.sort_by(f64::total_cmp);
    values
        .iter()
        .map(|v| {
            let v = (*v)?;
            let better = if v.is_nan() {
                0
            } else {
                match order {
                    Order::Descending => sorted.len() - sorted.partition_point(|&o| o <= v),
                    Order::Ascending => sorted.partition_point(|&o| o < v),
                }
            };
            Some((better + 1) as f64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_change_handles_zero() {
        assert_eq!(
            percent_change(&Cell::Number(10.0), &Cell::Number(0.0)),
            Cell::Missing
        );
        assert_eq!(
            percent_change(&Cell::Number(0.0), &Cell::Number(0.0)),
            Cell::Missing
        );
        assert_eq!(
            percent_change(&Cell::Number(5.0), &Cell::Number(10.0)),
            Cell::Number(-50.0)
        );
        assert_eq!(
            percent_change(&Cell::Missing, &Cell::Number(10.0)),
            Cell::Missing
        );
        // A negative base: the sign follows the direction of change.
        assert_eq!(
            percent_change(&Cell::Number(-5.0), &Cell::Number(-10.0)),
            Cell::Number(50.0)
        );
    }

    #[test]
    fn difference_and_sum() {
        assert_eq!(
            difference(&Cell::Number(1020.0), &Cell::Number(965.0)),
            Cell::Number(55.0)
        );
        assert_eq!(
            difference(&Cell::Missing, &Cell::Number(965.0)),
            Cell::Missing
        );
        let cells = [Cell::Number(1.0), Cell::Missing, Cell::Number(2.5)];
        assert_eq!(sum(cells.iter()), Cell::Number(3.5));
        assert_eq!(sum([Cell::Missing].iter()), Cell::Missing);
    }

    #[test]
    fn ranks_with_ties() {
        let v = [Some(10.0), Some(30.0), Some(10.0), None, Some(5.0)];
        let r = rank(&v, Order::Descending);
        assert_eq!(r, vec![Some(2.0), Some(1.0), Some(2.0), None, Some(4.0)]);
        let r = rank(&v, Order::Ascending);
        assert_eq!(r, vec![Some(2.0), Some(4.0), Some(2.0), None, Some(1.0)]);
    }

    #[test]
    fn ranks_match_counting_row_by_row() {
        // The definition, quadratic: one more than the count of better values.
        let naive = |values: &[Option<f64>], order: Order| -> Vec<Option<f64>> {
            (values.iter())
                .map(|v| {
                    let v = (*v)?;
                    let better = (values.iter().flatten())
                        .filter(|&&o| match order {
                            Order::Descending => o > v,
                            Order::Ascending => o < v,
                        })
                        .count();
                    Some((better + 1) as f64)
                })
                .collect()
        };
        let mut v: Vec<Option<f64>> = (0..500u32)
            .map(|i| match i % 17 {
                0 => None,
                1 => Some(f64::NAN),
                2 => Some(-0.0),
                3 => Some(0.0),
                _ => Some(f64::from((i * 7919) % 61) - 30.0),
            })
            .collect();
        v.push(Some(f64::INFINITY));
        v.push(Some(f64::NEG_INFINITY));
        for order in [Order::Descending, Order::Ascending] {
            assert_eq!(
                format!("{:?}", rank(&v, order)),
                format!("{:?}", naive(&v, order))
            );
        }
    }
}
