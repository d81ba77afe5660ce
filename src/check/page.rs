//! What one built page shows: its links and anchors (against every page's
//! ids), images, headings, description and Markdown tables, and the facts
//! about its HTML that the checks of other pages need.

use std::collections::{HashMap, HashSet};

use lol_html::{Settings, element};

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::site::Site;
use crate::render::RenderedPage;
use crate::render::markdown::Link;
use crate::util::html_stream;

/// What the checks need from one finished page's HTML, worked out once per
/// render so that a rebuild in `serve` re-reads only the pages it rendered.
#[derive(Debug, Default, Clone)]
pub struct PageFacts {
    pub(super) ids: HashSet<String>,
    /// None when the page has no `<html>` element at all.
    pub(super) has_lang: Option<bool>,
    pub(super) h1s: usize,
}

impl PageFacts {
    pub fn of(html: &str) -> Self {
        match super::facts_scan::read(html) {
            Some(f) => {
                #[cfg(debug_assertions)]
                {
                    let slow = Self::read(html, html.len());
                    debug_assert!(
                        f.ids == slow.ids && f.has_lang == slow.has_lang && f.h1s == slow.h1s,
                        "the quick reading of a page's facts differs from lol_html's"
                    );
                }
                f
            }
            None => Self::read(html, html.len()),
        }
    }

    /// The facts, in one lol_html pass handed `piece` bytes at a time.
    pub(super) fn read(html: &str, piece: usize) -> Self {
        let mut ids = HashSet::new();
        let mut has_lang = None;
        let mut h1s = 0;
        let settings = Settings::new()
            .append_element_content_handler(element!("[id]", |el| {
                // Every `id` an element has: a link to the second of two
                // is not broken for the checks either.
                ids.extend(
                    el.attributes()
                        .iter()
                        .filter(|a| a.name() == "id")
                        .map(|a| a.value()),
                );
                Ok(())
            }))
            .append_element_content_handler(element!("html", |el| {
                has_lang.get_or_insert_with(|| {
                    el.get_attribute("lang")
                        .is_some_and(|l| !l.trim().is_empty())
                });
                Ok(())
            }))
            .append_element_content_handler(element!("h1", |_| {
                h1s += 1;
                Ok(())
            }));
        // The handlers never fail and the reader is neither strict nor
        // limited in memory; were there an error, the facts read so far
        // stand.
        let _ = html_stream::read(html, settings, piece);
        PageFacts { ids, has_lang, h1s }
    }
}

/// What one rendered page's own parts show: its links (against every page's
/// ids), its heading order, its description and its Markdown tables.
pub(super) fn page_findings(
    p: &RenderedPage,
    ids: &HashMap<String, PageFacts>,
    extra_files: &HashSet<String>,
) -> Diagnostics {
    let mut d = Diagnostics::new();
    let Some(src) = &p.source else { return d };
    links(p, src, ids, extra_files, &mut d);
    headings(p, src, &mut d);
    if p.description.as_deref().is_none_or(|s| s.trim().is_empty()) && p.kind != "404" {
        d.push(
            Diagnostic::warning(Code::NoDescription, format!("the page “{}” has no description", p.title))
                .in_file(src)
                .at(2, 1)
                .hint("add `description: ...` to the front matter: search engines and the page's summary use it"),
        );
    }
    for &(line, col) in &p.md_tables {
        d.push(
            Diagnostic::warning(Code::TableCaption, "a Markdown table cannot have a caption, and no heading introduces it")
                .in_file(src)
                .at(line, col)
                .hint("put the figures in data/ and use {{ table(data=\"NAME\") }}, which is captioned; or, if the table is not data, put a heading that names it on the line above"),
        );
    }
    d
}

