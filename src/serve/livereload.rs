//! Live reload over Server-Sent Events.
//!
//! Every open tab holds one `GET /__plainsight/events` stream. The [`Hub`]
//! sends it:
//!
//! - `hello` on connection, with an id that changes whenever the server
//!   restarts or a rebuild succeeds. Each page is served with the id of its
//!   build (`live.js?since=ID`); a tab whose hello brings another id reloads
//!   once, so nothing is missed between loading a page and connecting, or
//!   while it was disconnected;
//! - `reload` after every good rebuild;
//! - `error` with the plain-text diagnostics (the same as the terminal) after
//!   a rebuild fails, and at once on connection while the site is broken.
//!
//! Each stream has its own thread, which looks every [`POLL`] whether the
//! tab has closed the connection and sends a comment every [`KEEPALIVE`].
//! At most [`MAX_STREAMS`] are open at once, counted apart from page
//! requests, so open tabs (or a page opening streams on purpose) never keep
//! pages from being served; a stream over the cap gets 503 and `live.js`
//! tries again.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The client script, served at `/__plainsight/live.js` (never inline).
pub const LIVE_JS: &str = include_str!("live.js");

/// How often an idle stream is probed.
pub const KEEPALIVE: Duration = Duration::from_secs(15);
/// How often a stream looks whether its tab has gone, so a closed tab frees
/// its place promptly rather than at the next keep-alive.
pub const POLL: Duration = Duration::from_millis(500);
/// Event streams open at once (one per open tab).
pub const MAX_STREAMS: usize = 64;

enum Message {
    /// A formatted event.
    Event(String),
    Close,
}

struct Inner {
    clients: Vec<Sender<Message>>,
    /// Good builds so far.
    generation: u64,
    /// Set while the latest build failed.
    error: Option<String>,
    /// The server is stopping: no new streams.
    closed: bool,
    /// Streams open now (`clients` may still hold some that have ended).
    open: usize,
}

/// Who is listening, and what they need to know on connection.
pub struct Hub {
    instance: u128,
    inner: Mutex<Inner>,
}

impl Default for Hub {
    fn default() -> Self {
        Self::new()
    }
}

