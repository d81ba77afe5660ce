//! `plainsight serve`: watch mode for drafting.
//!
//! The site is rendered in memory and served from there; every save in the
//! site's folders brings it up to date, re-rendering only what the change
//! touches ([`crate::pipeline::rebuild`]), after which open browser tabs reload
//! (Server-Sent Events). A rebuild that fails keeps the last good
//! site on screen and shows the same plain-text errors as the terminal in an
//! overlay. Nothing is written to disk.
//!
//! - [`watch`]: file-system watching, filtering and the rebuild loop;
//! - [`server`]: what each URL answers (static files from memory, never
//!   from disk paths taken from the URL);
//! - [`snapshot`]: the last good build's files, taken as it checked them;
//! - [`host`]: which `Host` names are answered (DNS rebinding);
//! - [`http`]: the connections: one request each, a thread each, with
//!   deadlines and caps;
//! - [`livereload`]: the event hub and the `live.js` client.
//!
//! See docs/serve.md.

pub mod host;
pub mod http;
pub mod livereload;
pub mod server;
pub mod snapshot;
pub mod watch;

use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::site::Options;

/// Every file of the last good build, by output path.
pub use crate::pipeline::rebuild::Files;

/// What `plainsight serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// Address to listen on; loopback by default so drafts stay on this machine.
    pub bind: IpAddr,
    /// Port; 0 picks a free one (used by the tests).
    pub port: u16,
    /// Show pages marked `draft: true` (the default when serving).
    pub drafts: bool,
    /// Print nothing to the terminal.
    pub quiet: bool,
    /// Open the preview in the system's browser once it is listening.
    pub open: bool,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: true,
            quiet: false,
            open: false,
        }
    }
}

/// State shared by the server, the watcher and the live-reload clients.
pub(crate) struct State {
    /// The site root, absolute.
    pub root: PathBuf,
    /// The address listened on: its IP is one of the `Host` names answered.
    pub addr: SocketAddr,
    /// The last good build (empty until one succeeds).
    pub files: RwLock<Arc<snapshot::Served>>,
    /// Whether the files served are those of the last outcome, so the next
    /// partial rebuild's can be put over them.
    pub in_step: AtomicBool,
    pub hub: livereload::Hub,
    pub stopping: AtomicBool,
    pub quiet: bool,
    /// Colour terminal output.
    pub color: bool,
}

impl State {
    pub fn files(&self) -> Arc<snapshot::Served> {
        self.files
            .read()
            .map(|f| Arc::clone(&f))
            .unwrap_or_else(|e| Arc::clone(&e.into_inner()))
    }

    pub fn set_files(&self, files: snapshot::Served) {
        let files = Arc::new(files);
        match self.files.write() {
            Ok(mut f) => *f = files,
            Err(e) => *e.into_inner() = files,
        }
    }

    /// Puts the files a partial rebuild wrote over those served, in place
    /// unless a request is still reading the snapshot.
    pub fn update_files(&self, changed: Vec<(std::path::PathBuf, snapshot::Body)>) {
        let mut f = match self.files.write() {
            Ok(f) => f,
            Err(e) => e.into_inner(),
        };
        Arc::make_mut(&mut f).extend(changed);
    }

    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::Acquire)
    }

    /// One line (or block) for the person at the terminal.
    pub fn log(&self, text: &str) {
        if !self.quiet {
            eprintln!("{}", text.trim_end());
        }
    }
}

/// A running server. Dropping it (or calling [`Handle::shutdown`]) stops it.
pub struct Handle {
    addr: SocketAddr,
    state: Arc<State>,
    threads: Vec<JoinHandle<()>>,
}

impl Handle {
    /// The address actually listened on (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Blocks until the server stops (it only stops when shut down).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Stops watching and serving, closes live-reload connections and waits
    /// for the server's threads to finish.
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.state.stopping.store(true, Ordering::Release);
        self.state.hub.close_all();
        // The accept loop is blocked until someone connects.
        http::wake(self.addr);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// Builds the site, starts watching and serving, and returns at once. A site
/// that does not build still gets a server, which shows the errors.
pub fn start(opts: ServeOptions) -> Result<Handle, Diagnostics> {
    let root = opts.root.canonicalize().map_err(|e| -> Diagnostics {
        Diagnostic::error(
            Code::Serve,
            format!("cannot serve {}: {e}", opts.root.display()),
        )
        .hint("give the folder that holds site.yaml with --root")
        .into()
    })?;
    let server = server::bind(opts.bind, opts.port)?;
    let addr = server
        .local_addr()
        .unwrap_or(SocketAddr::new(opts.bind, opts.port));
    // Watch before the first build so that no save is missed.
    let watcher = watch::Watcher::new(&root)?;
    let state = Arc::new(State {
        root: root.clone(),
        addr,
        files: RwLock::new(Arc::new(snapshot::Served::new())),
        in_step: AtomicBool::new(false),
        hub: livereload::Hub::new(),
        stopping: AtomicBool::new(false),
        quiet: opts.quiet,
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    });
    let mut options = Options::new(&root);
    options.drafts = opts.drafts;
    options.serve = true;
    // No search index while drafting: it would add its cost to every save.
    options.search = false;
    // Permalinks, the sitemap and the feed point at this server.
    options.base_url = Some(format!("http://{}", display_host(addr)));
    let mut session = crate::pipeline::rebuild::Session::new(options);
    watch::rebuild_and_report(&state, &mut session, None);
    // Built first, so that if a thread cannot start, dropping it stops the other.
    let mut handle = Handle {
        addr,
        state,
        threads: Vec::new(),
    };
    let server = server::spawn(server, Arc::clone(&handle.state))?;
    handle.threads.push(server);
    let watch = watcher.spawn(Arc::clone(&handle.state), session)?;
    handle.threads.push(watch);
    Ok(handle)
}

/// `plainsight serve`: starts the server, says where it is, and serves until
/// the process is stopped.
pub fn run(opts: ServeOptions) -> Result<(), Diagnostics> {
    let quiet = opts.quiet;
    let drafts = opts.drafts;
    let open = opts.open;
    let handle = start(opts)?;
    if open {
        // After the first build, so the browser finds the site, not an error.
        let url = format!("http://{}/", display_host(handle.addr()));
        if let Err(e) = opener::open_browser(&url) {
            eprintln!("could not open a browser ({e}); open {url} yourself");
        }
    }
    if !quiet {
        let addr = handle.addr();
        eprintln!(
            "serving {} at http://{}/ ({}); press Ctrl-C to stop",
            handle.state.root.display(),
            display_host(addr),
            if drafts {
                "drafts shown"
            } else {
                "drafts hidden"
            }
        );
        if !addr.ip().is_loopback() {
            eprintln!(
                "note: {} can be reached from other machines, and so can your drafts",
                addr.ip()
            );
        }
    }
    handle.wait();
    Ok(())
}

/// `127.0.0.1:1111`, or `[::1]:1111`; `localhost` for the unspecified address.
fn display_host(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("localhost:{}", addr.port())
    } else {
        addr.to_string()
    }
}
