//! Corrections as readers see them: the notice beside a corrected figure
//! (the marker in its cell links to it), the /corrections/ page that lists
//! every correction newest first, and its Atom feed.
//!
//! This follows how GOV.UK corrects published statistics: the corrected
//! figure replaces the wrong one, a dated notice next to it says what was
//! published, what it is now and why, and a list of changes keeps the
//! record. Nothing is shown by colour alone: the marker and the notice say
//! "corrected" in words, and both work without JavaScript.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{Value as Json, json};

use crate::model::correction::{Correction, Target, target};
use crate::model::dataset::Dataset;
use crate::model::dataset::format::{format, format_number};
use crate::model::i18n::Messages;
use crate::model::site::Site;
use crate::render::{Engines, RenderedPage};
use crate::util::html::{escape, escape_xml};

pub const PAGE_URL: &str = "/corrections/";
pub const FEED_PATH: &str = "corrections/atom.xml";

/// `2024-03-14` as readers read it: 14 March 2024, 14 Mawrth 2024.
pub(crate) fn long_date(iso: &str, w: &Messages) -> String {
    w.date(iso)
}

/// The figure as the data give it now.
pub(crate) fn now(ds: &Dataset, t: Target) -> String {
    let col = &ds.columns[t.column];
    match ds.rows[t.row][t.column].number() {
        Some(n) => format_number(n, col.style()),
        None => format(&ds.rows[t.row][t.column], col.style()),
    }
}

/// What a corrected figure is: "% change for Swale".
pub(crate) fn figure_name(ds: &Dataset, t: Target, w: &Messages) -> String {
    w.fill(
        "correction.figure",
        &[
            ("column", &ds.columns[t.column].label),
            ("row", &ds.key_text(t.row)),
        ],
    )
}

/// The id of a correction's notice under the table `table_id`.
pub fn notice_id(table_id: &str, c: &Correction) -> String {
    format!("{table_id}-{}", c.anchor())
}

/// The marker after a corrected figure in a table cell: a link, in words,
/// to the notice under the table.
pub fn marker(table_id: &str, c: &Correction, w: &Messages) -> String {
    format!(
        " <a class=\"correction-marker\" href=\"#{}\">{}<span class=\"visually-hidden\"> {}</span></a>",
        escape(&notice_id(table_id, c)),
        escape(w.get("correction.marker")),
        escape(&w.fill(
            "correction.marker_hidden",
            &[("date", &long_date(&c.date, w))]
        )),
    )
}

/// The notices for the corrected figures among `rows` and `cols` of a
/// table, newest first; empty when none is shown.
pub fn notices(
    ds: &Dataset,
    table_id: &str,
    rows: &[usize],
    cols: &[usize],
    w: &Messages,
) -> String {
    let mut shown: Vec<(&Correction, Target)> = (ds.meta.corrections.iter())
        .filter_map(|c| Some((c, target(ds, c)?)))
        .filter(|(_, t)| rows.contains(&t.row) && cols.contains(&t.column))
        .collect();
    shown.sort_by(|a, b| b.0.date.cmp(&a.0.date).then(a.1.row.cmp(&b.1.row)));
    let mut s = String::new();
    for (c, t) in shown {
        let _ = writeln!(
            s,
            "<div class=\"correction\" id=\"{}\" role=\"note\"><p><strong class=\"correction__title\">{}</strong> {} {}</p><p><a href=\"{PAGE_URL}\">{}</a></p></div>",
            escape(&notice_id(table_id, c)),
            escape(&w.fill("correction.notice", &[("date", &long_date(&c.date, w))])),
            escape(&w.fill(
                "correction.was",
                &[
                    ("figure", &figure_name(ds, t, w)),
                    ("published", c.published.trim()),
                    ("now", &now(ds, t)),
                ]
            )),
            escape(c.reason.trim()),
            escape(w.get("correction.all")),
        );
    }
    s
}

/// Where a correction's notice is on its dataset's page.
pub fn notice_url(ds: &Dataset, c: &Correction) -> String {
    format!(
        "{}#{}",
        ds.url(),
        notice_id(&format!("table-{}", ds.name), c)
    )
}

/// One correction as the list and the feed show it: of a figure in a
/// dataset (recorded in its sidecar or on a page), or of a page's wording.
struct Entry<'a> {
    c: &'a Correction,
    /// The figure's dataset and place; None for a correction of wording.
    fig: Option<(&'a Dataset, Target)>,
    /// The page that records the correction, when one does.
    page: Option<&'a crate::model::page::Page>,
}

impl Entry<'_> {
    /// Where the notice is: on the page that records it, or under the
    /// table on the dataset's page.
    fn url(&self) -> String {
        match (self.page, self.fig) {
            (Some(p), _) => format!("{}#{}", p.url, self.c.anchor()),
            (None, Some((ds, _))) => notice_url(ds, self.c),
            (None, None) => PAGE_URL.to_string(),
        }
    }
    /// What was corrected: the figure, or the page's wording.
    fn figure(&self, w: &Messages) -> String {
        match (self.fig, self.page) {
            (Some((ds, t)), _) => figure_name(ds, t, w),
            (None, Some(p)) => w.fill("page_correction.wording_title", &[("page", &p.front.title)]),
            (None, None) => String::new(),
        }
    }
    fn now(&self) -> Option<String> {
        self.fig.map(|(ds, t)| now(ds, t))
    }
    /// The feed's summary, reason included.
    fn summary(&self, words: &Messages) -> String {
        let published = crate::render::page_corrections::quoted(self.c);
        let reason = self.c.reason.trim();
        let before = match (self.page, self.fig) {
            (None, Some((ds, t))) => {
                return words.fill(
                    "corrections.summary",
                    &[
                        ("figure", &figure_name(ds, t, words)),
                        ("dataset", &ds.meta.title),
                        ("published", published),
                        ("now", &now(ds, t)),
                        ("reason", reason),
                    ],
                );
            }
            (Some(p), Some((ds, t))) => words.fill(
                "page_correction.feed_figure",
                &[
                    ("figure", &figure_name(ds, t, words)),
                    ("page", &p.front.title),
                    ("published", published),
                    ("now", &now(ds, t)),
                ],
            ),
            (Some(p), None) => words.fill(
                "page_correction.feed_wording",
                &[("page", &p.front.title), ("published", published)],
            ),
            (None, None) => String::new(),
        };
        format!("{before} {reason}")
    }
}

