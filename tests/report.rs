//! Every kind of transparency report (docs/authoring.md#document-kinds): a
//! committee report's cover sheet, numbered recommendations, implications,
//! decision status, contact officer and history; the home page's own title
//! and badge; appendices numbered as the document numbers them; and
//! figures in words.

mod common;

use common::*;

const HOME: &str = r#"---
title: "Community safety: an interim update"
description: An interim update to the committee on community safety in the borough.
kind: committee-report
report:
  committee: Overview and Scrutiny Committee
  meeting: 2023-11-14
  agenda_item: "5"
  author: { name: Alison Oates, role: Safety and Wellbeing Manager }
  portfolio_holder: { name: Cllr Liz Wright, role: Portfolio Holder for Safety and Wellbeing }
  key_decision: false
  wards: All
  exempt: false
  status: noted
  decided: 2023-11-14
  decision: The committee noted the update and agreed the other two recommendations.
  contact: { name: Alison Oates, email: alison.oates@ashford.gov.uk, phone: "(01233) 330225" }
recommendations:
  intro: "The committee is recommended:"
  numbering: roman
  items:
    - to note the information contained in this report
    - { id: working-group, text: to support a cross-party member working group }
    - to agree that the annual report comes to this committee each November
implications:
  financial: The partnership's grant funds small community projects.
  legal: Not applicable
  equalities_impact_assessment: Not required
