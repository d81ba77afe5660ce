//! The human format: snippet windows, the cap on repeated findings, and
//! escapes for what a terminal would obey.

use super::*;

fn site(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("plainsight-human-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    root
}

/// The column (in characters) where `needle` starts on the output line
/// that holds it, and the line below it.
fn column_and_next<'a>(out: &'a str, needle: &str) -> (usize, &'a str) {
    let lines: Vec<&str> = out.lines().collect();
    let i = lines.iter().position(|l| l.contains(needle)).unwrap();
    let byte = lines[i].find(needle).unwrap();
    (lines[i][..byte].chars().count(), lines[i + 1])
}

#[test]
fn a_long_line_is_shown_as_a_window_with_the_caret_in_place() {
    let line = format!("{}BAD{}", "a".repeat(1000), "c".repeat(1000));
    let root = site("window", &[("content/a.md", &format!("x\n{line}\n"))]);
    let d = Diagnostic::error(Code::BrokenLink, "broken")
        .in_file("content/a.md")
        .at(2, 1001)
        .width(3);
    let out = render_one(&d, &root, false);
    assert!(out.contains("content/a.md:2:1001"), "{out}");
    assert!(out.len() < 800, "{} bytes:\n{out}", out.len());
    assert_eq!(out.matches('…').count(), 2, "{out}");
    let (col, below) = column_and_next(&out, "BAD");
    assert_eq!(
        below.chars().skip(col).take(3).collect::<String>(),
        "^^^",
        "{out}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn repeated_findings_are_shown_twenty_times_then_counted() {
    // 4,000 broken links on one 44 KB line printed 265 MB: the whole line
    // for each.
    let line = "[x](/nowhere/) ".repeat(4000);
    let root = site("repeated", &[("content/a.md", &line)]);
    let diags: Diagnostics = (0..4000)
        .map(|i| {
            Diagnostic::error(Code::BrokenLink, "no page")
                .in_file("content/a.md")
                .at(1, 1 + 15 * i)
                .width(14)
        })
        .collect::<Vec<_>>()
        .into();
    let out = render_human(&diags, &root, false);
    assert!(out.len() < 20 * 1000, "{} bytes", out.len());
    assert_eq!(
        out.matches("error[broken-link]").count(),
        SHOWN_PER_FILE_AND_CODE
    );
    assert!(
        out.contains("3980 more `broken-link` findings in content/a.md are not shown"),
        "{out}"
    );
    assert!(out.ends_with("failed: 4000 errors, 0 warnings\n"), "{out}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn many_files_with_many_findings_are_read_once_each() {
    // 40,000 bad cells over 200 files: each file is read and indexed once.
    let csv: String = (0..200).map(|i| format!("row{i},x\n")).collect();
    let files: Vec<(String, String)> = (0..200)
        .map(|f| (format!("data/d{f}.csv"), csv.clone()))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let root = site("many", &refs);
    let diags: Diagnostics = (0..40_000)
        .map(|i| {
            Diagnostic::error(Code::CsvValue, "bad")
                .in_file(format!("data/d{}.csv", i / 200))
                .at(1 + i % 200, 6)
        })
        .collect::<Vec<_>>()
        .into();
    let mut sources = Sources::default();
    let shown = diags
        .iter()
        .take(1000)
        .map(|d| render_with(d, &root, false, &mut sources))
        .count();
    assert_eq!(shown, 1000);
    assert_eq!(sources.0.len(), 5, "one read per file");
    let out = render_human(&diags, &root, false);
    assert_eq!(
        out.matches("error[csv-value]").count(),
        200 * SHOWN_PER_FILE_AND_CODE
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn what_a_terminal_would_obey_is_escaped() {
    let root = site(
        "escapes",
        &[("data/a\x1b[2J.csv", "area,n\nx\x1b]0;pwned\x07,1\n")],
    );
    let d = Diagnostic::error(Code::CsvValue, "`\x1b[31mred` is not a number\r")
        .in_file("data/a\x1b[2J.csv")
        .at(2, 1)
        .width(12)
        .label("here\x1b[0m")
        .hint("fix \u{202e}this");
    for color in [false, true] {
        let out = render_one(&d, &root, color);
        let raw = out.replace("\x1b[0m", "").replace("\x1b[1m", "");
        let theirs = ["\x1b[2J", "\x1b]0", "\x07", "\x1b[31mred", "\r", "\u{202e}"];
        assert!(theirs.iter().all(|t| !raw.contains(t)), "{out:?}");
        assert!(
            out.contains("\\u{1b}[2J") && out.contains("\\u{7}"),
            "{out:?}"
        );
    }
    let plain = render_human(
        &Diagnostics::from(Diagnostic::error(Code::Write, "a\x1bb")),
        &root,
        false,
    );
    assert!(plain.contains("a\\u{1b}b"), "{plain:?}");
    std::fs::remove_dir_all(&root).unwrap();
}
