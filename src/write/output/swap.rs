//! Replacing the output folder in one atomic step: a complete new tree is
//! made beside it and the two folders are exchanged by a single system call
//! (`renameat2` with `RENAME_EXCHANGE`, Linux 3.15 and later). At every
//! moment the output path holds either the whole previous site or the whole
//! new one, even if the process is killed (SIGKILL, power aside), whatever
//! the site's size. Systems or file systems that cannot exchange two folders
//! fall back to the in-place update in `output.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{
    FileData, MARKER, MARKER_TEXT, create_folders, folders, io_error, is_safe_relative, outside,
    scan, unchanged, write_file,
};
use crate::diagnostic::Diagnostic;

/// How many files and folders an output of these files has.
pub(super) fn entries(files: &BTreeMap<PathBuf, FileData>) -> usize {
    files.len() + folders(files).len()
}

/// Exchanges the folders `a` and `b` atomically, through rustix's safe
/// wrapper of the system call.
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Makes the new site at `tmp` and swaps it with `out`. Files that did not
/// change are hard links to the ones in `out`: nothing is copied, and they
/// stay the very same files. Returns false, with `out` untouched and `tmp`
/// removed, where the two folders cannot be exchanged (another system, a
/// file system without the call, `out` a mount point); the caller then
/// updates in place.
pub(super) fn swap(
    out: &Path,
    tmp: &Path,
    files: &BTreeMap<PathBuf, FileData>,
) -> Result<bool, Diagnostic> {
    let _ = std::fs::remove_dir_all(tmp);
    std::fs::create_dir(tmp).map_err(|e| io_error("create", tmp, e))?;
    let have = scan(out).unwrap_or_default();
    let built = create_folders(tmp, &folders(files))
        .and_then(|()| {
            files.par_iter().try_for_each(|(rel, data)| {
                if !is_safe_relative(rel) {
                    return Err(outside(rel));
                }
                let (old, new) = (out.join(rel), tmp.join(rel));
                let same = have.files.contains(rel) && unchanged(&old, data);
                if same && std::fs::hard_link(&old, &new).is_ok() {
                    return Ok(());
                }
                write_file(&new, data).map_err(|e| io_error("write", &old, e))
            })
        })
        .and_then(|()| {
            std::fs::write(tmp.join(MARKER), MARKER_TEXT)
                .map_err(|e| io_error("write", &out.join(MARKER), e))
        });
    if let Err(e) = built {
        remove_tree(tmp);
        return Err(e);
    }
    super::keep_permissions(out, tmp);
    if exchange(tmp, out).is_err() {
        remove_tree(tmp);
        return Ok(false);
    }
    // `tmp` now holds the previous output. If the process dies here, the
    // next build clears it (`clean_leftovers`).
    remove_tree(tmp);
    Ok(true)
}

/// Removes a folder of ours and everything in it, its top-level entries in
/// parallel (removal is most of a swap's cost on a big site). A folder made
/// read-only (the previous output, exchanged out) is made writable first,
/// or it would stay beside the output for ever.
pub(super) fn remove_tree(dir: &Path) {
    // Never through a link: that would empty the folder it points to.
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        let _ = std::fs::remove_file(dir);
        return;
    }
    remove_entries(dir);
    if std::fs::remove_dir_all(dir).is_err() {
        make_writable(dir);
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn remove_entries(dir: &Path) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        let entries: Vec<(PathBuf, bool)> = rd
            .flatten()
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        entries.par_iter().for_each(|(p, is_dir)| {
            let _ = if *is_dir {
                std::fs::remove_dir_all(p)
            } else {
                std::fs::remove_file(p)
            };
        });
    }
}

/// Lets the owner change every folder under `dir` (links are not followed).
#[cfg(unix)]
fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for e in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
    {
        if e.file_type().is_dir() {
            let mode = e.metadata().map(|m| m.permissions().mode()).unwrap_or(0);
            let writable = std::fs::Permissions::from_mode(mode | 0o700);
            let _ = std::fs::set_permissions(e.path(), writable);
        }
    }
}

#[cfg(not(unix))]
fn make_writable(_: &Path) {}
