//! A CSV renamed without its sidecar: the sidecar is left describing no
//! file, and the CSV would be published with no source, period or licence.
//! Both halves are reported, each pointing at the other.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, display_path};

use super::Loaded;

/// The keys only a dataset's sidecar has. A free data file may share a
/// word or two with a sidecar (`title:`), but not be made only of its keys
/// and hold one of these.
const SIDECAR_ONLY: [&str; 8] = [
    "columns", "derived", "totals", "key", "missing", "source", "period", "caveats",
];
const SIDECAR_KEYS: [&str; 19] = [
    "title",
    "description",
    "source",
    "source_url",
    "publisher",
    "period",
    "published",
    "updated",
    "licence",
    "caveats",
    "key",
    "missing",
    "columns",
    "derived",
    "totals",
    "encoding",
    "delimiter",
    "dates",
    "negatives",
];

/// Whether a YAML file with no CSV beside it is a sidecar rather than free
/// data: every top-level key is a sidecar's, and one is a sidecar's alone.
pub(super) fn is_sidecar(src: &str) -> bool {
    let Ok(yaml_serde::Value::Mapping(m)) = yaml_serde::from_str::<yaml_serde::Value>(src) else {
        return false;
    };
    let keys: Vec<&str> = m.keys().filter_map(|k| k.as_str()).collect();
    keys.len() == m.len()
        && keys
            .iter()
            .all(|k| SIDECAR_KEYS.contains(k) || super::is_language_key(k))
        && keys.iter().any(|k| SIDECAR_ONLY.contains(k))
}

/// The error for a sidecar with no CSV, naming the CSV files without a
/// sidecar, and the one most likely to be it (the nearest name, or the
/// only one).
pub(super) fn sidecar_without_csv(
    name: &str,
    path: &Path,
    unpaired: &[&str],
) -> (Diagnostic, Option<String>) {
    let likely = crate::diagnostic::suggest(name, unpaired.iter().copied())
        .map(str::to_string)
        .or_else(|| (unpaired.len() == 1).then(|| unpaired[0].to_string()));
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    let hint = match (&likely, unpaired) {
        (Some(new), _) => format!(
            "did you rename `{name}.csv` to `{new}.csv`? If so, rename this file to `{new}.{ext}` too{}",
            others(unpaired, new)
        ),
        (None, []) => format!("put `{name}.csv` back in data/, or delete this file"),
        (None, _) => format!(
            "did you rename `{name}.csv`? The CSV files without a sidecar are {}: rename this file to match its CSV",
            list(unpaired)
        ),
    };
    let d = Diagnostic::error(
        Code::SidecarNoCsv,
        format!(
            "this sidecar describes `{name}.csv`, but there is no data/{name}.csv"
        ),
    )
    .in_file(path)
    .note("a sidecar whose CSV is missing would otherwise be taken for a free data file, and its CSV published with no source, period or licence")
    .hint(hint);
    (d, likely)
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}.csv`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn others(unpaired: &[&str], chosen: &str) -> String {
    let rest: Vec<&str> = unpaired.iter().copied().filter(|n| *n != chosen).collect();
    if rest.is_empty() {
        String::new()
    } else {
        format!(" (the other CSV files without a sidecar: {})", list(&rest))
    }
}

/// Adds to each CSV's "no sidecar" warning the sidecar it was likely
/// renamed away from.
pub(super) fn point_to_sidecars(tables: &mut [Loaded], renamed: &BTreeMap<String, String>) {
    for (old, new) in renamed {
        let Some(l) = tables.iter_mut().find(|l| &l.dataset.name == new) else {
            continue;
        };
        for d in &mut l.dataset.notes {
            if d.code == Code::DataNoSidecar {
                d.hint = Some(format!(
                    "did you rename `{old}.csv` to `{new}.csv`? Then rename {} to `{new}.yaml` too",
                    display_path(&Path::new("data").join(format!("{old}.yaml")))
                ));
            }
        }
    }
}
