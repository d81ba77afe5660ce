//! The publishing checks run on every build and by `plainsight check`:
//! placeholders, broken links and anchors, images without alt text, stale
//! period labels, heading order and missing descriptions.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::model::page::Page;
use crate::model::site::Site;
use crate::render::RenderedPage;

pub mod acknowledge;
mod approx_verify;
mod cell_links;
pub mod corrections;
mod data;
mod dataset_languages;
pub mod external;
mod facts_scan;
mod figures;
mod languages;
mod output_scan;
mod page;
mod page_corrections;
pub mod plan;
mod roster;
pub(crate) mod shown;
mod text;
pub mod verify;

use data::data_placeholders;
pub use page::PageFacts;
use page::{page_findings, structure};
pub use text::*;

pub fn check(site: &Site, pages: &[RenderedPage], extra_files: &HashSet<String>) -> Diagnostics {
    check_cached(site, pages, extra_files, &mut Cache::default())
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
    /// Figures typed in each page's source, by source file, and in each
    /// dataset's sidecar, by dataset name. Whether the data hold them is
    /// worked out on every check: a dataset edit changes that for any page.
    typed: HashMap<std::path::PathBuf, Vec<figures::Typed>>,
    typed_data: HashMap<String, Vec<figures::Typed>>,
    /// The findings about those figures, by source file and by dataset
    /// name, good while the datasets are these (`serve` replaces the
    /// datasets whole when one changes; holding them makes the comparison
    /// exact). A big site has hundreds of thousands of typed figures: working
    /// their findings out again on every rebuild took longer than the rest.
    /// Only each figure's code is kept: the finding in full is written out
    /// when a sink wants it (see [`Sink::wants`]), which `build` and `serve`
    /// do for a few of them at most.
    figures_for: Option<std::sync::Arc<crate::model::dataset::Datasets>>,
    figure_found: HashMap<std::path::PathBuf, Vec<Code>>,
    figure_found_data: HashMap<String, Vec<Code>>,
    /// What the last check saw, and what was forgotten since.
    roster: roster::Roster,
}

/// Where a warning is, told to a [`Sink`] before it is written out.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// As [`Diagnostic::file`] has it.
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub code: Code,
}

