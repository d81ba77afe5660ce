//! Tables as statisticians publish them (docs/datasets.md, "Years, financial
//! years and months", "Rows that mix units", "Parts of a base" and
//! "Approximate figures"): tests/sites/statistical-tables built, and what
//! its page and downloads say.

mod common;

use common::*;

fn built() -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new("statistical-tables");
    let out = tmp.join("public");
    build_ok(&site("statistical-tables"), &out);
    (tmp, out)
}

/// The page's text with tags and runs of space taken out.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_page_shows_each_figure_as_its_type_row_and_cell_say() {
    let (_tmp, out) = built();
    let page = text_of(&read(out.join("index.html")));
    for want in [
        // Years without a separator; the unit in the heading.
        "Year Crimes (crimes) 1998 1,204 2011 1,530",
        // Financial years in one form, in time order.
        "2022/23 £90,000 three-tenths 2023/24 £95,000 0.32 2024/25 £100,000 one-third",
        "March 2024 310 April 2024 295 May 2024 330",
        // Each row in its own unit and type.
        "Reports to the hub (reports) 1.5 million Reports resolved (% of reports) 84.2% Waste removed (tonnes) 12.5 Volunteers (people) over 240",
        // Precision as typed.
        "Ashford −7% Dover −0.6% Swale 12.25%",
        // Prose: compact, qualified, percent of a stated base, a fraction.
        "The hub took 1.5 million reports and just over 4,300 people were referred to support, 88% of all referrals.",
        "Youth diversion took one-third of the grant.",
        "people ÷ 4,913 × 100 = 4,323 ÷ 4,913 × 100 = 88.0%",
    ] {
        assert!(page.contains(want), "missing {want:?} in\n{page}");
    }
    assert!(!page.contains("1,998"), "a year with a separator");
}

#[test]
fn downloads_keep_full_figures_and_plain_years() {
    let (_tmp, out) = built();
    let d = out.join("data");
    assert_eq!(
        read(d.join("recorded.csv")),
        "year,crimes\r\n1998,1204\r\n2011,1530\r\n2024,1810\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&read(d.join("recorded.json"))).unwrap();
    assert_eq!(json["rows"][0]["year"], serde_json::json!(1998));
    assert!(read(d.join("grant.csv")).contains("\r\n2024/25,100000,0.33\r\n"));
    assert!(read(d.join("monthly.csv")).contains("\r\n2024-03,310\r\n"));
    let hub = read(d.join("hub.csv"));
    assert!(hub.contains("Reports to the hub,1500000\r\n"), "{hub}");
    assert!(hub.contains("Reports resolved,84.2\r\n") && hub.contains("Volunteers,240\r\n"));
    let hub: serde_json::Value = serde_json::from_str(&read(d.join("hub.json"))).unwrap();
    let shown = hub["shown_as"].as_array().unwrap();
    assert!(
        shown
            .iter()
            .any(|s| s["shown"] == "over 240" && s["unit"] == "people")
    );
    let types = |name: &str| -> Vec<serde_json::Value> {
        let v: serde_json::Value =
            serde_json::from_str(&read(d.join(format!("{name}.csv-metadata.json")))).unwrap();
        (v["tableSchema"]["columns"].as_array().unwrap().iter())
            .map(|c| c["datatype"].clone())
            .collect()
    };
    assert_eq!(types("recorded")[0], "gYear");
    assert_eq!(types("monthly")[0], "gYearMonth");
    assert_eq!(types("grant")[0]["format"], "^[0-9]{4}/[0-9]{2}$");
    assert_eq!(types("hub")[1], "decimal");
}

#[test]
fn a_reduction_typed_as_a_positive_figure_verifies_only_with_as_reduction() {
    // The site builds (above) with `as: reduction`; without it the stated
    // 20 disagrees with the computed −20.
    let tmp = TempDir::new("statistical-tables-sign");
    let root = tmp.join("site");
    copy_dir(&site("statistical-tables"), &root);
    let sidecar = root.join("data/outcomes.yaml");
    let text = read(&sidecar).replace(", as: reduction", "");
    std::fs::write(&sidecar, text).unwrap();
    let err = build(&root, &tmp.join("public")).expect_err("a stated 20 against −20");
    let all: Vec<String> = err.iter().map(describe).collect();
    assert!(
        all.iter().any(|d| d.contains(
            "'Reduction (as published)' for Referred to support is published as 20, but the data give −20: it is a fall, published without its minus sign"
        )),
        "{all:#?}"
    );
}

#[test]
fn qualified_and_compact_figures_typed_in_prose_are_found_with_their_call() {
    let tmp = TempDir::new("statistical-tables-typed");
    let root = tmp.join("site");
    copy_dir(&site("statistical-tables"), &root);
    let page = root.join("content/_index.md");
    let text = read(&page)
        + "\nJust over 4,300 people were referred, and the hub took 1.5 million reports.\n";
    std::fs::write(&page, text).unwrap();
    let out = run(&["check", "--root", root.to_str().unwrap()], &[]);
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(r#"{{ value(data="outcomes", row="Referred to support", col="people", qualifier="just over") }}"#),
        "{said}"
    );
    assert!(
        said.contains(
            r#"{{ value(data="hub", row="Reports to the hub", col="value", format="compact") }}"#
        ),
        "{said}"
    );
}
