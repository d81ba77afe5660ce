//! Just enough HTTP/1.1 for a preview server on this machine: one request
//! per connection, a thread per connection, `Connection: close` on every
//! answer.
//!
//! Written here rather than taken from a crate. tiny_http 0.12, used before,
//! queues a new connection behind kept-alive ones when its thread pool is
//! busy (a browser loading five stylesheets waited 25 s for two of them), and
//! drops a `Connection: close` set on a response, so it could not be told to
//! stop keeping connections. hyper would need the live-reload streams, which
//! are plain blocking writers, rewritten around async bodies. What the
//! server needs is small: read a request head with limits, write an answer,
//! close. The head is read into a buffer and parsed by [`parse_head`], which
//! the fuzz target `http_request` drives.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The most a request head may be; browsers send well under 8 KiB.
pub const MAX_HEAD: usize = 32 * 1024;
/// The whole head must arrive within this, however it trickles in: a
/// per-read timeout alone restarts with every byte, so a client sending one
/// byte every few seconds could hold a connection for ever.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// A client that takes no bytes of an answer for this long is dropped, so
/// one that asks for a big file and never reads frees its thread.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more get 503 (a page loads a dozen at most).
/// Live-reload streams leave this count once their head is read: they have a
/// cap of their own ([`super::livereload::MAX_STREAMS`]).
pub const MAX_CONNECTIONS: usize = 256;
/// Bodies are written in pieces of this size, from bytes shared by every
/// client, never copied whole per client.
const CHUNK: usize = 64 * 1024;

/// What a request head says that the server uses.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    /// The request target: `/path?query`.
    pub target: String,
    /// The `Host` header, if sent (once).
    pub host: Option<String>,
}

/// A connection's place among the [`MAX_CONNECTIONS`]; given back when the
/// answer is done or the connection becomes an event stream.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A request, read, with the connection to answer it on.
pub struct Request {
    pub head: Head,
    stream: TcpStream,
    slot: Slot,
}

/// An answer's body: bytes (shared, not copied), or a stretch of a file
/// kept open since the build.
pub enum Body<'a> {
    Bytes(&'a [u8]),
    File(&'a std::fs::File, u64),
}

impl Body<'_> {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, len) => *len,
        }
    }
}

impl Request {
    pub fn is_head(&self) -> bool {
        self.head.method == "HEAD"
    }

    /// Sends a whole answer and closes the connection.
    pub fn respond(self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        self.respond_body(status, headers, Body::Bytes(body));
    }

    /// [`Request::respond`] with a body that may be a file.
    pub fn respond_body(mut self, status: u16, headers: &[(&str, &str)], body: Body<'_>) {
        let with_body = !self.is_head();
        answer(&mut self.stream, status, headers, body, with_body);
        drop(self.slot);
    }

    /// The raw connection, for an answer that goes on (the event stream);
    /// the caller writes the status line and headers. The connection leaves
    /// the count of [`MAX_CONNECTIONS`], so open tabs never starve pages.
    pub fn into_stream(self) -> TcpStream {
        let _ = self.stream.set_read_timeout(None);
        self.stream
    }
}

/// Writes a whole answer (the body only when `with_body`: not for HEAD). A
/// tab that has gone away (or stopped reading, see [`WRITE_TIMEOUT`]) is not
/// an error worth telling.
fn answer(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: Body<'_>,
    with_body: bool,
) {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        // A value with a line break would start a header of its own.
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    if with_body {
        let _ = match body {
            Body::Bytes(b) => b.chunks(CHUNK).try_for_each(|c| stream.write_all(c)),
            Body::File(f, len) => copy_file(f, len, stream),
        };
    }
    let _ = stream.flush();
}

/// Writes the first `len` bytes of `file`, reading at offsets so that many
/// clients can share one open file. A file cut shorter since ends the answer
/// early (the client sees it cut off; a rebuild follows the edit anyway).
fn copy_file(file: &std::fs::File, len: u64, out: &mut impl Write) -> std::io::Result<()> {
    let mut buf = vec![0u8; CHUNK];
    let mut at = 0u64;
    while at < len {
        let want = usize::try_from(len - at).map_or(CHUNK, |l| l.min(CHUNK));
        let n = read_at(file, &mut buf[..want], at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        out.write_all(&buf[..n])?;
        at += n as u64;
    }
    Ok(())
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, at)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Where a request head ends in `buf` (just past its blank line), looking
/// only at bytes from `from` on, so a head that trickles in is scanned once.
/// Blank lines before the request line (some clients send them) are skipped.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    let start = buf.iter().position(|&b| b != b'\r' && b != b'\n')?;
    let from = from.saturating_sub(3).max(start);
    let rest = buf.get(from..)?;
    (0..rest.len()).find_map(|i| {
        let after = &rest[i..];
        if after.starts_with(b"\n\r\n") {
            Some(from + i + 3)
        } else if after.starts_with(b"\n\n") {
            Some(from + i + 2)
        } else {
            None
        }
    })
}

