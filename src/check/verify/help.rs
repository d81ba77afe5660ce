//! What to do about a failing figure, for the person who publishes it: the
//! two fixes (correct the published figure, or correct the data), which one
//! the cause points to, and what each does to the site.

use crate::model::dataset::Dataset;
use crate::model::dataset::schema::DerivedKind;

use super::causes::{Cause, Verdict};
use super::{Failure, words};

pub(super) fn help(
    ds: &Dataset,
    verdict: &Verdict,
    f: &Failure,
    n: usize,
    columns: &[usize],
) -> String {
    let stated = words::list(
        &columns
            .iter()
            .map(|&c| words::label(ds, c))
            .collect::<Vec<_>>(),
    );
    let computed = words::list(
        &columns
            .iter()
            .filter_map(|&c| ds.columns[c].verify.as_deref().and_then(|t| ds.column(t)))
            .map(|c| words::label(ds, c))
            .collect::<Vec<_>>(),
    );
    let inputs = words::list_or(
        &inputs(ds, f.ti)
            .into_iter()
            .map(|i| words::label(ds, i))
            .collect::<Vec<_>>(),
    );
    let (it, they) = if n == 1 {
        ("the published figure", "it is")
    } else {
        ("the published figures", "they are")
    };
    let (that, them) = if columns.len() == 1 {
        ("that column", "it only keeps")
    } else {
        ("those columns", "they only keep")
    };
    let delete = format!(
        "delete {that}: {them} the old document's figures to check them, and the site shows {computed}, worked out from the data, either way"
    );
    if f.computed.is_none() && from_zero(ds, f) {
        return format!(
            "a change from 0 has no percent change, so nothing should be published here: delete the figure from {stated} (that column only keeps the old document's figures to check them; readers see no change). If the previous figure was not really 0, correct it in the data"
        );
    }
    if f.computed.is_none() {
        return format!(
            "the data give no figure here, so {it} cannot be checked: if {they} right, add the missing figures to the data; if not, {delete}"
        );
    }
    let fix = match verdict {
        Verdict::Named(c) => fix(ds, *c, f),
        Verdict::Several(_) => {
            return format!(
                "check against the source which cause it is. If the published figure is wrong, correct it in {stated} or {delete}. If the data are wrong, correct {inputs} for {}: that changes {computed}, and every other figure worked out from them, where readers see it",
                ds.key_text(f.r)
            );
        }
        Verdict::None => {
            return format!(
                "check the figure against the source. If the published figure is wrong, correct it in {stated} or {delete}. If the data are wrong, correct {inputs} for {}: that changes {computed}, and every other figure worked out from them, where readers see it",
                ds.key_text(f.r)
            );
        }
    };
    format!(
        "the data are right, and {it} {} {fix}. Either correct {it} in {stated}, or {delete}. Correct the data ({inputs}) only if it is they that are wrong: that changes the figures readers see",
        if n == 1 { "was" } else { "were" }
    )
}

/// What putting the slip right means, in a few words.
fn fix(ds: &Dataset, c: Cause, f: &Failure) -> String {
    let spec = ds.columns[f.ti].derived.as_ref();
    let label = |n: Option<&String>| {
        n.and_then(|n| ds.column(n))
            .map(|i| words::label(ds, i))
            .unwrap_or_default()
    };
    let (a, b) = (
        label(spec.and_then(|s| s.a.as_ref())),
        label(spec.and_then(|s| s.b.as_ref())),
    );
    match c {
        Cause::WrongBase => format!(
            "divided by the wrong period: a percent change is divided by the previous figure, {b}"
        ),
        Cause::PeriodsSwapped => format!(
            "worked out the wrong way round: the change is {a} minus {b}, not {b} minus {a}"
        ),
        Cause::MinusDropped => "lost the minus sign a fall needs".into(),
        Cause::PercentPoints => {
            if spec.is_some_and(|s| s.kind == DerivedKind::PercentChange) {
                "given in percentage points: a percent change divides the difference by the previous figure".into()
            } else {
                "given as a percent change: a difference between two percentages is in percentage points".into()
            }
        }
        Cause::Truncated => "cut short: round to the nearest figure instead".into(),
        Cause::LeftOut(_) | Cause::Twice(_) => {
            "added up wrongly: a total adds up each of its columns once".into()
        }
        Cause::OtherColumn(_) => "put in each other's columns".into(),
        Cause::OtherRow(_) => "put in the wrong rows".into(),
    }
}

/// Whether a percent change has no figure because its base is 0.
fn from_zero(ds: &Dataset, f: &Failure) -> bool {
    ds.columns[f.ti].derived.as_ref().is_some_and(|s| {
        s.kind == DerivedKind::PercentChange
            && s.b
                .as_deref()
                .and_then(|b| ds.column(b))
                .is_some_and(|b| ds.rows[f.r][b].number() == Some(0.0))
    })
}

/// The columns a computed column is worked out from.
fn inputs(ds: &Dataset, ti: usize) -> Vec<usize> {
    let Some(s) = ds.columns[ti].derived.as_ref() else {
        return vec![ti];
    };
    [s.a.as_ref(), s.b.as_ref(), s.of.as_ref()]
        .into_iter()
        .flatten()
        .chain(s.columns.iter().flatten())
        .filter_map(|n| ds.column(n))
        .collect()
}
