//! How verification's findings say things: column labels in quotes, lists
//! of rows, and figures at the precision they were published to, with one
//! minus sign (−) throughout.

use crate::model::dataset::format::{Style, format_number};
use crate::model::dataset::schema::ColType;
use crate::model::dataset::{Column, Dataset};

use super::Failure;

/// A column's label as the finding names it: `'% change (as published)'`.
pub(crate) fn quoted(label: &str) -> String {
    format!("'{label}'")
}

pub(crate) fn label(ds: &Dataset, ci: usize) -> String {
    quoted(&ds.columns[ci].label)
}

/// `Swale`, `Swale and Thanet`, `Swale, Thanet and Dover`.
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `'This year' or 'Last year'`.
pub(crate) fn list_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `Dartford's`, `Fatal casualties'`.
pub(crate) fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// What a row is called, for "another district's figures".
pub(crate) fn row_noun(ds: &Dataset) -> String {
    let l = ds.columns[ds.key].label.to_lowercase();
    if l.is_empty() { "row".into() } else { l }
}

/// The type a published figure is shown as: as written (`%` or not) in a
/// text column, else the stated column's type.
fn published_type(ds: &Dataset, f: &Failure) -> ColType {
    let stated = &ds.columns[f.si];
    if f.stated.percent {
        ColType::Percent
    } else if stated.ty.is_numeric() {
        stated.ty
    } else {
        ColType::Decimal
    }
}

/// The type the data's figure is shown as: the stated column's, or the
/// computed column's when the stated column is text.
fn computed_type(ds: &Dataset, f: &Failure) -> ColType {
    if ds.columns[f.si].ty.is_numeric() {
        published_type(ds, f)
    } else {
        ds.columns[f.ti].ty
    }
}

fn shown(v: f64, ty: ColType, decimals: u32, plus: bool) -> String {
    let ty = match ty {
        ColType::Integer if decimals > 0 => ColType::Decimal,
        ty => ty,
    };
    format_number(
        v,
        Style {
            ty,
            decimals,
            signed: plus,
        },
    )
}

/// The published figure, with a true minus.
pub(crate) fn published(ds: &Dataset, f: &Failure) -> String {
    shown(
        f.stated.value,
        published_type(ds, f),
        f.stated.decimals,
        f.stated.plus,
    )
}

/// What the data give, at the precision the figure was published to, or
/// one place more where that would read the same as the published figure.
pub(crate) fn computed(ds: &Dataset, f: &Failure, v: f64) -> String {
    let p = published(ds, f);
    let ty = computed_type(ds, f);
    let from = if ty == ColType::Integer && !ds.columns[f.si].ty.is_numeric() {
        0
    } else {
        f.stated.decimals
    };
    (from..from + 4)
        .map(|d| shown(v, ty, d, f.stated.plus))
        .find(|s| *s != p)
        .unwrap_or_else(|| shown(v, ty, from + 4, f.stated.plus))
}

/// A source figure as the data hold it, unsigned.
pub(crate) fn plain(col: &Column, v: f64) -> String {
    format_number(
        v,
        Style {
            signed: false,
            ..col.style()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        let s = |v: &[&str]| list(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&["Swale"]), "Swale");
        assert_eq!(s(&["Swale", "Thanet"]), "Swale and Thanet");
        assert_eq!(s(&["Swale", "Thanet", "Dover"]), "Swale, Thanet and Dover");
        assert_eq!(possessive("Dartford"), "Dartford's");
        assert_eq!(possessive("Fatal casualties"), "Fatal casualties'");
    }
}
