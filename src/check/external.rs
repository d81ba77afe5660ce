//! `plainsight check --external`: links to other sites, checked over the
//! network. Never part of the default run (it is slow, needs the network, and
//! a site that is down for an hour should not block an unrelated fix).
//!
//! Each distinct URL (the `#fragment` left off) is asked for once, with
//! [`Settings::concurrency`] requests at most under way and a time limit on
//! each: first `HEAD`, then `GET` if the server refuses or fails `HEAD` (many
//! do). Redirects are followed. A link is broken when the final answer is an
//! HTTP error, the host does not exist or refuses the connection, or nothing
//! comes back in time; it is then reported at every place it is written, as
//! a `broken-external-link` warning (an error with `--strict`).
//!
//! "429 Too Many Requests" is not reported: it says nothing about the link.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::site::Site;
use crate::render::RenderedPage;

/// The longest wait for one external site (`--external-timeout`).
pub const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

/// How the external check behaves.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Requests under way at once.
    pub concurrency: usize,
    /// The longest wait for one request, redirects included.
    pub timeout: Duration,
    /// Redirects followed before a link counts as broken.
    pub max_redirects: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            concurrency: 8,
            timeout: Duration::from_secs(10),
            max_redirects: 10,
        }
    }
}

/// One place a link is written.
#[derive(Debug, Clone)]
struct Place {
    file: PathBuf,
    line: usize,
    column: usize,
    /// The URL as written there.
    written: String,
}

/// Why a link is broken.
#[derive(Debug, Clone, PartialEq)]
enum Broken {
    Status(u16),
    Timeout,
    Failed(String),
}

/// Every external link of the site, checked; findings for the broken ones.
pub fn check(site: &Site, pages: &[RenderedPage], settings: &Settings) -> Diagnostics {
    let places = collect(site, pages);
    let urls: Vec<&String> = places.keys().collect();
    let outcomes = probe_all(&urls, settings);
    let mut d = Diagnostics::new();
    for (url, outcome) in urls.iter().zip(outcomes) {
        let Some(broken) = outcome else { continue };
        for p in &places[*url] {
            d.push(finding(p, &broken, settings));
        }
    }
    d.sorted()
}

fn finding(p: &Place, broken: &Broken, settings: &Settings) -> Diagnostic {
    let (why, hint) = match broken {
        Broken::Status(404 | 410) => (
            "the page is not there (HTTP 404)".to_string(),
            "find where the page has moved to and link there, or remove the link",
        ),
        Broken::Status(code) if *code >= 500 => (
            format!("the site answered with a server error (HTTP {code})"),
            "the other site may be down for now: check the link in a browser and run the check again later",
        ),
        Broken::Status(code) => (
            format!("the site refused it (HTTP {code})"),
            "open the link in a browser: if it works there the site may refuse automated checks, otherwise fix or remove it",
        ),
        Broken::Timeout => (
            match settings.timeout.as_secs().max(1) {
                1 => "no answer within 1 second".to_string(),
                n => format!("no answer within {n} seconds"),
            },
            "the other site may be slow or down: check the link in a browser, or allow longer with --external-timeout",
        ),
        Broken::Failed(e) => (
            format!("it could not be reached: {e}"),
            "check the address for typos; if it is right, the site may have closed",
        ),
    };
    Diagnostic::warning(
        Code::BrokenExternalLink,
        format!("the link `{}` is broken: {why}", p.written),
    )
    .in_file(&p.file)
    .at(p.line, p.column)
    .hint(hint)
}

