//! The CSV's columns typed, by the sidecar or from the figures themselves,
//! and every value read as its column's type.

use std::collections::BTreeMap;

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::model::dataset::approx::CellFormat;
use crate::model::dataset::format::{Cell, parse_number};
use crate::model::dataset::schema::{ColType, ColumnSpec};
use crate::model::dataset::{Column, RowPos};

use super::csvtext::{self, shorten};
use super::intake;
use super::marks::{MissingMarks, Read};
use super::typed::{self, Shapes};
use super::{RawRow, Source, humanise};
use crate::model::dataset::schema::Negatives;
use crate::model::dataset::symbol::{Marks, Symbol};

/// Every column of the CSV, in its order, as the sidecar describes it or
/// as its figures suggest.
pub(super) fn build_columns(
    headers: &[String],
    specs: &BTreeMap<String, (ColumnSpec, usize)>,
    key: usize,
    raw_rows: &[RawRow],
    marks: &MissingMarks,
    has_sidecar: bool,
) -> Vec<Column> {
    let mut columns = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let (spec, line) = specs.get(h).cloned().unwrap_or_default();
        let ty = match spec.ty {
            Some(t) => t,
            // The documented rule (docs/datasets.md, "When there is no
            // `type`"): only a column the sidecar does not list is guessed.
            None if i == key => ColType::Text,
            None if has_sidecar && specs.contains_key(h) => ColType::Text,
            None => {
                let cells = raw_rows.iter().filter_map(|r| {
                    super::marks::figure_text(
                        r.fields.get(i).map(String::as_str).unwrap_or(""),
                        marks,
                    )
                });
                match infer_type(cells.clone(), &[]) {
                    // A column called "year" of four-digit years is years,
                    // so they are never shown as "1,998".
                    ColType::Integer if is_year_header(h) && all_years(cells, &[]) => ColType::Year,
                    t => t,
                }
            }
        };
        columns.push(column(h, spec, line, ty));
    }
    columns
}

fn column(name: &str, spec: ColumnSpec, line: usize, ty: ColType) -> Column {
    let decimals = spec.decimals.unwrap_or(match ty {
        ColType::Percent => 1,
        ColType::Decimal | ColType::Currency => 2,
        _ => 0,
    });
    Column {
        name: name.to_string(),
        label: spec.label.unwrap_or_else(|| humanise(name)),
        ty,
        unit: spec.unit,
        description: spec.description,
        decimals,
        signed: false,
        required: spec.required,
        hidden: spec.hidden || spec.verify.is_some(),
        formula: None,
        derived: None,
        verify: spec.verify,
        tolerance: spec.tolerance,
        spec_line: line,
    }
}

/// The rows as typed cells, with each row's position and its text as
/// written.
pub(super) struct Typed {
    pub(super) rows: Vec<Vec<Cell>>,
    pub(super) positions: Vec<RowPos>,
    pub(super) raw: Vec<Vec<String>>,
    /// Cells typed with words or decimals of their own, by (line, column).
    pub(super) cells: BTreeMap<(usize, String), CellFormat>,
    /// The GSS shorthand each cell carried.
    pub(super) marks: Marks,
}

/// Reads every value as its column's type. A value that does not read is
/// reported and kept as "no data", so every bad value is found at once.
pub(super) fn type_cells(
    raw_rows: Vec<RawRow>,
    columns: &[Column],
    key: usize,
    marks: &MissingMarks,
    source: &Source,
    shapes: &Shapes,
    diags: &mut Diagnostics,
) -> Typed {
    let mut typed = Typed {
        rows: Vec::with_capacity(raw_rows.len()),
        positions: Vec::with_capacity(raw_rows.len()),
        raw: Vec::with_capacity(raw_rows.len()),
        cells: BTreeMap::new(),
        marks: Marks::default(),
    };
    let missing = marks.texts();
    // The raw rows are consumed, so each row's text is held once, not twice.
    for r in raw_rows {
        let mut row = Vec::with_capacity(r.fields.len());
        let row_ty = (r.fields.get(key)).and_then(|k| shapes.row_types.get(k.trim()));
        for (i, f) in r.fields.iter().enumerate() {
            let col = &columns[i];
            // A row with a type of its own reads its figures as that type.
            let ty = match row_ty {
                Some(&t) if col.ty.is_numeric() && i != key => t,
                _ => col.ty,
            };
            let keep = shapes.typed_decimals.get(i).copied().unwrap_or(false);
            let at = (typed.rows.len(), i);
            let (text, mark) = match super::marks::read(f, marks, ty.is_numeric()) {
                Read::Missing(mark) => {
                    if let Some(m) = mark {
                        typed.marks.cells.insert(at, m);
                    }
                    row.push(Cell::Missing);
                    continue;
                }
                Read::Both(s) => {
                    row.push(Cell::Missing);
                    diags.push(bad_value(&r, i, col, key, both(s), source));
                    continue;
                }
                Read::Flagged(body, m) => (body, Some(m)),
                Read::Plain => (f.as_str(), None),
            };
            match read_cell(text, ty, &missing, source, keep) {
                Ok((c, cf)) => {
                    if let Some(cf) = cf {
                        typed.cells.insert((r.pos.line, col.name.clone()), cf);
                    }
                    if let Some(m) = mark {
                        typed.marks.cells.insert(at, m);
                    }
                    row.push(c)
                }
                // A figure as published (`verify:`) may be typed in words
                // (`up 25%`, `- 27`): verification reads it, or says why not.
                Err(_)
                    if col.verify.is_some()
                        && crate::util::placeholders::figure_placeholder(f).is_none() =>
                {
                    row.push(Cell::Text(f.trim().to_string()));
                }
                Err(bad) => {
                    row.push(Cell::Missing);
                    diags.push(bad_value(&r, i, col, key, bad, source));
                }
            }
        }
        typed.rows.push(row);
        typed.positions.push(r.pos);
        typed.raw.push(r.fields);
    }
    typed
}

