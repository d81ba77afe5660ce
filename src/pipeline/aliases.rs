//! The files a site's settings add beside its pages: a redirect page at
//! each old address a page lists in `aliases:`, the `_redirects` file, and
//! the branding colours' stylesheet; and the check that no old address
//! lands on anything else the site publishes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Diagnostics, display_path};
use crate::load::yaml;
use crate::model::page::Page;
use crate::model::site::Site;
use crate::model::theme::StaticFile;
use crate::render::RenderedPage;
use crate::render::redirects::{self, Redirect};
use crate::write::output::FileData;

/// Where `_redirects` is written, from the output root.
pub(crate) const REDIRECTS_FILE: &str = "_redirects";

/// One old address of a page, as typed and as published.
struct Alias<'a> {
    page: &'a Page,
    typed: &'a str,
    path: String,
    output: PathBuf,
}

/// Every page's aliases, in the order of the pages' addresses. Those that
/// do not read as addresses were refused when the page was loaded.
fn aliases(site: &Site) -> Vec<Alias<'_>> {
    let mut out = Vec::new();
    for page in &site.content.pages {
        for typed in &page.front.aliases {
            if let Ok(path) = crate::util::alias::normalise(typed) {
                let output = crate::util::alias::output_path(&path);
                out.push(Alias {
                    page,
                    typed,
                    path,
                    output,
                });
            }
        }
    }
    out
}

/// The redirect pages, `_redirects` (when a page has aliases) and the
/// colours' stylesheet (when site.yaml gives colours).
pub(crate) fn files(site: &Site) -> Vec<(PathBuf, FileData)> {
    let cfg = &site.config;
    let brand = crate::render::branding::stylesheet(&cfg.branding);
    let brand_href = brand
        .as_ref()
        .map(|_| format!("/{}", crate::render::branding::STYLESHEET));
    let mut files = Vec::new();
    let mut list = Vec::new();
    for a in aliases(site) {
        let r = Redirect {
            from: a.path,
            to: a.page.url.clone(),
            title: site.plan.full_title(&a.page.url, &a.page.front.title),
        };
        let html = redirects::page(cfg, &r, brand_href.as_deref(), &site.strings);
        files.push((a.output, FileData::Bytes(html.into_bytes())));
        list.push(r);
    }
    if !list.is_empty() {
        let text = redirects::redirects_file(cfg, &list);
        files.push((
            PathBuf::from(REDIRECTS_FILE),
            FileData::Bytes(text.into_bytes()),
        ));
    }
    if let Some(css) = brand {
        files.push((
            PathBuf::from(crate::render::branding::STYLESHEET),
            FileData::Bytes(css.into_bytes()),
        ));
    }
    files
}

/// An alias at the address of a page, a generated or static file, or
/// another alias: an error at the alias, naming both.
pub(crate) fn collisions<'a>(
    site: &Site,
    pages: &[RenderedPage],
    generated: impl Iterator<Item = &'a PathBuf>,
) -> Diagnostics {
    let mut taken: BTreeMap<PathBuf, String> = BTreeMap::new();
    for p in pages {
        let what = match &p.source {
            Some(src) => format!("the address of the page {}", display_path(src)),
            None => format!("the address of the page Plainsight makes at {}", p.url),
        };
        taken.insert(p.output.clone(), what);
    }
    for path in generated {
        taken
            .entry(path.clone())
            .or_insert_with(|| format!("a file Plainsight makes, /{}", slashes(path)));
    }
    for (path, f) in &site.theme.statics {
        let what = match f {
            StaticFile::Disk(src) => {
                format!("where the static file {} is published", display_path(src))
            }
            StaticFile::Builtin(_) => format!("a file of the theme, /{}", slashes(path)),
        };
        taken.entry(path.clone()).or_insert(what);
    }
    for a in &site.content.assets {
        taken
            .entry(a.dest.clone())
            .or_insert_with(|| format!("where the file {} is published", display_path(&a.source)));
    }
    let mut found = Diagnostics::new();
    for a in aliases(site) {
        if let Some(other) = taken.get(&a.output) {
            found.push(collision(&a, other));
            continue;
        }
        taken.insert(
            a.output.clone(),
            format!(
                "an alias of {} (`{}`)",
                display_path(&a.page.source),
                a.typed
            ),
        );
    }
    found
}

fn collision(a: &Alias<'_>, other: &str) -> Diagnostic {
    let (line, column) = yaml::locate_in_yaml(&a.page.front_yaml, "aliases", a.typed);
    Diagnostic::error(
        Code::AliasCollision,
        format!(
            "front matter: the alias `{}` ({}) is already {other}, so one would replace the other",
            a.typed, a.path
        ),
    )
    .in_file(&a.page.source)
    // The front matter's YAML starts on the file's second line.
    .at(line + 1, column)
    .hint("remove the alias, or give the other page or file a new name; an old address can send readers to one page only")
}

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}
