//! `plainsight check --external` against a small server on 127.0.0.1 only
//! (a plain TcpListener: one request per connection, fully predictable):
//! a working page, a missing one, a redirect to each, a server that refuses
//! HEAD but answers GET, one that never answers in time, and a closed port.
//! Each broken link is reported where it is written, each URL is asked for
//! once, and the default `check` never touches the network.

mod common;

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;

/// Requests seen by the test server, as "METHOD /path".
type Seen = Arc<Mutex<Vec<String>>>;

/// A server on 127.0.0.1 that stops when dropped (and after 60 s at most).
struct Server {
    port: u16,
    seen: Seen,
    stop: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn start_server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let (seen2, stop2) = (seen.clone(), stop.clone());
    std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while !stop2.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let seen = seen2.clone();
            // One thread per connection, so the slow one holds up no other.
            std::thread::spawn(move || answer(stream, &seen));
        }
    });
    Server { port, seen, stop }
}

/// Reads one request and answers it, closing the connection.
fn answer(mut stream: std::net::TcpStream, seen: &Seen) {
    use std::io::{BufRead, BufReader, Write};
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    // Skip the headers.
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) | Err(_) => break,
            Ok(_) if h == "\r\n" || h == "\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    seen.lock().unwrap().push(format!("{method} {path}"));
    let (status, location) = match (method.as_str(), path.as_str()) {
        (_, "/ok") => ("200 OK", None),
        (_, "/missing") => ("404 Not Found", None),
        (_, "/moved") => ("301 Moved Permanently", Some("/ok")),
        (_, "/moved-away") => ("302 Found", Some("/missing")),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", None),
        (_, "/no-head") => ("200 OK", None),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(6));
            ("200 OK", None)
        }
        _ => ("500 Internal Server Error", None),
    };
    let mut resp = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n");
    if let Some(to) = location {
        resp.push_str(&format!("Location: {to}\r\n"));
    }
    resp.push_str("\r\n");
    let _ = stream.write_all(resp.as_bytes());
    let _ = stream.flush();
}

/// A port on 127.0.0.1 that nothing listens on.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn fixture(tmp: &TempDir, port: u16, closed: u16) -> std::path::PathBuf {
    let root = tmp.join("site");
    let u = |p: &str| format!("http://127.0.0.1:{port}{p}");
    write_files(
        &root,
        &[
            (
                "site.yaml",
                "title: Links\nbase_url: https://example.org/\naccessibility: { status: not-assessed }\n",
            ),
            (
                "content/_index.md",
                &format!(
                    "---\ntitle: Home\ndescription: Links out.\n---\n\n\
                     A [working page]({ok}) and [the same one again]({ok}#part).\n\n\
                     A [missing page]({missing}).\n\n\
                     A [moved page]({moved}) and [one moved away]({moved_away}).\n",
                    ok = u("/ok"),
                    missing = u("/missing"),
                    moved = u("/moved"),
                    moved_away = u("/moved-away"),
                ),
            ),
            (
                "content/about.md",
                &format!(
                    "---\ntitle: About\ndescription: More links.\n---\n\n\
                     [No HEAD here]({}) and [a slow site]({}).\n\n\
                     [Nobody home](http://127.0.0.1:{closed}/) and the [missing page]({}) again.\n",
                    u("/no-head"),
                    u("/slow"),
                    u("/missing"),
                ),
            ),
        ],
    );
    root
}

/// (severity, code, message, file, line, column) of every finding.
type Finding = (String, String, String, String, u64, u64);

