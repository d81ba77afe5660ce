//! `count(data, where)`: how many rows of a dataset meet a condition, for
//! sentences such as "three districts saw a reduction". A row with no
//! figure in the column could go either way, so it is never counted or
//! left out silently.

use tera::{Error, Kwargs};

use crate::model::dataset::Datasets;
use crate::model::dataset::format::{self, Style};
use crate::model::dataset::schema::ColType;
use crate::render::functions::{
    Placed, Recorder, check_kwargs, column_error, dataset, fail, text_arg,
};

/// A condition: `change_pct < 0`.
#[derive(Debug, PartialEq)]
struct Condition {
    column: String,
    op: &'static str,
    value: f64,
}

const OPS: [&str; 6] = ["<=", ">=", "!=", "==", "<", ">"];

fn parse(text: &str) -> Option<Condition> {
    for op in OPS {
        if let Some((l, r)) = text.split_once(op) {
            let column = l.trim().to_string();
            let value: f64 = r.trim().replace('−', "-").parse().ok()?;
            if column.is_empty() || column.contains(char::is_whitespace) {
                return None;
            }
            return Some(Condition { column, op, value });
        }
    }
    None
}

impl Condition {
    fn holds(&self, x: f64) -> bool {
        match self.op {
            "<" => x < self.value,
            "<=" => x <= self.value,
            ">" => x > self.value,
            ">=" => x >= self.value,
            "==" => x == self.value,
            _ => x != self.value,
        }
    }
}

pub fn count(data: &Datasets, kwargs: &Kwargs, rec: &Recorder<'_>) -> Result<String, Error> {
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
            "write a column, one of < <= > >= == !=, and a number: where=\"change_pct < 0\"",
        )
    })?;
    let c = ds.column(&cond.column).ok_or_else(|| {
        column_error(
            ds,
            crate::render::table::TableError::UnknownColumn(cond.column.clone()),
        )
    })?;
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
        match row[c].number() {
            Some(x) if cond.holds(x) => met.push(ds.key_text(r)),
            Some(_) => {}
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
        Some("words") => crate::render::words::number_words(n)
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
    let mut working = format!("{} of {of} rows: {}", met.len(), met.join(", "));
    if skip_missing && !missing.is_empty() {
        working.push_str(&format!("; no figure for {}", missing.join(", ")));
    }
    rec.place_figure(Placed {
        dataset: ds.name.clone(),
        dataset_title: ds.meta.title.clone(),
        row: format!("rows where {text}"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_conditions() {
        assert_eq!(
            parse("change_pct < 0"),
            Some(Condition {
                column: "change_pct".into(),
                op: "<",
                value: 0.0
            })
        );
        assert_eq!(parse("rank<=3").map(|c| c.op), Some("<="));
        assert_eq!(parse("change >= −5").map(|c| c.value), Some(-5.0));
        assert_eq!(parse("change"), None);
        assert_eq!(parse("two words < 3"), None);
        assert_eq!(parse("< 3"), None);
    }
}
