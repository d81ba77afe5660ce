//! Datasets as the site publishes them: each loaded table with its derived
//! columns and totals worked out from its sidecar.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostics;
use crate::load::dataset::{Loaded, LoadedData};
use crate::model::dataset::{Dataset, Datasets};

/// One dataset's derived columns and totals.
pub fn resolve_one(loaded: Loaded) -> Result<Dataset, Diagnostics> {
    let Loaded {
        mut dataset,
        sidecar,
        sidecar_src,
    } = loaded;
    crate::resolve::derive::apply(&mut dataset, &sidecar, &sidecar_src)?;
    crate::resolve::derive::target::apply(&mut dataset, &sidecar_src)?;
    Ok(dataset)
}

/// Every dataset that could be resolved, with the problems of loading and
/// of resolving reported together. A dataset with an error is left out and
/// named in `failed`, so the rest of the site can still be checked.
pub fn resolve(loaded: LoadedData) -> (Datasets, Diagnostics) {
    let LoadedData {
        tables,
        failed,
        yaml,
        renamed,
        mut diags,
    } = loaded;
    let mut out = Datasets {
        tables: BTreeMap::new(),
        yaml,
        failed: failed.into_iter().collect(),
        renamed,
        by_lang: BTreeMap::new(),
    };
    for l in tables {
        let name = l.dataset.name.clone();
        match resolve_one(l) {
            Ok(ds) => {
                out.tables.insert(name, ds);
            }
            Err(d) => {
                out.failed.insert(name);
                diags.extend(d);
            }
        }
    }
    (out, diags)
}

/// Loads and resolves one dataset (after a save in `serve`, and in tests).
pub fn load_one(root: &std::path::Path, name: &str) -> Result<Dataset, Diagnostics> {
    resolve_one(crate::load::dataset::load_one(root, name)?)
}

/// Loads and resolves every dataset of a site: those that could be, and
/// every problem found.
pub fn load(root: &std::path::Path) -> (Datasets, Diagnostics) {
    resolve(crate::load::dataset::load(root))
}
