//! Every figure traceable (docs/checks.md#typed-figure): figures typed by
//! hand are found wherever an author can type them, with the call to paste
//! in; what is not a statistic is left alone; and a figure placed from data
//! links to its row, carries its value, and is listed with its working.

mod common;

use common::*;

fn site_with(tmp: &TempDir, files: &[(&str, &str)]) -> std::path::PathBuf {
    let root = tmp.join("site");
    copy_dir(&site("bad-input-base"), &root);
    write_files(&root, files);
    root
}

fn figure_findings(root: &std::path::Path) -> Vec<plainsight::Diagnostic> {
    let report = plainsight::check(plainsight::Options::new(root)).expect("the site loads");
    report
        .findings
        .iter()
        .filter(|d| d.code == "typed-figure" || d.code == "unsourced-figure")
        .cloned()
        .collect()
}

const SIDECAR: &str = "title: Anti-social behaviour by area\ndescription: Incidents recorded in each area.\nsource: Test Police\nkey: area\ncaveats:\n  - \"Dover's 900 incidents include a week counted twice.\"\ncolumns:\n  area: { label: Area, type: text }\n  current: { label: This year, type: integer }\n  previous: { label: Last year, type: integer }\nderived:\n  change: { kind: difference, a: current, b: previous }\n  change_pct: { kind: percent_change, a: current, b: previous }\n";

