//! The worked example in a real browser: built with the binary, served on
//! 127.0.0.1, and checked page by page by `tests/browser/a11y.mjs` (axe-core
//! with the WCAG 2.2 AA tags, the skip link by keyboard, reflow at 320 px,
//! no-JavaScript rendering; screenshots and PDFs kept as artefacts). Every
//! response carries the Content-Security-Policy that docs/security.md
//! documents, and the script fails a page on any refusal under it.
//!
//! Needs node, Chromium at /usr/bin/chromium and `npm ci --prefix
//! tests/browser`. Without them the test prints SKIPPED and passes, unless
//! PLAINSIGHT_BROWSER_TESTS=require (set by .ci/run), where it fails.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{TempDir, manifest_dir, run_build};
use plainsight::serve::server::{content_type, decode_path};
use tiny_http::{Header, Response, Server};

/// A generous ceiling for the whole browser run (it takes a few minutes on a
/// busy two-core machine); a hung browser must not hang CI.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(20 * 60);

/// Worker threads: the script opens two pages at a time, each loading its
/// stylesheets in parallel.
const SERVER_THREADS: usize = 4;

/// The policy docs/security.md says the built site satisfies, sent with
/// every response (as tests/search.rs does for the search page alone).
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                   img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
                   frame-ancestors 'none'";

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

/// Content types for what a built site holds; the rest as `plainsight serve`.
fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("wasm") => "application/wasm",
        Some("jsonld") => "application/ld+json",
        _ => content_type(path),
    }
}

/// A static file server for one folder: `/dir/` serves `dir/index.html`,
/// `/dir` redirects to `/dir/`, anything else missing gets `404.html` with
/// status 404. Stops and joins its threads when dropped.
struct StaticServer {
    server: Arc<Server>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    url: String,
}

impl StaticServer {
    fn start(root: &Path) -> Self {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind 127.0.0.1:0"));
        let addr = server
            .server_addr()
            .to_ip()
            .expect("the server listens on an IP address");
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..SERVER_THREADS)
            .map(|_| {
                let (server, stop, root) = (server.clone(), stop.clone(), root.to_path_buf());
                std::thread::spawn(move || {
                    while !stop.load(Ordering::SeqCst) {
                        // A bounded wait, so the stop flag is seen promptly.
                        if let Ok(Some(req)) = server.recv_timeout(Duration::from_millis(100)) {
                            respond(req, &root);
                        }
                    }
                })
            })
            .collect();
        StaticServer {
            server,
            stop,
            threads,
            url: format!("http://{addr}"),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for _ in &self.threads {
            self.server.unblock();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(req: tiny_http::Request, root: &Path) {
    let path = match decode_path(req.url()) {
        Ok(p) => p,
        Err(why) => {
            let _ = req.respond(Response::from_string(why).with_status_code(400));
            return;
        }
    };
    let rel: PathBuf = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut file = root.join(&rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            let to = format!("{path}/");
            let _ = req.respond(
                Response::empty(301)
                    .with_header(header("Location", &to))
                    .with_header(header("Content-Length", "0")),
            );
            return;
        }
        file = file.join("index.html");
    }
    let (status, file) = if file.is_file() {
        (200, file)
    } else {
        (404, root.join("404.html"))
    };
    match std::fs::read(&file) {
        Ok(body) => {
            let _ = req.respond(
                Response::from_data(body)
                    .with_status_code(status)
                    .with_header(header("Content-Type", mime(&file)))
                    .with_header(header("Cache-Control", "no-store"))
                    .with_header(header("Content-Security-Policy", CSP))
                    .with_header(header("X-Content-Type-Options", "nosniff")),
            );
        }
        Err(_) => {
            let _ = req.respond(Response::from_string("not found").with_status_code(404));
        }
    }
}

/// Runs the script with a deadline, its output going to `log` (so a long run
/// can be followed with `tail -f`); returns (success, output).
fn run_script(script: &Path, url: &str, artefacts: &Path, log: &Path) -> (bool, String) {
    std::fs::create_dir_all(artefacts).expect("create the artefacts folder");
    let out = std::fs::File::create(log).expect("create the log file");
    let err = out.try_clone().expect("clone the log file handle");
    let started = Instant::now();
    let mut child = Command::new("node")
        .arg(script)
        .arg(url)
        .arg(artefacts)
        // Every page must arrive with the policy, so a server that lost the
        // header cannot make the CSP checks pass by accident.
        .arg("--csp")
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

#[test]
fn worked_example_is_accessible_in_a_real_browser() {
    let root = manifest_dir();
    let browser_dir = root.join("tests/browser");
    let required = std::env::var("PLAINSIGHT_BROWSER_TESTS").is_ok_and(|v| v == "require");
    let missing = missing_prerequisites(&browser_dir);
    if !missing.is_empty() {
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
        return;
    }

    let tmp = TempDir::new("browser");
    let out = tmp.join("public");
    let built = run_build(&root, &out, &[]);
    assert!(
        built.status.success(),
        "the worked example did not build:\n{}{}",
        String::from_utf8_lossy(&built.stdout),
        String::from_utf8_lossy(&built.stderr)
    );

    let server = StaticServer::start(&out);
    // Under the (possibly shared) target folder, next to cargo's own tmp.
    let artefacts = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap_or(Path::new(env!("CARGO_TARGET_TMPDIR")))
        .join("browser-artifacts");
    let log = artefacts.join("a11y-output.txt");
    let started = Instant::now();
    let (ok, output) = run_script(&browser_dir.join("a11y.mjs"), &server.url, &artefacts, &log);
    drop(server);
    println!("{output}");
    println!(
        "browser test took {:.1} s; artefacts in {}",
        started.elapsed().as_secs_f64(),
        artefacts.display()
    );
    assert!(
        ok,
        "the browser accessibility test failed (artefacts and report.json in {}):\n{output}",
        artefacts.display()
    );
}
