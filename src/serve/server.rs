//! The HTTP side of `plainsight serve`.
//!
//! Files come only from the in-memory map of the last good build: a URL is
//! looked up as a key of that map, never joined onto a folder on disk, so no
//! URL can reach a file the build did not produce. URLs with `.` or `..`
//! segments (encoded or not) are refused with 400 all the same. Static files
//! and assets are served as the last good build took them ([`snapshot`]),
//! never read again from their paths. Requests for other `Host` names are
//! refused first ([`host`]).

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::State;
use super::host;
use super::http::{self, Request};
use super::livereload::LIVE_JS;
use super::snapshot::{Body, Served};
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::util::html::escape;
use crate::write::output::FileData;

/// Where the server's own endpoints live; no site file can be there.
pub const PREFIX: &str = "/__plainsight/";
pub const EVENTS: &str = "/__plainsight/events";
pub const LIVE: &str = "/__plainsight/live.js";

/// Opens the listening socket.
pub(crate) fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, Diagnostics> {
    let addr = SocketAddr::new(ip, port);
    TcpListener::bind(addr).map_err(|e| {
        Diagnostic::error(Code::Serve, format!("cannot listen on {addr}: {e}")).hint(
            "another program (perhaps another `plainsight serve`) may be using this port: choose another with --port",
        )
        .into()
    })
}

/// Answers requests until the server is stopping (then
/// [`http::wake`] unblocks it).
pub(crate) fn spawn(
    listener: TcpListener,
    state: Arc<State>,
) -> Result<JoinHandle<()>, Diagnostics> {
    std::thread::Builder::new()
        .name("plainsight-http".into())
        .spawn(move || {
            let st = Arc::clone(&state);
            http::serve(listener, || state.stopping(), move |req| handle(req, &st));
            state.hub.close_all();
        })
        .map_err(|e| Diagnostic::error(Code::Serve, format!("cannot start the server: {e}")).into())
}

/// What a URL path names in the built site.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// This file of the map.
    File(PathBuf),
    /// The same path with a trailing slash: a folder with an index.html.
    AddSlash,
    NotFound,
}

/// The decoded path of a request target: `?query` and `#fragment` dropped,
/// percent-escapes decoded. Refuses anything that is not a plain absolute
/// path, or that has `.` or `..` segments.
pub fn decode_path(target: &str) -> Result<String, &'static str> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Err("the path must start with /");
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Both hex digits: from_str_radix alone takes "+1" as one.
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("bad percent-escape")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).map_err(|_| "the path is not UTF-8")?;
    let bad = path
        .split('/')
        .any(|s| s == "." || s == ".." || s.contains(['\\', '\0']));
    if bad {
        return Err("the path may not contain . or .. segments");
    }
    Ok(path)
}

