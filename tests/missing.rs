//! Missing, flagged and suppressed figures (GSS symbols in tables): what
//! the page, the chart, its description and each download say.

mod common;
use common::*;

/// The pieces of the built site these tests read.
struct Built {
    _tmp: TempDir,
    out: std::path::PathBuf,
}

impl Built {
    fn of(site_name: &str) -> Self {
        let tmp = TempDir::new(site_name);
        let out = tmp.join("public");
        build_ok(&site(site_name), &out);
        Built { _tmp: tmp, out }
    }
    fn file(&self, rel: &str) -> String {
        read(self.out.join(rel))
    }
}

/// The `<tfoot>` of the table with this id.
fn totals_row(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let rest = &html[at..];
    let foot = rest.find("<tfoot>").expect("a totals row");
    let end = rest[foot..].find("</tfoot>").unwrap();
    rest[foot..foot + end].to_string()
}

/// The bug this feature fixes: with `missing: ["*", "-", "n/a"]` and one
/// missing cell, one column's total summed the rows with data and the
/// other summed all of them, and the change between them was published as
/// a figure (2,520 against 3,349, −24.8%). Now the total that lacks a
/// figure is missing, with the reason, and so is the change.
#[test]
fn a_total_over_a_missing_figure_is_missing_not_wrong() {
    let tmp = TempDir::new("wrong-total");
    write_files(
        tmp.path(),
        &[
            (
                "site.yaml",
                "title: T\nbase_url: https://example.org/\nperiod: { current: \"2025/26\" }\naccessibility: { status: not-assessed }\n",
            ),
            (
                "content/_index.md",
                "---\ntitle: Home\ndescription: One table with a missing figure and a totals row.\n---\n\n{{ table(data=\"t\") }}\n",
            ),
            (
                "data/t.csv",
                "district,current,previous\nAshford,1020,1000\nCanterbury,1500,1600\nDover,-,749\n",
            ),
            (
                "data/t.yaml",
                "title: Incidents\ndescription: Incidents by district.\nsource: Test Police\nmissing: [\"*\", \"-\", \"n/a\"]\ncolumns:\n  current: { type: integer }\n  previous: { type: integer }\nderived:\n  change_pct: { kind: percent_change, a: current, b: previous }\ntotals: { label: Total }\n",
            ),
        ],
    );
    let out = tmp.join("public");
    build_ok(tmp.path(), &out);
    let html = read(out.join("index.html"));
    let foot = totals_row(&html, "table-t");
    assert!(
        !foot.contains("2,520"),
        "a total that skipped Dover: {foot}"
    );
    assert!(
        !foot.contains("24.8%"),
        "a change between unlike totals: {foot}"
    );
    assert!(
        foot.contains("3,349"),
        "the complete column is still totalled: {foot}"
    );
    assert!(foot.contains("no data"), "{foot}");
    assert!(
        html.contains("The total of Current needs every row, but Current for Dover has no figure."),
        "the key says why"
    );
}

#[test]
fn symbols_show_in_the_table_with_a_key_of_those_used() {
    let b = Built::of("missing-figures");
    let html = b.file("index.html");
    // The symbol is seen; its meaning is heard.
    assert!(html.contains(
        "<td class=\"num\"><span class=\"symbol\">[x]<span class=\"visually-hidden\"> (not available)</span></span></td>"
    ));
    assert!(html.contains(
        "1,020 <span class=\"symbol\">[p]<span class=\"visually-hidden\"> (provisional)</span></span>"
    ));
    // The table points at its key, which lists only the symbols used.
    assert!(html.contains(
        "<table class=\"data-table\" id=\"table-asb\" aria-describedby=\"table-asb-key\">"
    ));
    let key = &html[html.find("id=\"table-asb-key\"").unwrap()..];
    let key = &key[..key.find("</div>\n<p").unwrap()];
    for s in ["[c]", "[p]", "[x]", "[z]"] {
        assert!(key.contains(&format!("<dt>{s}</dt>")), "{s} in the key");
    }
    for s in ["[e]", "[low]", "[w]", "[u]", "[r]"] {
        assert!(!key.contains(&format!("<dt>{s}</dt>")), "{s} not used");
    }
    assert!(key.contains(
        "In this table, 3 figures are confidential [c]; 6 are not available [x]; 2 are not applicable [z]."
    ));
    assert!(key.contains("Change for Dover uses This year for Dover, which is not available [x]."));
    assert!(key.contains(
        "Change on the totals row uses the total of This year, which is not available [x]."
    ));
}

#[test]
fn sentences_say_the_symbol_in_words() {
    let b = Built::of("missing-figures");
    let html = b.file("index.html");
    assert!(html.contains("Dover’s figure this year is not available [x]."));
    assert!(html.contains("<data value=\"1020\">1,020 (provisional) [p]</data>"));
    assert!(html.contains("The total change is not known."));
}

