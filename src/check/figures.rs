//! Figures typed by hand. Every number in author text that no call placed
//! is found (src/util/figures.rs leaves years, dates, phone numbers and the
//! like alone). If a dataset of the site holds the same value at the
//! printed precision, the finding names the cell and gives the `value()`
//! call to paste in (`typed-figure`); otherwise the figure has no source on
//! the site (`unsourced-figure`). Both are warnings, so `--strict` stops
//! them, and either can be acknowledged where it is typed.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::dataset::Dataset;
use crate::model::dataset::approx::{Qualifier, unit_for_significant, unit_of};
use crate::model::dataset::schema::ColType;
use crate::model::page::Page;
use crate::model::site::Site;
use crate::util::figures::{Figure, figures};

/// A figure typed in a source file, placed where it was typed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Typed {
    /// Shared by every figure of the file: a big site types hundreds of
    /// thousands of figures, and a path for each was ten megabytes.
    file: Arc<Path>,
    line: usize,
    col: usize,
    text: String,
    figure: Figure,
    /// Typed in YAML (a field or a sidecar), where a call is pasted inside
    /// quotes and an acknowledgement is a `#` comment.
    yaml: bool,
}

impl Typed {
    fn new(
        file: &Arc<Path>,
        (line, col): (usize, usize),
        text: &str,
        figure: Figure,
        yaml: bool,
    ) -> Self {
        Typed {
            file: file.clone(),
            line,
            col,
            text: text.to_string(),
            figure,
            yaml,
        }
    }
}

impl Typed {
    pub(super) fn file(&self) -> &Path {
        &self.file
    }
    pub(super) fn line(&self) -> usize {
        self.line
    }
    /// As the finding's column: at least 1.
    pub(super) fn column(&self) -> usize {
        self.col.max(1)
    }
}

/// `typed` without a figure found twice at the same place (two fields
/// located at one line), whose findings would be the same finding: the
/// findings are counted without being written out, so they must be
/// distinct, as a sorted list of them is.
fn distinct(mut typed: Vec<Typed>) -> Vec<Typed> {
    let mut seen: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut keep = vec![true; typed.len()];
    for (i, t) in typed.iter().enumerate() {
        let same = seen.entry((t.line, t.col)).or_default();
        if same.iter().any(|&j| typed[j] == *t) {
            keep[i] = false;
        } else {
            same.push(i);
        }
    }
    let mut k = keep.into_iter();
    typed.retain(|_| k.next().unwrap_or(true));
    // Held until the checks end, for every page of the site.
    typed.shrink_to_fit();
    typed
}

/// `text` with each template call blanked out (to the same length, so
/// offsets hold), so that what a call places is not taken for typed.
fn without_calls(text: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    if let Ok(calls) = crate::render::calls::scan(text) {
        for c in calls {
            for x in &mut b[c.range] {
                // Not a space: a blanked call at the start of a line must
                // not turn the rest of the line into indented code.
                *x = b'X';
            }
        }
    }
    String::from_utf8(b).unwrap_or_else(|_| text.to_string())
}

/// Byte ranges of `md` that readers see as running text: not code, not
/// raw HTML (comments included), not the text of links and images.
fn prose_ranges(md: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut hidden = 0usize;
    for (ev, range) in Parser::new_ext(md, crate::render::markdown::options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => hidden += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                hidden = hidden.saturating_sub(1)
            }
            Event::Text(_) if hidden == 0 => match out.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => out.push(range),
            },
            _ => {}
        }
    }
    out
}

/// Figures typed in a piece of author text, with their byte offsets.
fn typed_in(text: &str) -> Vec<Figure> {
    let masked = without_calls(text);
    let mut out = Vec::new();
    for r in prose_ranges(&masked) {
        for mut f in figures(&masked[r.clone()]) {
            f.start += r.start;
            f.end += r.start;
            out.push(f);
        }
    }
    out
}

