//! `table(rows=[…])` and `table(where="…")`: the rows of a dataset one
//! table shows, picked by their keys or by a condition, so one dataset can
//! serve several tables instead of being split into several files.
//!
//! A picked table leaves the dataset's totals row out, since it adds up
//! every row; the line under the table says how many rows are shown, and
//! that the totals are left out.

use tera::{Error, Kwargs};

use crate::model::dataset::Dataset;
use crate::render::condition;
use crate::render::functions::{column_error, fail, text_arg};
use crate::render::table::TableError;

/// The rows `rows=` or `where=` pick, in the order to show them (the
/// order listed for `rows=`, the CSV's for `where=`); `None` for all.
pub(crate) fn picked_rows(
    ds: &Dataset,
    rows: Option<Vec<String>>,
    kwargs: &Kwargs,
) -> Result<Option<Vec<usize>>, Error> {
    let cond = text_arg(kwargs, "where", "table")?;
    let skip = match text_arg(kwargs, "missing", "table")?.as_deref() {
        None => false,
        Some("skip") => true,
        Some(other) => {
            return Err(fail(
                format!("table(): missing=\"{other}\" is not a choice"),
                "write missing=\"skip\" to leave out the rows with no figure to test",
            ));
        }
    };
    match (rows, cond) {
        (Some(_), Some(_)) => Err(fail(
            "table() takes rows=[…] or where=\"…\", not both",
            "name the rows with rows=[\"A\", \"B\"], or describe them with where=\"COLUMN == 'WORDS'\"",
        )),
        (Some(keys), None) => by_key(ds, &keys).map(Some),
        (None, Some(text)) => by_condition(ds, &text, skip).map(Some),
        (None, None) => Ok(None),
    }
}

fn by_key(ds: &Dataset, keys: &[String]) -> Result<Vec<usize>, Error> {
    if keys.is_empty() {
        return Err(fail(
            "table(): rows=[] picks no rows",
            "name at least one row by its key, e.g. rows=[\"Ashford\"], or leave rows= out for every row",
        ));
    }
    keys.iter()
        .map(|k| {
            ds.row(k)
                .ok_or_else(|| column_error(ds, TableError::UnknownRow(k.clone())))
        })
        .collect()
}

fn by_condition(ds: &Dataset, text: &str, skip: bool) -> Result<Vec<usize>, Error> {
    let cond = condition::parse(text).ok_or_else(|| {
        fail(
            format!("table(): cannot read the condition `{text}`"),
            "write a column, one of < <= > >= == !=, and a number or words in quotes: where=\"change_pct < 0\" or where=\"priority == 'ASB'\"",
        )
    })?;
    let c = ds
        .column(&cond.column)
        .ok_or_else(|| column_error(ds, TableError::UnknownColumn(cond.column.clone())))?;
    if let Some(why) = cond.mismatch(ds.columns[c].ty.is_numeric()) {
        return Err(fail(
            format!("table(): {why}"),
            "e.g. where=\"change_pct < 0\" or where=\"priority == 'ASB'\"",
        ));
    }
    let mut picked = Vec::new();
    let mut unknown = Vec::new();
    for (r, row) in ds.rows.iter().enumerate() {
        match cond.test(&row[c]) {
            Some(true) => picked.push(r),
            Some(false) => {}
            None => unknown.push(ds.key_text(r)),
        }
    }
    if !unknown.is_empty() && !skip {
        return Err(fail(
            format!(
                "table(): {} of dataset `{}` {} no figure for `{}`, so whether {} belong in the table cannot be told",
                unknown.join(", "),
                ds.name,
                if unknown.len() == 1 { "has" } else { "have" },
                cond.column,
                if unknown.len() == 1 { "it" } else { "they" },
            ),
            "fill in the data, or write missing=\"skip\" to leave those rows out (and say so near the table)",
        ));
    }
    if picked.is_empty() {
        return Err(fail(
            format!("table(): no row of dataset `{}` meets `{text}`", ds.name),
            "check the condition's words against the data (they must match exactly), or show the whole table",
        ));
    }
    Ok(picked)
}
