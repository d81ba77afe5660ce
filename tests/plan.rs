//! The partnership-plan model end to end: priorities and themes listed on the
//! home page, priority pages in their fixed order, lettered appendices with
//! cross-references that follow a reordering, glossary abbreviations, and the
//! generated accessibility statement.

mod common;

use std::path::Path;

use common::*;

fn page(out: &Path, rel: &str) -> String {
    read(out.join(rel))
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.rfind("</main>").expect("a closing </main>");
    &html[start..end]
}

/// Panics unless each needle appears, in this order.
fn assert_in_order(html: &str, needles: &[&str]) {
    // The theme's words come escaped from the message catalogue.
    let html = &html.replace("&#39;", "'");
    let mut from = 0;
    for n in needles {
        match html[from..].find(n) {
            Some(i) => from += i + n.len(),
            None => panic!("`{n}` missing, or out of order, in:\n{html}"),
        }
    }
}

fn built_plan() -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new("plan");
    let out = tmp.join("public");
    build_ok(&site("valid/plan"), &out);
    (tmp, out)
}

#[test]
fn home_lists_priorities_then_themes_with_scope_and_lead() {
    let (_tmp, out) = built_plan();
    let home = page(&out, "index.html");
    assert_in_order(
        &home,
        &[
            "Our priorities for 2025/26",
            "href=\"/priorities/asb/\">Tackling anti-social behaviour</a>",
            "Including street drinking.",
            "Riverside Council, Riverside Police",
            "href=\"/priorities/violence/\">Reducing violence</a>",
            "Including knife crime.",
            "Riverside Police",
            "The theme running through every priority",
            "href=\"/priorities/confidence/\">Building confidence</a>",
            "Including reducing reoffending.",
        ],
    );
}

#[test]
fn priority_page_sections_come_in_a_fixed_order() {
    let (_tmp, out) = built_plan();
    let html = page(&out, "priorities/violence/index.html");
    assert_in_order(
        main_of(&html),
        &[
            "<h1><span class=\"page-kicker\">Priority",
            "Reducing violence</h1>",
            "<dt>Scope</dt>",
            "Including knife crime.",
            "<dt>Lead</dt>",
            "Riverside Police",
            "<dt>Plan period</dt>",
            "Our approach",
            "Progress at a glance",
            "Patrols doubled in the town centre.",
            "Findings at a glance",
            "Violence fell by a tenth.",
            "Action plan",
            ">Prepare</h3>",
            "Key actions",
            "Train staff.",
            "Outcome measures",
            "More staff trained.",
            ">Pursue</h3>",
            "<strong>Lead:</strong> Riverside Police",
            "Arrest offenders.",
        ],
    );
    let theme = page(&out, "priorities/confidence/index.html");
    assert!(theme.contains("Cross-cutting theme"), "a theme says so");
}

#[test]
fn lettered_pages_and_references() {
    let (_tmp, out) = built_plan();
    let counts = page(&out, "annexes/counts/index.html");
    assert!(counts.contains("<h1>Annex A: Counts of incidents</h1>"));
    assert!(counts.contains("<title>Annex A: Counts of incidents – Riverside"));
    assert!(counts.contains("See also <a href=\"/annexes/money/\">Annex B</a>."));
    let money = page(&out, "annexes/money/index.html");
    assert!(money.contains("Back to <a href=\"/annexes/counts/\">the counts</a>."));
    let home = page(&out, "index.html");
    assert!(home.contains("<a href=\"/annexes/money/\">Annex B</a>"));
    assert!(home.contains("<a href=\"/annexes/counts/\">Annex A: Counts of incidents</a>"));
    let section = page(&out, "annexes/index.html");
    assert_in_order(
        &section,
        &["Annex A: Counts of incidents", "Annex B: Money"],
    );
}

