//! The write stage. A new output folder is written whole to a temporary
//! sibling and renamed into place. A folder Plainsight built before is
//! replaced in one atomic step where it is small enough and the system can
//! exchange two folders ([`swap`]: a complete new tree beside it, unchanged
//! files hard-linked, then one exchange), so a build killed at any moment
//! leaves the previous site or the new one, never a mix. A larger one is
//! updated in two phases instead: every changed or new file is first written
//! to a staging folder beside it, and only when all of them are written are
//! they renamed over their targets and stale files removed. Either way a
//! failed write leaves the previous output as it was, nothing outside the
//! folder is touched but our own temporary siblings, and on a rebuild files
//! that did not change are not written at all (docs/performance.md says why
//! that matters; docs/security.md says what a killed build leaves).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;

mod swap;

/// Marks a folder as Plainsight's output, so it may be replaced.
pub const MARKER: &str = ".plainsight-output";

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum FileData {
    Bytes(Vec<u8>),
    Static(&'static [u8]),
    /// Copied from this path (absolute or relative to the working directory).
    Copy(PathBuf),
}

impl FileData {
    /// The file's content: held in memory, or read from where it is copied
    /// from.
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            FileData::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
            FileData::Static(b) => std::borrow::Cow::Borrowed(*b),
            FileData::Copy(src) => std::borrow::Cow::Owned(std::fs::read(src)?),
        })
    }
}

/// A relative output path made only of plain names.
pub fn is_safe_relative(p: &Path) -> bool {
    !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    let hint = match e.kind() {
        std::io::ErrorKind::PermissionDenied => "check that you may write to this folder",
        std::io::ErrorKind::StorageFull => "the disk is full: free some space and build again",
        _ => "check the path and the disk",
    };
    Diagnostic::error(
        Code::Write,
        format!("cannot {what} {}: {e}", path.display()),
    )
    .hint(format!("{hint}; the previous output was left as it was"))
}

/// Writes `files` as the new content of `out`, atomically.
pub fn write_site(out: &Path, files: &BTreeMap<PathBuf, FileData>) -> Result<(), Diagnostic> {
    write_site_swapping(out, files, usize::MAX)
}

/// [`write_site`], swapping outputs of up to `swap_max` files and folders
/// whole. Every size is swapped: updating in place renamed files one by one,
/// and a build killed then (a window of 170 ms on a 1,115-page site) left a
/// mix of old and new files. The tests use 0 to reach the in-place update,
/// which remains for systems that cannot exchange two folders.
fn write_site_swapping(
    out: &Path,
    files: &BTreeMap<PathBuf, FileData>,
    swap_max: usize,
) -> Result<(), Diagnostic> {
    let out = through_link(&absolute(out))?;
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = out
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    refuse_foreign(&out)?;
    if let Some(rel) = files.keys().find(|p| !is_safe_relative(p)) {
        return Err(outside(rel));
    }
    std::fs::create_dir_all(&parent).map_err(|e| io_error("create", &parent, e))?;
    clean_leftovers(&parent, &name);
    let pid = std::process::id();
    let stage = parent.join(format!(".{name}.plainsight-stage-{pid}"));
    let tmp = parent.join(format!(".{name}.plainsight-tmp-{pid}"));
    let old = parent.join(format!(".{name}.plainsight-old-{pid}"));
    if out.join(MARKER).is_file() {
        if swap::entries(files) <= swap_max && swap::swap(&out, &tmp, files)? {
            return Ok(());
        }
        if update(&out, &stage, files)? == Update::Done {
            return Ok(());
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir(&tmp).map_err(|e| io_error("create", &tmp, e))?;
    let result = write_all(&tmp, files);
    if let Err(e) = result {
        swap::remove_tree(&tmp);
        return Err(e);
    }
    // Exchanged where the system can, so there is no moment without an
    // output; otherwise moved aside and replaced, a moment apart.
    if out.exists() {
        keep_permissions(&out, &tmp);
    }
    if out.exists() && swap::exchange(&tmp, &out).is_ok() {
        swap::remove_tree(&tmp);
        return Ok(());
    }
    if out.exists() {
        std::fs::rename(&out, &old).map_err(|e| {
            swap::remove_tree(&tmp);
            io_error("replace", &out, e)
        })?;
    }
    if let Err(e) = std::fs::rename(&tmp, &out) {
        // Put the previous output back.
        let _ = std::fs::rename(&old, &out);
        swap::remove_tree(&tmp);
        return Err(io_error("replace", &out, e));
    }
    swap::remove_tree(&old);
    Ok(())
}

/// Only a folder Plainsight built, or an empty one, may be replaced.
fn refuse_foreign(out: &Path) -> Result<(), Diagnostic> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(Diagnostic::error(
            Code::Write,
            format!("{} exists and is not a folder", out.display()),
        )
        .hint("choose another --out"));
    }
    let empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !empty && !out.join(MARKER).exists() {
        return Err(Diagnostic::error(
            Code::Write,
            format!(
                "{} already holds files that Plainsight did not write",
                out.display()
            ),
        )
        .hint(
            "choose an empty or new folder for --out; Plainsight only replaces folders it built",
        ));
    }
    Ok(())
}