/// Byte offsets of each line's start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn line_col_in(text: &str, starts: &[usize], at: usize) -> (usize, usize) {
    let line = starts.partition_point(|&s| s <= at);
    let start = starts[line - 1];
    (line, text[start..at].chars().count() + 1)
}

/// The figures typed in a page: its body, then each front-matter field.
pub(super) fn typed_in_page(page: &Page) -> Vec<Typed> {
    let mut out = Vec::new();
    let file: Arc<Path> = Arc::from(page.source.as_path());
    let starts = line_starts(&page.body);
    for f in typed_in(&page.body) {
        let (l, c) = line_col_in(&page.body, &starts, f.start);
        let text = &page.body[f.start..f.end];
        out.push(Typed::new(
            &file,
            (page.body_line + l - 1, c),
            text,
            f,
            false,
        ));
    }
    let front = page.typed_front.as_deref().unwrap_or(&page.front);
    for (path, text) in front.text_fields() {
        for f in typed_in(&text) {
            let word = &text[f.start..f.end];
            let Some((line, col)) = super::text::locate_typed(page, &path, &text, f.start, word)
            else {
                continue;
            };
            out.push(Typed::new(&file, (line, col), word, f, true));
        }
    }
    distinct(out)
}

/// The figures typed in a dataset's sidecar (its title, description,
/// notes, caveats, source and column headings), read from `src`, the
/// sidecar as typed. A text a call worked out is not found as typed there.
pub(super) fn typed_in_sidecar(ds: &Dataset, sidecar: &Path, src: &str) -> Vec<Typed> {
    let mut out = Vec::new();
    let file: Arc<Path> = Arc::from(sidecar);
    for (key, text) in ds.sidecar_texts() {
        for f in typed_in(&text) {
            let word = &text[f.start..f.end];
            // With the words around it, so a figure typed twice is placed
            // at each place, and a figure a call placed is not found.
            let from = super::text::floor_char(&text, f.start.saturating_sub(12));
            let to = super::text::ceil_char(&text, (f.end + 12).min(text.len()));
            let around = &text[from..to];
            let needle = if src.contains(around) { around } else { word };
            if !src.contains(needle) {
                continue;
            }
            let (line, col) = crate::load::yaml::locate_in_yaml(src, &key, needle);
            let col = col + text[from..f.start].chars().count() * usize::from(needle == around);
            out.push(Typed::new(&file, (line, col), word, f, true));
        }
    }
    distinct(out)
}

/// What a typed figure may be compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Percent,
    Money,
    Count,
}

fn kind_of(ty: ColType) -> Option<Kind> {
    match ty {
        ColType::Percent => Some(Kind::Percent),
        ColType::Currency => Some(Kind::Money),
        ColType::Integer | ColType::Decimal => Some(Kind::Count),
        _ => None,
    }
}

/// One figure of a dataset: a cell of a published column, or a total.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    ds: &'a Dataset,
    /// `None` for the totals row.
    row: Option<usize>,
    col: usize,
    value: f64,
    kind: Kind,
}

impl Place<'_> {
    fn row_name(&self) -> String {
        match self.row {
            Some(r) => self.ds.key_text(r),
            None => self
                .ds
                .totals
                .as_ref()
                .map(|t| t.label.clone())
                .unwrap_or_default(),
        }
    }
}

/// Decimal places a figure is looked up at: more than that is a figure
/// no one types in prose.
const MAX_DECIMALS: u32 = 3;

/// Every figure of every dataset, by kind, precision and rounded value.
pub(super) struct Index<'a> {
    places: Vec<Place<'a>>,
    by_value: HashMap<(Kind, u32, i64), Vec<usize>>,
}

fn scaled(v: f64, decimals: u32) -> i64 {
    (v.abs() * 10f64.powi(decimals as i32)).round() as i64
}

