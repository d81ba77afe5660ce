//! `plainsight serve`, in process: a small site in a temp folder, a server on
//! a free loopback port, raw HTTP over TcpStream. Every wait is bounded.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use common::{TempDir, browser_available, write_files};
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
            .contains("<script src=\"/__plainsight/live.js?since="),
        "serve pages load the live-reload script, named with their build"
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

/// A page names the build it comes from, and the event stream's hello names
/// the build being served: a save that lands between loading a page and
/// connecting shows as a different id, so live.js reloads instead of
/// missing it.
#[test]
fn a_page_knows_its_build_so_a_save_before_connecting_is_not_missed() {
    let site = fixture("serve-since");
    let h = start(site.path());
    let addr = h.addr();
    let since = |body: &str| {
        let i = body
            .find("live.js?since=")
            .expect("the live script is stamped")
            + 14;
        body[i..i + body[i..].find('"').unwrap()].to_string()
    };
    let first = since(&get(addr, "/").body);
    let mut events = Events::connect(addr);
    assert_eq!(events.wait_for("hello"), first, "nothing changed yet");

    // The page was loaded; then a save lands before the tab connects.
    let page = get(addr, "/about/").body;
    let loaded = since(&page);
    save(
        site.path(),
        "content/_index.md",
        &INDEX.replace("First", "Second"),
    );
    events.wait_for("reload");
    let mut late = Events::connect(addr);
    let hello = late.wait_for("hello");
    assert_ne!(hello, loaded, "the late tab is told it missed a build");
    assert_eq!(since(&get(addr, "/about/").body), hello);
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

/// A site in `site/` of a temp folder, with a secret beside it (outside the
/// site) and one inside the site that is not part of the output.
fn fixture_with_secrets(tag: &str) -> (TempDir, std::path::PathBuf) {
    let t = TempDir::new(tag);
    let root = t.join("site");
    write_files(
        &root,
        &[
            (
                "site.yaml",
                "title: Serve Partnership\nbase_url: https://example.org/\n# SECRET-IN-CONFIG\n",
            ),
            ("content/_index.md", INDEX),
            ("data/x.csv", "area,incidents\nAshford,10\nDover,12\n"),
            ("notes.txt", "SECRET-IN-SITE\n"),
        ],
    );
    std::fs::write(t.join("outside.txt"), "SECRET-OUTSIDE\n").unwrap();
    (t, root)
}

/// The raw reply to `target` (status, body), or None if the server closed
/// the connection without one.
fn raw_get(addr: SocketAddr, target: &[u8]) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut req = b"GET ".to_vec();
    req.extend_from_slice(target);
    req.extend_from_slice(
        format!(" HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    s.write_all(&req).ok()?;
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body.to_string()))
}

#[test]
fn path_traversal_never_reaches_a_file_outside_the_output() {
    let (_t, root) = fixture_with_secrets("serve-traversal");
    let h = start(&root);
    let addr = h.addr();
    assert_eq!(get(addr, "/").status, 200, "the site is served");
    let targets: &[&[u8]] = &[
        // Up and out, plainly and encoded every way.
        b"/../site.yaml",
        b"/../outside.txt",
        b"/../../outside.txt",
        b"/%2e%2e/site.yaml",
        b"/%2E%2E/outside.txt",
        b"/..%2fsite.yaml",
        b"/..%2Foutside.txt",
        b"/%2e%2e%2f%2e%2e%2foutside.txt",
        b"/data/..%2f..%2fsite.yaml",
        b"/data/%2e%2e/%2e%2e/outside.txt",
        b"/.%2e/site.yaml",
        b"/%252e%252e/site.yaml",
        b"/%c0%ae%c0%ae/site.yaml",
        // Backslashes, plain and encoded.
        b"/..\\site.yaml",
        b"/..%5csite.yaml",
        b"/data\\..\\..\\outside.txt",
        b"/%5c..%5c..%5coutside.txt",
        // Absolute paths, drive letters, other request forms.
        b"//etc/passwd",
        b"/etc/passwd",
        b"/C:/Windows/win.ini",
        b"/C:%5cWindows%5cwin.ini",
        b"http://127.0.0.1/../site.yaml",
        b"*",
        b"site.yaml",
        // NUL, encoded and raw.
        b"/%00",
        b"/site.yaml%00.html",
        b"/index.html%00/../../site.yaml",
        b"/site.yaml\0",
        // Files of the site that are not part of the output.
        b"/site.yaml",
        b"/notes.txt",
        b"/content/_index.md",
        b"/data/x.yaml",
    ];
    let mut answered = 0;
    for target in targets {
        let shown = String::from_utf8_lossy(target).into_owned();
        let Some((status, body)) = raw_get(addr, target) else {
            // Closing the connection without a reply is a refusal too.
            eprintln!("{shown:?}: closed without a reply");
            continue;
        };
        answered += 1;
        eprintln!("{shown:?}: {status}");
        assert!(
            status == 400 || status == 404,
            "{shown:?} answered {status}:\n{body}"
        );
        assert!(
            !body.contains("SECRET"),
            "{shown:?} served a file outside the output:\n{body}"
        );
    }
    // Nearly all are answered, so the statuses above were really checked.
    assert!(answered + 2 >= targets.len(), "only {answered} answered");
    // The server still answers after all that.
    assert_eq!(get(addr, "/data/x.csv").status, 200);
    h.shutdown();
}

