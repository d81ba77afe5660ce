//! Accessible HTML tables from datasets.

use std::fmt::Write as _;

use crate::model::dataset::format::{Cell, format};
use crate::model::dataset::{Dataset, Totals};
use crate::model::i18n::Messages;
// Every text from data goes through escape_block: a table is inserted into
// Markdown as one HTML block, which a blank line inside a cell would end.
use crate::util::html::{escape_block as escape, is_safe_url};

/// What `table()` was asked for.
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    pub columns: Option<Vec<String>>,
    /// Column name; a leading `-` sorts descending.
    pub sort: Option<String>,
    pub caption: Option<String>,
    pub highlight: Vec<String>,
    pub totals: Option<bool>,
    /// Rows shown inline before the table links to the download instead.
    pub max_rows: usize,
    /// Unique id for this table on its page.
    pub id: String,
    /// Size of the CSV download, shown with its link.
    pub csv_bytes: Option<usize>,
    /// The source, licence and download line under the table. A chart's
    /// data table leaves it out: the chart says it once, under the figure.
    pub notes: bool,
    /// Rows carry ids ([`Dataset::row_anchor`]) that figures placed in
    /// pages link to: on the dataset's own page only, where they are unique.
    pub row_ids: bool,
    /// The rows `rows=` or `where=` picked, in order (render/table_select.rs);
    /// the totals row is left out of such a table.
    pub pick: Option<Vec<usize>>,
    /// The words of the page's language ("Source:", "no data").
    pub words: std::sync::Arc<crate::model::i18n::Messages>,
}

pub const MAX_INLINE_ROWS: usize = 500;

#[derive(Debug, Clone, PartialEq)]
pub enum TableError {
    UnknownColumn(String),
    UnknownRow(String),
}

/// Resolves the column list (published columns unless named).
pub fn select_columns(ds: &Dataset, names: Option<&[String]>) -> Result<Vec<usize>, TableError> {
    match names {
        Some(names) => names
            .iter()
            .map(|n| {
                ds.column(n)
                    .ok_or_else(|| TableError::UnknownColumn(n.clone()))
            })
            .collect(),
        None => Ok(ds
            .columns
            .iter()
            .enumerate()
            .filter(|(i, c)| *i == ds.key || (c.is_published() && !c.hidden))
            .map(|(i, _)| i)
            .collect()),
    }
}

/// Row order after an optional sort; ties keep the CSV's order.
pub fn row_order(ds: &Dataset, sort: Option<&str>) -> Result<Vec<usize>, TableError> {
    let mut order: Vec<usize> = (0..ds.rows.len()).collect();
    if let Some(s) = sort {
        let (desc, name) = match s.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, s),
        };
        let c = ds
            .column(name)
            .ok_or_else(|| TableError::UnknownColumn(name.to_string()))?;
        order.sort_by(|&a, &b| {
            let ord = compare_cells(&ds.rows[a][c], &ds.rows[b][c]);
            if desc { ord.reverse() } else { ord }
        });
    }
    Ok(order)
}

fn compare_cells(a: &Cell, b: &Cell) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Cell::Number(x), Cell::Number(y)) => x.total_cmp(y),
        (Cell::Text(x), Cell::Text(y)) | (Cell::Date(x), Cell::Date(y)) => x.cmp(y),
        // No data sorts last either way round.
        (Cell::Missing, Cell::Missing) => Ordering::Equal,
        (Cell::Missing, _) => Ordering::Greater,
        (_, Cell::Missing) => Ordering::Less,
        _ => Ordering::Equal,
    }
}

fn cell_html(
    cell: &Cell,
    ds: &Dataset,
    row: Option<usize>,
    col: usize,
    words: &Messages,
) -> String {
    match cell {
        Cell::Missing => format!(
            "<span class=\"no-data\">{}</span>",
            escape(words.get("table.no_data"))
        ),
        Cell::Date(d) => escape(&words.date(d)),
        c if col == ds.key => match row.and_then(|r| ds.row_unit(r)) {
            // A row with a unit of its own says it as a heading does.
            Some(u) => escape(&format!("{} ({u})", format(c, ds.columns[col].style()))),
            None => escape(&format(c, ds.columns[col].style())),
        },
        c => escape(&ds.show_at(row, col, c, words)),
    }
}

