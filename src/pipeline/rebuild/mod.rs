//! Rebuilding after a change, re-doing only what the change touches
//! (`plainsight serve`; docs/serve.md).
//!
//! A [`Session`] keeps the last build in memory: the loaded site, the
//! compiled templates, every rendered page with what it used (its template,
//! the datasets its calls read, the pages it names through `ref()`), and the
//! checks' per-page work. A change is sorted by what it can touch:
//!
//! - a page's body: that page alone;
//! - a page's front matter: that page, the sections listing it and the pages
//!   naming it; every page when the change alters what all pages show (the
//!   menu, the plan's lists, an appendix letter) or the page is a section;
//! - a dataset's CSV or sidecar: the pages whose calls use it, the pages that
//!   read `data` directly, and the data pages;
//! - a template: the pages whose template uses it, through `extends`,
//!   `include` or `import`;
//! - an edited static file or asset: nothing to render (it is read when
//!   served);
//! - anything else (site.yaml, the glossary, a file created, deleted or
//!   renamed): the whole pipeline, exactly as `plainsight build` runs it.
//!
//! Whatever the route, the files are the same, byte for byte, as a clean
//! build of the same sources: tests/rebuild.rs checks this over a scripted
//! series of edits. Where a dependency cannot be known, the change takes the
//! whole pipeline.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check;
use crate::diagnostic::Diagnostics;
use crate::load::content;
use crate::model::page::{Content, Page, PageKind};
use crate::model::site::{Downloads, Options, Site};
use crate::model::theme::Theme;
use crate::pipeline::build::{download_files, feed_files, source_files, url_of};
use crate::render::{self, Engines, RenderedPage};
use crate::write::output::FileData;

mod changes;

use changes::*;

/// Every file of a build, by output path. Shared with the server by
/// reference count, so handing over a rebuilt site copies no page.
pub type Files = BTreeMap<PathBuf, Arc<FileData>>;

/// How much of the pipeline a rebuild ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// All of it, and why.
    Full(String),
    /// Only what the change touched.
    Partial,
}

/// What a build or rebuild produced.
pub struct Outcome {
    /// Shared with the session: the next rebuild changes it in place when
    /// the server has let go of this one, so no rebuild copies the map.
    pub files: Arc<Files>,
    /// After a partial rebuild, the files it wrote (the rest are as the
    /// last outcome had them); None after the whole pipeline.
    pub changed: Option<BTreeSet<PathBuf>>,
    /// The errors, sorted. A build with errors is not to be served.
    pub errors: Diagnostics,
    /// How many warnings there are ([`Session::findings`] lists them).
    pub warnings: usize,
    /// Pages in the site.
    pub pages: usize,
    /// Pages rendered this time.
    pub rendered: usize,
    pub scope: Scope,
}

/// A site kept in memory between rebuilds.
pub struct Session {
    options: Options,
    last: Option<Last>,
}

struct Last {
    site: Site,
    engines: Engines,
    /// Sorted by output path; each page's HTML has moved into `files`.
    pages: Vec<RenderedPage>,
    files: Arc<Files>,
    /// The files written since the last outcome; None when it is all of them.
    touched: Option<BTreeSet<PathBuf>>,
    /// Every URL the site has, for the link checks. Only the whole pipeline
    /// adds or removes files, so this is worked out once per full build.
    urls: HashSet<String>,
    checks: check::Cache,
    plan_findings: Diagnostics,
    /// Verification findings, by dataset.
    verified: BTreeMap<String, Diagnostics>,
}

