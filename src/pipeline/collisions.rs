//! Files of the author's that a generated file would replace. The generated
//! file wins (the site needs its pages, feeds and downloads), so the
//! author's would be dropped without a word: each is an error instead. A
//! Markdown page at the search page's URL is the one documented take-over
//! (docs/search.md), and it is warned about, since the header's search box
//! sends readers there.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::site::Site;
use crate::model::theme::StaticFile;

/// The collisions between the author's files and the `generated` paths.
pub fn find<'a>(site: &Site, generated: impl Iterator<Item = &'a PathBuf>) -> Diagnostics {
    let mut found = Diagnostics::new();
    for path in generated {
        if let Some(StaticFile::Disk(src)) = site.theme.statics.get(path) {
            found.push(collision(src, path));
        }
        for a in site.content.assets.iter().filter(|a| &a.dest == path) {
            found.push(collision(&a.source, path));
        }
    }
    let search = crate::render::search_page::PAGE_URL;
    if let Some(page) = site.content.by_url(search)
        && site.theme.templates.contains_key("search.html")
    {
        found.push(
            Diagnostic::warning(
                Code::SearchPage,
                format!("this page is published at {search} in place of the search page"),
            )
            .in_file(&page.source)
            .hint("the search box in every page's header sends readers to /search/; give this page another slug, or keep it and put a search box on it (docs/search.md)"),
        );
    }
    found
}

fn collision(src: &Path, path: &Path) -> Diagnostic {
    let path = path.to_string_lossy().replace('\\', "/");
    Diagnostic::error(
        Code::StaticCollision,
        format!("this file would be published as {path}, which Plainsight generates, so it would be dropped"),
    )
    .in_file(src)
    .hint("rename or move it; to change a generated page, change its template or its page in content/")
}