pub fn render(ds: &Dataset, opts: &TableOptions) -> Result<String, TableError> {
    let cols = select_columns(ds, opts.columns.as_deref())?;
    let mut order = row_order(ds, opts.sort.as_deref())?;
    if let Some(pick) = &opts.pick {
        order = match opts.sort {
            Some(_) => order.into_iter().filter(|r| pick.contains(r)).collect(),
            None => pick.clone(),
        };
    }
    for h in &opts.highlight {
        if ds.row(h).is_none() {
            return Err(TableError::UnknownRow(h.clone()));
        }
    }
    let highlighted: Vec<usize> = opts.highlight.iter().filter_map(|h| ds.row(h)).collect();
    let mut s = String::with_capacity(256 + ds.rows.len() * cols.len() * 32);
    write_head(&mut s, ds, &cols, opts);
    let shown = order.len().min(opts.max_rows.max(1));
    let mut refs = super::table_cells::NoteRefs::new(opts.words.get("table.note"));
    write_body(
        &mut s,
        (ds, &opts.id, &mut refs),
        &cols,
        &order[..shown],
        &highlighted,
        opts,
    );
    let totals = ds.totals.as_ref().filter(|_| opts.totals.unwrap_or(true));
    if let Some(t) = totals.filter(|_| opts.pick.is_none()) {
        write_totals(&mut s, ds, &cols, t, opts.row_ids, &opts.words);
    }
    s.push_str("</table>\n</div>\n");
    let shown_totals = totals.is_some() && opts.pick.is_none();
    let key = super::table_key::key_html(
        ds,
        (&cols, &order[..shown], shown_totals),
        &opts.id,
        &opts.words,
    );
    if !key.is_empty() {
        // The table points at its key, so a screen reader hears what is missing.
        let at = format!("<table class=\"data-table\" id=\"{}\"", opts.id);
        s = s.replacen(
            &at,
            &format!("{at} aria-describedby=\"{}-key\"", opts.id),
            1,
        );
        s.push_str(&key);
    }
    s.push_str(&super::table_cells::notes_html(
        ds,
        &refs,
        &opts.id,
        &opts.words,
    ));
    s.push_str(&crate::render::corrections::notices(
        ds,
        &opts.id,
        &order[..shown],
        &cols,
        &opts.words,
    ));
    let cut = if opts.pick.is_some() {
        let mut c = opts.words.fill(
            "table.picked",
            &[
                ("shown", &shown.to_string()),
                ("total", &ds.rows.len().to_string()),
            ],
        );
        if totals.is_some() {
            c.push(' ');
            c.push_str(opts.words.get("table.picked_totals"));
        }
        Some(escape(&c))
    } else {
        (shown < order.len()).then(|| {
            escape(&opts.words.fill(
                "table.cut",
                &[
                    ("shown", &shown.to_string()),
                    ("total", &order.len().to_string()),
                ],
            ))
        })
    };
    write_notes(&mut s, ds, opts, cut);
    Ok(s)
}

/// Column `c`'s label as the page shows it: the author's, or, where
/// Plainsight named the column (a derived column or a targets table's
/// status left unlabelled), its name in the page's language.
pub(crate) fn column_label(ds: &Dataset, c: usize, w: &Messages) -> String {
    match ds.catalogue_label(c) {
        Some(key) => w.get(key).to_string(),
        None => ds.columns[c].label.clone(),
    }
}

/// The totals row's label: "Total" in the page's language unless the
/// sidecar names it.
fn totals_label(t: &crate::model::dataset::Totals, w: &Messages) -> String {
    if t.label == "Total" {
        w.get("table.total").to_string()
    } else {
        t.label.clone()
    }
}