impl<'a> Index<'a> {
    pub(super) fn of(site: &'a Site) -> Self {
        let mut places = Vec::new();
        for ds in site.datasets.tables.values() {
            for (c, col) in ds.published_columns() {
                let Some(kind) = kind_of(col.ty) else {
                    continue;
                };
                if c == ds.key {
                    continue;
                }
                for (r, row) in ds.rows.iter().enumerate() {
                    if let Some(value) = row[c].number() {
                        places.push(Place {
                            ds,
                            row: Some(r),
                            col: c,
                            value,
                            kind,
                        });
                    }
                }
                if let Some(value) = ds.totals.as_ref().and_then(|t| t.cells.get(c)?.number()) {
                    places.push(Place {
                        ds,
                        row: None,
                        col: c,
                        value,
                        kind,
                    });
                }
            }
        }
        let mut by_value: HashMap<(Kind, u32, i64), Vec<usize>> = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            for d in 0..=MAX_DECIMALS {
                by_value
                    .entry((p.kind, d, scaled(p.value, d)))
                    .or_default()
                    .push(i);
            }
        }
        Index { places, by_value }
    }

    /// The dataset figures that print as `f` does.
    fn find(&self, f: &Figure) -> Vec<&Place<'a>> {
        // A single digit is in almost every dataset: a match says nothing.
        if f.decimals == 0 && f.value < 10.0 && !f.percent && f.scale == 1.0 {
            return Vec::new();
        }
        if f.decimals > MAX_DECIMALS {
            return Vec::new();
        }
        let kinds: &[Kind] = if f.percent {
            &[Kind::Percent]
        } else if f.currency {
            &[Kind::Money]
        } else {
            &[Kind::Count, Kind::Money]
        };
        let want = scaled(f.value, f.decimals);
        let mut out: Vec<&Place> = Vec::new();
        if let Some(q) = qualified_match(f) {
            // "just over 4,900", "over 24,000": the figures it fairly
            // describes, within one unit of its last digit.
            let (x, unit) = typed_unit(f);
            out.extend(
                self.places
                    .iter()
                    .filter(|p| kinds.contains(&p.kind) && q.holds(x, unit, p.value.abs())),
            );
        } else if f.scale == 1.0 {
            for k in kinds {
                if let Some(ix) = self.by_value.get(&(*k, f.decimals, want)) {
                    out.extend(ix.iter().map(|&i| &self.places[i]));
                }
            }
        } else {
            out.extend(self.places.iter().filter(|p| {
                kinds.contains(&p.kind) && scaled(p.value / f.scale, f.decimals) == want
            }));
        }
        out
    }
}

/// The qualifier a typed figure is matched by, bounded to one unit of
/// its last digit (so "over 24,000" is not every figure above it). Small
/// figures and percentages ("less than 90%") would match too much.
fn qualified_match(f: &Figure) -> Option<Qualifier> {
    let big = f.value * f.scale >= 1000.0 || f.scale != 1.0;
    Qualifier::parse(&f.qualifier)
        .filter(|_| big && !f.percent)
        .map(|q| Qualifier { just: true, ..q })
}

/// A typed figure in full and the place of its last digit: "4,900" is
/// 4,900 to the hundred; "3.3 million" is 3,300,000 to the 100,000.
fn typed_unit(f: &Figure) -> (f64, f64) {
    let x = f.value * f.scale;
    let unit = if f.scale == 1.0 {
        unit_of(f.value, f.decimals)
    } else {
        f.scale * 10f64.powi(-(f.decimals as i32))
    };
    (x, unit)
}

/// The code of each typed figure's finding: whether a dataset holds it.
pub(super) fn codes(index: &Index<'_>, typed: &[Typed]) -> Vec<Code> {
    (typed.iter())
        .map(|t| match index.find(&t.figure).is_empty() {
            true => Code::UnsourcedFigure,
            false => Code::TypedFigure,
        })
        .collect()
}

