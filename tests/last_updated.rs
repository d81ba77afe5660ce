//! `last_updated: git`: a page without `updated:` shows the date of the last
//! commit that changed its file, in the page, the sitemap and the feed. The
//! repository is made here, with fixed commit dates.

mod common;

use std::path::Path;
use std::process::Command;

use common::{TempDir, read, write_files};
use plainsight::Options;

fn git(root: &Path, args: &[&str], date: &str) {
    let o = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run git");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn page(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\ndescription: About {title}.\n{extra}---\n\nText about {title}.\n")
}

fn site(root: &Path) {
    write_files(
        root,
        &[
            (
                "site.yaml",
                "title: Git Partnership\nbase_url: https://example.org/\naccessibility: { status: not-assessed }\nlast_updated: git\n",
            ),
            ("content/_index.md", &page("Home", "")),
            ("content/edited.md", &page("Edited", "")),
            ("content/typed.md", &page("Typed", "updated: 2020-05-06\n")),
        ],
    );
}

#[test]
fn pages_take_their_last_commit_date() {
    let tmp = TempDir::new("git-dates");
    let root = tmp.join("site");
    site(&root);
    git(&root, &["init", "-q"], "2024-01-02T10:00:00+00:00");
    git(&root, &["add", "."], "2024-01-02T10:00:00+00:00");
    git(
        &root,
        &["commit", "-qm", "first"],
        "2024-01-02T10:00:00+00:00",
    );
    std::fs::write(
        root.join("content/edited.md"),
        page("Edited", "") + "More.\n",
    )
    .unwrap();
    git(
        &root,
        &["commit", "-qam", "second"],
        "2024-03-04T23:30:00+00:00",
    );
    // Written after the last commit: no commit date yet.
    write_files(&root, &[("content/new.md", &page("New", ""))]);

    let out = tmp.join("public");
    let report = plainsight::build(Options::new(&root), &out).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let edited = read(out.join("edited/index.html"));
    assert!(edited.contains("datetime=\"2024-03-04\""), "{edited}");
    assert!(read(out.join("index.html")).contains("datetime=\"2024-01-02\""));
    // `updated:` in the front matter wins over git.
    assert!(read(out.join("typed/index.html")).contains("datetime=\"2020-05-06\""));
    assert!(!read(out.join("new/index.html")).contains("Last updated"));
    let sitemap = read(out.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://example.org/edited/</loc><lastmod>2024-03-04</lastmod>"),
        "{sitemap}"
    );
    assert!(read(out.join("atom.xml")).contains("<updated>2024-03-04T00:00:00Z</updated>"));

    // The same sources, the same bytes.
    let again = tmp.join("again");
    plainsight::build(Options::new(&root), &again).unwrap();
    common::assert_same_tree(&common::tree(&out), &common::tree(&again), "a second build");
}

#[test]
fn outside_a_repository_it_warns_and_builds() {
    let tmp = TempDir::new("git-none");
    let root = tmp.join("site");
    site(&root);
    let report = plainsight::build(Options::new(&root), &tmp.join("public"))
        .unwrap_or_else(|d| panic!("{d:?}"));
    let w: Vec<_> = report.findings.iter().collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].code, "last-updated-git");
    assert_eq!((w[0].file.as_deref(), w[0].line), (Some("site.yaml"), 4));
    assert!(!read(tmp.join("public/edited/index.html")).contains("Last updated"));
}