/// The scrolling region, the caption and the column headers.
fn write_head(s: &mut String, ds: &Dataset, cols: &[usize], opts: &TableOptions) {
    let id = &opts.id;
    let caption = opts
        .caption
        .clone()
        .unwrap_or_else(|| ds.meta.title.clone());
    let _ = write!(
        s,
        "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{id}-caption\" tabindex=\"0\">\n<table class=\"data-table\" id=\"{id}\">\n<caption id=\"{id}-caption\">{}",
        escape(&caption)
    );
    if !ds.meta.period.current.is_empty() {
        let _ = write!(
            s,
            " <span class=\"caption-period\">{}</span>",
            escape(&period_text(ds, &opts.words))
        );
    }
    s.push_str("</caption>\n<thead>\n<tr>");
    for &c in cols {
        let col = &ds.columns[c];
        let class = if col.ty.is_numeric() {
            " class=\"num\""
        } else {
            ""
        };
        // The unit after the label, as docs/datasets.md promises:
        // "2023 (incidents)".
        let label = column_label(ds, c, &opts.words);
        let head = match &col.unit {
            Some(u) if !u.is_empty() => format!("{label} ({u})"),
            _ => label,
        };
        let _ = write!(s, "<th scope=\"col\"{class}>{}</th>", escape(&head));
    }
    s.push_str("</tr>\n</thead>\n");
}

