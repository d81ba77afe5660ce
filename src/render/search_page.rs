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

/// The search page, from the theme's `search.html`. None when the theme has
/// no such template (a custom theme that leaves search out) or when the site
/// has its own page at /search/, which then wins.
pub fn render_page(
    site: &crate::model::site::Site,
    engines: &crate::render::Engines,
) -> Option<Result<RenderedPage, crate::diagnostic::Diagnostics>> {
    if !site.theme.templates.contains_key("search.html") || site.content.by_url(PAGE_URL).is_some()
    {
        return None;
    }
    Some(crate::render::render_generated(
        site,
        engines,
        "search.html",
        PAGE_URL,
        PathBuf::from("search/index.html"),
        "Search",
        "search",
        &[(
            "description",
            serde_json::json!("Search every page of this site."),
        )],
    ))
}
