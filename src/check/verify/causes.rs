//! The known ways a published figure comes out wrong, tested against each
//! figure that disagrees with the data. A cause is named only when it gives
//! the published figure exactly, at the precision it was published to;
//! when none does, or several do, the finding says so.

use std::collections::BTreeSet;

use crate::model::dataset::schema::DerivedKind;

use super::read::Reading;

/// A slip that turns the figure the data give into the one published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cause {
    /// The published figure is the computed figure of another column of the
    /// same row (the two columns were swapped).
    OtherColumn(usize),
    /// A percent change divided by the later figure: (a − b) ÷ a.
    WrongBase,
    /// A fall published as a rise with no minus sign.
    MinusDropped,
    /// The change worked out from the later period to the earlier one.
    PeriodsSwapped,
    /// Percentage points given as a percent change, or the other way round.
    PercentPoints,
    /// The figure cut short instead of rounded.
    Truncated,
    /// A total that leaves out one of the columns it adds up.
    LeftOut(usize),
    /// A total that counts one of its columns twice.
    Twice(usize),
    /// The published figure is the one the data give for another row.
    OtherRow(usize),
}

impl Cause {
    /// The stable name in JSON output and docs/datasets.md.
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Cause::OtherColumn(_) => "columns-swapped",
            Cause::WrongBase => "wrong-base",
            Cause::MinusDropped => "minus-dropped",
            Cause::PeriodsSwapped => "periods-swapped",
            Cause::PercentPoints => "percent-points",
            Cause::Truncated => "truncated",
            Cause::LeftOut(_) => "total-leaves-out",
            Cause::Twice(_) => "total-counts-twice",
            Cause::OtherRow(_) => "other-row",
        }
    }
}

/// The figures behind one computed figure, for working out the slips.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inputs {
    pub kind: Option<DerivedKind>,
    /// `a` and `b` of a difference or percent change.
    pub a: Option<f64>,
    pub b: Option<f64>,
    /// Whether `a` and `b` are themselves percentages (rates).
    pub percent_inputs: bool,
    /// The columns a sum adds up: (column, value).
    pub parts: Vec<(usize, f64)>,
    /// The computed figures of the row's other computed columns.
    pub others: Vec<(usize, f64)>,
}

/// Whether `v` is the published figure at the precision it was published to.
pub(crate) fn agrees(stated: &Reading, v: f64) -> bool {
    (stated.value - v).abs() <= half_unit(stated.decimals) + 1e-9
}

/// Half a unit in the last decimal place written.
pub(crate) fn half_unit(decimals: u32) -> f64 {
    0.5 * 10f64.powi(-(decimals as i32))
}

/// Every cause that gives the published figure exactly, in the order of
/// [`Cause`], for a figure the data give as `computed`.
pub(crate) fn fits(stated: &Reading, computed: f64, inp: &Inputs) -> Vec<Cause> {
    let mut out = Vec::new();
    for &(col, v) in &inp.others {
        if agrees(stated, v) {
            out.push(Cause::OtherColumn(col));
        }
    }
    let (a, b) = (inp.a, inp.b);
    if inp.kind == Some(DerivedKind::PercentChange)
        && let (Some(a), Some(b)) = (a, b)
        && a != 0.0
        && agrees(stated, (a - b) / a.abs() * 100.0)
    {
        out.push(Cause::WrongBase);
    }
    let flipped = agrees(stated, -computed) && computed != 0.0;
    let unsigned_rise = computed < 0.0 && stated.value > 0.0 && !stated.plus;
    if flipped && unsigned_rise {
        out.push(Cause::MinusDropped);
    }
    let reversed = inp.kind == Some(DerivedKind::PercentChange)
        && matches!((a, b), (Some(a), Some(b)) if a != 0.0 && agrees(stated, (b - a) / a.abs() * 100.0));
    let two_periods = matches!(
        inp.kind,
        Some(DerivedKind::PercentChange | DerivedKind::Difference)
    );
    if two_periods && (flipped || reversed) {
        out.push(Cause::PeriodsSwapped);
    }
    if inp.percent_inputs
        && let (Some(a), Some(b)) = (a, b)
    {
        let other = match inp.kind {
            Some(DerivedKind::PercentChange) => Some(a - b),
            Some(DerivedKind::Difference) if b != 0.0 => Some((a - b) / b.abs() * 100.0),
            _ => None,
        };
        if other.is_some_and(|v| agrees(stated, v)) {
            out.push(Cause::PercentPoints);
        }
    }
    let scale = 10f64.powi(stated.decimals as i32);
    let cut = (computed * scale).trunc() / scale;
    if (cut - stated.value).abs() < 1e-9 * stated.value.abs().max(1.0) {
        out.push(Cause::Truncated);
    }
    if inp.kind == Some(DerivedKind::Sum) {
        for &(col, v) in &inp.parts {
            if v != 0.0 && agrees(stated, computed - v) {
                out.push(Cause::LeftOut(col));
            }
            if v != 0.0 && agrees(stated, computed + v) {
                out.push(Cause::Twice(col));
            }
        }
    }
    out
}