/// A figure written with a symbol that stands in for a figure: `5 [c]`.
fn both(s: Symbol) -> Bad {
    Bad {
        expected: "a figure or a symbol standing in for one",
        hint: Some(format!(
            "{} ({}) means no figure is shown: write `{}` alone, or the figure alone",
            s.shown(),
            s.meaning(),
            s.shown()
        )),
    }
}

/// The value in field `i` of `r` is not what its column holds.
fn bad_value(
    r: &RawRow,
    i: usize,
    col: &Column,
    key: usize,
    bad: Bad,
    source: &Source,
) -> Diagnostic {
    let Bad { expected, hint } = bad;
    let f = &r.fields[i];
    let key_text = shorten(r.fields.get(key).map(String::as_str).unwrap_or_default());
    let (line, column) = csvtext::field_position(source.csv, r.byte, r.pos.line, i, source.delim);
    // `XX` in a figure is not a figure that failed to parse: it is a figure
    // still to be written, and marking it "no data" would hide it.
    if let Some(word) = crate::util::placeholders::figure_placeholder(f) {
        return Diagnostic::error(
            Code::Placeholder,
            format!("placeholder `{word}` in the data (column `{}`, row `{key_text}`)", col.name),
        )
        .in_file(source.csv_path)
        .at(line, column)
        .width(f.chars().count())
        .label("not a real figure")
        .hint("put in the real figure; if there is none, leave the cell empty, and the table says \"no data\"");
    }
    Diagnostic::error(
        Code::CsvValue,
        format!(
            "`{}` is not {expected} (column `{}`, row `{key_text}`)",
            shorten(f),
            col.name
        ),
    )
    .in_file(source.csv_path)
    .at(line, column)
    .width(f.chars().count())
    .label(format!("expected {expected}"))
    .hint(match (hint, source.sidecar_path) {
        (Some(h), _) => h,
        (None, Some(_)) => format!(
            "correct the figure; if it marks a missing figure, write a GSS symbol such as `[x]` (not available), or map the mark to one under `missing:` in {}, e.g. `missing: {{\"-\": x}}`",
            display_path(source.sidecar_file())
        ),
        (None, None) => {
            "correct the figure, or describe the column in a sidecar NAME.yaml".to_string()
        }
    })
}

/// Why a value does not read as its column's type: what was expected, and
/// the fix when there is one more precise than "correct the figure".
pub(super) struct Bad {
    expected: &'static str,
    hint: Option<String>,
}

impl Bad {
    pub(super) fn new(expected: &'static str, hint: &str) -> Self {
        Bad {
            expected,
            hint: Some(hint.to_string()),
        }
    }
}

impl From<&'static str> for Bad {
    fn from(expected: &'static str) -> Self {
        Bad {
            expected,
            hint: None,
        }
    }
}

/// A cell read as `ty`, with how it was typed where that matters: words
/// around a figure, or its decimals where the column keeps them.
fn read_cell(
    s: &str,
    ty: ColType,
    missing: &[String],
    source: &Source,
    keep_decimals: bool,
) -> Result<(Cell, Option<CellFormat>), Bad> {
    let t = s.trim();
    if let Some(r) = typed::period_cell(t, ty).filter(|_| !missing.iter().any(|m| m.trim() == t)) {
        return r.map(|c| (c, None));
    }
    match parse_cell(s, ty, missing, source) {
        Ok(c) => {
            let decimals = parse_number(t, ty).map(|(_, d)| d);
            let cf = (keep_decimals && ty.is_numeric())
                .then_some(decimals)
                .flatten()
                .map(|d| CellFormat {
                    decimals: Some(d),
                    ..CellFormat::default()
                });
            Ok((c, cf))
        }
        Err(bad) if ty.is_numeric() => match typed::figure_with_words(t, ty) {
            Some((c, mut cf)) => {
                if keep_decimals && !cf.compact {
                    cf.decimals = parse_number(
                        crate::model::dataset::approx::Qualifier::strip(t).map_or(t, |x| x.1),
                        ty,
                    )
                    .map(|x| x.1);
                }
                Ok((c, Some(cf)))
            }
            None => Err(typed::unknown_qualifier(t, ty).unwrap_or(bad)),
        },
        Err(bad) => Err(bad),
    }
}