fn findings(stdout: &[u8]) -> Vec<Finding> {
    let v: serde_json::Value = serde_json::from_slice(stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(stdout)));
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn broken_external_links_are_found_where_they_are_written() {
    let server = start_server();
    let tmp = TempDir::new("external");
    let closed = closed_port();
    let root = fixture(&tmp, server.port, closed);
    let root_s = root.to_str().unwrap();
    let env = [("NO_PROXY", "127.0.0.1"), ("no_proxy", "127.0.0.1")];

    // Without --external nothing is asked for and nothing is reported.
    let o = run(&["check", "--root", root_s, "--format", "json"], &env);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        findings(&o.stdout)
            .iter()
            .all(|f| f.1 != "broken-external-link"),
        "the default check looked outside the site"
    );
    assert!(
        server.seen.lock().unwrap().is_empty(),
        "the default check made requests"
    );

    let start = std::time::Instant::now();
    let o = run(
        &[
            "check",
            "--root",
            root_s,
            "--format",
            "json",
            "--external",
            "--external-timeout",
            "2",
        ],
        &env,
    );
    let took = start.elapsed();
    // Broken external links are warnings: the check still passes.
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let got: Vec<Finding> = findings(&o.stdout)
        .into_iter()
        .filter(|f| f.1 == "broken-external-link")
        .collect();
    let p = server.port;
    let u = |path: &str| format!("http://127.0.0.1:{p}{path}");
    let not_there = "the page is not there (HTTP 404)";
    // Columns are those of the link's `[`.
    let mut want: Vec<(String, &str, u64, u64)> = vec![
        (
            format!("{}` is broken: {not_there}", u("/missing")),
            "content/_index.md",
            8,
            3,
        ),
        (
            format!("{}` is broken: {not_there}", u("/moved-away")),
            "content/_index.md",
            10,
            ("A [moved page]() and ".len() + u("/moved").len() + 1) as u64,
        ),
        (
            format!("{}` is broken: no answer within 2 seconds", u("/slow")),
            "content/about.md",
            6,
            ("[No HEAD here]() and ".len() + u("/no-head").len() + 1) as u64,
        ),
        (
            format!("127.0.0.1:{closed}/` is broken: it could not be reached"),
            "content/about.md",
            8,
            1,
        ),
        (
            format!("{}` is broken: {not_there}", u("/missing")),
            "content/about.md",
            8,
            ("[Nobody home](http://127.0.0.1:/) and the ".len() + closed.to_string().len() + 1)
                as u64,
        ),
    ];
    want.sort_by(|a, b| (a.1, a.2, a.3).cmp(&(b.1, b.2, b.3)));
    assert_eq!(
        got.len(),
        want.len(),
        "{got:#?}\n{:?}",
        server.seen.lock().unwrap()
    );
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.0, "warning", "{g:?}");
        assert!(g.2.contains(&w.0), "expected …{}, got {g:?}", w.0);
        assert_eq!((g.3.as_str(), g.4, g.5), (w.1, w.2, w.3), "{g:?}");
    }

    // Each URL once: /ok is linked twice (once with a #fragment) but asked
    // for once, plus once at the end of the redirect from /moved; /missing is
    // linked twice, asked for once and reached once more by the redirect from
    // /moved-away, each time HEAD then GET. HEAD was refused at /no-head, so
    // GET followed.
    let seen = server.seen.lock().unwrap().clone();
    let count = |r: &str| seen.iter().filter(|s| *s == r).count();
    assert_eq!(count("HEAD /ok"), 2, "{seen:?}");
    assert_eq!(count("GET /ok"), 0, "{seen:?}");
    assert_eq!(count("HEAD /missing"), 2, "{seen:?}");
    assert_eq!(
        count("GET /missing"),
        2,
        "a failed HEAD is retried with GET: {seen:?}"
    );
    assert_eq!(count("GET /no-head"), 1, "{seen:?}");
    assert_eq!(
        count("GET /slow"),
        0,
        "a timed-out HEAD is not followed by GET: {seen:?}"
    );
    assert!(seen.iter().all(|s| !s.contains('#')), "{seen:?}");
    // Bounded: the slow site costs one timeout, not one per link.
    assert!(took < Duration::from_secs(15), "took {took:?}");

    // --strict makes them errors, with a non-zero exit.
    let o = run(
        &[
            "check",
            "--root",
            root_s,
            "--format",
            "github",
            "--external",
            "--external-timeout",
            "2",
            "--strict",
        ],
        &env,
    );
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let line = format!(
        "::error file=content/_index.md,line=8,col=3,title=broken-external-link::the link `{}` is broken",
        u("/missing")
    );
    assert!(out.contains(&line), "{out}");
    drop(server);
}

/// A timeout the HTTP client cannot add to the clock (it panicked with
/// "overflow when adding duration to instant", exit 101) is refused by the
/// command line, and held to an hour through the library.
#[test]
fn a_huge_external_timeout_is_refused_not_a_panic() {
    let tmp = TempDir::new("external-timeout");
    let root = fixture(&tmp, closed_port(), closed_port());
    for secs in ["18446744073709551615", "9223372036854775807", "3601", "0"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_plainsight"))
            .args(["check", "--external", "--external-timeout", secs, "--root"])
            .arg(&root)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{secs}: {err}");
        assert!(
            err.contains("--external-timeout") && err.contains("1..=3600"),
            "{err}"
        );
    }
    let settings = plainsight::ExternalSettings {
        timeout: std::time::Duration::MAX,
        ..Default::default()
    };
    // Reaching the end without a panic is the test: both ports are closed.
    let _ = plainsight::check_with(plainsight::Options::new(&root), Some(&settings));
}
