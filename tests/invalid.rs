//! Every folder under tests/sites/invalid/ is a site that must fail to build
//! with a diagnostic naming the right place, and must leave the previous
//! output exactly as it was.
//!
//! `expected.txt` in each folder:
//!   line 1: location prefix, e.g. `content/_index.md:6:16` (or just `site.yaml`)
//!   line 2: a substring the message must contain
//!   line 3: (optional) the diagnostic code
//!   line 4: (optional) a substring the hint must contain

mod common;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use common::*;
use plainsight::Diagnostic;

/// Cases whose expectation documents a known bug; the main test skips them.
/// Give each one an `#[ignore]`d test that runs it with `run_case`, as
/// tests/bad_input.rs does for its own.
const KNOWN_BUGS: &[&str] = &[];

struct Expected {
    location: String,
    message: String,
    code: Option<String>,
    hint: Option<String>,
}

fn expected(dir: &Path) -> Expected {
    let text = read(dir.join("expected.txt"));
    let mut lines = text.lines().map(str::trim_end);
    let location = lines.next().unwrap_or_default().to_string();
    let message = lines.next().unwrap_or_default().to_string();
    let opt = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
    let code = opt(lines.next());
    let hint = opt(lines.next());
    assert!(
        !location.is_empty() && !message.is_empty(),
        "{}: expected.txt needs two lines",
        dir.display()
    );
    Expected {
        location,
        message,
        code,
        hint,
    }
}

fn matches(d: &Diagnostic, e: &Expected) -> bool {
    d.is_error()
        && d.location().starts_with(&e.location)
        && d.message.contains(&e.message)
        && e.code.as_deref().is_none_or(|c| d.code == c)
        && e.hint
            .as_deref()
            .is_none_or(|h| d.hint.as_deref().is_some_and(|dh| dh.contains(h)))
}

fn case_dirs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(site("invalid"))
        .expect("tests/sites/invalid")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// Runs one case; returns a description of what went wrong, if anything.
fn run_case(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let exp = expected(dir);
    let tmp = TempDir::new(&format!("invalid-{name}"));
    let out = tmp.join("public");
    // A previous, good output that a failed build must not touch.
    build_ok(&site("valid/minimal"), &out);
    let before = tree(&out);

    let root = dir.to_path_buf();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| build(&root, &out)));
    let after = tree(&out);
    let outcome = match result {
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(format!("{name}: build panicked: {msg}"));
        }
        Ok(Ok(_)) => Err(format!("{name}: build succeeded but should have failed")),
        Ok(Err(diags)) => {
            if diags.iter().any(|d| matches(d, &exp)) {
                Ok(())
            } else {
                Err(format!(
                    "{name}: no error at `{}` containing `{}`{}{}; got:\n{}",
                    exp.location,
                    exp.message,
                    exp.code
                        .as_deref()
                        .map(|c| format!(" with code `{c}`"))
                        .unwrap_or_default(),
                    exp.hint
                        .as_deref()
                        .map(|h| format!(" and hint `{h}`"))
                        .unwrap_or_default(),
                    diags
                        .iter()
                        .map(|d| format!(
                            "  {} [{}] {} (hint: {})",
                            d.location(),
                            d.code,
                            d.message,
                            d.hint.as_deref().unwrap_or("-")
                        ))
                        .collect::<Vec<_>>()
                        .join("\n")
                ))
            }
        }
    };
    if before != after {
        return Err(format!(
            "{name}: the previous output was changed by a failed build"
        ));
    }
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public")
        .collect();
    if !leftovers.is_empty() {
        return Err(format!(
            "{name}: left temporary files beside the output: {leftovers:?}"
        ));
    }
    outcome
}

#[test]
fn every_invalid_site_fails_with_a_located_error_and_keeps_the_previous_output() {
    let dirs = case_dirs();
    assert!(
        dirs.len() >= 40,
        "expected at least 40 invalid cases, found {}",
        dirs.len()
    );
    for b in KNOWN_BUGS {
        assert!(
            dirs.iter().any(|d| d.ends_with(b)),
            "known-bug case {b} has no folder"
        );
    }
    let failures: Vec<String> = dirs
        .iter()
        .filter(|d| !KNOWN_BUGS.iter().any(|b| d.ends_with(b)))
        .filter_map(|d| run_case(d).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn check_reports_the_same_errors_as_build_and_writes_nothing() {
    // `check` must find what `build` finds (for the cases that get past loading).
    for name in [
        "placeholder-xx",
        "broken-internal-link",
        "verify-failure",
        "call-unknown-row",
    ] {
        let dir = site(&format!("invalid/{name}"));
        let exp = expected(&dir);
        let diags = match plainsight::check(plainsight::Options::new(&dir)) {
            Ok(r) => r.findings,
            Err(d) => d,
        };
        assert!(
            diags.iter().any(|d| matches(d, &exp)),
            "{name}: check did not report it: {:?}",
            diags.iter().map(describe).collect::<Vec<_>>()
        );
        assert!(!dir.join("public").exists(), "{name}: check wrote output");
    }
}

#[test]
fn the_binary_exits_non_zero_and_names_the_location() {
    let tmp = TempDir::new("invalid-bin");
    let out = tmp.join("public");
    let dir = site("invalid/call-unknown-column");
    let o = run_build(&dir, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("content/_index.md:6:16"), "{err}");
    assert!(err.contains("did you mean \"current\"?"), "{err}");
    assert!(!out.exists(), "a failed build created the output folder");
}
