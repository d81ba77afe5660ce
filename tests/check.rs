//! `plainsight check`: findings, golden output in every format, exit codes,
//! and verification of the seed appendix tables.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use plainsight::diagnostic::Severity;
use plainsight::{Format, Options};

fn pr_site() -> std::path::PathBuf {
    site("pr")
}

fn check_findings(root: &Path) -> plainsight::Diagnostics {
    match plainsight::check(Options::new(root)) {
        Ok(r) => r.findings,
        Err(d) => panic!("check failed to load {}: {:?}", root.display(), d),
    }
}

#[test]
fn pr_site_has_exactly_the_four_findings() {
    let root = pr_site();
    let d = check_findings(&root);
    let got: Vec<(String, &str, Severity)> = d
        .iter()
        .map(|d| (d.location(), d.code.as_str(), d.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "content/_index.md:8:19".to_string(),
                "stale-period",
                Severity::Warning
            ),
            (
                "content/_index.md:10:14".to_string(),
                "broken-link",
                Severity::Error
            ),
            (
                "content/priorities/_index.md:6:24".to_string(),
                "placeholder",
                Severity::Error
            ),
            ("data/asb.csv:3:16".to_string(), "verify", Severity::Error),
        ],
        "findings: {:#?}",
        d.iter().map(describe).collect::<Vec<_>>()
    );
    assert!(!root.join("public").exists(), "check wrote output");
}

/// Runs the binary's `check` on the pr fixture, from the crate root so that
/// paths in the output are stable.
fn check_output(format: &str) -> (i32, String, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_plainsight"))
        .current_dir(manifest_dir())
        .args(["check", "--root", "tests/sites/pr", "--format", format])
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn golden_github() {
    let (code, out, _) = check_output("github");
    assert_eq!(code, 1);
    golden("pr.github.txt", &out);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    // Paths from the repository's root (here the working folder), so an
    // annotation lands on its line when the site sits in a subfolder.
    let p = "tests/sites/pr";
    assert!(lines[0].starts_with(&format!(
        "::warning file={p}/content/_index.md,line=8,col=19,title=stale-period::"
    )));
    assert!(lines[1].starts_with(&format!(
        "::error file={p}/content/_index.md,line=10,col=14,title=broken-link::"
    )));
    assert!(lines[2].starts_with(&format!(
        "::error file={p}/content/priorities/_index.md,line=6,col=24,title=placeholder::"
    )));
    assert!(lines[3].starts_with(&format!(
        "::error file={p}/data/asb.csv,line=3,col=16,title=verify::"
    )));
    // Workflow-command escaping: % in data is %25.
    assert!(lines[3].contains("3.68%25"));
}

/// On GitHub, every finding also goes into the job summary, with a link to
/// its line in the commit.
#[test]
fn github_format_writes_a_job_summary() {
    let tmp = TempDir::new("summary");
    let summary = tmp.join("summary.md");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_plainsight"))
        .current_dir(manifest_dir())
        .args(["check", "--root", "tests/sites/pr", "--format", "github"])
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "council/plan")
        .env("GITHUB_SHA", "abc123")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let md = read(&summary);
    assert!(md.contains("❌ 3 errors, 1 warning"), "{md}");
    assert!(md.contains(
        "[tests/sites/pr/data/asb.csv:3:16](https://github.com/council/plan/blob/abc123/tests/sites/pr/data/asb.csv#L3)"
    ), "{md}");
}

#[test]
fn golden_json() {
    let (code, out, _) = check_output("json");
    assert_eq!(code, 1);
    golden("pr.json", &out);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["errors"], 3);
    assert_eq!(v["warnings"], 1);
    let f = v["findings"].as_array().unwrap();
    let codes: Vec<&str> = f.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["stale-period", "broken-link", "placeholder", "verify"]
    );
    let lines: Vec<u64> = f.iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [8, 10, 6, 3]);
}

#[test]
fn golden_human() {
    let (code, out, err) = check_output("human");
    assert_eq!(code, 1);
    assert!(out.is_empty(), "human output goes to stderr");
    golden("pr.human.txt", &err);
    assert!(err.contains("content/_index.md:8:19"));
    assert!(err.contains("failed: 3 errors, 1 warning"));
    // The library renders the same text.
    let lib = plainsight::diagnostic::render(
        &check_findings(&pr_site()),
        Format::Human,
        &pr_site(),
        false,
    );
    assert!(
        err.starts_with(&lib),
        "binary and library human output differ"
    );
}

