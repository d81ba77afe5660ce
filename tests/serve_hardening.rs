//! `plainsight serve` against hostile or careless clients and files (issue
//! 19): in process on a free loopback port (one test runs the binary), raw
//! HTTP over TcpStream. Every wait is bounded; nothing asserts a speed.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use common::{TempDir, write_files};
use plainsight::internals::http::{HEAD_DEADLINE, WRITE_TIMEOUT};
use plainsight::serve::{self, Handle, ServeOptions};

/// How long anything the server does by itself may take here (debug build,
/// busy machine).
const PATIENCE: Duration = Duration::from_secs(20);

fn fixture(root: &Path, version: &str) {
    write_files(
        root,
        &[
            (
                "site.yaml",
                "title: Hardening\nbase_url: https://example.org/\n",
            ),
            (
                "content/_index.md",
                &format!("---\ntitle: Home\ndescription: Home.\n---\n\n{version} version.\n"),
            ),
            (
                "content/about.md",
                "---\ntitle: About\ndescription: About.\n---\n\nAbout us.\n",
            ),
            ("static/notes.txt", "INSIDE\n"),
        ],
    );
}

fn start(root: &Path) -> Handle {
    let mut opts = ServeOptions::new(root);
    opts.port = 0;
    opts.quiet = true;
    serve::start(opts).expect("server starts")
}

/// Sends `request` as is and returns (status, head, body) of the answer.
fn send(addr: SocketAddr, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    s.write_all(request).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap();
    (status, head, raw[end + 4..].to_vec())
}

fn get(addr: SocketAddr, target: &str) -> (u16, String, String) {
    let req = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let (status, head, body) = send(addr, req.as_bytes());
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// Asks until `done` holds of an answer to `GET target`, for at most `wait`.
fn poll(addr: SocketAddr, target: &str, wait: Duration, done: impl Fn(u16, &str) -> bool) -> bool {
    let end = Instant::now() + wait;
    while Instant::now() < end {
        let (status, _, body) = get(addr, target);
        if done(status, &body) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

/// Opens an event stream and returns it with its first bytes (empty if the
/// server closed it or sent nothing within PATIENCE).
fn event_stream(addr: SocketAddr) -> (TcpStream, String) {
    let mut s = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    let _ = write!(
        s,
        "GET /__plainsight/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    );
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut buf = [0u8; 64];
    let n = s.read(&mut buf).unwrap_or(0);
    (s, String::from_utf8_lossy(&buf[..n]).into_owned())
}

/// Reads an event stream until `name` comes, for at most PATIENCE.
fn wait_for_event(s: &mut TcpStream, name: &str) -> bool {
    let end = Instant::now() + PATIENCE;
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    while Instant::now() < end {
        if seen.contains(&format!("event: {name}\n")) {
            return true;
        }
        match s.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(_) => {}
        }
    }
    false
}

#[cfg(unix)]
#[test]
fn a_static_file_turned_into_a_link_outside_is_never_served() {
    let t = TempDir::new("harden-link");
    let root = t.join("site");
    fixture(&root, "First");
    std::fs::write(t.join("secret.txt"), "SECRET-OUTSIDE\n").unwrap();
    let h = start(&root);
    let addr = h.addr();
    assert_eq!(get(addr, "/notes.txt").2, "INSIDE\n");
    let (mut events, _) = event_stream(addr);
    let notes = root.join("static/notes.txt");
    std::fs::remove_file(&notes).unwrap();
    std::os::unix::fs::symlink(t.join("secret.txt"), &notes).unwrap();
    assert!(wait_for_event(&mut events, "error"), "the rebuild fails");
    let (status, _, body) = get(addr, "/notes.txt");
    assert!(!body.contains("SECRET"), "served the file outside: {body}");
    assert_eq!((status, body.as_str()), (200, "INSIDE\n"));
}

#[test]
fn other_host_names_are_refused_with_a_way_to_allow_them() {
    let t = TempDir::new("harden-host");
    fixture(t.path(), "First");
    let h = start(t.path());
    let addr = h.addr();
    let port = addr.port();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".into(),
    ] {
        let req = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        assert_eq!(send(addr, req.as_bytes()).0, 200, "{host}");
    }
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".into(),
    ] {
        let req = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        let (status, _, body) = send(addr, req.as_bytes());
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 421, "{host}: {body}");
        assert!(
            body.contains("--bind") && !body.contains("version"),
            "{body}"
        );
    }
    assert_eq!(send(addr, b"GET / HTTP/1.0\r\n\r\n").0, 421, "no Host");
}

#[test]
fn a_folder_url_with_leading_slashes_redirects_inside_the_site() {
    let t = TempDir::new("harden-slashes");
    fixture(t.path(), "First");
    let h = start(t.path());
    for target in ["//about", "///about?x=1"] {
        let (status, head, _) = get(h.addr(), target);
        assert_eq!(status, 301, "{target}");
        let location = head
            .lines()
            .find_map(|l| l.strip_prefix("Location: "))
            .unwrap();
        assert!(location.starts_with("/about/"), "{target} -> {location}");
    }
}

