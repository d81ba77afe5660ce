//! Text-heavy tables, picked rows and targets (docs/datasets.md, "Text in
//! tables" and "Targets"; docs/authoring.md, "Tables"): the fixture site
//! tests/sites/text-tables, built, and what its pages and downloads say.

mod common;

use common::*;

fn built() -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new("text-tables");
    let out = tmp.join("public");
    build_ok(&site("text-tables"), &out);
    (tmp, out)
}

/// The HTML between `from` and the next `until`.
fn section<'a>(html: &'a str, from: &str, until: &str) -> &'a str {
    let i = html.find(from).unwrap_or_else(|| panic!("no `{from}`"));
    let rest = &html[i..];
    &rest[..rest[from.len()..]
        .find(until)
        .map_or(rest.len(), |j| j + from.len())]
}

#[test]
fn markdown_cells_become_lists_links_and_breaks() {
    let (_t, out) = built();
    let home = read(out.join("index.html"));
    let da = section(&home, "id=\"domestic-abuse\"", "<h2");
    assert!(
        da.contains("<td><ul>&#10;<li>Five notifications received"),
        "{da}"
    );
    assert!(da.contains("<li>See the <a href=\"/about/\">review guidance</a></li>"));
    assert!(da.contains("rebuilt and <strong>relaunched</strong>.<br />"));
    // The table is one HTML block: no line of it is blank.
    assert!(!da.contains("\n\n"), "{da}");
}

#[test]
fn footnotes_are_numbered_per_table_and_linked_both_ways() {
    let (_t, out) = built();
    let home = read(out.join("index.html"));
    let roads = section(&home, "id=\"road-safety\"", "<h2");
    assert!(roads.contains(
        "<a href=\"#table-actions-2-note-1\" id=\"table-actions-2-ref-1\"><span class=\"visually-hidden\">Note </span>1</a>"
    ));
    assert!(roads.contains("<li id=\"table-actions-2-note-2\">Planned for the autumn term. <a class=\"note-back\" href=\"#table-actions-2-ref-2\">"));
    assert!(roads.contains("<span class=\"visually-hidden\">Back to note 2 in the table</span>"));
    assert!(roads.contains("<ol aria-labelledby=\"table-actions-2-notes\">"));
    // A note's own link is made.
    assert!(roads.contains("<a href=\"https://example.org/annual-report\">annual report</a>"));
}

#[test]
fn sources_are_listed_with_links_and_dates() {
    let (_t, out) = built();
    let home = read(out.join("index.html"));
    assert!(home.contains("Sources: <a href=\"https://example.org/action-plan.pdf\">Community safety action plan</a> (1 April 2025); <a href=\"https://example.org/performance.pdf\">Performance summary</a>."));
    // The single `source` with its `source_url` still works.
    assert!(home.contains(
        "Source: <a href=\"https://example.org/police-data\">Police recorded incidents</a>."
    ));
    let page = read(out.join("data/actions/index.html"));
    assert!(page.contains("<time datetime=\"2025-04-01\">1 April 2025</time>"));
}

#[test]
fn picked_rows_keep_their_order_and_leave_the_totals_out() {
    let (_t, out) = built();
    let home = read(out.join("index.html"));
    let asb = section(&home, "id=\"two-districts\"", "</p>");
    let dover = asb.find(">Dover<").unwrap();
    let ashford = asb.find(">Ashford<").unwrap();
    assert!(dover < ashford, "rows in the order listed");
    assert!(!asb.contains("Canterbury") && !asb.contains("All districts"));
    assert!(asb.contains("Showing 2 of 3 rows. The totals row is left out"));
    let da = section(&home, "id=\"domestic-abuse\"", "<h2");
    assert!(!da.contains("Road safety") && !da.contains("Priority</th>"));
    // The dataset's own page has every row and the totals.
    let page = read(out.join("data/asb/index.html"));
    assert!(page.contains("All districts") && page.contains("Canterbury"));
}

#[test]
fn targets_show_their_status_in_words() {
    let (_t, out) = built();
    let home = read(out.join("index.html"));
    let t = section(&home, "id=\"targets\"", "</table>");
    assert!(t.contains("<span class=\"target-status target-status--met\"><span aria-hidden=\"true\">✓</span> met</span>"));
    assert!(t.contains("<span aria-hidden=\"true\">✗</span> not met</span>"));
    assert!(t.contains("not yet reported</span>"));
    assert!(home.contains("The target for repeat victims was met;"));
    let csv = read(out.join("data/targets.csv"));
    assert!(csv.starts_with("measure,baseline,target,actual,direction,status\r\n"));
    assert!(csv.contains("Schools visited,20,30,,higher,not yet reported\r\n"));
    let meta = read(out.join("data/targets.csv-metadata.json"));
    assert!(
        meta.contains("met when Actual is at or above, or at or below, as Better when says Target")
    );
}

#[test]
fn downloads_keep_the_markdown_and_carry_sources_and_notes() {
    let (_t, out) = built();
    let csv = read(out.join("data/actions.csv"));
    assert!(csv.contains("\"- Five notifications received[^1]\n- Three reviews commissioned\n- See the [review guidance](/about/)\""));
    let json: serde_json::Value =
        serde_json::from_str(&read(out.join("data/actions.json"))).unwrap();
    assert_eq!(json["sources"][0]["title"], "Community safety action plan");
    assert_eq!(json["footnotes"][1]["text"], "Planned for the autumn term.");
    let rows = json["rows"].as_array().unwrap();
    assert!(
        rows[1]["progress"]
            .as_str()
            .unwrap()
            .contains("**relaunched**")
    );
    let meta: serde_json::Value =
        serde_json::from_str(&read(out.join("data/actions.csv-metadata.json"))).unwrap();
    assert_eq!(
        meta["dc:source"][0]["@id"],
        "https://example.org/action-plan.pdf"
    );
    assert_eq!(meta["dc:source"][0]["dc:date"]["@value"], "2025-04-01");
    assert_eq!(meta["notes"][0]["dc:identifier"], "1");
    assert!(
        meta["notes"][0]["body"]
            .as_str()
            .unwrap()
            .starts_with("Figures to the end of March")
    );
    // A dataset with only the old `source` keeps its string.
    let asb: serde_json::Value =
        serde_json::from_str(&read(out.join("data/asb.csv-metadata.json"))).unwrap();
    assert_eq!(asb["dc:source"], "Police recorded incidents");
}

#[test]
fn the_site_passes_check_strict() {
    let o = run(
        &[
            "check",
            "--strict",
            "--root",
            site("text-tables").to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