history:
  - { version: "1.0", date: 2023-10-30, author: Alison Oates, changes: First draft for the committee }
  - { version: "1.1", date: 2023-11-20, changes: The committee's decision added }
---

{{ count(data="asb", where="change < 0", format="words") }} of the areas saw a fall; Canterbury was {{ value(data="asb", row="Canterbury", col="rank", format="ordinal") }}, and {{ value(data="asb", row="Dover", col="current", format="words") }} is not a small number.

See {{ ref(to="appendices/figures") }}.
"#;

const SIDECAR: &str = "title: Anti-social behaviour by area\ndescription: Incidents recorded in each area.\nsource: Test Police\nkey: area\ncolumns:\n  area: { label: Area, type: text }\n  current: { label: This year, type: integer }\n  previous: { label: Last year, type: integer }\nderived:\n  change: { kind: difference, a: current, b: previous }\n  change_pct: { kind: percent_change, a: current, b: previous }\n  rank: { kind: rank, of: current, order: descending }\n";

fn report_site(tmp: &TempDir) -> std::path::PathBuf {
    let root = tmp.join("site");
    copy_dir(&site("bad-input-base"), &root);
    write_files(
        &root,
        &[
            ("content/_index.md", HOME),
            ("data/asb.yaml", SIDECAR),
            (
                "content/appendices/_index.md",
                "---\ntitle: Appendices\ndescription: The figures behind the report.\nnumbering: roman\n---\n",
            ),
            (
                "content/appendices/figures.md",
                "---\ntitle: Figures by area\ndescription: Figures.\nweight: 2\n---\n\n{{ table(data=\"asb\") }}\n",
            ),
            (
                "content/appendices/method.md",
                "---\ntitle: Method\ndescription: How.\nweight: 1\n---\n\nHow the figures were made.\n",
            ),
        ],
    );
    root
}

#[test]
fn a_committee_report_shows_its_cover_sheet_recommendations_and_decision() {
    let tmp = TempDir::new("report-home");
    let root = report_site(&tmp);
    let out = tmp.join("public");
    build_ok(&root, &out);
    let home = read(out.join("index.html"));
    // The report's own title, everywhere, and its kind.
    assert!(
        home.contains("<h1 class=\"hero__title\">Community safety: an interim update</h1>"),
        "{home}"
    );
    assert!(home.contains("<title>Community safety: an interim update – "));
    assert!(home.contains("Report to Overview and Scrutiny Committee, 14 November 2023"));
    assert!(!home.contains("Partnership plan for"));
    // Status, updated after the meeting.
    assert!(home.contains("Noted on 14 November 2023"));
    assert!(
        home.contains("The committee noted the update and agreed the other two recommendations.")
    );
    // The cover sheet, only what was given.
    for row in [
        "<dt>Report author</dt>\n      <dd>Alison Oates, Safety and Wellbeing Manager</dd>",
        "<dt>Key decision</dt>\n      <dd>No</dd>",
        "<dt>Wards affected</dt>\n      <dd>All</dd>",
        "<dt>Exempt from publication</dt>\n      <dd>No</dd>",
    ] {
        assert!(home.contains(row), "{row}");
    }
    assert!(
        !home.contains("Background papers"),
        "a field left out is not shown"
    );
    assert!(home.contains("itemtype=\"https://schema.org/Report\""));
    // Recommendations numbered i, ii, iii, each linkable.
    assert!(home.contains("<li id=\"recommendation-i\"><span class=\"recommendations__mark\">i.</span> to note the information contained in this report</li>"));
    assert!(home.contains(
        "<li id=\"recommendation-working-group\"><span class=\"recommendations__mark\">ii.</span>"
    ));
    assert!(home.contains("<span class=\"recommendations__mark\">iii.</span>"));
    // Implications as the author named them; none invented.
    assert!(home.contains("<dt>Equalities impact assessment</dt>"));
    assert!(home.contains("<dd>Not applicable</dd>"));
    assert!(
        !home.contains("Risk"),
        "an implication not given is not shown"
    );
    // The contact officer, with links that dial and write.
    assert!(home.contains("<a href=\"tel:+441233330225\">(01233) 330225</a>"));
    assert!(home.contains(
        "<a href=\"mailto:alison.oates@ashford.gov.uk\">alison.oates@ashford.gov.uk</a>"
    ));
    // History feeds "last updated".
    assert!(home.contains("Document history"));
    assert!(
        home.contains("Last updated: <time datetime=\"2023-11-20\">20 November 2023</time>"),
        "{home}"
    );
    // The feed says what was decided, dated by the history.
    let feed = read(out.join("atom.xml"));
    assert!(
        feed.contains("<summary>Noted on 14 November 2023. An interim update"),
        "{feed}"
    );
    assert!(feed.contains("<updated>2023-11-20T00:00:00Z</updated>"));
}

#[test]
fn figures_in_words_and_appendices_numbered_as_the_document_numbers_them() {
    let tmp = TempDir::new("report-words");
    let root = report_site(&tmp);
    let out = tmp.join("public");
    build_ok(&root, &out);
    let home = without_figure_markup(&read(out.join("index.html")));
    // Canterbury 1,500 is the highest of 1,020, 1,500 and 900.
    assert!(home.contains("one of the areas saw a fall"), "{home}");
    assert!(home.contains("Canterbury was 1st highest"));
    assert!(
        home.contains("900 is not a small number"),
        "above 99 stays in figures"
    );
    // The count is listed with its working.
    assert!(home.contains("1 of 3 rows: Canterbury"), "{home}");
    // Roman numbering of appendices, and ref() follows it.
    assert!(home.contains(">Appendix II</a>"), "{home}");
    let method = read(out.join("appendices/method/index.html"));
    assert!(method.contains("Appendix I"), "{method}");
    let report = plainsight::check(plainsight::Options::new(&root)).expect("loads");
    let counted: Vec<String> = report
        .findings
        .iter()
        .filter(|d| d.counts())
        .map(describe)
        .collect();
    assert!(
        counted
            .iter()
            .all(|d| d.contains("accessibility-statement")),
        "{counted:#?}"
    );
}

#[test]
fn each_kind_of_document_has_its_badge_and_sections_their_numbering() {
    for (kind, badge) in [
        ("plan", "Partnership plan for 2025/26"),
        ("agreement", "Community safety agreement for 2025/26"),
        ("strategy", "Strategy for 2025/26"),
        ("annual-report", "Annual report for 2025/26"),
    ] {
        let tmp = TempDir::new("report-kind");
        let root = tmp.join("site");
        copy_dir(&site("bad-input-base"), &root);
        write_files(
            &root,
            &[
                (
                    "content/_index.md",
                    &format!(
                        "---\ntitle: Working together\ndescription: How the partners work together.\nkind: {kind}\n---\n\nText.\n"
                    ),
                ),
                (
                    "content/appendices/_index.md",
                    "---\ntitle: Appendices\ndescription: Tables.\nnumbering: numbers\n---\n",
                ),
                (
                    "content/appendices/one.md",
                    "---\ntitle: Crime by district\ndescription: Crime.\n---\n\nSee {{ ref(to=\"appendices/one\", show=\"both\") }}.\n",
                ),
            ],
        );
        let out = tmp.join("public");
        build_ok(&root, &out);
        let home = read(out.join("index.html"));
        assert!(
            home.contains("<h1 class=\"hero__title\">Working together</h1>"),
            "{kind}"
        );
        assert!(
            home.contains(&format!("<p class=\"hero__period\">{badge}</p>")),
            "{kind}: {home}"
        );
        let one = read(out.join("appendices/one/index.html"));
        assert!(one.contains("Appendix 1: Crime by district"), "{one}");
    }
}

/// A lead's name typed once, in data: the priority page, the home page's
/// card and the leads table all show it, and a change to the data changes
/// all three.
#[test]
fn a_priority_lead_typed_once_in_data_appears_everywhere() {
    let tmp = TempDir::new("report-leads");
    let root = tmp.join("site");
    copy_dir(&site("bad-input-base"), &root);
    write_files(
        &root,
        &[
            (
                "data/leads.csv",
                "priority,lead\nServing the town centre,Ashford Borough Council Safer Streets Team\n",
            ),
            (
                "data/leads.yaml",
                "title: Priority leads\ndescription: Who leads each priority.\nsource: The partnership\nkey: priority\ncolumns:\n  priority: { label: Priority, type: text }\n  lead: { label: Lead, type: text }\n",
            ),
            (
                "content/priorities/_index.md",
                "---\ntitle: Priorities\ndescription: Ours.\n---\n\n{{ table(data=\"leads\") }}\n",
            ),
            (
                "content/priorities/town-centre.md",
                "---\ntitle: Serving the town centre\ndescription: The town centre.\nplan: priority\nscope: The town centre at night.\nlead: \"{{ value(data='leads', row='Serving the town centre', col='lead') }}\"\n---\n\nText.\n",
            ),
        ],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    let lead = "Ashford Borough Council Safer Streets Team";
    for page in [
        "priorities/town-centre/index.html",
        "index.html",
        "priorities/index.html",
    ] {
        assert!(read(out.join(page)).contains(lead), "{page}");
    }
}
