//! How a worked-out column is worked out, as the dataset's page says it in
//! "About the columns": in the page's language. The symbols (−, ÷, ×, +)
//! and column names read the same in every language; the words a formula
//! has (a share's "total of", a rank's order, a target's status) come from
//! the message catalogue, with the column labels of the page's language.

use crate::model::dataset::Dataset;
use crate::model::dataset::schema::{DerivedKind, Order};
use crate::model::dataset::target::Direction;
use crate::model::i18n::Messages;

/// Column `c`'s formula in the words of `w`; None for a column of the CSV.
pub(crate) fn formula(ds: &Dataset, c: usize, w: &Messages) -> Option<String> {
    let col = &ds.columns[c];
    let stored = col.formula.clone()?;
    if let Some(t) = &ds.meta.targets
        && t.status_column() == col.name
    {
        let label = |name: &str| {
            ds.column(name)
                .map(|i| ds.columns[i].label.clone())
                .unwrap_or_else(|| name.to_string())
        };
        let key = match Direction::parse(&t.direction) {
            Some(Direction::Higher) => "formula.target_higher",
            Some(Direction::Lower) => "formula.target_lower",
            None => "formula.target_either",
        };
        return Some(w.fill(
            key,
            &[
                ("met", w.get("target.met")),
                ("not_yet", w.get("target.not_yet_reported")),
                ("actual", &label(&t.actual)),
                ("target", &label(&t.target)),
                ("direction", &label(&t.direction)),
            ],
        ));
    }
    let Some(spec) = &col.derived else {
        return Some(stored);
    };
    let of = spec.of.as_deref().unwrap_or_default();
    Some(match spec.kind {
        DerivedKind::Share => w.fill("formula.share", &[("of", of)]),
        DerivedKind::Rank => match spec.order.unwrap_or_default() {
            Order::Descending => w.fill("formula.rank_highest", &[("of", of)]),
            Order::Ascending => w.fill("formula.rank_lowest", &[("of", of)]),
        },
        _ => stored,
    })
}