/// Where the checks' findings go.
pub trait Sink {
    /// A finding in full.
    fn add(&mut self, d: &Diagnostic);
    /// Whether the warning at `at` is wanted in full. A site can have
    /// hundreds of thousands of typed figures; a sink that shows a few
    /// says no to the rest, which go to [`Sink::skip`] unwritten.
    fn wants(&mut self, _at: &Place<'_>) -> bool {
        true
    }
    /// A warning not wanted in full.
    fn skip(&mut self, _at: &Place<'_>) {}
    /// Whether any warning may be wanted in full. A sink that says no
    /// (`serve`'s, which counts them) is told of typed figures by the
    /// number, with [`Sink::skip_many`]: a one-page rebuild of a big site
    /// then does not visit every figure of every page.
    fn wants_any(&self) -> bool {
        true
    }
    /// `n` warnings not wanted in full (only when [`Sink::wants_any`] is false).
    fn skip_many(&mut self, _n: usize) {}
}

impl<F: FnMut(&Diagnostic)> Sink for F {
    fn add(&mut self, d: &Diagnostic) {
        self(d)
    }
}

impl Cache {
    pub fn forget_page(&mut self, url: &str) {
        self.roster.forgot_pages.insert(url.to_string());
        self.scans.remove(url);
        if let Some(f) = self.facts.remove(url) {
            self.stale.insert(url.to_string(), f);
        }
        self.pages.remove(url);
    }
    pub fn forget_source(&mut self, source: &std::path::Path) {
        self.roster.forgot_sources.insert(source.to_path_buf());
        self.sources.remove(source);
        self.typed.remove(source);
        self.figure_found.remove(source);
    }
    pub fn forget_dataset(&mut self, name: &str) {
        self.data.remove(name);
        self.typed_data.remove(name);
        self.figure_found_data.remove(name);
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
    check_each(site, pages, extra_files, cache, &mut |d: &Diagnostic| {
        all.push(d.clone())
    });
    all
}

/// Like [`check_cached`], handing each finding to `sink` instead of copying
/// them all: `serve` keeps only the errors and counts the warnings, and
/// `build` keeps its first few (src/check/shown.rs).
pub fn check_each(
    site: &Site,
    pages: &[RenderedPage],
    extra_files: &HashSet<String>,
    cache: &mut Cache,
    sink: &mut dyn Sink,
) {
    // The output scan reports only what no check of the sources did, so
    // the places of those findings are noted on the way out.
    let mut out = Noting {
        reported: HashSet::new(),
        sink,
    };
    let redo = cache.roster.redo(site, pages);
    // A sink that sorts what it keeps and counts the rest takes the cached
    // findings in any order, without a look-up per page.
    let ordered = out.wants_any();
    if redo.pages.is_none() {
        // Which page links into which is known again from scratch.
        cache.pages.clear();
    }
    let relinked = refresh_facts(pages, cache, redo.pages.as_deref());
    let sources = redo.sources.as_deref();
    source_findings(site, cache, sources, ordered, &mut |d| out.add(d));
    let d = site_findings(site, pages, &cache.facts);
    let relinked = relinked.as_deref();
    page_findings_cached(pages, extra_files, cache, relinked, ordered, &mut |d| {
        out.add(d)
    });
    for d in cell_links::findings(site, &cache.facts, extra_files).iter() {
        out.add(d);
    }
    data_findings(site, cache, &mut |d| out.add(d));
    figure_findings(site, cache, redo.sources.as_deref(), &mut out);
    refresh_scans(site, pages, cache, redo.pages.as_deref());
    d.iter().for_each(|d| out.add(d));
    // Most sites have no suspect at all: then no page is looked up.
    let any = cache.scans.values().any(|s| !s.is_empty());
    let scanned: Vec<(&RenderedPage, &[output_scan::Suspect])> = (pages.iter())
        .take(if any { pages.len() } else { 0 })
        .filter_map(|p| cache.scans.get(&p.url).map(|s| (p, s.as_slice())))
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let mut late = Vec::new();
    output_scan::report(&scanned, &out.reported, &mut |d| late.push(d.clone()));
    late.iter().for_each(|d| out.add(d));
}

/// A sink that notes where placeholders and failed calls were reported.
struct Noting<'s> {
    reported: HashSet<(std::path::PathBuf, usize)>,
    sink: &'s mut dyn Sink,
}

impl Sink for Noting<'_> {
    fn add(&mut self, d: &Diagnostic) {
        if let Some(f) = &d.file
            && (d.code == Code::Placeholder || is_call_code(d.code))
        {
            (self.reported).insert((std::path::PathBuf::from(f), d.line));
        }
        self.sink.add(d)
    }
    fn wants(&mut self, at: &Place<'_>) -> bool {
        self.sink.wants(at)
    }
    fn skip(&mut self, at: &Place<'_>) {
        self.sink.skip(at)
    }
    fn wants_any(&self) -> bool {
        self.sink.wants_any()
    }
    fn skip_many(&mut self, n: usize) {
        self.sink.skip_many(n)
    }
}

/// Brings the page facts up to date with `pages`. When a page's ids change,
/// the pages linking into it are checked again; when pages come or go,
/// every page is. Gives the pages whose links are to be checked again
/// (None: those not in the cache).
fn refresh_facts(
    pages: &[RenderedPage],
    cache: &mut Cache,
    redo: Option<&[usize]>,
) -> Option<Vec<usize>> {
    let before = cache.facts.len();
    let missing = roster::stale(
        pages,
        redo,
        &mut cache.facts,
        |p| &p.url,
        |p| (p.url.clone(), PageFacts::of(&p.html)),
    );
    if cache.facts.len() != before {
        // A page went: links into it are checked again.
        cache.pages.clear();
    }
    let mut relink: HashSet<String> = HashSet::new();
    let mut every = false;
    for (url, f) in &missing {
        match cache.stale.get(url) {
            Some(old) if old.ids == f.ids => {}
            Some(_) => relink.extend(cache.roster.linking_into(url).cloned()),
            // A page came: links anywhere may now find it.
            None => every = true,
        }
    }
    if every {
        cache.pages.clear();
    }
    cache.stale.clear();
    cache.facts.extend(missing);
    for u in &relink {
        cache.pages.remove(u);
    }
    let mut list = redo.filter(|_| !every)?.to_vec();
    if !relink.is_empty() {
        let more = (pages.iter().enumerate()).filter(|(_, p)| relink.contains(&p.url));
        list.extend(more.map(|(i, _)| i));
        list.sort_unstable();
        list.dedup();
    }
    Some(list)
}

