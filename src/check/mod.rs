//! The publishing checks run on every build and by `plainsight check`:
//! placeholders, broken links and anchors, images without alt text, stale
//! period labels, heading order and missing descriptions.

use std::collections::{HashMap, HashSet};

use lol_html::{Settings, element};

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::model::page::Page;
use crate::model::site::Site;
use crate::render::RenderedPage;
use crate::util::html_stream;

pub mod acknowledge;
pub mod external;
mod output_scan;
pub mod plan;
mod text;
pub mod verify;

pub use text::*;

pub fn check(site: &Site, pages: &[RenderedPage], extra_files: &HashSet<String>) -> Diagnostics {
    check_cached(site, pages, extra_files, &mut Cache::default())
}

/// What the checks need from one finished page's HTML, worked out once per
/// render so that a rebuild in `serve` re-reads only the pages it rendered.
#[derive(Debug, Default, Clone)]
pub struct PageFacts {
    ids: HashSet<String>,
    /// None when the page has no `<html>` element at all.
    has_lang: Option<bool>,
    h1s: usize,
}

impl PageFacts {
    pub fn of(html: &str) -> Self {
        Self::read(html, html.len())
    }

    /// The facts, in one lol_html pass handed `piece` bytes at a time.
    fn read(html: &str, piece: usize) -> Self {
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

/// Findings and page facts kept between rebuilds (src/pipeline/rebuild/). Whoever
/// changes a page, a source file or a dataset forgets its entries; whatever
/// is missing is worked out again, on every core.
#[derive(Debug, Default)]
pub struct Cache {
    /// By page URL.
    facts: HashMap<String, PageFacts>,
    /// Facts of pages forgotten since the last check: if a page's ids come
    /// out different, links into it from every page are checked again.
    stale: HashMap<String, PageFacts>,
    /// Links, headings, description and Markdown tables, by page URL.
    pages: HashMap<String, Diagnostics>,
    /// Placeholders and period labels, by source file.
    sources: HashMap<std::path::PathBuf, Diagnostics>,
    /// Placeholders in each dataset's cells, by dataset name.
    data: HashMap<String, Diagnostics>,
    /// What each built page's text shows that must not be published, by URL.
    scans: HashMap<String, Vec<output_scan::Suspect>>,
}

impl Cache {
    pub fn forget_page(&mut self, url: &str) {
        self.scans.remove(url);
        if let Some(f) = self.facts.remove(url) {
            self.stale.insert(url.to_string(), f);
        }
        self.pages.remove(url);
    }
    pub fn forget_source(&mut self, source: &std::path::Path) {
        self.sources.remove(source);
    }
    pub fn forget_dataset(&mut self, name: &str) {
        self.data.remove(name);
    }
}

/// [`check`], reusing what `cache` holds. Pages missing from the cache must
/// still carry their HTML.
pub fn check_cached(
    site: &Site,
    pages: &[RenderedPage],
    extra_files: &HashSet<String>,
    cache: &mut Cache,
) -> Diagnostics {
    let mut all = Diagnostics::new();
    check_each(site, pages, extra_files, cache, &mut |d| {
        all.push(d.clone())
    });
    all
}

/// Like [`check_cached`], handing each finding to `each` instead of copying
/// them all: `serve` keeps only the errors and counts the warnings.
pub fn check_each(
    site: &Site,
    pages: &[RenderedPage],
    extra_files: &HashSet<String>,
    cache: &mut Cache,
    each: &mut dyn FnMut(&Diagnostic),
) {
    // The output scan reports only what no check of the sources did, so
    // the places of those findings are noted on the way out.
    let reported: std::cell::RefCell<HashSet<(std::path::PathBuf, usize)>> = Default::default();
    let mut each = |d: &Diagnostic| {
        if let Some(f) = &d.file
            && (d.code == Code::Placeholder || is_call_code(d.code))
        {
            reported
                .borrow_mut()
                .insert((std::path::PathBuf::from(f), d.line));
        }
        each(d)
    };
    let each: &mut dyn FnMut(&Diagnostic) = &mut each;
    use rayon::prelude::*;
    let mut d = Diagnostics::new();
    let live: HashSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    let before = cache.facts.len();
    cache.facts.retain(|url, _| live.contains(url.as_str()));
    let mut moved = cache.facts.len() != before;
    let missing: Vec<(String, PageFacts)> = pages
        .par_iter()
        .filter(|p| !cache.facts.contains_key(&p.url))
        .map(|p| (p.url.clone(), PageFacts::of(&p.html)))
        .collect();
    for (url, f) in &missing {
        moved |= cache.stale.get(url).is_none_or(|old| old.ids != f.ids);
    }
    cache.stale.clear();
    cache.facts.extend(missing);
    if moved {
        // A page gained or lost an id, or a page came or went: every page's
        // links are checked again.
        cache.pages.clear();
    }
    let sources: HashSet<&std::path::Path> = site
        .content
        .pages
        .iter()
        .map(|p| p.source.as_path())
        .collect();
    cache.sources.retain(|s, _| sources.contains(s.as_path()));
    let missing: Vec<(std::path::PathBuf, Diagnostics)> = site
        .content
        .pages
        .par_iter()
        .filter(|p| !cache.sources.contains_key(&p.source))
        .map(|page| {
            let mut d = Diagnostics::new();
            placeholders_in_page(site, page, &mut d);
            period_labels(site, page, &mut d);
            (page.source.clone(), d)
        })
        .collect();
    cache.sources.extend(missing);
    for page in &site.content.pages {
        if let Some(found) = cache.sources.get(&page.source) {
            found.iter().for_each(&mut *each);
        }
    }
    let facts = &cache.facts;
    let ids: HashMap<&str, &HashSet<String>> =
        facts.iter().map(|(u, f)| (u.as_str(), &f.ids)).collect();
    structure(site, pages, facts, &mut d);
    let missing: Vec<(String, Diagnostics)> = pages
        .par_iter()
        .filter(|p| !cache.pages.contains_key(&p.url))
        .map(|p| (p.url.clone(), page_findings(p, &ids, extra_files)))
        .collect();
    cache.pages.extend(missing);
    for p in pages {
        if let Some(found) = cache.pages.get(&p.url) {
            found.iter().for_each(&mut *each);
        }
    }
    let names: HashSet<&str> = site.datasets.tables.keys().map(String::as_str).collect();
    cache.data.retain(|n, _| names.contains(n.as_str()));
    let missing: Vec<(String, Diagnostics)> = (site.datasets.tables.par_iter())
        .filter(|(name, _)| !cache.data.contains_key(*name))
        .map(|(name, ds)| (name.clone(), data_placeholders(site, ds)))
        .collect();
    cache.data.extend(missing);
    for name in site.datasets.tables.keys() {
        if let Some(found) = cache.data.get(name) {
            found.iter().for_each(&mut *each);
        }
    }
    let live: HashSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    cache.scans.retain(|url, _| live.contains(url.as_str()));
    let missing: Vec<(String, Vec<output_scan::Suspect>)> = pages
        .par_iter()
        .filter(|p| !cache.scans.contains_key(&p.url))
        .map(|p| (p.url.clone(), output_scan::scan_page(site, p)))
        .collect();
    cache.scans.extend(missing);
    if site.config.accessibility.is_none() {
        d.push(
            Diagnostic::warning(Code::AccessibilityStatement, "site.yaml does not describe the site's accessibility")
                .in_file(crate::model::config::CONFIG_FILE)
                .hint("add an `accessibility:` block (status, tested, contact) to site.yaml; until then the statement at /accessibility/ says plainly that the site has not been assessed"),
        );
    }
    d.iter().for_each(&mut *each);
    let scanned: Vec<(&RenderedPage, &[output_scan::Suspect])> = pages
        .iter()
        .filter_map(|p| cache.scans.get(&p.url).map(|s| (p, s.as_slice())))
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let mut late = Vec::new();
    output_scan::report(&scanned, &reported.borrow(), &mut |d| late.push(d.clone()));
    late.iter().for_each(each);
}

/// Codes of a template call that failed.
fn is_call_code(code: Code) -> bool {
    matches!(
        code,
        Code::FrontMatterCall
            | Code::CallUnterminated
            | Code::CallSyntax
            | Code::Call
            | Code::UnknownDataset
            | Code::UnknownRow
            | Code::UnknownColumn
            | Code::UnknownPage
    )
}

/// What one rendered page's own parts show: its links (against every page's
/// ids), its heading order, its description and its Markdown tables.
fn page_findings(
    p: &RenderedPage,
    ids: &HashMap<&str, &HashSet<String>>,
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
fn structure(
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

/// Placeholders left in one dataset's cells.
fn data_placeholders(site: &Site, ds: &crate::model::dataset::Dataset) -> Diagnostics {
    let mut d = Diagnostics::new();
    for (r, raw) in ds.raw.iter().enumerate() {
        for (c, cell) in raw.iter().enumerate() {
            for (_, word) in find_placeholders(cell, &site.config.placeholders) {
                d.push(
                    Diagnostic::error(
                        Code::Placeholder,
                        format!("placeholder `{word}` in the data"),
                    )
                    .in_file(&ds.csv_path)
                    .at(ds.positions[r].line, ds.positions[r].column(c))
                    .note(format!(
                        "column `{}`",
                        ds.columns.get(c).map(|c| c.name.as_str()).unwrap_or("?")
                    ))
                    .hint(
                        "replace it with the real figure, or leave the cell empty for \"no data\"",
                    ),
                );
            }
        }
    }
    sidecar_placeholders(site, ds, &mut d);
    dataset_period_labels(site, ds, &mut d);
    d
}

/// Placeholders in a sidecar's text (title, description, source, caveats,
/// column headings): these are captions and headings readers see.
fn sidecar_placeholders(site: &Site, ds: &crate::model::dataset::Dataset, d: &mut Diagnostics) {
    let Some(sidecar) = &ds.sidecar_path else {
        return;
    };
    let m = &ds.meta;
    let texts = [
        ("title", &m.title),
        ("description", &m.description),
        ("source", &m.source),
    ]
    .into_iter()
    .chain(m.caveats.iter().map(|c| ("caveats", c)))
    .chain(ds.columns.iter().map(|c| ("columns", &c.label)));
    let mut src: Option<String> = None;
    for (key, text) in texts {
        for (_, word) in find_placeholders(text, &site.config.placeholders) {
            let src = src.get_or_insert_with(|| {
                std::fs::read_to_string(site.root().join(sidecar)).unwrap_or_default()
            });
            let (line, col) = crate::render::author_text::locate_in_yaml(src, key, &word);
            d.push(
                Diagnostic::error(Code::Placeholder, format!("placeholder `{word}` in the sidecar's `{key}`"))
                    .in_file(sidecar)
                    .at(line, col)
                    .width(word.chars().count())
                    .hint("replace it before publishing: the sidecar's text is the table's caption, source and headings"),
            );
        }
    }
}

fn links(
    p: &RenderedPage,
    src: &std::path::Path,
    ids: &HashMap<&str, &HashSet<String>>,
    files: &HashSet<String>,
    d: &mut Diagnostics,
) {
    for l in &p.links {
        let url = l.item.url.trim();
        if l.item.is_image {
            if l.item.text.trim().is_empty() {
                d.push(
                    Diagnostic::error(Code::ImageAlt, "this image has no alt text")
                        .in_file(src)
                        .at(l.line, l.column)
                        .hint("describe the image in the brackets: ![Bar chart of ASB by district](chart.png); for a purely decorative image use a CSS background instead"),
                );
            }
            // An image drawn from inline data has nothing to find.
            if url.starts_with("data:image/") {
                continue;
            }
        }
        if url.is_empty() || url == "#" {
            d.push(
                Diagnostic::error(
                    Code::EmptyLink,
                    if url.is_empty() {
                        "this link goes nowhere".to_string()
                    } else {
                        "this link points to `#`".to_string()
                    },
                )
                .in_file(src)
                .at(l.line, l.column)
                .hint("link to the real page, or remove the link and keep the text"),
            );
            continue;
        }
        if !crate::util::html::is_safe_url(url) {
            // `javascript://x/%0aalert(1)` looks like an address but runs
            // a script: only the schemes a reader can follow are published.
            d.push(
                Diagnostic::error(
                    Code::UnsafeLink,
                    format!("the link `{url}` is not a web, email or telephone address"),
                )
                .in_file(src)
                .at(l.line, l.column)
                .hint("link to a page of the site, or to an address starting https://, mailto: or tel:"),
            );
            continue;
        }
        if url.contains("://")
            || url.starts_with("mailto:")
            || url.starts_with("tel:")
            || url.starts_with("//")
        {
            continue;
        }
        let (path, fragment) = match url.split_once('#') {
            Some((a, b)) => (a, Some(b)),
            None => (url, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let target = if path.is_empty() {
            p.url.clone()
        } else if path.starts_with('/') {
            path.to_string()
        } else {
            resolve_relative(&p.url, path)
        };
        let page_url =
            if target.ends_with('/') || target.ends_with(".html") || files.contains(&target) {
                target.clone()
            } else {
                format!("{target}/")
            };
        let page_url = page_url
            .strip_suffix("index.html")
            .map(str::to_string)
            .unwrap_or(page_url);
        let exists_page = ids.contains_key(page_url.as_str());
        let exists_file = files.contains(&target);
        if !exists_page && !exists_file && l.item.is_image {
            d.push(
                Diagnostic::error(Code::BrokenLink, format!("the image `{url}` is not in the site"))
                    .in_file(src)
                    .at(l.line, l.column)
                    .hint("put the image under content/ beside the page's section, or under static/, and give its address from the site's root, e.g. /images/map.png"),
            );
            continue;
        }
        if !exists_page && !exists_file {
            d.push(
                Diagnostic::error(Code::BrokenLink, format!("the link `{url}` goes to a page that does not exist"))
                    .in_file(src)
                    .at(l.line, l.column)
                    .hint("link to a page by its URL, e.g. /priorities/serious-violence/, or to a dataset's /data/NAME.csv"),
            );
            continue;
        }
        if let (Some(frag), true) = (fragment, exists_page)
            && !frag.is_empty()
            && !ids.get(page_url.as_str()).is_some_and(|s| s.contains(frag))
        {
            d.push(
                Diagnostic::error(Code::BrokenAnchor, format!("`{page_url}` has no heading or element with the id `{frag}`"))
                    .in_file(src)
                    .at(l.line, l.column)
                    .hint("heading ids come from the heading text (## Our approach → #our-approach) or from {#id}"),
            );
        }
    }
}

fn resolve_relative(base: &str, rel: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::placeholders::find_placeholder;

    #[test]
    fn placeholders() {
        let none: Vec<String> = vec![];
        assert_eq!(
            find_placeholder("dealt with XX young people", &none),
            Some("XX".into())
        );
        assert_eq!(
            find_placeholder("and XXX families", &none),
            Some("XXX".into())
        );
        assert_eq!(
            find_placeholder("cost £X in total", &none),
            Some("X".into())
        );
        assert_eq!(
            find_placeholder("X people attended", &none),
            Some("X".into())
        );
        assert_eq!(find_placeholder("Date TBC", &none), Some("TBC".into()));
        assert_eq!(
            find_placeholder("[insert figure]", &none),
            Some("[insert figure]".into())
        );
        assert_eq!(
            find_placeholder("Lorem ipsum dolor", &none),
            Some("Lorem ipsum".into())
        );
        assert_eq!(find_placeholder("rose by ??", &none), Some("??".into()));
        assert_eq!(
            find_placeholder("Exxon, Xmas, X-ray, Malcolm X", &none),
            None
        );
        assert_eq!(
            find_placeholder("NOTYET here", &["NOTYET".into()]),
            Some("NOTYET".into())
        );
    }

    #[test]
    fn periods() {
        assert_eq!(
            period_labels_in("Priorities for 2024/25 and 2025-2026"),
            vec![(15, "2024/25".into()), (27, "2025-2026".into())]
        );
        assert!(same_period("2025-2026", "2025/26"));
        assert!(!same_period("2024/25", "2025/26"));
        assert!(period_labels_in("on 2024-01-16").is_empty());
    }

    #[test]
    fn relative_links() {
        assert_eq!(resolve_relative("/a/b/", "../c/"), "/a/c/");
        assert_eq!(resolve_relative("/a/b/", "c"), "/a/b/c");
    }

    #[test]
    fn page_facts() {
        let page = "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><title>x</title></head><body><a href=\"#main\" id=\"skip\">Skip</a><main id=\"main\"><h1 class=\"t\">T</h1><h2 id=\"our-approach\">Our approach</h2><p>id=&quot;not-an-id&quot;</p><svg><g id=\"bar-1\"></g></svg></main></body></html>";
        for piece in [page.len(), 1, 2, 5, 13] {
            let f = PageFacts::read(page, piece);
            let mut ids: Vec<&str> = f.ids.iter().map(String::as_str).collect();
            ids.sort();
            assert_eq!(ids, ["bar-1", "main", "our-approach", "skip"], "{piece}");
            assert_eq!(f.has_lang, Some(true));
            assert_eq!(f.h1s, 1);
        }
        let f = PageFacts::of("<html lang=\" \"><h1>a</h1><h1>b</h1>");
        assert_eq!((f.has_lang, f.h1s), (Some(false), 2));
        let f = PageFacts::of("<html><body></body></html>");
        assert_eq!((f.has_lang, f.h1s), (Some(false), 0));
        assert_eq!(PageFacts::of("<p>a fragment</p>").has_lang, None);
    }

    /// The hand-written reading these facts came from before lol_html,
    /// kept to show that the two read well-formed pages alike.
    fn facts_before(html: &str) -> (Vec<String>, Option<bool>, usize) {
        let has_lang = html.find("<html").map(|i| {
            let tag = &html[i..i + html[i..].find('>').unwrap_or(0)];
            tag.split("lang=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .is_some_and(|l| !l.trim().is_empty())
        });
        let mut ids = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find(" id=\"") {
            rest = &rest[i + 5..];
            if let Some(j) = rest.find('"') {
                ids.push(rest[..j].to_string());
                rest = &rest[j..];
            }
        }
        ids.sort();
        ids.dedup();
        let h1s = html.matches("<h1>").count() + html.matches("<h1 ").count();
        (ids, has_lang, h1s)
    }

    fn page() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let element = (
            prop::sample::select(vec!["h1", "h2", "p", "div", "a", "section", "g", "td"]),
            prop::sample::select(vec![
                "",
                " id=\"a\"",
                " id=\"b-2\" class=\"x\"",
                " class=\"x\" id=\"c\"",
                " id=\"\"",
                " href=\"#a\"",
                " id=\"a&amp;b\"",
                " title=\"id\"",
            ]),
            prop::sample::select(vec![
                "",
                "text",
                "id=&quot;x&quot;",
                "<br>",
                "<!-- c -->",
                "é",
            ]),
        )
            .prop_map(|(n, a, body)| format!("<{n}{a}>{body}</{n}>"));
        (
            prop::sample::select(vec![
                "<html lang=\"en\">",
                "<html lang=\"\">",
                "<html>",
                "<html class=\"x\" lang=\"cy\">",
                "",
            ]),
            prop::collection::vec(element, 0..12),
        )
            .prop_map(|(html, body)| {
                format!(
                    "<!DOCTYPE html>\n{html}<head><title>t</title></head><body>{}</body>",
                    body.concat()
                )
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn facts_as_read_before(html in page(), piece in 1usize..40) {
            let (ids, has_lang, h1s) = facts_before(&html);
            for f in [PageFacts::of(&html), PageFacts::read(&html, piece)] {
                let mut got: Vec<String> = f.ids.into_iter().collect();
                got.sort();
                proptest::prop_assert_eq!(&got, &ids);
                proptest::prop_assert_eq!(f.has_lang, has_lang);
                proptest::prop_assert_eq!(f.h1s, h1s);
            }
        }
    }
}
