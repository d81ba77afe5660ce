//! `plainsight serve`, in process: a small site in a temp folder, a server on
//! a free loopback port, raw HTTP over TcpStream. Every wait is bounded.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use common::{TempDir, write_files};
use plainsight::serve::{self, Handle, ServeOptions};

/// How long a save may take to reach the browser in these tests (debug build,
/// busy machine); the real figure is tens of milliseconds.
const PATIENCE: Duration = Duration::from_secs(15);

const INDEX: &str = "---\ntitle: Serve home\ndescription: A site for the serve tests.\n---\n\nFirst version.\n\n{{ table(data=\"x\") }}\n";

fn fixture(tag: &str) -> TempDir {
    let t = TempDir::new(tag);
    write_files(
        t.path(),
        &[
            (
                "site.yaml",
                "title: Serve Partnership\nbase_url: https://example.org/\n",
            ),
            ("content/_index.md", INDEX),
            (
                "content/about.md",
                "---\ntitle: About\ndescription: About the serve tests.\n---\n\nAbout us.\n",
            ),
            ("data/x.csv", "area,incidents\nAshford,10\nDover,12\n"),
        ],
    );
    t
}

fn start(root: &Path) -> Handle {
    let mut opts = ServeOptions::new(root);
    opts.port = 0;
    opts.quiet = true;
    let h = serve::start(opts).expect("server starts");
    assert!(h.addr().ip().is_loopback());
    h
}

/// Saves like many editors do: a hidden temporary file renamed over the real one.
fn save(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    let tmp = p.with_file_name(format!(".{}.tmp", p.file_name().unwrap().to_string_lossy()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &p).unwrap();
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One GET with a raw request line, so the path is sent exactly as written.
fn get(addr: SocketAddr, target: &str) -> Reply {
    let mut s = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read reply");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete reply");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status code");
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A live-reload stream, read as a browser's EventSource would.
struct Events {
    stream: TcpStream,
    buf: String,
    head_seen: bool,
}

impl Events {
    fn connect(addr: SocketAddr) -> Self {
        let mut stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
        write!(
            stream,
            "GET /__plainsight/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        Events {
            stream,
            buf: String::new(),
            head_seen: false,
        }
    }

    /// The next complete event: (name, data).
    fn next_event(&mut self) -> Option<(String, String)> {
        if !self.head_seen {
            let end = self.buf.find("\r\n\r\n")?;
            let head = self.buf[..end].to_string();
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
            assert!(head.contains("text/event-stream"), "{head}");
            self.buf.drain(..end + 4);
            self.head_seen = true;
        }
        loop {
            let end = self.buf.find("\n\n")?;
            let block: String = self.buf.drain(..end + 2).collect();
            let mut name = None;
            let mut data: Vec<&str> = Vec::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event: ") {
                    name = Some(v.to_string());
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data.push(v);
                }
            }
            if let Some(name) = name {
                return Some((name, data.join("\n")));
            }
        }
    }

    /// Waits for an event called `name`, skipping others; panics after PATIENCE.
    fn wait_for(&mut self, name: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut skipped = Vec::new();
        loop {
            while let Some((n, data)) = self.next_event() {
                if n == name {
                    return data;
                }
                skipped.push(n);
            }
            assert!(
                Instant::now() < deadline,
                "no `{name}` event within {PATIENCE:?} (saw {skipped:?})"
            );
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("the event stream ended while waiting for `{name}`"),
                Ok(n) => self.buf.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("reading events: {e}"),
            }
        }
    }
}

#[test]
fn serves_the_built_site_from_memory() {
    let site = fixture("serve-pages");
    let h = start(site.path());
    let addr = h.addr();

    let home = get(addr, "/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("<html"), "{}", home.body);
    assert!(home.body.contains("First version."));
    assert!(
        home.body
            .contains("<script src=\"/__plainsight/live.js\" defer></script>"),
        "serve pages load the live-reload script"
    );
    assert!(!site.path().join("public").exists(), "serve writes nothing");

    let js = get(addr, "/__plainsight/live.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.body.contains("EventSource"));
    assert!(js.body.contains("textContent") && !js.body.contains("innerHTML ="));

    let about = get(addr, "/about/");
    assert_eq!(about.status, 200);
    assert!(about.body.contains("About us."));
    let moved = get(addr, "/about?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("Location"), Some("/about/?x=1"));

    let csv = get(addr, "/data/x.csv");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("Content-Type"), Some("text/csv; charset=utf-8"));
    assert!(csv.body.contains("Ashford"));

    assert_eq!(get(addr, "/no/such/page/").status, 404);

    for bad in [
        "/../Cargo.toml",
        "/%2e%2e/",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/data/..%2f..%2fsite.yaml",
    ] {
        let r = get(addr, bad);
        assert_eq!(r.status, 400, "{bad} must be refused: {}", r.body);
    }
    h.shutdown();
}

#[test]
fn saves_reload_and_errors_show_until_fixed() {
    let site = fixture("serve-live");
    let h = start(site.path());
    let addr = h.addr();
    let mut events = Events::connect(addr);
    events.wait_for("hello");

    save(
        site.path(),
        "content/_index.md",
        &INDEX.replace("First", "Second"),
    );
    events.wait_for("reload");
    assert!(get(addr, "/").body.contains("Second version."));

    save(
        site.path(),
        "content/_index.md",
        "---\ntitle: [unclosed\n---\n\nBroken.\n",
    );
    let error = events.wait_for("error");
    assert!(
        error.contains("_index.md:"),
        "the error names file:line:col: {error}"
    );
    assert!(
        !error.contains('\u{1b}'),
        "the overlay text has no colour codes: {error:?}"
    );
    let still = get(addr, "/");
    assert_eq!(still.status, 200, "the last good site is still served");
    assert!(still.body.contains("Second version."));

    // A tab opened while the site is broken is told at once.
    let mut late = Events::connect(addr);
    late.wait_for("hello");
    assert!(late.wait_for("error").contains("_index.md:"));

    save(
        site.path(),
        "content/_index.md",
        &INDEX.replace("First", "Third"),
    );
    events.wait_for("reload");
    late.wait_for("reload");
    assert!(get(addr, "/").body.contains("Third version."));
    h.shutdown();
}

#[test]
fn a_site_that_never_built_shows_its_errors() {
    let site = fixture("serve-broken");
    save(
        site.path(),
        "content/_index.md",
        "---\ntitle: [<b>unclosed\n---\n",
    );
    let h = start(site.path());
    let addr = h.addr();

    let page = get(addr, "/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("/__plainsight/live.js"));
    assert!(page.body.contains("_index.md:"), "{}", page.body);
    assert!(
        page.body.contains("&lt;b&gt;unclosed"),
        "quoted source is escaped: {}",
        page.body
    );
    assert!(!page.body.contains("<b>"));

    let mut events = Events::connect(addr);
    events.wait_for("hello");
    assert!(events.wait_for("error").contains("_index.md:"));

    save(site.path(), "content/_index.md", INDEX);
    events.wait_for("reload");
    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("First version."));
    h.shutdown();
}

#[test]
fn refuses_a_busy_port_with_a_message() {
    let site = fixture("serve-busy");
    let h = start(site.path());
    let mut opts = ServeOptions::new(site.path());
    opts.port = h.addr().port();
    opts.quiet = true;
    let err = serve::start(opts).err().expect("the port is taken");
    let text = plainsight::diagnostic::render(&err, plainsight::Format::Human, site.path(), false);
    assert!(text.contains("cannot listen"), "{text}");
    assert!(text.contains("--port"), "{text}");
    h.shutdown();
}
