//! GSS shorthand in the downloads. The CSV writes a missing figure's
//! symbol in its cell (`[x]`), as GSS asks of machine-readable tables; the
//! CSV on the Web metadata lists those symbols as `null`, so a CSVW reader
//! reads them as "no value" and not as a bad number, and carries the marks
//! on figures that are shown (`[p]`) as annotations of their cells; the
//! JSON lists every mark with its meaning.

use serde_json::{Value, json};

use crate::model::dataset::Dataset;
use crate::model::dataset::format::{Cell, raw};
use crate::model::dataset::symbol::{Mark, Symbol};

/// Cell (r, c) as the CSV writes it.
pub(crate) fn csv_text(ds: &Dataset, r: usize, c: usize) -> String {
    let cell = &ds.rows[r][c];
    match (cell, ds.marks.cell(r, c).and_then(Mark::replacing)) {
        (Cell::Missing, Some(s)) => s.shown(),
        // Each figure in its row's style, where a row has one (a percentage
        // row keeps its decimal in a column of counts).
        _ => raw(cell, ds.style_at(Some(r), c)),
    }
}

/// The texts a CSVW reader takes for "no value": an empty cell and every
/// symbol standing in for a figure.
pub(crate) fn csvw_null() -> Value {
    let mut v = vec![String::new()];
    v.extend(
        (Symbol::ALL.iter())
            .filter(|s| s.replaces_figure())
            .map(|s| s.shown()),
    );
    json!(v)
}

/// Every mark on a published cell: where it is, its symbols and meanings,
/// and for a derived figure why it is missing. Row and column are 1-based
/// in the CSV (the header is row 1), as RFC 7111 counts them.
fn published_marks(ds: &Dataset) -> Vec<(usize, usize, &Mark)> {
    let cols: Vec<usize> = ds.published_columns().map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for (&(r, c), m) in &ds.marks.cells {
        if let Some(p) = cols.iter().position(|&i| i == c) {
            out.push((r, p, m));
        }
    }
    out
}

fn meaning(m: &Mark) -> String {
    let words: Vec<String> = (m.symbols.iter())
        .map(|s| format!("{} {}", s.shown(), s.meaning()))
        .collect();
    match &m.reason {
        Some(r) => format!("{}: {}", words.join(", "), r.english()),
        None => words.join(", "),
    }
}

/// Annotations (W3C Web Annotation, as CSVW `notes`) for each mark.
pub(crate) fn csvw_notes(ds: &Dataset) -> Vec<Value> {
    (published_marks(ds).into_iter())
        .filter(|(_, _, m)| !m.symbols.is_empty())
        .map(|(r, c, m)| {
            json!({
                "type": "Annotation",
                "target": format!("{}.csv#cell={},{}", ds.name, r + 2, c + 1),
                "body": meaning(m),
            })
        })
        .collect()
}

/// The JSON download's `markers`: each marked cell by row key and column.
pub(crate) fn json_markers(ds: &Dataset) -> Value {
    let cols: Vec<usize> = ds.published_columns().map(|(i, _)| i).collect();
    let list: Vec<Value> = (published_marks(ds).into_iter())
        .map(|(r, c, m)| {
            json!({
                "row": ds.key_text(r),
                "column": ds.columns[cols[c]].name,
                "symbols": m.symbols.iter().map(|s| s.shown()).collect::<Vec<_>>(),
                "meaning": meaning(m),
            })
        })
        .collect();
    json!(list)
}

/// The JSON download's `symbols`: the meaning of each symbol it uses.
pub(crate) fn json_symbols(ds: &Dataset) -> Value {
    let map: serde_json::Map<String, Value> = (ds.marks.used().into_iter())
        .map(|s| (s.shown(), Value::String(s.meaning().to_string())))
        .collect();
    Value::Object(map)
}
