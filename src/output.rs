//! The write stage: the whole site is written to a temporary sibling of the
//! output folder, then swapped into place, so a failed or interrupted build
//! never leaves half a site and never touches anything outside that folder.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;

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
    Diagnostic::error("write", format!("cannot {what} {}: {e}", path.display()))
        .hint(format!("{hint}; the previous output was left as it was"))
}

/// Writes `files` as the new content of `out`, atomically.
pub fn write_site(out: &Path, files: &BTreeMap<PathBuf, FileData>) -> Result<(), Diagnostic> {
    let out = absolute(out);
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = out
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    if out.exists() {
        if !out.is_dir() {
            return Err(Diagnostic::error(
                "write",
                format!("{} exists and is not a folder", out.display()),
            )
            .hint("choose another --out"));
        }
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).exists() {
            return Err(Diagnostic::error(
                "write",
                format!("{} already holds files that Plainsight did not write", out.display()),
            )
            .hint("choose an empty or new folder for --out; Plainsight only replaces folders it built"));
        }
    }
    std::fs::create_dir_all(&parent).map_err(|e| io_error("create", &parent, e))?;
    clean_leftovers(&parent, &name);
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.plainsight-tmp-{pid}"));
    let old = parent.join(format!(".{name}.plainsight-old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir(&tmp).map_err(|e| io_error("create", &tmp, e))?;
    let result = write_all(&tmp, files);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(&out, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            io_error("replace", &out, e)
        })?;
    }
    if let Err(e) = std::fs::rename(&tmp, &out) {
        // Put the previous output back.
        let _ = std::fs::rename(&old, &out);
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io_error("replace", &out, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn write_all(dir: &Path, files: &BTreeMap<PathBuf, FileData>) -> Result<(), Diagnostic> {
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        let full = dir.join(d);
        std::fs::create_dir_all(&full).map_err(|e| io_error("create", &full, e))?;
    }
    files.par_iter().try_for_each(|(rel, data)| {
        if !is_safe_relative(rel) {
            return Err(Diagnostic::error(
                "write",
                format!(
                    "refusing to write outside the output folder: {}",
                    rel.display()
                ),
            ));
        }
        let path = dir.join(rel);
        let write = |bytes: &[u8]| -> std::io::Result<()> {
            let f = std::fs::File::create(&path)?;
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, f);
            w.write_all(bytes)?;
            w.flush()
        };
        match data {
            FileData::Bytes(b) => write(b),
            FileData::Static(b) => write(b),
            FileData::Copy(src) => std::fs::copy(src, &path).map(|_| ()),
        }
        .map_err(|e| io_error("write", &path, e))
    })?;
    std::fs::write(
        dir.join(MARKER),
        b"Built by Plainsight. This folder is replaced on every build.\n",
    )
    .map_err(|e| io_error("write", &dir.join(MARKER), e))
}

/// Removes temporary folders left by an interrupted build of this output.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(rd) = std::fs::read_dir(parent) else {
        return;
    };
    for e in rd.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        let ours = n.starts_with(&format!(".{name}.plainsight-tmp-"))
            || n.starts_with(&format!(".{name}.plainsight-old-"));
        if ours && e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
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
mod tests {
    use super::*;

    #[test]
    fn safe_paths() {
        assert!(is_safe_relative(Path::new("a/b/index.html")));
        assert!(!is_safe_relative(Path::new("../x")));
        assert!(!is_safe_relative(Path::new("/etc/x")));
        assert!(!is_safe_relative(Path::new("")));
    }

    #[test]
    fn refuses_foreign_folder_and_swaps_own() {
        let t = tempdir();
        let out = t.join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("keep.txt"), "mine").unwrap();
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("index.html"), FileData::Bytes(b"hi".to_vec()));
        assert!(write_site(&out, &files).is_err());
        assert!(out.join("keep.txt").exists());
        std::fs::remove_file(out.join("keep.txt")).unwrap();
        write_site(&out, &files).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"hi");
        files.insert(PathBuf::from("a/b.html"), FileData::Bytes(b"x".to_vec()));
        write_site(&out, &files).unwrap();
        assert!(out.join("a/b.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(&t)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name() != "public")
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&t).unwrap();
    }

    fn tempdir() -> PathBuf {
        let p = std::env::temp_dir().join(format!("plainsight-out-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        p
    }
}
