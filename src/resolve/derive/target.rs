//! The status column of a targets table (`targets:` in the sidecar): each
//! row's actual figure against its target, in words, worked out here so it
//! can never disagree with the figures. A status typed in the CSV
//! (`stated:`) is checked against it.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::dataset::section_line;
use crate::model::dataset::format::{Cell, format};
use crate::model::dataset::schema::ColType;
use crate::model::dataset::target::{Direction, Status, TargetsSpec, status};
use crate::model::dataset::{Column, Dataset};

/// The direction of each row: one for all, or read from a column.
enum Directions {
    All(Direction),
    Column(usize),
}

/// Adds the status column to a dataset whose sidecar has `targets:`.
pub fn apply(ds: &mut Dataset, sidecar_src: &str) -> Result<(), Diagnostics> {
    let Some(spec) = ds.meta.targets.clone() else {
        return Ok(());
    };
    let file = ds
        .sidecar_path
        .clone()
        .unwrap_or_else(|| ds.csv_path.clone());
    let mut diags = Diagnostics::new();
    let place = |what: &str| section_line(sidecar_src, "targets", what);
    let figure = |what: &str, name: &str, diags: &mut Diagnostics| -> Option<usize> {
        let found = ds.column(name);
        let problem = match found {
            None => Some(format!(
                "targets: `{what}` names `{name}`, which is not a column"
            )),
            Some(c) if !ds.columns[c].ty.is_numeric() => Some(format!(
                "targets: the {what} column `{name}` holds {}, not figures",
                ds.columns[c].ty.name()
            )),
            Some(_) => None,
        };
        if let Some(msg) = problem {
            diags.push(
                Diagnostic::error(Code::Sidecar, msg)
                    .in_file(&file)
                    .at(place(what), 1)
                    .hint(column_hint(ds, name)),
            );
            return None;
        }
        found
    };
    let target = figure("target", &spec.target, &mut diags);
    let actual = figure("actual", &spec.actual, &mut diags);
    if let Some(b) = &spec.baseline {
        figure("baseline", b, &mut diags);
    }
    let directions = directions(ds, &spec, &file, place("direction"), &mut diags);
    let name = spec.status_column().to_string();
    if ds.column(&name).is_some() {
        diags.push(
            Diagnostic::error(Code::Sidecar, format!("targets: the status column `{name}` has the name of an existing column"))
                .in_file(&file)
                .at(place("targets"), 1)
                .hint("name the worked-out column with `status: NAME`, or rename the CSV's column (a status typed in the CSV is named with `stated:`)"),
        );
    }
    let (Some(t), Some(a), Some(dirs)) = (target, actual, directions) else {
        return Err(diags);
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let cells: Vec<Cell> = (0..ds.rows.len())
        .map(|r| row_status(ds, r, t, a, &dirs))
        .map(|s| s.map_or(Cell::Missing, |s| Cell::Text(s.words().into())))
        .collect();
    if let Some(stated) = &spec.stated {
        check_stated(
            ds,
            &spec,
            stated,
            &cells,
            &file,
            place("stated"),
            &mut diags,
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let column = status_column(ds, &spec, &name, place("targets"));
    ds.columns.push(column);
    for (row, c) in ds.rows.iter_mut().zip(cells) {
        row.push(c);
    }
    Ok(())
}

fn row_status(ds: &Dataset, r: usize, t: usize, a: usize, dirs: &Directions) -> Option<Status> {
    let dir = match dirs {
        Directions::All(d) => *d,
        Directions::Column(c) => match &ds.rows[r][*c] {
            Cell::Text(s) => Direction::parse(s)?,
            _ => return None,
        },
    };
    status(ds.rows[r][a].number(), ds.rows[r][t].number(), dir)
}

fn directions(
    ds: &Dataset,
    spec: &TargetsSpec,
    file: &Path,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<Directions> {
    if let Some(d) = Direction::parse(&spec.direction) {
        return Some(Directions::All(d));
    }
    let Some(c) = ds.column(&spec.direction) else {
        diags.push(
            Diagnostic::error(Code::Sidecar, format!("targets: direction `{}` is neither `higher`, `lower` nor a column", spec.direction))
                .in_file(file)
                .at(line, 1)
                .hint("write `direction: higher` when a higher figure is better, `direction: lower` when a lower one is, or name a column that says which for each row"),
        );
        return None;
    };
    for (r, row) in ds.rows.iter().enumerate() {
        let text = match &row[c] {
            Cell::Text(s) if Direction::parse(s).is_none() => s.clone(),
            Cell::Missing => String::new(),
            _ => continue,
        };
        diags.push(
            Diagnostic::error(
                Code::CsvValue,
                format!(
                    "`{text}` does not say which way `{}` is better",
                    ds.key_text(r)
                ),
            )
            .in_file(&ds.csv_path)
            .at(ds.positions[r].line, ds.positions[r].column(c))
            .hint("write `higher` when a higher figure is better, or `lower` when a lower one is"),
        );
    }
    Some(Directions::Column(c))
}

/// Each status typed in the CSV against the worked-out one.
fn check_stated(
    ds: &mut Dataset,
    spec: &TargetsSpec,
    stated: &str,
    cells: &[Cell],
    file: &Path,
    line: usize,
    diags: &mut Diagnostics,
) {
    let Some(s) = ds.column(stated) else {
        diags.push(
            Diagnostic::error(
                Code::Sidecar,
                format!("targets: `stated` names `{stated}`, which is not a column"),
            )
            .in_file(file)
            .at(line, 1)
            .hint(column_hint(ds, stated)),
        );
        return;
    };
    // Shown once, as worked out; the typed column stays in the downloads.
    ds.columns[s].hidden = true;
    for (r, worked) in cells.iter().enumerate() {
        let typed = &ds.rows[r][s];
        if typed.is_missing() {
            continue;
        }
        let typed_text = format(typed, ds.columns[s].style());
        let agrees = match (Status::from_words(&typed_text), worked) {
            (Some(t), Cell::Text(w)) => t.words() == w,
            _ => false,
        };
        if agrees {
            continue;
        }
        let figures = |c: &str| {
            ds.column(c)
                .map(|i| format(&ds.rows[r][i], ds.columns[i].style()))
                .unwrap_or_default()
        };
        let worked_words = format(worked, ds.columns[s].style());
        diags.push(
            Diagnostic::error(
                Code::Verify,
                format!(
                    "the status of `{}` is typed as “{typed_text}”, but its figures say “{worked_words}”",
                    ds.key_text(r)
                ),
            )
            .in_file(&ds.csv_path)
            .at(ds.positions[r].line, ds.positions[r].column(s))
            .width(typed_text.chars().count())
            .note(format!(
                "actual {} against a target of {} ({})",
                figures(&spec.actual),
                figures(&spec.target),
                spec.direction
            ))
            .hint("correct the typed status or the figures; statuses are one of: met, not met, not yet reported"),
        );
    }
}

fn status_column(ds: &Dataset, spec: &TargetsSpec, name: &str, line: usize) -> Column {
    let label = |c: &str| {
        ds.column(c)
            .map(|i| ds.columns[i].label.clone())
            .unwrap_or_else(|| c.to_string())
    };
    let better = match Direction::parse(&spec.direction) {
        Some(Direction::Higher) => "at or above".to_string(),
        Some(Direction::Lower) => "at or below".to_string(),
        None => format!(
            "at or above, or at or below, as {} says",
            label(&spec.direction)
        ),
    };
    Column {
        name: name.to_string(),
        label: spec.label.clone().unwrap_or_else(|| "Status".into()),
        ty: ColType::Text,
        unit: None,
        description: None,
        decimals: 0,
        signed: false,
        required: false,
        hidden: false,
        formula: Some(format!(
            "met when {} is {better} {}; not yet reported when there is no {}",
            label(&spec.actual),
            label(&spec.target),
            label(&spec.actual)
        )),
        derived: None,
        verify: None,
        tolerance: None,
        spec_line: line,
    }
}

fn column_hint(ds: &Dataset, name: &str) -> String {
    match crate::diagnostic::suggest(name, ds.columns.iter().map(|c| c.name.as_str())) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "columns are: {}",
            ds.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
