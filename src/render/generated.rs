//! Pages Plainsight writes from configuration and data rather than from a
//! Markdown file: the accessibility statement and the glossary. A Markdown
//! page at the same URL always wins, so an author can take either over.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value as Json, json};

use crate::diagnostic::Diagnostics;
use crate::model::site::Site;
use crate::render::{Engines, RenderedPage, render_generated};

pub const ACCESSIBILITY_URL: &str = "/accessibility/";
pub const GLOSSARY_URL: &str = "/glossary/";
pub const CONTACT_URL: &str = "/contact/";

/// Whether the site has a Markdown page at `url`.
fn has_page(site: &Site, url: &str) -> bool {
    site.content.by_url(url).is_some()
}

/// Whether Plainsight generates the glossary page (there is a glossary and no
/// Markdown page takes its place).
fn generates_glossary(site: &Site) -> bool {
    !site.glossary.is_empty()
        && !has_page(site, GLOSSARY_URL)
        && site.theme.templates.contains_key("glossary.html")
}

fn generates_statement(site: &Site) -> bool {
    !has_page(site, ACCESSIBILITY_URL) && site.theme.templates.contains_key("accessibility.html")
}

/// The `site.links` object: where the footer's standing links point, or null
/// where the site has no such page, so a theme never links to a 404.
pub fn links(site: &Site) -> Json {
    let accessibility = has_page(site, ACCESSIBILITY_URL) || generates_statement(site);
    let glossary = has_page(site, GLOSSARY_URL) || generates_glossary(site);
    json!({
        "accessibility": accessibility.then_some(ACCESSIBILITY_URL),
        "glossary": glossary.then_some(GLOSSARY_URL),
        "contact": has_page(site, CONTACT_URL).then_some(CONTACT_URL),
        "search": crate::render::search_page::has_page(site).then_some(crate::render::search_page::PAGE_URL),
        "corrections": crate::render::corrections::has_page(site).then_some(crate::render::corrections::PAGE_URL),
    })
}

/// Marks the first use of each glossary abbreviation inside `<main>`: the
/// header, footer and head stay as they are. Pages that show the glossary
/// itself are left alone, since every term there is already explained.
pub fn mark_abbreviations(site: &Site, html: &str, used: &BTreeSet<String>) -> String {
    let g = &site.glossary;
    if g.is_empty() || g.dataset.as_ref().is_some_and(|d| used.contains(d)) {
        return html.to_string();
    }
    g.mark_first_uses_in_main(html)
}

/// The statement's facts, in the shape `accessibility.html` reads.
fn statement(site: &Site) -> Json {
    let c = &site.config;
    let a = c.accessibility.clone().unwrap_or_default();
    let configured = c.accessibility.is_some();
    let status = a
        .status
        .clone()
        .unwrap_or_else(|| "not-assessed".to_string());
    json!({
        "configured": configured,
        "status": status,
        "site_name": c.title,
        "url": format!("{}/", c.base_url),
        "organisation": c.organisation,
        "email": a.contact.clone().or_else(|| c.contact.email.clone()),
        "phone": a.phone.clone().or_else(|| c.contact.phone.clone()),
        "contact_name": c.contact.name,
        "response_days": a.response_days,
        "issues": a.issues,
        "burden": a.burden,
        "out_of_scope": a.out_of_scope,
        "improvements": a.improvements,
        "tested": a.tested,
        "tested_by": a.tested_by,
        "prepared": a.prepared.clone().or_else(|| a.tested.clone()),
        "reviewed": a.reviewed,
        "standard": "2.2",
    })
}

fn glossary_value(site: &Site) -> Json {
    let g = &site.glossary;
    let ds = g.dataset.as_ref().and_then(|d| site.datasets.tables.get(d));
    json!({
        "terms": g.terms,
        "dataset": ds.map(|d| json!({
            "name": d.name, "title": d.meta.title, "url": d.url(), "csv_url": d.csv_url(),
        })),
    })
}

/// Renders the generated pages this site needs.
pub fn render(site: &Site, engines: &Engines) -> (Vec<RenderedPage>, Diagnostics) {
    let mut pages = Vec::new();
    let mut diags = Diagnostics::new();
    let mut push = |r: Result<RenderedPage, Diagnostics>| match r {
        Ok(p) => pages.push(p),
        Err(d) => diags.extend(d),
    };
    if generates_statement(site) {
        push(render_generated(
            site,
            engines,
            "accessibility.html",
            ACCESSIBILITY_URL,
            PathBuf::from("accessibility/index.html"),
            "Accessibility statement",
            "accessibility",
            &[
                ("statement", statement(site)),
                (
                    "description",
                    json!(format!(
                        "How accessible the {} website is, how to report a problem or ask for another format, and how the site was tested.",
                        site.config.title
                    )),
                ),
            ],
        ));
    }
    if generates_glossary(site) {
        push(render_generated(
            site,
            engines,
            "glossary.html",
            GLOSSARY_URL,
            PathBuf::from("glossary/index.html"),
            "Glossary",
            "glossary",
            &[
                ("glossary", glossary_value(site)),
                (
                    "description",
                    json!("What the abbreviations and terms used on this site stand for and mean."),
                ),
            ],
        ));
    }
    (pages, diags)
}