/// The other rows whose computed figure is the published one, from a
/// column's (figure, row) pairs sorted by figure; in row order.
pub(crate) fn other_rows(stated: &Reading, row: usize, sorted: &[(f64, usize)]) -> Vec<usize> {
    let h = half_unit(stated.decimals) + 1e-9;
    let start = sorted.partition_point(|&(v, _)| v < stated.value - h);
    let mut rows: Vec<usize> = sorted[start..]
        .iter()
        .take_while(|&&(v, _)| v <= stated.value + h)
        .map(|&(_, r)| r)
        .filter(|&r| r != row)
        .collect();
    rows.sort_unstable();
    rows
}

/// The one other row whose figures a row's published figures are: each
/// figure's candidate rows, narrowed by the row's other failing figures.
/// `None` unless exactly one row is left.
pub(crate) fn whose_row(candidates: &[Vec<usize>]) -> Option<usize> {
    let mut sets = candidates.iter().filter(|c| !c.is_empty());
    let mut common: BTreeSet<usize> = sets.next()?.iter().copied().collect();
    for c in sets {
        let next: BTreeSet<usize> = common
            .intersection(&c.iter().copied().collect())
            .copied()
            .collect();
        if next.is_empty() {
            return None;
        }
        common = next;
    }
    (common.len() == 1).then(|| *common.iter().next().expect("one"))
}

/// The rows whose figures are believed to be another row's. One figure
/// matching another row's can be chance (the more rows, the likelier), so
/// a row is named only when something else agrees: two or more of its
/// figures are that row's, the other row holds its figures in turn (a
/// swap), or the rows moved together (the same shift, counted round the
/// table, for at least two rows and half of those that moved).
/// `owner` maps a row to (the row whose figures it holds, how many).
pub(crate) fn corroborated(
    owner: &std::collections::BTreeMap<usize, (usize, usize)>,
    rows: usize,
) -> BTreeSet<usize> {
    let shift = |r: usize, x: usize| (x + rows - r) % rows.max(1);
    let mut shifts: std::collections::BTreeMap<usize, usize> = Default::default();
    for (&r, &(x, _)) in owner {
        *shifts.entry(shift(r, x)).or_default() += 1;
    }
    owner
        .iter()
        .filter(|&(&r, &(x, figures))| {
            let moved_together = shifts[&shift(r, x)];
            figures >= 2
                || owner.get(&x).is_some_and(|&(back, _)| back == r)
                || (moved_together >= 2 && moved_together * 2 >= owner.len())
        })
        .map(|(&r, _)| r)
        .collect()
}

/// What verification says about one failing figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Named(Cause),
    /// More than one cause gives the figure exactly: not a guess between them.
    Several(Vec<Cause>),
    None,
}

