//! The sidecar's column descriptions and key checked against the CSV's
//! columns, and the lines of the sidecar that messages point at.

use std::collections::BTreeMap;

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::load::yaml;
use crate::model::dataset::schema::{ColumnSpec, Sidecar};

use super::Source;

/// The sidecar's description of each column it names, with the line it is
/// on. A description that names no column or does not read is reported
/// and left out, so every problem in the sidecar is found in one pass.
pub(super) fn column_specs(
    sc: &Sidecar,
    headers: &[String],
    source: &Source,
    diags: &mut Diagnostics,
) -> BTreeMap<String, (ColumnSpec, usize)> {
    let mut specs = BTreeMap::new();
    for (k, v) in &sc.columns {
        let key = yaml_key(k);
        let line = section_line(source.sidecar, "columns", &key);
        if !headers.contains(&key) {
            diags.push(not_a_column(&key, line, headers, source));
            continue;
        }
        match column_spec(&key, v, line, source) {
            Ok(s) => {
                specs.insert(key, (s, line));
            }
            Err(d) => diags.push(d),
        }
    }
    specs
}

fn not_a_column(key: &str, line: usize, headers: &[String], source: &Source) -> Diagnostic {
    let hint = match crate::diagnostic::suggest(key, headers.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the CSV's columns are: {}", headers.join(", ")),
    };
    Diagnostic::error(
        Code::SidecarColumn,
        format!(
            "`{key}` is not a column of {}",
            display_path(source.csv_path)
        ),
    )
    .in_file(source.sidecar_file())
    .at(line, 1)
    .hint(hint)
}

/// One column's description as read, or why it cannot be.
fn column_spec(
    key: &str,
    v: &yaml_serde::Value,
    line: usize,
    source: &Source,
) -> Result<ColumnSpec, Diagnostic> {
    let (msg, hint) = match yaml_serde::from_value::<ColumnSpec>(v.clone()) {
        Ok(s) => match spec_problem(&s) {
            None => return Ok(s),
            Some(problem) => problem,
        },
        Err(e) => {
            let (msg, hint) = yaml::explain(&e.to_string());
            // A bare word (`district: integer`) is most likely a type
            // written without its mapping.
            let hint = match (v.as_str(), hint) {
                (Some(word), _) => format!("describe a column with a mapping, e.g. `{key}: {{ type: {word} }}`"),
                (None, Some(h)) => h,
                (None, None) => "a column takes label, type, unit, description, decimals, required, verify, tolerance and hidden".into(),
            };
            (msg, hint)
        }
    };
    Err(
        Diagnostic::error(Code::Sidecar, format!("column `{key}`: {msg}"))
            .in_file(source.sidecar_file())
            .at(line, 1)
            .hint(hint),
    )
}

/// The index of the key column: the sidecar's `key:`, or else the first.
/// A key that is not a column is reported, and the first stands in so the
/// rest of the file can still be checked.
pub(super) fn key_column(
    sc: &Sidecar,
    headers: &[String],
    source: &Source,
    diags: &mut Diagnostics,
) -> usize {
    let key_name = sc.key.clone().unwrap_or_else(|| headers[0].clone());
    match headers.iter().position(|h| *h == key_name) {
        Some(k) => k,
        None => {
            diags.push(
                Diagnostic::error(
                    Code::Sidecar,
                    format!("the key column `{key_name}` is not in the CSV"),
                )
                .in_file(source.sidecar_file())
                .at(yaml::key_line(source.sidecar, "key"), 1)
                .hint(format!("use one of: {}", headers.join(", "))),
            );
            0
        }
    }
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
