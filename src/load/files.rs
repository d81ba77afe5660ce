//! Reading the site's own files: text that must be UTF-8, and links that
//! must not lead out of the site. Every loader goes through here, so each
//! problem gets the same message wherever it turns up.

use std::path::Path;

use crate::diagnostic::Code;
use crate::diagnostic::display_path;
use crate::diagnostic::{Diagnostic, line_col, relative_to};

/// The largest file Plainsight reads: far beyond any page or published
/// table, so reaching it means a mistake (a whole database exported to
/// data/), which would otherwise be read, parsed and held several times over.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    utf8(read_bytes(root, rel)?, rel)
}

/// A file's bytes, refused when too big to be a page or a table.
pub fn read_bytes(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    if let Ok(m) = std::fs::metadata(root.join(rel))
        && m.len() > MAX_FILE_BYTES
    {
        return Err(Diagnostic::error(
            Code::FileTooBig,
            format!(
                "this file is {} MB; Plainsight reads files of up to {} MB",
                m.len().div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .in_file(rel)
        .hint("publish a summary table instead, or split the data into smaller files"));
    }
    std::fs::read(root.join(rel)).map_err(|e| {
        Diagnostic::error(Code::Io, format!("cannot read this file: {e}"))
            .in_file(rel)
            .hint("check that the file exists and can be read")
    })
}

/// The bytes as UTF-8 text without its byte-order mark, or a finding at the
/// first byte that is not UTF-8.
pub fn utf8(bytes: Vec<u8>, rel: &Path) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, col) = line_col(&lossy, valid);
            Err(Diagnostic::error(Code::NotUtf8, "this file is not valid UTF-8")
                .in_file(rel)
                .at(line, col)
                .hint("save it as UTF-8 (files from Word and Excel are often Windows-1252; in Excel choose \"CSV UTF-8\")"))
        }
    }
}

/// Whether `path` (after resolving links) lies inside `root`.
pub fn inside(root: &Path, path: &Path) -> std::io::Result<bool> {
    let root = root.canonicalize()?;
    let p = path.canonicalize()?;
    Ok(p.starts_with(root))
}

/// A finding for a symbolic link under `root` that points outside it.
pub fn link_outside(root: &Path, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
    if !entry.file_type().is_symlink() || inside(root, entry.path()).unwrap_or(false) {
        return None;
    }
    Some(
        Diagnostic::error(
            Code::PathOutside,
            "this symbolic link points outside the site",
        )
        .in_file(relative_to(root, entry.path()))
        .hint("copy the file into the site instead of linking to it"),
    )
}

/// A finding for a symbolic link that leads nowhere (its target is gone,
/// or links lead round in a loop). Without it such a link would be taken
/// for one that points outside the site.
pub fn broken_link(root: &Path, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
    if !entry.file_type().is_symlink() {
        return None;
    }
    let e = std::fs::metadata(entry.path()).err()?;
    let rel = crate::diagnostic::relative_to(root, entry.path());
    let target = std::fs::read_link(entry.path())
        .map(|t| display_path(&t))
        .unwrap_or_default();
    let message = if e.kind() == std::io::ErrorKind::NotFound {
        format!("this symbolic link points to nothing (`{target}` does not exist)")
    } else {
        format!("this symbolic link cannot be followed: {e}")
    };
    Some(
        Diagnostic::error(Code::Io, message)
            .in_file(rel)
            .hint("remove the link, or point it at a file inside the site"),
    )
}
