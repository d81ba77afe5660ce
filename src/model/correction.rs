//! Corrections kept on record: a figure that was published wrong, what it
//! was published as, when it was put right and why. The corrected figure is
//! always the one computed from the data; the record only says what readers
//! may have seen before.

use std::path::PathBuf;

use serde::Serialize;

/// One recorded correction, from a sidecar's or a page's `corrections:`.
/// A page can also correct its own wording: such a correction names no
/// figure, and its `dataset`, `row` and `column` are empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correction {
    /// The dataset the figure comes from (empty for a correction of wording).
    pub dataset: String,
    /// The row's key, as the author wrote it.
    pub row: String,
    /// The column as the author named it: a computed column, or the stated
    /// (as-published) column that is checked against one.
    pub column: String,
    /// The figure as it was published, as text.
    pub published: String,
    /// When it was corrected, `YYYY-MM-DD`.
    pub date: String,
    /// Why: author text, worked out by the call engine like any other.
    pub reason: String,
    /// The file the correction is recorded in, and the line of its entry.
    #[serde(skip)]
    pub file: PathBuf,
    #[serde(skip)]
    pub line: usize,
    /// For a correction recorded in a page's front matter: the page's URL,
    /// where the figure stands in the prose.
    pub page: Option<String>,
}

impl Correction {
    /// The id of the correction's notice, unique on the site and lasting
    /// while the correction does: `correction-asb-ashford-change-pct`.
    pub fn anchor(&self) -> String {
        if self.is_wording() {
            // No figure to name it by: the date and the first words quoted,
            // which stay put while the correction does.
            let words: String = self
                .published
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ");
            let slug = crate::util::text::slugify(&format!("{} {words}", self.date));
            return format!("correction-wording-{slug}");
        }
        let slug =
            crate::util::text::slugify(&format!("{} {} {}", self.dataset, self.row, self.column));
        format!("correction-{slug}")
    }

    /// Whether the correction is of a page's wording rather than a figure.
    pub fn is_wording(&self) -> bool {
        self.dataset.is_empty()
    }

    /// Whether the correction is about this row key and column name (the
    /// row compared as `value(row=…)` finds rows: exactly, or ignoring case).
    pub fn is_for(&self, row_key: &str, column: &str) -> bool {
        self.column == column
            && (self.row == row_key || self.row.trim().eq_ignore_ascii_case(row_key.trim()))
    }
}

/// Where a correction's figure is in its dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub row: usize,
    /// The column readers see: the computed one.
    pub column: usize,
    /// The stated (as-published) column checked against it, if there is one.
    pub stated: Option<usize>,
}

/// The row and columns a correction names, if they exist: a stated column
/// stands for the computed column it is checked against, and a computed
/// column brings the stated column that verifies it.
pub fn target(ds: &crate::model::dataset::Dataset, c: &Correction) -> Option<Target> {
    let row = ds.row(&c.row)?;
    let named = ds.column(&c.column)?;
    let (column, stated) = match ds.columns[named].verify.as_deref() {
        Some(t) => (ds.column(t)?, Some(named)),
        None => (
            named,
            ds.columns
                .iter()
                .position(|s| s.verify.as_deref() == Some(c.column.as_str())),
        ),
    };
    Some(Target {
        row,
        column,
        stated,
    })
}

/// The correction recorded for the figure at row `r`, column `col` (the
/// column readers see), if there is one.
pub fn for_cell(ds: &crate::model::dataset::Dataset, r: usize, col: usize) -> Option<&Correction> {
    ds.meta
        .corrections
        .iter()
        .find(|c| target(ds, c).is_some_and(|t| t.row == r && t.column == col))
}
