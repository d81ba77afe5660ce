//! Relative links (`plainsight build --relative`, or `relative_links: true`
//! in site.yaml): every site-root URL in the pages and stylesheets is
//! rewritten relative to the file that holds it, so the output works opened
//! from the disk (`file://`), from a shared drive or from an unzipped
//! pull-request preview, wherever the folder sits.
//!
//! Like src/write/base_path.rs, this runs after every check has passed, on
//! the site-root URLs everything before the write stage works in, and with
//! the same tools: lol_html for HTML attributes, a hand scan for CSS
//! `url(…)` and `@import`. The two are alternatives: a relative link needs
//! no base path.
//!
//! A link to a folder (`/priorities/`) gains `index.html`, because a browser
//! reading files shows a folder's listing, not its index page. Full
//! addresses are left alone, so what names the published address (the
//! canonical link, `og:url`, JSON-LD, the sitemap, robots.txt, the feed and
//! the open-data files, all built from `base_url`) stays absolute.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::write::base_path::{next_reference, read, rewrite_html_urls};
use crate::write::output::FileData;

/// The output's folders (`priorities`, `data/x`), by site-root path without
/// the slashes, to tell a link to a folder written without its final slash
/// (`/about`) from a link to a file.
pub struct Folders(BTreeSet<String>);

impl Folders {
    /// Every folder that holds an `index.html` and is not itself a file.
    pub fn of(files: &BTreeMap<PathBuf, FileData>) -> Self {
        let names: BTreeSet<String> = files.keys().map(|p| slashed(p)).collect();
        let folders = names
            .iter()
            .filter_map(|n| n.strip_suffix("/index.html"))
            .filter(|d| !names.contains(*d))
            .map(str::to_string)
            .collect();
        Folders(folders)
    }

    fn contains(&self, path: &str) -> bool {
        self.0.contains(path)
    }
}

fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// How many folders down the output file `path` sits: 0 for `index.html`,
/// 1 for `about/index.html` and `css/site.css`.
pub fn depth(path: &Path) -> usize {
    path.components().count().saturating_sub(1)
}

/// `url` made relative to a file `depth` folders down, when it is a
/// site-root URL (`/about/` → `../about/index.html`); `None` for anything
/// else (`https://…`, `//cdn…`, `#top`, `?q=x`, `../x`, `mailto:`), which
/// is left as it was.
pub fn relativise(url: &str, depth: usize, folders: &Folders) -> Option<String> {
    // Browsers strip this whitespace from an attribute's URL too.
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
    let rest = url.strip_prefix('/')?;
    // `//host` and `/\host` name another host, as browsers read them.
    if rest.starts_with('/') || rest.starts_with('\\') {
        return None;
    }
    let cut = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, tail) = rest.split_at(cut);
    let (segments, folder) = normalise(path);
    let mut joined = segments.join("/");
    if folder || joined.is_empty() || folders.contains(&joined) {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    let up = "../".repeat(depth);
    // At the top, a first segment with a colon (`/javascript:x`) would read
    // as a scheme: `./` keeps it a path.
    let first = joined.split('/').next().unwrap_or("");
    let dot = if depth == 0 && first.contains(':') {
        "./"
    } else {
        ""
    };
    Some(format!("{up}{dot}{joined}{tail}"))
}

/// A URL path's segments with `.` and `..` worked out as a browser does
/// (`..` never climbs above the root) and empty ones dropped (`a//b` names
/// the same file as `a/b`), and whether the path names a folder.
fn normalise(path: &str) -> (Vec<&str>, bool) {
    let mut out: Vec<&str> = Vec::new();
    let mut folder = true;
    for seg in path.split('/') {
        match dots(seg) {
            1 => folder = true,
            2 => {
                out.pop();
                folder = true;
            }
            _ if seg.is_empty() => folder = true,
            _ => {
                out.push(seg);
                folder = false;
            }
        }
    }
    (out, folder)
}

/// 1 for a `.` segment, 2 for `..`, 0 otherwise; browsers read `%2e` as a
/// dot in these.
fn dots(seg: &str) -> usize {
    let lower = seg.to_ascii_lowercase();
    match lower.as_str() {
        "." | "%2e" => 1,
        ".." | ".%2e" | "%2e." | "%2e%2e" => 2,
        _ => 0,
    }
}

