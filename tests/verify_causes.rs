//! Verification names how each wrong published figure went wrong: one
//! dataset of tests/sites/verify-causes per cause, one where no cause fits,
//! figures typed in words, and a tolerance that hides figures.

mod common;

use common::*;
use plainsight::Options;
use plainsight::diagnostic::Diagnostic;

fn findings() -> Vec<Diagnostic> {
    match plainsight::check(Options::new(site("verify-causes"))) {
        Ok(r) => r.findings.0,
        Err(d) => d.0,
    }
}

/// The findings in one dataset's CSV (or sidecar).
fn of(all: &[Diagnostic], file: &str) -> Vec<Diagnostic> {
    all.iter()
        .filter(|d| d.file.as_deref() == Some(file))
        .cloned()
        .collect()
}

/// The one finding in `file`, which must name `kind` and say `says`.
fn one(all: &[Diagnostic], file: &str, kind: &str, says: &[&str]) -> Diagnostic {
    let mine = of(all, file);
    assert_eq!(mine.len(), 1, "{file}: {mine:#?}");
    let d = mine.into_iter().next().unwrap();
    assert_eq!(d.cause.as_ref().map(|c| c.kind), Some(kind), "{d:#?}");
    for s in says {
        assert!(d.message.contains(s), "{file}: `{s}` not in: {}", d.message);
    }
    assert!(
        !d.message.contains('-') || d.message.contains("'-"),
        "hyphen as a minus sign: {}",
        d.message
    );
    d
}

#[test]
fn a_column_divided_by_the_wrong_period_is_one_finding() {
    let all = findings();
    let d = one(
        &all,
        "data/wrong-base.csv",
        "wrong-base",
        &[
            "all 3 rows of '% change (as published)' were divided by the current figure ('This year') instead of the previous one ('Last year')",
            "Ashford, Dover and Swale",
        ],
    );
    assert_eq!(d.location(), "data/wrong-base.csv:2:17");
    assert_eq!(d.cause.as_ref().unwrap().figures.len(), 3);
    assert!(
        d.notes[0].contains("20 ÷ 120 × 100 = 16.7%"),
        "{:?}",
        d.notes
    );
    let help = d.hint.unwrap();
    assert!(help.contains("the data are right"), "{help}");
    assert!(
        !help.contains("stated_change_pct"),
        "column names in help: {help}"
    );
}

#[test]
fn periods_swapped_a_dropped_minus_and_truncation() {
    let all = findings();
    one(
        &all,
        "data/periods-swapped.csv",
        "periods-swapped",
        &["all 3 rows", "the two periods the wrong way round"],
    );
    one(
        &all,
        "data/minus-dropped.csv",
        "minus-dropped",
        &[
            "for Dover is published as 10, but the data give −10: it is a fall, published without its minus sign",
        ],
    );
    one(
        &all,
        "data/truncated.csv",
        "truncated",
        &["published as 14.1%, but the data give 14.2%: it was cut short instead of rounded"],
    );
    one(
        &all,
        "data/percent-points.csv",
        "percent-points",
        &["it is the difference in percentage points, not the percent change"],
    );
}

#[test]
fn figures_of_other_rows_and_other_columns_are_named() {
    let all = findings();
    let d = one(
        &all,
        "data/other-row.csv",
        "other-row",
        &[
            "4 rows of 'Change in number (as published)' hold another area's figures",
            "Ashford has Dover's, Dover has Swale's, Swale has Thanet's and Thanet has Ashford's",
        ],
    );
    let owners: Vec<Option<String>> = d
        .cause
        .unwrap()
        .figures
        .into_iter()
        .map(|f| f.belongs_to)
        .collect();
    assert_eq!(owners[0].as_deref(), Some("Dover"));
    one(
        &all,
        "data/columns-swapped.csv",
        "columns-swapped",
        &["'Difference (numbers)' and 'Difference (percent)' are the wrong way round in both rows"],
    );
}

#[test]
fn totals_off_by_one_part_name_it() {
    let all = findings();
    one(
        &all,
        "data/sum-left-out.csv",
        "total-leaves-out",
        &["for Ashford is published as 80, but the data give 121: the total leaves out 'May'"],
    );
    let total = of(&all, "data/total-off-by-row.csv");
    assert_eq!(total.len(), 1, "{total:#?}");
    assert!(
        total[0]
            .message
            .contains("the published total of 'Incidents' is 50, but the rows add up to 75: it leaves out Dover (25)"),
        "{}",
        total[0].message
    );
}

#[test]
fn when_no_cause_fits_it_says_so() {
    let all = findings();
    let d = one(
        &all,
        "data/no-cause.csv",
        "none",
        &["published as 17.3%, but the data give 20.0%: no known cause explains the difference"],
    );
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("none gives the published figure exactly"))
    );
    assert!(
        d.hint
            .unwrap()
            .contains("check the figure against the source")
    );
}

#[test]
fn a_change_from_zero_is_explained() {
    let all = findings();
    let d = one(
        &all,
        "data/from-zero.csv",
        "none",
        &["the previous figure ('Last year') was 0, so there is no percent change"],
    );
    assert!(!d.message.contains("no data"), "{}", d.message);
}

#[test]
fn figures_in_words_are_read_and_the_rest_is_unreadable() {
    let all = findings();
    let mine = of(&all, "data/in-words.csv");
    assert_eq!(mine.len(), 1, "{mine:#?}");
    assert_eq!(mine[0].code, "verify-unreadable");
    assert_eq!(mine[0].location(), "data/in-words.csv:7:15");
    assert!(
        mine[0].message.contains("`about 10`"),
        "{}",
        mine[0].message
    );
}

#[test]
fn a_loose_tolerance_names_the_figures_it_hides() {
    let all = findings();
    let mine = of(&all, "data/tolerance.yaml");
    assert_eq!(mine.len(), 1, "{mine:#?}");
    assert_eq!(mine[0].code, "verify-tolerance");
    assert!(!mine[0].is_error());
    assert!(
        mine[0]
            .message
            .contains("Ashford (published as 11.4%, but the data give 11.1%)"),
        "{}",
        mine[0].message
    );
    assert!(of(&all, "data/tolerance.csv").is_empty());
}

/// The JSON lists the figures a grouped finding covers, and a GitHub
/// annotation carries the cause and the rows in its message.
#[test]
fn json_and_github_carry_the_cause() {
    let run = |format: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_plainsight"))
            .current_dir(manifest_dir())
            .args([
                "check",
                "--root",
                "tests/sites/verify-causes",
                "--format",
                format,
            ])
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        String::from_utf8(o.stdout).unwrap()
    };
    let v: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let f = v["findings"].as_array().unwrap();
    let wrong = f
        .iter()
        .find(|d| d["file"] == "data/wrong-base.csv")
        .expect("wrong-base finding");
    assert_eq!(wrong["cause"]["kind"], "wrong-base");
    let rows: Vec<&str> = wrong["cause"]["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["row"].as_str().unwrap())
        .collect();
    assert_eq!(rows, ["Ashford", "Dover", "Swale"]);
    assert_eq!(wrong["cause"]["figures"][1]["published"], "−11.1%");
    assert_eq!(wrong["cause"]["figures"][1]["computed"], "−10.0%");
    let gh = run("github");
    let line = gh
        .lines()
        .find(|l| l.contains("wrong-base.csv"))
        .expect("annotation");
    assert!(line.contains("divided by the current figure"), "{line}");
    assert!(line.contains("Ashford, Dover and Swale"), "{line}");
}
