//! Hosting under a path: a site whose `base_url` is
//! `https://org.github.io/plan/` is served from `/plan/`, not from `/`.
//!
//! Everything before the write stage works in site-root URLs (`/about/`,
//! `/css/site.css`): authors write them, `ref()` makes them, and `check`
//! resolves them against the site's own files. When the base URL has a
//! path, the write stage moves every such URL under it, in one place, so no
//! template, Markdown link or raw HTML can forget to. Absolute URLs (the
//! canonical link, the sitemap, the feed) are built from `base_url` and
//! already carry the path.
//!
//! HTML is rewritten with lol_html, a streaming HTML rewriter, so raw HTML
//! written by authors (single quotes, no quotes) is handled as a browser
//! would read it. Stylesheets are scanned by hand for `url(...)` and
//! `@import "..."`: the only two places CSS names another file, and a CSS
//! parser would be a large dependency for them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::write::output::FileData;

/// Attributes that hold one URL.
pub(crate) const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "action", "formaction", "poster", "data"];

/// `url` moved under `base` (`/plan`) when it is site-root-relative
/// (`/about/`); anything else (`https://…`, `//cdn…`, `#top`, `../x`) as it
/// was.
pub fn prefix(url: &str, base: &str) -> Option<String> {
    let trimmed = url.trim_start();
    (trimmed.starts_with('/') && !trimmed.starts_with("//") && !trimmed.starts_with("/\\"))
        .then(|| format!("{base}{trimmed}"))
}