/// What only the finished page shows: its language and its single h1. Both
/// usually come from the theme, so each problem is reported once, at the
/// template, rather than once per page.
pub(super) fn structure(
    site: &Site,
    pages: &[RenderedPage],
    facts: &HashMap<String, PageFacts>,
    d: &mut Diagnostics,
) {
    let template_file = |t: &str| {
        site.theme
            .templates
            .get(t)
            .map(|(path, _)| path.clone())
            .unwrap_or_else(|| {
                std::path::PathBuf::from(format!("themes/{}/templates/{t}", site.config.theme))
            })
    };
    let mut reported: HashSet<(&str, &str)> = HashSet::new();
    for p in pages {
        let Some(f) = facts.get(&p.url) else { continue };
        let lang = f.has_lang;
        if lang == Some(false) && reported.insert(("lang", p.template.as_str())) {
            d.push(
                Diagnostic::warning(Code::MissingLang, "pages built with this template do not say what language they are in")
                    .in_file(template_file(&p.template))
                    .hint("add lang=\"{{ site.language }}\" to the <html> element, so screen readers pronounce the page correctly"),
            );
        }
        let h1s = f.h1s;
        let markdown_h1 = p.headings.iter().any(|h| h.item.level == 1);
        if h1s != 1 && !markdown_h1 && reported.insert(("h1", p.template.as_str())) {
            let msg = if h1s == 0 {
                format!("the page “{}” has no top-level heading (h1)", p.title)
            } else {
                format!("the page “{}” has {h1s} top-level headings (h1)", p.title)
            };
            d.push(
                Diagnostic::warning(Code::HeadingOrder, msg)
                    .in_file(template_file(&p.template))
                    .hint("every page needs exactly one <h1>, usually the page title; use <h2> for the sections below it"),
            );
        }
    }
}

fn links(
    p: &RenderedPage,
    src: &std::path::Path,
    ids: &HashMap<String, PageFacts>,
    files: &HashSet<String>,
    d: &mut Diagnostics,
) {
    for l in &p.links {
        let place = |diag: Diagnostic| diag.in_file(src).at(l.line, l.column);
        if l.item.is_image && l.item.text.trim().is_empty() {
            d.push(place(
                Diagnostic::error(Code::ImageAlt, "this image has no alt text")
                    .hint("describe the image in the brackets: ![Bar chart of ASB by district](chart.png); for a purely decorative image use a CSS background instead"),
            ));
        }
        if let Some(found) = link(p, &l.item, ids, files) {
            d.push(place(found));
        }
    }
}