/// An HTML page, `depth` folders down, with every site-root URL in its
/// attributes made relative to it.
pub fn rewrite_html(html: &str, depth: usize, folders: &Folders) -> Result<String, String> {
    rewrite_html_urls(html, &["srcset", "imagesrcset"], &|u| {
        relativise(u, depth, folders)
    })
}

/// A stylesheet, `depth` folders down, with its `url(/…)` and
/// `@import "/…"` references made relative to it. The URL ends where CSS
/// ends it: at its closing quote, or at `)` or a space when unquoted.
pub fn rewrite_css(css: &str, depth: usize, folders: &Folders) -> String {
    // ASCII lower-casing keeps every byte where it was, so positions found
    // in `lower` are positions in `css`.
    let lower = css.to_ascii_lowercase();
    let mut out = String::with_capacity(css.len() + 64);
    let mut done = 0;
    while let Some(i) = next_reference(&lower[done..]).map(|i| done + i) {
        out.push_str(&css[done..i]);
        let quote = css[..i]
            .chars()
            .next_back()
            .filter(|c| *c == '"' || *c == '\'');
        let from = &css[i..];
        let len = match quote {
            Some(q) => from.find(q),
            None => from.find(|c: char| c == ')' || c.is_ascii_whitespace()),
        }
        .unwrap_or(from.len());
        let url = &from[..len];
        if url.is_empty() {
            // Nothing to rewrite: step past one character so the scan ends.
            let step = from.chars().next().map_or(0, char::len_utf8);
            out.push_str(&from[..step]);
            done = i + step;
            continue;
        }
        // An unquoted URL that holds a quote, bracket or escape is left as
        // written rather than guessed at.
        let safe = quote.is_some() || !url.contains(['"', '\'', '(', '\\']);
        match relativise(url, depth, folders).filter(|_| safe) {
            Some(r) => out.push_str(&r),
            None => out.push_str(url),
        }
        done = i + len;
    }
    out.push_str(&css[done..]);
    out
}

