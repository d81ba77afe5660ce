//! The whole pipeline: load → resolve → render → check → write.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::site::{Options, Site};
use crate::model::theme::StaticFile;
use crate::render::{self, RenderedPage};
use crate::write::output::{self, FileData};

/// The result of a build or check that did not fail.
#[derive(Debug)]
pub struct Report {
    /// Warnings (and, for `check`, everything found).
    pub findings: Diagnostics,
    pub pages: usize,
    pub files: usize,
    pub millis: u128,
    /// What search indexing did (None when it did not run).
    pub search: Option<crate::write::search_index::Stats>,
    /// Findings beyond those in `findings`: a build that passes keeps only
    /// the first [`WARNINGS_SHOWN`] and counts the rest.
    pub more: usize,
}

/// How many of its warnings a build that passes prints; `check` lists them
/// all.
pub const WARNINGS_SHOWN: usize = 10;

/// A site rendered in memory, with every file it would write.
pub struct Built {
    pub site: Site,
    pub pages: Vec<RenderedPage>,
    pub files: BTreeMap<PathBuf, FileData>,
    pub findings: Diagnostics,
    /// Findings beyond those in `findings` (see [`render_showing`]).
    pub more: usize,
}

/// Loads, renders and checks; writes nothing.
pub fn render_all(options: Options) -> Result<Built, Diagnostics> {
    render_showing(options, None)
}

/// [`render_all`], keeping only the first `shown` findings (in the order
/// `check` lists them) when given, and counting the rest; every finding if
/// any of them is an error, since a build that fails prints them all.
pub fn render_showing(options: Options, shown: Option<usize>) -> Result<Built, Diagnostics> {
    let (mut site, going_on) = crate::pipeline::site::load(options)?;
    let mut rendered = render::render_site(&site)?;
    let mut files: BTreeMap<PathBuf, FileData> = source_files(&site).collect();
    // The downloads move into the file list rather than being copied, so a
    // big dataset's CSV and JSON are held once; rendering (the only reader of
    // `site.downloads`, for their sizes) is done.
    let mut generated: Vec<(PathBuf, FileData)> = Vec::new();
    for (name, d) in std::mem::take(&mut site.downloads) {
        generated.extend(download_files(&name, d));
    }
    generated.extend(feed_files(&site, &rendered.pages));
    let made = (generated.iter().map(|(p, _)| p)).chain(rendered.pages.iter().map(|p| &p.output));
    let mut collisions = crate::pipeline::collisions::find(&site, made);
    // The old addresses are checked against everything else the site
    // publishes; the stylesheet and `_redirects` like any generated file.
    let extra = crate::pipeline::aliases::files(&site);
    let made = generated.iter().map(|(p, _)| p);
    collisions.extend(crate::pipeline::aliases::collisions(
        &site,
        &rendered.pages,
        made,
    ));
    let own = extra.iter().map(|(p, _)| p);
    let own = own.filter(|p| p.extension().is_none_or(|e| e != "html"));
    collisions.extend(crate::pipeline::collisions::find(&site, own));
    generated.extend(extra);
    files.extend(generated);
    let mut urls: HashSet<String> = files.keys().map(|p| url_of(p)).collect();
    urls.extend(rendered.pages.iter().map(|p| url_of(&p.output)));
    // A page that failed to render is reported already; links to it are
    // not broken as well.
    urls.extend(site.content.pages.iter().map(|p| url_of(&p.output_path())));
    let mut findings = site.findings.clone();
    findings.extend(going_on);
    findings.extend(collisions);
    findings.extend(std::mem::take(&mut rendered.findings));
    let mut first = shown.map(|limit| {
        use crate::check::Sink;
        let mut sink = crate::check::shown::Shown::new(limit);
        findings.iter().for_each(|d| sink.add(d));
        let cache = &mut crate::check::Cache::default();
        crate::check::check_each(&site, &rendered.pages, &urls, cache, &mut sink);
        sink
    });
    if first.as_ref().is_some_and(|s| s.has_errors()) {
        first = None;
    }
    let (findings, more) = match first {
        Some(sink) => {
            let (mut findings, more) = sink.finish();
            crate::check::acknowledge::apply(site.root(), &mut findings);
            (findings, more)
        }
        None => {
            findings.extend(crate::check::check(&site, &rendered.pages, &urls));
            crate::check::acknowledge::apply(site.root(), &mut findings);
            (findings.sorted(), 0)
        }
    };
    // The HTML moves into the file list, so a big site is never held twice.
    for p in &mut rendered.pages {
        let html = std::mem::take(&mut p.html);
        files.insert(p.output.clone(), FileData::Bytes(html.into_bytes()));
    }
    Ok(Built {
        site,
        pages: rendered.pages,
        files,
        findings,
        more,
    })
}

/// The theme's static files and the assets beside the pages, read from disk
/// (or the binary) when written.
pub(crate) fn source_files(site: &Site) -> impl Iterator<Item = (PathBuf, FileData)> + '_ {
    let statics = site.theme.statics.iter().map(|(rel, f)| {
        let data = match f {
            StaticFile::Builtin(b) => FileData::Static(b),
            StaticFile::Disk(p) => FileData::Copy(site.root().join(p)),
        };
        (rel.clone(), data)
    });
    let assets = (site.content.assets.iter())
        .map(|a| (a.dest.clone(), FileData::Copy(site.root().join(&a.source))));
    statics.chain(assets)
}

/// A dataset's four published files.
pub(crate) fn download_files(
    name: &str,
    d: crate::model::site::Downloads,
) -> [(PathBuf, FileData); 4] {
    [
        (format!("data/{name}.csv"), d.csv),
        (format!("data/{name}.json"), d.json),
        (format!("data/{name}.csv-metadata.json"), d.csvw),
        (format!("data/{name}.jsonld"), d.jsonld),
    ]
    .map(|(p, b)| (PathBuf::from(p), FileData::Bytes(b)))
}

