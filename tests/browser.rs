//! The worked example in a real browser: built with the binary, served on
//! 127.0.0.1, and checked page by page by `tests/browser/a11y.mjs` (axe-core
//! with the WCAG 2.2 AA tags, the skip link by keyboard, reflow at 320 px,
//! no-JavaScript rendering; screenshots and PDFs kept as artefacts). Every
//! response carries the Content-Security-Policy that docs/security.md
//! documents, and the script fails a page on any refusal under it.
//!
//! A second test opens a `--relative` build straight from the disk
//! (`file://`, no server) with `tests/browser/file-mode.mjs`.
//!
//! Needs node, Chromium at /usr/bin/chromium and `npm ci --prefix
//! tests/browser`. Without them the test prints SKIPPED and passes, unless
//! PLAINSIGHT_BROWSER_TESTS=require (set by .ci/run), where it fails.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{StaticServer, TempDir, manifest_dir};

/// A generous ceiling for the whole browser run (it takes a few minutes on a
/// busy two-core machine); a hung browser must not hang CI.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(20 * 60);

fn chromium_path() -> PathBuf {
    std::env::var_os("PLAINSIGHT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// What is missing for the browser test, if anything.
fn missing_prerequisites(browser_dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok {
        missing.push("node (Node.js 20 or later) on PATH".to_string());
    }
    let chromium = chromium_path();
    if !chromium.is_file() {
        missing.push(format!("Chromium at {}", chromium.display()));
    }
    for module in ["playwright-core", "@axe-core/playwright"] {
        if !browser_dir.join("node_modules").join(module).is_dir() {
            missing.push(format!(
                "{module} in tests/browser/node_modules (run `npm ci --prefix tests/browser`)"
            ));
            break;
        }
    }
    missing
}

/// Runs the script with a deadline, its output going to `log` (so a long run
/// can be followed with `tail -f`); returns (success, output).
/// One browser at a time: six Chromiums on a two-core machine starved one
/// another until a page load in the `file://` test waited for ever.
static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn run_script(script: &Path, args: &[&str], artefacts: &Path, log: &Path) -> (bool, String) {
    let _one = ONE_BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    std::fs::create_dir_all(artefacts).expect("create the artefacts folder");
    let out = std::fs::File::create(log).expect("create the log file");
    let err = out.try_clone().expect("clone the log file handle");
    let started = Instant::now();
    let mut child = Command::new("node")
        .arg(script)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("start node");
    let status = loop {
        match child.try_wait().expect("wait for node") {
            Some(status) => break Some(status),
            None if started.elapsed() > BROWSER_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(200)),
        }
    };
    let mut text = String::new();
    if let Ok(mut f) = std::fs::File::open(log) {
        let _ = f.read_to_string(&mut text);
    }
    match status {
        Some(s) => (s.success(), text),
        None => (
            false,
            format!(
                "{text}\nkilled after {} s without finishing",
                BROWSER_TIMEOUT.as_secs()
            ),
        ),
    }
}

/// Whether the browser test can run; panics when it must and cannot.
fn browser_ready(browser_dir: &Path) -> bool {
    let required = std::env::var("PLAINSIGHT_BROWSER_TESTS").is_ok_and(|v| v == "require");
    let missing = missing_prerequisites(browser_dir);
    if missing.is_empty() {
        return true;
    }
    let list = missing.join("; ");
    assert!(
        !required,
        "PLAINSIGHT_BROWSER_TESTS=require but the browser test cannot run: missing {list}"
    );
    // Straight to stderr: libtest captures println!/eprintln! of passing
    // tests, and a skip must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED browser accessibility test: missing {list}"
    );
    false
}