/// Placeholders and period labels in each source file.
fn source_findings(
    site: &Site,
    cache: &mut Cache,
    redo: Option<&[usize]>,
    ordered: bool,
    each: &mut dyn FnMut(&Diagnostic),
) {
    let find = |page: &Page| {
        let mut d = Diagnostics::new();
        placeholders_in_page(site, page, &mut d);
        period_labels(site, page, &mut d);
        (page.source.clone(), d)
    };
    let pages = &site.content.pages;
    let missing = roster::stale(pages, redo, &mut cache.sources, |p| &p.source, find);
    cache.sources.extend(missing);
    if !ordered {
        // The cache holds the site's sources and no others.
        cache.sources.values().flat_map(|d| d.iter()).for_each(each);
        return;
    }
    for page in &site.content.pages {
        if let Some(found) = cache.sources.get(&page.source) {
            found.iter().for_each(&mut *each);
        }
    }
}

/// Links, headings, description and Markdown tables of each built page.
fn page_findings_cached(
    pages: &[RenderedPage],
    extra_files: &HashSet<String>,
    cache: &mut Cache,
    redo: Option<&[usize]>,
    ordered: bool,
    each: &mut dyn FnMut(&Diagnostic),
) {
    let ids = &cache.facts;
    let find = |p: &RenderedPage| {
        let targets = page::anchored_targets(p, extra_files);
        (p.url.clone(), page_findings(p, ids, extra_files), targets)
    };
    let missing = roster::stale(pages, redo, &mut cache.pages, |p| &p.url, find);
    for (url, found, targets) in missing {
        cache.roster.links(&url, targets);
        cache.pages.insert(url, found);
    }
    if !ordered {
        // The cache holds the site's pages and no others.
        cache.pages.values().flat_map(|d| d.iter()).for_each(each);
        return;
    }
    for p in pages {
        if let Some(found) = cache.pages.get(&p.url) {
            found.iter().for_each(&mut *each);
        }
    }
}

/// Placeholders in each dataset's cells.
fn data_findings(site: &Site, cache: &mut Cache, each: &mut dyn FnMut(&Diagnostic)) {
    use rayon::prelude::*;
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
}

