//! What changes for a big site: the default menu is cut short, and a build
//! prints its first warnings and counts the rest without holding them all.

mod common;

use common::*;

const SITE: &str =
    "title: Scale\nbase_url: https://example.org/\naccessibility: { status: not-assessed }\n";

/// A site of `sections` sections, each with one page.
fn sections_site(tmp: &TempDir, sections: usize) -> std::path::PathBuf {
    let root = tmp.join("site");
    let mut files = vec![
        ("site.yaml".to_string(), SITE.to_string()),
        (
            "content/_index.md".into(),
            "---\ntitle: Home\ndescription: Home.\n---\n\nHello.\n".into(),
        ),
    ];
    for i in 0..sections {
        files.push((
            format!("content/s{i:02}/_index.md"),
            format!("---\ntitle: Section {i:02}\ndescription: S.\nweight: {i}\n---\n\nSection.\n"),
        ));
        files.push((
            format!("content/s{i:02}/page.md"),
            format!("---\ntitle: Page in {i:02}\ndescription: P.\n---\n\nText.\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    write_files(&root, &files);
    root
}

fn menu_of(html: &str) -> &str {
    let start = html.find("<nav class=\"main-nav\"").expect("a main menu");
    &html[start..start + html[start..].find("</nav>").unwrap()]
}

#[test]
fn a_menu_of_many_sections_lists_the_first_and_links_to_all() {
    let tmp = TempDir::new("scale-menu");
    let root = sections_site(&tmp, 12);
    let out = tmp.join("public");
    build_ok(&root, &out);
    let page = read(out.join("s10/page/index.html"));
    let menu = menu_of(&page);
    assert_eq!(menu.matches("<li").count(), 8, "{menu}");
    assert!(menu.contains("href=\"/s06/\""), "{menu}");
    assert!(!menu.contains("href=\"/s07/\""), "{menu}");
    assert!(menu.contains("<a href=\"/\">All sections</a>"), "{menu}");
    // Without JavaScript every page is still reached: the home page lists
    // every section, and each section its pages.
    let home = read(out.join("index.html"));
    for i in 0..12 {
        assert!(home.contains(&format!("href=\"/s{i:02}/\"")), "section {i}");
    }
    assert!(read(out.join("s10/index.html")).contains("href=\"/s10/page/\""));
    // On the home page, "All sections" is the current page.
    assert!(menu_of(&home).contains("<a href=\"/\" aria-current=\"page\">All sections</a>"));
}

#[test]
fn a_menu_of_few_sections_lists_them_all() {
    let tmp = TempDir::new("scale-menu-few");
    let root = sections_site(&tmp, 8);
    let out = tmp.join("public");
    build_ok(&root, &out);
    let menu_page = read(out.join("s07/page/index.html"));
    let menu = menu_of(&menu_page);
    assert_eq!(menu.matches("<li").count(), 8, "{menu}");
    assert!(menu.contains("href=\"/s07/\""), "{menu}");
    assert!(!menu.contains("All sections"), "{menu}");
}

/// A build keeps its first ten warnings and counts the rest; the count and
/// the ten are those `check` lists first.
#[test]
fn a_build_counts_the_warnings_it_does_not_show() {
    let tmp = TempDir::new("scale-findings");
    let root = tmp.join("site");
    let mut body = String::from("---\ntitle: Figures\ndescription: F.\n---\n\n");
    for i in 0..40 {
        body.push_str(&format!(
            "There were {} incidents in week {i}.\n\n",
            1000 + i * 37
        ));
    }
    write_files(
        &root,
        &[
            ("site.yaml", SITE),
            (
                "content/_index.md",
                "---\ntitle: Home\ndescription: Home.\n---\n\nHello.\n",
            ),
            ("content/figures.md", &body),
        ],
    );
    let report = build_ok(&root, &tmp.join("public"));
    let all = plainsight::check(options(&root)).expect("checks").findings;
    assert!(all.0.len() > 40, "{}", all.0.len());
    assert_eq!(report.findings.0, all.0[..10]);
    assert_eq!(report.more, all.0.len() - 10);
    let o = run_build(&root, &tmp.join("public2"), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!("… and {} more warnings", all.0.len() - 10)),
        "{stderr}"
    );
}