#[test]
fn typed_figures_are_found_in_a_body_a_front_matter_list_and_a_sidecar_note() {
    let tmp = TempDir::new("figures-found");
    let root = site_with(
        &tmp,
        &[
            (
                "content/about.md",
                "---\ntitle: About\ndescription: About us.\nfindings:\n  - \"Ashford recorded 1,020 incidents.\"\n---\n\nCanterbury had 1,500 incidents, a fall of 6.3% on the year before, and 47 arrests.\n\nDover had {{ value(data=\"asb\", row=\"Dover\", col=\"current\") }} incidents.\n",
            ),
            ("data/asb.yaml", SIDECAR),
        ],
    );
    let found = figure_findings(&root);
    let got: Vec<(String, String, String)> = found
        .iter()
        .map(|d| {
            (
                d.code.to_string(),
                d.location(),
                d.hint.clone().unwrap_or_default(),
            )
        })
        .collect();
    let expect = [
        (
            "typed-figure",
            "content/about.md:8:16",
            "{{ value(data=\"asb\", row=\"Canterbury\", col=\"current\") }}",
        ),
        (
            "typed-figure",
            "content/about.md:8:43",
            "{{ value(data=\"asb\", row=\"Canterbury\", col=\"change_pct\", format=\"abs\") }}",
        ),
        (
            "unsourced-figure",
            "content/about.md:8:72",
            "<!-- accept unsourced-figure: REASON -->",
        ),
        (
            "typed-figure",
            "content/about.md:5:23",
            "{{ value(data='asb', row='Ashford', col='current') }}",
        ),
        (
            "typed-figure",
            "data/asb.yaml:6:14",
            "{{ value(data='asb', row='Dover', col='current') }}",
        ),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for (code, at, call) in expect {
        assert!(
            got.iter()
                .any(|(c, l, h)| c == code && l == at && h.contains(call)),
            "no {code} at {at} suggesting {call}; got {got:#?}"
        );
    }
    // Each is a warning: `check` passes, `--strict` does not.
    assert!(
        found
            .iter()
            .all(|d| d.severity == plainsight::Severity::Warning)
    );
}

#[test]
fn the_suggested_call_pasted_in_clears_the_finding() {
    let tmp = TempDir::new("figures-pasted");
    let root = site_with(
        &tmp,
        &[(
            "content/about.md",
            "---\ntitle: About\ndescription: About us.\nfindings:\n  - \"Ashford recorded {{ value(data='asb', row='Ashford', col='current') }} incidents.\"\n---\n\nCanterbury had {{ value(data=\"asb\", row=\"Canterbury\", col=\"current\") }} incidents, a fall of {{ value(data=\"asb\", row=\"Canterbury\", col=\"change_pct\", format=\"abs\") }} on the year before.\n",
        )],
    );
    assert_eq!(figure_findings(&root).len(), 0);
    let out = tmp.join("public");
    build_ok(&root, &out);
    let about = without_figure_markup(&read(out.join("about/index.html")));
    assert!(about.contains("Canterbury had 1,500 incidents, a fall of 6.3% on the year before."));
}

#[test]
fn what_is_not_a_statistic_is_left_alone() {
    let tmp = TempDir::new("figures-not-statistics");
    let body = "\
Under the Crime and Disorder Act 1998, section 17, this plan for 2023/24 and the strategy for 2025–28 ([Appendix 3](/about/)) were agreed on 22 November 2026 and reviewed on 2026-11-22, with data to 01/04/2023.

Call 01233 330000 or +44 1233 330000 between 9am and 5pm (or 10:30 on Saturdays); in an emergency call 999, otherwise 101.

Write to us at TN23 1PL, off the A28. Ashford was 8th in Kent; in the 1990s it was 2nd. See Priority 2, Table 3 and page 12, and WCAG 2.2.

The scheme is open to young people aged 13 to 17 in years 12 and 13, through a 24-hour line, all 24/7, since COVID-19.

1. First step
2. Second step

`404` in code, and:

```
1,234 in a block
```

Pupils attend at least 90% of the time. <!-- accept unsourced-figure: a threshold, not a statistic -->
";
    let root = site_with(
        &tmp,
        &[(
            "content/about.md",
            &format!("---\ntitle: About\ndescription: About us.\n---\n\n{body}"),
        )],
    );
    let report = plainsight::check(plainsight::Options::new(&root)).expect("loads");
    let figures: Vec<String> = report
        .findings
        .iter()
        .filter(|d| d.code == "typed-figure" || d.code == "unsourced-figure")
        .filter(|d| d.counts())
        .map(describe)
        .collect();
    assert!(figures.is_empty(), "{figures:#?}");
    assert_eq!(report.findings.acknowledged(), 1);
}

#[test]
fn a_placed_figure_links_to_its_row_carries_its_value_and_is_listed_with_its_working() {
    let tmp = TempDir::new("figures-provenance");
    let root = site_with(
        &tmp,
        &[(
            "content/about.md",
            "---\ntitle: About\ndescription: About us.\n---\n\nCanterbury changed by {{ value(data=\"asb\", row=\"Canterbury\", col=\"change_pct\") }}, and again {{ value(data=\"asb\", row=\"Canterbury\", col=\"change_pct\") }}; in [a link {{ value(data=\"asb\", row=\"Dover\", col=\"current\") }}](/) it is not linked twice; {{ value(data=\"asb\", row=\"Ashford\", col=\"current\") | upper }} is an expression.\n",
        )],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    let about = read(out.join("about/index.html"));
    let figure = "<a class=\"figure\" href=\"/data/asb/#row-canterbury\"><data value=\"-6.25\">\u{2212}6.3%</data></a>";
    assert_eq!(
        about.matches(figure).count(),
        3,
        "twice in the text, once in the list: {about}"
    );
    // Inside link text, the figure keeps its value but not a second link.
    assert!(
        about.contains("a link <data value=\"900\">900</data></a>"),
        "{about}"
    );
    // A figure inside an expression is printed as the expression makes it.
    assert!(about.contains(" 1,020 is an expression"));
    // The list: each figure once, its row, column, dataset and working.
    let list = &about[about.find("<section class=\"figures\"").expect("the list")..];
    let list = &list[..list.find("</section>").expect("the list's end")];
    assert!(list.contains("<h2 id=\"figures-on-this-page\">Figures on this page</h2>"));
    assert_eq!(list.matches("<li>").count(), 3, "{list}");
    assert!(
        list.contains(
            "(current − previous) ÷ previous × 100 = (1,500 − 1,600) ÷ 1,600 × 100 = −6.25%"
        ),
        "{list}"
    );
    // The row it links to exists on the dataset's page.
    let data_page = read(out.join("data/asb/index.html"));
    assert!(
        data_page.contains("<tr id=\"row-canterbury\">"),
        "{data_page}"
    );
    // And `check` finds no broken anchor among them.
    let report = plainsight::check(plainsight::Options::new(&root)).expect("loads");
    assert!(
        !report.findings.iter().any(|d| d.code == "broken-anchor"),
        "{:#?}",
        report.findings.iter().map(describe).collect::<Vec<_>>()
    );
}