#[test]
fn inserting_an_appendix_reletters_every_reference() {
    let tmp = TempDir::new("plan-insert");
    let root = tmp.join("site");
    copy_dir(&site("valid/plan"), &root);
    write_files(
        &root,
        &[(
            "content/annexes/first.md",
            "---\ntitle: A new first annex\ndescription: New.\nweight: 0\n---\n\nNew.\n",
        )],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    let home = page(&out, "index.html");
    assert!(
        home.contains("<a href=\"/annexes/money/\">Annex C</a>"),
        "the reference follows the page to its new letter"
    );
    assert!(home.contains("<a href=\"/annexes/counts/\">Annex B: Counts of incidents</a>"));
    assert!(page(&out, "annexes/first/index.html").contains("<h1>Annex A: A new first annex</h1>"));
}

#[test]
fn abbreviations_are_expanded_on_first_use_per_page() {
    let (_tmp, out) = built_plan();
    let home = page(&out, "index.html");
    let main = main_of(&home);
    assert_eq!(
        main.matches("<abbr title=\"Anti-social behaviour\">ASB</abbr>")
            .count(),
        1,
        "once per page: {main}"
    );
    assert!(main.contains("<abbr title=\"Independent domestic violence adviser\">IDVA</abbr>"));
    assert!(main.contains("ASB again."), "later uses stay plain");
    assert!(
        !home[..home.find("<main").unwrap()].contains("<abbr"),
        "the head and header are left alone"
    );
    // Each page starts afresh.
    let violence = page(&out, "priorities/violence/index.html");
    assert!(violence.contains("<abbr title=\"Anti-social behaviour\">ASB</abbr>"));
    // Headings stay plain text (the contents list and anchors read them).
    let asb = page(&out, "priorities/asb/index.html");
    assert!(asb.contains("Tackling anti-social behaviour</h1>"));
}

#[test]
fn glossary_page_is_generated_from_the_dataset() {
    let (_tmp, out) = built_plan();
    let g = page(&out, "glossary/index.html");
    assert_in_order(
        &g,
        &[
            "<h1>Glossary</h1>",
            "<div class=\"glossary__entry\" id=\"term-asb\">",
            "<dt class=\"glossary__term\">ASB</dt>",
            "Anti-social behaviour",
            "Behaviour that causes harassment or distress.",
            "id=\"term-community-trigger\"",
            "A way for victims to ask for their case to be reviewed.",
            "href=\"/data/glossary.csv\"",
        ],
    );
    assert!(
        !main_of(&g).contains("<abbr"),
        "the glossary explains itself"
    );
    assert!(
        !main_of(&page(&out, "data/glossary/index.html")).contains("<abbr"),
        "nor does the glossary's data page mark its own terms"
    );
}

#[test]
fn unconfigured_accessibility_statement_says_so_and_strict_check_refuses() {
    let (_tmp, out) = built_plan();
    let a = page(&out, "accessibility/index.html");
    assert_in_order(
        &a,
        &[
            "<h1>Accessibility statement for Riverside Community Safety Partnership</h1>",
            "has not yet been assessed",
            "How accessible this website is",
            "Feedback and contact information",
            "mailto:safety@example.org",
            "Reporting accessibility problems with this website",
            "Enforcement procedure",
            "Technical information about this website",
            "Compliance status",
            "has not yet been evaluated",
            "Non-accessible content",
            "What we're doing to improve accessibility",
            "Preparation of this accessibility statement",
        ],
    );
    let check = run(
        &["check", "--root", site("valid/plan").to_str().unwrap()],
        &[],
    );
    assert!(check.status.success(), "a warning does not fail `check`");
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("warning[accessibility-statement]"),
        "{stderr}"
    );
    let strict = run(
        &[
            "check",
            "--strict",
            "--root",
            site("valid/plan").to_str().unwrap(),
        ],
        &[],
    );
    assert!(!strict.status.success(), "--strict is the publishing gate");
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(stderr.contains("accessibility-statement"), "{stderr}");
}

#[test]
fn configured_statement_lists_known_issues_and_dates() {
    let tmp = TempDir::new("plan-a11y");
    let root = tmp.join("site");
    copy_dir(&site("valid/plan"), &root);
    let yaml = read(root.join("site.yaml"))
        + "accessibility:\n  status: partially\n  tested: \"2026-10-01\"\n  tested_by: Example Audits Ltd\n  response_days: 7\n  issues:\n    - Some older maps have no text alternative. We will add one by March 2027.\n";
    write_files(&root, &[("site.yaml", &yaml)]);
    let out = tmp.join("public");
    build_ok(&root, &out);
    let a = page(&out, "accessibility/index.html");
    assert!(!a.contains("has not yet been assessed"));
    assert_in_order(
        &a,
        &[
            "Some older maps have no text alternative.",
            "in 7 working days",
            "partially compliant",
            "Non-compliance with the accessibility regulations",
            "Some older maps have no text alternative.",
            "prepared on <time datetime=\"2026-10-01\">1 October 2026</time>",
            "carried out by Example Audits Ltd",
        ],
    );
}

#[test]
fn a_markdown_page_takes_over_a_generated_one() {
    let tmp = TempDir::new("plan-own-glossary");
    let root = tmp.join("site");
    copy_dir(&site("valid/plan"), &root);
    write_files(
        &root,
        &[(
            "content/glossary.md",
            "---\ntitle: Our words\ndescription: Words.\n---\n\nHand-written glossary.\n",
        )],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    let g = page(&out, "glossary/index.html");
    assert!(g.contains("Hand-written glossary."));
}

#[test]
fn misspelt_tiers_and_hand_typed_letters_are_warned_about() {
    let tmp = TempDir::new("plan-warn");
    let root = tmp.join("site");
    copy_dir(&site("valid/plan"), &root);
    write_files(
        &root,
        &[
            (
                "content/annexes/money.md",
                "---\ntitle: \"Annex B: Money\"\ndescription: Grant money.\nweight: 2\n---\n\nMoney.\n",
            ),
            (
                "content/priorities/extra.md",
                "---\ntitle: Extra\ndescription: Extra.\nplan: priority\nscope: S.\nlead: L\nactions:\n  - area: Prevnt\n    actions: [Do it.]\n---\n\nText.\n",
            ),
        ],
    );
    let check = run(&["check", "--root", root.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(stderr.contains("warning[appendix-letter]"), "{stderr}");
    assert!(stderr.contains("content/annexes/money.md:2:1"), "{stderr}");
    assert!(stderr.contains("warning[plan-area]"), "{stderr}");
    assert!(
        stderr.contains("content/priorities/extra.md:8:1"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `Prevent`?"), "{stderr}");
}