/// Every correction on record, newest first: each sidecar's that names a
/// figure, and each page's that names a figure or corrects its wording.
fn entries(site: &Site) -> Vec<Entry<'_>> {
    let in_data = (site.datasets.tables.values())
        .flat_map(|ds| ds.meta.corrections.iter().map(move |c| (ds, c)))
        .filter_map(|(ds, c)| {
            Some(Entry {
                c,
                fig: Some((ds, target(ds, c)?)),
                page: None,
            })
        });
    let on_pages = (site.content.pages.iter())
        .flat_map(|p| p.front.corrections.iter().map(move |c| (p, c)))
        .filter_map(|(p, c)| {
            let fig = crate::render::page_corrections::figure(site, c);
            // A figure that names nothing is an error, not an entry.
            (c.is_wording() || fig.is_some()).then_some(Entry {
                c,
                fig,
                page: Some(p),
            })
        });
    let mut all: Vec<Entry> = in_data.chain(on_pages).collect();
    let key = |e: &Entry<'_>| {
        let (name, row, col) = e
            .fig
            .map_or(("", 0, 0), |(ds, t)| (ds.name.as_str(), t.row, t.column));
        let page = e.page.map_or("", |p| p.url.as_str());
        (page.to_string(), name.to_string(), row, col, e.c.line)
    };
    all.sort_by(|a, b| b.c.date.cmp(&a.c.date).then_with(|| key(a).cmp(&key(b))));
    all
}

/// Whether the site has corrections to list (and the theme a page for them).
pub fn has_page(site: &Site) -> bool {
    site.theme.templates.contains_key("corrections.html")
        && site.content.by_url(PAGE_URL).is_none()
        && !entries(site).is_empty()
}

/// The /corrections/ page; None when there is nothing to list.
pub fn render_page(
    site: &Site,
    engines: &Engines,
) -> Option<Result<RenderedPage, crate::diagnostic::Diagnostics>> {
    if !has_page(site) {
        return None;
    }
    let w = site.strings.default_messages();
    let list: Vec<Json> = entries(site)
        .iter()
        .map(|e| {
            json!({
                "date": e.c.date, "date_text": long_date(&e.c.date, w),
                "dataset": e.fig.map(|(ds, _)| &ds.meta.title),
                "dataset_url": e.fig.map(|(ds, _)| ds.url()),
                "page": e.page.map(|p| &p.front.title),
                "page_url": e.page.map(|p| &p.url),
                "figure": e.figure(w), "url": e.url(),
                "published": e.c.published.trim(), "now": e.now(),
                "reason": e.c.reason.trim(),
            })
        })
        .collect();
    Some(crate::render::render_generated(
        site,
        engines,
        "corrections.html",
        PAGE_URL,
        PathBuf::from("corrections/index.html"),
        w.get("corrections.title"),
        "corrections",
        &[
            ("corrections", Json::Array(list)),
            ("feed_url", json!(format!("/{FEED_PATH}"))),
            ("description", json!(w.get("corrections.description"))),
        ],
    ))
}

/// The corrections as an Atom feed, newest first; None when there are none.
pub fn atom(site: &Site) -> Option<String> {
    if !has_page(site) {
        return None;
    }
    let cfg = &site.config;
    let all = entries(site);
    let w = site.strings.default_messages();
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(s, " xml:lang=\"{}\">", escape_xml(&cfg.language));
    let _ = writeln!(
        s,
        "  <title>{}</title>",
        escape_xml(&w.fill("corrections.feed_title", &[("site", &cfg.title)]))
    );
    let _ = writeln!(s, "  <id>{}</id>", escape_xml(&cfg.permalink(PAGE_URL)));
    let _ = writeln!(
        s,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(&cfg.permalink(PAGE_URL))
    );
    let _ = writeln!(
        s,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&cfg.permalink(&format!("/{FEED_PATH}")))
    );
    let _ = writeln!(s, "  <updated>{}T00:00:00Z</updated>", all[0].c.date);
    let _ = writeln!(
        s,
        "  <author><name>{}</name></author>",
        escape_xml(&cfg.organisation.name)
    );
    for e in &all {
        let url = cfg.permalink(&e.url());
        s.push_str("  <entry>\n");
        let _ = writeln!(
            s,
            "    <title>{}</title>",
            escape_xml(&w.fill("corrections.entry_title", &[("figure", &e.figure(w))]))
        );
        let _ = writeln!(s, "    <id>{}</id>", escape_xml(&url));
        let _ = writeln!(
            s,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape_xml(&url)
        );
        let _ = writeln!(s, "    <updated>{}T00:00:00Z</updated>", e.c.date);
        let _ = writeln!(s, "    <summary>{}</summary>", escape_xml(&e.summary(w)));
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    Some(s)
}
