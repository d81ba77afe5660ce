//! Reusing the last build's search index when no indexed page changed.
//!
//! Pagefind cannot update an index, so any change to any page's text means
//! indexing the whole site again; but a build whose indexed pages are the
//! same, byte for byte, as the last build's (run twice, or rebuilt on CI
//! after a change that touched no page) would make the same index, and can
//! take it from the output folder instead. Beside the index, [`KEY_FILE`]
//! records what it was made from: a digest of every indexed page's URL and
//! HTML, the site's language and the indexer's version, then the index's
//! files, one a line. Only those files are read back, only from a folder
//! Plainsight built, and never through a symbolic link.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha1::{Digest, Sha1};

use crate::write::output::{FileData, MARKER, is_safe_relative};

/// The record of what the index was made from, under the output folder.
pub const KEY_FILE: &str = "pagefind/plainsight-index.txt";

/// Changed whenever what the index is made from changes in a way the
/// digest cannot see (the indexer's settings or its patches).
const FORMAT: &str = "plainsight-search-index 1";

/// The digest of what the index is made from. Each page is hashed on its
/// own, in parallel, and the page digests in URL order make the key.
pub fn key(docs: &[(&str, &[u8])], language: &str, settings: &str) -> String {
    let pages: Vec<[u8; 20]> = docs
        .par_iter()
        .map(|(url, html)| {
            let mut h = Sha1::new();
            h.update((url.len() as u64).to_le_bytes());
            h.update(url.as_bytes());
            h.update(html);
            h.finalize().into()
        })
        .collect();
    let mut h = Sha1::new();
    for part in [FORMAT, env!("CARGO_PKG_VERSION"), language, settings] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    for p in &pages {
        h.update(p);
    }
    h.finalize().iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The [`KEY_FILE`] for an index of `files` (output paths) made from `key`.
pub fn record(key: &str, files: &BTreeMap<PathBuf, FileData>) -> (PathBuf, FileData) {
    let mut text = format!("{key}\n");
    for path in files.keys() {
        text.push_str(&path.to_string_lossy().replace('\\', "/"));
        text.push('\n');
    }
    (PathBuf::from(KEY_FILE), FileData::Bytes(text.into_bytes()))
}

/// The previous build's index files, by output path, if `out` holds an
/// index made from the same `key` with every file it lists; `None`
/// otherwise, and on anything unexpected (the caller then indexes).
pub fn previous(out: &Path, key: &str) -> Option<BTreeMap<PathBuf, FileData>> {
    // A folder Plainsight built, reached without following a link.
    for path in [out.to_path_buf(), out.join(MARKER), out.join(KEY_FILE)] {
        if std::fs::symlink_metadata(&path)
            .ok()?
            .file_type()
            .is_symlink()
        {
            return None;
        }
    }
    let text = std::fs::read_to_string(out.join(KEY_FILE)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != key {
        return None;
    }
    let mut files = BTreeMap::new();
    for line in lines {
        let rel = PathBuf::from(line);
        if !is_safe_relative(&rel) || !rel.starts_with(crate::write::search_index::DIR) {
            return None;
        }
        let mut path = out.to_path_buf();
        for part in rel.components() {
            path.push(part);
            if std::fs::symlink_metadata(&path)
                .ok()?
                .file_type()
                .is_symlink()
            {
                return None;
            }
        }
        let bytes = std::fs::read(&path).ok()?;
        files.insert(rel, FileData::Bytes(bytes));
    }
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_changes_with_any_page_language_or_setting() {
        let base = key(&[("/a/", b"<p>one</p>"), ("/b/", b"two")], "en", "s");
        assert_eq!(
            base,
            key(&[("/a/", b"<p>one</p>"), ("/b/", b"two")], "en", "s")
        );
        for other in [
            key(&[("/a/", b"<p>one</p>"), ("/b/", b"twO")], "en", "s"),
            key(&[("/a/", b"<p>one</p>")], "en", "s"),
            key(&[("/a/", b"<p>one</p>"), ("/c/", b"two")], "en", "s"),
            // The same bytes split differently between URL and page.
            key(&[("/a/<", b"p>one</p>"), ("/b/", b"two")], "en", "s"),
            key(&[("/a/", b"<p>one</p>"), ("/b/", b"two")], "cy", "s"),
            key(&[("/a/", b"<p>one</p>"), ("/b/", b"two")], "en", "t"),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn only_a_matching_record_with_every_file_is_reused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("pagefind/index")).unwrap();
        std::fs::write(out.join(MARKER), "m").unwrap();
        std::fs::write(out.join("pagefind/index/a.pf_index"), "A").unwrap();
        let mut files = BTreeMap::new();
        files.insert(
            PathBuf::from("pagefind/index/a.pf_index"),
            FileData::Bytes(b"A".to_vec()),
        );
        let (path, data) = record("k1", &files);
        let FileData::Bytes(text) = data else {
            unreachable!()
        };
        std::fs::write(out.join(&path), &text).unwrap();
        let got = previous(&out, "k1").expect("reused");
        assert_eq!(got.len(), 1);
        assert!(previous(&out, "k2").is_none(), "another key");
        std::fs::remove_file(out.join("pagefind/index/a.pf_index")).unwrap();
        assert!(previous(&out, "k1").is_none(), "a listed file is missing");
        // A listed path outside pagefind/ is refused.
        std::fs::write(out.join(&path), "k1\n../secret\n").unwrap();
        assert!(previous(&out, "k1").is_none());
        std::fs::write(out.join(&path), "k1\nsite.yaml\n").unwrap();
        assert!(previous(&out, "k1").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_read_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(out.join("pagefind")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(out.join(MARKER), "m").unwrap();
        std::fs::write(elsewhere.join("x"), "secret").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("pagefind/index")).unwrap();
        std::fs::write(out.join(KEY_FILE), "k\npagefind/index/x\n").unwrap();
        assert!(previous(&out, "k").is_none());
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        std::fs::write(out.join(KEY_FILE), "k\n").unwrap();
        assert!(previous(&out, "k").is_some());
        assert!(previous(&link, "k").is_none(), "the output is a link");
    }
}