#[test]
fn a_latin1_cookie_is_tolerated_and_a_cut_off_head_is_a_bad_request() {
    let t = TempDir::new("harden-bytes");
    fixture(t.path(), "First");
    let h = start(t.path());
    let addr = h.addr();
    let mut req = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nCookie: n=Jos").into_bytes();
    req.extend_from_slice(b"\xe9\r\n\r\n");
    assert_eq!(send(addr, &req).0, 200);
    let mut s = TcpStream::connect_timeout(&addr, PATIENCE).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\n").unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

#[test]
fn heads_sent_a_byte_at_a_time_cannot_starve_the_preview() {
    let t = TempDir::new("harden-slow-head");
    fixture(t.path(), "First");
    let h = start(t.path());
    let addr = h.addr();
    let mut slow: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect_timeout(&addr, PATIENCE).ok())
        .collect();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopping = std::sync::Arc::clone(&stop);
    let trickle = std::thread::spawn(move || {
        let mut rounds = 0;
        while !stopping.load(std::sync::atomic::Ordering::Relaxed) && rounds < 120 {
            for s in &mut slow {
                let _ = s.write_all(b"G");
            }
            rounds += 1;
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    // Once the deadline for a whole head has passed, the trickling
    // connections are dropped, though they are still sending.
    let served = poll(addr, "/", HEAD_DEADLINE + PATIENCE, |s, _| s == 200);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    trickle.join().unwrap();
    assert!(served, "pages stayed unavailable while heads trickled in");
}

#[test]
fn a_client_that_stops_reading_a_big_file_is_let_go() {
    const SIZE: usize = 48 * 1024 * 1024;
    let t = TempDir::new("harden-no-read");
    fixture(t.path(), "First");
    std::fs::write(t.join("static/big.bin"), vec![7u8; SIZE]).unwrap();
    let h = start(t.path());
    let addr = h.addr();
    let mut s = TcpStream::connect_timeout(&addr, PATIENCE).unwrap();
    write!(s, "GET /big.bin HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    // Not reading: the server's writes block, then time out.
    std::thread::sleep(WRITE_TIMEOUT + Duration::from_secs(3));
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut got = 0;
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        got += n;
    }
    assert!(got > 0 && got < SIZE, "got {got} of {SIZE} bytes");
    assert_eq!(get(addr, "/").0, 200);
}

#[test]
fn event_streams_cannot_starve_pages_and_closed_ones_are_noticed() {
    let t = TempDir::new("harden-streams");
    fixture(t.path(), "First");
    let h = start(t.path());
    let addr = h.addr();
    let streams: Vec<(TcpStream, String)> = (0..300).map(|_| event_stream(addr)).collect();
    let open = streams
        .iter()
        .filter(|(_, first)| first.contains(" 200 "))
        .count();
    assert!(open > 0, "some streams are open");
    assert_eq!(get(addr, "/").0, 200, "a page with {open} streams open");
    drop(streams);
    assert_eq!(
        get(addr, "/").0,
        200,
        "a page just after the streams closed"
    );
    // Their places free up without waiting for the next keep-alive.
    let end = Instant::now() + PATIENCE;
    let mut reopened = Vec::new();
    while reopened.len() < open && Instant::now() < end {
        let (s, first) = event_stream(addr);
        if first.contains(" 200 ") {
            reopened.push(s);
        } else {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    assert_eq!(reopened.len(), open, "closed streams kept their places");
}

#[test]
fn a_site_folder_deleted_and_made_again_is_rebuilt() {
    let t = TempDir::new("harden-recreate");
    let root = t.join("site");
    fixture(&root, "First");
    let h = start(&root);
    let addr = h.addr();
    assert!(get(addr, "/").2.contains("First version."));
    let (mut events, _) = event_stream(addr);
    std::fs::remove_dir_all(&root).unwrap();
    assert!(
        wait_for_event(&mut events, "error"),
        "a missing site is an error"
    );
    fixture(&root, "Second");
    let rebuilt = poll(addr, "/", PATIENCE, |_, body| {
        body.contains("Second version.")
    });
    assert!(rebuilt, "the site made again was never rebuilt");
}

/// The inotify watches a process holds (Linux).
#[cfg(target_os = "linux")]
fn watches(pid: u32) -> usize {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fdinfo")) else {
        return 0;
    };
    fds.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .map(|info| {
            info.lines()
                .filter(|l| l.starts_with("inotify wd:"))
                .count()
        })
        .sum()
}

#[cfg(target_os = "linux")]
#[test]
fn a_link_to_a_big_folder_adds_no_watches() {
    use std::io::BufRead;
    let t = TempDir::new("harden-watch-link");
    let root = t.join("site");
    fixture(&root, "First");
    for i in 0..300 {
        std::fs::create_dir_all(t.join(format!("big/d{i}"))).unwrap();
    }
    std::os::unix::fs::symlink(t.join("big"), root.join("static/big")).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plainsight"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    // "serving … at …" comes after the watches are set up.
    let announced = std::io::BufReader::new(stderr)
        .lines()
        .take(200)
        .map_while(Result::ok)
        .any(|l| l.starts_with("serving "));
    let n = watches(child.id());
    let _ = child.kill();
    let _ = child.wait();
    assert!(announced, "the server started");
    assert!(n > 0 && n < 50, "{n} inotify watches");
}