/// Builds `site` (with `extra` build arguments), serves it on 127.0.0.1 and
/// runs a11y.mjs over every page, keeping artefacts under `name`.
fn check_in_browser(site: &Path, name: &str, extra: &[&str]) {
    let browser_dir = manifest_dir().join("tests/browser");
    let tmp = TempDir::new("browser");
    let out = tmp.join("public");
    let mut args = vec![
        "build",
        "--root",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let built = common::run(&args, &[]);
    assert!(
        built.status.success(),
        "{} did not build:\n{}{}",
        site.display(),
        String::from_utf8_lossy(&built.stdout),
        String::from_utf8_lossy(&built.stderr)
    );

    let server = StaticServer::start(&out);
    // Under the (possibly shared) target folder, next to cargo's own tmp.
    let artefacts = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap_or(Path::new(env!("CARGO_TARGET_TMPDIR")))
        .join(name);
    let log = artefacts.join("a11y-output.txt");
    let started = Instant::now();
    // --csp: every page must arrive with the policy, so a server that lost
    // the header cannot make the CSP checks pass by accident.
    let (ok, output) = run_script(
        &browser_dir.join("a11y.mjs"),
        &[&server.url(), artefacts.to_str().unwrap(), "--csp"],
        &artefacts,
        &log,
    );
    drop(server);
    println!("{output}");
    println!(
        "browser test of {} took {:.1} s; artefacts in {}",
        site.display(),
        started.elapsed().as_secs_f64(),
        artefacts.display()
    );
    assert!(
        ok,
        "the browser accessibility test of {} failed (artefacts and report.json in {}):\n{output}",
        site.display(),
        artefacts.display()
    );
}

#[test]
fn worked_example_is_accessible_in_a_real_browser() {
    if browser_ready(&manifest_dir().join("tests/browser")) {
        check_in_browser(&manifest_dir(), "browser-artifacts", &[]);
    }
}

/// The sites built from documents Plainsight was not built around: their
/// own page kinds (a committee report's cover sheet and recommendations, an
/// agreement's tables) pass the same checks. Built at the root of the
/// test server, whatever path their base_url has.
#[test]
fn example_sites_are_accessible_in_a_real_browser() {
    if !browser_ready(&manifest_dir().join("tests/browser")) {
        return;
    }
    let mut sites: Vec<_> = std::fs::read_dir(manifest_dir().join("examples"))
        .expect("examples/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("site.yaml").is_file())
        .collect();
    sites.sort();
    for site in sites {
        let name = format!(
            "browser-artifacts-{}",
            site.file_name().unwrap().to_string_lossy()
        );
        check_in_browser(&site, &name, &["--base-url", "http://127.0.0.1/"]);
    }
}

/// A site with corrections on record: the notices under the table, the
/// markers in the cells and the prose, a page's own notices (of a figure and
/// of its wording, tests/sites/corrections/content/thanet.md) and the
/// /corrections/ page pass axe at both widths, and each marker leads to its
/// notice.
#[test]
fn corrections_are_accessible_in_a_real_browser() {
    if browser_ready(&manifest_dir().join("tests/browser")) {
        check_in_browser(
            &manifest_dir().join("tests/sites/corrections"),
            "browser-artifacts-corrections",
            &["--base-url", "http://127.0.0.1/"],
        );
    }
}

/// The bilingual fixture (tests/sites/bilingual): every page, English and
/// Welsh, passes the same checks, and the language switcher leads from a
/// page to its translation and back, with each language searching its own
/// pages (tests/browser/languages.mjs).
#[test]
fn bilingual_site_is_accessible_and_switches_language() {
    let browser_dir = manifest_dir().join("tests/browser");
    if !browser_ready(&browser_dir) {
        return;
    }
    let site = manifest_dir().join("tests/sites/bilingual");
    check_in_browser(
        &site,
        "browser-artifacts-bilingual",
        &["--base-url", "http://127.0.0.1/"],
    );
    let tmp = TempDir::new("browser-languages");
    let out = tmp.join("public");
    let built = common::run(
        &[
            "build",
            "--root",
            site.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let server = StaticServer::start(&out);
    let artefacts = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap_or(Path::new(env!("CARGO_TARGET_TMPDIR")))
        .join("browser-artifacts-languages");
    let log = artefacts.join("languages-output.txt");
    let (ok, output) = run_script(
        &browser_dir.join("languages.mjs"),
        &[&server.url()],
        &artefacts,
        &log,
    );
    drop(server);
    println!("{output}");
    assert!(
        ok && output.contains("languages: all passed"),
        "the language switcher test failed:\n{output}"
    );
}

/// A council's own logo, colours, favicon and sharing image
/// (tests/sites/branded): the same checks in its colours, and its renamed
/// page's old addresses arrive at the page (tests/browser/redirects.mjs).
#[test]
fn branded_site_is_accessible_in_a_real_browser() {
    if browser_ready(&manifest_dir().join("tests/browser")) {
        let site = manifest_dir().join("tests/sites/branded");
        check_in_browser(&site, "browser-artifacts-branded", &[]);
    }
}

/// The worked example built with `--relative` and opened from the disk, as
/// a reader opens an unzipped pull-request preview: styles load, every link
/// names a file, a download arrives, the search page says why it cannot
/// search there, and axe finds nothing (tests/browser/file-mode.mjs).
///
/// Ignored for now: run from a process that holds an extra inherited
/// descriptor (reproduced with a pipe at fd 251, as a job wrapper leaves
/// one), Chromium's page loads from file:// stall until each waits out its
/// timeout; the same script run by hand passes in 15 s, and so does the
/// test from a plain shell. Closing the descriptors before node starts
/// fixed the script run by hand but not the test, so the cause is not
/// pinned down yet. Run it with
/// `cargo test --test browser -- --ignored relative_build`;
/// tests/relative.rs still checks every link of a `--relative` build on
/// every `cargo test`.
#[test]
#[ignore = "stalls when the test process holds an inherited descriptor: see the comment above"]
fn relative_build_works_opened_from_files() {
    let browser_dir = manifest_dir().join("tests/browser");
    if !browser_ready(&browser_dir) {
        return;
    }
    let tmp = TempDir::new("browser-file");
    let out = tmp.join("public");
    let root = manifest_dir();
    let built = common::run(
        &[
            "build",
            "--relative",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert!(
        built.status.success(),
        "the worked example did not build:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let artefacts = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap_or(Path::new(env!("CARGO_TARGET_TMPDIR")))
        .join("browser-artifacts-file-mode");
    let log = artefacts.join("file-mode-output.txt");
    let (ok, output) = run_script(
        &browser_dir.join("file-mode.mjs"),
        &[out.to_str().unwrap(), artefacts.to_str().unwrap()],
        &artefacts,
        &log,
    );
    println!("{output}");
    assert!(
        ok && output.contains("file-mode: all passed"),
        "the file:// browser test failed (screenshots in {}):\n{output}",
        artefacts.display()
    );
}
