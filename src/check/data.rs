//! Placeholders and stale period labels in a dataset's cells and sidecar.

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::site::Site;

use super::text::{dataset_period_labels, find_placeholders};

/// Placeholders left in one dataset's cells.
pub(super) fn data_placeholders(site: &Site, ds: &crate::model::dataset::Dataset) -> Diagnostics {
    let mut d = Diagnostics::new();
    for (r, raw) in ds.raw.iter().enumerate() {
        for (c, cell) in raw.iter().enumerate() {
            for (at, word) in find_placeholders(cell, &site.config.placeholders) {
                let col = ds.positions[r].column(c) + cell[..at].chars().count();
                let hint = if c == ds.key {
                    "this cell names the row: give the row its real name"
                } else {
                    "replace it with the real figure, or leave the cell empty for \"no data\""
                };
                d.push(
                    Diagnostic::error(
                        Code::Placeholder,
                        format!("placeholder `{word}` in the data"),
                    )
                    .in_file(&ds.csv_path)
                    .at(ds.positions[r].line, col)
                    .width(word.chars().count())
                    .note(format!(
                        "column `{}`",
                        ds.columns.get(c).map(|c| c.name.as_str()).unwrap_or("?")
                    ))
                    .hint(hint),
                );
            }
        }
    }
    if let Some(sidecar) = &ds.sidecar_path {
        // Read once for both checks, which place their findings in it.
        let src = std::fs::read_to_string(site.root().join(sidecar)).unwrap_or_default();
        sidecar_placeholders(site, ds, sidecar, &src, &mut d);
        dataset_period_labels(site, ds, sidecar, &src, &mut d);
    }
    // What reading the files noticed is kept with the dataset, so it is
    // reported again whenever the dataset's checks are.
    d.0.extend(ds.notes.iter().cloned());
    d
}

/// Placeholders in a sidecar's text (title, description, source, caveats,
/// column headings): these are captions and headings readers see.
fn sidecar_placeholders(
    site: &Site,
    ds: &crate::model::dataset::Dataset,
    sidecar: &std::path::Path,
    src: &str,
    d: &mut Diagnostics,
) {
    // Every text of the sidecar, as the call engine visits it; a text the
    // site gave the dataset (its licence, its publisher) is not in the
    // sidecar, and is reported where it was typed.
    for (key, text) in ds.sidecar_texts() {
        for (_, word) in find_placeholders(&text, &site.config.placeholders) {
            if !src.contains(word.as_str()) {
                continue;
            }
            let (line, col) = crate::load::yaml::locate_in_yaml(src, &key, &word);
            d.push(
                Diagnostic::error(Code::Placeholder, format!("placeholder `{word}` in the sidecar's `{key}`"))
                    .in_file(sidecar)
                    .at(line, col)
                    .width(word.chars().count())
                    .hint("replace it before publishing: the sidecar's text is the table's caption, source and headings"),
            );
        }
    }
}