/// Figures typed by hand in pages and sidecars (src/check/figures.rs).
fn figure_findings(site: &Site, cache: &mut Cache, redo: Option<&[usize]>, sink: &mut dyn Sink) {
    use rayon::prelude::*;
    let find = |p: &Page| (p.source.clone(), figures::typed_in_page(p));
    let pages = &site.content.pages;
    let missing = roster::stale(pages, redo, &mut cache.typed, |p| &p.source, find);
    cache.typed.extend(missing);
    if redo.is_none() {
        // `typed` now holds the site's sources and no others.
        let typed = &cache.typed;
        cache.figure_found.retain(|s, _| typed.contains_key(s));
    }
    let names: HashSet<&str> = site.datasets.tables.keys().map(String::as_str).collect();
    cache.typed_data.retain(|n, _| names.contains(n.as_str()));
    let missing: Vec<(String, Vec<figures::Typed>)> = (site.datasets.tables.par_iter())
        .filter(|(name, _)| !cache.typed_data.contains_key(*name))
        .map(|(name, ds)| {
            let typed = match &ds.sidecar_path {
                Some(sidecar) => {
                    let src =
                        std::fs::read_to_string(site.root().join(sidecar)).unwrap_or_default();
                    figures::typed_in_sidecar(ds, sidecar, &src)
                }
                None => Vec::new(),
            };
            (name.clone(), typed)
        })
        .collect();
    cache.typed_data.extend(missing);
    let same_data =
        (cache.figures_for.as_ref()).is_some_and(|d| std::sync::Arc::ptr_eq(d, &site.datasets));
    if !same_data {
        cache.figure_found.clear();
        cache.figure_found_data.clear();
        cache.figures_for = Some(site.datasets.clone());
    }
    if !sink.wants_any() {
        // Every typed figure is a warning: only their number is wanted. The
        // cache holds the site's sources and datasets and no others.
        let typed = cache.typed.values().chain(cache.typed_data.values());
        sink.skip_many(typed.map(Vec::len).sum());
        return;
    }
    let index = std::sync::OnceLock::new();
    let index = || index.get_or_init(|| figures::Index::of(site));
    // Whether a dataset holds each figure, on every core: a big site types
    // hundreds of thousands of them.
    let missing: Vec<(std::path::PathBuf, Vec<Code>)> = (site.content.pages.par_iter())
        .filter(|p| !cache.figure_found.contains_key(&p.source))
        .filter_map(|p| {
            let typed = cache.typed.get(&p.source)?;
            Some((p.source.clone(), figures::codes(index(), typed)))
        })
        .collect();
    cache.figure_found.extend(missing);
    let mut report = |typed: &[figures::Typed], codes: &[Code]| {
        let Some(first) = typed.first() else {
            return;
        };
        let file = crate::diagnostic::display_path(first.file());
        for (t, &code) in typed.iter().zip(codes) {
            let at = Place {
                file: &file,
                line: t.line(),
                column: t.column(),
                code,
            };
            if sink.wants(&at) {
                sink.add(&figures::finding(index(), t));
            } else {
                sink.skip(&at);
            }
        }
    };
    for p in &site.content.pages {
        let Some(typed) = cache.typed.get(&p.source) else {
            continue;
        };
        let codes = (cache.figure_found.entry(p.source.clone()))
            .or_insert_with(|| figures::codes(index(), typed));
        report(typed, codes);
    }
    for name in site.datasets.tables.keys() {
        let Some(typed) = cache.typed_data.get(name) else {
            continue;
        };
        let codes = (cache.figure_found_data.entry(name.clone()))
            .or_insert_with(|| figures::codes(index(), typed));
        report(typed, codes);
    }
}

/// Scans each built page's text not yet scanned; reporting waits until
/// every other finding is known.
fn refresh_scans(site: &Site, pages: &[RenderedPage], cache: &mut Cache, redo: Option<&[usize]>) {
    let scan = |p: &RenderedPage| (p.url.clone(), output_scan::scan_page(site, p));
    let missing = roster::stale(pages, redo, &mut cache.scans, |p| &p.url, scan);
    cache.scans.extend(missing);
}

/// Findings about the site as a whole rather than one page, source or
/// dataset, so there is no entry of the cache to keep them under.
fn site_findings(
    site: &Site,
    pages: &[RenderedPage],
    facts: &HashMap<String, PageFacts>,
) -> Diagnostics {
    let mut d = Diagnostics::new();
    structure(site, pages, facts, &mut d);
    d.extend(languages::check(site, pages));
    d.extend(page_corrections::check(site, pages, facts));
    if site.config.accessibility.is_none() {
        d.push(
            Diagnostic::warning(Code::AccessibilityStatement, "site.yaml does not describe the site's accessibility")
                .in_file(crate::model::config::CONFIG_FILE)
                .hint("add an `accessibility:` block (status, tested, contact) to site.yaml; until then the statement at /accessibility/ says plainly that the site has not been assessed"),
        );
    }
    if is_placeholder_base_url(&site.config.base_url) {
        d.push(
            Diagnostic::warning(
                Code::BaseUrlExample,
                format!("site.yaml's base_url is still the example `{}`", site.config.base_url),
            )
            .in_file(crate::model::config::CONFIG_FILE)
            .at(site.config.key_lines.get("base_url").copied().unwrap_or(1), 1)
            .hint("set base_url to the address the site is published at; on GitHub Pages the workflow gives it with --base-url, so `check --strict --base-url …` passes there"),
        );
    }
    d
}

/// The address `plainsight new` writes until the author sets one: every
/// link and stylesheet would point at it.
fn is_placeholder_base_url(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    u.contains("://owner.github.io") || u.ends_with("/repo/")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::placeholders::find_placeholder;
    use page::resolve_relative;

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
