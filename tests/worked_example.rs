//! The worked example (this repository's own site) is ready to publish: it
//! passes `check --strict`, and its Atom feed and sitemap are well-formed XML
//! that list the pages it really has, with the dates its pages give.

mod common;

use std::collections::BTreeSet;

use common::*;

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    n.children()
        .find(|c| c.tag_name().name() == name)
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", n.tag_name().name()))
}

#[test]
fn the_worked_example_passes_check_strict() {
    let o = run(
        &[
            "check",
            "--root",
            manifest_dir().to_str().unwrap(),
            "--strict",
        ],
        &[],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "check --strict failed:\n{err}");
    assert!(
        err.contains("no errors") && !err.contains("warning"),
        "check --strict reported something:\n{err}"
    );
}

#[test]
fn the_feed_and_sitemap_are_valid_and_list_real_pages() {
    let tmp = TempDir::new("worked-feeds");
    let out = tmp.join("public");
    let o = run(
        &[
            "build",
            "--root",
            manifest_dir().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-search",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = tree(&out);
    let base = "https://plainsight.example";
    let page_of = |url: &str| -> String {
        let path = url.strip_prefix(base).expect("an address on the site");
        format!("{}index.html", path.trim_start_matches('/'))
    };

    let atom = String::from_utf8(t["atom.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&atom).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["id", "title", "updated"] {
        child(feed, required);
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert!(
        entries.len() >= 15,
        "every dated page is in the feed, found {}",
        entries.len()
    );
    let mut last = String::from("9999");
    for e in &entries {
        let updated = child(*e, "updated").text().unwrap_or_default().to_string();
        assert!(updated.len() >= 10 && updated[..10].chars().filter(|c| *c == '-').count() == 2);
        assert!(updated <= last, "entries newest first");
        last = updated;
        child(*e, "id");
        child(*e, "title");
        let href = child(*e, "link").attribute("href").expect("link href");
        assert!(t.contains_key(&page_of(href)), "{href} is not a page");
    }

    let sitemap = String::from_utf8(t["sitemap.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    for loc in &locs {
        assert!(t.contains_key(&page_of(loc)), "{loc} is not a page");
    }
    // Every page but the search page, which is a tool rather than content.
    let pages: BTreeSet<&String> = t
        .keys()
        .filter(|k| k.ends_with("index.html") && *k != "search/index.html")
        .collect();
    assert_eq!(locs.len(), pages.len(), "every page is in the sitemap");
}

/// Every table and every chart in the worked example names its licence and
/// links its download, and a chart says so once, under the figure, rather
/// than again under its "Show the data" table.
#[test]
fn every_table_and_chart_names_its_licence_once() {
    let tmp = TempDir::new("worked-licences");
    let out = tmp.join("public");
    plainsight::build(options(&manifest_dir()), &out).expect("the worked example builds");
    let (mut charts, mut tables) = (0, 0);
    for (path, bytes) in tree(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for figure in html.split("<figure class=\"chart").skip(1) {
            let figure = &figure[..figure.find("</figure>").expect("a closed figure")];
            charts += 1;
            assert_eq!(
                figure.matches("rel=\"license\"").count(),
                1,
                "{path}: {figure}"
            );
            assert_eq!(figure.matches(" download>").count(), 1, "{path}: {figure}");
        }
        let outside_charts: String = html
            .split("<figure class=\"chart")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once("</figure>").map_or("", |(_, after)| after)
                }
            })
            .collect();
        for table in outside_charts.split("<table class=\"data-table\"").skip(1) {
            // The notes line follows the table (after its key of symbols
            // and its footnotes, where it has them).
            let after = table.split("</table>").nth(1).unwrap_or("");
            let notes = after
                .split("<p class=\"table-notes\">")
                .find(|p| p.contains("rel=\"license\""))
                .unwrap_or(after);
            let notes = &notes[..notes.find("</p>").unwrap_or(notes.len())];
            tables += 1;
            assert!(
                notes.contains("rel=\"license\"") && notes.contains(" download>"),
                "{path}: {notes}"
            );
        }
    }
    assert!(
        charts >= 3 && tables >= 10,
        "{charts} charts, {tables} tables"
    );
}
