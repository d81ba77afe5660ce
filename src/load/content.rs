//! Loading `content/`: pages, sections and their URLs.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::{DirEntry, WalkDir};

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::load::files::broken_link;
use crate::load::front_matter;
use crate::model::page::Asset;
use crate::model::page::CONTENT_DIR;
use crate::model::page::Content;
use crate::model::page::Page;
use crate::model::page::PageKind;
use crate::util::text::slugify;

/// Loads every Markdown file under `root/content`, reporting all problems found.
///
/// `langs` are the site's languages other than its default (`cy`): a page
/// `priority.cy.md` is the Welsh translation of `priority.md`, published
/// under `/cy/`.
pub fn load(root: &Path, drafts: bool, langs: &[String]) -> Result<Content, Diagnostics> {
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        return Ok(Content::default());
    }
    let Walked {
        markdown,
        assets,
        mut diags,
    } = walk(root, &dir);
    // Reading and parsing the pages is most of loading a big site: it runs on
    // every core, and the results are taken in walk order as before.
    let loaded: Vec<Result<Page, Diagnostic>> = markdown
        .par_iter()
        .map(|(rel, within)| load_page(root, rel, within, langs))
        .collect();
    let mut pages = Vec::new();
    for r in loaded {
        match r {
            Ok(p) if p.front.draft && !drafts => {}
            Ok(p) => pages.push(p),
            Err(d) => diags.push(d),
        }
    }
    link_parents(&mut pages);
    pages.sort_by(|a, b| a.url.cmp(&b.url).then(a.source.cmp(&b.source)));
    report_duplicate_urls(&pages, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Content::new(pages, assets))
}

/// What the walk of `content/` found.
#[derive(Default)]
struct Walked {
    /// Pages to load: the file relative to the site root, and to `content/`.
    markdown: Vec<(PathBuf, PathBuf)>,
    /// Files published as they are.
    assets: Vec<Asset>,
    diags: Diagnostics,
}

/// Walks `dir` (the site's `content/`) in file-name order, skipping hidden
/// files and folders.
fn walk(root: &Path, dir: &Path) -> Walked {
    let mut found = Walked::default();
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) => found.add(root, dir, &entry),
            Err(e) => {
                let path = e.path().map(|p| crate::diagnostic::relative_to(root, p));
                let mut d = Diagnostic::error(Code::Io, format!("cannot read content: {e}"));
                if let Some(p) = path {
                    d = d.in_file(p);
                }
                found.diags.push(d);
            }
        }
    }
    found
}

impl Walked {
    /// Sorts one entry into a page, a file to publish or a problem; folders
    /// (and links to folders) add nothing, their entries come on their own.
    fn add(&mut self, root: &Path, dir: &Path, entry: &DirEntry) {
        let rel = crate::diagnostic::relative_to(root, entry.path());
        if let Some(d) =
            broken_link(root, entry).or_else(|| crate::load::files::link_outside(root, entry))
        {
            self.diags.push(d);
            return;
        }
        let is_dir = if entry.file_type().is_symlink() {
            entry.path().is_dir()
        } else {
            entry.file_type().is_dir()
        };
        if is_dir {
            return;
        }
        // A named pipe or a device would hang the build on reading it.
        if !entry.path().is_file() {
            self.diags.push(
                Diagnostic::error(Code::Io, "this is not an ordinary file")
                    .in_file(&rel)
                    .hint("content/ may hold only Markdown pages, folders and files to publish"),
            );
            return;
        }
        let within = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        // `.MD` is still Markdown: copied as a file, the page would be
        // published as raw text instead of a page.
        let is_markdown = within
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if is_markdown {
            self.markdown.push((rel, within.to_path_buf()));
        } else {
            let dest: PathBuf = within
                .components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_os_string()),
                    _ => None,
                })
                .collect();
            self.assets.push(Asset { source: rel, dest });
        }
    }
}

/// Reports every page whose URL the page before it has; `pages` is sorted
/// by URL, so pages that claim the same one are neighbours.
fn report_duplicate_urls(pages: &[Page], diags: &mut Diagnostics) {
    for pair in pages.windows(2) {
        if pair[0].url == pair[1].url {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateUrl,
                    format!("two pages claim the URL {}", pair[1].url),
                )
                .in_file(&pair[1].source)
                .at(1, 1)
                .note(format!("the other is {}", display_path(&pair[0].source)))
                .hint(
                    "give one of them a different `slug` in its front matter, or rename the file",
                ),
            );
        }
    }
}

/// Reads one page again (`serve`, after a save): `rel` is the file relative to
/// the site root, e.g. `content/priorities/serious-violence.md`. Its
/// `parent` is left unset: the caller knows it from the page it replaces.
pub fn load_one(root: &Path, rel: &Path, langs: &[String]) -> Result<Page, Diagnostic> {
    let within = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    load_page(root, rel, within, langs)
}