/// The rows shown, in order; the first cell of each heads its row.
fn write_body(
    s: &mut String,
    (ds, table_id, refs): (&Dataset, &str, &mut super::table_cells::NoteRefs),
    cols: &[usize],
    rows: &[usize],
    highlighted: &[usize],
    opts: &TableOptions,
) {
    s.push_str("<tbody>\n");
    let anchors = if opts.row_ids {
        row_anchors(ds)
    } else {
        Vec::new()
    };
    for &r in rows {
        let row = &ds.rows[r];
        s.push_str("<tr");
        if let Some(id) = anchors.get(r) {
            let _ = write!(s, " id=\"{}\"", escape(id));
        }
        if highlighted.contains(&r) {
            s.push_str(" class=\"highlight\"");
        }
        s.push('>');
        for (n, &c) in cols.iter().enumerate() {
            let num = ds.columns[c].ty.is_numeric();
            let marked =
                super::table_key::cell_html(ds, &row[c], c, ds.marks.cell(r, c), &opts.words);
            let mut content = if let Some(m) = marked {
                m
            } else if c == ds.key {
                cell_html(&row[c], ds, Some(r), c, &opts.words)
            } else {
                super::table_cells::text_cell(ds, c, &row[c], refs, table_id, &opts.words)
                    .unwrap_or_else(|| cell_html(&row[c], ds, Some(r), c, &opts.words))
            };
            if let Some(fix) = crate::model::correction::for_cell(ds, r, c) {
                content.push_str(&crate::render::corrections::marker(
                    table_id,
                    fix,
                    &opts.words,
                ));
            }
            if n == 0 {
                let class = if num { " class=\"num\"" } else { "" };
                let _ = write!(s, "<th scope=\"row\"{class}>{content}</th>");
            } else if num {
                let _ = write!(s, "<td class=\"num\">{content}</td>");
            } else {
                let _ = write!(s, "<td>{content}</td>");
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n");
}

/// Every row's id, as [`Dataset::row_anchor`] gives it, in one pass.
fn row_anchors(ds: &Dataset) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    (0..ds.rows.len())
        .map(|r| {
            let slug = crate::util::text::slugify(&ds.key_text(r));
            if slug.is_empty() || !seen.insert(slug.clone()) {
                format!("row-{}", r + 1)
            } else {
                format!("row-{slug}")
            }
        })
        .collect()
}

/// The id of the totals row on a dataset's page.
pub const TOTALS_ANCHOR: &str = "totals-row";

/// The totals row, labelled in the first column.
fn write_totals(
    s: &mut String,
    ds: &Dataset,
    cols: &[usize],
    t: &Totals,
    row_ids: bool,
    words: &Messages,
) {
    if row_ids {
        let _ = write!(s, "<tfoot>\n<tr id=\"{TOTALS_ANCHOR}\">");
    } else {
        s.push_str("<tfoot>\n<tr>");
    }
    for (n, &c) in cols.iter().enumerate() {
        if n == 0 {
            let _ = write!(
                s,
                "<th scope=\"row\">{}</th>",
                escape(&totals_label(t, words))
            );
        } else {
            let cell = &t.cells[c];
            let num = ds.columns[c].ty.is_numeric();
            // Blank rather than "no data": a column that is not totalled
            // has nothing missing.
            let marked = super::table_key::cell_html(ds, cell, c, ds.marks.totals.get(&c), words);
            let content = match marked {
                Some(m) => m,
                // A total missing for a reason says "no data"; the key says why.
                None if cell.is_missing() && ds.marks.totals.contains_key(&c) => {
                    cell_html(cell, ds, None, c, words)
                }
                None if cell.is_missing() => String::new(),
                None => cell_html(cell, ds, None, c, words),
            };
            let class = if num { " class=\"num\"" } else { "" };
            let _ = write!(s, "<td{class}>{content}</td>");
        }
    }
    s.push_str("</tr>\n</tfoot>\n");
}

/// The line under the table: the rows left out, then (unless a chart says
/// it already) the source, licence and download links.
fn write_notes(s: &mut String, ds: &Dataset, opts: &TableOptions, cut: Option<String>) {
    if !opts.notes {
        if let Some(cut) = cut {
            let _ = writeln!(s, "<p class=\"table-notes\">{cut}</p>");
        }
        return;
    }
    s.push_str("<p class=\"table-notes\">");
    if let Some(cut) = cut {
        s.push_str(&cut);
        s.push(' ');
    }
    let w = &opts.words;
    s.push_str(&super::table_cells::sources_html(ds, w));
    if let Some(l) = &ds.meta.licence {
        s.push_str(&licence_html(l, w));
    }
    let size = opts
        .csv_bytes
        .map(|b| format!(", {}", human_size(b, w)))
        .unwrap_or_default();
    let _ = write!(
        s,
        "<a href=\"{}\" download>{}</a> · <a href=\"{}\">{}</a></p>",
        escape(&ds.csv_url()),
        escape(&w.fill("table.download", &[("size", &size)])),
        escape(&ds.url()),
        escape(w.get("table.about")),
    );
    s.push('\n');
}

/// The message `key` as HTML: its words escaped, each value (already HTML)
/// put in as it is.
pub fn fill_html(w: &Messages, key: &str, args: &[(&str, &str)]) -> String {
    crate::model::i18n::fill(&escape(w.get(key)), args)
}

/// "Licence: NAME. ", linked to the licence when it has a safe address.
pub fn licence_html(l: &crate::model::config::Licence, w: &Messages) -> String {
    let shown = w.licence_name(l);
    let name = if l.url.is_empty() || !is_safe_url(&l.url) {
        escape(&shown)
    } else {
        format!(
            "<a href=\"{}\" rel=\"license\">{}</a>",
            escape(&l.url),
            escape(&shown)
        )
    };
    format!("{} ", fill_html(w, "table.licence", &[("licence", &name)]))
}

pub fn period_text(ds: &Dataset, w: &Messages) -> String {
    let p = &ds.meta.period;
    if p.previous.is_empty() {
        p.current.clone()
    } else {
        w.fill(
            "table.compared_with",
            &[("current", &p.current), ("previous", &p.previous)],
        )
    }
}

/// `1.4 KB`, `320 bytes`.
pub fn human_size(b: usize, w: &Messages) -> String {
    if b < 1024 {
        w.fill("size.bytes", &[("n", &b.to_string())])
    } else if b < 1024 * 1024 {
        w.fill("size.kb", &[("n", &format!("{:.1}", b as f64 / 1024.0))])
    } else {
        w.fill(
            "size.mb",
            &[("n", &format!("{:.1}", b as f64 / (1024.0 * 1024.0)))],
        )
    }
}
