//! Charts drawn from datasets: static, accessible SVG with the data beside it.
//!
//! `render` resolves the author's options against the dataset into a [`Plot`]
//! (rows in display order, one [`Series`] per column), draws it with
//! [`bars`] or [`line`] (whose value axis and legend are shared, in [`axis`]
//! and [`svg`]), describes it in words with [`describe`], and wraps
//! it in a `<figure>` with a caption, a "Show the data" table and the CSV
//! download. See `docs/charts.md`.

mod axis;
mod bars;
mod describe;
mod line;
mod resolve;
mod scale;
mod svg;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use crate::model::dataset::format::Style;
use crate::model::dataset::{ColType, Dataset};
use crate::render::table::{self, TableOptions};
use crate::util::html::escape;
use resolve::{effective_sort, resolve, selected_columns};

#[derive(Debug, Clone, Default)]
pub struct ChartOptions {
    pub kind: Option<String>,
    pub columns: Option<Vec<String>>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub sort: Option<String>,
    pub highlight: Vec<String>,
    pub axis_label: Option<String>,
    pub label: Option<String>,
    pub id: String,
    pub csv_bytes: Option<usize>,
    /// The words of the page's language.
    pub words: std::sync::Arc<crate::model::i18n::Messages>,
}

#[derive(Debug, Clone)]
pub struct ChartError {
    pub message: String,
    pub hint: String,
}

fn err(message: impl Into<String>, hint: impl Into<String>) -> ChartError {
    ChartError {
        message: message.into(),
        hint: hint.into(),
    }
}

/// The chart kinds, as written in `kind=`.
pub const KINDS: [&str; 4] = ["bar", "grouped-bar", "line", "stacked-bar"];

/// More rows than this make an unreadable chart; a table serves them better.
pub const MAX_BARS: usize = 60;
pub const MAX_POINTS: usize = 400;
/// Series are told apart by colour and pattern; the palette has six.
pub const MAX_SERIES: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bar,
    Grouped,
    Line,
    Stacked,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        match s.trim() {
            "bar" => Some(Kind::Bar),
            "grouped-bar" => Some(Kind::Grouped),
            "line" => Some(Kind::Line),
            "stacked-bar" => Some(Kind::Stacked),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bar => "bar",
            Kind::Grouped => "grouped-bar",
            Kind::Line => "line",
            Kind::Stacked => "stacked-bar",
        }
    }
}

/// One plotted column.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub unit: Option<String>,
    pub style: Style,
    /// In display order; `None` where there is no data.
    pub values: Vec<Option<f64>>,
    /// In display order: the GSS symbol standing in for each missing value.
    pub gaps: Vec<Option<crate::model::dataset::symbol::Symbol>>,
}

impl Series {
    /// A value as the dataset formats it (the one formatter).
    pub fn fmt(&self, v: f64) -> String {
        crate::model::dataset::format::format_number(v, self.style)
    }
    /// What stands in the gap of a missing value `i`: `not available [x]`.
    pub fn gap(&self, i: usize, words: &crate::model::i18n::Messages) -> String {
        match self.gaps.get(i).copied().flatten() {
            Some(s) => crate::render::table_key::symbol_words(s, words),
            None => words.get("table.no_data").into(),
        }
    }
    /// With its unit, for sentences: `1,020 incidents`.
    pub fn fmt_unit(&self, v: f64) -> String {
        match &self.unit {
            Some(u) if !u.is_empty() => format!("{} {u}", self.fmt(v)),
            _ => self.fmt(v),
        }
    }
}

/// How the rows were ordered, for the description.
#[derive(Debug, Clone, PartialEq)]
pub enum Order {
    AsWritten,
    Ascending(String),
    Descending(String),
}

/// Everything needed to draw and describe a chart.
#[derive(Debug, Clone)]
pub struct Plot {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// What each row is, e.g. "District".
    pub category: String,
    /// Row labels in display order.
    pub labels: Vec<String>,
    pub highlighted: Vec<bool>,
    pub series: Vec<Series>,
    pub axis_label: Option<String>,
    pub order: Order,
    /// The words of the page's language, for the description.
    pub words: std::sync::Arc<crate::model::i18n::Messages>,
}

impl Plot {
    /// The style for axis ticks: the first series' type with the decimals
    /// the tick step needs.
    pub fn tick_style(&self, decimals: u32) -> Style {
        let s = self.series[0].style;
        Style {
            ty: s.ty,
            decimals,
            signed: false,
        }
    }
    pub fn integer(&self) -> bool {
        self.series.iter().all(|s| s.style.ty == ColType::Integer)
    }
    /// Each row's stack total; missing parts count as nothing (the
    /// description and the table say which are missing).
    fn stack_totals(&self) -> Vec<Option<f64>> {
        (0..self.labels.len())
            .map(|r| {
                let parts: Vec<f64> = self.series.iter().filter_map(|s| s.values[r]).collect();
                (!parts.is_empty()).then(|| parts.iter().sum())
            })
            .collect()
    }
}

