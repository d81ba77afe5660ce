//! Corrections recorded in a page's front matter, checked against the data
//! they name and the page they stand on: each figure must exist, must have
//! been wrong as published, and must be one the page shows, or its notice
//! would point at nothing.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::correction::{Correction, Target, target};
use crate::model::dataset::Dataset;
use crate::model::page::Page;
use crate::model::site::Site;
use crate::render::RenderedPage;

/// Every page's corrections that name no figure, correct a right one, or
/// name a figure the page does not show; and those whose notice the page's
/// template left out (a site's own template without the partial).
pub(super) fn check(
    site: &Site,
    pages: &[RenderedPage],
    facts: &HashMap<String, super::PageFacts>,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    // By URL, the first page of each, made only when a page has corrections:
    // looking each one up among all the pages was quadratic (a quarter of a
    // second at 10,000 pages), and making the map for a site without any
    // would cost a `serve` rebuild its time for nothing.
    let mut by_url: Option<HashMap<&str, &RenderedPage>> = None;
    for p in site.content.pages.iter() {
        if p.front.corrections.is_empty() {
            continue;
        }
        let shown = by_url
            .get_or_insert_with(|| pages.iter().rev().map(|r| (r.url.as_str(), r)).collect())
            .get(p.url.as_str())
            .copied();
        for c in p.front.corrections.iter() {
            let found = match c.is_wording() {
                true => None,
                false => problem(site, p, c, shown),
            };
            let found = found.or_else(|| {
                let ids = &facts.get(&p.url)?.ids;
                (!ids.contains(&c.anchor())).then(|| unshown(p))
            });
            if let Some(d) = found {
                let (line, col) = match d.code {
                    // Pointed at the key that names what does not exist.
                    Code::CorrectionUnmatched => {
                        let key = unmatched_key(site, c);
                        crate::load::dataset::corrections::key_in_entry(
                            &p.front_yaml,
                            2,
                            c.line,
                            key,
                        )
                    }
                    _ => (c.line, 1),
                };
                out.push(d.in_file(&c.file).at(line, col));
            }
        }
    }
    out
}

/// The key of a correction that names something the data do not have.
fn unmatched_key(site: &Site, c: &Correction) -> &'static str {
    match site.datasets.get(&c.dataset) {
        None => "data",
        Some(ds) if ds.row(&c.row).is_none() => "row",
        Some(_) => "column",
    }
}

fn unshown(p: &Page) -> Diagnostic {
    Diagnostic::warning(
        Code::CorrectionUnplaced,
        format!("the page {} does not show this correction's notice", p.url),
    )
    .note("the page's template does not include partials/page-corrections.html")
    .hint("add `{% include \"partials/page-corrections.html\" %}` under the title in the page's template (templates/ in the site)")
}

fn problem(
    site: &Site,
    p: &Page,
    c: &Correction,
    shown: Option<&RenderedPage>,
) -> Option<Diagnostic> {
    let Some(ds) = site.datasets.get(&c.dataset) else {
        return Some(unknown_dataset(site, c));
    };
    let Some(t) = target(ds, c) else {
        return Some(super::corrections::unmatched(ds, c));
    };
    if let Some(d) = super::corrections::unneeded(ds, t, &c.published) {
        return Some(d);
    }
    if let Some(there) = crate::model::correction::for_cell(ds, t.row, t.column) {
        return Some(twice(ds, t, there));
    }
    let placed = crate::render::page_corrections::is_in_fields(ds, t, p)
        || shown.is_none_or(|r| {
            r.tables.contains(&ds.name)
                || (r.figures.iter()).any(|f| crate::render::page_corrections::is_placed(ds, t, f))
        });
    (!placed).then(|| {
        Diagnostic::warning(
            Code::CorrectionUnplaced,
            format!(
                "the correction is about `{}` for {} in {}, which this page does not show",
                ds.columns[t.column].label,
                ds.key_text(t.row),
                ds.name
            ),
        )
        .note(format!(
            "the notice on {} would point at a figure readers cannot see",
            p.url
        ))
        .hint("name the figure the page places with value() or shows in a table; a correction of a figure shown only on the dataset's page belongs in its sidecar (data/NAME.yaml)")
    })
}

/// A figure corrected in its sidecar too: two notices, and two entries on
/// /corrections/, for one mistake.
fn twice(ds: &Dataset, t: Target, there: &Correction) -> Diagnostic {
    Diagnostic::warning(
        Code::CorrectionUnneeded,
        format!(
            "`{}` for {} already has a correction on record in {}",
            ds.columns[t.column].label,
            ds.key_text(t.row),
            crate::diagnostic::display_path(&there.file)
        ),
    )
    .note(format!("recorded there at line {}; its notice shows under every table of the figure", there.line))
    .hint("keep one of the two: the sidecar's when the data or a table went out wrong, the page's when only the page's words did")
}

fn unknown_dataset(site: &Site, c: &Correction) -> Diagnostic {
    let names = site.datasets.tables.keys().map(String::as_str);
    let hint = match crate::diagnostic::suggest(&c.dataset, names) {
        Some(s) => format!("did you mean `{s}`?"),
        None => {
            let all: Vec<&str> = site.datasets.tables.keys().map(String::as_str).collect();
            format!("the datasets are: {}", all.join(", "))
        }
    };
    Diagnostic::error(
        Code::CorrectionUnmatched,
        format!(
            "the correction names the dataset `{}`, which the site does not have",
            c.dataset
        ),
    )
    .hint(hint)
}
