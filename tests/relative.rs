//! `plainsight build --relative`: the worked example built so it works
//! opened from the disk. Every local link in every page and stylesheet must
//! reach a file of the output, resolved from the file that holds it, as a
//! browser reading `file://` would resolve it; none may start at the root.

mod common;

use std::cell::RefCell;
use std::path::{Component, Path, PathBuf};

use common::{TempDir, manifest_dir};
use lol_html::{RewriteStrSettings, element, rewrite_str};

const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "poster", "data"];

fn build_relative(root: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = common::run(&args, &[]);
    assert!(
        o.status.success(),
        "{} did not build:\n{}",
        root.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every URL in a page's link-bearing attributes, srcset candidates split.
fn page_urls(html: &str) -> Vec<String> {
    let found = RefCell::new(Vec::new());
    let selector = URL_ATTRIBUTES
        .iter()
        .chain(&["srcset"])
        .map(|a| format!("[{a}]"))
        .collect::<Vec<_>>()
        .join(",");
    let handler = element!(selector, |el| {
        for name in URL_ATTRIBUTES {
            if let Some(v) = el.get_attribute(name) {
                found.borrow_mut().push(v);
            }
        }
        if let Some(v) = el.get_attribute("srcset") {
            for c in v.split(',') {
                let url = c.split_whitespace().next().unwrap_or("");
                found.borrow_mut().push(url.to_string());
            }
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(handler)
        .with_strict(false);
    rewrite_str(html, settings).expect("parse the page");
    found.into_inner()
}

/// Every `url(…)` and `@import "…"` in a stylesheet.
fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in css.split("url(").skip(1) {
        let end = part.find(')').unwrap_or(part.len());
        out.push(part[..end].trim().trim_matches(['"', '\'']).to_string());
    }
    for part in css.split("@import").skip(1) {
        let part = part.trim_start();
        if let Some(q) = part.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let rest = &part[1..];
            out.push(rest[..rest.find(q).unwrap_or(rest.len())].to_string());
        }
    }
    out
}

/// `mailto:`, `https:`, `data:`…: a URL with a scheme leaves the output.
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `url` resolved from the folder of `file` (both inside `out`), as the
/// path of the file it reaches; `..` may not leave the output.
fn resolve(out: &Path, file: &Path, url: &str) -> Result<PathBuf, String> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let mut at: Vec<String> = file
        .parent()
        .unwrap()
        .strip_prefix(out)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for seg in percent_decoded(path).split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                at.pop().ok_or("climbs out of the output folder")?;
            }
            s => at.push(s.to_string()),
        }
    }
    let target = at.iter().fold(out.to_path_buf(), |p, s| p.join(s));
    if target.components().any(|c| c == Component::ParentDir) {
        return Err("climbs out of the output folder".into());
    }
    Ok(target)
}

fn files_with(out: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![out.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == ext) {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

/// Each problem with one file's local links: a root-relative link, or one
/// that reaches no file (a folder is no file to `file://`).
fn broken_links(out: &Path, file: &Path, urls: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let name = file.strip_prefix(out).unwrap().display().to_string();
    for url in urls {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') || url.starts_with('?') || has_scheme(url) {
            continue;
        }
        if url.starts_with('/') {
            problems.push(format!("{name}: `{url}` starts at the root"));
            continue;
        }
        match resolve(out, file, url) {
            Ok(t) if t.is_file() => {}
            Ok(t) => problems.push(format!("{name}: `{url}` reaches no file ({})", t.display())),
            Err(e) => problems.push(format!("{name}: `{url}` {e}")),
        }
    }
    problems
}

#[test]
fn every_local_link_of_the_worked_example_reaches_a_file() {
    let tmp = TempDir::new("relative");
    let out = tmp.join("public");
    build_relative(&manifest_dir(), &out, &["--relative"]);
    let mut problems = Vec::new();
    let mut links = 0;
    let pages = files_with(&out, "html");
    assert!(pages.len() > 40, "only {} pages", pages.len());
    for page in &pages {
        let urls = page_urls(&common::read(page));
        links += urls.len();
        problems.extend(broken_links(&out, page, &urls));
    }
    for sheet in files_with(&out, "css") {
        // Pagefind's own stylesheets name no files of the site.
        let urls = css_urls(&common::read(&sheet));
        links += urls.len();
        problems.extend(broken_links(&out, &sheet, &urls));
    }
    assert!(links > 1000, "only {links} links found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // What names the published address stays absolute.
    let home = common::read(out.join("index.html"));
    assert!(home.contains(r#"<link rel="canonical" href="https://plainsight.example/">"#));
    assert!(home.contains(r#"content="https://plainsight.example/">"#));
    let sitemap = common::read(out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://plainsight.example/priorities/</loc>"));
    let atom = common::read(out.join("atom.xml"));
    assert!(atom.contains(r#"href="https://plainsight.example/about/""#));
    assert!(common::read(out.join("robots.txt")).contains("Sitemap: https://"));
    // Folders are reached by their index page, downloads as they are.
    let priority = common::read(out.join("priorities/serious-violence/index.html"));
    assert!(priority.contains(r#"href="../../css/site.css""#));
    assert!(priority.contains(r#"href="../../index.html""#));
    assert!(priority.contains(r#"action="../../search/index.html""#));
    let dataset = common::read(out.join("data/ward-figures/index.html"));
    assert!(
        dataset.contains(r#"href="../../data/ward-figures.csv""#),
        "no relative CSV download"
    );
    assert!(common::read(out.join("css/site.css")).contains(r#"@import url("../css/base.css")"#));
}

#[test]
fn site_yaml_relative_links_is_the_same_as_the_flag() {
    let tmp = TempDir::new("relative-yaml");
    let site = tmp.join("site");
    let files = [
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\n---\n\nSee [about](/about/) and [the team](/about/#team).\n",
        ),
        (
            "content/about.md",
            "---\ntitle: About\ndescription: About us.\n---\n\n## Team {#team}\n\nBack [home](/).\n",
        ),
    ];
    common::write_files(&site, &files);
    let config = "title: Relative\nbase_url: https://example.org/plan/\n";
    std::fs::write(site.join("site.yaml"), config).unwrap();
    build_relative(&site, &tmp.join("flag"), &["--relative"]);
    std::fs::write(
        site.join("site.yaml"),
        format!("{config}relative_links: true\n"),
    )
    .unwrap();
    build_relative(&site, &tmp.join("yaml"), &[]);
    let flag = common::tree(&tmp.join("flag"));
    common::assert_same_tree(
        &flag,
        &common::tree(&tmp.join("yaml")),
        "--relative vs relative_links",
    );
    let about = String::from_utf8(flag["about/index.html"].clone()).unwrap();
    assert!(about.contains(r#"href="../index.html""#), "{about}");
    // A base URL's path is for absolute links only: relative ones need none.
    assert!(!about.contains("/plan/css"), "{about}");
    assert!(about.contains("https://example.org/plan/about/"), "{about}");
}
