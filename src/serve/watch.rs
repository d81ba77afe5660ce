//! Watching the site's folders and rebuilding after each burst of saves.
//!
//! `content/`, `data/`, `themes/`, `templates/` and `static/` are watched
//! recursively; the site root only for `site.yaml` (editors often save it by
//! writing a new file and renaming it over the old one) and for those folders
//! being created or removed. Events are debounced for [`DEBOUNCE`], so a save
//! that touches several files (or one file several times) gives one rebuild;
//! a save by renaming gets [`RENAME_GRACE`] for the file to come back.
//!
//! Links are not followed when watches are set up: the build refuses links
//! anyway, and one link to a big folder (or to `/`) would otherwise spend
//! the user's whole inotify allowance. The root's parent folder is watched
//! too, so a site folder deleted (or renamed away) and made again is
//! noticed: its watches are set up afresh and the site rebuilt; while it is
//! missing, the rebuild fails and the tabs show the error overlay.
//!
//! Each rebuild re-renders, in memory, only what the change touches
//! ([`crate::pipeline::rebuild`]); see docs/serve.md.

use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

use super::State;
use crate::diagnostic::Code;
use crate::diagnostic::{self, Diagnostic, Diagnostics, Format};
use crate::pipeline::rebuild::{Outcome, Scope, Session};

/// Folders of the site whose every change triggers a rebuild; `i18n`
/// holds the site's own wording of the theme's messages.
pub const WATCHED: [&str; 6] = ["content", "data", "themes", "templates", "static", "i18n"];
/// The one file at the site root that matters.
pub const CONFIG: &str = "site.yaml";
/// How long a path must stay quiet before its change is acted on. Writing a
/// file, even in several pieces, takes well under this; what is left of the
/// time a save takes to reach the browser is mostly this wait, so it is short.
pub const DEBOUNCE: Duration = Duration::from_millis(3);
/// How often the debouncer looks for paths that have gone quiet.
pub const TICK: Duration = Duration::from_millis(2);
/// How long to wait for a saved file that has gone missing to come back:
/// editors that keep a backup (Vim, by default) save by renaming the file
/// away and writing a new one, and a rebuild in between would show a page
/// that has vanished.
pub const RENAME_GRACE: Duration = Duration::from_millis(100);
/// Stands for every file when the watcher has lost track of events.
const RESCAN: &str = "files (the watcher missed some events)";

/// Names editors and tools write beside the real files: never a reason to
/// rebuild. Hidden files (`.#name`, `.name.swp`, `.DS_Store`, `.git`), backups
/// (`name~`), Vim swap files and its `4913` write test, Emacs `#name#`.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name == "4913"
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// The site-relative name (with `/`) of a changed path, if the change can
/// affect the site. Everything else at the root (the output folder, `target/`,
/// `README.md`, …) is ignored.
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (first, rest) = parts.split_first()?;
    let top = WATCHED.contains(&first.as_str());
    if rest.is_empty() {
        return (top || first == CONFIG).then(|| first.clone());
    }
    if !top || rest.iter().any(|p| is_ignored_name(p)) {
        return None;
    }
    Some(parts.join("/"))
}

/// "a", "a and b", "a, b and c", "a, b, c and 2 more files".
pub fn describe(changed: &BTreeSet<String>) -> String {
    const SHOWN: usize = 3;
    let names: Vec<&str> = changed.iter().map(String::as_str).collect();
    match names.len() {
        0 => "nothing".into(),
        1 => names[0].into(),
        n if n <= SHOWN => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
        n => format!("{} and {} more files", names[..SHOWN].join(", "), n - SHOWN),
    }
}

fn watch_error(e: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(Code::Serve, format!("cannot watch the site's files: {e}"))
        .hint("on Linux, raise fs.inotify.max_user_watches if many folders are watched")
        .into()
}

/// The file-system watcher, set up before the first build so no save is lost.
pub(crate) struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    rx: Receiver<DebounceEventResult>,
}

impl Watcher {
    pub fn new(root: &Path) -> Result<Self, Diagnostics> {
        let (tx, rx) = mpsc::channel();
        let config = notify::Config::default().with_follow_symlinks(false);
        let debouncer =
            new_debouncer_opt(DEBOUNCE, Some(TICK), tx, RecommendedCache::new(), config)
                .map_err(watch_error)?;
        let mut watcher = Self {
            root: root.to_path_buf(),
            debouncer,
            rx,
        };
        if let Some(parent) = root.parent() {
            watcher
                .debouncer
                .watch(parent, RecursiveMode::NonRecursive)
                .map_err(watch_error)?;
        }
        watcher.watch_site().map_err(watch_error)?;
        Ok(watcher)
    }

