//! The working behind a derived figure, in the reader's terms: shown by
//! verification when a stated figure disagrees, and beside each figure a
//! page places from data.

use crate::model::dataset::format::{Style, format_number};
use crate::model::dataset::schema::{DerivedKind, Order};
use crate::model::dataset::{Column, Dataset};

fn unsigned(n: f64, col: &Column) -> String {
    format_number(
        n,
        Style {
            signed: false,
            ..col.style()
        },
    )
}

/// The working behind a computed figure, in the reader's terms.
pub fn working(ds: &Dataset, r: usize, col: &Column) -> Option<String> {
    let spec = col.derived.as_ref()?;
    let row = &ds.rows[r];
    let idx = |n: &Option<String>| n.as_deref().and_then(|n| ds.column(n));
    let name = |i: usize| &ds.columns[i].name;
    let val = |i: usize| match row[i].number() {
        Some(n) => unsigned(n, &ds.columns[i]),
        None => "no data".into(),
    };
    let this = ds.column(&col.name)?;
    let result = match row[this].number() {
        Some(n) => format_number(
            n,
            Style {
                decimals: col.decimals + 1,
                ..col.style()
            },
        ),
        None => "no data".into(),
    };
    Some(match spec.kind {
        DerivedKind::Difference => {
            let (a, b) = (idx(&spec.a)?, idx(&spec.b)?);
            let (an, bn, av, bv) = (name(a), name(b), val(a), val(b));
            format!("{an} − {bn} = {av} − {bv} = {result}")
        }
        DerivedKind::PercentChange => {
            let (a, b) = (idx(&spec.a)?, idx(&spec.b)?);
            let (an, bn, av, bv) = (name(a), name(b), val(a), val(b));
            format!("({an} − {bn}) ÷ {bn} × 100 = ({av} − {bv}) ÷ {bv} × 100 = {result}")
        }
        DerivedKind::Share => {
            let o = idx(&spec.of)?;
            // Held-back figures count in the total, as in the shares.
            let held: f64 = (ds.marks.suppressed.iter())
                .filter(|((_, c), _)| *c == o)
                .map(|(_, v)| v)
                .sum();
            let total = super::sum(ds.rows.iter().map(|x| &x[o]))
                .number()
                .unwrap_or(0.0)
                + held;
            let (on, ov, total) = (name(o), val(o), unsigned(total, &ds.columns[o]));
            format!("{on} ÷ total × 100 = {ov} ÷ {total} × 100 = {result}")
        }
        DerivedKind::Rank => {
            let o = idx(&spec.of)?;
            let n = ds.rows.iter().filter(|x| x[o].number().is_some()).count();
            let how = match spec.order.unwrap_or_default() {
                Order::Descending => "highest",
                Order::Ascending => "lowest",
            };
            let (on, ov) = (name(o), val(o));
            format!("{on} of {ov} ranks {result} of {n}, counting from the {how}")
        }
        DerivedKind::Sum => {
            let names = spec.columns.as_ref()?;
            let parts: Vec<String> = names.iter().filter_map(|n| ds.column(n)).map(val).collect();
            format!("{} = {} = {result}", names.join(" + "), parts.join(" + "))
        }
        DerivedKind::PercentOf | DerivedKind::Ratio => {
            return super::percent_of::working(ds, r, spec, this, &val, &result);
        }
    })
}
