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
//! close.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The most a request head may be; browsers send well under 8 KiB.
const MAX_HEAD: u64 = 32 * 1024;
/// A client that says nothing for this long is dropped.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more get 503 (a page loads a dozen at most).
const MAX_CONNECTIONS: usize = 256;

/// A request's first line, as sent.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target: `/path?query`.
    pub target: String,
    stream: TcpStream,
}

impl Request {
    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }

    /// Sends a whole answer and closes the connection.
    pub fn respond(mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let with_body = !self.is_head();
        answer(&mut self.stream, status, headers, body, with_body);
    }

    /// The raw connection, for an answer that goes on (the event stream);
    /// the caller writes the status line and headers.
    pub fn into_writer(self) -> Box<dyn Write + Send> {
        let _ = self.stream.set_read_timeout(None);
        Box::new(self.stream)
    }
}

/// Writes a whole answer (the body only when `with_body`: not for HEAD). A
/// tab that has gone away is not an error worth telling.
fn answer(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
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
    let _ = stream.write_all(head.as_bytes());
    if with_body {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Reads a request head: the request line, then headers up to the blank
/// line (read and dropped: nothing here depends on them). `Err` carries the
/// status to answer with.
fn read_head(stream: &TcpStream) -> Result<(String, String), u16> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD));
    let mut first = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => return Err(if first.is_empty() { 400 } else { 431 }),
            Ok(_) if !line.ends_with('\n') => return Err(431),
            Ok(_) if first.is_empty() => {
                // Some clients send blank lines before a request.
                if !line.trim().is_empty() {
                    first = line.trim_end().to_string();
                }
            }
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => return Err(400),
            Err(_) => return Err(408),
        }
    }
    let mut parts = first.split(' ');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(method), Some(target), Some(version), None)
            if version.starts_with("HTTP/1.") && !method.is_empty() =>
        {
            Ok((method.to_string(), target.to_string()))
        }
        _ => Err(400),
    }
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
        let Ok(stream) = stream else {
            // Out of file handles, most likely: give the open connections
            // a moment to finish rather than spinning on the error.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
        let mut stream = stream;
        let _ = stream.set_nodelay(true);
        if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            let busy = b"too many connections\n";
            answer(&mut stream, 503, &[("Retry-After", "1")], busy, true);
            continue;
        }
        let handle = Arc::clone(&handle);
        let open_now = Arc::clone(&open);
        let spawned = std::thread::Builder::new()
            .name("plainsight-conn".into())
            .spawn(move || {
                match read_head(&stream) {
                    Ok((method, target)) => handle(Request {
                        method,
                        target,
                        stream,
                    }),
                    Err(status) => {
                        let mut stream = stream;
                        let plain = [("Content-Type", "text/plain; charset=utf-8")];
                        answer(&mut stream, status, &plain, b"", true)
                    }
                }
                open_now.fetch_sub(1, Ordering::AcqRel);
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::AcqRel);
        }
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
mod tests {
    use super::*;

    fn pair(request: &[u8]) -> (TcpStream, TcpStream) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        client.write_all(request).unwrap();
        let (server, _) = l.accept().unwrap();
        server
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        (client, server)
    }

    #[test]
    fn reads_the_request_line_and_skips_headers() {
        let (_c, s) = pair(b"GET /a/?q=1 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
        assert_eq!(read_head(&s), Ok(("GET".into(), "/a/?q=1".into())));
    }

    #[test]
    fn refuses_what_is_not_http_1() {
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/2.0\r\n\r\n",
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"\xff\xfe / HTTP/1.1\r\n\r\n",
        ] {
            let (_c, s) = pair(bad);
            assert_eq!(read_head(&s), Err(400), "{bad:?}");
        }
    }

    #[test]
    fn a_huge_head_is_refused() {
        let mut req = b"GET / HTTP/1.1\r\n".to_vec();
        req.extend(std::iter::repeat_n(b'a', MAX_HEAD as usize + 10));
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let writer = std::thread::spawn(move || {
            let mut c = TcpStream::connect(addr).unwrap();
            let _ = c.write_all(&req);
            c
        });
        let (s, _) = l.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        assert_eq!(read_head(&s), Err(431));
        drop(writer.join());
    }

    #[test]
    fn answers_close_the_connection_and_head_has_no_body() {
        for (method, body) in [("GET", "hello"), ("HEAD", "")] {
            let (mut c, s) = pair(b"");
            let req = Request {
                method: method.into(),
                target: "/".into(),
                stream: s,
            };
            req.respond(
                200,
                &[("Content-Type", "text/plain"), ("X-Bad", "a\r\nb")],
                b"hello",
            );
            let mut got = String::new();
            c.read_to_string(&mut got).unwrap();
            assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got}");
            assert!(got.contains("Content-Length: 5\r\nConnection: close\r\n\r\n"));
            assert!(
                !got.contains("X-Bad"),
                "a header with a line break is dropped"
            );
            assert!(got.ends_with(&format!("\r\n\r\n{body}")), "{got:?}");
        }
    }
}
