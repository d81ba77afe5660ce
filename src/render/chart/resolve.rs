//! From the author's options and the dataset to a [`Plot`]: the checks that
//! give `chart()` its error messages, the default columns for each kind and
//! the order of the rows.

use super::{
    ChartError, ChartOptions, KINDS, Kind, MAX_BARS, MAX_POINTS, MAX_SERIES, Order, Plot, Series,
    err,
};
use crate::diagnostic::suggest;
use crate::model::dataset::{ColType, Dataset};
use crate::model::i18n::Messages;
use crate::render::table::{self, TableError};

fn published_names(ds: &Dataset) -> Vec<&str> {
    ds.published_columns()
        .map(|(_, c)| c.name.as_str())
        .collect()
}

fn numeric_names(ds: &Dataset) -> Vec<&str> {
    ds.published_columns()
        .filter(|(_, c)| c.ty.is_numeric() && !c.hidden)
        .map(|(_, c)| c.name.as_str())
        .collect()
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        return "(none)".into();
    }
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_column(ds: &Dataset, name: &str) -> ChartError {
    let names = published_names(ds);
    let hint = match suggest(name, names.iter().copied()) {
        Some(s) => format!("did you mean \"{s}\"? The columns are {}", list(&names)),
        None => format!("the columns are {}", list(&names)),
    };
    err(
        format!("chart of `{}`: there is no column \"{name}\"", ds.name),
        hint,
    )
}

/// A column usable as a series: it exists, is published and holds numbers.
fn numeric_column(ds: &Dataset, name: &str) -> Result<usize, ChartError> {
    let c = ds.column(name).ok_or_else(|| unknown_column(ds, name))?;
    let col = &ds.columns[c];
    if let Some(v) = &col.verify {
        return Err(err(
            format!(
                "chart of `{}`: \"{name}\" holds figures as published, kept only to be checked, so it cannot be charted",
                ds.name
            ),
            format!("chart the computed column \"{v}\" instead"),
        ));
    }
    if !col.ty.is_numeric() {
        return Err(err(
            format!(
                "chart of `{}`: column \"{name}\" is {} and a chart needs numbers",
                ds.name,
                col.ty.name()
            ),
            format!(
                "the number columns are {}; set `type:` for \"{name}\" in the sidecar if it holds numbers",
                list(&numeric_names(ds))
            ),
        ));
    }
    Ok(c)
}

fn parse_kind(ds: &Dataset, opts: &ChartOptions) -> Result<Option<Kind>, ChartError> {
    match opts.kind.as_deref() {
        None => Ok(None),
        Some(k) => Kind::parse(k).map(Some).ok_or_else(|| {
            let hint = match suggest(k, KINDS) {
                Some(s) => format!("did you mean kind=\"{s}\"? The kinds are {}", list(&KINDS)),
                None => format!("the kinds are {}", list(&KINDS)),
            };
            err(
                format!("chart of `{}`: unknown kind \"{k}\"", ds.name),
                hint,
            )
        }),
    }
}

/// The plotted columns, from `columns=` or the defaults for the kind.
pub(super) fn selected_columns(
    ds: &Dataset,
    opts: &ChartOptions,
    kind: Kind,
) -> Result<Vec<usize>, ChartError> {
    if let Some(names) = &opts.columns {
        if names.is_empty() {
            return Err(err(
                format!("chart of `{}`: `columns` is empty", ds.name),
                format!(
                    "name one or more number columns: {}",
                    list(&numeric_names(ds))
                ),
            ));
        }
        return names.iter().map(|n| numeric_column(ds, n)).collect();
    }
    let numeric: Vec<usize> = ds
        .published_columns()
        .filter(|(i, c)| c.ty.is_numeric() && !c.hidden && *i != ds.key)
        .map(|(i, _)| i)
        .collect();
    if numeric.is_empty() {
        return Err(err(
            format!(
                "chart of `{}`: the dataset has no number columns to chart",
                ds.name
            ),
            "give the columns a numeric `type:` (integer, decimal, percent or currency) in the sidecar",
        ));
    }
    Ok(match kind {
        Kind::Bar | Kind::Line => numeric[..1].to_vec(),
        Kind::Grouped => numeric.into_iter().take(2).collect(),
        Kind::Stacked => {
            // The columns as collected, not computed ones such as totals,
            // which would be counted twice.
            let source: Vec<usize> = numeric
                .iter()
                .copied()
                .filter(|&i| ds.columns[i].formula.is_none() && ds.columns[i].derived.is_none())
                .take(MAX_SERIES)
                .collect();
            if source.is_empty() { numeric } else { source }
        }
    })
}

/// The `sort` used for the rows: as given (`"none"` keeps the CSV order), or
/// by default highest first for a single-series bar chart.
pub(super) fn effective_sort(
    ds: &Dataset,
    opts: &ChartOptions,
    kind: Kind,
) -> Result<Option<String>, ChartError> {
    match opts.sort.as_deref().map(str::trim) {
        Some("none") | Some("") => Ok(None),
        Some(s) => Ok(Some(s.to_string())),
        None if kind == Kind::Bar => {
            let cols = selected_columns(ds, opts, kind)?;
            Ok(Some(format!("-{}", ds.columns[cols[0]].name)))
        }
        None => Ok(None),
    }
}

