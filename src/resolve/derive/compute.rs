//! Each kind of derived column worked out from the columns it names.

use crate::model::dataset::format::Cell;
use crate::model::dataset::schema::{ColType, DerivedKind, DerivedSpec, Order};
use crate::model::dataset::{Column, Dataset};

use super::{difference, percent_change, rank, sum};

/// A message and its hint, placed by the caller on the declaration's line.
pub(super) type ComputeError = (String, String);

/// What a kind of derived column settles for itself; the declaration may
/// still set the type, decimals and label.
pub(super) struct Derived {
    pub(super) ty: ColType,
    pub(super) decimals: u32,
    pub(super) signed: bool,
    pub(super) formula: String,
    pub(super) cells: Vec<Cell>,
    pub(super) label: &'static str,
}

pub(super) fn compute(
    ds: &Dataset,
    name: &str,
    spec: &DerivedSpec,
) -> Result<(Column, Vec<Cell>), ComputeError> {
    let d = match spec.kind {
        DerivedKind::Difference => difference_of(ds, name, spec)?,
        DerivedKind::PercentChange => percent_change_of(ds, name, spec)?,
        DerivedKind::Share => share_of(ds, name, spec)?,
        DerivedKind::Rank => rank_of(ds, name, spec)?,
        DerivedKind::Sum => sum_of(ds, name, spec)?,
        DerivedKind::PercentOf | DerivedKind::Ratio => super::percent_of::part_of(ds, name, spec)?,
    };
    Ok((
        Column {
            name: name.to_string(),
            label: spec.label.clone().unwrap_or_else(|| d.label.to_string()),
            ty: spec.ty.unwrap_or(d.ty),
            unit: spec.unit.clone(),
            description: spec.description.clone(),
            decimals: spec.decimals.unwrap_or(d.decimals),
            signed: d.signed,
            required: false,
            hidden: spec.hidden,
            formula: Some(d.formula),
            derived: Some(spec.clone()),
            verify: None,
            tolerance: None,
            spec_line: 0,
        },
        d.cells,
    ))
}

/// The index of the numeric column that `field:` of the derived column
/// `name` names.
pub(super) fn need(
    ds: &Dataset,
    name: &str,
    field: &str,
    v: &Option<String>,
) -> Result<usize, ComputeError> {
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
                Some(s) => format!(
                    "did you mean `{s}`? (derived columns may use columns declared before them)"
                ),
                None => {
                    "derived columns may use CSV columns and derived columns declared before them"
                        .into()
                }
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
}

fn difference_of(ds: &Dataset, name: &str, spec: &DerivedSpec) -> Result<Derived, ComputeError> {
    let (a, b) = (need(ds, name, "a", &spec.a)?, need(ds, name, "b", &spec.b)?);
    let both_int = ds.columns[a].ty == ColType::Integer && ds.columns[b].ty == ColType::Integer;
    let ty = spec.ty.unwrap_or(if both_int {
        ColType::Integer
    } else {
        ds.columns[a].ty
    });
    let cells = ds.rows.iter().map(|r| difference(&r[a], &r[b])).collect();
    let (an, bn) = (&ds.columns[a].name, &ds.columns[b].name);
    Ok(Derived {
        ty,
        decimals: ds.columns[a].decimals,
        signed: true,
        formula: format!("{an} − {bn}"),
        cells,
        label: "Change",
    })
}

fn percent_change_of(
    ds: &Dataset,
    name: &str,
    spec: &DerivedSpec,
) -> Result<Derived, ComputeError> {
    let (a, b) = (need(ds, name, "a", &spec.a)?, need(ds, name, "b", &spec.b)?);
    let cells = ds
        .rows
        .iter()
        .map(|r| percent_change(&r[a], &r[b]))
        .collect();
    let (an, bn) = (&ds.columns[a].name, &ds.columns[b].name);
    Ok(Derived {
        ty: ColType::Percent,
        decimals: 1,
        signed: true,
        formula: format!("({an} − {bn}) ÷ {bn} × 100"),
        cells,
        label: "% change",
    })
}

fn share_of(ds: &Dataset, name: &str, spec: &DerivedSpec) -> Result<Derived, ComputeError> {
    let o = need(ds, name, "of", &spec.of)?;
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
    Ok(Derived {
        ty: ColType::Percent,
        decimals: 1,
        signed: false,
        formula: format!("{on} ÷ total of {on} × 100"),
        cells,
        label: "Share",
    })
}

fn rank_of(ds: &Dataset, name: &str, spec: &DerivedSpec) -> Result<Derived, ComputeError> {
    let o = need(ds, name, "of", &spec.of)?;
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
    Ok(Derived {
        ty: ColType::Integer,
        decimals: 0,
        signed: false,
        formula: format!("rank of {on}, {how}"),
        cells,
        label: "Rank",
    })
}

fn sum_of(ds: &Dataset, name: &str, spec: &DerivedSpec) -> Result<Derived, ComputeError> {
    let names = spec.columns.clone().unwrap_or_default();
    if names.is_empty() {
        return Err((
            format!("derived column `{name}` needs `columns:` to add up"),
            "e.g. `columns: [april, may, june]`".into(),
        ));
    }
    let mut idx = Vec::new();
    for n in &names {
        idx.push(need(ds, name, "columns", &Some(n.clone()))?);
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
    Ok(Derived {
        ty,
        decimals,
        signed: false,
        formula: names.join(" + "),
        cells,
        label: "Total",
    })
}
