//! GSS shorthand in tables: each symbol in its cell, with its meaning in
//! words for screen readers, and a key under the table listing only the
//! symbols the table uses, why derived figures are missing, and what any
//! rule left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::dataset::Dataset;
use crate::model::dataset::format::{Cell, format};
use crate::model::dataset::symbol::{Mark, Symbol};
use crate::model::i18n::Messages;
use crate::util::html::escape_block as escape;

/// Most reasons listed under a table; the rest are counted.
const MAX_REASONS: usize = 8;

/// `[x]` as HTML: the letters seen, the meaning heard.
pub fn symbol_html(s: Symbol, w: &Messages) -> String {
    format!(
        "<span class=\"symbol\">{}<span class=\"visually-hidden\"> ({})</span></span>",
        escape(&s.shown()),
        escape(w.get(&s.key()))
    )
}

/// `not available [x]`: a symbol with its meaning, for sentences.
pub fn symbol_words(s: Symbol, w: &Messages) -> String {
    w.fill(
        "symbol.in_words",
        &[("meaning", w.get(&s.key())), ("symbol", &s.shown())],
    )
}

/// "1 figure is confidential [c]; 2 are not available [x]": what is
/// missing among `marks`, for the key under a table and descriptions of
/// charts, in the page's language.
pub fn missing_sentence<'a>(marks: impl Iterator<Item = &'a Mark>, w: &Messages) -> Option<String> {
    let mut counts: BTreeMap<Symbol, usize> = BTreeMap::new();
    for m in marks {
        if let Some(s) = m.replacing() {
            *counts.entry(s).or_default() += 1;
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .enumerate()
        .map(|(i, (s, n))| {
            let key = match (i, *n) {
                (0, 1) => "missing.first_one",
                (0, _) => "missing.first_many",
                (_, 1) => "missing.one",
                (_, _) => "missing.many",
            };
            w.fill(
                key,
                &[
                    ("n", &n.to_string()),
                    ("meaning", w.get(&s.key())),
                    ("symbol", &s.shown()),
                ],
            )
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A cell's HTML with its marks, or None when it has none (the caller
/// formats it as ever).
pub fn cell_html(
    ds: &Dataset,
    cell: &Cell,
    c: usize,
    mark: Option<&Mark>,
    w: &Messages,
) -> Option<String> {
    let m = mark.filter(|m| !m.symbols.is_empty())?;
    let symbols: String = m.symbols.iter().map(|&s| symbol_html(s, w)).collect();
    Some(match (cell, m.replacing()) {
        (Cell::Missing, Some(s)) => symbol_html(s, w),
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
pub fn key_html(
    ds: &Dataset,
    (cols, rows, totals): (&[usize], &[usize], bool),
    id: &str,
    w: &Messages,
) -> String {
    let marks: Vec<&Mark> = shown_marks(ds, cols, rows, totals).collect();
    let mut used: Vec<Symbol> = marks
        .iter()
        .flat_map(|m| m.symbols.iter().copied())
        .collect();
    used.sort();
    used.dedup();
    let mut reasons: Vec<String> = (marks.iter())
        .filter_map(|m| m.reason.as_ref())
        .map(|r| r.say(w))
        .collect();
    reasons.dedup();
    if used.is_empty() && reasons.is_empty() && ds.marks.notes.is_empty() {
        return String::new();
    }
    let mut s = format!("<div class=\"table-key\" id=\"{}-key\">\n", escape(id));
    if let Some(what) = missing_sentence(marks.iter().copied(), w) {
        let _ = writeln!(
            s,
            "<p>{}</p>",
            escape(&w.fill("table.key_missing", &[("what", &what)]))
        );
    }
    if !used.is_empty() {
        s.push_str("<dl class=\"table-key__symbols\">\n");
        for sym in used {
            let _ = writeln!(
                s,
                "<div><dt>{}</dt><dd>{}: {}</dd></div>",
                escape(&sym.shown()),
                escape(w.get(&sym.key())),
                escape(w.get(&sym.help_key()))
            );
        }
        s.push_str("</dl>\n");
    }
    let notes: Vec<String> = (ds.marks.notes.iter().map(|n| n.say(w)))
        .chain(
            reasons
                .iter()
                .take(MAX_REASONS)
                .map(|r| format!("{}.", crate::util::text::capitalise_first(r))),
        )
        .chain(
            (reasons.len() > MAX_REASONS).then(|| match reasons.len() - MAX_REASONS {
                1 => w.get("missing.more_one").to_string(),
                n => w.fill("missing.more", &[("n", &n.to_string())]),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_is_missing_in_the_page_language() {
        let x = Mark::of(vec![Symbol::NotAvailable]);
        let c = Mark::of(vec![Symbol::Confidential]);
        let p = Mark::of(vec![Symbol::Provisional]);
        let en = Messages::builtin("en-GB");
        assert_eq!(
            missing_sentence([&x, &x, &c, &p].into_iter(), &en).as_deref(),
            Some("1 figure is confidential [c]; 2 are not available [x]")
        );
        assert_eq!(missing_sentence([&p].into_iter(), &en), None);
        let cy = Messages::builtin("cy");
        assert_eq!(
            missing_sentence([&x].into_iter(), &cy).as_deref(),
            Some("mae 1 ffigur wedi'i farcio [x] (ddim ar gael)")
        );
        assert_eq!(
            symbol_html(Symbol::Provisional, &cy),
            "<span class=\"symbol\">[p]<span class=\"visually-hidden\"> (dros dro)</span></span>"
        );
        assert_eq!(symbol_words(Symbol::NotAvailable, &en), "not available [x]");
    }
}
