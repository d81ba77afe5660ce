//! `last_updated: git`: the date of the last commit that changed each page's
//! file, read with one `git log` over the whole history of `content/`
//! rather than one process per page. The git program is used, not a git
//! library: every machine that has the site's history has it (the author's
//! and CI's), and it reads every repository layout git itself writes
//! (worktrees, packed objects, shallow clones) with no dependency of ours
//! (docs/design.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::model::page::CONTENT_DIR;

/// Why the dates could not be read, in words for a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// No git program, or the site is not inside a repository.
    NotARepository(String),
    /// A shallow clone: its oldest commit would stand for every change
    /// before it. The dates read are kept.
    Shallow(BTreeMap<PathBuf, String>),
}

/// The date (`YYYY-MM-DD`, the committer's, as recorded) of the last commit
/// that changed each file under `content/`, by path relative to `root`.
/// Files never committed are absent: uncommitted changes are not dates.
pub fn last_commit_dates(root: &Path) -> Result<BTreeMap<PathBuf, String>, Trouble> {
    let shallow =
        git(root, &["rev-parse", "--is-shallow-repository"]).map_err(Trouble::NotARepository)?;
    // `%x00%cs` starts each commit with a NUL and its date; with -z the
    // names that follow end in NULs, and an empty name ends the list.
    let log = git(
        root,
        &[
            "-c",
            "log.showSignature=false",
            "log",
            "--no-renames",
            "--relative",
            "--name-only",
            "-z",
            "--format=%x00%cs",
            "--",
            CONTENT_DIR,
        ],
    )
    .map_err(Trouble::NotARepository)?;
    let dates = parse_log(&log);
    if shallow.trim() == "true" {
        return Err(Trouble::Shallow(dates));
    }
    Ok(dates)
}

/// `git log --name-only -z --format=%x00%cs` output, newest commit first:
/// the first date seen for a file is its last change.
fn parse_log(log: &str) -> BTreeMap<PathBuf, String> {
    let mut dates = BTreeMap::new();
    let mut date: Option<&str> = None;
    let mut header_next = true;
    for token in log.split('\0') {
        if token.is_empty() {
            header_next = true;
            continue;
        }
        if header_next {
            date = Some(token.trim());
            header_next = false;
            continue;
        }
        let name = token.trim_start_matches('\n');
        if let Some(d) = date
            && !name.is_empty()
        {
            dates
                .entry(PathBuf::from(name))
                .or_insert_with(|| d.to_string());
        }
    }
    dates
}

/// Runs git in `root`, its standard output as text; what went wrong, if not.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("git could not be run ({e})"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("").trim().to_string();
        return Err(if first.is_empty() {
            "git failed".into()
        } else {
            first
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_date_wins_and_names_may_have_spaces() {
        let log = "\x002024-03-04\x00\ncontent/a.md\x00content/b c.md\x00\x00\x002024-01-02\x00\ncontent/a.md\x00";
        let d = parse_log(log);
        assert_eq!(d[Path::new("content/a.md")], "2024-03-04");
        assert_eq!(d[Path::new("content/b c.md")], "2024-03-04");
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn commits_without_files_are_skipped() {
        let log = "\x002024-05-01\x00\x002024-03-04\x00\ncontent/a.md\x00";
        assert_eq!(parse_log(log)[Path::new("content/a.md")], "2024-03-04");
    }
}