pub(super) fn resolve(ds: &Dataset, opts: &ChartOptions) -> Result<Plot, ChartError> {
    let (kind, cols) = kind_and_columns(ds, opts)?;
    check_column_count(ds, kind, &cols)?;
    check_units(ds, &cols)?;
    check_row_count(ds, kind)?;
    let label_col = label_column(ds, opts)?;
    let sort = effective_sort(ds, opts, kind)?;
    let order = row_order(ds, sort.as_deref())?;
    let highlighted_rows = highlighted_rows(ds, opts)?;
    let label_style = ds.columns[label_col].style();
    let labels = order
        .iter()
        .map(|&r| crate::model::dataset::format::format(&ds.rows[r][label_col], label_style))
        .collect();
    let highlighted = order.iter().map(|r| highlighted_rows.contains(r)).collect();
    let series = series(ds, &cols, &order, &opts.words);
    if kind == Kind::Stacked {
        check_no_negatives(ds, &series, &order)?;
    }
    let order_desc = match &sort {
        None => Order::AsWritten,
        Some(s) => match s.strip_prefix('-') {
            Some(n) => Order::Descending(column_label(ds, n)),
            None => Order::Ascending(column_label(ds, s)),
        },
    };
    let title = opts
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| ds.meta.title.clone());
    Ok(Plot {
        kind,
        id: opts.id.clone(),
        title,
        category: crate::render::table::column_label(ds, label_col, &opts.words),
        labels,
        highlighted,
        axis_label: axis_label(opts, &series),
        series,
        order: order_desc,
        words: opts.words.clone(),
    })
}

/// The kind asked for, or the one the columns suggest, with its columns.
/// Columns are chosen for a provisional kind first, since the kind's
/// default depends on how many there are.
fn kind_and_columns(ds: &Dataset, opts: &ChartOptions) -> Result<(Kind, Vec<usize>), ChartError> {
    let asked = parse_kind(ds, opts)?;
    let provisional = asked.unwrap_or(match &opts.columns {
        Some(c) if c.len() > 1 => Kind::Grouped,
        _ => Kind::Bar,
    });
    let cols = selected_columns(ds, opts, provisional)?;
    let kind = asked.unwrap_or(if cols.len() > 1 {
        Kind::Grouped
    } else {
        Kind::Bar
    });
    Ok((kind, cols))
}

/// One column for a bar chart, two or more for grouped and stacked bars,
/// and never more series than the palette tells apart.
fn check_column_count(ds: &Dataset, kind: Kind, cols: &[usize]) -> Result<(), ChartError> {
    let names: Vec<&str> = cols.iter().map(|&c| ds.columns[c].name.as_str()).collect();
    match kind {
        Kind::Bar if cols.len() > 1 => {
            return Err(err(
                format!(
                    "chart of `{}`: a bar chart shows one column, but {} were given ({})",
                    ds.name,
                    cols.len(),
                    list(&names)
                ),
                "use kind=\"grouped-bar\" to compare columns side by side, or kind=\"stacked-bar\" to show shares of a whole",
            ));
        }
        Kind::Grouped | Kind::Stacked if cols.len() < 2 => {
            return Err(err(
                format!(
                    "chart of `{}`: a {} chart needs two or more columns, but only {} was given",
                    ds.name,
                    kind.name(),
                    list(&names)
                ),
                format!(
                    "add columns, e.g. columns=[\"{}\", ...], or use kind=\"bar\"",
                    names.join("\", \"")
                ),
            ));
        }
        _ => {}
    }
    if cols.len() > MAX_SERIES {
        return Err(err(
            format!(
                "chart of `{}`: {} columns are too many to tell apart in one chart",
                ds.name,
                cols.len()
            ),
            format!("choose at most {MAX_SERIES} with `columns=[...]`, or show them with table()"),
        ));
    }
    Ok(())
}

fn unit_family(ty: ColType) -> u8 {
    match ty {
        ColType::Percent => 1,
        ColType::Currency => 2,
        _ => 0,
    }
}

/// The columns share one value axis, so they must measure the same kind of
/// thing: all percentages, all money, or all plain numbers.
fn check_units(ds: &Dataset, cols: &[usize]) -> Result<(), ChartError> {
    let first = &ds.columns[cols[0]];
    if let Some(&odd) = cols
        .iter()
        .find(|&&c| unit_family(ds.columns[c].ty) != unit_family(first.ty))
    {
        return Err(err(
            format!(
                "chart of `{}`: \"{}\" is {} but \"{}\" is {}, and one axis cannot show both",
                ds.name,
                first.name,
                first.ty.name(),
                ds.columns[odd].name,
                ds.columns[odd].ty.name()
            ),
            "chart them separately",
        ));
    }
    Ok(())
}

