//! Corrections on record (docs/datasets.md#corrections): the fixture at
//! tests/sites/corrections publishes two figures that were wrong, records
//! both as corrections, and builds; each shows its notice beside the table,
//! its marker in the cell and beside the figure in the prose, and is listed
//! on /corrections/ and in its Atom feed, newest first. Its Thanet page
//! records two corrections in its own front matter, of a figure and of its
//! wording: their notices are on that page, the figure links to its notice,
//! and both are listed and in the feed with the sidecar's.

mod common;

use common::*;

fn built() -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new("corrections");
    let out = tmp.join("public");
    build_ok(&site("corrections"), &out);
    (tmp, out)
}

#[test]
fn the_fixture_passes_the_strict_check() {
    let report = plainsight::check(options(&site("corrections"))).expect("the site loads");
    let findings: Vec<String> = report.findings.iter().map(describe).collect();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn without_its_corrections_the_fixture_fails_verification() {
    let tmp = TempDir::new("corrections-removed");
    let root = tmp.join("site");
    copy_dir(&site("corrections"), &root);
    let sidecar = read(root.join("data/asb-by-district.yaml"));
    let cut = sidecar.split("corrections:").next().unwrap().to_string();
    std::fs::write(root.join("data/asb-by-district.yaml"), cut).unwrap();
    let report = plainsight::check(options(&root)).expect("the site loads");
    let verify: Vec<String> = (report.findings.iter())
        .filter(|d| d.code == "verify")
        .map(|d| d.location())
        .collect();
    assert_eq!(
        verify,
        [
            "data/asb-by-district.csv:2:17",
            "data/asb-by-district.csv:4:15"
        ]
    );
}

#[test]
fn the_page_shows_each_notice_and_marks_each_corrected_figure() {
    let (_tmp, out) = built();
    let html = read(out.join("index.html"));
    let swale = "table-asb-by-district-correction-asb-by-district-swale-change-pct";
    assert!(html.contains(&format!(
        "<div class=\"correction\" id=\"{swale}\" role=\"note\"><p><strong class=\"correction__title\">Correction, 14 March 2024:</strong> % change for Swale was published as 12.45%. It is +14.2%. The change was divided by the 2023 figure instead of the 2022 figure.</p>"
    )), "{html}");
    // The marker is words in a link, not a colour.
    assert!(html.contains(&format!(
        "+14.2% <a class=\"correction-marker\" href=\"#{swale}\">corrected<span class=\"visually-hidden\"> on 14 March 2024"
    )));
    // The reason went through the call engine: its value() was worked out.
    assert!(html.contains(
        "The change was divided by the later period; 10.8% fewer reports is the change on 2022."
    ));
    assert!(!html.contains("{{"));
    // Newest first under the table; and the figure in the prose is marked.
    let (dover, swale_at) = (
        html.find("Correction, 20 March 2024").unwrap(),
        html.find("Correction, 14 March 2024").unwrap(),
    );
    assert!(dover < swale_at);
    assert!(html.contains("<data value=\"14.218958611481977\">14.2%</data></a> <a class=\"correction-marker\" href=\"/data/asb-by-district/#table-asb-by-district-correction-asb-by-district-swale-change-pct\">(corrected)</a>"));
    // The footer links to the list, and the dataset's page has the notices too.
    assert!(html.contains("<li><a href=\"/corrections/\">Corrections</a></li>"));
    assert!(read(out.join("data/asb-by-district/index.html")).contains(&format!("id=\"{swale}\"")));
}

#[test]
fn corrections_are_listed_newest_first_with_a_feed() {
    let (_tmp, out) = built();
    let page = read(out.join("corrections/index.html"));
    let items: Vec<&str> = page
        .split("<li class=\"corrections-list__item\">")
        .skip(1)
        .collect();
    assert_eq!(items.len(), 4);
    let items = &items[2..];
    assert!(items[0].contains("<time datetime=\"2024-03-20\">20 March 2024</time>"));
    assert!(items[0].contains("<dt>Published as</dt><dd>−12.14%</dd>"));
    assert!(items[0].contains("<dt>Now</dt><dd>−10.8%</dd>"));
    assert!(items[1].contains("% change for Swale"));
    assert!(page.contains("href=\"/corrections/atom.xml\""));

    let feed = read(out.join("corrections/atom.xml"));
    let doc = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let title = |n: &roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|c| c.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        entries.iter().map(title).collect::<Vec<_>>(),
        [
            "Correction: Wording on ‘Anti-social behaviour in Thanet’",
            "Correction: Apr to Sep 2023 for Thanet",
            "Correction: % change for Dover",
            "Correction: % change for Swale"
        ]
    );
    let summary = entries[3]
        .children()
        .find(|c| c.has_tag_name("summary"))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        summary.contains("was published as 12.45%. It is +14.2%."),
        "{summary}"
    );
}

