//! Reading `data/`: CSV files typed by their sidecars, and free YAML.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

pub mod csvtext;
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path, relative_to};
use crate::load::yaml;
use crate::model::config::Licence;
use crate::model::dataset::format::{Cell, parse_number};
use crate::model::dataset::schema::{ColType, ColumnSpec, Sidecar};
use crate::model::dataset::{Column, DATA_DIR, Dataset, Meta, RowPos};
use crate::util::text::is_iso_date;
use csvtext::{LineCounter, csv_error, field_columns, shorten};

/// A dataset as its files give it, before its derived columns are worked
/// out (src/resolve/dataset.rs does that, with the sidecar kept here).
pub struct Loaded {
    pub dataset: Dataset,
    pub sidecar: Sidecar,
    pub sidecar_src: String,
}

/// Every dataset under `root/data` as read, with every problem found:
/// the tables that loaded, the free YAML files, and the findings.
pub struct LoadedData {
    pub tables: Vec<Loaded>,
    /// Names of the CSV files that could not be loaded.
    pub failed: Vec<String>,
    pub yaml: BTreeMap<String, serde_json::Value>,
    pub diags: Diagnostics,
}

/// Loads every dataset under `root/data`, reporting all problems at once.
pub fn load(root: &Path) -> LoadedData {
    let dir = root.join(DATA_DIR);
    let mut out = LoadedData {
        tables: Vec::new(),
        failed: Vec::new(),
        yaml: BTreeMap::new(),
        diags: Diagnostics::new(),
    };
    let mut diags = Diagnostics::new();
    if !dir.is_dir() {
        return out;
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
                diags.push(Diagnostic::error(
                    Code::Io,
                    format!("cannot read data/: {e}"),
                ));
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
        if let Some(d) = crate::load::files::broken_link(root, &entry)
            .or_else(|| crate::load::files::link_outside(root, &entry))
        {
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
                    Code::DataName,
                    format!("`{name}`: dataset names are lower-case letters, digits, dashes and underscores"),
                )
                .in_file(&rel)
                .hint(format!(
                    "rename it to `{}.{ext}`",
                    crate::util::text::slugify(&stem)
                )),
            );
            continue;
        }
        // A named pipe or a device would hang the build on reading it.
        if matches!(ext.as_str(), "csv" | "yaml" | "yml") && !entry.path().is_file() {
            diags.push(
                Diagnostic::error(Code::Io, "this is not an ordinary file")
                    .in_file(&rel)
                    .hint("data/ may hold only CSV and YAML files"),
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
                        Diagnostic::error(Code::DataName, format!("two YAML files for `{stem}`"))
                            .in_file(&rel)
                            .note(format!("the other is {}", display_path(&prev)))
                            .hint("keep one of them: `.yaml` and `.yml` name the same dataset"),
                    );
                }
            }
            _ => {}
        }
    }
    for (name, csv_path) in &csvs {
        match load_csv_dataset(root, name, csv_path, yamls.get(name)) {
            Ok(l) => out.tables.push(l),
            Err(d) => {
                out.failed.push(name.clone());
                diags.extend(d);
            }
        }
    }
    for (name, path) in &yamls {
        if csvs.contains_key(name) {
            continue;
        }
        match crate::load::files::read_text(root, path).and_then(|src| free_yaml(&src, path)) {
            Ok(v) => {
                out.yaml.insert(name.clone(), v);
            }
            Err(d) => diags.push(d),
        }
    }
    out.diags = diags;
    out
}

/// A free YAML data file. Read as JSON values, a repeated key would
/// silently keep its last value, so the text is also checked as YAML, which
/// refuses repeated keys.
pub fn free_yaml(src: &str, path: &Path) -> Result<serde_json::Value, Diagnostic> {
    let v = yaml::parse::<serde_json::Value>(src, path, 1, Code::DataYaml, "data file")?;
    yaml::parse::<yaml_serde::Value>(src, path, 1, Code::DataYaml, "data file")?;
    Ok(v)
}

/// Reads one dataset again (`serve`, after a save of its CSV or sidecar),
/// from `data/NAME.csv` and `data/NAME.yaml` (or `.yml`) if there is one.
pub fn load_one(root: &Path, name: &str) -> Result<Loaded, Diagnostics> {
    let csv = Path::new(DATA_DIR).join(format!("{name}.csv"));
    let sidecar = ["yaml", "yml"]
        .iter()
        .map(|ext| Path::new(DATA_DIR).join(format!("{name}.{ext}")))
        .find(|p| root.join(p).is_file());
    load_csv_dataset(root, name, &csv, sidecar.as_ref())
}