/// The finding for one typed figure.
pub(super) fn finding(index: &Index<'_>, t: &Typed) -> Diagnostic {
    let found = index.find(&t.figure);
    let width = t.text.chars().count();
    let Some(first) = found.first() else {
        let accept = if t.yaml {
            "# accept unsourced-figure: REASON"
        } else {
            "<!-- accept unsourced-figure: REASON -->"
        };
        return Diagnostic::warning(
            Code::UnsourcedFigure,
            format!("`{}` is a figure typed by hand, and no dataset on the site holds it", t.text),
        )
        .in_file(&t.file)
        .at(t.line, t.col)
        .width(width)
        .label("typed figure")
        .hint(format!(
            "put it in a dataset in data/ with its source, and place it with {{{{ value(...) }}}}; if it is not a statistic, say why where it is typed: {accept}"
        ));
    };
    let call = suggested_call(first, &t.figure, t.yaml);
    // "16" could be anything; "1,106" or "23.9%" is that figure.
    let telling = t.figure.percent
        || t.figure.decimals > 0
        || t.figure.scale != 1.0
        || t.figure.value >= 100.0;
    let message = if telling {
        format!(
            "`{}` is typed by hand, but it is a figure of the dataset `{}`",
            t.text, first.ds.name
        )
    } else {
        format!(
            "`{}` is typed by hand; the dataset `{}` has the same figure",
            t.text, first.ds.name
        )
    };
    let mut d = Diagnostic::warning(Code::TypedFigure, message)
        .in_file(&t.file)
        .at(t.line, t.col)
        .width(width)
        .label("typed figure")
        .note(format!(
            "row `{}`, column `{}` of {}",
            first.row_name(),
            first.ds.columns[first.col].name,
            crate::diagnostic::display_path(&first.ds.csv_path)
        ));
    if found.len() > 1 {
        let others: Vec<String> = found[1..]
            .iter()
            .take(3)
            .map(|p| {
                format!(
                    "`{}` `{}` `{}`",
                    p.ds.name,
                    p.row_name(),
                    p.ds.columns[p.col].name
                )
            })
            .collect();
        let more = found.len() - 1 - others.len();
        d = d.note(format!(
            "the same figure is also in: {}{}",
            others.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    d.hint(if telling {
        format!("place it from the data, so it changes when the data do: {call}")
    } else {
        format!(
            "if that is where it comes from, place it from the data: {call}; if not, put it in a dataset with its source"
        )
    })
}

/// The `value()` call that prints the dataset's figure as it was typed.
fn suggested_call(p: &Place<'_>, f: &Figure, yaml: bool) -> String {
    let col = &p.ds.columns[p.col];
    let format = if p.value < 0.0 && !f.negative {
        // "fell by 6.7%" of a change of −6.7%.
        Some("abs")
    } else if col.signed && p.value > 0.0 && !f.plus {
        Some("plain")
    } else {
        None
    };
    // Inside a double-quoted YAML string a call's own quotes would end it.
    let q = if yaml { '\'' } else { '"' };
    let mut call = format!(
        "{{{{ value(data={q}{}{q}, row={q}{}{q}, col={q}{}{q}",
        p.ds.name,
        p.row_name(),
        col.name
    );
    if let Some(fmt) = format {
        call.push_str(&format!(", format={q}{fmt}{q}"));
    }
    call.push_str(&approximate_args(p, f, q));
    call.push_str(") }}");
    call
}

/// The arguments that print a figure as it was typed: its qualifier, the
/// significant figures it keeps, and its compact form.
fn approximate_args(p: &Place<'_>, f: &Figure, q: char) -> String {
    let mut out = String::new();
    if qualified_match(f).is_some() {
        out.push_str(&format!(", qualifier={q}{}{q}", f.qualifier));
        let (_, unit) = typed_unit(f);
        if unit_for_significant(p.value, 2) != unit && unit > 0.0 {
            let digits = p.value.abs().log10().floor() + 1.0;
            let sig = (digits - unit.log10()).round().max(1.0);
            out.push_str(&format!(", significant={sig}"));
        }
    }
    if f.scale != 1.0 {
        out.push_str(&format!(", format={q}compact{q}"));
    }
    out
}