impl Session {
    pub fn new(options: Options) -> Self {
        Session {
            options,
            last: None,
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Forgets the last build, so the next rebuild runs the whole pipeline
    /// (after a panic, when the kept state may be half updated).
    pub fn reset(&mut self) {
        self.last = None;
    }

    /// Every finding of the last build, errors and warnings, sorted; None
    /// when it failed before it could be checked.
    pub fn findings(&mut self) -> Option<Diagnostics> {
        let last = self.last.as_mut()?;
        let mut all = Diagnostics::new();
        last.each_finding(&mut |d: &crate::diagnostic::Diagnostic| all.push(d.clone()));
        Some(all.sorted())
    }

    /// Runs the whole pipeline.
    pub fn build(&mut self) -> Result<Outcome, Diagnostics> {
        self.full(Scope::Full("first build".into()))
    }

    /// Brings the build up to date after `changed` (site-relative paths with
    /// `/`, as the watcher reports them).
    pub fn rebuild(&mut self, changed: &BTreeSet<String>) -> Result<Outcome, Diagnostics> {
        let Some(last) = &self.last else {
            return self.full(Scope::Full("the last build failed".into()));
        };
        match classify(last, &self.options.root, changed) {
            Err(why) => self.full(Scope::Full(why)),
            Ok(changes) => {
                let result = self.partial(changes);
                if result.is_err() {
                    // The kept state may be half updated: start afresh next time.
                    self.last = None;
                }
                result
            }
        }
    }

    fn full(&mut self, scope: Scope) -> Result<Outcome, Diagnostics> {
        self.last = None;
        let (site, going_on) = crate::pipeline::site::load(self.options.clone())?;
        // The preview shows the last good build until these are mended.
        if going_on.has_errors() {
            return Err(going_on.sorted());
        }
        let engines = render::engines(&site)?;
        let synthetic = render::synthetic_home(&site);
        let mut list: Vec<&Page> = site.content.pages.iter().collect();
        list.extend(&synthetic);
        let ((mut pages, mut diags), (generated, generated_diags)) = rayon::join(
            || render::render_pages(&site, &engines, &list),
            || render::render_generated_pages(&site, &engines),
        );
        pages.extend(generated);
        diags.extend(generated_diags);
        if diags.has_errors() {
            return Err(diags.sorted());
        }
        pages.sort_by(|a, b| a.output.cmp(&b.output));
        let mut files = Files::new();
        files.extend(source_files(&site).map(|(p, f)| (p, Arc::new(f))));
        for (name, d) in &site.downloads {
            files.extend(download_files(name, d.clone()).map(|(p, f)| (p, Arc::new(f))));
        }
        let plan_findings = crate::check::plan::check(&site.content, &site.plan);
        let verified = (site.datasets.tables.iter())
            .map(|(n, ds)| (n.clone(), verify(ds)))
            .collect();
        files.extend(
            feed_files(&site, &pages)
                .into_iter()
                .map(|(p, f)| (p, Arc::new(f))),
        );
        let made: Vec<PathBuf> = files.keys().cloned().collect();
        let clashes = crate::pipeline::aliases::collisions(&site, &pages, made.iter());
        if clashes.has_errors() {
            return Err(clashes.sorted());
        }
        let extra = crate::pipeline::aliases::files(&site);
        files.extend(extra.into_iter().map(|(p, f)| (p, Arc::new(f))));
        let mut urls: HashSet<String> = files.keys().map(|p| url_of(p)).collect();
        urls.extend(pages.iter().map(|p| url_of(&p.output)));
        let rendered = pages.len();
        let mut last = Last {
            site,
            engines,
            pages,
            files: Arc::new(files),
            touched: None,
            urls,
            checks: check::Cache::default(),
            plan_findings,
            verified,
        };
        let outcome = last.finish(rendered, scope);
        self.last = Some(last);
        Ok(outcome)
    }

    fn partial(&mut self, changes: Changes) -> Result<Outcome, Diagnostics> {
        let root = self.options.root.clone();
        let drafts = self.options.drafts;
        let Some(last) = self.last.as_mut() else {
            return self.full(Scope::Full("the last build failed".into()));
        };
        let mut dirty = Dirty::default();
        if changes.theme
            && let Err(why) = last.reload_theme(&root, &mut dirty)?
        {
            return self.full(Scope::Full(why));
        }
        let mut changes = changes;
        if !changes.datasets.is_empty() {
            // Front-matter fields that place figures were worked out from the
            // old data when their page was loaded: a page whose calls may
            // name a changed dataset is loaded again, after the data.
            for p in &last.site.content.pages {
                if fields_may_use(&p.front_yaml, &changes.datasets)
                    && !changes.pages.contains(&p.source)
                {
                    changes.pages.push(p.source.clone());
                }
            }
            // A dataset's own text with calls is worked out on loading.
            let data_has_calls = changes.datasets.iter().any(|name| {
                ["csv", "yaml", "yml"].iter().any(|ext| {
                    let path = root
                        .join(crate::model::dataset::DATA_DIR)
                        .join(format!("{name}.{ext}"));
                    std::fs::read_to_string(path)
                        .is_ok_and(|s| crate::render::author_text::has_calls(&s))
                })
            });
            if data_has_calls {
                return self.full(Scope::Full("a dataset's text holds template calls".into()));
            }
            last.reload_datasets(&root, &changes.datasets, &mut dirty)?;
        }
        if !changes.pages.is_empty()
            && let Err(why) = last.reload_pages(&root, drafts, &changes.pages, &mut dirty)?
        {
            return self.full(Scope::Full(why));
        }
        let Some(last) = self.last.as_mut() else {
            return self.full(Scope::Full("the last build failed".into()));
        };
        match last.render(&dirty)? {
            Some(rendered) => {
                if dirty.listing || dirty.all_pages {
                    let feeds = feed_files(&last.site, &last.pages);
                    last.put(feeds);
                    // Redirect pages show their page's title.
                    let extra = crate::pipeline::aliases::files(&last.site);
                    last.put(extra);
                }
                Ok(last.finish(rendered, Scope::Partial))
            }
            None => self.full(Scope::Full("a page appeared or disappeared".into())),
        }
    }
}

impl Last {
    /// Reloads the theme; marks the pages whose templates changed.
    fn reload_theme(
        &mut self,
        root: &Path,
        dirty: &mut Dirty,
    ) -> Result<Result<(), String>, Diagnostics> {
        let theme = Theme::load(root, &self.site.config.theme)?;
        let old = &self.site.theme;
        if !theme.templates.keys().eq(old.templates.keys())
            || !theme.statics.keys().eq(old.statics.keys())
        {
            return Ok(Err("a template or static file was added or removed".into()));
        }
        let changed: BTreeSet<&str> = (theme.templates.iter())
            .filter(|(name, (_, src))| old.templates.get(*name).is_none_or(|(_, o)| o != src))
            .map(|(name, _)| name.as_str())
            .collect();
        if !changed.is_empty() {
            dirty.engines = true;
            let mut closures: HashMap<&str, Option<BTreeSet<String>>> = HashMap::new();
            for p in &self.pages {
                let uses = closures
                    .entry(p.template.as_str())
                    .or_insert_with(|| template_closure(&theme, &p.template));
                let touched = match uses {
                    Some(names) => names.iter().any(|n| changed.contains(n.as_str())),
                    None => true,
                };
                if touched {
                    match p.source {
                        Some(_) => {
                            dirty.pages.insert(p.url.clone());
                        }
                        None => dirty.generated = true,
                    }
                }
            }
        }
        self.site.theme = theme;
        Ok(Ok(()))
    }

    /// Reloads the changed datasets; marks the pages that use them.
    fn reload_datasets(
        &mut self,
        root: &Path,
        names: &BTreeSet<String>,
        dirty: &mut Dirty,
    ) -> Result<(), Diagnostics> {
        let mut data = (*self.site.datasets).clone();
        for name in names {
            let mut ds = crate::resolve::dataset::load_one(root, name)?;
            let config = &self.site.config;
            crate::resolve::downloads::settle_dataset(config, &mut ds);
            self.verified.insert(name.clone(), verify(&ds));
            let downloads = Downloads::of(&ds, config);
            self.put(download_files(name, downloads.clone()));
            self.site.downloads.insert(name.clone(), downloads);
            self.checks.forget_dataset(name);
            data.tables.insert(name.clone(), ds);
        }
        self.site.datasets = Arc::new(data);
        crate::pipeline::site::localise(&mut self.site);
        dirty.engines = true;
        dirty.listing = true;
        // /corrections/ shows each corrected figure as the data give it now.
        if render::corrections::has_page(&self.site) {
            dirty.generated = true;
        }
        dirty.data_pages.extend(names.iter().cloned());
        // A template reading `data` directly may show any dataset.
        if (self.site.theme.templates.values()).any(|(_, src)| reads_data(src)) {
            dirty.all_pages = true;
            dirty.generated = true;
        }
        for p in &self.pages {
            if p.source.is_some() && p.datasets.iter().any(|d| names.contains(d)) {
                dirty.pages.insert(p.url.clone());
            }
        }
        for p in &self.site.content.pages {
            if reads_data(&p.body) {
                dirty.pages.insert(p.url.clone());
            }
        }
        Ok(())
    }

    /// Reads the edited pages again; marks them, and what shows their front
    /// matter when that changed.
    fn reload_pages(
        &mut self,
        root: &Path,
        drafts: bool,
        sources: &[PathBuf],
        dirty: &mut Dirty,
    ) -> Result<Result<(), String>, Diagnostics> {
        let signature = render::site_signature(&self.site);
        let labels = self.site.plan.labels.clone();
        let mut retitled: Vec<String> = Vec::new();
        for rel in sources {
            let mut page = content::load_one(root, rel, &self.site.config.langs()[1..])
                .map_err(Diagnostics::from)?;
            let found = crate::render::author_text::expand_page_in_place(&self.site, &mut page);
            if found.has_errors() {
                return Err(found);
            }
            let Some(i) = self
                .site
                .content
                .pages
                .iter()
                .position(|p| &p.source == rel)
            else {
                return Ok(Err(format!("{} is new", rel.display())));
            };
            let old = &self.site.content.pages[i];
            if page.url != old.url || page.kind != old.kind || (page.front.draft && !drafts) {
                return Ok(Err(format!("{} moved", rel.display())));
            }
            if page.front.aliases != old.front.aliases {
                return Ok(Err(format!("{} changed its aliases", rel.display())));
            }
            page.parent = old.parent.clone();
            if page.front.corrections != old.front.corrections {
                // Listed on /corrections/ and in its feed.
                dirty.generated = true;
            }
            // The fields as worked out, too: a figure in a title changes
            // with its data while the YAML stays as it was.
            if page.front_yaml != old.front_yaml || page.front != old.front {
                if page.kind != PageKind::Page {
                    // Sections' titles are in every descendant's breadcrumbs.
                    dirty.all_pages = true;
                    dirty.generated = true;
                }
                retitled.push(page.url.clone());
            }
            self.checks.forget_source(rel);
            dirty.pages.insert(page.url.clone());
            self.site.content.pages[i] = page;
        }
        if retitled.is_empty() {
            return Ok(Ok(()));
        }
        dirty.listing = true;
        // A new weight or title can reorder a section's children.
        let pages = std::mem::take(&mut self.site.content.pages);
        let assets = std::mem::take(&mut self.site.content.assets);
        self.site.content = Content::new(pages, assets);
        self.site.plan = Arc::new(crate::resolve::plan::index(&self.site.content));
        self.plan_findings = crate::check::plan::check(&self.site.content, &self.site.plan);
        dirty.engines = true;
        if self.site.plan.labels != labels || render::site_signature(&self.site) != signature {
            dirty.all_pages = true;
            dirty.generated = true;
            return Ok(Ok(()));
        }
        for url in &retitled {
            if let Some(p) = self.site.content.by_url(url) {
                dirty
                    .pages
                    .extend(self.site.content.ancestors(p).iter().map(|a| a.url.clone()));
            }
            dirty.pages.extend(
                (self.pages.iter())
                    .filter(|p| p.refs.contains(url))
                    .map(|p| p.url.clone()),
            );
        }
        Ok(Ok(()))
    }

    /// Renders what `dirty` names into `pages`. None when the set of pages
    /// would change, which only the whole pipeline handles.
    fn render(&mut self, dirty: &Dirty) -> Result<Option<usize>, Diagnostics> {
        if dirty.engines {
            self.engines = render::engines(&self.site)?;
        }
        let site = &self.site;
        let synthetic = render::synthetic_home(site);
        let list: Vec<&Page> = (site.content.pages.iter())
            .chain(&synthetic)
            .filter(|p| dirty.all_pages || dirty.pages.contains(&p.url))
            .collect();
        let engines = &self.engines;
        let ((mut fresh, mut diags), generated) = rayon::join(
            || render::render_pages(site, engines, &list),
            || {
                if dirty.generated {
                    Some(render::render_generated_pages(site, engines))
                } else if !dirty.data_pages.is_empty() {
                    let wanted = |name: &str| dirty.data_pages.contains(name);
                    Some(render::render_some_data_pages(site, engines, wanted))
                } else {
                    None
                }
            },
        );
        if let Some((pages, d)) = generated {
            fresh.extend(pages);
            diags.extend(d);
        }
        if diags.has_errors() {
            return Err(diags.sorted());
        }
        if dirty.generated {
            let before = self.pages.iter().filter(|p| p.source.is_none()).count();
            let after = fresh.iter().filter(|p| p.source.is_none()).count();
            if before != after {
                return Ok(None);
            }
        }
        let rendered = fresh.len();
        for p in fresh {
            // `pages` is sorted by output path.
            let Ok(i) = self.pages.binary_search_by(|q| q.output.cmp(&p.output)) else {
                return Ok(None);
            };
            self.checks.forget_page(&p.url);
            self.pages[i] = p;
        }
        Ok(Some(rendered))
    }

    /// Checks and files the pages just rendered (those still holding their
    /// HTML).
    fn finish(&mut self, rendered: usize, scope: Scope) -> Outcome {
        // Only the errors are copied: on a big site the warnings run to
        // thousands (hundreds of thousands of typed figures), and copying
        // them, or writing them out at all, was most of a one-page rebuild.
        let mut counted = ErrorsOnly::default();
        self.each_finding(&mut counted);
        let ErrorsOnly { errors, warnings } = counted;
        let mut written = Vec::new();
        for p in &mut self.pages {
            if !p.html.is_empty() {
                let html = std::mem::take(&mut p.html);
                written.push((p.output.clone(), FileData::Bytes(html.into_bytes())));
            }
        }
        self.put(written);
        Outcome {
            files: Arc::clone(&self.files),
            changed: self.touched.replace(BTreeSet::new()),
            errors: errors.sorted(),
            warnings,
            pages: self.pages.len(),
            rendered,
            scope,
        }
    }

    /// Files `made`, noting which for the next outcome.
    fn put(&mut self, made: impl IntoIterator<Item = (PathBuf, FileData)>) {
        let files = Arc::make_mut(&mut self.files);
        for (path, data) in made {
            if let Some(t) = &mut self.touched {
                t.insert(path.clone());
            }
            files.insert(path, Arc::new(data));
        }
    }

    fn each_finding(&mut self, sink: &mut dyn check::Sink) {
        self.plan_findings.iter().for_each(|d| sink.add(d));
        for v in self.verified.values() {
            v.iter().for_each(|d| sink.add(d));
        }
        let site = &self.site;
        check::check_each(site, &self.pages, &self.urls, &mut self.checks, sink);
    }
}

/// The errors in full and a count of the warnings.
#[derive(Default)]
struct ErrorsOnly {
    errors: Diagnostics,
    warnings: usize,
}

impl check::Sink for ErrorsOnly {
    fn add(&mut self, d: &crate::diagnostic::Diagnostic) {
        if d.is_error() {
            self.errors.push(d.clone());
        } else {
            self.warnings += 1;
        }
    }
    fn wants(&mut self, _at: &check::Place<'_>) -> bool {
        false
    }
    fn skip(&mut self, _at: &check::Place<'_>) {
        self.warnings += 1;
    }
    fn wants_any(&self) -> bool {
        false
    }
    fn skip_many(&mut self, n: usize) {
        self.warnings += n;
    }
}

/// A dataset's verification findings and those about its sidecar's
/// corrections, which a rebuild of the dataset works out again.
fn verify(ds: &crate::model::dataset::Dataset) -> Diagnostics {
    let mut d = crate::check::verify::verify(ds);
    d.extend(crate::check::corrections::check(ds));
    d
}

/// Whether a page's front matter (`yaml`, as typed) has a call that may
/// read one of `datasets`: one that names it, or names a dataset by an
/// expression rather than in quotes.
fn fields_may_use(yaml: &str, datasets: &std::collections::BTreeSet<String>) -> bool {
    if !crate::render::author_text::has_calls(yaml) {
        return false;
    }
    let computed = yaml.match_indices("data=").any(|(i, _)| {
        !matches!(
            yaml[i + 5..].trim_start().chars().next(),
            Some('"' | '\'' | '\\' | '`')
        )
    });
    computed || datasets.iter().any(|n| yaml.contains(n.as_str()))
}
