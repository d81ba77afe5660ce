//! The bad-input corpus: every `tests/bad_input/NAME.case` is a small change
//! to a valid base site and the exact finding it must produce. Adding a case
//! is writing one text file; nothing here needs to change.
//!
//! A `.case` file is a header of `key: value` lines (and `#` comment lines),
//! then the files to write over the base site:
//!
//! ```text
//! # A whole number with a letter O in it.
//! location: data/asb.csv:2:9
//! message: `1O20` is not a whole number
//! code: csv-value
//! hint: missing:
//!
//! >>> file data/asb.csv
//! area,current,previous
//! Ashford,1O20,1000
//! ```
//!
//! The header keys:
//!
//! - `expect:` `error` (the default), `warning` or `ok`.
//! - `base:` the folder under tests/sites/ to start from
//!   (`bad-input-base` by default), or `none` for an empty folder.
//! - `location:` (errors and warnings) the start of the finding's
//!   `file:line:column`; give all three wherever the finding has them.
//! - `message:` (errors and warnings) a piece of the finding's message.
//! - `code:` the finding's code, exactly (optional).
//! - `hint:` a piece of the finding's hint (optional).
//! - `output:` `FILE: TEXT` (`expect: ok`, repeatable): the built FILE, a
//!   path in the output folder, contains TEXT.
//!
//! `expect: error` means the build fails with an error that matches every
//! expectation given, leaves the previous output byte for byte as it was,
//! writes nothing beside the output folder or into the site, and does not
//! panic. `expect: warning` means the build succeeds with such a warning;
//! `expect: ok` that it succeeds and each `output:` file holds its text.
//!
//! Sections start with a line of `>>> ` and a verb:
//!
//! - `>>> file PATH [options]`: writes PATH (relative to the site; in double
//!   quotes if it has spaces) with the lines that follow, up to the next
//!   section. Trailing blank lines are dropped and one newline ends the
//!   file. (A content line that itself starts with `>>> file ` and the
//!   like would be taken for a section; a Markdown quote `>>>> x` is not.)
//! - `>>> append PATH [options]`: the same, added to the end of PATH.
//! - `>>> remove PATH`: deletes a file or folder of the base site.
//! - `>>> mkdir PATH`: makes an empty folder.
//! - `>>> symlink PATH -> TARGET`: a symbolic link. In TARGET, `{outside}`
//!   is a folder beside the site (holding `secret.md`, `secret.csv` and
//!   `secret.html`) and `{site}` is the site's own folder.
//!
//! Options of `file` and `append`:
//!
//! - `escapes`: `\xNN` is the byte NN, `\u{HHHH}` a Unicode character (as
//!   UTF-8), `\r`, `\n`, `\t` and `\\` as usual. This writes what an editor
//!   cannot show: `\xEF\xBB\xBF` is a byte-order mark, `\x92` a
//!   Windows-1252 apostrophe, `\xFF` never valid UTF-8.
//! - `crlf`: lines end with CR LF.
//! - `no-newline`: no newline at the end.
//! - `repeat=N`: the text N times, with `{n}` replaced by 1, 2, … N (only
//!   with `repeat=`; elsewhere `{n}` is left as it is). With
//!   `append` this generates big inputs (100,000 rows, a 10 MB cell) in the
//!   test instead of committing them.
//!
//! Every failing case also runs through `check`, which must report the same
//! error and write nothing. A sample of the failing cases (every tenth, and
//! those named in `THROUGH_THE_BINARY`) also runs through the binary, which
//! must exit with status 1, create no output folder and print the location,
//! the message and the hint. File-system trouble that a
//! `.case` cannot express (unreadable files, an output folder that cannot be
//! written, a full disk, a named pipe) has ordinary tests in
//! tests/bad_input/filesystem.rs.
//!
//! Run: `cargo test --release --test bad_input`. One case: set
//! `BAD_INPUT_CASE=NAME` (a substring of the file name); to see the finding
//! each case matched, set `BAD_INPUT_SHOW=1` and pass `--nocapture`.

