//! `plainsight diff [REV]`: which figures a change alters. The site as it
//! was at a git revision and the site in the working tree are both loaded
//! and rendered, and every dataset cell (derived figures and totals
//! included) and every figure placed in a page's prose are compared.
//!
//! The old site is unpacked with `git archive REV:PATH | tar -x` into a
//! temporary folder, which is removed afterwards. Unlike `git worktree add`
//! this writes nothing into the repository (no administrative files to
//! clean up if the run is stopped half way), works in a shallow clone in CI
//! and on a read-only checkout, and takes only the site's own folder.

mod git;
pub mod report;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostics;
use crate::model::dataset::Dataset;
use crate::model::dataset::format::format;
use crate::model::site::Options;
use crate::render::RenderedPage;

pub use report::{Change, DatasetChanges, DiffFormat, DiffReport, PageChanges};

/// A dataset's rows, each key with its figures by column label, in the
/// order of the CSV.
type Rows = [(String, BTreeMap<String, String>)];

/// The figures of one site, as readers see them.
#[derive(Debug, Default)]
struct Figures {
    /// Dataset name → (title, row key → column label → figure shown), with
    /// the rows in the order of the CSV.
    datasets: BTreeMap<String, (String, Box<Rows>)>,
    /// Page URL → (title, "dataset: column for row" → figure shown).
    pages: BTreeMap<String, (String, BTreeMap<String, String>)>,
}

/// Compares the figures of the site at `root` as committed at `rev` (the
/// default revision when None, see [`git::default_revision`]) with the
/// working tree.
pub fn diff(root: &Path, rev: Option<&str>) -> Result<DiffReport, Diagnostics> {
    let repo = git::Repo::find(root)?;
    let rev = match rev {
        Some(r) => r.to_string(),
        None => repo.default_revision()?,
    };
    let commit = repo.commit(&rev)?;
    let old_dir = repo.unpack(&commit)?;
    let old = figures(old_dir.path()).map_err(|d| git::old_site_failed(&rev, d))?;
    let new = figures(root)?;
    Ok(compare(&rev, &old, &new))
}

/// Loads and renders the site at `root`, and reads its figures.
fn figures(root: &Path) -> Result<Figures, Diagnostics> {
    let built = crate::pipeline::build::render_all(Options::new(root))?;
    let mut f = Figures::default();
    for ds in built.site.datasets.tables.values() {
        f.datasets.insert(
            ds.name.clone(),
            (ds.meta.title.clone(), dataset_figures(ds).into()),
        );
    }
    for p in &built.pages {
        let mut figs = page_figures(p);
        if let Some(page) = built.site.content.by_url(&p.url) {
            figs.extend(front_matter_figures(page));
        }
        if !figs.is_empty() {
            f.pages.insert(p.url.clone(), (p.title.clone(), figs));
        }
    }
    Ok(f)
}

/// The front-matter texts (a finding, a progress line) that place figures
/// with calls, as worked out: a figure there is worked out when the site
/// loads and is not recorded as the body's are, so the whole sentence is
/// compared.
fn front_matter_figures(page: &crate::model::page::Page) -> BTreeMap<String, String> {
    let Some(typed) = &page.typed_front else {
        return BTreeMap::new();
    };
    let worked: BTreeMap<String, String> = (page.front.text_fields().into_iter())
        .map(|(at, text)| (at.path, text))
        .collect();
    (typed.text_fields().into_iter())
        .filter(|(_, text)| text.contains("value(") || text.contains("count("))
        .filter_map(|(at, _)| {
            let text = worked.get(&at.path)?.clone();
            Some((format!("`{}` in the front matter", at.path), text))
        })
        .collect()
}

/// Each row's published figures, the totals row last.
fn dataset_figures(ds: &Dataset) -> Vec<(String, BTreeMap<String, String>)> {
    let cols: Vec<(usize, &crate::model::dataset::Column)> = ds
        .published_columns()
        .filter(|(i, _)| *i != ds.key)
        .collect();
    let mut rows: Vec<(String, BTreeMap<String, String>)> = (0..ds.rows.len())
        .map(|r| {
            let cells = (cols.iter())
                .map(|(i, c)| (c.label.clone(), format(&ds.rows[r][*i], c.style())))
                .collect();
            (ds.key_text(r), cells)
        })
        .collect();
    if let Some(t) = &ds.totals {
        let cells = (cols.iter())
            .filter(|(i, _)| t.cells.get(*i).is_some_and(|c| !c.is_missing()))
            .map(|(i, c)| (c.label.clone(), format(&t.cells[*i], c.style())))
            .collect();
        rows.push((t.label.clone(), cells));
    }
    rows
}

/// The figures `value()` placed in a page's prose, each once.
fn page_figures(p: &RenderedPage) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for f in &p.figures {
        let what = format!("{}: {} for {}", f.dataset, f.column, f.row);
        out.entry(what).or_insert_with(|| f.shown.clone());
    }
    out
}

fn compare(rev: &str, old: &Figures, new: &Figures) -> DiffReport {
    let mut datasets = Vec::new();
    let names: std::collections::BTreeSet<&String> =
        old.datasets.keys().chain(new.datasets.keys()).collect();
    for name in names {
        let (o, n) = (old.datasets.get(name), new.datasets.get(name));
        let title = n.or(o).map(|(t, _)| t.clone()).unwrap_or_default();
        let empty = Vec::new();
        let changes = compare_rows(o.map_or(&empty, |(_, r)| r), n.map_or(&empty, |(_, r)| r));
        if !changes.is_empty() {
            datasets.push(DatasetChanges {
                name: name.clone(),
                title,
                added: o.is_none(),
                removed: n.is_none(),
                changes,
            });
        }
    }
    let mut pages = Vec::new();
    let urls: std::collections::BTreeSet<&String> =
        old.pages.keys().chain(new.pages.keys()).collect();
    let none = BTreeMap::new();
    for url in urls {
        let (o, n) = (old.pages.get(url), new.pages.get(url));
        let title = n.or(o).map(|(t, _)| t.clone()).unwrap_or_default();
        let changes = compare_maps("", o.map_or(&none, |(_, m)| m), n.map_or(&none, |(_, m)| m));
        if !changes.is_empty() {
            pages.push(PageChanges {
                url: url.clone(),
                title,
                changes,
            });
        }
    }
    DiffReport {
        revision: rev.to_string(),
        datasets,
        pages,
    }
}

fn find<'a>(rows: &'a Rows, key: &str) -> Option<&'a BTreeMap<String, String>> {
    rows.iter().find(|(k, _)| k == key).map(|(_, m)| m)
}

/// Rows added and removed whole, and the figures that differ in the rows
/// both sides have, in the order of the new CSV (removed rows last).
fn compare_rows(old: &Rows, new: &Rows) -> Vec<Change> {
    let mut out = Vec::new();
    for (key, cells) in new {
        match find(old, key) {
            Some(before) => out.extend(compare_maps(key, before, cells)),
            None => out.push(Change::row(key, None, Some(cells))),
        }
    }
    for (key, cells) in old {
        if find(new, key).is_none() {
            out.push(Change::row(key, Some(cells), None));
        }
    }
    out
}

fn compare_maps(
    row: &str,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Vec<Change> {
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| Change {
            row: row.to_string(),
            figure: k.clone(),
            before: old.get(k).cloned(),
            after: new.get(k).cloned(),
        })
        .collect()
}