/// The sitemap, robots.txt, the Atom feed and the DCAT catalogue, which
/// list the pages and datasets.
/// The sitemap, robots.txt, the feeds and the data catalogue: `serve`
/// writes them again whenever a title, date or correction may have changed.
pub(crate) fn feed_files(site: &Site, pages: &[RenderedPage]) -> Vec<(PathBuf, FileData)> {
    let size = |path: &str| {
        let name = path.strip_prefix("/data/")?;
        let (stem, ext) = name.split_once('.')?;
        let d = site.downloads.get(stem)?;
        Some(match ext {
            "csv" => d.csv.len(),
            "json" => d.json.len(),
            _ => d.csvw.len(),
        })
    };
    let catalog = crate::resolve::opendata::dcat(&site.config, &site.datasets, &size);
    [
        (
            "sitemap.xml",
            crate::render::feeds::sitemap(&site.config, pages),
        ),
        ("robots.txt", crate::render::feeds::robots(&site.config)),
        ("atom.xml", crate::render::feeds::atom(&site.config, pages)),
        (
            crate::resolve::opendata::CATALOG_PATH,
            String::from_utf8(catalog).unwrap_or_default(),
        ),
    ]
    .into_iter()
    .chain(
        crate::render::corrections::atom(site)
            .map(|feed| (crate::render::corrections::FEED_PATH, feed)),
    )
    .map(|(p, text)| (PathBuf::from(p), FileData::Bytes(text.into_bytes())))
    .collect()
}

pub(crate) fn url_of(p: &Path) -> String {
    format!("/{}", p.to_string_lossy().replace('\\', "/"))
}

/// `plainsight build`: everything `check` does, then an atomic write.
/// Any error leaves the previous output as it was.
pub fn build(options: Options, out: &Path) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    refuse_output_in_sources(&options.root, out).map_err(Diagnostics::from)?;
    let mut built = render_showing(options, Some(WARNINGS_SHOWN))?;
    if built.findings.has_errors() {
        return Err(built.findings);
    }
    // Checked in site-root URLs; published under the base URL's path, or
    // relative to each page, which needs no path.
    if built.site.options.relative || built.site.config.relative_links {
        crate::write::relative::apply(&mut built.files)
    } else {
        crate::write::base_path::apply(&mut built.files, built.site.config.base_path())
    }
    .map_err(Diagnostics::from)?;
    // Search indexing runs only here, after every check has passed: `check`
    // and `serve` never pay for it.
    let Built {
        site,
        pages,
        mut files,
        findings,
        more,
    } = built;
    let page_count = pages.len();
    let search = if site.options.search {
        let documents = crate::write::search_index::documents(&pages);
        // A site in more than one language is indexed by each page's own
        // `<html lang>`, one index per language (docs/languages.md).
        let language = if site.config.translations.is_empty() {
            site.config.language.clone()
        } else {
            String::new()
        };
        // Only the pages' HTML is needed from here on: the site and what
        // the checks read from each page are let go before the indexer,
        // the build's largest user of memory, starts.
        drop(pages);
        drop(site);
        let index = crate::write::search_index::index(&documents, &files, &language, out)
            .map_err(Diagnostics::from)?;
        files.extend(index.files);
        Some(index.stats)
    } else {
        None
    };
    output::write_site(out, &files).map_err(Diagnostics::from)?;
    Ok(Report {
        pages: page_count,
        files: files.len(),
        findings,
        millis: start.elapsed().as_millis(),
        search,
        more,
    })
}

/// The site's folders that are read as source.
const SOURCE_FOLDERS: [&str; 5] = ["content", "data", "static", "templates", "themes"];

/// An output inside a source folder would be read back in by the next build
/// and copied into itself, growing on every build.
fn refuse_output_in_sources(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let out = resolved(out);
    let root = resolved(root);
    for folder in SOURCE_FOLDERS {
        if out.starts_with(root.join(folder)) {
            return Err(Diagnostic::error(
                Code::OutputInSource,
                format!(
                    "the output folder {} is inside the site's {folder}/ folder, so each build would copy the last one into itself",
                    out.display()
                ),
            )
            .hint("choose an output folder outside content/, data/, static/, templates/ and themes/, such as public/"));
        }
    }
    Ok(())
}

/// `p` made absolute with links resolved, as far as it exists; the rest of
/// it (an output folder not made yet) is added as written.
fn resolved(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut tail = Vec::new();
    let mut head = abs.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(head) {
            return tail.iter().rev().fold(real, |acc: PathBuf, t| acc.join(t));
        }
        match (head.parent(), head.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_os_string());
                head = parent;
            }
            _ => return abs,
        }
    }
}

/// `plainsight check`: every finding, nothing written.
pub fn check(options: Options) -> Result<Report, Diagnostics> {
    check_with(options, None)
}

/// `plainsight check`, plus the links to other sites when `external` is
/// given (`--external`; see src/check/external.rs).
pub fn check_with(
    options: Options,
    external: Option<&crate::check::external::Settings>,
) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let mut built = render_all(options)?;
    if let Some(settings) = external {
        let found = crate::check::external::check(&built.site, &built.pages, settings);
        built.findings.extend(found);
        built.findings = std::mem::take(&mut built.findings).sorted();
    }
    Ok(Report {
        pages: built.pages.len(),
        files: built.files.len(),
        findings: built.findings,
        millis: start.elapsed().as_millis(),
        search: None,
        more: 0,
    })
}
