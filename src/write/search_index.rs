//! Site search: Pagefind indexes the rendered pages in-process and its files
//! join the site's output under `pagefind/`, so the atomic write puts them in
//! place with everything else.
//!
//! Pagefind's API is async; it runs here on a small current-thread tokio
//! runtime made for the one call (Pagefind parses each page on tokio's
//! blocking pool and builds the index with rayon, so more runtime threads
//! would buy nothing). Only `plainsight build` indexes: `check` never writes,
//! and `plainsight serve` sets [`Options::search`](crate::model::site::Options) to
//! false to keep rebuilds fast. See docs/search.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::render::RenderedPage;
use crate::write::output::FileData;
use crate::write::search_reuse;

/// Where Pagefind's files go, relative to the output folder.
pub const DIR: &str = "pagefind";

/// Page kinds that are not worth finding: the 404 page and the search page.
const SKIPPED_KINDS: &[&str] = &["404", "search"];

/// The element whose text is indexed (see [`run_pagefind`]).
const ROOT: &str = "main";

/// Parts of `<main>` left out of the index: the contents list repeats the
/// headings, the "last updated" line is on every page, and table column
/// headings would run into one another in excerpts ("Sep 20231 Apr to…";
/// Pagefind does not separate `<th>` cells) while saying less than the
/// caption and the row headings, which stay.
const EXCLUDED: &[&str] = &[".toc", ".last-updated", "thead"];

/// The search index's files, by output path (all under `pagefind/`).
pub struct Index {
    pub files: BTreeMap<PathBuf, FileData>,
    pub stats: Stats,
}

/// What indexing did, for the build's summary line.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// Pages given to Pagefind.
    pub pages: usize,
    /// Files Pagefind produced.
    pub files: usize,
    pub millis: u128,
    /// No indexed page changed since the build in the output folder, whose
    /// index was kept (src/write/search_reuse.rs).
    pub reused: bool,
}

/// The pages worth finding, as (URL, output path): every page except the
/// 404 and search pages. Taken from the rendered pages before they are let
/// go, so that the index is built with only the site's HTML beside it.
pub fn documents(pages: &[RenderedPage]) -> Vec<(String, PathBuf)> {
    pages
        .iter()
        .filter(|p| !SKIPPED_KINDS.contains(&p.kind))
        .map(|p| (p.url.clone(), p.output.clone()))
        .collect()
}

/// Indexes the [`documents`]. `html` gives a page's HTML by output path
/// (the build has already moved it into its file map).
/// `language` is site.yaml's `language`, which every page is indexed as;
/// empty for a site in several languages, whose pages Pagefind sorts into
/// one index per language by their `<html lang>`.
/// Pages are indexed by their site-root URL (`/about/`) even when the site
/// is published under a path: Pagefind's script puts the path the index was
/// loaded from (`/plan/pagefind/`) in front of each result's URL itself.
/// `out` is the output folder, whose index is kept if no indexed page
/// changed since it was built.
pub fn index(
    documents: &[(String, PathBuf)],
    html: &BTreeMap<PathBuf, FileData>,
    language: &str,
    out: &Path,
) -> Result<Index, Diagnostic> {
    // Pagefind reads the working directory when it starts and panics if there
    // is none (it was deleted under us): say so plainly instead.
    if let Err(e) = std::env::current_dir() {
        return Err(Diagnostic::error(
            Code::Search,
            format!("cannot index the site for search: the working directory is unusable: {e}"),
        )
        .hint("run plainsight from a folder that exists"));
    }
    // Borrowed, not copied: each page's text is made only as Pagefind takes
    // it, so the site's HTML is never held twice.
    let mut docs: Vec<(&str, &[u8])> = Vec::new();
    for (url, output) in documents {
        if let Some(FileData::Bytes(b)) = html.get(output) {
            docs.push((url.as_str(), b.as_slice()));
        }
    }
    // Sorted by URL so the index never depends on render order.
    docs.sort();
    let count = docs.len();
    let start = std::time::Instant::now();
    let language = language.trim().to_lowercase();
    let settings = format!("{ROOT} {EXCLUDED:?}");
    let key = search_reuse::key(&docs, &language, &settings);
    let kept = search_reuse::previous(out, &key);
    let reused = kept.is_some();
    let mut files = match kept {
        Some(files) => files,
        None => run_indexer(docs, language)?,
    };
    let (path, data) = search_reuse::record(&key, &files);
    let stats = Stats {
        pages: count,
        files: files.len(),
        millis: start.elapsed().as_millis(),
        reused,
    };
    files.insert(path, data);
    Ok(Index { files, stats })
}

/// Runs Pagefind over `docs`; its files by output path.
fn run_indexer(
    docs: Vec<(&str, &[u8])>,
    language: String,
) -> Result<BTreeMap<PathBuf, FileData>, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .max_blocking_threads(2)
        .build()
        .map_err(|e| failed(format!("cannot start the indexer: {e}")))?;
    // Pagefind is third-party code fed with text from authors and data: a
    // panic in it must end as a located error, not a crash.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(run_pagefind(docs, language))
    }));
    let files = match run {
        Ok(r) => r?,
        Err(_) => return Err(failed("the indexer stopped unexpectedly".into())),
    };
    let mut out = BTreeMap::new();
    for (name, bytes) in files {
        if !crate::write::output::is_safe_relative(&name) {
            return Err(failed(format!(
                "the indexer produced an unsafe file name: {}",
                name.display()
            )));
        }
        out.insert(Path::new(DIR).join(name), FileData::Bytes(bytes));
    }
    Ok(out)
}

