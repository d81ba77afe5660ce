//! Parts of a base: `percent_of` (a ÷ b × 100, "88% of 4,913") and `ratio`
//! (a ÷ b, "one-third of the grant"), where b is a column or a figure the
//! sidecar states (`base: 4913`).

use crate::model::dataset::Dataset;
use crate::model::dataset::approx::{ColumnFormat, Display, fraction_words};
use crate::model::dataset::format::{Cell, Style, format_number};
use crate::model::dataset::schema::{ColType, DerivedKind, DerivedSpec};

use super::compute::{ComputeError, Derived, need};

/// What is divided by: a column, or the stated base.
#[derive(Debug, Clone, Copy)]
enum Base {
    Column(usize),
    Stated(f64),
}

fn base_of(ds: &Dataset, name: &str, spec: &DerivedSpec) -> Result<Base, ComputeError> {
    match (&spec.b, spec.base) {
        (Some(_), Some(_)) => Err((
            format!("derived column `{name}` has both `b:` and `base:`"),
            "divide by a column (`b: total`) or by a stated figure (`base: 4913`), not both".into(),
        )),
        (Some(_), None) => need(ds, name, "b", &spec.b).map(Base::Column),
        (None, Some(n)) if n.is_finite() => Ok(Base::Stated(n)),
        (None, Some(_)) => Err((
            format!("derived column `{name}`: `base:` is not a number"),
            "state the figure to divide by, e.g. `base: 4913`".into(),
        )),
        (None, None) => Err((
            format!(
                "derived column `{name}` needs `b:` (a column) or `base:` (a stated figure) to divide by"
            ),
            "e.g. `b: referrals`, or `base: 4913` for a figure the report states".into(),
        )),
    }
}

/// a ÷ b, or "no data" when either is missing or b is zero.
pub(super) fn part(a: &Cell, b: &Cell) -> Cell {
    match (a.number(), b.number()) {
        (Some(_), Some(0.0)) => Cell::Missing,
        (Some(a), Some(b)) => Cell::Number(a / b),
        _ => Cell::Missing,
    }
}

fn scale(kind: DerivedKind) -> f64 {
    if kind == DerivedKind::PercentOf {
        100.0
    } else {
        1.0
    }
}

pub(super) fn part_of(
    ds: &Dataset,
    name: &str,
    spec: &DerivedSpec,
) -> Result<Derived, ComputeError> {
    let a = need(ds, name, "a", &spec.a)?;
    let base = base_of(ds, name, spec)?;
    let k = scale(spec.kind);
    let cells = ds
        .rows
        .iter()
        .map(|r| {
            let b = match base {
                Base::Column(b) => r[b].clone(),
                Base::Stated(n) => Cell::Number(n),
            };
            match part(&r[a], &b) {
                Cell::Number(x) => Cell::Number(x * k),
                c => c,
            }
        })
        .collect();
    let an = &ds.columns[a].name;
    let bn = match base {
        Base::Column(b) => ds.columns[b].name.clone(),
        Base::Stated(n) => stated(ds, a, n),
    };
    let percent = spec.kind == DerivedKind::PercentOf;
    Ok(Derived {
        ty: if percent {
            ColType::Percent
        } else {
            ColType::Decimal
        },
        decimals: if percent { 1 } else { 2 },
        signed: false,
        formula: if percent {
            format!("{an} ÷ {bn} × 100")
        } else {
            format!("{an} ÷ {bn}")
        },
        cells,
        label: if percent { "Percentage" } else { "Ratio" },
    })
}

/// A stated base written as column `a`'s figures are: "4,913", "£300,000".
fn stated(ds: &Dataset, a: usize, n: f64) -> String {
    let style = Style {
        signed: false,
        decimals: if n.fract() == 0.0 { 0 } else { 2 },
        ..ds.columns[a].style()
    };
    format_number(n, style)
}

/// The part on the totals row: the total of `a` over the total of `b`
/// (or over the stated base), never a sum of the rows' parts.
pub(super) fn totals_cell(ds: &Dataset, spec: &DerivedSpec, totals: &[Cell]) -> Cell {
    let Some(a) = spec.a.as_deref().and_then(|n| ds.column(n)) else {
        return Cell::Missing;
    };
    let b = match (spec.b.as_deref().and_then(|n| ds.column(n)), spec.base) {
        (Some(b), _) => totals[b].clone(),
        (None, Some(n)) => Cell::Number(n),
        _ => return Cell::Missing,
    };
    match part(&totals[a], &b) {
        Cell::Number(x) => Cell::Number(x * scale(spec.kind)),
        c => c,
    }
}

/// A ratio is shown as a fraction in words unless its declaration asks
/// otherwise; any derived column may ask for `format:`.
pub(super) fn register_format(ds: &mut Dataset, name: &str, spec: &DerivedSpec) {
    let display = spec
        .format
        .or((spec.kind == DerivedKind::Ratio).then_some(Display::Fraction));
    if let Some(display) = display {
        ds.formats.columns.insert(
            name.to_string(),
            ColumnFormat {
                display: Some(display),
                sense: None,
            },
        );
    }
}

/// The working of row `r`: "referred ÷ 4,913 × 100 = 4,323 ÷ 4,913 × 100 = 88.0%".
pub(super) fn working(
    ds: &Dataset,
    r: usize,
    spec: &DerivedSpec,
    this: usize,
    val: &dyn Fn(usize) -> String,
    result: &str,
) -> Option<String> {
    let a = ds.column(spec.a.as_deref()?)?;
    let an = &ds.columns[a].name;
    let (bn, bv) = match (spec.b.as_deref().and_then(|n| ds.column(n)), spec.base) {
        (Some(b), _) => (ds.columns[b].name.clone(), val(b)),
        (None, Some(n)) => (stated(ds, a, n), stated(ds, a, n)),
        _ => return None,
    };
    let av = val(a);
    Some(match spec.kind {
        DerivedKind::PercentOf => format!("{an} ÷ {bn} × 100 = {av} ÷ {bv} × 100 = {result}"),
        _ => {
            let words = (ds.rows[r].get(this))
                .and_then(Cell::number)
                .and_then(|x| fraction_words(x, &crate::model::i18n::Messages::builtin("en")))
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            format!("{an} ÷ {bn} = {av} ÷ {bv} = {result}{words}")
        }
    })
}