fn outside(rel: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::Write,
        format!(
            "refusing to write outside the output folder: {}",
            rel.display()
        ),
    )
}

const MARKER_TEXT: &[u8] = b"Built by Plainsight. This folder is replaced on every build.\n";

/// Every folder that holds a file of the site, parents before children.
fn folders(files: &BTreeMap<PathBuf, FileData>) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for rel in files.keys() {
        for a in rel.ancestors().skip(1) {
            if a.as_os_str().is_empty() || !out.insert(a.to_path_buf()) {
                break;
            }
        }
    }
    out
}

/// Creates `dirs` under `root`, a level at a time so each level's folders
/// are made in parallel once their parents exist.
fn create_folders(root: &Path, dirs: &BTreeSet<PathBuf>) -> Result<(), Diagnostic> {
    let mut by_depth: BTreeMap<usize, Vec<&PathBuf>> = BTreeMap::new();
    for d in dirs {
        by_depth.entry(d.components().count()).or_default().push(d);
    }
    for level in by_depth.values() {
        level.par_iter().try_for_each(|d| {
            let full = root.join(d);
            match std::fs::create_dir(&full) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    Err(io_error("create", &full, e))
                }
                _ => Ok(()),
            }
        })?;
    }
    Ok(())
}

/// Writes one file. The bytes are already whole in memory, so one `write`
/// call does it; a buffer in between would only copy them.
fn write_file(path: &Path, data: &FileData) -> std::io::Result<()> {
    match data {
        FileData::Bytes(b) => std::fs::write(path, b),
        FileData::Static(b) => std::fs::write(path, b),
        FileData::Copy(src) => std::fs::copy(src, path).map(|_| ()),
    }
}

fn write_all(dir: &Path, files: &BTreeMap<PathBuf, FileData>) -> Result<(), Diagnostic> {
    create_folders(dir, &folders(files))?;
    files.par_iter().try_for_each(|(rel, data)| {
        if !is_safe_relative(rel) {
            return Err(outside(rel));
        }
        let path = dir.join(rel);
        write_file(&path, data).map_err(|e| io_error("write", &path, e))
    })?;
    std::fs::write(dir.join(MARKER), MARKER_TEXT)
        .map_err(|e| io_error("write", &dir.join(MARKER), e))
}

#[derive(Debug, PartialEq, Eq)]
enum Update {
    Done,
    /// A file must become a folder or the other way round (or the folder
    /// could not be read): the caller writes a fresh copy and swaps instead.
    Reshaped,
}

/// What an output folder holds, relative to it.
#[derive(Default)]
struct Tree {
    files: HashSet<PathBuf>,
    dirs: BTreeSet<PathBuf>,
}