fn parse_cell(s: &str, ty: ColType, missing: &[String], source: &Source) -> Result<Cell, Bad> {
    let t = s.trim();
    if missing.iter().any(|m| m.trim() == t) {
        return Ok(Cell::Missing);
    }
    match ty {
        ColType::Text => Ok(Cell::Text(t.to_string())),
        ColType::Date => intake::date(t, source.dates)
            .map(Cell::Date)
            .map_err(|b| Bad {
                expected: b.expected,
                hint: Some(b.hint),
            }),
        ColType::AreaCode if is_area_code(t) => Ok(Cell::Text(t.to_string())),
        ColType::AreaCode => Err(Bad {
            expected: "an ONS area code",
            hint: Some("an area code is a letter (E, W, S, N or K) and eight digits, e.g. `E07000105` for Ashford; look it up on the ONS Open Geography portal".into()),
        }),
        _ if source.negatives == Some(Negatives::Minus) && t.starts_with('(') => Err(Bad {
            expected: "a number with a minus sign",
            hint: Some(format!(
                "the sidecar pins `negatives: minus`: write `-{}`, or pin `negatives: brackets`",
                t.trim_matches(['(', ')'])
            )),
        }),
        _ => parse_number(t, ty)
            .map(|(n, _)| Cell::Number(n))
            .ok_or_else(|| {
                Bad::from(match ty {
                    ColType::Integer => "a whole number",
                    ColType::Percent => "a percentage",
                    ColType::Currency => "an amount in pounds",
                    _ => "a number",
                })
            }),
    }
}

fn is_year_header(h: &str) -> bool {
    let h = h.to_ascii_lowercase();
    h == "year" || h.ends_with("_year") || h.ends_with(" year")
}

fn all_years<'a>(mut cells: impl Iterator<Item = &'a str>, missing: &[String]) -> bool {
    cells.all(|c| {
        missing.iter().any(|m| m.trim() == c.trim())
            || crate::util::period::calendar_year(c).is_some()
    })
}

/// An ONS GSS code: the country's letter and eight digits (`E07000105`).
pub(crate) fn is_area_code(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 9 && b"EWSNK".contains(&b[0]) && b[1..].iter().all(u8::is_ascii_digit)
}

fn infer_type<'a>(cells: impl Iterator<Item = &'a str> + Clone, missing: &[String]) -> ColType {
    let present: Vec<&str> = cells
        .filter(|c| !missing.iter().any(|m| m.trim() == c.trim()))
        .collect();
    if present.is_empty() {
        return ColType::Text;
    }
    for ty in [ColType::Integer, ColType::Decimal] {
        if present.iter().all(|c| parse_number(c, ty).is_some()) {
            return ty;
        }
    }
    if present
        .iter()
        .all(|c| c.trim().ends_with('%') && parse_number(c, ColType::Percent).is_some())
    {
        return ColType::Percent;
    }
    if present.iter().all(|c| intake::date(c.trim(), None).is_ok()) {
        return ColType::Date;
    }
    if present.iter().all(|c| is_area_code(c.trim())) {
        return ColType::AreaCode;
    }
    if present
        .iter()
        .all(|c| crate::util::period::financial_year(c).is_some())
    {
        return ColType::FinancialYear;
    }
    ColType::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers() {
        let m = vec![String::new()];
        assert_eq!(
            infer_type(["1", "2,000", ""].into_iter(), &m),
            ColType::Integer
        );
        assert_eq!(infer_type(["1.5", "2"].into_iter(), &m), ColType::Decimal);
        assert_eq!(infer_type(["1.5%", "2%"].into_iter(), &m), ColType::Percent);
        assert_eq!(infer_type(["x", "2"].into_iter(), &m), ColType::Text);
        assert_eq!(
            infer_type(["01/04/2023", "2023-05-01"].into_iter(), &m),
            ColType::Date
        );
        assert_eq!(
            infer_type(["E07000105", ""].into_iter(), &m),
            ColType::AreaCode
        );
        assert_eq!(
            infer_type(["2023/24", "2024-25"].into_iter(), &m),
            ColType::FinancialYear
        );
        assert!(
            is_year_header("year")
                && is_year_header("Financial year")
                && !is_year_header("years_open")
        );
    }
}