fn load_csv_dataset(
    root: &Path,
    name: &str,
    csv_path: &Path,
    sidecar_path: Option<&PathBuf>,
) -> Result<Loaded, Diagnostics> {
    let src = crate::load::files::read_text(root, csv_path)?;
    let (sidecar, sidecar_src) = match sidecar_path {
        Some(p) => {
            let s = crate::load::files::read_text(root, p)?;
            let sc: Sidecar = yaml::parse(&s, p, 1, Code::Sidecar, "dataset description")?;
            (Some(sc), s)
        }
        None => (None, String::new()),
    };
    let mut diags = Diagnostics::new();
    // A second byte-order mark (a file saved twice by tools that each add
    // one) is as empty as none: it is not a column name.
    if src
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(Diagnostic::error(Code::CsvEmpty, "this CSV file is empty")
            .in_file(csv_path)
            .hint("the first line must name the columns, e.g. `district,current,previous`")
            .into());
    }
    // A NUL is never text: the file is binary, or was damaged in saving.
    if let Some(at) = src.find('\0') {
        let (line, col) = crate::diagnostic::line_col(&src, at);
        return Err(Diagnostic::error(
            Code::Csv,
            "this file holds a NUL character (byte 0), which is not text",
        )
        .in_file(csv_path)
        .at(line, col)
        .hint("save the file again as \"CSV UTF-8\" from the program that made it")
        .into());
    }
    if let Some((line, col)) = csvtext::unclosed_quote(&src) {
        return Err(Diagnostic::error(Code::CsvQuote, "this quote is never closed")
            .in_file(csv_path)
            .at(line, col)
            .label("the value that starts here runs to the end of the file")
            .hint("close the value with another `\"`; a `\"` inside a quoted value is written twice (`\"\"`)")
            .into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(src.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(csv_error(&e, csv_path, &src).into()),
    };
    if let Some(d) = csvtext::delimiter_problem(&headers, csv_path) {
        return Err(d.into());
    }
    if headers.is_empty() {
        return Err(
            Diagnostic::error(Code::CsvHeader, "the first line names no columns")
                .in_file(csv_path)
                .at(1, 1)
                .hint("the first line must name the columns, e.g. `district,current,previous`")
                .into(),
        );
    }
    let header_cols = field_columns(&src, 0);
    let mut seen = HashSet::new();
    for (i, h) in headers.iter().enumerate() {
        let col = header_cols.get(i).copied().unwrap_or(1);
        if h.is_empty() {
            diags.push(
                Diagnostic::error(Code::CsvHeader, format!("column {} has no name", i + 1))
                    .in_file(csv_path)
                    .at(1, col)
                    .hint("give every column a name in the first line"),
            );
        } else if !seen.insert(h.clone()) {
            diags.push(
                Diagnostic::error(
                    Code::CsvHeader,
                    format!("the column name `{h}` is used twice"),
                )
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
    // Each row with its first byte, for placing a message about one of its
    // values on the value's own line.
    let mut raw_rows: Vec<(RowPos, Vec<String>, usize)> = Vec::new();
    let mut lines = LineCounter::default();
    for rec in reader.records() {
        match rec {
            Ok(r) => {
                let byte = r
                    .position()
                    .map(|p| csvtext::record_start(&src, p.byte() as usize))
                    .unwrap_or(0);
                raw_rows.push((
                    RowPos {
                        line: lines.line_at(&src, byte),
                        columns: field_columns(&src, byte),
                    },
                    r.iter().map(str::to_string).collect(),
                    byte,
                ));
            }
            Err(e) => {
                diags.push(csv_error(&e, csv_path, &src));
                return Err(diags);
            }
        }
    }
    let sc = sidecar.clone().unwrap_or_default();
    let sidecar_rel = sidecar_path.cloned();
    let sc_file = sidecar_rel
        .clone()
        .unwrap_or_else(|| csv_path.to_path_buf());
    let spec_line = |name: &str| section_line(&sidecar_src, "columns", name);
    let missing: Vec<String> = sc.missing.clone().unwrap_or_else(|| vec![String::new()]);

    // Column specs from the sidecar, checked against the CSV's headers.
    let mut specs: BTreeMap<String, (ColumnSpec, usize)> = BTreeMap::new();
    for (k, v) in &sc.columns {
        let key = yaml_key(k);
        let line = spec_line(&key);
        if !headers.contains(&key) {
            let hint = match crate::diagnostic::suggest(&key, headers.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the CSV's columns are: {}", headers.join(", ")),
            };
            diags.push(
                Diagnostic::error(
                    Code::SidecarColumn,
                    format!("`{key}` is not a column of {}", display_path(csv_path)),
                )
                .in_file(&sc_file)
                .at(line, 1)
                .hint(hint),
            );
            continue;
        }
        match yaml_serde::from_value::<ColumnSpec>(v.clone()) {
            Ok(s) => match spec_problem(&s) {
                None => {
                    specs.insert(key, (s, line));
                }
                Some((msg, hint)) => diags.push(
                    Diagnostic::error(Code::Sidecar, format!("column `{key}`: {msg}"))
                        .in_file(&sc_file)
                        .at(line, 1)
                        .hint(hint),
                ),
            },
            Err(e) => {
                let (msg, hint) = yaml::explain(&e.to_string());
                let hint = match (v.as_str(), hint) {
                    (Some(word), _) => format!("describe a column with a mapping, e.g. `{key}: {{ type: {word} }}`"),
                    (None, Some(h)) => h,
                    (None, None) => "a column takes label, type, unit, description, decimals, required, verify, tolerance and hidden".into(),
                };
                diags.push(
                    Diagnostic::error(Code::Sidecar, format!("column `{key}`: {msg}"))
                        .in_file(&sc_file)
                        .at(line, 1)
                        .hint(hint),
                );
            }
        }
    }
    let key_name = sc.key.clone().unwrap_or_else(|| headers[0].clone());
    let key = match headers.iter().position(|h| *h == key_name) {
        Some(k) => k,
        None => {
            diags.push(
                Diagnostic::error(
                    Code::Sidecar,
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
            None if sidecar.is_some() && specs.contains_key(h) => ColType::Text,
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
    for (pos, fields, byte) in raw_rows {
        let mut row = Vec::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            let col = &columns[i];
            match parse_cell(f, col.ty, &missing) {
                Ok(c) => row.push(c),
                Err(expected) => {
                    row.push(Cell::Missing);
                    let key_text = shorten(fields.get(key).map(String::as_str).unwrap_or_default());
                    let (line, column) = csvtext::field_position(&src, byte, pos.line, i);
                    diags.push(
                        Diagnostic::error(
                            Code::CsvValue,
                            format!("`{}` is not {expected} (column `{}`, row `{key_text}`)", shorten(f), col.name),
                        )
                        .in_file(csv_path)
                        .at(line, column)
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
                Diagnostic::error(Code::Sidecar, format!("`{k}` is not a date: `{d}`"))
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
    let dataset = Dataset {
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
    Ok(Loaded {
        dataset,
        sidecar: sc,
        sidecar_src,
    })
}

/// A sidecar key as text. YAML reads `2025:` as a number, but the CSV
/// column it describes is named "2025".
pub fn yaml_key(k: &yaml_serde::Value) -> String {
    match k {
        yaml_serde::Value::String(s) => s.clone(),
        yaml_serde::Value::Number(n) => n.to_string(),
        yaml_serde::Value::Bool(b) => b.to_string(),
        other => yaml_serde::to_string(other)
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
    }
}

/// The most decimal places a figure may be shown with: enough for any
/// published statistic, and few enough that rounding stays exact.
pub const MAX_DECIMALS: u32 = 10;

/// What serde accepts in a column description but is still wrong.
fn spec_problem(s: &ColumnSpec) -> Option<(String, String)> {
    if let Some(d) = s.decimals.filter(|&d| d > MAX_DECIMALS) {
        return Some((
            format!("`decimals` must be between 0 and {MAX_DECIMALS}, not {d}"),
            "give the number of decimal places to show, e.g. `decimals: 1`".into(),
        ));
    }
    tolerance_problem(s.tolerance)
}

/// A tolerance below zero (or not a number) could never be met: every
/// stated figure would be reported as wrong.
pub fn tolerance_problem(t: Option<f64>) -> Option<(String, String)> {
    let t = t?;
    (t.is_nan() || t < 0.0).then(|| {
        (
            format!("`tolerance` must be 0 or more, not {t}"),
            "a tolerance is how far a stated figure may be from the computed one, e.g. `tolerance: 0.05`".into(),
        )
    })
}

/// 1-based line of `name:` under the top-level key `section:` of the
/// sidecar, so a derived column is not found at a source column that
/// happens to share its name. Falls back to the section's own line (a
/// one-line flow mapping), then to [`spec_line`].
pub fn section_line(src: &str, section: &str, name: &str) -> usize {
    let lines: Vec<&str> = src.lines().collect();
    let is_key = |l: &str, key: &str| {
        l.strip_prefix(key)
            .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    let Some(start) = lines.iter().position(|l| is_key(l, section)) else {
        return spec_line(src, name);
    };
    for (i, l) in lines.iter().enumerate().skip(start + 1) {
        if !l.is_empty() && !l.starts_with([' ', '\t', '#']) {
            break;
        }
        if is_key(l.trim_start(), name) {
            return i + 1;
        }
    }
    start + 1
}

/// 1-based line of `name:` as a nested key in the sidecar (1 if absent).
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