mod common;
#[path = "bad_input/filesystem.rs"]
mod filesystem;
#[path = "bad_input/format.rs"]
mod format;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;
use format::{Case, Expect, Op, parse_case};
use plainsight::Diagnostic;

/// Cases whose expectation documents a bug not fixed yet: the main test
/// skips them (none at present; `BAD_INPUT_CASE=NAME` runs one on its own).
const KNOWN_BUGS: &[&str] = &[];

/// Failing cases that always run through the binary, besides every tenth.
const THROUGH_THE_BINARY: &[&str] = &["call-unknown-column"];

fn load_cases() -> Vec<Case> {
    let dir = manifest_dir().join("tests/bad_input");
    let filter = std::env::var("BAD_INPUT_CASE").ok();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/bad_input")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            parse_case(&name, &read(p)).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .filter(|c| filter.as_deref().is_none_or(|f| c.name.contains(f)))
        .collect()
}

/// A case's site, written into `tmp/site`, and the folder `{outside}` names.
fn materialise(case: &Case, tmp: &Path) -> PathBuf {
    let root = tmp.join("site");
    std::fs::create_dir_all(&root).unwrap();
    if let Some(base) = &case.base {
        copy_dir(&site(base), &root);
    }
    let outside = tmp.join("outside");
    write_files(
        &outside,
        &[
            (
                "secret.md",
                "---\ntitle: Secret\n---\n\nNot part of the site.\n",
            ),
            ("secret.csv", "area,current\nSecret,1\n"),
            ("secret.html", "<p>secret</p>\n"),
        ],
    );
    for op in &case.ops {
        match op {
            Op::Write { path, bytes } => {
                let p = root.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, bytes).unwrap();
            }
            Op::Append { path, bytes } => {
                use std::io::Write;
                let p = root.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&p)
                    .unwrap();
                f.write_all(bytes).unwrap();
            }
            Op::Remove(path) => {
                let p = root.join(path);
                if p.is_dir() {
                    std::fs::remove_dir_all(&p).unwrap();
                } else {
                    std::fs::remove_file(&p).unwrap();
                }
            }
            Op::Mkdir(path) => std::fs::create_dir_all(root.join(path)).unwrap(),
            Op::Symlink { path, target } => {
                let p = root.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                let target = target
                    .replace("{outside}", &outside.to_string_lossy())
                    .replace("{site}", &root.to_string_lossy());
                symlink(Path::new(&target), &p);
            }
        }
    }
    root
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(not(unix))]
fn symlink(_: &Path, _: &Path) {
    panic!("symlink cases need a Unix file system");
}

fn matches(d: &Diagnostic, c: &Case) -> bool {
    d.location().starts_with(&c.location)
        && d.message.contains(&c.message)
        && c.code.as_deref().is_none_or(|code| d.code == code)
        && c.hint
            .as_deref()
            .is_none_or(|h| d.hint.as_deref().is_some_and(|dh| dh.contains(h)))
}

fn list(diags: &plainsight::Diagnostics) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "  {} {} [{}] {} (hint: {})",
                if d.is_error() { "error" } else { "warning" },
                d.location(),
                d.code,
                d.message.chars().take(300).collect::<String>(),
                d.hint.as_deref().unwrap_or("-")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn expectation(c: &Case) -> String {
    format!(
        "at `{}` containing `{}`{}{}",
        c.location,
        c.message,
        c.code
            .as_deref()
            .map(|x| format!(" with code `{x}`"))
            .unwrap_or_default(),
        c.hint
            .as_deref()
            .map(|h| format!(" and hint `{h}`"))
            .unwrap_or_default()
    )
}

/// With `BAD_INPUT_SHOW=1`, prints the finding a case matched: handy for
/// writing a new case's expectation exactly.
fn show(name: &str, d: &Diagnostic) {
    if std::env::var_os("BAD_INPUT_SHOW").is_some() {
        println!(
            "{name}: {} [{}] {} (hint: {})",
            d.location(),
            d.code,
            d.message,
            d.hint.as_deref().unwrap_or("-")
        );
    }
}

