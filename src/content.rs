//! Loading `content/`: pages, sections and their URLs.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, display_path};
use crate::frontmatter::{self, FrontMatter};

pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Home,
    Section,
    Page,
}

impl PageKind {
    /// The name templates see as `page.kind`.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Relative to the site root, e.g. `content/priorities/serious-violence.md`.
    pub source: PathBuf,
    pub kind: PageKind,
    pub front: FrontMatter,
    pub body: String,
    /// The front matter's YAML, for locating keys in messages.
    pub front_yaml: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// Site-relative URL with leading and trailing slash.
    pub url: String,
    /// URL of the section this page belongs to (None for the home page).
    pub parent: Option<String>,
}

impl Page {
    /// Where the page is written, relative to the output folder.
    pub fn output_path(&self) -> PathBuf {
        let mut p = PathBuf::new();
        for part in self.url.split('/').filter(|s| !s.is_empty()) {
            p.push(part);
        }
        p.join("index.html")
    }
}

/// A file under `content/` that is not Markdown: copied beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Relative output path.
    pub dest: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Sorted by URL.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Indexes into `pages` of each section's children, in reading order;
    /// built once so listings never scan every page.
    children: std::collections::HashMap<String, Vec<usize>>,
}

impl Content {
    pub fn by_url(&self, url: &str) -> Option<&Page> {
        self.pages
            .binary_search_by(|p| p.url.as_str().cmp(url))
            .ok()
            .map(|i| &self.pages[i])
    }

    pub fn new(pages: Vec<Page>, assets: Vec<Asset>) -> Self {
        let mut children: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            if let Some(parent) = &p.parent {
                children.entry(parent.clone()).or_default().push(i);
            }
        }
        for list in children.values_mut() {
            list.sort_by(|&a, &b| {
                let (a, b) = (&pages[a], &pages[b]);
                (a.front.weight, &a.front.title, &a.url).cmp(&(
                    b.front.weight,
                    &b.front.title,
                    &b.url,
                ))
            });
        }
        Self {
            pages,
            assets,
            children,
        }
    }

    /// Pages, for resolving their front matter; order and URLs must not change.
    pub fn pages_mut(&mut self) -> impl Iterator<Item = &mut Page> {
        self.pages.iter_mut()
    }

    /// Children of a section, in reading order (weight, then title).
    pub fn children(&self, url: &str) -> Vec<&Page> {
        self.children
            .get(url)
            .map(|v| v.iter().map(|&i| &self.pages[i]).collect())
            .unwrap_or_default()
    }

    /// Ancestors from the home page down, not including the page itself.
    pub fn ancestors(&self, page: &Page) -> Vec<&Page> {
        let mut out = Vec::new();
        let mut cur = page.parent.clone();
        while let Some(u) = cur {
            match self.by_url(&u) {
                Some(p) => {
                    cur = p.parent.clone();
                    out.push(p);
                }
                None => break,
            }
        }
        out.reverse();
        out
    }
}

