//! The whole pipeline: load → resolve → render → check → write.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostic::Diagnostics;
use crate::output::{self, FileData};
use crate::render::{self, RenderedPage};
use crate::site::{Options, Site};
use crate::theme::StaticFile;

/// The result of a build or check that did not fail.
#[derive(Debug)]
pub struct Report {
    /// Warnings (and, for `check`, everything found).
    pub findings: Diagnostics,
    pub pages: usize,
    pub files: usize,
    pub millis: u128,
}

/// A site rendered in memory, with every file it would write.
pub struct Built {
    pub site: Site,
    pub pages: Vec<RenderedPage>,
    pub files: BTreeMap<PathBuf, FileData>,
    pub findings: Diagnostics,
}

/// Loads, renders and checks; writes nothing.
pub fn render_all(options: Options) -> Result<Built, Diagnostics> {
    let site = Site::load(options)?;
    let mut rendered = render::render_site(&site)?;
    let mut files: BTreeMap<PathBuf, FileData> = BTreeMap::new();
    for (rel, f) in &site.theme.statics {
        let data = match f {
            StaticFile::Builtin(b) => FileData::Static(b),
            StaticFile::Disk(p) => FileData::Copy(site.root().join(p)),
        };
        files.insert(rel.clone(), data);
    }
    for a in &site.content.assets {
        files.insert(a.dest.clone(), FileData::Copy(site.root().join(&a.source)));
    }
    for (name, d) in &site.downloads {
        files.insert(
            PathBuf::from(format!("data/{name}.csv")),
            FileData::Bytes(d.csv.clone()),
        );
        files.insert(
            PathBuf::from(format!("data/{name}.json")),
            FileData::Bytes(d.json.clone()),
        );
        files.insert(
            PathBuf::from(format!("data/{name}.csv-metadata.json")),
            FileData::Bytes(d.csvw.clone()),
        );
        files.insert(
            PathBuf::from(format!("data/{name}.jsonld")),
            FileData::Bytes(d.jsonld.clone()),
        );
    }
    files.insert(
        "sitemap.xml".into(),
        FileData::Bytes(crate::feeds::sitemap(&site.config, &rendered.pages).into_bytes()),
    );
    files.insert(
        "robots.txt".into(),
        FileData::Bytes(crate::feeds::robots(&site.config).into_bytes()),
    );
    files.insert(
        "atom.xml".into(),
        FileData::Bytes(crate::feeds::atom(&site.config, &rendered.pages).into_bytes()),
    );
    let mut urls: HashSet<String> = files.keys().map(|p| url_of(p)).collect();
    urls.extend(rendered.pages.iter().map(|p| url_of(&p.output)));
    let mut findings = site.findings.clone();
    findings.extend(std::mem::take(&mut rendered.findings));
    findings.extend(crate::check::check(&site, &rendered.pages, &urls));
    // The HTML moves into the file list, so a big site is never held twice.
    for p in &mut rendered.pages {
        let html = std::mem::take(&mut p.html);
        files.insert(p.output.clone(), FileData::Bytes(html.into_bytes()));
    }
    Ok(Built {
        site,
        pages: rendered.pages,
        files,
        findings: findings.sorted(),
    })
}

fn url_of(p: &Path) -> String {
    format!("/{}", p.to_string_lossy().replace('\\', "/"))
}

/// `plainsight build`: everything `check` does, then an atomic write.
/// Any error leaves the previous output as it was.
pub fn build(options: Options, out: &Path) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let built = render_all(options)?;
    if built.findings.has_errors() {
        return Err(built.findings);
    }
    output::write_site(out, &built.files).map_err(Diagnostics::from)?;
    Ok(Report {
        pages: built.pages.len(),
        files: built.files.len(),
        findings: built.findings,
        millis: start.elapsed().as_millis(),
    })
}

/// `plainsight check`: every finding, nothing written.
pub fn check(options: Options) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let built = render_all(options)?;
    Ok(Report {
        pages: built.pages.len(),
        files: built.files.len(),
        findings: built.findings,
        millis: start.elapsed().as_millis(),
    })
}