/// Every file of an output folder, by relative path.
type Files = BTreeMap<String, Vec<u8>>;

/// The previous, good output of each base, built once: the folder it was
/// built in and its files.
struct Previous {
    by_base: Mutex<BTreeMap<String, (TempDir, Files)>>,
}

impl Previous {
    /// Copies the good output of `base` to `out`; returns its files.
    fn place(&self, base: &str, out: &Path) -> Files {
        let mut map = self.by_base.lock().unwrap_or_else(|e| e.into_inner());
        let (dir, files) = map.entry(base.to_string()).or_insert_with(|| {
            let tmp = TempDir::new("bad-input-previous");
            let good = tmp.join("public");
            build_ok(&site(base), &good);
            let files = tree(&good);
            (tmp, files)
        });
        copy_dir(&dir.join("public"), out);
        files.clone()
    }
}

/// The text a panic was raised with.
fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Runs one case through the library; returns what went wrong, if anything.
fn run_case(case: &Case, previous: &Previous) -> Result<(), String> {
    let name = &case.name;
    let tmp = TempDir::new(&format!("bad-input-{}", name.replace(['/', ' '], "-")));
    let root = materialise(case, tmp.path());
    let out_parent = tmp.join("out");
    let out = out_parent.join("public");
    let before = previous.place(case.base.as_deref().unwrap_or("bad-input-base"), &out);
    let site_before = tree(&root);
    let outside_before = tree(&tmp.join("outside"));
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| build(&root, &out)));
    let result = match result {
        Ok(r) => r,
        Err(p) => {
            return Err(format!(
                "{name}: the build panicked: {}",
                panic_message(&*p)
            ));
        }
    };
    let outcome = match (case.expect, result) {
        (Expect::Error, Ok(r)) => Err(format!(
            "{name}: the build succeeded but should have failed {}; findings:\n{}",
            expectation(case),
            list(&r.findings)
        )),
        (Expect::Error, Err(diags)) => {
            if let Some(d) = diags.iter().find(|d| d.is_error() && matches(d, case)) {
                show(name, d);
                Ok(())
            } else {
                Err(format!(
                    "{name}: no error {}; got:\n{}",
                    expectation(case),
                    list(&diags)
                ))
            }
        }
        (_, Err(diags)) => Err(format!(
            "{name}: the build failed but should have succeeded:\n{}",
            list(&diags)
        )),
        (Expect::Warning, Ok(r)) => {
            if let Some(d) = r
                .findings
                .iter()
                .find(|d| !d.is_error() && matches(d, case))
            {
                show(name, d);
                Ok(())
            } else {
                Err(format!(
                    "{name}: no warning {}; got:\n{}",
                    expectation(case),
                    list(&r.findings)
                ))
            }
        }
        (Expect::Ok, Ok(_)) => {
            let mut missing = Vec::new();
            for (file, text) in &case.outputs {
                match std::fs::read(out.join(file)) {
                    Ok(b)
                        if common::without_figure_markup(&String::from_utf8_lossy(&b))
                            .contains(text.as_str()) => {}
                    Ok(_) => missing.push(format!("{file} does not contain `{text}`")),
                    Err(e) => missing.push(format!("{file}: {e}")),
                }
            }
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!("{name}: {}", missing.join("; ")))
            }
        }
    };
    outcome?;
    if case.expect == Expect::Error && tree(&out) != before {
        return Err(format!(
            "{name}: the failed build changed the previous output"
        ));
    }
    let beside: Vec<String> = std::fs::read_dir(&out_parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public")
        .collect();
    if !beside.is_empty() {
        return Err(format!(
            "{name}: left files beside the output folder: {beside:?}"
        ));
    }
    if tree(&root) != site_before {
        return Err(format!("{name}: the build wrote into the site's folder"));
    }
    if tree(&tmp.join("outside")) != outside_before {
        return Err(format!("{name}: the build wrote outside the site"));
    }
    Ok(())
}

