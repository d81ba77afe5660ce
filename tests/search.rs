//! Site search: the worked example's build holds Pagefind's index and the
//! search page, `--no-search` leaves the index out, and (in a real browser,
//! tests/browser/search.mjs) a phrase from the worked example finds its page
//! under the strict Content-Security-Policy that docs/search.md documents.
//!
//! The browser test needs node, Chromium and `npm ci` in tests/browser. When
//! one is missing it is skipped with a message, unless
//! PLAINSIGHT_BROWSER_TESTS=require, when it fails instead.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;

/// The policy docs/search.md recommends, sent by the test server.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                   img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
                   frame-ancestors 'none'";

/// The worked example (the repository root), built once for every test here.
fn worked_example() -> &'static Path {
    static OUT: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let tmp = TempDir::new("search-example");
        let out = tmp.join("public");
        build_ok(&manifest_dir(), &out);
        (tmp, out)
    })
    .1
}

#[test]
fn the_build_writes_pagefinds_index_and_the_search_page() {
    let out = worked_example();
    for f in [
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-modular-ui.js",
        "pagefind/wasm.en-gb.pagefind",
        "search/index.html",
        "js/search.js",
        "css/search.css",
    ] {
        assert!(out.join(f).is_file(), "{f} was not written");
    }
    // Every page is indexed except the 404 and search pages, all as the
    // site's language.
    let entry: serde_json::Value =
        serde_json::from_str(&read(out.join("pagefind/pagefind-entry.json"))).unwrap();
    let langs = entry["languages"].as_object().expect("languages");
    assert_eq!(
        langs.keys().collect::<Vec<_>>(),
        ["en-gb"],
        "one index, in site.yaml's language"
    );
    let pages = tree(out)
        .keys()
        .filter(|k| k.ends_with(".html") && *k != "404.html" && *k != "search/index.html")
        .count() as u64;
    assert_eq!(langs["en-gb"]["page_count"], pages);
    for dir in ["fragment", "index"] {
        assert!(
            std::fs::read_dir(out.join("pagefind").join(dir))
                .map(|d| d.count() > 0)
                .unwrap_or(false),
            "pagefind/{dir}/ is empty"
        );
    }
}

#[test]
fn the_search_page_is_accessible_without_javascript() {
    let html = read(worked_example().join("search/index.html"));
    assert!(html.contains("<form class=\"search-form\" id=\"search-form\" role=\"search\""));
    assert!(html.contains("<label for=\"search-input\""));
    assert!(html.contains("<input type=\"search\" id=\"search-input\" name=\"q\""));
    assert!(html.contains("<strong>Search needs JavaScript</strong>"));
    for link in ["href=\"/\"", "href=\"/data/\"", "href=\"/priorities/\""] {
        assert!(html.contains(link), "the search page does not link {link}");
    }
    assert!(html.contains("<script src=\"/pagefind/pagefind-modular-ui.js\" defer></script>"));
    assert!(html.contains("<script src=\"/js/search.js\" defer></script>"));
    // A search page is not content: it stays out of the sitemap.
    assert!(!read(worked_example().join("sitemap.xml")).contains("/search/"));
}

#[test]
fn no_search_leaves_the_index_out() {
    let tmp = TempDir::new("no-search");
    let out = tmp.join("public");
    let o = run(
        &[
            "build",
            "--root",
            site("valid/minimal").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-search",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.join("pagefind").exists());
    // The page is still there: without an index its script says search is
    // unavailable and the contents links remain.
    assert!(out.join("search/index.html").is_file());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("search: indexed"), "{stderr}");
}

#[test]
fn a_build_reports_what_indexing_cost() {
    let tmp = TempDir::new("search-cost");
    let out = tmp.join("public");
    let o = run_build(&site("valid/minimal"), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("search: indexed ") && l.ends_with(" ms")),
        "{stderr}"
    );
}

#[test]
fn a_site_page_at_search_wins_over_the_generated_one() {
    let tmp = TempDir::new("own-search");
    let root = tmp.join("site");
    copy_dir(&site("valid/minimal"), &root);
    write_files(
        &root,
        &[(
            "content/search.md",
            "---\ntitle: Find things\ndescription: Our own search page.\n---\n\nAsk us.\n",
        )],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    assert!(read(out.join("search/index.html")).contains("Find things"));
}

/// Serves `dir` on 127.0.0.1 with the documented CSP, until the test
/// process ends (or 5 minutes at most). A plain TcpListener, one request per
/// connection and a thread for each: tiny_http 0.12's task pool can leave a
/// new connection queued behind kept-alive ones, which made page loads here
/// stall now and then.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(300);
        for stream in listener.incoming() {
            if Instant::now() > deadline {
                break;
            }
            let Ok(stream) = stream else { continue };
            let dir = dir.clone();
            std::thread::spawn(move || answer(stream, &dir));
        }
    });
    format!("http://{addr}")
}

/// Answers one GET with the file it names, then closes the connection.
fn answer(mut stream: TcpStream, dir: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) | Err(_) => break,
            Ok(_) if h.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let target = first.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    let safe = !rel
        .split('/')
        .any(|s| s == ".." || s == "." || s.is_empty());
    let found = if safe {
        std::fs::read(dir.join(&rel)).ok()
    } else {
        None
    };
    let (status, body, ty) = match found {
        Some(b) => {
            let ty = match rel.rsplit('.').next() {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("json") => "application/json",
                Some("xml") => "application/xml",
                _ => "application/octet-stream",
            };
            ("200 OK", b, ty)
        }
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ty}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

/// Why the browser test cannot run here, if it cannot.
fn browser_missing() -> Option<String> {
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

#[test]
fn a_phrase_from_the_worked_example_finds_its_page_in_a_browser() {
    if let Some(why) = browser_missing() {
        if std::env::var("PLAINSIGHT_BROWSER_TESTS").as_deref() == Ok("require") {
            panic!("browser search test required but cannot run: {why}");
        }
        eprintln!(
            "skipped: browser search test: {why} (set PLAINSIGHT_BROWSER_TESTS=require to fail instead)"
        );
        return;
    }
    let base = serve(worked_example().to_path_buf());
    let script = manifest_dir().join("tests/browser/search.mjs");
    let o = Command::new("node")
        .arg(&script)
        .arg(&base)
        .current_dir(manifest_dir().join("tests/browser"))
        .env("NO_PROXY", "127.0.0.1")
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success(),
        "search.mjs failed ({:?}):\n{stdout}\n{stderr}",
        o.status.code()
    );
    assert!(stdout.contains("search: all passed"), "{stdout}\n{stderr}");
}
