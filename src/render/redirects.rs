//! The pages at a page's old addresses (`aliases:` in its front matter) and
//! the `_redirects` file for hosts that read one (Netlify, Cloudflare
//! Pages). Each page sends the browser on at once with a meta refresh
//! (immediate, so WCAG 2.2.1 is met), names the new address as canonical
//! for search engines, asks not to be indexed, and shows a link for anyone
//! whose browser does not follow the refresh. It links the site's
//! stylesheets, so it looks like the site, and carries no inline style or
//! script (docs/security.md).

use crate::model::config::Config;
use crate::model::i18n::Strings;
use crate::util::html::escape;

/// One old address and the page now at the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old address, site-root (`/old/` or `/old.html`).
    pub from: String,
    /// The page's address, site-root (`/priorities/new/`).
    pub to: String,
    /// The page's title, as published.
    pub title: String,
}

/// The small page written at `r.from`, in the language of the page it
/// sends readers to. Its links are site-root; the write stage moves them
/// under the base path, or makes them relative, like every page's
/// (src/write/base_path.rs, src/write/relative.rs).
pub fn page(
    cfg: &Config,
    r: &Redirect,
    brand_stylesheet: Option<&str>,
    strings: &Strings,
) -> String {
    let lang = cfg.lang_of_url(&r.to);
    let moved = escape(strings.of(&lang).get("redirect.moved"));
    let site = (cfg
        .translation(&lang)
        .filter(|_| lang != cfg.default_lang()))
    .and_then(|t| t.title.clone())
    .unwrap_or_else(|| cfg.title.clone());
    let to = escape(&r.to);
    let title = escape(&r.title);
    let mut links = brand_stylesheet
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{}\">\n", escape(href)))
        .unwrap_or_default();
    let (icon, icon_type) = crate::render::branding::favicon(cfg);
    links.push_str(&format!(
        "<link rel=\"icon\" href=\"{}\" type=\"{icon_type}\">\n",
        escape(icon)
    ));
    format!(
        "<!DOCTYPE html>
<html lang=\"{lang}\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>{moved} – {site}</title>
<meta name=\"robots\" content=\"noindex\">
<link rel=\"canonical\" href=\"{canonical}\">
<meta http-equiv=\"refresh\" content=\"0; url={to}\">
<link rel=\"stylesheet\" href=\"/css/site.css\">
{links}</head>
<body class=\"kind-redirect\">
<div class=\"wrap page-wrap\">
<main id=\"main\" class=\"main\">
<h1>{moved}</h1>
<p><a href=\"{to}\">{title}</a></p>
</main>
</div>
</body>
</html>
",
        lang = escape(&cfg.lang_tag(&lang)),
        site = escape(&site),
        canonical = escape(&cfg.permalink(&r.to)),
    )
}

/// `_redirects`: `/old /new 301` a line, sorted by old address, under the
/// base URL's path as readers see the addresses.
pub fn redirects_file(cfg: &Config, list: &[Redirect]) -> String {
    let base = cfg.base_path();
    let mut lines: Vec<String> = list
        .iter()
        .map(|r| format!("{base}{} {base}{} 301\n", r.from, r.to))
        .collect();
    lines.sort();
    let mut s = String::from(
        "# Old addresses of pages, from `aliases:` in their front matter (made by Plainsight).\n",
    );
    s.extend(lines);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(base: &str) -> Config {
        Config::parse(&format!("title: A & B\nbase_url: {base}\n")).unwrap()
    }

    #[test]
    fn page_redirects_and_is_not_indexed() {
        let r = Redirect {
            from: "/old/".into(),
            to: "/new/".into(),
            title: "Tom & Jerry".into(),
        };
        let html = page(&cfg("https://e.org/plan/"), &r, None, &Strings::default());
        assert!(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/new/\">"));
        assert!(html.contains("<link rel=\"canonical\" href=\"https://e.org/plan/new/\">"));
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(html.contains("<a href=\"/new/\">Tom &amp; Jerry</a>"));
        assert!(html.contains("<html lang=\"en-GB\">"));
        assert!(html.contains("<title>This page has moved – A &amp; B</title>"));
    }

    #[test]
    fn redirects_file_under_base_path() {
        let list = [
            Redirect {
                from: "/z/".into(),
                to: "/n/".into(),
                title: "N".into(),
            },
            Redirect {
                from: "/a.html".into(),
                to: "/n/".into(),
                title: "N".into(),
            },
        ];
        let s = redirects_file(&cfg("https://e.org/plan/"), &list);
        assert!(
            s.ends_with("/plan/a.html /plan/n/ 301\n/plan/z/ /plan/n/ 301\n"),
            "{s}"
        );
    }
}