/// Turns text into a URL segment: lower-case ASCII letters, digits and dashes.
/// Nothing else survives, so no slug can climb out of the output folder.
///
/// Accented Latin letters lose their accents (`Café` → `cafe`, `Ŵ` → `w`)
/// and combining accents are dropped, so a name gives the same URL whether
/// it was saved composed (NFC, as Linux and Windows do) or decomposed (NFD,
/// as macOS does).
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if let Some(plain) = unaccented(c) {
            out.push_str(plain);
            dash = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The letters of an accented Latin letter without its accent, lower case.
fn unaccented(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(match lower {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ß' => "ss",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// A finding for a symbolic link that leads nowhere (its target is gone,
/// or links lead round in a loop). Without it such a link would be taken
/// for one that points outside the site.
pub fn broken_link(root: &Path, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
    if !entry.file_type().is_symlink() {
        return None;
    }
    let e = std::fs::metadata(entry.path()).err()?;
    let rel = crate::diagnostic::relative_to(root, entry.path());
    let target = std::fs::read_link(entry.path())
        .map(|t| display_path(&t))
        .unwrap_or_default();
    let message = if e.kind() == std::io::ErrorKind::NotFound {
        format!("this symbolic link points to nothing (`{target}` does not exist)")
    } else {
        format!("this symbolic link cannot be followed: {e}")
    };
    Some(
        Diagnostic::error("io", message)
            .in_file(rel)
            .hint("remove the link, or point it at a file inside the site"),
    )
}

/// Loads every Markdown file under `root/content`, reporting all problems found.
pub fn load(root: &Path, drafts: bool) -> Result<Content, Diagnostics> {
    let dir = root.join(CONTENT_DIR);
    let mut diags = Diagnostics::new();
    let mut pages = Vec::new();
    let mut assets = Vec::new();
    let mut markdown: Vec<(PathBuf, PathBuf)> = Vec::new();
    if !dir.is_dir() {
        return Ok(Content::default());
    }
    let walker = WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| crate::diagnostic::relative_to(root, p));
                let mut d = Diagnostic::error("io", format!("cannot read content: {e}"));
                if let Some(p) = path {
                    d = d.in_file(p);
                }
                diags.push(d);
                continue;
            }
        };
        let rel = crate::diagnostic::relative_to(root, entry.path());
        if let Some(d) =
            broken_link(root, &entry).or_else(|| crate::files::link_outside(root, &entry))
        {
            diags.push(d);
            continue;
        }
        if entry.file_type().is_symlink() {
            if entry.path().is_dir() {
                continue;
            }
        } else if entry.file_type().is_dir() {
            continue;
        }
        // A named pipe or a device would hang the build on reading it.
        if !entry.path().is_file() {
            diags.push(
                Diagnostic::error("io", "this is not an ordinary file")
                    .in_file(&rel)
                    .hint("content/ may hold only Markdown pages, folders and files to publish"),
            );
            continue;
        }
        let within = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        // `.MD` is still Markdown: copied as a file, the page would be
        // published as raw text instead of a page.
        let is_markdown = within
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if is_markdown {
            markdown.push((rel, within.to_path_buf()));
        } else {
            let dest: PathBuf = within
                .components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_os_string()),
                    _ => None,
                })
                .collect();
            assets.push(Asset { source: rel, dest });
        }
    }
    // Reading and parsing the pages is most of loading a big site: it runs on
    // every core, and the results are taken in walk order as before.
    let loaded: Vec<Result<Page, Diagnostic>> = markdown
        .par_iter()
        .map(|(rel, within)| load_page(root, rel, within))
        .collect();
    for r in loaded {
        match r {
            Ok(p) if p.front.draft && !drafts => {}
            Ok(p) => pages.push(p),
            Err(d) => diags.push(d),
        }
    }
    link_parents(&mut pages);
    pages.sort_by(|a, b| a.url.cmp(&b.url).then(a.source.cmp(&b.source)));
    for pair in pages.windows(2) {
        if pair[0].url == pair[1].url {
            diags.push(
                Diagnostic::error(
                    "duplicate-url",
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
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Content::new(pages, assets))
}

/// Reads one page again (`serve`, after a save): `rel` is the file relative to
/// the site root, e.g. `content/priorities/serious-violence.md`. Its
/// `parent` is left unset: the caller knows it from the page it replaces.
pub fn load_one(root: &Path, rel: &Path) -> Result<Page, Diagnostic> {
    let within = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    load_page(root, rel, within)
}

fn load_page(root: &Path, rel: &Path, within: &Path) -> Result<Page, Diagnostic> {
    let src = crate::files::read_text(root, rel)?;
    let split = frontmatter::split(&src, rel)?;
    let front = frontmatter::parse(&split, rel)?;
    let file_name = within.file_name().and_then(|s| s.to_str()).unwrap_or("");
    let mut dirs: Vec<String> = Vec::new();
    if let Some(parent) = within.parent() {
        for c in parent.components() {
            if let Component::Normal(s) = c {
                let seg = slugify(&s.to_string_lossy());
                if seg.is_empty() {
                    return Err(Diagnostic::error(
                        "bad-path",
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
    let is_index = file_name.eq_ignore_ascii_case("_index.md");
    let slug_line = crate::yaml::key_line(split.yaml, "slug") + split.yaml_line - 1;
    let (kind, url) = if is_index {
        let mut segs = dirs.clone();
        if let Some(s) = &front.slug
            && let Some(last) = segs.last_mut()
        {
            *last = checked_slug(s, rel, slug_line)?;
        }
        if segs.is_empty() {
            (PageKind::Home, "/".to_string())
        } else {
            (PageKind::Section, format!("/{}/", segs.join("/")))
        }
    } else {
        let stem = within.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let last = match &front.slug {
            Some(s) => checked_slug(s, rel, slug_line)?,
            None => {
                let s = slugify(stem);
                if s.is_empty() {
                    return Err(Diagnostic::error(
                        "bad-path",
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
    Ok(Page {
        source: rel.to_path_buf(),
        kind,
        front,
        body: split.body.to_string(),
        front_yaml: split.yaml.to_string(),
        body_line: split.body_line,
        url,
        parent: None,
    })
}

fn checked_slug(s: &str, rel: &Path, line: usize) -> Result<String, Diagnostic> {
    let slug = slugify(s);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "bad-slug",
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