fn scan(out: &Path) -> Option<Tree> {
    let mut t = Tree::default();
    for e in walkdir::WalkDir::new(out).follow_links(false).min_depth(1) {
        let e = e.ok()?;
        let rel = e.path().strip_prefix(out).ok()?.to_path_buf();
        if e.file_type().is_dir() {
            t.dirs.insert(rel);
        } else {
            t.files.insert(rel);
        }
    }
    Some(t)
}

/// Whether the file at `path` already holds exactly `data`.
fn unchanged(path: &Path, data: &FileData) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match data {
        FileData::Bytes(b) => meta.len() == b.len() as u64 && same_bytes(path, b),
        FileData::Static(b) => meta.len() == b.len() as u64 && same_bytes(path, b),
        FileData::Copy(src) => {
            std::fs::metadata(src).is_ok_and(|m| m.len() == meta.len() && same_files(src, path))
        }
    }
}

fn same_bytes(path: &Path, want: &[u8]) -> bool {
    std::fs::read(path).is_ok_and(|have| have == want)
}

/// Compares two files a block at a time, so a large asset is never held whole.
fn same_files(a: &Path, b: &Path) -> bool {
    let (Ok(mut fa), Ok(mut fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let (mut ba, mut bb) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let Ok(n) = read_full(&mut fa, &mut ba) else {
            return false;
        };
        if read_full(&mut fb, &mut bb[..n]).ok() != Some(n) || ba[..n] != bb[..n] {
            return false;
        }
        if n < ba.len() {
            // `a` has ended; `b` must end too.
            return fb.read(&mut bb[..1]).ok() == Some(0);
        }
    }
}

fn read_full(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Brings a folder Plainsight built before up to date in two phases.
///
/// Phase one writes every changed or new file into a staging folder beside
/// the output (`.public.plainsight-stage-…`, on the same file system); the
/// output folder is not touched, so if any write fails, or the build is
/// interrupted, the previous output is exactly as it was (an interrupted
/// build's staging folder is removed by the next build). Phase two makes any
/// new folders, renames each staged file over its target and removes what
/// the site no longer has: renames and removals only, which a full disk
/// cannot stop. Unchanged files are left alone: on a rebuild most files are,
/// and not writing them saves both the writes and the file-system churn of
/// replacing thousands of files and folders with new ones.
fn update(
    out: &Path,
    stage: &Path,
    files: &BTreeMap<PathBuf, FileData>,
) -> Result<Update, Diagnostic> {
    let Some(have) = scan(out) else {
        return Ok(Update::Reshaped);
    };
    let want_dirs = folders(files);
    let reshaped = files.keys().any(|f| have.dirs.contains(f))
        || want_dirs.iter().any(|d| have.files.contains(d));
    if reshaped {
        return Ok(Update::Reshaped);
    }
    let changed: Vec<(&PathBuf, &FileData)> = files
        .par_iter()
        .filter(|(rel, data)| !(have.files.contains(*rel) && unchanged(&out.join(rel), data)))
        .collect();
    let _ = std::fs::remove_dir_all(stage);
    std::fs::create_dir(stage).map_err(|e| io_error("create", stage, e))?;
    if !same_file_system(out, stage) {
        // A rename cannot cross file systems (`--out` is a mount point):
        // the fresh write reports that plainly if it cannot manage either.
        let _ = std::fs::remove_dir_all(stage);
        return Ok(Update::Reshaped);
    }
    // Staged files are named by their place in `changed`: no name of the
    // site's can clash with them and no folders are needed.
    let staged = |i: usize| stage.join(i.to_string());
    let written = changed
        .par_iter()
        .enumerate()
        .try_for_each(|(i, &(rel, data))| {
            write_file(&staged(i), data).map_err(|e| io_error("write", &out.join(rel), e))
        });
    let new_dirs: BTreeSet<PathBuf> = want_dirs.difference(&have.dirs).cloned().collect();
    let made = written.and_then(|()| create_folders(out, &new_dirs));
    if let Err(e) = made {
        for d in new_dirs.iter().rev() {
            let _ = std::fs::remove_dir(out.join(d));
        }
        let _ = std::fs::remove_dir_all(stage);
        return Err(e);
    }
    // Phase two. What can still fail is the folder changing under us, which
    // the message says.
    let partly = |what: &str, path: &Path, e: std::io::Error| {
        Diagnostic::error(Code::Write, format!("cannot {what} {}: {e}", path.display())).hint(
            "something changed the output folder during the build, which is now partly updated: build again",
        )
    };
    let renamed = changed
        .par_iter()
        .enumerate()
        .try_for_each(|(i, &(rel, _))| {
            let path = out.join(rel);
            std::fs::rename(staged(i), &path).map_err(|e| partly("replace", &path, e))
        });
    let _ = std::fs::remove_dir_all(stage);
    renamed?;
    let marker = Path::new(MARKER);
    for f in &have.files {
        if f != marker && !files.contains_key(f) {
            let path = out.join(f);
            std::fs::remove_file(&path).map_err(|e| partly("remove", &path, e))?;
        }
    }
    // Children sort after their parents, so in reverse each folder is
    // emptied before it is removed.
    for d in have.dirs.iter().rev() {
        if !want_dirs.contains(d) {
            let path = out.join(d);
            std::fs::remove_dir(&path).map_err(|e| partly("remove", &path, e))?;
        }
    }
    if std::fs::read(out.join(marker)).ok().as_deref() != Some(MARKER_TEXT) {
        std::fs::write(out.join(marker), MARKER_TEXT)
            .map_err(|e| io_error("write", &out.join(marker), e))?;
    }
    Ok(Update::Done)
}

#[cfg(unix)]
fn same_file_system(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file_system(_: &Path, _: &Path) -> bool {
    // No portable test: a failed first rename is then reported as a
    // partial update, which the next build repairs.
    true
}

/// Removes temporary folders left by an interrupted build of this output:
/// only folders (never a link) named exactly as we name them, and only those
/// of a process that is no longer running, so two builds of the same output
/// cannot remove each other's work.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(rd) = std::fs::read_dir(parent) else {
        return;
    };
    for e in rd.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && leftover_pid(&n, name).is_some_and(|pid| !is_running(pid)) {
            swap::remove_tree(&e.path());
        }
    }
}