#[test]
fn charts_leave_a_labelled_gap_and_say_what_is_missing() {
    let b = Built::of("missing-figures");
    let html = b.file("index.html");
    assert!(html.contains("class=\"chart__value chart__value--none\">not available [x]</text>"));
    assert!(html.contains("class=\"chart__value chart__value--none\">confidential [c]</text>"));
    assert!(html.contains(
        "1 figure is confidential [c]; 1 is not available [x]. Not available [x] for Dover. Confidential [c] for Swale.</desc>"
    ));
}

#[test]
fn downloads_keep_the_symbols() {
    let b = Built::of("missing-figures");
    let csv = b.file("data/asb.csv");
    assert_eq!(
        csv,
        "area,current,previous,change,change_pct\r\nAshford,1020,1000,20,2.0\r\nCanterbury,1500,1600,-100,-6.3\r\nDover,[x],849,[x],[x]\r\nSwale,[c],[z],[c],[c]\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&b.file("data/asb.json")).unwrap();
    assert_eq!(json["rows"][2]["current"], serde_json::Value::Null);
    assert_eq!(json["symbols"]["[x]"], "not available");
    let dover = (json["markers"].as_array().unwrap().iter())
        .find(|m| m["row"] == "Dover" && m["column"] == "current")
        .unwrap();
    assert_eq!(dover["symbols"][0], "[x]");
    let csvw: serde_json::Value =
        serde_json::from_str(&b.file("data/asb.csv-metadata.json")).unwrap();
    let null: Vec<&str> = (csvw["null"].as_array().unwrap().iter())
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(null, ["", "[c]", "[low]", "[w]", "[x]", "[z]"]);
    let notes = csvw["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["target"] == "asb.csv#cell=2,2" && n["body"] == "[p] provisional")
    );
}

#[test]
fn a_stated_rule_totals_like_with_like_and_says_what_it_left_out() {
    let b = Built::of("missing-figures");
    let html = b.file("index.html");
    let foot = totals_row(&html, "table-asb-skip");
    // Dover is left out of both columns: 2,520 against 2,600, not 3,449.
    assert!(
        foot.contains("2,520") && foot.contains("2,600") && foot.contains("−3.1%"),
        "{foot}"
    );
    assert!(html.contains(
        "<li>The totals are over the rows with a figure in every column; they leave out Dover: This year for Dover has no figure.</li>"
    ));
    let report = plainsight::check(plainsight::Options::new(site("missing-figures")))
        .unwrap_or_else(|d| panic!("{d:?}"));
    let warned: Vec<String> = report.findings.iter().map(describe).collect();
    assert!(
        warned
            .iter()
            .any(|d| d.contains("data/asb-skip.yaml:13:1 [missing-skipped]")),
        "{warned:?}"
    );
}

/// Small numbers are held back as [c] in every output, with secondary
/// suppression so the totals give none away; the totals are the true ones.
#[test]
fn suppressed_figures_are_held_back_everywhere() {
    let b = Built::of("suppressed");
    let html = b.file("index.html");
    // Prose: the held-back figure in words, never the figure.
    assert!(html.contains("Barton recorded confidential [c] victims this year."));
    // Table: the true totals, and no row or column with a lone [c].
    let foot = totals_row(&html, "table-victims");
    assert!(
        foot.contains(">97<") && foot.contains(">65<") && foot.contains("+32"),
        "{foot}"
    );
    assert!(html.contains(
        "<li>This year for Abbey is held back too, so that the total of This year cannot give away another [c].</li>"
    ));
    // Chart: a labelled gap, and the description counts them.
    assert!(
        html.contains(
            "3 figures are confidential [c]. Confidential [c] for Abbey, Barton and Dane."
        )
    );
    // Downloads: the symbol, never the figure.
    let csv = b.file("data/victims.csv");
    assert_eq!(
        csv,
        "ward,current,previous,change,share\r\nAbbey,[c],[c],[c],[c]\r\nBarton,[c],[c],[c],[c]\r\nCastle,25,30,-5,25.8\r\nDane,[c],[c],[c],[c]\r\nEastry,18,22,-4,18.6\r\n"
    );
    let json = b.file("data/victims.json");
    let csvw = b.file("data/victims.csv-metadata.json");
    for out in [&html, &csv, &json, &csvw] {
        // Barton's 2 and Dane's 1 and 40 appear nowhere as figures.
        for leaked in [
            "\"current\": 2,",
            "\"previous\": 1,",
            "\"current\": 40,",
            ">40<",
            ">2<",
        ] {
            assert!(!out.contains(leaked), "{leaked} leaked");
        }
    }
    let page = b.file("data/victims/index.html");
    assert!(!page.contains(">40<") && !page.contains(">12<"));
}