/// The pages whose ids `p`'s links name (with a `#fragment`): its findings
/// change when one of those pages gains or loses an id.
pub(super) fn anchored_targets(p: &RenderedPage, files: &HashSet<String>) -> Vec<String> {
    if p.source.is_none() {
        return Vec::new();
    }
    let mut out: Vec<String> = (p.links.iter())
        .filter_map(|l| {
            let url = l.item.url.trim();
            if unfollowable(url).is_some() || is_elsewhere(url) {
                return None;
            }
            let (_, page_url, fragment) = link_target(&p.url, url, files);
            fragment.is_some_and(|f| !f.is_empty()).then_some(page_url)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a link or image finds its target: at most one finding, for the
/// first thing wrong with it.
fn link(
    p: &RenderedPage,
    l: &Link,
    ids: &HashMap<String, PageFacts>,
    files: &HashSet<String>,
) -> Option<Diagnostic> {
    link_from(&p.url, l, ids, files)
}

/// [`link`] for a link written elsewhere than a page's Markdown (a data
/// cell), as if on the page at `from`.
pub(super) fn link_from(
    from: &str,
    l: &Link,
    ids: &HashMap<String, PageFacts>,
    files: &HashSet<String>,
) -> Option<Diagnostic> {
    let url = l.url.trim();
    // An image drawn from inline data has nothing to find.
    if l.is_image && url.starts_with("data:image/") {
        return None;
    }
    if let Some(found) = unfollowable(url) {
        return Some(found);
    }
    if is_elsewhere(url) {
        return None;
    }
    let (target, page_url, fragment) = link_target(from, url, files);
    let exists_page = ids.contains_key(page_url.as_str());
    let exists_file = files.contains(&target);
    if !exists_page && !exists_file {
        return Some(missing_target(url, l.is_image));
    }
    if let (Some(frag), true) = (fragment, exists_page)
        && !frag.is_empty()
        && !ids
            .get(page_url.as_str())
            .is_some_and(|f| f.ids.contains(frag))
    {
        return Some(
            Diagnostic::error(Code::BrokenAnchor, format!("`{page_url}` has no heading or element with the id `{frag}`"))
                .hint("heading ids come from the heading text (## Our approach → #our-approach) or from {#id}"),
        );
    }
    None
}

/// A link no reader can follow, whatever pages the site has.
fn unfollowable(url: &str) -> Option<Diagnostic> {
    if url.is_empty() || url == "#" {
        let msg = if url.is_empty() {
            "this link goes nowhere"
        } else {
            "this link points to `#`"
        };
        return Some(
            Diagnostic::error(Code::EmptyLink, msg.to_string())
                .hint("link to the real page, or remove the link and keep the text"),
        );
    }
    if !crate::util::html::is_safe_url(url) {
        // `javascript://x/%0aalert(1)` looks like an address but runs
        // a script: only the schemes a reader can follow are published.
        return Some(
            Diagnostic::error(
                Code::UnsafeLink,
                format!("the link `{url}` is not a web, email or telephone address"),
            )
            .hint(
                "link to a page of the site, or to an address starting https://, mailto: or tel:",
            ),
        );
    }
    None
}

/// Addresses outside the site, which only `check --external` follows.
fn is_elsewhere(url: &str) -> bool {
    url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with("//")
}

/// Where a link within the site goes, from the page at `from`: the file it
/// names, the page URL that file would be served at, and any fragment.
fn link_target<'u>(
    from: &str,
    url: &'u str,
    files: &HashSet<String>,
) -> (String, String, Option<&'u str>) {
    let (path, fragment) = match url.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        from.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        resolve_relative(from, path)
    };
    let page_url = if target.ends_with('/') || target.ends_with(".html") || files.contains(&target)
    {
        target.clone()
    } else {
        format!("{target}/")
    };
    let page_url = page_url
        .strip_suffix("index.html")
        .map(str::to_string)
        .unwrap_or(page_url);
    (target, page_url, fragment)
}

fn missing_target(url: &str, is_image: bool) -> Diagnostic {
    if is_image {
        Diagnostic::error(Code::BrokenLink, format!("the image `{url}` is not in the site"))
            .hint("put the image under content/ beside the page's section, or under static/, and give its address from the site's root, e.g. /images/map.png")
    } else {
        Diagnostic::error(Code::BrokenLink, format!("the link `{url}` goes to a page that does not exist"))
            .hint("link to a page by its URL, e.g. /priorities/serious-violence/, or to a dataset's /data/NAME.csv")
    }
}

pub(super) fn resolve_relative(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let trailing = if rel.ends_with('/') { "/" } else { "" };
    format!("/{}{}", parts.join("/"), trailing)
}

fn headings(p: &RenderedPage, src: &std::path::Path, d: &mut Diagnostics) {
    // The theme prints the page title as the h1, so content starts at h2.
    let mut prev = 1u8;
    for h in &p.headings {
        let level = h.item.level;
        if level == 1 {
            d.push(
                Diagnostic::warning(
                    Code::HeadingOrder,
                    "a second top-level heading: the page title is already the h1",
                )
                .in_file(src)
                .at(h.line, h.column)
                .hint("use ## for the main sections of a page"),
            );
        } else if level > prev + 1 {
            d.push(
                Diagnostic::warning(
                    Code::HeadingOrder,
                    format!("this heading skips from level {prev} to level {level}"),
                )
                .in_file(src)
                .at(h.line, h.column)
                .hint(format!(
                    "use {} here, so screen-reader users can follow the outline",
                    "#".repeat(prev as usize + 1)
                )),
            );
        }
        prev = level;
    }
}