#[test]
fn serve_listens_on_the_loopback_address_only_by_default() {
    assert_eq!(
        ServeOptions::new(".").bind,
        std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        "the library's default is 127.0.0.1"
    );
    let (_t, root) = fixture_with_secrets("serve-bind");
    let h = start(&root);
    assert_eq!(
        h.addr().ip(),
        std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)
    );
    // From this machine's own outward address the port is closed. (The UDP
    // "connection" sends nothing: it only asks which interface would be used.)
    let outward = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|_| s))
        .and_then(|s| s.local_addr())
        .map(|a| a.ip())
        .ok()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
    if let Some(ip) = outward {
        let reached = TcpStream::connect_timeout(
            &SocketAddr::new(ip, h.addr().port()),
            Duration::from_secs(2),
        );
        assert!(
            reached.is_err(),
            "the server answered on {ip}, not only on 127.0.0.1"
        );
    }
    h.shutdown();

    // The command line's default is the same: `plainsight serve` says where
    // it listens, and that is 127.0.0.1.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plainsight"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start plainsight serve");
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let mut buf = [0u8; 1024];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
            if text.contains("press Ctrl-C") {
                let _ = tx.send(text.clone());
            }
        }
    });
    let said = rx.recv_timeout(PATIENCE);
    let _ = child.kill();
    let _ = child.wait();
    let said = said.expect("plainsight serve said where it listens");
    assert!(
        said.contains("at http://127.0.0.1:"),
        "not on 127.0.0.1 by default: {said}"
    );
    assert!(
        !said.contains("can be reached from other machines"),
        "{said}"
    );
}

impl Events {
    /// The names of the events that arrive within `d`.
    fn during(&mut self, d: Duration) -> Vec<String> {
        let deadline = Instant::now() + d;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            while let Some((n, _)) = self.next_event() {
                seen.push(n);
            }
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => self.buf.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(_) => {}
            }
        }
        while let Some((n, _)) = self.next_event() {
            seen.push(n);
        }
        seen
    }
}

