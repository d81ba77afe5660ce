//! Datasets: `data/NAME.csv` (typed by its sidecar `data/NAME.yaml`) and free
//! YAML data files.

pub mod approx;

pub mod format;

mod shown;

pub mod schema;

pub mod notes;

pub mod target;

pub mod symbol;

pub mod translation;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::model::config::Licence;
pub use format::{Cell, Style};
pub use schema::ColType;

pub const DATA_DIR: &str = "data";

/// A column, from the CSV or computed.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub name: String,
    pub label: String,
    #[serde(rename = "type")]
    pub ty: ColType,
    pub unit: Option<String>,
    pub description: Option<String>,
    pub decimals: u32,
    pub signed: bool,
    pub required: bool,
    pub hidden: bool,
    /// Set for computed columns: a readable formula.
    pub formula: Option<String>,
    #[serde(skip)]
    pub derived: Option<schema::DerivedSpec>,
    /// Set for stated (as-published) columns: the computed column they must match.
    pub verify: Option<String>,
    pub tolerance: Option<f64>,
    /// 1-based line of this column's entry in the sidecar, for messages.
    #[serde(skip)]
    pub spec_line: usize,
}

impl Column {
    pub fn style(&self) -> Style {
        Style {
            ty: self.ty,
            decimals: self.decimals,
            signed: self.signed,
        }
    }
    /// Published in tables and downloads (stated columns are not).
    pub fn is_published(&self) -> bool {
        self.verify.is_none()
    }
}

/// Where a row came from in the CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowPos {
    pub line: usize,
    /// 1-based column where each field starts, read from the source text.
    pub columns: Vec<usize>,
}

impl RowPos {
    /// Column of field `i` (1 if unknown).
    pub fn column(&self, i: usize) -> usize {
        self.columns.get(i).copied().unwrap_or(1)
    }
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Meta {
    pub title: String,
    pub description: String,
    pub source: String,
    pub source_url: Option<String>,
    pub publisher: String,
    pub period: crate::model::config::Period,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub licence: Option<Licence>,
    pub caveats: Vec<String>,
    /// `sources:` in the sidecar, beside or instead of `source`.
    pub sources: Vec<notes::SourceRef>,
    /// `footnotes:` in the sidecar, in the order written.
    pub footnotes: Vec<notes::Footnote>,
    /// `targets:` in the sidecar: the dataset is a targets table.
    pub targets: Option<target::TargetsSpec>,
    /// Figures of this dataset published wrong and put right, on record.
    pub corrections: Vec<crate::model::correction::Correction>,
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub name: String,
    pub csv_path: PathBuf,
    pub sidecar_path: Option<PathBuf>,
    pub meta: Meta,
    pub key: usize,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub positions: Vec<RowPos>,
    /// Raw text of each cell as written, for stated-figure messages.
    pub raw: Vec<Vec<String>>,
    pub totals: Option<Totals>,
    /// What reading the files found that the author should know but that
    /// did not stop them being read (an Excel export's quirks, a missing
    /// sidecar); reported with the dataset's checks, so a rebuild of this
    /// dataset alone reports them again.
    pub notes: Vec<crate::diagnostic::Diagnostic>,
    /// How figures are shown where a row or cell differs from its column:
    /// qualifiers, compact figures, units and precision per row.
    pub formats: approx::Formats,
    /// GSS shorthand on cells ([x], [c], [p]) and why derived figures are
    /// missing (model/dataset/symbol.rs).
    pub marks: symbol::Marks,
    /// The sidecar's blocks for the site's other languages, by language.
    pub translations: BTreeMap<String, translation::DatasetText>,
    /// Where the dataset's page is published: empty for the default
    /// language, `/cy` for its copy in Welsh.
    pub lang_prefix: String,
}

#[derive(Debug, Clone)]
pub struct Totals {
    pub label: String,
    pub cells: Vec<Cell>,
    /// The published totals row, if the sidecar named one.
    pub stated: Option<(RowPos, Vec<Cell>, Vec<String>)>,
    pub tolerance: Option<f64>,
}

impl Dataset {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Finds a row by its key (exact, then case-insensitive).
    pub fn row(&self, key: &str) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| self.key_of(r) == key)
            .or_else(|| {
                self.rows
                    .iter()
                    .position(|r| self.key_of(r).eq_ignore_ascii_case(key.trim()))
            })
    }

    /// Another row with the same key as `row`, if there is one.
    pub fn same_key(&self, row: usize) -> Option<usize> {
        let key = self.key_of(&self.rows[row]);
        (0..self.rows.len()).find(|&i| i != row && self.key_of(&self.rows[i]) == key)
    }

    /// A row's key as text; borrowed where the key is text, so looking a row
    /// up allocates nothing per row.
    fn key_of<'a>(&self, r: &'a [Cell]) -> std::borrow::Cow<'a, str> {
        match &r[self.key] {
            Cell::Text(s) => std::borrow::Cow::Borrowed(s.as_str()),
            c => std::borrow::Cow::Owned(format::raw(c, self.columns[self.key].style())),
        }
    }

    pub fn key_text(&self, row: usize) -> String {
        format::format(&self.rows[row][self.key], self.columns[self.key].style())
    }

    /// The id of row `r` on the dataset's page, made from its key so a link
    /// to it lasts while the row does: `row-ashford`. A key that comes out
    /// the same as an earlier row's (or empty) is told apart by its number.
    pub fn row_anchor(&self, r: usize) -> String {
        let slug = |i: usize| crate::util::text::slugify(&self.key_text(i));
        let mine = slug(r);
        if mine.is_empty() || (0..r).any(|i| slug(i) == mine) {
            format!("row-{}", r + 1)
        } else {
            format!("row-{mine}")
        }
    }

    pub fn published_columns(&self) -> impl Iterator<Item = (usize, &Column)> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_published())
    }

    pub fn url(&self) -> String {
        format!("{}/data/{}/", self.lang_prefix, self.name)
    }
    pub fn csv_url(&self) -> String {
        format!("/data/{}.csv", self.name)
    }
}

