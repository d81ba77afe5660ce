//! What the preview serves: the files of the last good build, as that build
//! checked them.
//!
//! A build lists static files and assets by the path they are copied from;
//! reading that path again on every request would serve whatever the disk
//! holds now, a link to a file outside the site included, even while the
//! rebuild that refused the link keeps the last good site on screen. So when
//! a build succeeds, each such file is taken once, refusing links (the last
//! part, by comparing the file opened with the one `lstat` saw; the folders
//! above, by its real path lying inside the site):
//!
//! - a file of up to [`HOLD_MAX`] is read into memory, shared by every
//!   request;
//! - a bigger one (a long PDF, a video) is kept open, and requests read that
//!   open file: a later link or rename at its path cannot redirect it.
//!   Edits written into the same file are served (it is the one the build
//!   checked, inside the site); a rebuild follows them anyway.
//!
//! A file unchanged since the last good build (same file, size and time) is
//! not read again, so a save costs only the files it changed.

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::Files;
use crate::write::output::FileData;

/// Files up to this size are held in memory; bigger ones are kept open.
pub const HOLD_MAX: u64 = 16 * 1024 * 1024;

/// One file as served.
#[derive(Clone)]
pub enum Body {
    /// Rendered by the build, or built into the binary.
    Built(Arc<FileData>),
    /// A static file or asset read when its build succeeded.
    Held(Arc<Vec<u8>>, Identity),
    /// A big one, open since its build succeeded; served up to this length.
    Open(Arc<File>, u64, Identity),
}

impl Body {
    fn identity(&self) -> Option<&Identity> {
        match self {
            Body::Held(_, id) | Body::Open(_, _, id) => Some(id),
            Body::Built(_) => None,
        }
    }
}

/// Which file, as it was when taken: the same file with the same size and
/// time need not be read again.
#[derive(Clone, PartialEq, Eq)]
pub struct Identity {
    source: PathBuf,
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<SystemTime>,
}

impl Identity {
    fn of(source: &Path, m: &Metadata) -> Self {
        let (device, inode) = file_id(m);
        Identity {
            source: source.to_path_buf(),
            device,
            inode,
            len: m.len(),
            modified: m.modified().ok(),
        }
    }
}

#[cfg(unix)]
fn file_id(m: &Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn file_id(_: &Metadata) -> (u64, u64) {
    (0, 0)
}

/// Every file of the last good build, by output path.
pub type Served = BTreeMap<PathBuf, Body>;

/// Takes the files of a good build under `root` (canonical), reusing what
/// `previous` holds of files that have not changed. `Err` names the file
/// that could not be taken and why; the build is then not served.
pub fn take(files: &Files, root: &Path, previous: &Served) -> Result<Served, String> {
    let before: HashMap<&Path, &Body> = previous
        .values()
        .filter_map(|b| Some((b.identity()?.source.as_path(), b)))
        .collect();
    let mut served = Served::new();
    for (rel, data) in files {
        let body = body(rel, data, root, |source| before.get(source).copied())?;
        served.insert(rel.clone(), body);
    }
    Ok(served)
}

/// Takes the files a partial rebuild wrote (`changed`), to be put over
/// the snapshot `previous` (see [`take`]): a one-page edit of a big site
/// then costs that page, not a new map of every file.
pub fn take_changed(
    files: &Files,
    changed: &std::collections::BTreeSet<PathBuf>,
    root: &Path,
    previous: &Served,
) -> Result<Vec<(PathBuf, Body)>, String> {
    let mut out = Vec::with_capacity(changed.len());
    for rel in changed {
        let Some(data) = files.get(rel) else {
            continue;
        };
        let body = body(rel, data, root, |source| {
            (previous.get(rel)).filter(|b| b.identity().is_some_and(|id| id.source == source))
        })?;
        out.push((rel.clone(), body));
    }
    Ok(out)
}

/// What is served at `rel` for `data`: a built file as it is, a copied one
/// taken from its source, reusing `old(source)` if it has not changed.
fn body<'a>(
    rel: &Path,
    data: &Arc<FileData>,
    root: &Path,
    old: impl FnOnce(&Path) -> Option<&'a Body>,
) -> Result<Body, String> {
    match &**data {
        FileData::Copy(source) => take_one(source, root, old(source))
            .map_err(|why| format!("cannot serve {}: {why}", rel.display())),
        _ => Ok(Body::Built(Arc::clone(data))),
    }
}

/// Takes one file copied from `source`, if it is a plain file inside `root`.
fn take_one(source: &Path, root: &Path, old: Option<&Body>) -> Result<Body, String> {
    let seen = std::fs::symlink_metadata(source).map_err(|e| e.to_string())?;
    if !seen.file_type().is_file() {
        return Err("it is not a plain file (a link, perhaps) any more".into());
    }
    let id = Identity::of(source, &seen);
    if let Some(old) = old
        && old.identity() == Some(&id)
    {
        return Ok(old.clone());
    }
    let mut file = File::open(source).map_err(|e| e.to_string())?;
    let opened = file.metadata().map_err(|e| e.to_string())?;
    let real = source.canonicalize().map_err(|e| e.to_string())?;
    let at_real = std::fs::metadata(&real).map_err(|e| e.to_string())?;
    if !real.starts_with(root) {
        return Err(format!("it lies outside the site, at {}", real.display()));
    }
    if file_id(&opened) != file_id(&seen) || file_id(&at_real) != file_id(&seen) {
        return Err("it was replaced while being read".into());
    }
    let id = Identity::of(source, &opened);
    if opened.len() > HOLD_MAX {
        return Ok(Body::Open(Arc::new(file), opened.len(), id));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(HOLD_MAX)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(Body::Held(Arc::new(bytes), id))
}

#[cfg(test)]
mod tests;