/// Pages handed to Pagefind at once: enough to keep both cores busy, few
/// enough that their copies stay small beside the site.
const BATCH: usize = 256;

async fn run_pagefind(
    docs: Vec<(&str, &[u8])>,
    language: String,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostic> {
    // The theme's <main> holds each page's own text; header, breadcrumbs and
    // footer are the same everywhere. Choosing the root here, rather than
    // data-pagefind-body in base.html, keeps custom themes working as long as
    // they have a <main>.
    let builder = PagefindServiceConfig::builder()
        .root_selector(ROOT.to_string())
        .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect());
    let config = if language.is_empty() {
        builder.build()
    } else {
        builder.force_language(language).build()
    };
    let mut index = PagefindIndex::new(Some(config))
        .map_err(|e| failed(format!("cannot set up the indexer: {e}")))?;
    // Pages go to Pagefind in batches that it parses on every core; a batch
    // at a time so that only one batch's text is copied for it at once.
    for batch in docs.chunks(BATCH) {
        let files = batch
            .iter()
            .map(|(url, html)| {
                let html = String::from_utf8_lossy(html);
                let html = main_only(&html).unwrap_or_else(|| html.into_owned());
                (None, Some(url.to_string()), html)
            })
            .collect();
        let added = index
            .add_html_files(files)
            .await
            .map_err(|e| failed(format!("cannot index the site: {e}")))?;
        for ((url, _), result) in batch.iter().zip(added) {
            result.map_err(|e| failed(format!("cannot index the page {url}: {e}")))?;
        }
    }
    let files = index
        .get_files()
        .await
        .map_err(|e| failed(format!("cannot build the search index: {e}")))?;
    Ok(files
        .into_iter()
        .map(|f| (f.filename, f.contents))
        .collect())
}

/// The page as Pagefind reads it: its `<html>` tag (the page's language)
/// and its `<main>`, which is all Pagefind indexes with `main` as its root;
/// the head, header, menu and footer around it are a third of the bytes it
/// would otherwise parse. `None`, and the whole page is given, unless the
/// page has exactly one `<main>` and one `</main>` and nothing before the
/// `<html>` tag but a doctype, so that the cut can never fall inside a
/// script, a comment or an attribute.
fn main_only(html: &str) -> Option<String> {
    let open = |at: &str| -> Vec<usize> {
        html.match_indices(at)
            .filter(|(i, _)| {
                matches!(
                    html.as_bytes().get(i + at.len()),
                    Some(b' ' | b'>' | b'\t' | b'\n' | b'\r')
                )
            })
            .map(|(i, _)| i)
            .collect()
    };
    let (mains, htmls) = (open("<main"), open("<html"));
    let ends: Vec<usize> = html.match_indices("</main>").map(|(i, _)| i).collect();
    let ([main], [end], [tag]) = (mains.as_slice(), ends.as_slice(), htmls.as_slice()) else {
        return None;
    };
    let before = html[..*tag].trim();
    let doctype = before.is_empty()
        || (before.len() < 32 && before.to_ascii_lowercase().starts_with("<!doctype html"));
    let tag_end = tag + html[*tag..].find('>')? + 1;
    // A `>` inside a quoted attribute would end the tag early, leaving
    // a quote open.
    let tag_text = &html[*tag..tag_end];
    let balanced = |q: char| tag_text.matches(q).count().is_multiple_of(2);
    if !doctype || tag_end > *main || main > end || !balanced('"') || !balanced('\'') {
        return None;
    }
    let end = end + "</main>".len();
    Some(format!(
        "{}<body>{}</body></html>",
        &html[..tag_end],
        &html[*main..end]
    ))
}

fn failed(message: String) -> Diagnostic {
    Diagnostic::error(Code::Search, message).hint(
        "this is a problem in search indexing, not in your pages: build with --no-search to publish without search, and report it",
    )
}

#[cfg(test)]
mod tests {
    use super::main_only;

    #[test]
    fn pagefind_is_given_the_html_tag_and_the_main_element() {
        let page = "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><title>T</title></head>\
            <body><header>menu</header><main id=\"main\"><h1>T</h1><p>Text</p></main>\
            <footer>f</footer></body></html>";
        assert_eq!(
            main_only(page).as_deref(),
            Some(
                "<!DOCTYPE html>\n<html lang=\"en-GB\"><body><main id=\"main\"><h1>T</h1><p>Text</p></main></body></html>"
            )
        );
    }

    #[test]
    fn the_whole_page_is_given_where_a_cut_could_go_wrong() {
        for page in [
            // Two main elements, or a `<main` in a script.
            "<html><body><main>a</main><main>b</main></body></html>",
            "<html><head><script>let s = '<main>';</script></head><body><main>a</main></body></html>",
            // No main, or no end to it.
            "<html><body><p>a</p></body></html>",
            "<html><body><main>a</body></html>",
            // Something other than a doctype before the html tag.
            "<!-- <main> --><html><body><main>a</main></body></html>",
            "<p>x</p><html><body><main>a</main></body></html>",
            // A `>` inside a quoted attribute of the html tag.
            "<html data-x=\"a>b\" lang=\"cy\"><body><main>a</main></body></html>",
        ] {
            assert_eq!(main_only(page), None, "{page}");
        }
        // `<mainly>` is not `<main>`.
        assert!(main_only("<html><body><mainly></mainly><main>a</main></body></html>").is_some());
    }
}