/// Everything under `data/`.
#[derive(Debug, Clone, Default)]
pub struct Datasets {
    pub tables: BTreeMap<String, Dataset>,
    /// Free YAML data (`data/NAME.yaml` with no CSV beside it).
    pub yaml: BTreeMap<String, serde_json::Value>,
    /// Datasets whose files could not be loaded (their errors are reported
    /// at the files): a call naming one says so, instead of "no dataset".
    pub failed: std::collections::BTreeSet<String>,
    /// A sidecar's name with no CSV → the CSV without a sidecar it most
    /// likely describes: the trace of a CSV renamed without its sidecar.
    pub renamed: BTreeMap<String, String>,
    /// The tables in each of the site's other languages, with their text
    /// from the sidecars' blocks for it (model/dataset/translation.rs).
    pub by_lang: BTreeMap<String, std::sync::Arc<Datasets>>,
}

impl Datasets {
    pub fn get(&self, name: &str) -> Option<&Dataset> {
        self.tables.get(name)
    }
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.tables.keys().map(String::as_str)
    }

    /// The one dataset that shares a word with `name` (`amc-monthly` and
    /// `cctv-monthly`): what a file renamed with its sidecar most likely
    /// became, when the names are too far apart to look like a misspelling.
    pub fn sharing_a_word(&self, name: &str) -> Option<&str> {
        let words = |n: &str| -> Vec<String> {
            n.split(['-', '_'])
                .filter(|w| w.len() >= 4)
                .map(str::to_ascii_lowercase)
                .collect()
        };
        let mine = words(name);
        let mut found = self
            .names()
            .filter(|n| words(n).iter().any(|w| mine.contains(w)));
        match (found.next(), found.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }
}

/// Where a piece of a dataset's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPlace<'a> {
    /// A field of the sidecar, under this top-level key.
    Sidecar(&'static str),
    /// A field of the sidecar's block for a language (`cy:`), with the
    /// key it is typed under inside the block.
    Translation(&'a str, &'static str),
    /// The CSV cell at this row and column.
    Cell(usize, usize),
}

