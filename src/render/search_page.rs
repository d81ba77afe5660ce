//! The search page, from the theme's `search.html` (the index itself is
//! built when the site is written: src/write/search_index.rs).

use std::path::PathBuf;

use crate::render::RenderedPage;

/// The URL of the generated search page.
pub const PAGE_URL: &str = "/search/";

/// Whether the site has a search page: its own at /search/, or the theme's.
pub fn has_page(site: &crate::model::site::Site) -> bool {
    site.content.by_url(PAGE_URL).is_some() || site.theme.templates.contains_key("search.html")
}

/// Whether the search page in `lang` is generated from the theme's
/// `search.html`: the theme has one, and the site no page of its own there.
pub fn generates(site: &crate::model::site::Site, lang: &str) -> bool {
    site.theme.templates.contains_key("search.html")
        && (site.content)
            .by_url(&format!("{}{PAGE_URL}", site.config.lang_prefix(lang)))
            .is_none()
}

/// The search pages, one per language, from the theme's `search.html`.
/// None where the theme has no such template (a custom theme that leaves
/// search out) or where the site has its own page at /search/, which wins.
pub fn render_pages(
    site: &crate::model::site::Site,
    engines: &crate::render::Engines,
) -> Vec<Result<RenderedPage, crate::diagnostic::Diagnostics>> {
    let mut out = Vec::new();
    for lang in site.config.langs() {
        if !generates(site, &lang) {
            continue;
        }
        let words = site.strings.of(&lang);
        let url = format!("{}{PAGE_URL}", site.config.lang_prefix(&lang));
        out.push(crate::render::render_generated(
            site,
            engines,
            "search.html",
            &url,
            PathBuf::from(url.trim_matches('/')).join("index.html"),
            words.get("search.title"),
            "search",
            &[(
                "description",
                serde_json::json!(words.get("search.description")),
            )],
        ));
    }
    out
}
