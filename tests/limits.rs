//! Resource limits that a mistaken (or hostile) input cannot blow through:
//! each one ends the build with a message instead of a crash, a hang or
//! all the memory. docs/security.md ("Limits") lists every limit, its value
//! and where it is enforced. Inputs that could crash the process are built
//! through the binary, so a crash fails the one test instead of the run.

mod common;

use std::path::Path;

use common::*;

const SITE: &str =
    "title: Limits\nbase_url: https://example.org/\naccessibility: { status: not-assessed }\n";
const HOME: &str = "---\ntitle: Home\ndescription: Home.\n---\n\nHello.\n";

/// A site with `files` added to a plain home page.
fn site_with(tmp: &TempDir, files: &[(&str, &str)]) -> std::path::PathBuf {
    let root = tmp.join("site");
    write_files(&root, &[("site.yaml", SITE), ("content/_index.md", HOME)]);
    write_files(&root, files);
    root
}

/// The build's errors as one text; panics if the build succeeded.
fn errors_of(root: &Path) -> String {
    match build(root, &root.with_file_name("public")) {
        Ok(_) => panic!("{} built, but it must not", root.display()),
        Err(d) => d.iter().map(describe).collect::<Vec<_>>().join("\n"),
    }
}

/// Builds through the binary: (exit code, stderr). A crash (a signal, or
/// Rust's abort on stack overflow) shows as None.
fn build_in_process_of_its_own(root: &Path) -> (Option<i32>, String) {
    let o = run_build(root, &root.with_file_name("public"), &[]);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A page that uses the site-level template `name`.
fn page_using(name: &str) -> String {
    format!("---\ntitle: P\ndescription: P.\ntemplate: {name}\n---\n\nText.\n")
}

// ---------------------------------------------------------------------------
// Templates (Tera 2's own limits; src/theme.rs turns them into diagnostics)

#[test]
fn a_template_that_includes_itself_is_an_error() {
    let tmp = TempDir::new("lim-self-include");
    let root = site_with(
        &tmp,
        &[
            ("content/p.md", &page_using("loopy.html")),
            (
                "templates/loopy.html",
                "{% extends \"base.html\" %}{% block content %}{% include \"partials/loop.html\" %}{% endblock content %}",
            ),
            (
                "templates/partials/loop.html",
                "x{% include \"partials/loop.html\" %}",
            ),
        ],
    );
    let e = errors_of(&root);
    assert!(e.contains("[template-loop]"), "{e}");
}

#[test]
fn templates_that_include_each_other_are_an_error() {
    let tmp = TempDir::new("lim-mutual-include");
    let root = site_with(
        &tmp,
        &[
            ("content/p.md", &page_using("loopy.html")),
            (
                "templates/loopy.html",
                "{% extends \"base.html\" %}{% block content %}{% include \"partials/a.html\" %}{% endblock content %}",
            ),
            (
                "templates/partials/a.html",
                "a{% include \"partials/b.html\" %}",
            ),
            (
                "templates/partials/b.html",
                "b{% include \"partials/a.html\" %}",
            ),
        ],
    );
    let e = errors_of(&root);
    assert!(e.contains("[template-loop]"), "{e}");
}

#[test]
fn templates_that_extend_each_other_are_an_error() {
    let tmp = TempDir::new("lim-extends-loop");
    let root = site_with(
        &tmp,
        &[
            ("content/p.md", &page_using("x.html")),
            ("templates/x.html", "{% extends \"y.html\" %}"),
            ("templates/y.html", "{% extends \"x.html\" %}"),
        ],
    );
    let e = errors_of(&root);
    assert!(e.contains("[template-loop]"), "{e}");
}

#[test]
fn a_component_that_calls_itself_stops_at_tera_s_depth_limit() {
    let tmp = TempDir::new("lim-component");
    let root = site_with(
        &tmp,
        &[
            ("content/p.md", &page_using("rec.html")),
            (
                "templates/rec.html",
                "{% extends \"base.html\" %}\n{% component down(n) %}{{ <down n={n + 1} /> }}{% endcomponent down %}\n{% block content %}{{ <down n={0} /> }}{% endblock content %}\n",
            ),
        ],
    );
    let (code, stderr) = build_in_process_of_its_own(&root);
    assert_eq!(code, Some(1), "not a clean failure:\n{stderr}");
    // Tera's own words, or src/theme.rs's located version of them.
    assert!(
        stderr.contains("recursion depth") || stderr.contains("[template-loop]"),
        "{stderr}"
    );
}

#[test]
fn deeply_nested_template_syntax_is_refused_before_it_can_overflow() {
    let cases = [
        (
            "expression",
            format!("{{{{ {}1{} }}}}", "(".repeat(500), ")".repeat(500)),
            "too complex",
        ),
        (
            "blocks",
            format!(
                "{}x{}",
                "{% if true %}".repeat(500),
                "{% endif %}".repeat(500)
            ),
            "nesting is too deep",
        ),
        (
            "arrays",
            format!("{{{{ {}1{} }}}}", "[".repeat(500), "]".repeat(500)),
            "",
        ),
    ];
    for (what, body, says) in cases {
        let tmp = TempDir::new("lim-nesting");
        let root = site_with(
            &tmp,
            &[
                ("content/p.md", &page_using("deep.html")),
                (
                    "templates/deep.html",
                    &format!(
                        "{{% extends \"base.html\" %}}{{% block content %}}{body}{{% endblock content %}}"
                    ),
                ),
            ],
        );
        let (code, stderr) = build_in_process_of_its_own(&root);
        assert_eq!(code, Some(1), "{what}: not a clean failure:\n{stderr}");
        assert!(stderr.contains("[template-syntax]"), "{what}: {stderr}");
        assert!(stderr.contains(says), "{what}: {stderr}");
    }
}

#[test]
fn a_call_nested_too_deeply_in_markdown_is_an_error() {
    let tmp = TempDir::new("lim-call-nesting");
    let root = site_with(
        &tmp,
        &[(
            "content/p.md",
            &format!(
                "---\ntitle: P\ndescription: P.\n---\n\n{{{{ value(data={}1{}) }}}}\n",
                "[".repeat(500),
                "]".repeat(500)
            ),
        )],
    );
    let (code, stderr) = build_in_process_of_its_own(&root);
    assert_eq!(code, Some(1), "not a clean failure:\n{stderr}");
    assert!(stderr.contains("content/p.md:"), "{stderr}");
}

#[test]
fn range_is_capped_at_one_hundred_thousand() {
    let tmp = TempDir::new("lim-range");
    let root = site_with(
        &tmp,
        &[
            ("content/p.md", &page_using("big.html")),
            (
                "templates/big.html",
                "{% extends \"base.html\" %}{% block content %}{% for i in range(end=100001) %}{{ i }}{% endfor %}{% endblock content %}",
            ),
        ],
    );
    let e = errors_of(&root);
    assert!(e.contains("exceeds the limit of 100000"), "{e}");
}

/// An include chain that does not loop but goes very deep overflows the
/// render threads' stacks (2 MiB each) at about 150 to 200 levels: a crash.
/// The fix belongs in src/theme.rs (see docs/security.md, "Limits").
#[test]

fn a_very_deep_chain_of_includes_is_an_error_not_a_crash() {
    let tmp = TempDir::new("lim-include-chain");
    const DEPTH: usize = 300;
    let mut files: Vec<(String, String)> = (0..DEPTH)
        .map(|i| {
            let body = if i + 1 < DEPTH {
                format!("{{% include \"chain/c{}.html\" %}}", i + 1)
            } else {
                "end".to_string()
            };
            (format!("templates/chain/c{i}.html"), body)
        })
        .collect();
    files.push(("content/p.md".into(), page_using("deep.html")));
    files.push((
        "templates/deep.html".into(),
        "{% extends \"base.html\" %}{% block content %}{% include \"chain/c0.html\" %}{% endblock content %}".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let root = site_with(&tmp, &refs);
    let (code, stderr) = build_in_process_of_its_own(&root);
    assert_eq!(code, Some(1), "not a clean failure:\n{stderr}");
    assert!(stderr.contains("templates/"), "{stderr}");
}

// ---------------------------------------------------------------------------
// Tables and charts (src/table.rs, src/chart/mod.rs)

fn numbers_csv(rows: usize) -> String {
    let mut s = String::from("area,n\n");
    for i in 0..rows {
        s.push_str(&format!("Area {i:05},{}\n", i % 97));
    }
    s
}

#[test]
fn a_long_table_shows_its_first_rows_and_links_to_the_download() {
    let max = plainsight::internals::MAX_INLINE_ROWS;
    assert_eq!(max, 500, "docs/security.md gives the value");
    let rows = max * 2 + 234;
    let tmp = TempDir::new("lim-table");
    let root = site_with(
        &tmp,
        &[
            (
                "content/_index.md",
                "---\ntitle: Home\ndescription: Home.\n---\n\n{{ table(data=\"big\") }}\n",
            ),
            ("data/big.csv", &numbers_csv(rows)),
        ],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    let home = read(out.join("index.html"));
    let body = &home[home.find("<tbody>").unwrap()..home.find("</tbody>").unwrap()];
    assert_eq!(body.matches("<tr").count(), max, "rows shown inline");
    assert!(
        home.contains(&format!(
            "Showing the first {max} of {rows} rows; the download has them all."
        )),
        "the table does not say it is cut short"
    );
    assert!(home.contains("href=\"/data/big.csv\" download"));
    let csv = read(out.join("data/big.csv"));
    assert_eq!(csv.lines().count(), rows + 1, "the download has every row");
    // The dataset's own page is cut at the same place.
    let page = read(out.join("data/big/index.html"));
    let body = &page[page.find("<tbody>").unwrap()..page.find("</tbody>").unwrap()];
    assert_eq!(body.matches("<tr").count(), max);
}

#[test]
fn a_table_at_the_limit_is_shown_whole() {
    let max = plainsight::internals::MAX_INLINE_ROWS;
    let tmp = TempDir::new("lim-table-exact");
    let root = site_with(
        &tmp,
        &[
            (
                "content/_index.md",
                "---\ntitle: Home\ndescription: Home.\n---\n\n{{ table(data=\"big\") }}\n",
            ),
            ("data/big.csv", &numbers_csv(max)),
        ],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    let home = read(out.join("index.html"));
    assert!(
        !home.contains("Showing the first"),
        "cut short at the limit"
    );
}

#[test]
fn charts_refuse_more_bars_points_or_series_than_can_be_read() {
    use plainsight::internals::{MAX_BARS, MAX_POINTS, MAX_SERIES};
    assert_eq!((MAX_BARS, MAX_POINTS, MAX_SERIES), (60, 400, 6));
    let series_csv = {
        let cols: Vec<String> = (0..=MAX_SERIES).map(|i| format!("c{i}")).collect();
        let mut s = format!("area,{}\n", cols.join(","));
        s.push_str(&format!("A,{}\n", ["1"; MAX_SERIES + 1].join(",")));
        s
    };
    let series_cols: Vec<String> = (0..=MAX_SERIES).map(|i| format!("\"c{i}\"")).collect();
    let cases = [
        (
            numbers_csv(MAX_BARS + 1),
            "{{ chart(data=\"d\", columns=[\"n\"]) }}".to_string(),
            format!("(at most {MAX_BARS})"),
        ),
        (
            numbers_csv(MAX_POINTS + 1),
            "{{ chart(data=\"d\", kind=\"line\", columns=[\"n\"]) }}".to_string(),
            format!("(at most {MAX_POINTS})"),
        ),
        (
            series_csv,
            format!(
                "{{{{ chart(data=\"d\", kind=\"grouped-bar\", columns=[{}]) }}}}",
                series_cols.join(", ")
            ),
            "too many to tell apart".to_string(),
        ),
    ];
    for (csv, call, says) in cases {
        let tmp = TempDir::new("lim-chart");
        let root = site_with(
            &tmp,
            &[
                (
                    "content/_index.md",
                    &format!("---\ntitle: Home\ndescription: Home.\n---\n\n{call}\n"),
                ),
                ("data/d.csv", &csv),
            ],
        );
        let e = errors_of(&root);
        assert!(e.contains(&says), "{call}: {e}");
        assert!(e.contains("content/_index.md:"), "{call}: {e}");
    }
    // At the limits, the charts are drawn.
    let tmp = TempDir::new("lim-chart-ok");
    let root = site_with(
        &tmp,
        &[
            (
                "content/_index.md",
                "---\ntitle: Home\ndescription: Home.\n---\n\n{{ chart(data=\"d\", columns=[\"n\"]) }}\n\n{{ chart(data=\"e\", kind=\"line\", columns=[\"n\"]) }}\n",
            ),
            ("data/d.csv", &numbers_csv(MAX_BARS)),
            ("data/e.csv", &numbers_csv(MAX_POINTS)),
        ],
    );
    build_ok(&root, &tmp.join("public"));
}

#[test]
fn a_template_call_longer_than_the_limit_is_an_error() {
    let max = plainsight::internals::MAX_CALL_LEN;
    assert_eq!(max, 4096);
    let tmp = TempDir::new("lim-call-len");
    let long = "x".repeat(max + 10);
    let root = site_with(
        &tmp,
        &[(
            "content/p.md",
            &format!("---\ntitle: P\ndescription: P.\n---\n\n{{{{ value(data=\"{long}\") }}}}\n"),
        )],
    );
    let e = errors_of(&root);
    assert!(e.contains("content/p.md:"), "{e}");
}

// ---------------------------------------------------------------------------
// YAML (yaml_serde's limits: 128 levels of nesting; alias expansion at most
// 100 times the document's own events)

/// The classic "billion laughs": each level nine aliases of the one before.
fn laughs() -> String {
    let mut s = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        s.push_str(&format!(
            "{}: &{} [{}]\n",
            w[1],
            w[1],
            vec![format!("*{}", w[0]); 9].join(",")
        ));
    }
    s
}

/// Wherever free-form YAML is read (a data file, a page's `extra`, a
/// sidecar's `derived`). site.yaml has no free-form key: its typed fields
/// stop at the first value of the wrong shape, before any expansion.
#[test]
fn yaml_alias_bombs_are_refused_wherever_yaml_is_read() {
    let bomb = laughs();
    let indented: String = bomb.lines().map(|l| format!("  {l}\n")).collect();
    let cases: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "data/bomb.yaml",
            vec![("data/bomb.yaml".into(), bomb.clone())],
        ),
        (
            "content/p.md",
            vec![(
                "content/p.md".into(),
                format!("---\ntitle: P\ndescription: P.\nextra:\n{indented}---\n\nText.\n"),
            )],
        ),
        (
            "data/t.yaml",
            vec![
                ("data/t.csv".into(), "area,n\nA,1\n".into()),
                (
                    "data/t.yaml".into(),
                    format!("title: T\nderived:\n{indented}"),
                ),
            ],
        ),
    ];
    for (file, files) in cases {
        let tmp = TempDir::new("lim-laughs");
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let root = site_with(&tmp, &refs);
        let started = std::time::Instant::now();
        let (code, stderr) = build_in_process_of_its_own(&root);
        assert_eq!(code, Some(1), "{file}: not a clean failure:\n{stderr}");
        assert!(
            stderr.contains(file),
            "{file}: the error does not name it:\n{stderr}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{file}: took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn yaml_nested_deeper_than_the_limit_is_refused() {
    for file in ["data/deep.yaml", "content/p.md"] {
        let tmp = TempDir::new("lim-yaml-deep");
        let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let text = if file.ends_with(".md") {
            format!("---\ntitle: P\ndescription: P.\nextra: {{ x: {deep} }}\n---\n\nText.\n")
        } else {
            format!("a: {deep}\n")
        };
        let root = site_with(&tmp, &[(file, &text)]);
        let (code, stderr) = build_in_process_of_its_own(&root);
        assert_eq!(code, Some(1), "{file}: not a clean failure:\n{stderr}");
        assert!(stderr.contains("recursion limit"), "{file}: {stderr}");
    }
}

/// yaml_serde's alias limit is relative to the document's size, so a
/// *quadratic* bomb passes it: one anchor of K items referred to K times is
/// a 10 KB file at K = 2,000 that becomes four million values (about
/// 350 MB); at K = 20,000, 100 KB becomes 400 million (tens of GB). The
/// build runs under a 1 GB address-space cap here so the test cannot take
/// the machine down; the fix (a cap on expanded YAML nodes) belongs in
/// src/yaml.rs (see docs/security.md, "Limits").
#[cfg(unix)]
#[test]

fn a_quadratic_yaml_alias_bomb_is_refused() {
    let tmp = TempDir::new("lim-quadratic");
    let k = 4000;
    let bomb = format!(
        "a: &a [{}]\nb: [{}]\n",
        vec!["x"; k].join(","),
        vec!["*a"; k].join(",")
    );
    let root = site_with(&tmp, &[("data/bomb.yaml", &bomb)]);
    let out = tmp.join("public");
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1000000; exec \"$0\" build --root \"$1\" --out \"$2\" --no-search")
        .arg(env!("CARGO_BIN_EXE_plainsight"))
        .arg(&root)
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run plainsight");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "not a clean failure:\n{stderr}");
    assert!(stderr.contains("data/bomb.yaml"), "{stderr}");
}

// ---------------------------------------------------------------------------
// File sizes

/// Every file is read whole into memory (src/files.rs), with no size limit:
/// a 2 GB CSV exported by mistake is read, parsed and held several times
/// over. The proposed limit (docs/security.md) is 100 MB per file.
#[test]

fn a_file_over_the_size_limit_is_refused_with_a_message() {
    let tmp = TempDir::new("lim-size");
    let root = site_with(&tmp, &[("data/huge.csv", "area,n\n")]);
    // A sparse file: 101 MB on paper, nothing on disk.
    let f = std::fs::OpenOptions::new()
        .append(true)
        .open(root.join("data/huge.csv"))
        .unwrap();
    f.set_len(101 * 1024 * 1024).unwrap();
    drop(f);
    let (code, stderr) = build_in_process_of_its_own(&root);
    assert_eq!(code, Some(1), "not a clean failure:\n{stderr}");
    assert!(stderr.contains("data/huge.csv"), "{stderr}");
    assert!(
        stderr.contains("MB"),
        "the message gives the limit: {stderr}"
    );
}

/// Front-matter titles may use `{{ site.… }}` values; a tag there (a loop,
/// say) would run for every page on every rebuild, so it is refused.
#[test]
fn a_loop_in_a_front_matter_title_is_an_error() {
    let tmp = TempDir::new("lim-fm-loop");
    let root = site_with(
        &tmp,
        &[(
            "content/about.md",
            "---\ntitle: \"{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}\"\ndescription: About.\n---\n\nText.\n",
        )],
    );
    let errors = errors_of(&root);
    assert!(
        errors.contains("content/about.md:2:9") && errors.contains("not {% … %} tags"),
        "{errors}"
    );
}
