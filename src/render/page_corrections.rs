//! Corrections a page records in its own front matter (`corrections:`): a
//! figure the page published wrong, or words it got wrong. The notice stands
//! on that page (the theme's `partials/page-corrections.html` shows
//! `page.corrections`), each `value()` of a corrected figure on the page
//! links to it, and /corrections/ lists it (src/render/corrections.rs).

use serde_json::{Value as Json, json};

use crate::model::correction::{Correction, Target, target};
use crate::model::dataset::Dataset;
use crate::model::page::Page;
use crate::model::site::Site;
use crate::render::functions::Placed;

/// The dataset and place of the figure a correction names; None for a
/// correction of wording, or one that names nothing (reported by
/// src/check/page_corrections.rs).
pub fn figure<'a>(site: &'a Site, c: &Correction) -> Option<(&'a Dataset, Target)> {
    if c.is_wording() {
        return None;
    }
    let ds = site.datasets.get(&c.dataset)?;
    Some((ds, target(ds, c)?))
}

/// Whether `value()` placed the figure that `t` of `ds` names.
pub fn is_placed(ds: &Dataset, t: Target, f: &Placed) -> bool {
    f.dataset == ds.name && f.row == ds.key_text(t.row) && f.column == ds.columns[t.column].label
}

/// Whether a front-matter field of the page placed the figure that `t` of
/// `ds` names (a priority page's findings, say).
pub fn is_in_fields(ds: &Dataset, t: Target, p: &Page) -> bool {
    field_shown(ds, t, p).is_some()
}

fn field_shown<'a>(ds: &Dataset, t: Target, p: &'a Page) -> Option<&'a str> {
    (p.field_figures.iter())
        .find(|f| {
            f.dataset == ds.name
                && f.row == ds.key_text(t.row)
                && f.column == ds.columns[t.column].label
        })
        .map(|f| f.shown.as_str())
}

/// Where the notice for the figure `f` is on the page `p`, when the page
/// records a correction of it.
pub fn link_for(site: &Site, p: &Page, f: &Placed) -> Option<String> {
    (p.front.corrections.iter())
        .find(|c| figure(site, c).is_some_and(|(ds, t)| is_placed(ds, t, f)))
        .map(|c| format!("#{}", c.anchor()))
}

/// The page's corrections as its template's `page.corrections`, newest
/// first: each with its `id`, `date` and `date_text`, `reason`, what was
/// `published`, and for a figure its name (`figure`) and what it is `now`
/// (as the page's `value()` shows it, in the body or a field, else as its
/// column does).
pub fn notices(site: &Site, p: &Page, placed: &[Placed]) -> Json {
    let words = site.strings.of(&site.config.lang_of_url(&p.url));
    let mut list: Vec<&Correction> = p.front.corrections.iter().collect();
    // Stable: corrections of one day stay in the order the author typed.
    list.sort_by(|a, b| b.date.cmp(&a.date));
    let items: Vec<Json> = list
        .into_iter()
        .map(|c| {
            let fig = figure(site, c).map(|(ds, t)| {
                let now = (placed.iter().find(|f| is_placed(ds, t, f)))
                    .map(|f| f.shown.clone())
                    .or_else(|| field_shown(ds, t, p).map(str::to_string))
                    .unwrap_or_else(|| crate::render::corrections::now(ds, t));
                (crate::render::corrections::figure_name(ds, t, words), now)
            });
            json!({
                "id": c.anchor(),
                "date": c.date,
                "date_text": words.date(&c.date),
                "wording": c.is_wording(),
                "figure": fig.as_ref().map(|f| &f.0),
                "now": fig.as_ref().map(|f| &f.1),
                "published": quoted(c),
                "reason": c.reason.trim(),
            })
        })
        .collect();
    Json::Array(items)
}

/// What a correction says was published, as the notice quotes it: words
/// lose their full stop, which the sentence around the quotation gives.
pub fn quoted(c: &Correction) -> &str {
    match c.is_wording() {
        true => c.published.trim().trim_end_matches('.'),
        false => c.published.trim(),
    }
}

/// The datasets a page's corrections name: the notice shows their figures,
/// so `serve` renders the page again when one changes.
pub fn datasets(p: &Page) -> impl Iterator<Item = &str> {
    (p.front.corrections.iter())
        .filter(|c| !c.is_wording())
        .map(|c| c.dataset.as_str())
}
