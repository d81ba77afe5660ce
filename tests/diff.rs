//! `plainsight diff` on a git repository made here: a first commit, then a
//! commit that changes one row's figures, adds a row, removes one, and so
//! changes a figure placed in a page's prose.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const SIDECAR: &str = "title: Reports by district\ndescription: Reports in each district.\nsource: Test Police\nperiod: { current: \"2024/25\", previous: \"2023/24\" }\nkey: district\ncolumns:\n  district: { label: District, type: text }\n  current: { label: This year, type: integer }\n  previous: { label: Last year, type: integer }\nderived:\n  change_pct: { kind: percent_change, a: current, b: previous, label: \"% change\" }\ntotals: { label: Total, columns: [current, previous] }\n";

const PAGE: &str = "---\ntitle: Home\ndescription: Reports by district.\n---\n\nReports in Swale changed by {{ value(data=\"asb\", row=\"Swale\", col=\"change_pct\") }}.\n";

fn git(root: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_DATE", "2024-03-14T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-03-14T12:00:00Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository whose site lives in `site/`, with two commits.
fn repo(tmp: &TempDir) -> std::path::PathBuf {
    let top = tmp.join("repo");
    let root = top.join("site");
    write_files(
        &root,
        &[
            (
                "site.yaml",
                "title: Diff Partnership\nbase_url: https://www.diff-csp.org.uk/\nperiod: { current: \"2024/25\", previous: \"2023/24\" }\naccessibility: { status: not-assessed }\n",
            ),
            ("data/asb.yaml", SIDECAR),
            (
                "data/asb.csv",
                "district,current,previous\nSwale,1711,1498\nThanet,1589,1632\nDover,864,969\n",
            ),
            ("content/_index.md", PAGE),
        ],
    );
    git(&top, &["init", "-q", "-b", "main"]);
    git(
        &top,
        &[
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "add",
            "-A",
        ],
    );
    git(
        &top,
        &[
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "commit",
            "-q",
            "-m",
            "first",
        ],
    );
    write_files(
        &root,
        &[(
            "data/asb.csv",
            "district,current,previous\nSwale,1800,1498\nThanet,1589,1632\nCanterbury,1200,1100\n",
        )],
    );
    git(
        &top,
        &[
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "commit",
            "-q",
            "-a",
            "-m",
            "second",
        ],
    );
    root
}

fn diff(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["diff", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    // On a pull request in CI the default would be the merge base instead.
    let mut c = Command::new(env!("CARGO_BIN_EXE_plainsight"));
    c.args(&all)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_BASE_REF");
    c.output().expect("run plainsight")
}

#[test]
fn json_lists_changed_added_and_removed_figures_per_dataset_and_page() {
    let tmp = TempDir::new("diff-json");
    let root = repo(&tmp);
    let out = diff(&root, &["--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["revision"], "HEAD~1");
    let ds = &v["datasets"][0];
    assert_eq!(ds["name"], "asb");
    let changes: Vec<(String, String, String, String)> = ds["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or("-").to_string();
            (s("row"), s("figure"), s("before"), s("after"))
        })
        .collect();
    let row = |r: &str, f: &str, b: &str, a: &str| {
        (r.to_string(), f.to_string(), b.to_string(), a.to_string())
    };
    assert_eq!(
        changes,
        vec![
            row("Swale", "% change", "+14.2%", "+20.2%"),
            row("Swale", "This year", "1,711", "1,800"),
            row(
                "Canterbury",
                "",
                "-",
                "% change +9.1%, Last year 1,100, This year 1,200"
            ),
            row("Total", "% change", "+1.6%", "+8.5%"),
            row("Total", "Last year", "4,099", "4,230"),
            row("Total", "This year", "4,164", "4,589"),
            row(
                "Dover",
                "",
                "% change −10.8%, Last year 969, This year 864",
                "-"
            ),
        ]
    );
    let page = &v["pages"][0];
    assert_eq!(page["url"], "/");
    assert_eq!(page["changes"][0]["figure"], "asb: % change for Swale");
    assert_eq!(page["changes"][0]["before"], "+14.2%");
    assert_eq!(page["changes"][0]["after"], "+20.2%");
    assert_eq!(
        v["summary"],
        "Compared with HEAD~1, this changes 1 figure on 1 page, and 7 figures or rows in 1 dataset."
    );
}

#[test]
fn markdown_is_a_summary_for_a_pull_request() {
    let tmp = TempDir::new("diff-md");
    let root = repo(&tmp);
    let out = diff(&root, &["HEAD~1", "--format", "markdown"]);
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with(
            "## Figures changed\n\nCompared with HEAD~1, this changes 1 figure on 1 page"
        ),
        "{md}"
    );
    assert!(
        md.contains("| asb: % change for Swale | +14.2% | +20.2% |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| row Canterbury | (none) | % change +9.1%, Last year 1,100, This year 1,200 |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| row Dover | % change −10.8%, Last year 969, This year 864 | (removed) |"),
        "{md}"
    );
    // Against the working tree as committed, nothing differs.
    let same = diff(&root, &["HEAD"]);
    assert_eq!(
        String::from_utf8_lossy(&same.stdout),
        "No figure differs from HEAD.\n"
    );
}

#[test]
fn an_unknown_revision_or_no_repository_is_a_clear_error() {
    let tmp = TempDir::new("diff-errors");
    let root = repo(&tmp);
    let out = diff(&root, &["no-such-branch"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[diff]: there is no revision `no-such-branch` in this repository"),
        "{err}"
    );

    let bare = tmp.join("not-a-repo");
    write_files(&bare, &[("site.yaml", "title: X\n")]);
    let out = diff(&bare, &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not inside a git repository"));
}