/// Settles the causes of a column's failing figures. A cause that fits two
/// or more of them is taken as the column's (the most common, then the
/// first in [`Cause`]'s order), for every figure it fits; a figure it does
/// not fit keeps its own one cause, or is told as several or none.
pub(crate) fn settle(column: &[Vec<Cause>]) -> Vec<Verdict> {
    // Counted by kind: figures that each hold a different other row's
    // figure share one cause, rows out of place.
    let mut counts: Vec<(Cause, usize)> = Vec::new();
    for fits in column {
        let kinds: BTreeSet<&str> = fits.iter().map(|c| c.kind()).collect();
        for k in kinds {
            let first = *fits.iter().find(|c| c.kind() == k).expect("present");
            match counts.iter_mut().find(|(c, _)| c.kind() == k) {
                Some((c, n)) => {
                    *n += 1;
                    *c = (*c).min(first);
                }
                None => counts.push((first, 1)),
            }
        }
    }
    counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let common = counts
        .first()
        .filter(|(_, n)| *n >= 2)
        .map(|(c, _)| c.kind());
    column
        .iter()
        .map(|fits| {
            if let Some(c) = fits.iter().find(|c| Some(c.kind()) == common) {
                return Verdict::Named(*c);
            }
            match fits.as_slice() {
                [] => Verdict::None,
                [one] => Verdict::Named(*one),
                // A fall published unsigned is read as a lost minus sign,
                // not a swap of periods, unless the column says otherwise.
                [Cause::MinusDropped, Cause::PeriodsSwapped] => Verdict::Named(Cause::MinusDropped),
                several => Verdict::Several(several.to_vec()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pub_(value: f64, decimals: u32) -> Reading {
        Reading {
            value,
            decimals,
            percent: false,
            plus: false,
        }
    }

    fn change(a: f64, b: f64) -> (Inputs, f64) {
        let inp = Inputs {
            kind: Some(DerivedKind::PercentChange),
            a: Some(a),
            b: Some(b),
            ..Inputs::default()
        };
        (inp, (a - b) / b * 100.0)
    }

    fn difference(a: f64, b: f64) -> (Inputs, f64) {
        let inp = Inputs {
            kind: Some(DerivedKind::Difference),
            a: Some(a),
            b: Some(b),
            ..Inputs::default()
        };
        (inp, a - b)
    }

    #[test]
    fn wrong_base_as_in_appendix_a() {
        // Swale: 1,711 now, 1,498 before; published 12.45% = 213 ÷ 1,711.
        let (inp, c) = change(1711.0, 1498.0);
        assert_eq!(fits(&pub_(12.45, 2), c, &inp), [Cause::WrongBase]);
        // At one decimal the same slip is still exact: 12.4%.
        assert_eq!(fits(&pub_(12.4, 1), c, &inp), [Cause::WrongBase]);
        // Not at the published precision: 12.5% is no slip.
        assert!(fits(&pub_(12.5, 1), c, &inp).is_empty());
    }

    #[test]
    fn periods_swapped_and_a_dropped_minus() {
        let (inp, c) = difference(120.0, 100.0);
        assert_eq!(fits(&pub_(-20.0, 0), c, &inp), [Cause::PeriodsSwapped]);
        // A fall typed without its minus sign.
        let (inp, c) = difference(80.0, 100.0);
        assert_eq!(
            fits(&pub_(20.0, 0), c, &inp),
            [Cause::MinusDropped, Cause::PeriodsSwapped]
        );
        // Written `+20`, it is a claim of a rise, not a lost sign.
        let plus = Reading {
            plus: true,
            ..pub_(20.0, 0)
        };
        assert_eq!(fits(&plus, c, &inp), [Cause::PeriodsSwapped]);
        // A percent change from the later period to the earlier: (b − a) ÷ a.
        let (inp, c) = change(120.0, 100.0);
        assert_eq!(fits(&pub_(-16.7, 1), c, &inp), [Cause::PeriodsSwapped]);
    }

    #[test]
    fn percent_and_percentage_points() {
        // A rate of 12.5% against 10.0%: 2.5 points, a 25% change.
        let (mut inp, c) = change(12.5, 10.0);
        inp.percent_inputs = true;
        assert_eq!(fits(&pub_(2.5, 1), c, &inp), [Cause::PercentPoints]);
        let (mut inp, c) = difference(12.5, 10.0);
        inp.percent_inputs = true;
        assert_eq!(fits(&pub_(25.0, 1), c, &inp), [Cause::PercentPoints]);
    }

    #[test]
    fn truncated_instead_of_rounded() {
        let (inp, c) = change(1427.0, 1250.0); // 14.16%
        assert_eq!(fits(&pub_(14.1, 1), c, &inp), [Cause::Truncated]);
        // Negative figures are cut towards zero.
        let (inp, c) = change(1073.0, 1250.0); // −14.16%
        assert_eq!(fits(&pub_(-14.1, 1), c, &inp), [Cause::Truncated]);
    }

    #[test]
    fn another_column_of_the_same_row() {
        let (mut inp, c) = difference(263.0, 298.0);
        inp.others = vec![(7, -11.744)];
        assert_eq!(fits(&pub_(-11.7, 1), c, &inp), [Cause::OtherColumn(7)]);
    }

    #[test]
    fn a_total_off_by_one_column() {
        let inp = Inputs {
            kind: Some(DerivedKind::Sum),
            parts: vec![(1, 30.0), (2, 40.0), (3, 50.0)],
            ..Inputs::default()
        };
        assert_eq!(fits(&pub_(80.0, 0), 120.0, &inp), [Cause::LeftOut(2)]);
        assert_eq!(fits(&pub_(170.0, 0), 120.0, &inp), [Cause::Twice(3)]);
        assert!(fits(&pub_(121.0, 0), 120.0, &inp).is_empty());
    }

    #[test]
    fn another_row_named_only_when_one_fits() {
        let mut col: Vec<(f64, usize)> = vec![(-4.96, 0), (-7.63, 1), (-5.81, 2), (-5.8, 3)];
        col.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(other_rows(&pub_(-5.8, 1), 0, &col), [2, 3]);
        assert_eq!(other_rows(&pub_(-5.8, 1), 3, &col), [2]);
        // The row's difference narrows it down: only row 2 has both.
        assert_eq!(whose_row(&[vec![2, 3], vec![2, 1]]), Some(2));
        assert_eq!(whose_row(&[vec![2, 3]]), None);
        assert_eq!(whose_row(&[vec![2, 3], vec![1]]), None);
        assert_eq!(whose_row(&[vec![], vec![1]]), Some(1));
    }

    #[test]
    fn another_row_needs_more_than_one_match() {
        let owner = |v: &[(usize, usize, usize)]| {
            v.iter()
                .map(|&(r, x, n)| (r, (x, n)))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        // Two figures of the row are the other row's.
        assert_eq!(corroborated(&owner(&[(0, 5, 2)]), 10), BTreeSet::from([0]));
        // One figure only: chance, unless the rows swapped or moved together.
        assert!(corroborated(&owner(&[(0, 5, 1)]), 10).is_empty());
        assert_eq!(
            corroborated(&owner(&[(0, 5, 1), (5, 0, 1)]), 10),
            BTreeSet::from([0, 5])
        );
        // Shifted up by one, the last row holding the first's.
        let up = owner(&[(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 0, 1)]);
        assert_eq!(corroborated(&up, 4), BTreeSet::from([0, 1, 2, 3]));
        // Scattered single matches are not believed.
        let scattered = owner(&[(0, 7, 1), (1, 3, 1), (2, 8, 1)]);
        assert!(corroborated(&scattered, 10).is_empty());
    }

    #[test]
    fn a_column_settles_on_its_common_cause() {
        use Cause::*;
        let column = vec![
            vec![WrongBase],
            vec![WrongBase, OtherRow(3)],
            vec![MinusDropped, PeriodsSwapped],
            vec![OtherRow(1), Truncated],
            vec![],
        ];
        assert_eq!(
            settle(&column),
            [
                Verdict::Named(WrongBase),
                Verdict::Named(WrongBase),
                Verdict::Named(MinusDropped),
                Verdict::Several(vec![OtherRow(1), Truncated]),
                Verdict::None,
            ]
        );
        // Rises and falls flipped alike: the periods were swapped.
        let column = vec![vec![PeriodsSwapped], vec![MinusDropped, PeriodsSwapped]];
        assert_eq!(
            settle(&column),
            [
                Verdict::Named(PeriodsSwapped),
                Verdict::Named(PeriodsSwapped)
            ]
        );
    }
}