/// External URLs (without fragment) and where each is written: links and
/// images in Markdown, and each dataset's `source_url`.
fn collect(site: &Site, pages: &[RenderedPage]) -> BTreeMap<String, Vec<Place>> {
    let mut out: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for p in pages {
        let Some(src) = &p.source else { continue };
        for l in &p.links {
            if let Some(key) = request_url(&l.item.url) {
                out.entry(key).or_default().push(Place {
                    file: src.clone(),
                    line: l.line,
                    column: l.column,
                    written: l.item.url.trim().to_string(),
                });
            }
        }
    }
    for ds in site.datasets.tables.values() {
        for w in super::cell_links::written(site, ds) {
            if let Some(key) = request_url(&w.url) {
                out.entry(key).or_default().push(Place {
                    file: w.file,
                    line: w.line,
                    column: w.column,
                    written: w.url.trim().to_string(),
                });
            }
        }
        let (Some(url), Some(sidecar)) = (&ds.meta.source_url, &ds.sidecar_path) else {
            continue;
        };
        let Some(key) = request_url(url) else {
            continue;
        };
        let text = crate::load::files::read_text(site.root(), sidecar).unwrap_or_default();
        let line = crate::load::yaml::key_line(&text, "source_url");
        let column = text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.find(url.as_str()))
            .map(|i| i + 1)
            .unwrap_or(1);
        out.entry(key).or_default().push(Place {
            file: sidecar.clone(),
            line,
            column,
            written: url.clone(),
        });
    }
    out
}

/// The URL to ask for, if `url` is an external http(s) link: trimmed, with
/// any `#fragment` left off (the server never sees it).
fn request_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let url = url.split('#').next().unwrap_or(url);
    Some(url.to_string())
}

/// Checks every URL, `settings.concurrency` at a time. The result at `i` is
/// for `urls[i]`: None when the link works.
fn probe_all(urls: &[&String], settings: &Settings) -> Vec<Option<Broken>> {
    // The HTTP client adds the timeout to the clock and panics if that
    // overflows (`u64::MAX` seconds did), so a caller's value is held to
    // the hour the command line allows.
    let timeout = settings.timeout.min(MAX_TIMEOUT);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(settings.max_redirects)
        // Statuses are read here, not turned into errors.
        .http_status_as_error(false)
        .user_agent(concat!("plainsight-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let results: Mutex<Vec<Option<Broken>>> = Mutex::new(vec![None; urls.len()]);
    let next = AtomicUsize::new(0);
    let workers = settings.concurrency.clamp(1, urls.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let outcome = probe(&agent, url);
                    match results.lock() {
                        Ok(mut r) => r[i] = outcome,
                        Err(e) => e.into_inner()[i] = outcome,
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// HEAD, then GET when HEAD did not give a good answer (except when it timed
/// out: a server that does not answer at all will not answer a GET either,
/// and waiting twice would double the cost of every dead site).
fn probe(agent: &ureq::Agent, url: &str) -> Option<Broken> {
    match ask(agent.head(url).call()) {
        None => None,
        Some(Broken::Timeout) => Some(Broken::Timeout),
        Some(_) => ask(agent.get(url).call()),
    }
}

fn ask(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Option<Broken> {
    match r {
        Ok(resp) => {
            let code = resp.status().as_u16();
            if code < 400 || code == 429 {
                None
            } else {
                Some(Broken::Status(code))
            }
        }
        Err(ureq::Error::Timeout(_)) => Some(Broken::Timeout),
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
            Some(Broken::Timeout)
        }
        Err(ureq::Error::HostNotFound) => Some(Broken::Failed("the host does not exist".into())),
        Err(ureq::Error::TooManyRedirects) => Some(Broken::Failed(
            "it redirects too many times (a redirect loop?)".into(),
        )),
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            Some(Broken::Failed("the server refused the connection".into()))
        }
        Err(e) => Some(Broken::Failed(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_without_fragment() {
        assert_eq!(
            request_url(" https://example.org/a#b "),
            Some("https://example.org/a".into())
        );
        assert_eq!(
            request_url("HTTP://example.org/"),
            Some("HTTP://example.org/".into())
        );
        assert_eq!(request_url("/local/"), None);
        assert_eq!(request_url("mailto:a@b.c"), None);
        assert_eq!(request_url("ftp://example.org/"), None);
        assert_eq!(request_url("é"), None);
    }
}