/// Reads a request head from `r`, at most [`MAX_HEAD`] bytes; `before_read`
/// runs before every read (it sets the time left, or says it is up with
/// `Err(408)`). `Err` carries the status to answer with: 400 for a head cut
/// off or malformed, 431 for one too long, 408 for one too slow.
pub fn read_head(
    r: &mut impl Read,
    mut before_read: impl FnMut() -> Result<(), u16>,
) -> Result<Head, u16> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let mut scanned = 0;
    loop {
        if let Some(end) = head_end(&buf, scanned) {
            return parse_head(&buf[..end]);
        }
        scanned = buf.len();
        if buf.len() >= MAX_HEAD {
            return Err(431);
        }
        before_read()?;
        let room = (MAX_HEAD - buf.len()).min(chunk.len());
        match r.read(&mut chunk[..room]) {
            Ok(0) => return Err(400),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(408);
            }
            Err(_) => return Err(400),
        }
    }
}

/// Parses a whole request head. Only the request line and `Host` need be
/// text: other headers are skipped as bytes, so a Latin-1 cookie set by
/// another program on localhost does not break the preview.
pub fn parse_head(bytes: &[u8]) -> Result<Head, u16> {
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .skip_while(|l| l.is_empty());
    let first = std::str::from_utf8(lines.next().ok_or(400u16)?).map_err(|_| 400u16)?;
    if first.chars().any(char::is_control) {
        return Err(400);
    }
    let mut parts = first.split(' ');
    let (method, target) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None)
            if v.starts_with("HTTP/1.") && !m.is_empty() && !t.is_empty() =>
        {
            (m, t)
        }
        _ => return Err(400),
    };
    let mut host = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        let colon = line.iter().position(|&b| b == b':').ok_or(400u16)?;
        if !line[..colon].eq_ignore_ascii_case(b"host") {
            continue;
        }
        // Two Hosts could be read differently by a proxy and by us.
        if host.is_some() {
            return Err(400);
        }
        let value = std::str::from_utf8(&line[colon + 1..]).map_err(|_| 400u16)?;
        host = Some(value.trim_matches([' ', '\t']).to_string());
    }
    Ok(Head {
        method: method.to_string(),
        target: target.to_string(),
        host,
    })
}

/// Before each read of a head: the time left until `deadline`, as the
/// socket's read timeout.
fn time_left(stream: &TcpStream, deadline: Instant) -> Result<(), u16> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(408);
    }
    stream.set_read_timeout(Some(left)).map_err(|_| 408u16)
}

/// Accepts connections until `stopping` says so, handing each request to
/// `handle` on a thread of its own. [`wake`] unblocks the accept once
/// `stopping` is set.
pub fn serve(
    listener: TcpListener,
    stopping: impl Fn() -> bool,
    handle: impl Fn(Request) + Send + Sync + 'static,
) {
    let handle = Arc::new(handle);
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stopping() {
            break;
        }
        let Ok(mut stream) = stream else {
            // Out of file handles, most likely: give the open connections
            // a moment to finish rather than spinning on the error.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let _ = stream.set_nodelay(true);
        if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            let busy = Body::Bytes(b"too many connections\n");
            answer(&mut stream, 503, &[("Retry-After", "1")], busy, true);
            continue;
        }
        let slot = Slot(Arc::clone(&open));
        let handle = Arc::clone(&handle);
        // If the thread cannot start, the closure (and the slot) is dropped.
        let _ = std::thread::Builder::new()
            .name("plainsight-conn".into())
            .spawn(move || {
                let deadline = Instant::now() + HEAD_DEADLINE;
                match read_head(&mut &stream, || time_left(&stream, deadline)) {
                    Ok(head) => handle(Request { head, stream, slot }),
                    Err(status) => {
                        let plain = [("Content-Type", "text/plain; charset=utf-8")];
                        let body = Body::Bytes(reason(status).as_bytes());
                        answer(&mut stream, status, &plain, body, true);
                        drop(slot);
                    }
                }
            });
    }
}

/// Unblocks [`serve`]'s accept by connecting to it once.
pub fn wake(addr: SocketAddr) {
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
}

#[cfg(test)]
mod tests;