fn check_row_count(ds: &Dataset, kind: Kind) -> Result<(), ChartError> {
    if ds.rows.is_empty() {
        return Err(err(
            format!("chart of `{}`: the dataset has no rows", ds.name),
            "add rows to the CSV, or remove the chart",
        ));
    }
    let limit = if kind == Kind::Line {
        MAX_POINTS
    } else {
        MAX_BARS
    };
    if ds.rows.len() > limit {
        return Err(err(
            format!(
                "chart of `{}`: {} rows are too many for a readable {} chart (at most {limit})",
                ds.name,
                ds.rows.len(),
                kind.name()
            ),
            "show the figures with table(), or chart a smaller summary dataset",
        ));
    }
    Ok(())
}

/// The column naming the rows: `label=`, or the dataset's key.
fn label_column(ds: &Dataset, opts: &ChartOptions) -> Result<usize, ChartError> {
    match &opts.label {
        Some(name) => {
            let c = ds.column(name).ok_or_else(|| unknown_column(ds, name))?;
            if !ds.columns[c].is_published() {
                return Err(unknown_column(ds, name));
            }
            Ok(c)
        }
        None => Ok(ds.key),
    }
}

/// The rows in display order, as the table would sort them.
fn row_order(ds: &Dataset, sort: Option<&str>) -> Result<Vec<usize>, ChartError> {
    table::row_order(ds, sort).map_err(|e| match e {
        TableError::UnknownColumn(c) | TableError::UnknownRow(c) => {
            let mut e = unknown_column(ds, &c);
            e.message = format!("{} to sort by", e.message);
            e.hint = format!("{}; write sort=\"-name\" for highest first, or sort=\"none\" to keep the CSV order", e.hint);
            e
        }
    })
}

/// The dataset rows named by `highlight=`.
fn highlighted_rows(ds: &Dataset, opts: &ChartOptions) -> Result<Vec<usize>, ChartError> {
    opts.highlight
        .iter()
        .map(|h| ds.row(h).ok_or_else(|| unknown_row(ds, h)))
        .collect()
}

fn unknown_row(ds: &Dataset, h: &str) -> ChartError {
    let keys: Vec<String> = (0..ds.rows.len()).map(|r| ds.key_text(r)).collect();
    let hint = match suggest(h, keys.iter().map(String::as_str)) {
        Some(s) => format!(
            "did you mean \"{s}\"? Rows are named by the \"{}\" column",
            ds.columns[ds.key].name
        ),
        None => format!(
            "rows are named by the \"{}\" column, e.g. \"{}\"",
            ds.columns[ds.key].name,
            keys.first().cloned().unwrap_or_default()
        ),
    };
    err(
        format!(
            "chart of `{}`: there is no row \"{h}\" to highlight",
            ds.name
        ),
        hint,
    )
}

/// Each of `cols` as a series, its values in row `order`; anything not a finite
/// number is no data.
fn series(ds: &Dataset, cols: &[usize], order: &[usize], w: &Messages) -> Vec<Series> {
    cols.iter()
        .map(|&c| {
            let col = &ds.columns[c];
            Series {
                name: crate::render::table::column_label(ds, c, w),
                unit: col.unit.clone(),
                style: col.style(),
                values: order
                    .iter()
                    .map(|&r| ds.rows[r][c].number().filter(|v| v.is_finite()))
                    .collect(),
                gaps: order
                    .iter()
                    .map(|&r| {
                        (ds.rows[r][c].is_missing())
                            .then(|| ds.marks.cell(r, c).and_then(|m| m.replacing()))
                            .flatten()
                    })
                    .collect(),
            }
        })
        .collect()
}

fn check_no_negatives(ds: &Dataset, series: &[Series], order: &[usize]) -> Result<(), ChartError> {
    for s in series {
        if let Some(i) = s.values.iter().position(|v| v.is_some_and(|v| v < 0.0)) {
            return Err(err(
                format!(
                    "chart of `{}`: a stacked bar chart cannot show the negative value {} of \"{}\" for {}",
                    ds.name,
                    s.fmt(s.values[i].unwrap_or_default()),
                    s.name,
                    ds.key_text(order[i])
                ),
                "stacked bars show parts of a whole; use kind=\"grouped-bar\" for changes that can be negative",
            ));
        }
    }
    Ok(())
}

/// `axis_label=` (blank for none), else the series' shared unit, else a
/// lone series' name.
fn axis_label(opts: &ChartOptions, series: &[Series]) -> Option<String> {
    match &opts.axis_label {
        Some(a) if a.trim().is_empty() => None,
        Some(a) => Some(a.clone()),
        None => {
            let unit = series[0].unit.clone().filter(|u| !u.is_empty());
            if unit.is_some() && series.iter().all(|s| s.unit == unit) {
                unit.map(|u| crate::util::text::capitalise_first(&u))
            } else if series.len() == 1 {
                Some(series[0].name.clone())
            } else {
                None
            }
        }
    }
}

fn column_label(ds: &Dataset, name: &str) -> String {
    ds.column(name)
        .map(|c| ds.columns[c].label.clone())
        .unwrap_or_else(|| name.to_string())
}
