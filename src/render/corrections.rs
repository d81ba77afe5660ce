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
fn long_date(iso: &str, w: &Messages) -> String {
    w.date(iso)
}

/// The figure as the data give it now.
fn now(ds: &Dataset, t: Target) -> String {
    let col = &ds.columns[t.column];
    match ds.rows[t.row][t.column].number() {
        Some(n) => format_number(n, col.style()),
        None => format(&ds.rows[t.row][t.column], col.style()),
    }
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
                    ("figure", &figure(ds, t, w)),
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

/// "Rate for Dover": the corrected figure, named.
fn figure(ds: &Dataset, t: Target, w: &Messages) -> String {
    w.fill(
        "correction.figure",
        &[
            ("column", &ds.columns[t.column].label),
            ("row", &ds.key_text(t.row)),
        ],
    )
}

/// Where a correction's notice is on its dataset's page.
pub fn notice_url(ds: &Dataset, c: &Correction) -> String {
    format!(
        "{}#{}",
        ds.url(),
        notice_id(&format!("table-{}", ds.name), c)
    )
}

/// One correction as the list and the feed show it.
struct Entry<'a> {
    c: &'a Correction,
    ds: &'a Dataset,
    t: Target,
}

impl Entry<'_> {
    /// Where the notice is: under the table on the dataset's page.
    fn url(&self) -> String {
        notice_url(self.ds, self.c)
    }
    fn figure(&self, w: &Messages) -> String {
        figure(self.ds, self.t, w)
    }
}

/// Every correction that names a figure, newest first.
fn entries(site: &Site) -> Vec<Entry<'_>> {
    let mut all: Vec<Entry> = (site.datasets.tables.values())
        .flat_map(|ds| ds.meta.corrections.iter().map(move |c| (ds, c)))
        .filter_map(|(ds, c)| {
            Some(Entry {
                c,
                ds,
                t: target(ds, c)?,
            })
        })
        .collect();
    all.sort_by(|a, b| {
        (b.c.date.cmp(&a.c.date))
            .then(a.ds.name.cmp(&b.ds.name))
            .then(a.t.row.cmp(&b.t.row))
            .then(a.t.column.cmp(&b.t.column))
    });
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
                "dataset": e.ds.meta.title, "dataset_url": e.ds.url(),
                "figure": e.figure(w), "url": e.url(),
                "published": e.c.published.trim(), "now": now(e.ds, e.t),
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
    let w = site.strings.default_messages();
    let all = entries(site);
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
        let _ = writeln!(
            s,
            "    <summary>{}</summary>",
            escape_xml(&w.fill(
                "corrections.summary",
                &[
                    ("figure", &e.figure(w)),
                    ("dataset", &e.ds.meta.title),
                    ("published", e.c.published.trim()),
                    ("now", &now(e.ds, e.t)),
                    ("reason", e.c.reason.trim()),
                ]
            ))
        );
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    Some(s)
}