/// Runs `f` over the cases on every core, collecting the failures.
fn run_all(cases: &[Case], f: impl Fn(&Case) -> Result<(), String> + Sync) -> Vec<String> {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    if let Err(e) = f(case) {
                        failures.lock().unwrap_or_else(|e| e.into_inner()).push(e);
                    }
                }
            });
        }
    });
    let mut v = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    v.sort();
    v
}

#[test]
fn every_bad_input_case_gives_its_finding_and_keeps_the_previous_output() {
    let cases = load_cases();
    let filtered = std::env::var("BAD_INPUT_CASE").is_ok();
    for b in KNOWN_BUGS {
        assert!(
            filtered || cases.iter().any(|c| c.name == *b),
            "known-bug case {b} has no file"
        );
    }
    let errors = cases.iter().filter(|c| c.expect == Expect::Error).count();
    let located = (cases.iter())
        .filter(|c| c.expect == Expect::Error && c.location.matches(':').count() >= 2)
        .count();
    let others = cases.len() - errors;
    println!(
        "{} cases: {errors} errors ({located} with line and column), {others} that build",
        cases.len()
    );
    if !filtered {
        assert!(
            errors >= 350,
            "expected at least 350 failing cases, found {errors}"
        );
    }
    let previous = Previous {
        by_base: Mutex::new(BTreeMap::new()),
    };
    let run: Vec<Case> = cases
        .into_iter()
        .filter(|c| !KNOWN_BUGS.contains(&c.name.as_str()))
        .collect();
    let failures = run_all(&run, |c| run_case(c, &previous));
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The failing cases, less the known bugs.
fn failing_cases() -> Vec<Case> {
    load_cases()
        .into_iter()
        .filter(|c| c.expect == Expect::Error && !KNOWN_BUGS.contains(&c.name.as_str()))
        .collect()
}

#[test]
fn check_reports_the_error_of_every_failing_case_and_writes_nothing() {
    let failures = run_all(&failing_cases(), |case| {
        let name = &case.name;
        let tmp = TempDir::new(&format!("bad-input-check-{name}"));
        let root = materialise(case, tmp.path());
        let before = tree(tmp.path());
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            plainsight::check(plainsight::Options::new(&root))
        }));
        let diags = match result {
            Ok(Ok(r)) => r.findings,
            Ok(Err(d)) => d,
            Err(p) => return Err(format!("{name}: check panicked: {}", panic_message(&*p))),
        };
        if !diags.iter().any(|d| d.is_error() && matches(d, case)) {
            return Err(format!(
                "{name}: check reported no error {}; got:\n{}",
                expectation(case),
                list(&diags)
            ));
        }
        if tree(tmp.path()) != before {
            return Err(format!("{name}: check wrote files"));
        }
        Ok(())
    });
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_sample_of_failing_cases_fails_through_the_binary() {
    let all = failing_cases();
    let filtered = std::env::var("BAD_INPUT_CASE").is_ok();
    for n in THROUGH_THE_BINARY {
        assert!(
            filtered || all.iter().any(|c| c.name == *n),
            "{n}: no such failing case"
        );
    }
    let cases: Vec<Case> = all
        .into_iter()
        .enumerate()
        .filter(|(i, c)| i % 10 == 0 || THROUGH_THE_BINARY.contains(&c.name.as_str()))
        .map(|(_, c)| c)
        .collect();
    let failures = run_all(&cases, |case| {
        let tmp = TempDir::new(&format!("bad-input-bin-{}", case.name));
        let root = materialise(case, tmp.path());
        let out = tmp.join("out/public");
        let o = run_build(&root, &out, &[]);
        let err = String::from_utf8_lossy(&o.stderr);
        if o.status.code() != Some(1) {
            return Err(format!("{}: exit status {:?}\n{err}", case.name, o.status));
        }
        let hint = case.hint.as_deref().unwrap_or_default();
        if !err.contains(&case.location) || !err.contains(&case.message) || !err.contains(hint) {
            return Err(format!(
                "{}: stderr does not name `{}`, `{}` and `{hint}`:\n{err}",
                case.name, case.location, case.message
            ));
        }
        if out.exists() {
            return Err(format!("{}: a failed build created the output", case.name));
        }
        Ok(())
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
