//! Derived columns and the totals row, computed from a dataset's own figures.

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::dataset::{MAX_DECIMALS, section_line, tolerance_problem, yaml_key};
use crate::model::dataset::format::Cell;
use crate::model::dataset::schema::{ColType, DerivedKind, DerivedSpec, Order, Sidecar};
use crate::model::dataset::{Column, Dataset, Totals};

/// Adds every derived column the sidecar declares, then the totals row.
pub fn apply(ds: &mut Dataset, sc: &Sidecar, sidecar_src: &str) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    let file = ds
        .sidecar_path
        .clone()
        .unwrap_or_else(|| ds.csv_path.clone());
    // A typed totals row is set aside first, so shares and ranks are worked
    // out over the real rows only.
    let mut stated = None;
    if let Some(key) = sc.totals.as_ref().and_then(|t| t.stated_row.as_ref()) {
        match ds.row(key) {
            Some(i) => {
                let cells = ds.rows.remove(i);
                let pos = ds.positions.remove(i);
                let raw = ds.raw.remove(i);
                stated = Some((pos, cells, raw));
            }
            None => diags.push(
                Diagnostic::error(
                    Code::Sidecar,
                    format!("the totals row `{key}` is not in the CSV"),
                )
                .in_file(&file)
                .at(crate::load::yaml::key_line(sidecar_src, "totals"), 1)
                .hint("`stated_row` names the key of the published totals row"),
            ),
        }
    }
    for (k, v) in &sc.derived {
        let name = yaml_key(k);
        let line = section_line(sidecar_src, "derived", &name);
        let err = |msg: String, hint: &str| {
            Diagnostic::error(Code::Derived, msg)
                .in_file(&file)
                .at(line, 1)
                .hint(hint.to_string())
        };
        if ds.column(&name).is_some() {
            diags.push(err(
                format!("the derived column `{name}` has the name of an existing column"),
                "give the derived column a name of its own",
            ));
            continue;
        }
        let spec: DerivedSpec = match yaml_serde::from_value(v.clone()) {
            Ok(s) => s,
            Err(e) => {
                let (msg, hint) = crate::load::yaml::explain(&e.to_string());
                let hint = match (v.as_str(), hint) {
                    (Some(word), _) => format!(
                        "describe it with a mapping, e.g. `{name}: {{ kind: {word}, a: current, b: previous }}`"
                    ),
                    (None, Some(h)) => h,
                    (None, None) => {
                        "kind is one of difference, percent_change, share, rank, sum".into()
                    }
                };
                diags.push(err(format!("derived column `{name}`: {msg}"), &hint));
                continue;
            }
        };
        if let Some(d) = spec.decimals.filter(|&d| d > MAX_DECIMALS) {
            diags.push(err(
                format!("derived column `{name}`: `decimals` must be between 0 and {MAX_DECIMALS}, not {d}"),
                "give the number of decimal places to show, e.g. `decimals: 1`",
            ));
            continue;
        }
        match compute(ds, &name, &spec) {
            Ok(col) => {
                let (column, cells) = col;
                let mut column = column;
                column.spec_line = line;
                ds.columns.push(column);
                for (row, c) in ds.rows.iter_mut().zip(cells) {
                    row.push(c);
                }
            }
            Err(msg) => diags.push(err(msg.0, &msg.1)),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for c in &ds.columns {
        if let Some(target) = &c.verify
            && ds.column(target).is_none()
        {
            diags.push(
                Diagnostic::error(
                    Code::Sidecar,
                    format!("`{}` is to be verified against `{target}`, which is not a column", c.name),
                )
                .in_file(&file)
                .at(c.spec_line, 1)
                .hint(match crate::diagnostic::suggest(target, ds.columns.iter().map(|c| c.name.as_str())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "name a derived column, e.g. `verify: change_pct`, and declare it under `derived:`".to_string(),
                }),
            );
        }
    }
    if let Some(t) = &sc.totals {
        let line = crate::load::yaml::key_line(sidecar_src, "totals");
        if let Some((msg, hint)) = tolerance_problem(t.tolerance) {
            diags.push(
                Diagnostic::error(Code::Sidecar, format!("totals: {msg}"))
                    .in_file(&file)
                    .at(line, 1)
                    .hint(hint),
            );
        }
        let wanted: Vec<usize> = match &t.columns {
            Some(cols) => {
                let mut v = Vec::new();
                for c in cols {
                    match ds.column(c) {
                        Some(i) => v.push(i),
                        None => diags.push(
                            Diagnostic::error(
                                Code::Sidecar,
                                format!("totals: `{c}` is not a column"),
                            )
                            .in_file(&file)
                            .at(line, 1),
                        ),
                    }
                }
                v
            }
            None => ds
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| totalable(c))
                .map(|(i, _)| i)
                .collect(),
        };
        if diags.has_errors() {
            return Err(diags);
        }
        let cells = totals_row(ds, &wanted);
        ds.totals = Some(Totals {
            label: t.label.clone().unwrap_or_else(|| "Total".into()),
            cells,
            stated: stated.take(),
            tolerance: t.tolerance,
        });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(())
}

/// Columns whose total is a plain sum.
fn totalable(c: &Column) -> bool {
    c.ty.is_numeric()
        && c.verify.is_none()
        && !matches!(
            c.derived.as_ref().map(|d| d.kind),
            Some(DerivedKind::Rank | DerivedKind::Share | DerivedKind::PercentChange)
        )
        && c.ty != ColType::Percent
}

fn totals_row(ds: &Dataset, wanted: &[usize]) -> Vec<Cell> {
    let mut cells = vec![Cell::Missing; ds.columns.len()];
    for (i, c) in ds.columns.iter().enumerate() {
        if c.derived.is_some() || !wanted.contains(&i) {
            continue;
        }
        cells[i] = sum(ds.rows.iter().map(|r| &r[i]));
    }
    // Derived figures on the totals row follow from the totals, never from
    // adding up the rows' own derived figures.
    for (i, c) in ds.columns.iter().enumerate() {
        let Some(spec) = &c.derived else { continue };
        if !wanted.contains(&i)
            && !matches!(spec.kind, DerivedKind::PercentChange | DerivedKind::Share)
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
            DerivedKind::Sum => sum(ds.rows.iter().map(|r| &r[i])),
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

type ComputeError = (String, String);

fn compute(
    ds: &Dataset,
    name: &str,
    spec: &DerivedSpec,
) -> Result<(Column, Vec<Cell>), ComputeError> {
    let need = |field: &str, v: &Option<String>| -> Result<usize, ComputeError> {
        let n = v.as_deref().ok_or_else(|| {
            (
                format!("derived column `{name}` needs `{field}:`"),
                format!("name a column, e.g. `{field}: current`"),
            )
        })?;
        let i = ds.column(n).ok_or_else(|| {
            (
                format!("derived column `{name}`: `{n}` is not a column"),
                match crate::diagnostic::suggest(n, ds.columns.iter().map(|c| c.name.as_str())) {
                    Some(s) => format!("did you mean `{s}`? (derived columns may use columns declared before them)"),
                    None => "derived columns may use CSV columns and derived columns declared before them".into(),
                },
            )
        })?;
        if !ds.columns[i].ty.is_numeric() {
            return Err((
                format!("derived column `{name}`: `{n}` is not a numeric column"),
                format!("declare its type, e.g. `{n}: {{ type: integer }}`"),
            ));
        }
        Ok(i)
    };
    let label = |default: String| spec.label.clone().unwrap_or(default);
    let both_int = |a: usize, b: usize| {
        ds.columns[a].ty == ColType::Integer && ds.columns[b].ty == ColType::Integer
    };
    let (ty, decimals, signed, formula, cells, label) = match spec.kind {
        DerivedKind::Difference => {
            let (a, b) = (need("a", &spec.a)?, need("b", &spec.b)?);
            let ty = spec.ty.unwrap_or(if both_int(a, b) {
                ColType::Integer
            } else {
                ds.columns[a].ty
            });
            let cells = ds.rows.iter().map(|r| difference(&r[a], &r[b])).collect();
            let (an, bn) = (&ds.columns[a].name, &ds.columns[b].name);
            (
                ty,
                ds.columns[a].decimals,
                true,
                format!("{an} − {bn}"),
                cells,
                label("Change".into()),
            )
        }
        DerivedKind::PercentChange => {
            let (a, b) = (need("a", &spec.a)?, need("b", &spec.b)?);
            let cells = ds
                .rows
                .iter()
                .map(|r| percent_change(&r[a], &r[b]))
                .collect();
            let (an, bn) = (&ds.columns[a].name, &ds.columns[b].name);
            (
                ColType::Percent,
                1,
                true,
                format!("({an} − {bn}) ÷ {bn} × 100"),
                cells,
                label("% change".into()),
            )
        }
        DerivedKind::Share => {
            let o = need("of", &spec.of)?;
            let total = sum(ds.rows.iter().map(|r| &r[o])).number().unwrap_or(0.0);
            let cells = ds
                .rows
                .iter()
                .map(|r| match r[o].number() {
                    Some(v) if total != 0.0 => Cell::Number(v / total * 100.0),
                    _ => Cell::Missing,
                })
                .collect();
            let on = &ds.columns[o].name;
            (
                ColType::Percent,
                1,
                false,
                format!("{on} ÷ total of {on} × 100"),
                cells,
                label("Share".into()),
            )
        }
        DerivedKind::Rank => {
            let o = need("of", &spec.of)?;
            let order = spec.order.unwrap_or_default();
            let vals: Vec<Option<f64>> = ds.rows.iter().map(|r| r[o].number()).collect();
            let cells = rank(&vals, order)
                .into_iter()
                .map(|v| v.map(Cell::Number).unwrap_or(Cell::Missing))
                .collect();
            let on = &ds.columns[o].name;
            let how = match order {
                Order::Descending => "highest first",
                Order::Ascending => "lowest first",
            };
            (
                ColType::Integer,
                0,
                false,
                format!("rank of {on}, {how}"),
                cells,
                label("Rank".into()),
            )
        }
        DerivedKind::Sum => {
            let names = spec.columns.clone().unwrap_or_default();
            if names.is_empty() {
                return Err((
                    format!("derived column `{name}` needs `columns:` to add up"),
                    "e.g. `columns: [april, may, june]`".into(),
                ));
            }
            let mut idx = Vec::new();
            for n in &names {
                idx.push(need("columns", &Some(n.clone()))?);
            }
            let all_int = idx.iter().all(|&i| ds.columns[i].ty == ColType::Integer);
            let ty = spec.ty.unwrap_or(if all_int {
                ColType::Integer
            } else {
                ColType::Decimal
            });
            let cells = ds
                .rows
                .iter()
                .map(|r| sum(idx.iter().map(|&i| &r[i])))
                .collect();
            let decimals = idx
                .iter()
                .map(|&i| ds.columns[i].decimals)
                .max()
                .unwrap_or(0);
            (
                ty,
                decimals,
                false,
                names.join(" + "),
                cells,
                label("Total".into()),
            )
        }
    };
    let decimals = spec.decimals.unwrap_or(decimals);
    let cells: Vec<Cell> = cells;
    Ok((
        Column {
            name: name.to_string(),
            label,
            ty: spec.ty.unwrap_or(ty),
            unit: spec.unit.clone(),
            description: spec.description.clone(),
            decimals,
            signed,
            required: false,
            hidden: spec.hidden,
            formula: Some(formula),
            derived: Some(spec.clone()),
            verify: None,
            tolerance: None,
            spec_line: 0,
        },
        cells,
    ))
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