/// A copy of the pr site with only the stale period left (a warning).
fn warnings_only_site(tmp: &TempDir) -> std::path::PathBuf {
    let root = tmp.join("site");
    copy_dir(&pr_site(), &root);
    write_files(
        &root,
        &[
            (
                "content/_index.md",
                "---\ntitle: Community Safety Plan 2025/26\ndescription: What the partnership will do this year.\n---\n\n## Priorities for 2024/25\n\nRead [our priorities](/priorities/).\n",
            ),
            (
                "content/priorities/_index.md",
                "---\ntitle: Our priorities\ndescription: The areas we focus on.\n---\n\nThis year we will help young people into work.\n",
            ),
            (
                "data/asb.csv",
                "district,current,previous,stated_change\nAshford,1020,965,5.7%\nDover,1006,969,3.8%\n",
            ),
        ],
    );
    root
}

#[test]
fn exit_codes() {
    let (code, _, _) = check_output("human");
    assert_eq!(code, 1, "errors: exit 1");

    let tmp = TempDir::new("exit");
    let root = warnings_only_site(&tmp);
    let r = root.to_str().unwrap();
    let o = run(&["check", "--root", r], &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "warnings only: exit 0\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("stale-period"));
    let o = run(&["check", "--root", r, "--strict"], &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "--strict turns warnings into errors"
    );
    let o = run(
        &["check", "--root", r, "--strict", "--format", "github"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("::error file=content/_index.md,line=6,col=19,title=stale-period::")
    );

    // A warning does not stop a build.
    let out = tmp.join("public");
    let o = run(&["build", "--root", r, "--out", out.to_str().unwrap()], &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.join("index.html").exists());

    // A site that cannot even be loaded (a page but no site.yaml): exit 1 too.
    let bad = tmp.join("no-site-yaml");
    write_files(
        &bad,
        &[(
            "content/_index.md",
            "---\ntitle: Home\ndescription: Home page.\n---\n\nHello.\n",
        )],
    );
    let o = run(
        &["check", "--root", bad.to_str().unwrap(), "--format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("JSON even when loading fails");
    assert_eq!(v["findings"][0]["code"], "config-missing");

    // The valid fixtures pass check.
    for name in ["minimal", "sections", "datasets"] {
        let root = site(&format!("valid/{name}"));
        let o = run(&["check", "--root", root.to_str().unwrap()], &[]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Half away from zero, to one decimal place.
fn round1(x: f64) -> f64 {
    (x * 10.0).abs().round().copysign(x) / 10.0
}

#[test]
fn seed_appendix_b_reports_exactly_the_rows_that_disagree() {
    let root = site("seed-appendices");
    let mut r = csv::Reader::from_path(root.join("data/crime-by-district.csv")).unwrap();
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (cur, prev, pct, diff, rank) = (
        col("current"),
        col("previous"),
        col("stated_change_pct"),
        col("stated_difference"),
        col("stated_rank"),
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let currents: Vec<i64> = rows.iter().map(|x| x[cur].parse().unwrap()).collect();
    // (line, column name) of every stated figure that does not follow from the data.
    let mut expected: BTreeSet<(usize, &str)> = BTreeSet::new();
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2; // header is line 1
        let c: i64 = row[cur].parse().unwrap();
        let p: i64 = row[prev].parse().unwrap();
        let stated_pct: f64 = row[pct].trim_end_matches('%').parse().unwrap();
        let stated_diff: i64 = row[diff].parse().unwrap();
        let stated_rank: usize = row[rank].parse().unwrap();
        let computed_pct = (c - p) as f64 / p as f64 * 100.0;
        if (stated_pct - round1(computed_pct)).abs() > 1e-9
            && (stated_pct - computed_pct).abs() > 0.05 + 1e-9
        {
            expected.insert((line, "stated_change_pct"));
        }
        if stated_diff != c - p {
            expected.insert((line, "stated_difference"));
        }
        let computed_rank = currents.iter().filter(|&&o| o > c).count() + 1;
        if stated_rank != computed_rank {
            expected.insert((line, "stated_rank"));
        }
    }
    assert!(!expected.is_empty());
    let expected_lines: BTreeSet<usize> = expected.iter().map(|(l, _)| *l).collect();
    // Maidstone (line 6) is the one row whose published figures are right.
    assert!(!expected_lines.contains(&6));

    let d = match plainsight::check(Options::new(&root)) {
        Ok(r) => r.findings,
        Err(d) => d,
    };
    let mine: Vec<&plainsight::diagnostic::Diagnostic> = d
        .iter()
        .filter(|d| d.code == "verify" && d.file.as_deref() == Some("data/crime-by-district.csv"))
        .collect();
    // One grouped finding: the rows hold other districts' figures.
    assert_eq!(
        mine.len(),
        1,
        "{:#?}",
        mine.iter().map(|d| describe(d)).collect::<Vec<_>>()
    );
    let cause = mine[0].cause.as_ref().expect("a named cause");
    assert_eq!(cause.kind, "other-row");
    assert!(
        mine[0].message.contains("12 rows of '% change (as published)' and 'Change in number (as published)' hold another district's figures: Medway has Dartford's, Thanet has Gravesham's, Swale has Medway's"),
        "{}",
        mine[0].message
    );
    let got: BTreeSet<(usize, &str)> = cause
        .figures
        .iter()
        .map(|f| {
            (
                f.line,
                if f.column == "stated_change_pct" {
                    "stated_change_pct"
                } else {
                    "stated_difference"
                },
            )
        })
        .collect();
    assert_eq!(got, expected, "verify findings in crime-by-district.csv");
    let got_lines: BTreeSet<usize> = got.iter().map(|(l, _)| *l).collect();
    assert_eq!(got_lines, expected_lines);
    // Each figure's column points at the stated figure in that line.
    let text = read(root.join("data/crime-by-district.csv"));
    let lines: Vec<&str> = text.lines().collect();
    for f in &cause.figures {
        let line = lines[f.line - 1];
        let fields: Vec<&str> = line.split(',').collect();
        let which = if f.column == "stated_change_pct" {
            pct
        } else {
            diff
        };
        let start: usize = fields[..which]
            .iter()
            .map(|s| s.chars().count() + 1)
            .sum::<usize>()
            + 1;
        assert_eq!(f.column_number, start, "column of {} in {line}", f.row);
    }
}

/// Appendix A's percentages were all divided by the later period, two of
/// them hidden by a tolerance looser than they were published to; the ward
/// table's two difference columns are swapped.
#[test]
fn seed_appendix_a_and_the_ward_table_name_their_causes() {
    let d = check_findings(&site("seed-appendices"));
    let at = |file: &str, code: &str| -> Vec<&plainsight::diagnostic::Diagnostic> {
        d.iter()
            .filter(|d| d.code == code && d.file.as_deref() == Some(file))
            .collect()
    };
    let a = at("data/asb-by-district.csv", "verify");
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(a[0].cause.as_ref().unwrap().kind, "wrong-base");
    assert!(a[0].message.starts_with(
        "all 9 rows of '% change (as published)' that disagree with the data were divided by the current figure ('1 Apr to 30 Sep 2023') instead of the previous one ('1 Apr to 30 Sep 2022'): Swale, Thanet"
    ), "{}", a[0].message);
    let tol = at("data/asb-by-district.yaml", "verify-tolerance");
    assert_eq!(tol.len(), 1, "{tol:#?}");
    assert!(tol[0].message.contains("Canterbury (published as 1.89%, but the data give 1.92%) and Dartford (published as 0.41%, but the data give 0.42%)"), "{}", tol[0].message);
    let ward = at("data/asb-by-ward.csv", "verify");
    assert_eq!(ward.len(), 1, "{ward:#?}");
    assert_eq!(ward[0].cause.as_ref().unwrap().kind, "columns-swapped");
    assert_eq!(ward[0].cause.as_ref().unwrap().figures.len(), 6);
    assert!(ward[0].message.starts_with(
        "'Difference (numbers), as published' and 'Difference (percent), as published' are the wrong way round in all 3 rows"
    ), "{}", ward[0].message);
}

/// A stale-period finding acknowledged with a reason at its place is listed
/// with the reason and not counted; the same mark cannot clear a
/// placeholder; a span of years that holds the plan's period is right.
#[test]
fn an_acknowledged_finding_is_listed_with_its_reason_and_not_counted() {
    let tmp = TempDir::new("check-ack");
    let root = tmp.join("site");
    copy_dir(&site("bad-input-base"), &root);
    write_files(
        &root,
        &[(
            "content/about.md",
            "---\ntitle: About\ndescription: About us.\nplan: priority\nscope: All.\nlead: Police\nfindings:\n  - The Police and Crime Plan (2022-2027) sets the aims.\n---\n\n\
             <!-- accept stale-period: the name of the assessment this plan answers -->\n\
             ## Strategic Assessment 2022/23\n\n\
             ## Results for 2019/20\n\n\
             We dealt with XX people. <!-- accept placeholder: to come -->\n",
        )],
    );
    let d = check_findings(&root);
    let ack: Vec<&plainsight::Diagnostic> = d.iter().filter(|d| !d.counts()).collect();
    assert_eq!(
        ack.len(),
        1,
        "{:#?}",
        d.iter().map(describe).collect::<Vec<_>>()
    );
    assert_eq!(ack[0].location(), "content/about.md:12:25");
    assert_eq!(
        ack[0].acknowledged.as_deref(),
        Some("the name of the assessment this plan answers")
    );
    let stale: Vec<String> = (d.iter())
        .filter(|d| d.code == "stale-period" && d.counts())
        .map(|d| d.location())
        .collect();
    assert_eq!(
        stale,
        vec!["content/about.md:14:16".to_string()],
        "the span 2022-2027 holds 2025/26"
    );
    let placeholder = d
        .iter()
        .find(|d| d.code == "placeholder")
        .expect("the placeholder stands");
    assert!(
        placeholder.counts()
            && placeholder
                .notes
                .iter()
                .any(|n| n.contains("cannot be acknowledged"))
    );
    assert_eq!(
        d.warnings(),
        1,
        "{:#?}",
        d.iter().map(describe).collect::<Vec<_>>()
    );
    assert_eq!(d.acknowledged(), 1);
    let human = render_human(&d, &root);
    assert!(
        human.contains("acknowledged in the sources (1):")
            && human.contains("the name of the assessment this plan answers"),
        "{human}"
    );
}

/// One failing call, or one CSV that will not load, hides nothing else:
/// the verification failures, placeholders and link checks of the rest of
/// the site are reported in the same run.
#[test]
fn a_failing_call_or_a_broken_csv_hides_no_other_finding() {
    let tmp = TempDir::new("check-all-findings");
    let root = tmp.join("site");
    copy_dir(&pr_site(), &root);
    write_files(
        &root,
        &[
            (
                "content/extra.md",
                "---\ntitle: Extra\ndescription: Extra.\n---\n\nIt rose by {{ value(data=\"no-such\", row=\"A\", col=\"b\") }}.\n",
            ),
            ("data/broken.csv", "area,n\nAshford,1O2\n"),
            (
                "data/broken.yaml",
                "title: Broken\nsource: Test\ncolumns:\n  n: { type: integer }\n",
            ),
            (
                "content/uses-broken.md",
                "---\ntitle: Uses broken\ndescription: Uses it.\n---\n\nIt was {{ value(data=\"broken\", row=\"Ashford\", col=\"n\") }}.\n",
            ),
        ],
    );
    let found: Vec<String> = match plainsight::check(Options::new(&root)) {
        Ok(r) => r.findings.iter().map(describe).collect(),
        Err(d) => d.iter().map(describe).collect(),
    };
    let has = |code: &str, file: &str| {
        found
            .iter()
            .any(|f| f.starts_with(file) && f.contains(&format!("[{code}]")))
    };
    assert!(has("unknown-dataset", "content/extra.md"), "{found:#?}");
    assert!(has("csv-value", "data/broken.csv"), "{found:#?}");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("content/uses-broken.md") && f.contains("could not be loaded")),
        "a call on the broken dataset says so: {found:#?}"
    );
    assert!(
        has("verify", "data/asb.csv"),
        "verification still reported: {found:#?}"
    );
    assert!(
        has("placeholder", "content/priorities/_index.md"),
        "page checks still run: {found:#?}"
    );
    assert!(
        has("broken-link", "content/_index.md"),
        "link checks still run: {found:#?}"
    );
}
