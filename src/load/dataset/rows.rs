//! The sidecar's `rows:`: rows whose figures have a type, unit, precision,
//! format or qualifier of their own, for tables whose rows mix units
//! ("1.5 million reports" above "84%"). Also each column's own format.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::dataset::Dataset;
use crate::model::dataset::approx::{ColumnFormat, Display, Qualifier, RowFormat};
use crate::model::dataset::schema::{ColType, ColumnSpec, Sidecar};

use super::{MAX_DECIMALS, Source, section_line, yaml_key};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowSpec {
    #[serde(default, rename = "type")]
    ty: Option<ColType>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    decimals: Option<u32>,
    #[serde(default)]
    format: Option<Display>,
    #[serde(default)]
    qualifier: Option<String>,
}

/// Each row the sidecar describes, by its key, with the line it is on.
pub(super) fn row_formats(
    sc: &Sidecar,
    source: &Source,
    diags: &mut Diagnostics,
) -> BTreeMap<String, (RowFormat, usize)> {
    let mut out = BTreeMap::new();
    for (k, v) in &sc.rows {
        let key = yaml_key(k);
        let line = section_line(source.sidecar, "rows", &key);
        let err = |msg: String, hint: String| {
            Diagnostic::error(Code::Sidecar, msg)
                .in_file(source.sidecar_file())
                .at(line, 1)
                .hint(hint)
        };
        let spec = match yaml_serde::from_value::<RowSpec>(v.clone()) {
            Ok(s) => s,
            Err(e) => {
                let (msg, hint) = crate::load::yaml::explain(&e.to_string());
                diags.push(err(
                    format!("rows: `{key}`: {msg}"),
                    hint.unwrap_or_else(|| {
                        "a row takes type, unit, decimals, format and qualifier, e.g. `Reports: { unit: reports, format: compact }`".into()
                    }),
                ));
                continue;
            }
        };
        if let Some(d) = spec.decimals.filter(|&d| d > MAX_DECIMALS) {
            diags.push(err(
                format!("rows: `{key}`: `decimals` must be between 0 and {MAX_DECIMALS}, not {d}"),
                "give the number of decimal places to show, e.g. `decimals: 1`".into(),
            ));
            continue;
        }
        if spec.ty.is_some_and(|t| !t.is_numeric()) {
            diags.push(err(
                format!("rows: `{key}`: a row's type must be a type of figures"),
                "use `integer`, `decimal`, `percent` or `currency`".into(),
            ));
            continue;
        }
        let qualifier = match spec.qualifier.as_deref().map(|q| (q, Qualifier::parse(q))) {
            Some((q, None)) => {
                diags.push(err(
                    format!("rows: `{key}`: `{q}` is not a qualifier Plainsight knows"),
                    format!("use one of {}", Qualifier::known()),
                ));
                continue;
            }
            Some((_, q)) => q,
            None => None,
        };
        let rf = RowFormat {
            ty: spec.ty,
            unit: spec.unit,
            decimals: spec.decimals,
            display: spec.format,
            qualifier,
        };
        out.insert(key, (rf, line));
    }
    out
}

/// The row types, by key, that reading the cells needs.
pub(super) fn row_types(rows: &BTreeMap<String, (RowFormat, usize)>) -> BTreeMap<String, ColType> {
    rows.iter()
        .filter_map(|(k, (rf, _))| Some((k.clone(), rf.ty?)))
        .collect()
}

/// Each described row placed at its line in the CSV; a key that names no
/// row is an error that suggests the nearest.
pub(super) fn place_rows(
    ds: &mut Dataset,
    rows: BTreeMap<String, (RowFormat, usize)>,
    source: &Source,
    diags: &mut Diagnostics,
) {
    for (key, (rf, line)) in rows {
        match ds.row(&key) {
            Some(r) => {
                ds.formats.rows.insert(ds.positions[r].line, rf);
            }
            None => {
                let keys: Vec<String> = (0..ds.rows.len()).map(|i| ds.key_text(i)).collect();
                let hint = match crate::diagnostic::suggest(&key, keys.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "`rows:` names rows by their key, as written in the CSV".into(),
                };
                diags.push(
                    Diagnostic::error(
                        Code::Sidecar,
                        format!("rows: `{key}` is not a row of the CSV"),
                    )
                    .in_file(source.sidecar_file())
                    .at(line, 1)
                    .hint(hint),
                );
            }
        }
    }
}

/// The columns' own formats and sign conventions.
pub(super) fn column_formats(
    specs: &BTreeMap<String, (ColumnSpec, usize)>,
) -> BTreeMap<String, ColumnFormat> {
    specs
        .iter()
        .filter(|(_, (s, _))| s.format.is_some() || s.sense.is_some())
        .map(|(k, (s, _))| {
            let f = ColumnFormat {
                display: s.format,
                sense: s.sense,
            };
            (k.clone(), f)
        })
        .collect()
}