    /// Watches the root (for `site.yaml` and its folders coming and going)
    /// and every watched folder in it.
    fn watch_site(&mut self) -> notify::Result<()> {
        self.debouncer
            .watch(&self.root, RecursiveMode::NonRecursive)?;
        for d in WATCHED {
            let p = self.root.join(d);
            if p.is_dir() {
                self.debouncer.watch(&p, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// Rebuilds after every burst of relevant changes until the server stops.
    pub fn spawn(
        mut self,
        state: Arc<State>,
        mut session: Session,
    ) -> Result<JoinHandle<()>, Diagnostics> {
        std::thread::Builder::new()
            .name("plainsight-watch".into())
            .spawn(move || {
                while !state.stopping() {
                    let first = match self.rx.recv_timeout(Duration::from_millis(100)) {
                        Ok(r) => r,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => break,
                    };
                    let mut changed = BTreeSet::new();
                    self.take(first, &mut changed, &state);
                    // Files saved together (a "save all", a branch switch) go
                    // quiet a moment apart: whatever the debouncer hands over
                    // within one more tick belongs to the same burst.
                    let settle = Instant::now() + TICK + Duration::from_millis(1);
                    loop {
                        let left = settle.saturating_duration_since(Instant::now());
                        match self.rx.recv_timeout(left) {
                            Ok(more) => self.take(more, &mut changed, &state),
                            Err(_) => break,
                        }
                    }
                    let deadline = Instant::now() + RENAME_GRACE;
                    while changed
                        .iter()
                        .any(|rel| rel != RESCAN && !self.root.join(rel).exists())
                    {
                        let left = deadline.saturating_duration_since(Instant::now());
                        match self.rx.recv_timeout(left) {
                            Ok(more) => self.take(more, &mut changed, &state),
                            Err(_) => break,
                        }
                    }
                    if !changed.is_empty() && !state.stopping() {
                        rebuild_and_report(&state, &mut session, Some(&changed));
                    }
                }
            })
            .map_err(watch_error)
    }

    /// Adds the relevant paths of one debounced batch to `changed`.
    fn take(&mut self, batch: DebounceEventResult, changed: &mut BTreeSet<String>, state: &State) {
        let events = match batch {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    state.log(&format!("warning: while watching files: {e}"));
                }
                return;
            }
        };
        for ev in events {
            if matches!(ev.kind, EventKind::Access(_)) {
                continue;
            }
            if ev.need_rescan() {
                changed.insert(RESCAN.into());
                continue;
            }
            let created = matches!(
                ev.kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
            );
            for p in &ev.paths {
                if *p == self.root {
                    self.root_changed(created, changed, state);
                    continue;
                }
                let Some(rel) = relevant(&self.root, p) else {
                    continue;
                };
                // A watched folder made (or put back) after start: watch inside it.
                if created && WATCHED.contains(&rel.as_str()) && p.is_dir() {
                    let _ = self.debouncer.watch(p, RecursiveMode::Recursive);
                }
                changed.insert(rel);
            }
        }
    }
}

impl Watcher {
    /// The site folder itself was made, moved or removed (seen from its
    /// parent). Made again: its old watches died with it, so set them up
    /// afresh. Either way the whole site is built again (and fails, showing
    /// the overlay, while the folder is missing).
    fn root_changed(&mut self, created: bool, changed: &mut BTreeSet<String>, state: &State) {
        if created && self.root.is_dir() {
            let _ = self.debouncer.unwatch(&self.root);
            for d in WATCHED {
                let _ = self.debouncer.unwatch(self.root.join(d));
            }
            if let Err(e) = self.watch_site() {
                state.log(&format!("warning: cannot watch the site again: {e}"));
            }
        }
        changed.insert(RESCAN.into());
    }
}

/// Brings the site in memory up to date. A good build replaces the site
/// being served and reloads the tabs; a failed one (or a panic) leaves the
/// last good site in place and sends the errors to the tabs. Prints one line
/// either way (after the errors, when there are some).
pub(crate) fn rebuild_and_report(
    state: &State,
    session: &mut Session,
    changed: Option<&BTreeSet<String>>,
) {
    let start = Instant::now();
    let result = panic::catch_unwind(AssertUnwindSafe(|| match changed {
        Some(c) => session.rebuild(c),
        None => session.build(),
    }));
    if result.is_err() {
        // A panic may have left the kept build half updated.
        session.reset();
    }
    let ms = start.elapsed().as_millis();
    let what = match changed {
        Some(c) => format!("rebuilt after {} changed", describe(c)),
        None => "built".to_string(),
    };
    let errors = match result {
        Ok(Ok(built)) if built.errors.is_empty() => {
            serve_built(state, built, changed.is_some(), &what, ms);
            return;
        }
        Ok(Ok(built)) => built.errors,
        Ok(Err(diags)) => diags,
        Err(payload) => panicked(payload.as_ref()),
    };
    let failed = match changed {
        Some(_) => what.replacen("rebuilt", "rebuild", 1),
        None => "build".into(),
    };
    report_errors(state, errors, &failed, ms);
}

/// Serves a good build, reloads the open tabs and logs what was rendered.
fn serve_built(state: &State, built: Outcome, rebuilt: bool, what: &str, ms: u128) {
    let pages = built.pages;
    let warnings = built.warnings;
    let in_step = state.in_step.swap(false, Ordering::SeqCst);
    let taken = match &built.changed {
        Some(changed) if in_step => {
            let previous = state.files();
            let taken =
                super::snapshot::take_changed(&built.files, changed, &state.root, &previous);
            // Let go first, or the update would copy the snapshot.
            drop(previous);
            taken.map(|c| state.update_files(c))
        }
        _ => super::snapshot::take(&built.files, &state.root, &state.files())
            .map(|s| state.set_files(s)),
    };
    match taken {
        Ok(()) => state.in_step.store(true, Ordering::SeqCst),
        Err(why) => {
            let failed = what.replacen("rebuilt", "rebuild", 1);
            let failed = if rebuilt { failed } else { "build".into() };
            return report_errors(
                state,
                Diagnostic::error(Code::Serve, why).into(),
                &failed,
                ms,
            );
        }
    }
    state.hub.reload();
    let mut line = match (rebuilt, &built.scope) {
        (false, _) => format!("built {pages} pages in {ms} ms"),
        (true, Scope::Partial) => format!(
            "{what}: rendered {} of {pages} page{} in {ms} ms",
            built.rendered,
            if pages == 1 { "" } else { "s" }
        ),
        (true, Scope::Full(why)) => {
            format!("{what}: rendered all {pages} pages in {ms} ms ({why})")
        }
    };
    if warnings > 0 {
        line.push_str(&format!(
            " ({warnings} warning{}: `plainsight check` lists them)",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    state.log(&line);
}

/// Sends the errors (not the warnings) to the open tabs and the log;
/// `failed` names what failed ("build", "rebuild after a.md changed").
fn report_errors(state: &State, errors: Diagnostics, failed: &str, ms: u128) {
    // What is served is now behind the session's files: the next good
    // build is taken whole.
    state.in_step.store(false, Ordering::SeqCst);
    let errors = Diagnostics(errors.0.into_iter().filter(Diagnostic::is_error).collect());
    // Colour escape codes would show as text in the page.
    let plain = diagnostic::render(&errors, Format::Human, &state.root, false);
    state.hub.error(&plain);
    let shown = if state.color {
        diagnostic::render(&errors, Format::Human, &state.root, true)
    } else {
        plain
    };
    let n = errors.errors();
    let serving = if state.files().is_empty() {
        "nothing to serve until it builds"
    } else {
        "still serving the last good version"
    };
    state.log(&format!(
        "{shown}{failed} failed: {n} error{} in {ms} ms; {serving}",
        if n == 1 { "" } else { "s" },
    ));
}

fn panicked(payload: &(dyn std::any::Any + Send)) -> Diagnostics {
    Diagnostic::error(
        Code::Internal,
        format!(
            "Plainsight stopped while building: {}",
            panic_message(payload)
        ),
    )
    .hint("this is a bug in Plainsight: please report it, with the change you just saved")
    .into()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "an unexpected error".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_files_are_relevant() {
        let root = Path::new("/site");
        let r = |p: &str| relevant(root, &root.join(p));
        assert_eq!(r("content/_index.md").as_deref(), Some("content/_index.md"));
        assert_eq!(r("site.yaml").as_deref(), Some("site.yaml"));
        assert_eq!(
            r("themes/default/templates/base.html").as_deref(),
            Some("themes/default/templates/base.html")
        );
        assert_eq!(r("content").as_deref(), Some("content"));
        assert_eq!(r("i18n/cy.yaml").as_deref(), Some("i18n/cy.yaml"));
        assert_eq!(r("i18n").as_deref(), Some("i18n"));
        for ignored in [
            "public/index.html",
            "target/debug/x",
            "README.md",
            ".site.yaml.swp",
            "content/.#_index.md",
            "content/_index.md~",
            "content/.about.md.swp",
            "content/.about.md.swx",
            "content/4913",
            "content/#about.md#",
            "content/.git/HEAD",
            "i18n/.cy.yaml.swp",
        ] {
            assert_eq!(r(ignored), None, "{ignored}");
        }
        assert_eq!(relevant(root, Path::new("/elsewhere/content/a.md")), None);
    }

    #[test]
    fn describes_changes() {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(describe(&set(&["a"])), "a");
        assert_eq!(describe(&set(&["a", "b"])), "a and b");
        assert_eq!(describe(&set(&["a", "b", "c"])), "a, b and c");
        assert_eq!(
            describe(&set(&["a", "b", "c", "d", "e"])),
            "a, b, c and 2 more files"
        );
    }
}
