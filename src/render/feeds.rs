//! Machine-readable companions of the site: sitemap, robots.txt and Atom feed.

use std::fmt::Write as _;

use crate::model::config::Config;
use crate::render::RenderedPage;
use crate::util::html::escape_xml;

fn listed(p: &RenderedPage) -> bool {
    // The search page is a tool, not content.
    p.kind != "404" && p.kind != "search" && !p.draft
}

pub fn sitemap(cfg: &Config, pages: &[RenderedPage]) -> String {
    // Pages with translations list each language's version (Google's
    // `xhtml:link` alternates), the page itself among them.
    let bilingual = pages.iter().any(|p| !p.alternates.is_empty());
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if bilingual {
        s.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    s.push_str(">\n");
    let mut list: Vec<&RenderedPage> = pages.iter().filter(|p| listed(p)).collect();
    list.sort_by(|a, b| a.url.cmp(&b.url));
    for p in list {
        let _ = write!(
            s,
            "  <url><loc>{}</loc>",
            escape_xml(&cfg.permalink(&p.url))
        );
        if let Some(d) = p.updated.as_ref().or(p.date.as_ref()) {
            let _ = write!(s, "<lastmod>{}</lastmod>", escape_xml(d));
        }
        if !p.alternates.is_empty() {
            let own = std::iter::once((&p.lang, &p.url));
            for (tag, url) in own.chain(p.alternates.iter().map(|(t, u)| (t, u))) {
                let _ = write!(
                    s,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape_xml(tag),
                    escape_xml(&cfg.permalink(url))
                );
            }
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

pub fn robots(cfg: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        cfg.permalink("/sitemap.xml")
    )
}

/// Atom feed of dated pages, newest first.
pub fn atom(cfg: &Config, pages: &[RenderedPage]) -> String {
    let mut dated: Vec<(&str, &RenderedPage)> = pages
        .iter()
        .filter(|p| listed(p))
        .filter_map(|p| p.updated.as_deref().or(p.date.as_deref()).map(|d| (d, p)))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(a.0).then(a.1.url.cmp(&b.1.url)));
    dated.truncate(50);
    let feed_updated = dated.first().map(|d| d.0).unwrap_or("1970-01-01");
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(s, " xml:lang=\"{}\">", escape_xml(&cfg.language));
    let _ = writeln!(s, "  <title>{}</title>", escape_xml(&cfg.title));
    if !cfg.description.is_empty() {
        let _ = writeln!(s, "  <subtitle>{}</subtitle>", escape_xml(&cfg.description));
    }
    let _ = writeln!(s, "  <id>{}</id>", escape_xml(&cfg.permalink("/")));
    let _ = writeln!(
        s,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(&cfg.permalink("/"))
    );
    let _ = writeln!(
        s,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&cfg.permalink("/atom.xml"))
    );
    let _ = writeln!(s, "  <updated>{feed_updated}T00:00:00Z</updated>");
    let _ = writeln!(
        s,
        "  <author><name>{}</name></author>",
        escape_xml(&cfg.organisation.name)
    );
    let _ = writeln!(s, "  <generator>Plainsight</generator>");
    let _ = writeln!(s, "  <rights>{}</rights>", escape_xml(&cfg.licence.name));
    for (updated, p) in dated {
        let url = cfg.permalink(&p.url);
        if p.lang == cfg.language {
            s.push_str("  <entry>\n");
        } else {
            let _ = writeln!(s, "  <entry xml:lang=\"{}\">", escape_xml(&p.lang));
        }
        let _ = writeln!(s, "    <title>{}</title>", escape_xml(&p.title));
        let _ = writeln!(s, "    <id>{}</id>", escape_xml(&url));
        let _ = writeln!(
            s,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape_xml(&url)
        );
        let _ = writeln!(s, "    <updated>{updated}T00:00:00Z</updated>");
        if let Some(d) = &p.date {
            let _ = writeln!(s, "    <published>{d}T00:00:00Z</published>");
        }
        if let Some(d) = &p.description {
            let _ = writeln!(s, "    <summary>{}</summary>", escape_xml(d));
        }
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}
