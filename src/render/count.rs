//! `count(data, where)`: how many rows of a dataset meet a condition, for
//! sentences such as "three districts saw a reduction". A row with no
//! figure in the column could go either way, so it is never counted or
//! left out silently.

use tera::{Error, Kwargs};

use crate::model::dataset::Datasets;
use crate::model::dataset::format::{self, Style};
use crate::model::dataset::schema::ColType;
use crate::render::condition::parse;
use crate::render::functions::{
    Placed, Recorder, check_kwargs, column_error, dataset, fail, text_arg,
};

pub fn count(
    data: &Datasets,
    kwargs: &Kwargs,
    rec: &Recorder<'_>,
    words: &crate::model::i18n::Messages,
) -> Result<String, Error> {
    check_kwargs(kwargs, &["data", "where", "format", "missing"], "count")?;
    let ds = dataset(data, kwargs, "count", rec)?;
    let text = text_arg(kwargs, "where", "count")?.ok_or_else(|| {
        fail(
            "count() needs a condition: where=\"COLUMN < NUMBER\"",
            "e.g. where=\"change_pct < 0\" counts the rows whose change is a fall",
        )
    })?;
    let cond = parse(&text).ok_or_else(|| {
        fail(
            format!("count(): cannot read the condition `{text}`"),
            "write a column, one of < <= > >= == !=, and a number or words in quotes: where=\"change_pct < 0\" or where=\"priority == 'ASB'\"",
        )
    })?;
    let c = ds.column(&cond.column).ok_or_else(|| {
        column_error(
            ds,
            crate::render::table::TableError::UnknownColumn(cond.column.clone()),
        )
    })?;
    if let Some(why) = cond.mismatch(ds.columns[c].ty.is_numeric()) {
        return Err(fail(
            format!("count(): {why}"),
            "e.g. where=\"change_pct < 0\" or where=\"priority == 'ASB'\"",
        ));
    }
    let skip_missing = match text_arg(kwargs, "missing", "count")?.as_deref() {
        None => false,
        Some("skip") => true,
        Some(other) => {
            return Err(fail(
                format!("count(): missing=\"{other}\" is not a choice"),
                "write missing=\"skip\" to count only the rows with a figure",
            ));
        }
    };
    let mut met = Vec::new();
    let mut missing = Vec::new();
    for (r, row) in ds.rows.iter().enumerate() {
        match cond.test(&row[c]) {
            Some(true) => met.push(ds.key_text(r)),
            Some(false) => {}
            None => missing.push(ds.key_text(r)),
        }
    }
    if !missing.is_empty() && !skip_missing {
        return Err(fail(
            format!(
                "count(): {} of dataset `{}` {} no figure for `{}`, so the count could be wrong",
                missing.join(", "),
                ds.name,
                if missing.len() == 1 { "has" } else { "have" },
                cond.column
            ),
            "fill in the data, or write missing=\"skip\" to count only the rows with a figure (say so in the sentence)",
        ));
    }
    let n = met.len() as f64;
    let shown = match text_arg(kwargs, "format", "count")?.as_deref() {
        Some("words") => crate::render::words::number_words(n, words)
            .unwrap_or_else(|| format::format_number(n, integer())),
        None => format::format_number(n, integer()),
        Some(other) => {
            return Err(fail(
                format!("count() has no format `{other}`"),
                "format is words, or leave it out for figures",
            ));
        }
    };
    let of = ds.rows.len() - if skip_missing { missing.len() } else { 0 };
    let mut working = words.fill(
        "count.working",
        &[
            ("n", &met.len().to_string()),
            ("of", &of.to_string()),
            ("rows", &met.join(", ")),
        ],
    );
    if skip_missing && !missing.is_empty() {
        working.push_str("; ");
        working.push_str(&words.fill("count.no_figure", &[("rows", &missing.join(", "))]));
    }
    rec.place_figure(Placed {
        dataset: ds.name.clone(),
        dataset_title: ds.meta.title.clone(),
        row: words.fill("count.rows_where", &[("condition", &text)]),
        column: ds.columns[c].label.clone(),
        shown: shown.clone(),
        value: n,
        working: Some(working),
        url: ds.url(),
        correction: None,
    });
    Ok(shown)
}

fn integer() -> Style {
    Style {
        ty: ColType::Integer,
        decimals: 0,
        signed: false,
    }
}
