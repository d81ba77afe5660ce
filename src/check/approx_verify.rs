//! Stated figures that are approximate or signed by convention: "over
//! 24,000" agrees with any figure above 24,000, "3.3 million" with any
//! that rounds to it, and "a reduction of 20" (`as: reduction`) with −20.

use crate::model::dataset::approx::{Qualifier, Sense, unit_of, words};
use crate::model::dataset::{Column, Dataset};

/// The stated figure with its sign as the sidecar's `as:` says.
pub(super) fn signed(ds: &Dataset, stated: &Column, n: f64) -> f64 {
    let sense = ds.formats.columns.get(&stated.name).and_then(|f| f.sense);
    match sense {
        Some(Sense::Reduction) => -n,
        _ => n,
    }
}

/// Whether stated `a` agrees with computed `b` where the stated cell was
/// typed with a qualifier or in compact form; None where it was not.
pub(super) fn agrees(ds: &Dataset, r: usize, stated: &Column, a: f64, b: f64) -> Option<bool> {
    let si = ds.column(&stated.name)?;
    let cf = ds
        .cell_format(r, si)
        .filter(|cf| cf.compact || cf.qualifier.is_some())?;
    let unit = if cf.compact {
        let scale = (words::SCALES.iter())
            .find(|(_, f)| a.abs() >= *f)
            .map_or(1e6, |(_, f)| *f);
        scale * 10f64.powi(-(cf.decimals.unwrap_or(0) as i32))
    } else {
        unit_of(a, cf.decimals.unwrap_or(0))
    };
    let about = Qualifier::parse("about").expect("a known qualifier");
    Some(cf.qualifier.unwrap_or(about).holds(a, unit, b))
}