/// The language a file name gives (`cy` for `priority.cy.md`), among the
/// site's other languages, and the name without it (`priority.md`).
pub fn split_lang(file_name: &str, langs: &[String]) -> (Option<String>, String) {
    let path = Path::new(file_name);
    if let (Some(stem), Some(ext)) = (
        path.file_stem().and_then(|s| s.to_str()),
        path.extension().and_then(|s| s.to_str()),
    ) && let Some((base, lang)) = stem.rsplit_once('.')
        && langs.iter().any(|l| l.eq_ignore_ascii_case(lang))
    {
        return (Some(lang.to_ascii_lowercase()), format!("{base}.{ext}"));
    }
    (None, file_name.to_string())
}

fn load_page(root: &Path, rel: &Path, within: &Path, langs: &[String]) -> Result<Page, Diagnostic> {
    let src = crate::load::files::read_text(root, rel)?;
    let split = front_matter::split(&src, rel)?;
    let mut front = front_matter::parse(&split, rel)?;
    let (lang, file_name) = split_lang(
        within.file_name().and_then(|s| s.to_str()).unwrap_or(""),
        langs,
    );
    let file_name = file_name.as_str();
    let mut dirs = folder_segments(within, rel)?;
    if let Some(l) = &lang {
        dirs.insert(0, l.clone());
    }
    let is_index = file_name.eq_ignore_ascii_case("_index.md");
    let slug_line = crate::load::yaml::key_line(split.yaml, "slug") + split.yaml_line - 1;
    let (kind, url) = if is_index {
        let mut segs = dirs.clone();
        if let Some(s) = &front.slug
            && let Some(last) = segs.last_mut()
        {
            *last = checked_slug(s, rel, slug_line)?;
        }
        if segs.is_empty() {
            (PageKind::Home, "/".to_string())
        } else if lang.is_some() && segs.len() == 1 {
            (PageKind::Home, format!("/{}/", segs[0]))
        } else {
            (PageKind::Section, format!("/{}/", segs.join("/")))
        }
    } else {
        let stem = Path::new(file_name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let last = match &front.slug {
            Some(s) => checked_slug(s, rel, slug_line)?,
            None => {
                let s = slugify(stem);
                if s.is_empty() {
                    return Err(Diagnostic::error(
                        Code::BadPath,
                        format!("the file name `{file_name}` gives an empty URL"),
                    )
                    .in_file(rel)
                    .hint("use letters or digits in the file name, or set `slug:` in the front matter"));
                }
                s
            }
        };
        let mut segs = dirs.clone();
        segs.push(last);
        (PageKind::Page, format!("/{}/", segs.join("/")))
    };
    for c in &mut front.corrections {
        c.page = Some(url.clone());
    }
    Ok(Page {
        typed_front: None,
        source: rel.to_path_buf(),
        kind,
        front,
        body: split.body.to_string(),
        front_yaml: split.yaml.to_string(),
        body_line: split.body_line,
        url,
        parent: None,
        lang,
        field_figures: Vec::new(),
    })
}

/// The URL segments of the folders a page is in, each slugified.
fn folder_segments(within: &Path, rel: &Path) -> Result<Vec<String>, Diagnostic> {
    let mut dirs: Vec<String> = Vec::new();
    if let Some(parent) = within.parent() {
        for c in parent.components() {
            if let Component::Normal(s) = c {
                let seg = slugify(&s.to_string_lossy());
                if seg.is_empty() {
                    return Err(Diagnostic::error(
                        Code::BadPath,
                        format!(
                            "the folder name `{}` gives an empty URL segment",
                            s.to_string_lossy()
                        ),
                    )
                    .in_file(rel)
                    .hint("use letters or digits in folder names"));
                }
                dirs.push(seg);
            }
        }
    }
    Ok(dirs)
}

fn checked_slug(s: &str, rel: &Path, line: usize) -> Result<String, Diagnostic> {
    let slug = slugify(s);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            Code::BadSlug,
            format!("the slug `{s}` has no letters or digits"),
        )
        .in_file(rel)
        .at(line, 1)
        .hint("a slug is one URL segment such as `serious-violence`"));
    }
    Ok(slug)
}

/// Each page's parent is the nearest enclosing section (or the home page).
fn link_parents(pages: &mut [Page]) {
    let sections: BTreeMap<String, ()> = pages
        .iter()
        .filter(|p| p.kind != PageKind::Page)
        .map(|p| (p.url.clone(), ()))
        .collect();
    for p in pages.iter_mut() {
        if p.kind == PageKind::Home {
            continue;
        }
        let mut url = p.url.trim_end_matches('/').to_string();
        p.parent = loop {
            match url.rfind('/') {
                Some(i) => {
                    url.truncate(i);
                    let candidate = format!("{url}/");
                    if sections.contains_key(&candidate) {
                        break Some(candidate);
                    }
                    if url.is_empty() {
                        break None;
                    }
                }
                None => break None,
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slugify("../../../escaped"), "escaped");
        assert_eq!(
            slugify("Reducing Serious Violence!"),
            "reducing-serious-violence"
        );
        assert_eq!(slugify("/etc/passwd"), "etc-passwd");
        assert_eq!(slugify("..."), "");
        assert_eq!(slugify("Café"), "cafe");
        assert_eq!(slugify("Cafe\u{301}"), "cafe");
        assert_eq!(slugify("Ŵyl Ysgol"), "wyl-ysgol");
        assert_eq!(slugify("Straße"), "strasse");
    }
}