/// The process id in `.NAME.plainsight-KIND-PID`, if `file` is named so.
fn leftover_pid(file: &str, name: &str) -> Option<u32> {
    let rest = file.strip_prefix(&format!(".{name}.plainsight-"))?;
    let (kind, pid) = rest.split_once('-')?;
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    if !["tmp", "old", "stage"].contains(&kind) || !digits {
        return None;
    }
    pid.parse().ok()
}

/// Whether another process with this id runs now. Our own id counts as not
/// running: a folder with it was left by an earlier process of that id.
#[cfg(target_os = "linux")]
fn is_running(pid: u32) -> bool {
    pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn is_running(_: u32) -> bool {
    // No portable test without another dependency: as before, a leftover
    // is taken for an interrupted build's.
    false
}

/// Gives the new output the permissions the previous one had (a folder made
/// read-only, or group-writable, on purpose stays so).
fn keep_permissions(from: &Path, to: &Path) {
    if let Ok(m) = std::fs::symlink_metadata(from) {
        let _ = std::fs::set_permissions(to, m.permissions());
    }
}

/// The folder a build writes to. A link at `--out` (`public` linked to the
/// web server's folder is a common deploy layout) is followed, and the swap
/// happens at its target with the link left in place: exchanging the link
/// itself would move it aside, and removing "the old output" would then
/// empty the live folder through it.
fn through_link(out: &Path) -> Result<PathBuf, Diagnostic> {
    let is_link = std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(out.to_path_buf());
    }
    std::fs::canonicalize(out).map_err(|e| {
        Diagnostic::error(
            Code::Write,
            format!(
                "{} is a link to a folder that cannot be reached: {e}",
                out.display()
            ),
        )
        .hint("make the folder the link points to, or remove the link and build again")
    })
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

#[cfg(test)]
mod tests;
