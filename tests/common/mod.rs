//! Helpers shared by the integration tests: temporary folders, fixture paths,
//! reading whole output trees, running the binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use plainsight::{Diagnostic, Diagnostics, Options};

mod static_server;
#[allow(unused_imports)]
pub use static_server::StaticServer;

/// A folder under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!(
            "plainsight-test-{tag}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.0.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The crate root.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/sites/<rel>`.
pub fn site(rel: &str) -> PathBuf {
    manifest_dir().join("tests/sites").join(rel)
}

pub fn options(root: &Path) -> Options {
    Options::new(root)
}

/// Builds `root` into `out`.
pub fn build(root: &Path, out: &Path) -> Result<plainsight::Report, Diagnostics> {
    plainsight::build(Options::new(root), out)
}

/// Builds or panics with the rendered diagnostics.
pub fn build_ok(root: &Path, out: &Path) -> plainsight::Report {
    match build(root, out) {
        Ok(r) => r,
        Err(d) => panic!(
            "{} did not build:\n{}",
            root.display(),
            plainsight::diagnostic::render(&d, plainsight::Format::Human, root, false)
        ),
    }
}

/// Every file under `dir`, by relative path with `/` separators.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk output");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(e.path()).expect("read output file"));
        }
    }
    out
}

/// Asserts two trees are byte-for-byte the same, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let ka: Vec<&String> = a.keys().collect();
    let kb: Vec<&String> = b.keys().collect();
    assert_eq!(ka, kb, "{what}: the two trees hold different files");
    for (k, v) in a {
        if v != &b[k] {
            panic!(
                "{what}: {k} differs\n--- first ---\n{}\n--- second ---\n{}",
                String::from_utf8_lossy(v),
                String::from_utf8_lossy(&b[k])
            );
        }
    }
}

pub fn read(path: impl AsRef<Path>) -> String {
    let p = path.as_ref();
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Copies a folder recursively (files and folders only).
pub fn copy_dir(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(src).unwrap();
        let to = dst.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// Writes files (relative path, text) under `root`, creating folders.
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
    }
}

/// Runs the `plainsight` binary.
pub fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_plainsight"));
    c.args(args).env("NO_COLOR", "1");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("run plainsight")
}

/// `plainsight build --root ROOT --out OUT` through the binary.
pub fn run_build(root: &Path, out: &Path, envs: &[(&str, &str)]) -> Output {
    run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        envs,
    )
}

pub fn render_human(d: &Diagnostics, root: &Path) -> String {
    plainsight::diagnostic::render(d, plainsight::Format::Human, root, false)
}

pub fn describe(d: &Diagnostic) -> String {
    format!("{} [{}] {}", d.location(), d.code, d.message)
}

/// Compares `actual` with the golden file `tests/golden/<name>`; with
/// UPDATE_GOLDEN=1 in the environment, rewrites the golden file instead.
pub fn golden(name: &str, actual: &str) {
    let path = manifest_dir().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "golden file {} missing ({e}); run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "output differs from {} (run with UPDATE_GOLDEN=1 to accept)\n--- expected ---\n{expected}\n--- actual ---\n{actual}",
        path.display()
    );
}

/// Why the tests in a real browser (tests/browser/*.mjs: node, Chromium and
/// `npm ci` in tests/browser) cannot run here, if they cannot.
pub fn browser_missing() -> Option<String> {
    let chromium = std::env::var("PLAINSIGHT_CHROMIUM").unwrap_or("/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("no Chromium at {chromium}"));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    let modules = manifest_dir().join("tests/browser/node_modules/playwright-core");
    if !modules.is_dir() {
        return Some("tests/browser/node_modules is missing: run `npm ci` in tests/browser".into());
    }
    None
}

/// True when a browser test should run; otherwise says why it is skipped,
/// or fails when PLAINSIGHT_BROWSER_TESTS=require (as .ci/run sets).
pub fn browser_available(what: &str) -> bool {
    let Some(why) = browser_missing() else {
        return true;
    };
    if std::env::var("PLAINSIGHT_BROWSER_TESTS").as_deref() == Ok("require") {
        panic!("{what} required but cannot run: {why}");
    }
    eprintln!("skipped: {what}: {why} (set PLAINSIGHT_BROWSER_TESTS=require to fail instead)");
    false
}

/// Runs `node tests/browser/SCRIPT ARGS…` and asserts it printed
/// "NAME: all passed" (NAME is SCRIPT without `.mjs`).
pub fn run_browser_script(script: &str, args: &[&str]) {
    let o = Command::new("node")
        .arg(manifest_dir().join("tests/browser").join(script))
        .args(args)
        .current_dir(manifest_dir().join("tests/browser"))
        .env("NO_PROXY", "127.0.0.1")
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let name = script.trim_end_matches(".mjs");
    assert!(
        o.status.success() && stdout.contains(&format!("{name}: all passed")),
        "{script} {args:?} failed ({:?}):\n{stdout}\n{stderr}",
        o.status.code()
    );
}

/// A page's HTML with the markup around figures placed from data taken
/// off (`<a class="figure" href="…"><data value="…">1,020</data></a>` reads
/// `1,020`), so a test can look for a sentence as a reader sees it.
#[allow(dead_code)]
pub fn without_figure_markup(html: &str) -> String {
    let s = html.replace("</data></a>", "").replace("</data>", "");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest
        .find("<a class=\"figure\"")
        .into_iter()
        .chain(rest.find("<data value="))
        .min()
    {
        out.push_str(&rest[..i]);
        match rest[i..].find('>') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