#[test]
fn a_save_by_renaming_or_a_burst_of_saves_gives_one_reload() {
    let site = fixture("serve-rename");
    let h = start(site.path());
    let addr = h.addr();
    let mut events = Events::connect(addr);
    events.wait_for("hello");

    // Vim with a backup: the file is renamed away, and only later written
    // anew. The page must never be rebuilt as missing in between. On a
    // machine busy enough to hold the write up for longer than a save is
    // gathered over, the new file's creation and its content can come as
    // two rebuilds, which is right too, so the save is tried up to three
    // times; if saves were never gathered, all three would fail.
    let about = site.path().join("content/about.md");
    let backup = site.path().join("content/about.md~");
    let mut saves = Vec::new();
    for attempt in 1..=3 {
        std::fs::rename(&about, &backup).unwrap();
        std::thread::sleep(Duration::from_millis(30));
        std::fs::write(
            &about,
            format!(
                "---\ntitle: About\ndescription: About the serve tests.\n---\n\nRenamed save {attempt}.\n"
            ),
        )
        .unwrap();
        std::fs::remove_file(&backup).unwrap();
        events.wait_for("reload");
        let body = get(addr, "/about/").body;
        let more = events.during(Duration::from_millis(400));
        assert!(
            !more.iter().any(|e| e == "error"),
            "a save by renaming was rebuilt as missing: {more:?}"
        );
        if !more.iter().any(|e| e == "reload") {
            assert!(body.contains(&format!("Renamed save {attempt}.")), "{body}");
            saves.clear();
            break;
        }
        saves.push(more);
    }
    assert!(
        saves.is_empty(),
        "each of three saves by renaming gave more than one rebuild: {saves:?}"
    );

    // A page, a dataset and another page saved together ("save all", a
    // branch switch): one rebuild. The new versions are written first and
    // renamed into place one after the other, as an editor saving several
    // buffers does. On a machine busy enough to hold the renames (or the
    // watcher) up for longer than the few milliseconds a burst is gathered
    // over, two rebuilds are right, so the burst is tried up to three
    // times; if bursts were never gathered, all three would fail.
    let hidden = |rel: &str| {
        let p = site.path().join(rel);
        p.with_file_name(format!(".{}.new", p.file_name().unwrap().to_string_lossy()))
    };
    let mut tries = Vec::new();
    for attempt in 1..=3 {
        let word = format!("Burst{attempt}");
        let figure = 10 + attempt;
        let burst = [
            ("content/_index.md", INDEX.replace("First", &word)),
            (
                "data/x.csv",
                format!("area,incidents\nAshford,{figure}\nDover,12\n"),
            ),
            (
                "content/about.md",
                format!(
                    "---\ntitle: About\ndescription: About the serve tests.\n---\n\n{word} save.\n"
                ),
            ),
        ];
        for (rel, text) in &burst {
            std::fs::write(hidden(rel), text).unwrap();
        }
        for (rel, _) in &burst {
            std::fs::rename(hidden(rel), site.path().join(rel)).unwrap();
        }
        // Wait until the whole burst is served, then for anything after it.
        let mut reloads = 0;
        loop {
            events.wait_for("reload");
            reloads += 1;
            let home = get(addr, "/").body;
            let about = get(addr, "/about/").body;
            if home.contains(&format!("{word} version."))
                && home.contains(&format!(">{figure}<"))
                && about.contains(&format!("{word} save."))
            {
                break;
            }
            assert!(
                reloads < 3,
                "three files saved gave more than three rebuilds"
            );
        }
        let more = events.during(Duration::from_millis(400));
        reloads += more
            .iter()
            .filter(|e| *e == "reload" || *e == "error")
            .count();
        tries.push(reloads);
        if reloads == 1 {
            break;
        }
    }
    assert_eq!(
        tries.last(),
        Some(&1),
        "no burst of saves gave one rebuild (rebuilds per try: {tries:?})"
    );
    h.shutdown();
}

/// Issue 6's trial, in a real browser (tests/browser/serve.mjs): one tab open
/// on the home page follows saves to prose, a dataset, a new template and
/// site.yaml by itself; a YAML mistake shows over the page with its
/// location and clears when fixed.
#[test]
fn an_open_tab_follows_every_save_in_a_real_browser() {
    if !browser_available("browser serve test") {
        return;
    }
    let site = fixture("serve-browser");
    let mut h = Some(start(site.path()));
    let addr = h.as_ref().unwrap().addr();
    let url = format!("http://{addr}");
    // The script asks for the server to be stopped and started again (as
    // after Ctrl-C and a new `plainsight serve`) on lines of its own, and
    // waits for the answer on its stdin.
    let mut node = std::process::Command::new("node")
        .arg(common::manifest_dir().join("tests/browser/serve.mjs"))
        .arg(&url)
        .arg(site.path())
        .current_dir(common::manifest_dir().join("tests/browser"))
        .env("NO_PROXY", "127.0.0.1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("run node");
    let mut to_node = node.stdin.take().unwrap();
    let from_node = std::io::BufReader::new(node.stdout.take().unwrap());
    let mut output = String::new();
    for line in std::io::BufRead::lines(from_node) {
        let line = line.expect("read the script's output");
        match line.as_str() {
            "@@ stop-server" => {
                h.take().expect("a running server").shutdown();
                writeln!(to_node, "stopped").unwrap();
            }
            "@@ start-server" => {
                let mut opts = ServeOptions::new(site.path());
                opts.port = addr.port();
                opts.quiet = true;
                h = Some(serve::start(opts).expect("the server starts again on its port"));
                writeln!(to_node, "started").unwrap();
            }
            _ => {
                output.push_str(&line);
                output.push('\n');
            }
        }
    }
    let status = node.wait().expect("wait for node");
    print!("{output}");
    assert!(
        status.success() && output.contains("serve: all passed"),
        "serve.mjs failed ({status}):\n{output}"
    );
    drop(h);
}
