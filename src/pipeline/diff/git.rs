//! The git side of `diff`: finding the repository, the revision to compare
//! with, and the site's folder as it was then.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};

pub(super) struct Repo {
    /// The site's folder.
    root: PathBuf,
    /// The site's folder inside the repository (`examples/kent/`), or empty.
    prefix: String,
    /// The repository's top folder: `git archive` is run there, since run
    /// in a sub-folder it takes that folder's files only, whatever the tree.
    top: PathBuf,
}

fn error(msg: impl Into<String>, hint: &str) -> Diagnostics {
    Diagnostic::error(Code::Diff, msg)
        .hint(hint.to_string())
        .into()
}

/// Runs git in `dir`; its standard output, or its first line of complaint.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("git could not be run: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(err.lines().next().unwrap_or("").trim().to_string())
    }
}

impl Repo {
    /// The repository holding the site's folder.
    pub(super) fn find(root: &Path) -> Result<Repo, Diagnostics> {
        let prefix = git(root, &["rev-parse", "--show-prefix"]).map_err(|e| {
            error(
                format!("{} is not inside a git repository ({e})", root.display()),
                "`diff` compares the site with an earlier commit: run it in the site's git repository",
            )
        })?;
        let top = git(root, &["rev-parse", "--show-toplevel"]).map_err(|e| {
            error(
                format!(
                    "{} is not inside a git repository's work tree ({e})",
                    root.display()
                ),
                "run `diff` in a checkout of the site's repository",
            )
        })?;
        Ok(Repo {
            root: root.to_path_buf(),
            prefix,
            top: PathBuf::from(top),
        })
    }

    /// The revision compared with when none is given: on a pull request in
    /// GitHub Actions, where the branch left the target branch
    /// (GITHUB_BASE_REF); otherwise the commit before this one.
    pub(super) fn default_revision(&self) -> Result<String, Diagnostics> {
        if let Some(base) = std::env::var("GITHUB_BASE_REF")
            .ok()
            .filter(|b| !b.is_empty())
        {
            for target in [format!("origin/{base}"), base.clone()] {
                if let Ok(mb) = git(&self.root, &["merge-base", "HEAD", &target]) {
                    return Ok(mb);
                }
            }
            return Err(error(
                format!("cannot find where this branch left `{base}`"),
                "fetch the target branch first (actions/checkout with `fetch-depth: 0`), or name a revision: `plainsight diff origin/main`",
            ));
        }
        Ok("HEAD~1".to_string())
    }

    /// The commit `rev` names, checked.
    pub(super) fn commit(&self, rev: &str) -> Result<String, Diagnostics> {
        let spec = format!("{rev}^{{commit}}");
        git(&self.root, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec]).map_err(|_| {
            let hint = if rev.starts_with("HEAD~") || rev.starts_with("HEAD^") {
                "there is no earlier commit to compare with: commit a change first, or name a revision, e.g. `plainsight diff main`"
            } else {
                "name a commit, branch or tag of this repository, e.g. `plainsight diff main` or `plainsight diff HEAD~3`"
            };
            error(format!("there is no revision `{rev}` in this repository"), hint)
        })
    }

    /// The site's folder as it was at `commit`, unpacked into a temporary
    /// folder that is removed when the result is dropped.
    pub(super) fn unpack(&self, commit: &str) -> Result<tempfile::TempDir, Diagnostics> {
        let fail = |e: String| {
            error(
                format!("could not unpack the site as it was at {commit}: {e}"),
                "check that git and tar are installed and that the revision holds the site's folder",
            )
        };
        let dir = tempfile::Builder::new()
            .prefix("plainsight-diff-")
            .tempdir()
            .map_err(|e| fail(e.to_string()))?;
        let tree = format!("{commit}:{}", self.prefix);
        let mut archive = Command::new("git")
            .args(["archive", "--format=tar", &tree])
            .current_dir(&self.top)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(e.to_string()))?;
        let stdout = archive
            .stdout
            .take()
            .ok_or_else(|| fail("no output".into()))?;
        let tar = Command::new("tar")
            .args(["-x", "-f", "-"])
            .current_dir(dir.path())
            .stdin(stdout)
            .output()
            .map_err(|e| fail(format!("tar could not be run: {e}")))?;
        let archived = archive
            .wait_with_output()
            .map_err(|e| fail(e.to_string()))?;
        if !archived.status.success() {
            let err = String::from_utf8_lossy(&archived.stderr);
            return Err(fail(err.lines().next().unwrap_or("").to_string()));
        }
        if !tar.status.success() {
            return Err(fail(
                String::from_utf8_lossy(&tar.stderr).trim().to_string(),
            ));
        }
        Ok(dir)
    }
}

/// The site at the revision would not load: said as such, with why.
pub(super) fn old_site_failed(rev: &str, d: Diagnostics) -> Diagnostics {
    let first = d.0.first().map(|d| d.message.clone()).unwrap_or_default();
    error(
        format!(
            "the site as it was at {rev} does not load, so there is nothing to compare with: {first}"
        ),
        "compare with a revision where the site built, e.g. `plainsight diff main`",
    )
}