#[test]
fn a_site_without_corrections_has_no_corrections_page_or_link() {
    let tmp = TempDir::new("no-corrections");
    let out = tmp.join("public");
    build_ok(
        &site("seed-appendices")
            .parent()
            .unwrap()
            .join("valid/minimal"),
        &out,
    );
    assert!(!out.join("corrections").exists());
    assert!(!read(out.join("index.html")).contains("/corrections/"));
}

#[test]
fn a_page_shows_the_corrections_in_its_front_matter() {
    let (_tmp, out) = built();
    let html = read(out.join("thanet/index.html"));
    let figure = "correction-asb-by-district-thanet-current";
    // Each notice is dated, says what the page published and what it is
    // now, and its reason went through the call engine.
    assert!(
        html.contains(&format!(
            "<div class=\"correction\" id=\"{figure}\" role=\"note\">"
        )),
        "{html}"
    );
    assert!(html.contains("<time datetime=\"2024-04-02\">2 April 2024</time>:</strong>"));
    assert!(html.contains("On this page, Apr to Sep 2023 for Thanet was published as 1,598. It is 1,589. The figure was copied from the draft return; the final return gives 1,589 reports."));
    assert!(
        html.contains("This page said: “Reports in Thanet rose on the year before”. Reports fell.")
    );
    assert!(!html.contains("{{"));
    // Newest first, before the page's prose.
    let (wording, fig, prose) = (
        html.find("correction-wording-2024-04-09").unwrap(),
        html.find(&format!("id=\"{figure}\"")).unwrap(),
        html.find("<div class=\"prose\">").unwrap(),
    );
    assert!(wording < fig && fig < prose);
    // The corrected figure links to its notice on this page; the other
    // figure from the same row does not.
    assert!(html.contains(&format!(
        "<data value=\"1589\">1,589</data></a> <a class=\"correction-marker\" href=\"#{figure}\">(corrected)</a>"
    )));
    assert_eq!(html.matches("(corrected)").count(), 1);
    // The list links to the notice on the page, and names the page.
    let list = read(out.join("corrections/index.html"));
    assert!(list.contains(&format!(
        "<a href=\"/thanet/#{figure}\">Apr to Sep 2023 for Thanet</a>"
    )));
    assert!(list.contains(
        "<dt>Page</dt><dd><a href=\"/thanet/\">Anti-social behaviour in Thanet</a></dd>"
    ));
    let feed = read(out.join("corrections/atom.xml"));
    assert!(feed.contains("The page ‘Anti-social behaviour in Thanet’ said: “Reports in Thanet rose on the year before”. Reports fell."));
    assert!(feed.contains(&format!("/thanet/#{figure}</id>")));
}

/// A figure placed by a front-matter field (a priority page's findings,
/// say) is one the page shows: its correction is not reported as pointing
/// at nothing, and the notice gives the figure as the field shows it.
#[test]
fn a_page_correction_of_a_figure_in_a_field_is_placed() {
    let tmp = TempDir::new("corrections-field");
    let root = tmp.join("site");
    copy_dir(&site("corrections"), &root);
    let page = root.join("content/thanet.md");
    let text = read(&page).replacen(
        "description: Reports of anti-social behaviour in Thanet, with two corrections to this page on record.",
        "description: \"Reports of anti-social behaviour in Thanet, {{ value(data=\\\"asb-by-district\\\", row=\\\"Thanet\\\", col=\\\"previous\\\") }} the year before.\"",
        1,
    ).replacen(
        "  - published: Reports in Thanet rose",
        "  - { data: asb-by-district, row: Thanet, column: previous, published: \"1,623\", date: 2024-04-03, reason: Two digits were swapped. }\n  - published: Reports in Thanet rose",
        1,
    );
    std::fs::write(&page, text).unwrap();
    let report = plainsight::check(options(&root)).expect("the site loads");
    let findings: Vec<String> = report.findings.iter().map(describe).collect();
    assert!(findings.is_empty(), "{findings:#?}");
    let out = tmp.join("public");
    build_ok(&root, &out);
    let html = read(out.join("thanet/index.html"));
    assert!(html.contains("On this page, Apr to Sep 2022 for Thanet was published as 1,623. It is 1,632. Two digits were swapped."), "{html}");
}
