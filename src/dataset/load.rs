//! Reading `data/`: CSV files typed by their sidecars, and free YAML.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::format::{Cell, parse_number};
use super::schema::{ColType, ColumnSpec, Sidecar};
use super::{Column, DATA_DIR, Dataset, Datasets, Meta, RowPos};
use crate::config::Licence;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path, relative_to};
use crate::frontmatter::is_iso_date;
use crate::yaml;

/// Loads every dataset under `root/data`, reporting all problems at once.
pub fn load(root: &Path) -> Result<Datasets, Diagnostics> {
    let dir = root.join(DATA_DIR);
    let mut out = Datasets::default();
    let mut diags = Diagnostics::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut csvs: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut yamls: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .max_depth(1)
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error("io", format!("cannot read data/: {e}")));
                continue;
            }
        };
        if entry.depth() == 0 || entry.file_type().is_dir() {
            continue;
        }
        let rel = relative_to(root, entry.path());
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if let Some(d) = crate::files::link_outside(root, &entry) {
            diags.push(d);
            continue;
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), e.to_ascii_lowercase()),
            None => continue,
        };
        let valid_name = !stem.is_empty()
            && stem
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid_name {
            diags.push(
                Diagnostic::error(
                    "data-name",
                    format!("`{name}`: dataset names are lower-case letters, digits, dashes and underscores"),
                )
                .in_file(&rel)
                .hint(format!(
                    "rename it to `{}.{ext}`",
                    crate::content::slugify(&stem)
                )),
            );
            continue;
        }
        match ext.as_str() {
            "csv" => {
                csvs.insert(stem, rel);
            }
            "yaml" | "yml" => {
                if let Some(prev) = yamls.insert(stem.clone(), rel.clone()) {
                    diags.push(
                        Diagnostic::error("data-name", format!("two YAML files for `{stem}`"))
                            .in_file(&rel)
                            .note(format!("the other is {}", display_path(&prev))),
                    );
                }
            }
            _ => {}
        }
    }
    for (name, csv_path) in &csvs {
        match load_csv_dataset(root, name, csv_path, yamls.get(name)) {
            Ok(ds) => {
                out.tables.insert(name.clone(), ds);
            }
            Err(d) => diags.extend(d),
        }
    }
    for (name, path) in &yamls {
        if csvs.contains_key(name) {
            continue;
        }
        match crate::files::read_text(root, path).and_then(|src| {
            yaml::parse::<serde_json::Value>(&src, path, 1, "data-yaml", "data file")
        }) {
            Ok(v) => {
                out.yaml.insert(name.clone(), v);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

/// Reads one dataset again (`serve`, after a save of its CSV or sidecar),
/// from `data/NAME.csv` and `data/NAME.yaml` (or `.yml`) if there is one.
pub fn load_one(root: &Path, name: &str) -> Result<Dataset, Diagnostics> {
    let csv = Path::new(DATA_DIR).join(format!("{name}.csv"));
    let sidecar = ["yaml", "yml"]
        .iter()
        .map(|ext| Path::new(DATA_DIR).join(format!("{name}.{ext}")))
        .find(|p| root.join(p).is_file());
    load_csv_dataset(root, name, &csv, sidecar.as_ref())
}

/// Character column (1-based) where each field of the record starting at
/// byte `start` of `src` begins.
fn field_columns(src: &str, start: usize) -> Vec<usize> {
    let line_start = src[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let mut cols = vec![src[line_start..start].chars().count() + 1];
    let mut in_quotes = false;
    let mut col = cols[0];
    let mut chars = src[start..].chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                col += 1;
            }
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => cols.push(col),
            '\n' if !in_quotes => break,
            '\n' => col = 1,
            _ => {}
        }
    }
    cols
}

fn load_csv_dataset(
    root: &Path,
    name: &str,
    csv_path: &Path,
    sidecar_path: Option<&PathBuf>,
) -> Result<Dataset, Diagnostics> {
    let src = crate::files::read_text(root, csv_path)?;
    let (sidecar, sidecar_src) = match sidecar_path {
        Some(p) => {
            let s = crate::files::read_text(root, p)?;
            let sc: Sidecar = yaml::parse(&s, p, 1, "sidecar", "dataset description")?;
            (Some(sc), s)
        }
        None => (None, String::new()),
    };
    let mut diags = Diagnostics::new();
    if src.trim().is_empty() {
        return Err(Diagnostic::error("csv-empty", "this CSV file is empty")
            .in_file(csv_path)
            .hint("the first line must name the columns, e.g. `district,current,previous`")
            .into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(src.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(csv_error(&e, csv_path).into()),
    };
    if headers.len() == 1 && headers[0].contains(';') {
        return Err(Diagnostic::error(
            "csv-delimiter",
            "this file uses semicolons, not commas, between values",
        )
        .in_file(csv_path)
        .at(1, 1)
        .hint("save it as comma-separated CSV (in Excel: \"CSV UTF-8 (comma delimited)\")")
        .into());
    }
    let header_cols = field_columns(&src, 0);
    let mut seen = HashSet::new();
    for (i, h) in headers.iter().enumerate() {
        let col = header_cols.get(i).copied().unwrap_or(1);
        if h.is_empty() {
            diags.push(
                Diagnostic::error("csv-header", format!("column {} has no name", i + 1))
                    .in_file(csv_path)
                    .at(1, col)
                    .hint("give every column a name in the first line"),
            );
        } else if !seen.insert(h.clone()) {
            diags.push(
                Diagnostic::error("csv-header", format!("the column name `{h}` is used twice"))
                    .in_file(csv_path)
                    .at(1, col)
                    .width(h.chars().count())
                    .hint("give each column its own name"),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut raw_rows: Vec<(RowPos, Vec<String>)> = Vec::new();
    for rec in reader.records() {
        match rec {
            Ok(r) => {
                let pos = r
                    .position()
                    .map(|p| (p.line() as usize, p.byte() as usize))
                    .unwrap_or((0, 0));
                let columns = field_columns(&src, pos.1);
                raw_rows.push((
                    RowPos {
                        line: pos.0,
                        columns,
                    },
                    r.iter().map(str::to_string).collect(),
                ));
            }
            Err(e) => {
                diags.push(csv_error(&e, csv_path));
                return Err(diags);
            }
        }
    }
    let sc = sidecar.clone().unwrap_or_default();
    let sidecar_rel = sidecar_path.cloned();
    let sc_file = sidecar_rel
        .clone()
        .unwrap_or_else(|| csv_path.to_path_buf());
    let spec_line = |name: &str| spec_line(&sidecar_src, name);
    let missing: Vec<String> = sc.missing.clone().unwrap_or_else(|| vec![String::new()]);

    // Column specs from the sidecar, checked against the CSV's headers.
    let mut specs: BTreeMap<String, (ColumnSpec, usize)> = BTreeMap::new();
    for (k, v) in &sc.columns {
        let key = k.as_str().unwrap_or_default().to_string();
        let line = spec_line(&key);
        if !headers.contains(&key) {
            let hint = match crate::diagnostic::suggest(&key, headers.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the CSV's columns are: {}", headers.join(", ")),
            };
            diags.push(
                Diagnostic::error(
                    "sidecar-column",
                    format!("`{key}` is not a column of {}", display_path(csv_path)),
                )
                .in_file(&sc_file)
                .at(line, 1)
                .hint(hint),
            );
            continue;
        }
        match serde_yaml::from_value::<ColumnSpec>(v.clone()) {
            Ok(s) => {
                specs.insert(key, (s, line));
            }
            Err(e) => diags.push(
                Diagnostic::error("sidecar", format!("column `{key}`: {}", strip_loc(&e.to_string())))
                    .in_file(&sc_file)
                    .at(line, 1)
                    .hint("a column takes label, type, unit, description, decimals, required, verify, tolerance and hidden"),
            ),
        }
    }
    let key_name = sc.key.clone().unwrap_or_else(|| headers[0].clone());
    let key = match headers.iter().position(|h| *h == key_name) {
        Some(k) => k,
        None => {
            diags.push(
                Diagnostic::error(
                    "sidecar",
                    format!("the key column `{key_name}` is not in the CSV"),
                )
                .in_file(&sc_file)
                .at(yaml::key_line(&sidecar_src, "key"), 1)
                .hint(format!("use one of: {}", headers.join(", "))),
            );
            0
        }
    };
    let mut columns: Vec<Column> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let (spec, line) = specs.get(h).cloned().unwrap_or_default();
        let ty = match spec.ty {
            Some(t) => t,
            None if i == key => ColType::Text,
            None if sidecar.is_some() && sc.columns.contains_key(h.as_str()) => ColType::Text,
            None => infer_type(
                raw_rows
                    .iter()
                    .map(|r| r.1.get(i).map(String::as_str).unwrap_or("")),
                &missing,
            ),
        };
        let decimals = spec.decimals.unwrap_or(match ty {
            ColType::Percent => 1,
            ColType::Decimal | ColType::Currency => 2,
            _ => 0,
        });
        columns.push(Column {
            name: h.clone(),
            label: spec.label.clone().unwrap_or_else(|| humanise(h)),
            ty,
            unit: spec.unit.clone(),
            description: spec.description.clone(),
            decimals,
            signed: false,
            required: spec.required,
            hidden: spec.hidden || spec.verify.is_some(),
            formula: None,
            derived: None,
            verify: spec.verify.clone(),
            tolerance: spec.tolerance,
            spec_line: line,
        });
    }
    // Typed cells.
    let mut rows = Vec::with_capacity(raw_rows.len());
    let mut positions = Vec::with_capacity(raw_rows.len());
    let mut raws = Vec::with_capacity(raw_rows.len());
    // The raw rows are consumed, so each row's text is held once, not twice.
    for (pos, fields) in raw_rows {
        let mut row = Vec::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            let col = &columns[i];
            match parse_cell(f, col.ty, &missing) {
                Ok(c) => row.push(c),
                Err(expected) => {
                    row.push(Cell::Missing);
                    let key_text = fields.get(key).cloned().unwrap_or_default();
                    diags.push(
                        Diagnostic::error(
                            "csv-value",
                            format!("`{f}` is not {expected} (column `{}`, row `{key_text}`)", col.name),
                        )
                        .in_file(csv_path)
                        .at(pos.line, pos.column(i))
                        .width(f.chars().count())
                        .label(format!("expected {expected}"))
                        .hint(if sidecar.is_some() {
                            format!(
                                "correct the figure; if it means \"no data\", list it under `missing:` in {}",
                                display_path(&sc_file)
                            )
                        } else {
                            "correct the figure, or describe the column in a sidecar NAME.yaml".to_string()
                        }),
                    );
                }
            }
        }
        rows.push(row);
        positions.push(pos);
        raws.push(fields);
    }
    let licence = sc.licence.as_deref().map(|id| {
        Licence::from_id(id).unwrap_or(Licence {
            id: id.to_string(),
            name: id.to_string(),
            url: String::new(),
        })
    });
    for (k, v) in [("published", &sc.published), ("updated", &sc.updated)] {
        if let Some(d) = v
            && !is_iso_date(d)
        {
            diags.push(
                Diagnostic::error("sidecar", format!("`{k}` is not a date: `{d}`"))
                    .in_file(&sc_file)
                    .at(yaml::key_line(&sidecar_src, k), 1)
                    .hint(format!("write dates as YYYY-MM-DD, e.g. `{k}: 2024-01-16`")),
            );
        }
    }
    let meta = Meta {
        title: sc.title.clone().unwrap_or_else(|| humanise(name)),
        description: sc.description.clone().unwrap_or_default(),
        source: sc.source.clone().unwrap_or_default(),
        source_url: sc.source_url.clone(),
        publisher: sc.publisher.clone().unwrap_or_default(),
        period: sc.period.clone().unwrap_or_default(),
        published: sc.published.clone(),
        updated: sc.updated.clone(),
        licence,
        caveats: sc.caveats.clone(),
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let mut ds = Dataset {
        name: name.to_string(),
        csv_path: csv_path.to_path_buf(),
        sidecar_path: sidecar_rel,
        meta,
        key,
        columns,
        rows,
        positions,
        raw: raws,
        totals: None,
    };
    super::derive::apply(&mut ds, &sc, &sidecar_src)?;
    Ok(ds)
}

/// 1-based line of `name:` as a nested key in the sidecar (0 if absent).
pub fn spec_line(src: &str, name: &str) -> usize {
    src.lines()
        .position(|l| {
            let t = l.trim_start();
            l.len() != t.len()
                && (t
                    .strip_prefix(name)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
                    || t.strip_prefix(&format!("\"{name}\""))
                        .is_some_and(|r| r.trim_start().starts_with(':')))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

fn strip_loc(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

fn csv_error(e: &csv::Error, file: &Path) -> Diagnostic {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => {
            let line = pos.as_ref().map(|p| p.line() as usize).unwrap_or(0);
            Diagnostic::error(
                "csv-ragged",
                format!("this row has {len} values but the header has {expected_len}"),
            )
            .in_file(file)
            .at(line, 1)
            .hint("every row needs one value per column; put values that contain commas in double quotes")
        }
        csv::ErrorKind::Utf8 { pos, .. } => {
            let line = pos.as_ref().map(|p| p.line() as usize).unwrap_or(0);
            Diagnostic::error("not-utf8", "this row is not valid UTF-8")
                .in_file(file)
                .at(line, 1)
                .hint("save the file as \"CSV UTF-8\"")
        }
        _ => Diagnostic::error("csv", format!("cannot read this CSV: {e}")).in_file(file),
    }
}

fn parse_cell(s: &str, ty: ColType, missing: &[String]) -> Result<Cell, &'static str> {
    let t = s.trim();
    if missing.iter().any(|m| m.trim() == t) {
        return Ok(Cell::Missing);
    }
    match ty {
        ColType::Text => Ok(Cell::Text(t.to_string())),
        ColType::Date => {
            if is_iso_date(t) {
                Ok(Cell::Date(t.to_string()))
            } else {
                Err("a date (YYYY-MM-DD)")
            }
        }
        _ => parse_number(t, ty)
            .map(|(n, _)| Cell::Number(n))
            .ok_or(match ty {
                ColType::Integer => "a whole number",
                ColType::Percent => "a percentage",
                ColType::Currency => "an amount in pounds",
                _ => "a number",
            }),
    }
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
    ColType::Text
}

/// `change_pct` → `Change pct`: a readable default label.
pub fn humanise(s: &str) -> String {
    let t = s.replace(['_', '-'], " ");
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_of_fields() {
        let src = "a,b\nx,\"y,z\",w\n";
        assert_eq!(field_columns(src, 4), vec![1, 3, 9]);
    }

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
    }
}
