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

/// Whether Plainsight generates the glossary page in language `lang` (there
/// is a glossary and no Markdown page takes its place).
fn generates_glossary(site: &Site, lang: &str) -> bool {
    !site.glossary.is_empty()
        && !has_page(site, &in_lang(site, lang, GLOSSARY_URL))
        && site.theme.templates.contains_key("glossary.html")
}

fn generates_statement(site: &Site, lang: &str) -> bool {
    !has_page(site, &in_lang(site, lang, ACCESSIBILITY_URL))
        && site.theme.templates.contains_key("accessibility.html")
}

/// `url` under language `lang`'s prefix: `/cy/glossary/`.
pub fn in_lang(site: &Site, lang: &str, url: &str) -> String {
    format!("{}{url}", site.config.lang_prefix(lang))
}

/// The `site.links` object for pages in `lang`: where the footer's standing
/// links point, or null where the site has no such page, so a theme never
/// links to a 404. A page in the language wins; else the default
/// language's.
pub fn links(site: &Site, lang: &str) -> Json {
    let pick = |url: &str, generated: bool| -> Option<String> {
        let own = in_lang(site, lang, url);
        if has_page(site, &own) || generated {
            Some(own)
        } else {
            has_page(site, url).then(|| url.to_string())
        }
    };
    let search = crate::render::search_page::has_page(site);
    json!({
        "accessibility": pick(ACCESSIBILITY_URL, generates_statement(site, lang)),
        "glossary": pick(GLOSSARY_URL, generates_glossary(site, lang)),
        "contact": pick(CONTACT_URL, false),
        "search": pick(crate::render::search_page::PAGE_URL, search && crate::render::search_page::generates(site, lang)),
        "corrections": crate::render::corrections::has_page(site).then_some(crate::render::corrections::PAGE_URL),
    })
}

/// Marks the first use of each glossary abbreviation inside `<main>`: the
/// header, footer and head stay as they are. Pages that show the glossary
/// itself are left alone, since every term there is already explained.
pub fn mark_abbreviations(site: &Site, html: &str, used: &BTreeSet<String>, lang: &str) -> String {
    let g = site.glossary.in_lang(lang);
    if g.is_empty() || g.dataset.as_ref().is_some_and(|d| used.contains(d)) {
        return html.to_string();
    }
    g.mark_first_uses_in_main(html)
}

/// The statement's facts, in the shape `accessibility.html` reads.
fn statement(site: &Site, title: &str) -> Json {
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
        "site_name": title,
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

fn glossary_value(site: &Site, lang: &str) -> Json {
    let g = site.glossary.in_lang(lang);
    let ds = (g.dataset.as_ref()).and_then(|d| site.datasets.in_lang(lang).tables.get(d));
    json!({
        "terms": g.terms,
        "dataset": ds.map(|d| json!({
            "name": d.name, "title": d.meta.title, "url": d.url(), "csv_url": d.csv_url(),
        })),
    })
}

/// Renders the generated pages this site needs, in each of its languages.
pub fn render(site: &Site, engines: &Engines) -> (Vec<RenderedPage>, Diagnostics) {
    let mut pages = Vec::new();
    let mut diags = Diagnostics::new();
    let mut push = |r: Result<RenderedPage, Diagnostics>| match r {
        Ok(p) => pages.push(p),
        Err(d) => diags.extend(d),
    };
    for lang in site.config.langs() {
        let words = site.strings.of(&lang);
        let at = |url: &str| {
            let url = in_lang(site, &lang, url);
            let out = PathBuf::from(url.trim_matches('/')).join("index.html");
            (url, out)
        };
        if generates_statement(site, &lang) {
            let (url, out) = at(ACCESSIBILITY_URL);
            let title = site_title(site, &lang);
            push(render_generated(
                site,
                engines,
                "accessibility.html",
                &url,
                out,
                words.get("a11y.title"),
                "accessibility",
                &[
                    ("statement", statement(site, &title)),
                    (
                        "description",
                        json!(words.fill("a11y.description", &[("site", &title)])),
                    ),
                ],
            ));
        }
        if generates_glossary(site, &lang) {
            let (url, out) = at(GLOSSARY_URL);
            push(render_generated(
                site,
                engines,
                "glossary.html",
                &url,
                out,
                words.get("glossary.title"),
                "glossary",
                &[
                    ("glossary", glossary_value(site, &lang)),
                    ("description", json!(words.get("glossary.description"))),
                ],
            ));
        }
    }
    (pages, diags)
}

/// The site's title in `lang`.
fn site_title(site: &Site, lang: &str) -> String {
    let c = &site.config;
    (c.translation(lang).filter(|_| lang != c.default_lang()))
        .and_then(|t| t.title.clone())
        .unwrap_or_else(|| c.title.clone())
}