/// Makes the links in the output's HTML and CSS relative, a file per task
/// on every core. Other files are left as they are: the sitemap, robots.txt,
/// the feed and the open-data files name the published address.
pub fn apply(files: &mut BTreeMap<PathBuf, FileData>) -> Result<(), Diagnostic> {
    use rayon::prelude::*;
    let folders = Folders::of(files);
    files.par_iter_mut().try_for_each(|(path, data)| {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "html" && ext != "css" {
            return Ok(());
        }
        let text = read(path, data)?;
        let depth = depth(path);
        let new = if ext == "html" {
            rewrite_html(&text, depth, &folders).map_err(|e| {
                Diagnostic::error(
                    Code::Write,
                    format!("cannot make the links of {} relative: {e}", path.display()),
                )
                .hint("report this as a bug in Plainsight, with the page's source")
            })?
        } else {
            rewrite_css(&text, depth, &folders)
        };
        *data = FileData::Bytes(new.into_bytes());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::base_path::map_srcset;

    fn folders(names: &[&str]) -> Folders {
        let files = names
            .iter()
            .map(|n| (PathBuf::from(n), FileData::Bytes(Vec::new())))
            .collect();
        Folders::of(&files)
    }

    fn rel(url: &str, depth: usize) -> Option<String> {
        relativise(url, depth, &folders(&["about/index.html", "a.txt"]))
    }

    #[test]
    fn depth_counts_folders() {
        assert_eq!(depth(Path::new("index.html")), 0);
        assert_eq!(depth(Path::new("404.html")), 0);
        assert_eq!(depth(Path::new("about/index.html")), 1);
        assert_eq!(depth(Path::new("css/site.css")), 1);
        assert_eq!(depth(Path::new("priorities/x/index.html")), 2);
    }

    #[test]
    fn pages_at_depth_zero_one_and_two() {
        assert_eq!(rel("/", 0).as_deref(), Some("index.html"));
        assert_eq!(rel("/", 1).as_deref(), Some("../index.html"));
        assert_eq!(rel("/", 2).as_deref(), Some("../../index.html"));
        assert_eq!(rel("/css/site.css", 0).as_deref(), Some("css/site.css"));
        assert_eq!(rel("/css/site.css", 1).as_deref(), Some("../css/site.css"));
        assert_eq!(
            rel("/css/site.css", 2).as_deref(),
            Some("../../css/site.css")
        );
    }

    #[test]
    fn folder_links_name_their_index_page() {
        assert_eq!(
            rel("/priorities/", 0).as_deref(),
            Some("priorities/index.html")
        );
        assert_eq!(
            rel("/priorities/x/", 2).as_deref(),
            Some("../../priorities/x/index.html")
        );
        // Without its final slash, a folder is known by its index.html.
        assert_eq!(rel("/about", 1).as_deref(), Some("../about/index.html"));
        assert_eq!(rel("/a.txt", 1).as_deref(), Some("../a.txt"));
        assert_eq!(rel("/elsewhere", 1).as_deref(), Some("../elsewhere"));
    }

    #[test]
    fn fragments_and_queries_stay() {
        assert_eq!(
            rel("/data/x/#row-3", 1).as_deref(),
            Some("../data/x/index.html#row-3")
        );
        assert_eq!(
            rel("/search/?q=a/b#top", 2).as_deref(),
            Some("../../search/index.html?q=a/b#top")
        );
        assert_eq!(rel("/?q=1", 0).as_deref(), Some("index.html?q=1"));
        assert_eq!(rel("/#main", 1).as_deref(), Some("../index.html#main"));
        assert_eq!(rel("/about#x", 0).as_deref(), Some("about/index.html#x"));
    }

    #[test]
    fn dot_segments_are_worked_out_and_never_climb_above_the_root() {
        assert_eq!(rel("/a/../b/", 1).as_deref(), Some("../b/index.html"));
        assert_eq!(rel("/a/./b.png", 0).as_deref(), Some("a/b.png"));
        assert_eq!(rel("/../../etc/x", 1).as_deref(), Some("../etc/x"));
        assert_eq!(rel("/a/..", 1).as_deref(), Some("../index.html"));
        assert_eq!(rel("/a/%2E%2e/b.png", 0).as_deref(), Some("b.png"));
        assert_eq!(rel("/a//b.png", 0).as_deref(), Some("a/b.png"));
    }

    #[test]
    fn other_urls_are_left_as_they_are() {
        for url in [
            "https://x.org/",
            "http://x.org/a/",
            "//cdn.x/a.js",
            "/\\evil",
            "#top",
            "?q=x",
            "../about/",
            "about/",
            "img.png",
            "mailto:a@b.org",
            "tel:+441233",
            "data:image/png;base64,AA",
            "",
        ] {
            assert_eq!(rel(url, 2), None, "{url}");
        }
    }

    #[test]
    fn a_colon_at_the_top_never_becomes_a_scheme() {
        assert_eq!(
            rel("/javascript:alert(1)", 0).as_deref(),
            Some("./javascript:alert(1)")
        );
        assert_eq!(rel("/a:b/", 0).as_deref(), Some("./a:b/index.html"));
        assert_eq!(rel("/a:b/", 1).as_deref(), Some("../a:b/index.html"));
        assert_eq!(rel("/x/a:b", 0).as_deref(), Some("x/a:b"));
        assert_eq!(rel("/?a:b", 0).as_deref(), Some("index.html?a:b"));
    }

    #[test]
    fn data_downloads() {
        assert_eq!(
            rel("/data/ward-figures.csv", 2).as_deref(),
            Some("../../data/ward-figures.csv")
        );
        assert_eq!(
            rel("/data/ward-figures.csv-metadata.json", 1).as_deref(),
            Some("../data/ward-figures.csv-metadata.json")
        );
    }

    #[test]
    fn odd_urls_never_panic() {
        for url in [
            "/",
            "//",
            "/?",
            "/#",
            "/%",
            "/%2",
            "/é/ü",
            "/a b/",
            "/\u{0}",
            "/..",
            "/./",
            " / ",
            "/a?b?c#d#e",
            "/\u{1F600}/",
        ] {
            for d in 0..3 {
                let _ = rel(url, d);
                let f = folders(&[]);
                let _ = map_srcset(url, &|u| relativise(u, d, &f));
                let _ = rewrite_css(&format!("a{{b:url({url})}}"), d, &folders(&[]));
                let _ = rewrite_css(&format!("@import \"{url}"), d, &folders(&[]));
            }
        }
        assert_eq!(rewrite_css("url(", 1, &folders(&[])), "url(");
        assert_eq!(rewrite_css("@import '", 1, &folders(&[])), "@import '");
    }

    proptest::proptest! {
        /// Whatever the URL, the result is a path from the page: never from
        /// the root, never with a scheme, and the rewriters never fail.
        #[test]
        fn any_url_stays_a_path_from_the_page(url in "/[ -~é/.%?#:]{0,24}", depth in 0usize..4) {
            if let Some(r) = rel(&url, depth) {
                proptest::prop_assert!(!r.starts_with('/'), "{r}");
                let head = r.split(['/', '?', '#']).next().unwrap_or("");
                proptest::prop_assert!(!head.contains(':'), "{r}");
                proptest::prop_assert!(r.starts_with(&"../".repeat(depth)), "{r}");
            }
            let html = format!("<a href=\"{url}\">a</a><img srcset='{url} 2x' alt=''>");
            proptest::prop_assert!(rewrite_html(&html, depth, &folders(&[])).is_ok());
            let _ = rewrite_css(&format!("a{{b:url({url})}}@import '{url}"), depth, &folders(&[]));
        }
    }

    #[test]
    fn html_attributes_srcset_and_forms() {
        let html = r##"<a href="/priorities/">p</a><img src='/i.png' alt="x"><form action=/search/></form><a href="https://x.org/">x</a><a href="#m">m</a><a href="../up/">u</a><img srcset="/s.png 1x, https://x.org/b.png 2x,/t.png 3x" alt=""><link rel="canonical" href="https://site.example/a/">"##;
        let out = rewrite_html(html, 1, &folders(&[])).unwrap();
        assert!(out.contains(r#"href="../priorities/index.html""#), "{out}");
        assert!(out.contains(r#"src="../i.png""#), "{out}");
        assert!(out.contains(r#"action="../search/index.html""#), "{out}");
        assert!(out.contains(r#"href="https://x.org/""#), "{out}");
        assert!(out.contains(r##"href="#m""##), "{out}");
        assert!(out.contains(r#"href="../up/""#), "{out}");
        assert!(
            out.contains(r#"srcset="../s.png 1x, https://x.org/b.png 2x,../t.png 3x""#),
            "{out}"
        );
        assert!(out.contains(r#"href="https://site.example/a/""#), "{out}");
    }

    #[test]
    fn text_and_scripts_that_look_like_links_are_left() {
        let html = "<p>write href=\"/a/\" here</p><script type=\"application/ld+json\">{\"url\":\"/a/\"}</script>";
        assert_eq!(rewrite_html(html, 1, &folders(&[])).unwrap(), html);
    }

    #[test]
    fn css_urls_and_imports() {
        let css = "@import url(\"/css/base.css\");\n@import '/css/x.css';\na { background: URL( /i.png ) }\nb { background: url(https://x.org/i.png) }\nc { background: url(data:image/png;base64,AA) }\nd { background: url(../i.png) }\ne { background: url(/f/#x) }\n";
        let out = rewrite_css(css, 1, &folders(&[]));
        assert_eq!(
            out,
            "@import url(\"../css/base.css\");\n@import '../css/x.css';\na { background: URL( ../i.png ) }\nb { background: url(https://x.org/i.png) }\nc { background: url(data:image/png;base64,AA) }\nd { background: url(../i.png) }\ne { background: url(../f/index.html#x) }\n"
        );
        assert_eq!(rewrite_css("a{b:url(/c)}", 0, &folders(&[])), "a{b:url(c)}");
        assert_eq!(
            rewrite_css("a{b:url(/c\"d)}", 0, &folders(&[])),
            "a{b:url(/c\"d)}"
        );
    }

    #[test]
    fn apply_rewrites_pages_and_stylesheets_only() {
        let mut files = BTreeMap::from([
            (
                PathBuf::from("about/index.html"),
                FileData::Bytes(b"<a href=\"/\">h</a><a href=\"/about\">a</a>".to_vec()),
            ),
            (
                PathBuf::from("css/site.css"),
                FileData::Bytes(b"@import \"/css/a.css\";".to_vec()),
            ),
            (
                PathBuf::from("sitemap.xml"),
                FileData::Bytes(b"<loc>/about/</loc>".to_vec()),
            ),
        ]);
        apply(&mut files).unwrap();
        let text =
            |p: &str| String::from_utf8(files[Path::new(p)].bytes().unwrap().into_owned()).unwrap();
        assert_eq!(
            text("about/index.html"),
            "<a href=\"../index.html\">h</a><a href=\"../about/index.html\">a</a>"
        );
        assert_eq!(text("css/site.css"), "@import \"../css/a.css\";");
        assert_eq!(text("sitemap.xml"), "<loc>/about/</loc>");
    }
}