pub fn render(ds: &Dataset, opts: &ChartOptions) -> Result<String, ChartError> {
    let plot = resolve(ds, opts)?;
    let desc = describe::describe(&plot);
    let svg = match plot.kind {
        Kind::Line => line::draw(&plot, &desc),
        _ => bars::draw(&plot, &desc),
    };
    Ok(figure(ds, opts, &plot, &svg))
}

fn figure(ds: &Dataset, opts: &ChartOptions, plot: &Plot, svg: &str) -> String {
    let id = escape(&opts.id);
    let mut s = String::with_capacity(svg.len() + 4096);
    let _ = writeln!(
        s,
        "<figure class=\"chart chart--{}\" id=\"{id}\">",
        plot.kind.name()
    );
    let _ = write!(
        s,
        "<figcaption id=\"{id}-caption\"><span class=\"chart__title\">{}</span>",
        escape(&plot.title)
    );
    // The period goes under the title, as in a table's caption, so authors
    // never type it (and never type it wrong) in `title=`.
    if !ds.meta.period.current.is_empty() {
        let _ = write!(
            s,
            " <span class=\"caption-period\">{}</span>",
            escape(&crate::render::table::period_text(ds, &opts.words))
        );
    }
    if let Some(sub) = opts.subtitle.as_deref().filter(|t| !t.trim().is_empty()) {
        let _ = write!(s, "<p class=\"chart__subtitle\">{}</p>", escape(sub));
    }
    s.push_str("</figcaption>\n");
    let _ = writeln!(
        s,
        "<div class=\"chart__canvas\" role=\"region\" aria-labelledby=\"{id}-caption\" tabindex=\"0\">"
    );
    s.push_str(svg.trim_end());
    s.push_str("\n</div>\n");
    let _ = writeln!(
        s,
        "<details class=\"chart__data\">\n<summary>{}</summary>",
        escape(opts.words.get("chart.show_data"))
    );
    s.push_str(data_table(ds, opts, plot).trim_end());
    s.push_str("\n</details>\n");
    s.push_str(&source_line(ds, opts));
    s.push_str("\n</figure>");
    // The figure is inserted into Markdown as one HTML block, which a blank
    // line would end: drop any (only text from data could make one).
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The line under the figure: where the data comes from, its licence, and
/// the links to download it and read about it.
fn source_line(ds: &Dataset, opts: &ChartOptions) -> String {
    let w = &opts.words;
    let mut s = String::from("<p class=\"chart__source\">");
    s.push_str(&crate::render::table_cells::sources_html(ds, w));
    if let Some(l) = &ds.meta.licence {
        s.push_str(&table::licence_html(l, w));
    }
    let size = opts
        .csv_bytes
        .map(|b| format!(", {}", table::human_size(b, w)))
        .unwrap_or_default();
    let _ = write!(
        s,
        "<a href=\"{}\" download>{}</a> · <a href=\"{}\">{}</a></p>",
        escape(&ds.csv_url()),
        escape(&w.fill("chart.download", &[("size", &size)])),
        escape(&ds.url()),
        escape(w.get("table.about")),
    );
    s
}

/// The accessible table behind the chart: the label column and the plotted
/// columns, in the chart's order, with the same rows highlighted.
fn data_table(ds: &Dataset, opts: &ChartOptions, plot: &Plot) -> String {
    let label_col = opts
        .label
        .clone()
        .unwrap_or_else(|| ds.columns[ds.key].name.clone());
    let mut columns = vec![ds.columns[ds.key].name.clone()];
    if !columns.contains(&label_col) {
        columns.push(label_col);
    }
    for c in selected_columns(ds, opts, plot.kind).unwrap_or_default() {
        let name = ds.columns[c].name.clone();
        if !columns.contains(&name) {
            columns.push(name);
        }
    }
    let topts = TableOptions {
        columns: Some(columns),
        sort: effective_sort(ds, opts, plot.kind).unwrap_or_default(),
        caption: Some(plot.title.clone()),
        highlight: opts.highlight.clone(),
        totals: None,
        max_rows: table::MAX_INLINE_ROWS,
        id: format!("{}-data", opts.id),
        csv_bytes: opts.csv_bytes,
        notes: false,
        row_ids: false,
        pick: None,
        words: opts.words.clone(),
    };
    table::render(ds, &topts).unwrap_or_default()
}