/// Looks a decoded path up in the built files.
pub fn lookup<V>(files: &BTreeMap<PathBuf, V>, path: &str) -> Lookup {
    let rel: PathBuf = path.split('/').filter(|s| !s.is_empty()).collect();
    if path.ends_with('/') {
        let index = rel.join("index.html");
        return if files.contains_key(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if files.contains_key(&rel) {
        Lookup::File(rel)
    } else if files.contains_key(&rel.join("index.html")) {
        Lookup::AddSlash
    } else {
        Lookup::NotFound
    }
}

/// The Content-Type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Sends a response; a tab that has gone away is not an error worth telling.
fn reply(req: Request, status: u16, ctype: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let mut headers = vec![
        ("Content-Type", ctype),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    headers.extend_from_slice(extra);
    req.respond(status, &headers, &body);
}

fn text(req: Request, status: u16, body: &str) {
    reply(
        req,
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
        &[],
    );
}

fn handle(req: Request, state: &Arc<State>) {
    if !host::allowed(req.head.host.as_deref(), state.addr.ip()) {
        return text(req, 421, &host::refusal(state.addr.port()));
    }
    if req.head.method != "GET" && req.head.method != "HEAD" {
        return reply(
            req,
            405,
            "text/plain; charset=utf-8",
            b"plainsight serve only answers GET and HEAD\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
    }
    let target = req.head.target.clone();
    let path = match decode_path(&target) {
        Ok(p) => p,
        Err(why) => return text(req, 400, &format!("bad request: {why}\n")),
    };
    match path.as_str() {
        // The connection's own thread carries the stream until the tab
        // goes away.
        EVENTS => return state.hub.stream(req.into_stream()),
        LIVE => {
            return reply(
                req,
                200,
                content_type(Path::new(LIVE)),
                LIVE_JS.as_bytes().to_vec(),
                &[],
            );
        }
        p if p.starts_with(PREFIX) => return text(req, 404, "not found\n"),
        _ => {}
    }
    // The id first, then the files: the files can only be as new as the id
    // or newer, so a page never claims a build newer than the one it shows
    // (an older claim costs one extra reload, never a missed one).
    let since = state.hub.id();
    let files = state.files();
    if files.is_empty()
        && let Some(error) = state.hub.current_error()
    {
        return reply(
            req,
            500,
            "text/html; charset=utf-8",
            stamp(error_page(&error).into_bytes(), &since),
            &[("Content-Security-Policy", "default-src 'self'")],
        );
    }
    match lookup(&files, &path) {
        Lookup::File(rel) => match files.get(&rel) {
            Some(body) => send_file(req, &rel, body, &since),
            None => not_found(req, &files, &since),
        },
        Lookup::AddSlash => {
            let location = add_slash(&target);
            reply(
                req,
                301,
                "text/plain; charset=utf-8",
                format!("moved to {location}\n").into_bytes(),
                &[("Location", &location)],
            )
        }
        Lookup::NotFound => not_found(req, &files, &since),
    }
}

/// Where a folder's URL without its slash moves to: the same path and
/// query, with the slash. Leading slashes (and backslashes, which browsers
/// read as slashes) are collapsed into one, since a browser reads `//name/`
/// as the address of another host.
pub fn add_slash(target: &str) -> String {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let query = target
        .find('?')
        .map(|i| target[i..].split('#').next().unwrap_or(""))
        .unwrap_or("");
    match raw.trim_start_matches(['/', '\\']) {
        "" => format!("/{query}"),
        rest => format!("/{rest}/{query}"),
    }
}

/// Sends one file of the build: pages stamped with their build, everything
/// else straight from the bytes (or the open file) every client shares.
fn send_file(req: Request, rel: &Path, body: &Body, since: &str) {
    let ctype = content_type(rel);
    if ctype.starts_with("text/html") {
        return match bytes(body) {
            Some(page) => reply(req, 200, ctype, stamp(page.to_vec(), since), &[]),
            None => text(req, 500, "cannot read this page\n"),
        };
    }
    let headers = [
        ("Content-Type", ctype),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    match (body, bytes(body)) {
        (Body::Open(file, len, _), _) => {
            req.respond_body(200, &headers, http::Body::File(file, *len))
        }
        (_, Some(b)) => req.respond_body(200, &headers, http::Body::Bytes(b)),
        (_, None) => text(req, 500, "cannot read this file\n"),
    }
}

/// The bytes of a file held in memory; None for one kept open, or one the
/// snapshot did not take (which cannot happen: it takes every copied file).
fn bytes(body: &Body) -> Option<&[u8]> {
    match body {
        Body::Held(b, _) => Some(b),
        Body::Built(data) => match &**data {
            FileData::Bytes(b) => Some(b),
            FileData::Static(b) => Some(b),
            FileData::Copy(_) => None,
        },
        Body::Open(..) => None,
    }
}

/// A page's live-reload script address with the id of the build the page
/// comes from (`/__plainsight/live.js?since=ID`), which live.js compares
/// with the id its event stream says hello with.
fn stamp(html: Vec<u8>, id: &str) -> Vec<u8> {
    let needle = format!("\"{LIVE}\"");
    match String::from_utf8(html) {
        Ok(text) => text
            .replace(&needle, &format!("\"{LIVE}?since={id}\""))
            .into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// The site's own 404.html, with status 404.
fn not_found(req: Request, files: &Served, since: &str) {
    match files.get(Path::new("404.html")).and_then(bytes) {
        Some(body) => reply(
            req,
            404,
            "text/html; charset=utf-8",
            stamp(body.to_vec(), since),
            &[],
        ),
        None => text(req, 404, "not found\n"),
    }
}

/// Shown for every page while no build has succeeded yet. `live.js` turns
/// the `<pre>` into its overlay and reloads once the site builds.
fn error_page(error: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>The site did not build</title>\n\
         <script src=\"{LIVE}\" defer></script>\n</head>\n<body>\n<main>\n\
         <h1>The site did not build</h1>\n\
         <p>Fix the problems below and save: this page reloads by itself.</p>\n\
         <pre id=\"__plainsight-error\">{}</pre>\n</main>\n</body>\n</html>\n",
        escape(error)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::rebuild::Files;

    fn files(names: &[&str]) -> Files {
        names
            .iter()
            .map(|n| {
                let data = FileData::Bytes(n.as_bytes().to_vec());
                (PathBuf::from(n), std::sync::Arc::new(data))
            })
            .collect()
    }

    #[test]
    fn refuses_dot_segments() {
        assert_eq!(decode_path("/a/b.css?x=1#f"), Ok("/a/b.css".into()));
        assert_eq!(decode_path("/caf%C3%A9/"), Ok("/café/".into()));
        assert!(decode_path("/a%+1").is_err(), "a sign is no hex digit");
        assert!(decode_path("/a%-1").is_err());
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/",
            "/a/%2E%2E/%2e%2e/etc/passwd",
            "/a/./b",
            "/a%5c..%5cb",
            "/%00",
            "/%zz",
            "a/b",
            "*",
        ] {
            assert!(decode_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn looks_up_index_and_redirects_folders() {
        let f = files(&["index.html", "about/index.html", "css/site.css"]);
        assert_eq!(lookup(&f, "/"), Lookup::File("index.html".into()));
        assert_eq!(
            lookup(&f, "/about/"),
            Lookup::File("about/index.html".into())
        );
        assert_eq!(lookup(&f, "/about"), Lookup::AddSlash);
        assert_eq!(
            lookup(&f, "/css/site.css"),
            Lookup::File("css/site.css".into())
        );
        assert_eq!(lookup(&f, "/css/"), Lookup::NotFound);
        assert_eq!(lookup(&f, "/nope"), Lookup::NotFound);
    }

    #[test]
    fn a_redirect_never_names_another_host() {
        assert_eq!(add_slash("/about"), "/about/");
        assert_eq!(add_slash("/about?x=1#f"), "/about/?x=1");
        assert_eq!(add_slash("//priorities"), "/priorities/");
        assert_eq!(add_slash("///a//b?q"), "/a//b/?q");
        // Found by the fuzz target http_request: the root gave `//`.
        assert_eq!(add_slash("/"), "/");
        assert_eq!(add_slash("/\\evil.example"), "/evil.example/");
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("data/x.csv-metadata.json")),
            "application/json"
        );
        assert_eq!(content_type(Path::new("f.WOFF2")), "font/woff2");
        assert_eq!(
            content_type(Path::new("LICENSE")),
            "application/octet-stream"
        );
    }

    #[test]
    fn pages_are_stamped_with_their_build() {
        let page = b"<script src=\"/__plainsight/live.js\" defer></script>".to_vec();
        assert_eq!(
            stamp(page, "7-3"),
            b"<script src=\"/__plainsight/live.js?since=7-3\" defer></script>"
        );
        assert_eq!(stamp(vec![0xff, 0xfe], "7-3"), vec![0xff, 0xfe]);
    }

    #[test]
    fn error_page_escapes() {
        let p = error_page("<script>alert(1)</script>");
        assert!(p.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!p.contains("<script>alert"));
    }
}