impl Dataset {
    /// Every piece of the dataset's text that can reach a reader: the
    /// sidecar's title, description, source, caveats and column labels and
    /// descriptions, the totals label, and the text cells of the CSV.
    /// A text cell is changed in the typed rows and in the raw text alike,
    /// so tables and downloads agree.
    pub fn visit_text_mut(&mut self, f: &mut dyn FnMut(TextPlace, &mut String)) {
        visit_sidecar_text_mut(&mut self.meta, &mut self.columns, self.totals.as_mut(), f);
        for (lang, t) in &mut self.translations {
            t.visit_mut(&mut |key, s| f(TextPlace::Translation(lang, key), s));
        }
        for (r, c) in self.text_cells().collect::<Vec<_>>() {
            let Cell::Text(s) = &mut self.rows[r][c] else {
                continue;
            };
            let before = s.clone();
            f(TextPlace::Cell(r, c), s);
            if *s != before
                && let Some(raw) = self.raw.get_mut(r).and_then(|row| row.get_mut(c))
            {
                raw.clone_from(s);
            }
        }
    }

    /// The sidecar's texts, each with the top-level key it is typed under,
    /// read without copying the rows.
    pub fn sidecar_texts(&self) -> Vec<(String, String)> {
        let (mut meta, mut columns, mut totals) =
            (self.meta.clone(), self.columns.clone(), self.totals.clone());
        let mut out = Vec::new();
        visit_sidecar_text_mut(&mut meta, &mut columns, totals.as_mut(), &mut |place, t| {
            if let TextPlace::Sidecar(key) = place {
                out.push((key.to_string(), std::mem::take(t)));
            }
        });
        // A language's block is searched from its own key (`cy:`).
        for (lang, t) in &self.translations {
            t.clone()
                .visit_mut(&mut |_, s| out.push((lang.clone(), std::mem::take(s))));
        }
        out
    }

    /// Row and column of every text cell an author wrote: not the row
    /// names, which are how calls find rows and so stay as typed.
    pub fn text_cells(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let key = self.key;
        self.rows.iter().enumerate().flat_map(move |(r, row)| {
            row.iter()
                .enumerate()
                .filter(move |&(c, cell)| c != key && matches!(cell, Cell::Text(_)))
                .map(move |(c, _)| (r, c))
        })
    }

    /// Whether any of the dataset's text satisfies `pred`.
    pub fn any_text(&self, pred: impl Fn(&str) -> bool) -> bool {
        self.sidecar_texts().iter().any(|(_, t)| pred(t))
            || self.text_cells().any(|(r, c)| match &self.rows[r][c] {
                Cell::Text(s) => pred(s),
                _ => false,
            })
    }
}

/// The sidecar's share of [`Dataset::visit_text_mut`]: the title,
/// description, source, publisher, period, licence name and caveats, each
/// column's label, description and unit, and the totals label.
fn visit_sidecar_text_mut(
    m: &mut Meta,
    columns: &mut [Column],
    totals: Option<&mut Totals>,
    f: &mut dyn FnMut(TextPlace, &mut String),
) {
    f(TextPlace::Sidecar("title"), &mut m.title);
    f(TextPlace::Sidecar("description"), &mut m.description);
    f(TextPlace::Sidecar("source"), &mut m.source);
    f(TextPlace::Sidecar("publisher"), &mut m.publisher);
    f(TextPlace::Sidecar("period"), &mut m.period.current);
    f(TextPlace::Sidecar("period"), &mut m.period.previous);
    if let Some(l) = &mut m.licence {
        f(TextPlace::Sidecar("licence"), &mut l.name);
    }
    for c in &mut m.caveats {
        f(TextPlace::Sidecar("caveats"), c);
    }
    for c in &mut m.corrections {
        f(TextPlace::Sidecar("corrections"), &mut c.reason);
    }
    for c in columns {
        f(TextPlace::Sidecar("columns"), &mut c.label);
        if let Some(d) = &mut c.description {
            f(TextPlace::Sidecar("columns"), d);
        }
        if let Some(u) = &mut c.unit {
            f(TextPlace::Sidecar("columns"), u);
        }
    }
    if let Some(t) = totals {
        f(TextPlace::Sidecar("totals"), &mut t.label);
    }
    for s in &mut m.sources {
        f(TextPlace::Sidecar("sources"), &mut s.title);
    }
    for n in &mut m.footnotes {
        f(TextPlace::Sidecar("footnotes"), &mut n.text);
    }
}