impl Hub {
    pub fn new() -> Self {
        let instance = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        Self {
            instance,
            inner: Mutex::new(Inner {
                clients: Vec::new(),
                generation: 0,
                error: None,
                closed: false,
                open: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The id `hello` sends now. A page served with it (see
    /// [`server`](super::server)) knows which build it shows, so a build
    /// that lands between the page's load and its event stream's connection
    /// still reloads it.
    pub fn id(&self) -> String {
        format!("{}-{}", self.instance, self.lock().generation)
    }

    /// A good build is being served: tell every tab to reload.
    pub fn reload(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.error = None;
        broadcast(&mut inner, &event("reload", ""));
    }

    /// The latest build failed with this (plain) text.
    pub fn error(&self, text: &str) {
        let mut inner = self.lock();
        inner.error = Some(text.to_string());
        broadcast(&mut inner, &event("error", text));
    }

    /// The text of the latest build's errors, while it is broken.
    pub fn current_error(&self) -> Option<String> {
        self.lock().error.clone()
    }

    /// Ends every stream (the server is stopping).
    pub fn close_all(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        for c in inner.clients.drain(..) {
            let _ = c.send(Message::Close);
        }
    }

    /// Registers a new stream and returns what it must send first; None
    /// when the server is stopping or [`MAX_STREAMS`] are open.
    fn subscribe(&self) -> Option<(Receiver<Message>, String)> {
        let (tx, rx) = mpsc::channel();
        let mut inner = self.lock();
        if inner.closed || inner.open >= MAX_STREAMS {
            return None;
        }
        let mut first = String::from("retry: 1000\n\n");
        first.push_str(&event(
            "hello",
            &format!("{}-{}", self.instance, inner.generation),
        ));
        if let Some(e) = &inner.error {
            first.push_str(&event("error", e));
        }
        inner.clients.push(tx);
        inner.open += 1;
        Some((rx, first))
    }

    /// Event streams open now.
    pub fn open_streams(&self) -> usize {
        self.lock().open
    }

    /// Streams events to one tab until it goes away or the server stops.
    /// `conn` is the raw connection; the response head is written here.
    pub fn stream(&self, mut conn: TcpStream) {
        let Some((rx, first)) = self.subscribe() else {
            let busy = "HTTP/1.1 503 Service Unavailable\r\n\
                        Content-Type: text/plain; charset=utf-8\r\n\
                        Retry-After: 1\r\nContent-Length: 24\r\n\
                        Connection: close\r\n\r\ntoo many event streams\r\n";
            let _ = send(&mut conn, busy);
            return;
        };
        self.follow(&mut conn, &rx, &first);
        self.lock().open -= 1;
    }

    /// Sends the stream's head, `first`, then every event, until the tab
    /// goes or the hub closes.
    fn follow(&self, conn: &mut TcpStream, rx: &Receiver<Message>, first: &str) {
        let head = "HTTP/1.1 200 OK\r\n\
                    Content-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\n\
                    X-Content-Type-Options: nosniff\r\n\
                    Connection: close\r\n\r\n";
        if send(conn, head).and_then(|_| send(conn, first)).is_err() {
            return;
        }
        let mut quiet = Duration::ZERO;
        loop {
            let msg = match rx.recv_timeout(POLL) {
                Ok(Message::Event(e)) => e,
                Ok(Message::Close) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) if has_gone(conn) => return,
                Err(RecvTimeoutError::Timeout) => {
                    quiet += POLL;
                    if quiet < KEEPALIVE {
                        continue;
                    }
                    ": keep-alive\n\n".to_string()
                }
            };
            quiet = Duration::ZERO;
            if send(conn, &msg).is_err() {
                return;
            }
        }
    }
}

/// Whether the tab has closed its end: a tab sends nothing after its
/// request, so a read that finds the end (or an error) says it has gone.
/// Anything it does send is read and dropped.
fn has_gone(conn: &mut TcpStream) -> bool {
    if conn.set_nonblocking(true).is_err() {
        return true;
    }
    let mut buf = [0u8; 512];
    let gone = loop {
        match conn.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break true,
        }
    };
    gone || conn.set_nonblocking(false).is_err()
}

fn send(w: &mut dyn Write, s: &str) -> std::io::Result<()> {
    w.write_all(s.as_bytes())?;
    w.flush()
}

/// Sends to every stream, forgetting those that have ended.
fn broadcast(inner: &mut Inner, e: &str) {
    inner
        .clients
        .retain(|c| c.send(Message::Event(e.to_string())).is_ok());
}

/// One SSE event; every line of `data` becomes a `data:` field.
pub fn event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    let data = data.replace("\r\n", "\n").replace('\r', "\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_data() {
        assert_eq!(event("reload", ""), "event: reload\ndata: \n\n");
        assert_eq!(
            event("error", "a\r\nb\n"),
            "event: error\ndata: a\ndata: b\ndata: \n\n"
        );
    }

    #[test]
    fn hello_then_current_error() {
        let hub = Hub::new();
        hub.error("content/_index.md:2:8 bad");
        let (_rx, first) = hub.subscribe().unwrap();
        assert!(first.contains("event: hello\n"));
        assert!(first.contains("event: error\ndata: content/_index.md:2:8 bad\n"));
        hub.reload();
        assert_eq!(hub.current_error(), None);
        hub.close_all();
        assert!(hub.subscribe().is_none());
    }

    /// A stream on a loopback connection; the client's end is returned.
    fn streaming(hub: &std::sync::Arc<Hub>) -> (TcpStream, std::thread::JoinHandle<()>) {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (server, _) = l.accept().unwrap();
        let hub = std::sync::Arc::clone(hub);
        (client, std::thread::spawn(move || hub.stream(server)))
    }

    #[test]
    fn streams_are_capped_and_a_closed_tab_frees_its_place() {
        let hub = std::sync::Arc::new(Hub::new());
        let mut tabs: Vec<_> = (0..MAX_STREAMS).map(|_| streaming(&hub)).collect();
        // Each stream registers on its own thread: wait until all have, so
        // the next is the one over the cap (a bounded wait, not a race).
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while hub.open_streams() < MAX_STREAMS && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(hub.open_streams(), MAX_STREAMS);
        let mut extra = streaming(&hub);
        extra
            .0
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut answer = String::new();
        extra.0.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        extra.1.join().unwrap();
        // The keep-alive is far off: only noticing the closed connection
        // ends the stream.
        let (client, thread) = tabs.pop().unwrap();
        drop(client);
        thread.join().unwrap();
        assert_eq!(hub.open_streams(), MAX_STREAMS - 1);
        hub.close_all();
        tabs.into_iter().for_each(|(_, t)| t.join().unwrap());
        assert_eq!(hub.open_streams(), 0);
    }
}
