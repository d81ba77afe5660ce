//! GSS shorthand in tables: each symbol in its cell, with its meaning in
//! words for screen readers, and a key under the table listing only the
//! symbols the table uses, why derived figures are missing, and what any
//! rule left out.

use std::fmt::Write as _;

use crate::model::dataset::Dataset;
use crate::model::dataset::format::{Cell, format};
use crate::model::dataset::symbol::{Mark, Symbol, missing_sentence};
use crate::util::html::escape_block as escape;

/// Most reasons listed under a table; the rest are counted.
const MAX_REASONS: usize = 8;

/// `[x]` as HTML: the letters seen, the meaning heard.
pub fn symbol_html(s: Symbol) -> String {
    format!(
        "<span class=\"symbol\">{}<span class=\"visually-hidden\"> ({})</span></span>",
        escape(&s.shown()),
        escape(s.meaning())
    )
}

/// A cell's HTML with its marks, or None when it has none (the caller
/// formats it as ever).
pub fn cell_html(ds: &Dataset, cell: &Cell, c: usize, mark: Option<&Mark>) -> Option<String> {
    let m = mark.filter(|m| !m.symbols.is_empty())?;
    let symbols: String = m.symbols.iter().map(|&s| symbol_html(s)).collect();
    Some(match (cell, m.replacing()) {
        (Cell::Missing, Some(s)) => symbol_html(s),
        (Cell::Missing, None) => return None,
        (c2, _) => format!("{} {symbols}", escape(&format(c2, ds.columns[c].style()))),
    })
}

/// The marks of the cells a table shows: its rows and, if shown, totals.
fn shown_marks<'a>(
    ds: &'a Dataset,
    cols: &'a [usize],
    rows: &'a [usize],
    totals: bool,
) -> impl Iterator<Item = &'a Mark> + 'a {
    let body =
        (rows.iter()).flat_map(move |&r| cols.iter().filter_map(move |&c| ds.marks.cell(r, c)));
    let foot = (cols.iter())
        .filter(move |_| totals)
        .filter_map(move |c| ds.marks.totals.get(c));
    body.chain(foot)
}

/// The key under a table, or nothing when the table uses no symbol and no
/// rule left anything out. `id` is the table's, so the table can point at
/// its key (`aria-describedby`).
pub fn key_html(ds: &Dataset, cols: &[usize], rows: &[usize], totals: bool, id: &str) -> String {
    let marks: Vec<&Mark> = shown_marks(ds, cols, rows, totals).collect();
    let mut used: Vec<Symbol> = marks
        .iter()
        .flat_map(|m| m.symbols.iter().copied())
        .collect();
    used.sort();
    used.dedup();
    let mut reasons: Vec<&str> = marks.iter().filter_map(|m| m.reason.as_deref()).collect();
    reasons.dedup();
    if used.is_empty() && reasons.is_empty() && ds.marks.notes.is_empty() {
        return String::new();
    }
    let mut s = format!("<div class=\"table-key\" id=\"{}-key\">\n", escape(id));
    if let Some(what) = missing_sentence(marks.iter().copied()) {
        let _ = writeln!(s, "<p>In this table, {}.</p>", escape(&what));
    }
    if !used.is_empty() {
        s.push_str("<dl class=\"table-key__symbols\">\n");
        for sym in used {
            let _ = writeln!(
                s,
                "<div><dt>{}</dt><dd>{}: {}</dd></div>",
                escape(&sym.shown()),
                escape(sym.meaning()),
                escape(sym.help())
            );
        }
        s.push_str("</dl>\n");
    }
    let notes: Vec<String> = (ds.marks.notes.iter().cloned())
        .chain(
            reasons
                .iter()
                .take(MAX_REASONS)
                .map(|r| format!("{}.", upper_first(r))),
        )
        .chain(
            (reasons.len() > MAX_REASONS).then(|| match reasons.len() - MAX_REASONS {
                1 => "1 more figure is missing for one of these reasons.".to_string(),
                n => format!("{n} more figures are missing for these reasons."),
            }),
        )
        .collect();
    if !notes.is_empty() {
        s.push_str("<ul class=\"table-key__notes\">\n");
        for n in notes {
            let _ = writeln!(s, "<li>{}</li>", escape(&n));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</div>\n");
    s
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