/// A `srcset` list (`/a.png 1x, /b.png 2x`) with each candidate's URL
/// replaced by what `map` gives, its descriptor kept.
pub(crate) fn map_srcset(value: &str, map: &dyn Fn(&str) -> Option<String>) -> String {
    value
        .split(',')
        .map(|candidate| {
            let body = candidate.trim_start();
            let ws = &candidate[..candidate.len() - body.len()];
            let end = body
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(body.len());
            let (url, descriptor) = body.split_at(end);
            match map(url) {
                Some(r) => format!("{ws}{r}{descriptor}"),
                None => candidate.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// An HTML page with each URL in its link-bearing attributes, and each
/// candidate of its `srcsets` attributes, replaced by what `map` gives: the
/// one rewriter for moving links under a base path and for making them
/// relative.
pub(crate) fn rewrite_html_urls(
    html: &str,
    srcsets: &[&str],
    map: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let selector = URL_ATTRIBUTES
        .iter()
        .chain(srcsets)
        .map(|a| format!("[{a}]"))
        .collect::<Vec<_>>()
        .join(",");
    let handler = element!(selector, |el| {
        for name in URL_ATTRIBUTES {
            if let Some(p) = el.get_attribute(name).and_then(|v| map(&v)) {
                el.set_attribute(name, &p)?;
            }
        }
        for name in srcsets {
            if let Some(v) = el.get_attribute(name) {
                el.set_attribute(name, &map_srcset(&v, map))?;
            }
        }
        Ok(())
    });
    // A redirect page's `<meta http-equiv="refresh" content="0; url=/new/">`
    // (src/render/redirects.rs) names its address inside the content.
    let refresh = element!("meta[http-equiv][content]", |el| {
        let is_refresh = el
            .get_attribute("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
        if let Some(content) = el.get_attribute("content").filter(|_| is_refresh)
            && let Some(new) = map_refresh(&content, map)
        {
            el.set_attribute("content", &new)?;
        }
        Ok(())
    });
    // Not strict: raw HTML from an author that leaves the parser unsure
    // (rare, and then only around <select>/<noscript> nesting) is rewritten as
    // well as it can be rather than failing the build. ESI tags are not HTML.
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(handler)
        .append_element_content_handler(refresh)
        .with_strict(false)
        .with_enable_esi_tags(false);
    rewrite_str(html, settings).map_err(|e| e.to_string())
}

/// A meta refresh's `content` (`0; url=/new/`) with its address replaced by
/// what `map` gives.
fn map_refresh(content: &str, map: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let (delay, rest) = content.split_once(';')?;
    let rest = rest.trim_start();
    let url = rest
        .get(..4)
        .filter(|k| k.eq_ignore_ascii_case("url="))
        .map(|_| &rest[4..])?;
    map(url).map(|u| format!("{delay}; url={u}"))
}

/// An HTML page with every site-root URL in its attributes moved under `base`.
pub fn rewrite_html(html: &str, base: &str) -> Result<String, String> {
    rewrite_html_urls(html, &["srcset"], &|u| prefix(u, base))
}

/// A stylesheet with its `url(/…)` and `@import "/…"` references moved under
/// `base`.
pub fn rewrite_css(css: &str, base: &str) -> String {
    let base = &css_safe(base);
    // ASCII lower-casing keeps every byte where it was, so positions found
    // in `lower` are positions in `css`.
    let lower = css.to_ascii_lowercase();
    let mut out = String::with_capacity(css.len() + 64);
    let mut done = 0;
    while let Some(i) = next_reference(&lower[done..]).map(|i| done + i) {
        out.push_str(&css[done..i]);
        // `css[i..]` starts at the URL itself, after `url(`, a quote or both.
        let from = &css[i..];
        if from.starts_with('/') && !from.starts_with("//") {
            out.push_str(base);
        }
        let step = from.chars().next().map_or(0, char::len_utf8);
        out.push_str(&from[..step]);
        done = i + step;
    }
    out.push_str(&css[done..]);
    out
}

/// `base` with every character that could end a CSS string or `url(…)`
/// (quotes, brackets, backslashes, spaces) or is not ASCII percent-encoded:
/// a branch name put in a preview's `base_url` must not write CSS.
fn css_safe(base: &str) -> String {
    let mut out = String::with_capacity(base.len());
    for b in base.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&*+,;=:@%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where the next URL in `lower` (a lower-cased stylesheet) starts: just
/// inside `url(`, `url("`, `@import "` or `@import '`. Comments are read
/// through, which can only move a URL that was commented out.
pub(crate) fn next_reference(lower: &str) -> Option<usize> {
    let url = lower.find("url(").map(|i| {
        let mut j = i + 4;
        let bytes = lower.as_bytes();
        while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
            j += 1;
        }
        if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
            j += 1;
        }
        j
    });
    let import = lower.find("@import").and_then(|i| {
        let after = &lower[i + 7..];
        let ws = after.len() - after.trim_start().len();
        let q = after[ws..].chars().next()?;
        (q == '"' || q == '\'').then_some(i + 7 + ws + 1)
    });
    match (url, import) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Moves the output's HTML and CSS under `base` (`/plan`), a file per
/// task on every core; does nothing for a site at the root of its address
/// (`base` empty).
pub fn apply(files: &mut BTreeMap<PathBuf, FileData>, base: &str) -> Result<(), Diagnostic> {
    use rayon::prelude::*;
    if base.is_empty() {
        return Ok(());
    }
    files.par_iter_mut().try_for_each(|(path, data)| {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "html" && ext != "css" {
            return Ok(());
        }
        let text = read(path, data)?;
        let new = if ext == "html" {
            rewrite_html(&text, base).map_err(|e| {
                Diagnostic::error(
                    Code::Write,
                    format!(
                        "cannot move the links of {} under `{base}/`: {e}",
                        path.display()
                    ),
                )
                .hint("report this as a bug in Plainsight, with the page's source")
            })?
        } else {
            rewrite_css(&text, base)
        };
        *data = FileData::Bytes(new.into_bytes());
        Ok(())
    })
}

pub(crate) fn read(path: &Path, data: &FileData) -> Result<String, Diagnostic> {
    let bytes = data.bytes().map_err(|e| {
        Diagnostic::error(Code::Read, format!("cannot read {}: {e}", path.display()))
            .hint("check that the file exists and that you may read it")
    })?;
    String::from_utf8(bytes.into_owned()).map_err(|_| {
        Diagnostic::error(
            Code::Encoding,
            format!(
                "{} is not UTF-8, so its links cannot be moved under the base path",
                path.display()
            ),
        )
        .hint("save the file as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_path_cannot_break_out_of_a_stylesheet_url() {
        let css = "@import url(\"/a.css\"); @import '/b.css'; x { background: url(/c.png) }";
        let out = rewrite_css(css, "/pr-\"x');}body{color:red} (y)\\");
        assert_eq!(
            out,
            "@import url(\"/pr-%22x%27%29;%7Dbody%7Bcolor:red%7D%20%28y%29%5C/a.css\"); \
             @import '/pr-%22x%27%29;%7Dbody%7Bcolor:red%7D%20%28y%29%5C/b.css'; \
             x { background: url(/pr-%22x%27%29;%7Dbody%7Bcolor:red%7D%20%28y%29%5C/c.png) }"
        );
        assert_eq!(rewrite_css("a{b:url(/c)}", "/plan"), "a{b:url(/plan/c)}");
    }

    #[test]
    fn only_site_root_urls_move() {
        assert_eq!(prefix("/about/", "/plan").as_deref(), Some("/plan/about/"));
        assert_eq!(prefix("/", "/plan").as_deref(), Some("/plan/"));
        for url in [
            "https://x.org/",
            "//cdn.x/a.js",
            "#top",
            "../a/",
            "mailto:a@b",
            "/\\evil",
        ] {
            assert_eq!(prefix(url, "/plan"), None, "{url}");
        }
    }

    #[test]
    fn html_attributes_in_any_quoting() {
        let html = r##"<a href="/a/">a</a><img src='/i.png' alt="x"><form action=/search/></form><a href="https://x.org/">x</a><a href="#m">m</a><img srcset="/s.png 1x, https://x.org/b.png 2x" alt="">"##;
        let out = rewrite_html(html, "/plan").unwrap();
        assert!(out.contains(r#"href="/plan/a/""#), "{out}");
        assert!(out.contains(r#"src="/plan/i.png""#), "{out}");
        assert!(out.contains(r#"action="/plan/search/""#), "{out}");
        assert!(out.contains(r#"href="https://x.org/""#), "{out}");
        assert!(out.contains(r##"href="#m""##), "{out}");
        assert!(
            out.contains(r#"srcset="/plan/s.png 1x, https://x.org/b.png 2x""#),
            "{out}"
        );
    }

    #[test]
    fn entities_in_a_url_survive() {
        let out = rewrite_html(r#"<a href="/a/?x=1&amp;y=&quot;2">a</a>"#, "/plan").unwrap();
        assert_eq!(out, r#"<a href="/plan/a/?x=1&amp;y=&quot;2">a</a>"#);
    }

    #[test]
    fn text_that_looks_like_a_link_is_left() {
        let html = "<p>write href=\"/a/\" in a template</p><pre><code>&lt;a href=&quot;/a/&quot;&gt;</code></pre>";
        assert_eq!(rewrite_html(html, "/plan").unwrap(), html);
    }

    #[test]
    fn css_urls_and_imports() {
        let css = "@import url(\"/css/base.css\");\n@import '/css/x.css';\na { background: URL( /i.png ) }\nb { background: url(https://x.org/i.png) }\nc { background: url(data:image/png;base64,AA) }\nd { background: url(../i.png) }\n";
        let out = rewrite_css(css, "/plan");
        assert_eq!(
            out,
            "@import url(\"/plan/css/base.css\");\n@import '/plan/css/x.css';\na { background: URL( /plan/i.png ) }\nb { background: url(https://x.org/i.png) }\nc { background: url(data:image/png;base64,AA) }\nd { background: url(../i.png) }\n"
        );
    }

    #[test]
    fn nothing_changes_at_the_root() {
        let mut files = BTreeMap::from([(
            PathBuf::from("index.html"),
            FileData::Bytes(b"<a href=\"/a/\">a</a>".to_vec()),
        )]);
        apply(&mut files, "").unwrap();
        assert!(
            matches!(&files[Path::new("index.html")], FileData::Bytes(b) if b == b"<a href=\"/a/\">a</a>")
        );
    }
}
