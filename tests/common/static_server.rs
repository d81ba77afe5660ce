//! A static file server for the browser tests: a built site on 127.0.0.1,
//! on the same connection handling as `plainsight serve`
//! (`plainsight::internals::http`), sending the Content-Security-Policy the
//! docs recommend with every answer.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use plainsight::internals::http::{self, Request};
use plainsight::internals::server::{content_type, decode_path};

/// The policy docs/security.md says a built site satisfies.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                       img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
                       frame-ancestors 'none'";

/// Serves a folder: `/dir/` gives `dir/index.html`, `/dir` redirects to
/// `/dir/`, anything else missing gets `404.html` (or "not found") with
/// status 404. With a prefix (`/plan`), the site is only found under it, as
/// a GitHub Pages project site is. Stops when dropped.
pub struct StaticServer {
    addr: SocketAddr,
    prefix: &'static str,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> Self {
        Self::start_under(root, "")
    }

    pub fn start_under(root: &Path, prefix: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("a local address");
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            http::serve(
                listener,
                move || stopping.load(Ordering::SeqCst),
                move |req| respond(req, &root, prefix),
            )
        });
        StaticServer {
            addr,
            prefix,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT` and the prefix, without a final `/`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.prefix)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        http::wake(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Content types for what a built site holds; the rest as `plainsight serve`.
fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("wasm") => "application/wasm",
        Some("jsonld") => "application/ld+json",
        _ => content_type(path),
    }
}

fn respond(req: Request, root: &Path, prefix: &str) {
    let headers = |ctype: &'static str| {
        [
            ("Content-Type", ctype),
            ("Cache-Control", "no-store"),
            ("Content-Security-Policy", CSP),
            ("X-Content-Type-Options", "nosniff"),
        ]
    };
    let path = match decode_path(&req.head.target) {
        Ok(p) => p,
        Err(why) => return req.respond(400, &headers("text/plain"), why.as_bytes()),
    };
    let Some(inside) = path.strip_prefix(prefix).filter(|p| p.starts_with('/')) else {
        return req.respond(404, &headers("text/plain"), b"not found");
    };
    let rel: PathBuf = inside.split('/').filter(|s| !s.is_empty()).collect();
    let mut file = root.join(&rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            let to = format!("{path}/");
            return req.respond(301, &[("Location", to.as_str())], b"");
        }
        file = file.join("index.html");
    }
    let (status, file) = if file.is_file() {
        (200, file)
    } else {
        (404, root.join("404.html"))
    };
    match std::fs::read(&file) {
        Ok(body) => req.respond(status, &headers(mime(&file)), &body),
        Err(_) => req.respond(404, &headers("text/plain"), b"not found"),
    }
}
