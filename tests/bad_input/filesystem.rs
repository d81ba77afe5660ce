//! File-system trouble that a `.case` file cannot express: files and
//! folders that cannot be read, output folders that cannot be written, a
//! full disk, and special files that would hang a reader. Each build must
//! fail with a finding that says what happened, keep the previous output as
//! it was, and leave nothing beside the output folder.
//!
//! Permissions do not stop root, and these tests may run as root (in a
//! container, say): a test that needs them checks whether they hold and, if
//! not, prints a note and skips its check.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// A copy of the base site in `tmp/site`.
fn base_site(tmp: &TempDir) -> PathBuf {
    let root = tmp.join("site");
    copy_dir(&site("bad-input-base"), &root);
    root
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn errors(r: Result<plainsight::Report, plainsight::Diagnostics>) -> Vec<String> {
    match r {
        Ok(_) => panic!("the build succeeded but should have failed"),
        Err(d) => d.iter().filter(|d| d.is_error()).map(describe).collect(),
    }
}

fn skip(what: &str) {
    println!("note: skipped {what}: permissions do not stop this user (running as root?)");
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn an_unreadable_page_is_named_in_the_error() {
    let tmp = TempDir::new("fs-unreadable-page");
    let root = base_site(&tmp);
    let page = root.join("content/about.md");
    chmod(&page, 0o000);
    if std::fs::read(&page).is_ok() {
        chmod(&page, 0o644);
        return skip("the unreadable-page check");
    }
    let errs = errors(build(&root, &tmp.join("out/public")));
    chmod(&page, 0o644);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("content/about.md [io]") && e.contains("cannot read this file")),
        "{errs:?}"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_data_file_is_named_in_the_error() {
    let tmp = TempDir::new("fs-unreadable-data");
    let root = base_site(&tmp);
    let csv = root.join("data/asb.csv");
    chmod(&csv, 0o000);
    if std::fs::read(&csv).is_ok() {
        chmod(&csv, 0o644);
        return skip("the unreadable-data check");
    }
    let errs = errors(build(&root, &tmp.join("out/public")));
    chmod(&csv, 0o644);
    assert!(
        errs.iter().any(|e| e.starts_with("data/asb.csv [io]")),
        "{errs:?}"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_content_folder_is_named_in_the_error() {
    let tmp = TempDir::new("fs-unreadable-folder");
    let root = base_site(&tmp);
    let folder = root.join("content/private");
    write_files(
        &folder,
        &[(
            "notes.md",
            "---\ntitle: Notes\ndescription: d\n---\n\nText.\n",
        )],
    );
    chmod(&folder, 0o000);
    if std::fs::read_dir(&folder).is_ok() {
        chmod(&folder, 0o755);
        return skip("the unreadable-folder check");
    }
    let errs = errors(build(&root, &tmp.join("out/public")));
    chmod(&folder, 0o755);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("content/private [io]") && e.contains("cannot read content")),
        "{errs:?}"
    );
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_cannot_be_written_keeps_the_previous_output() {
    let tmp = TempDir::new("fs-read-only-out");
    let root = base_site(&tmp);
    let parent = tmp.join("out");
    let out = parent.join("public");
    build_ok(&root, &out);
    let before = tree(&out);
    write_files(
        &root,
        &[(
            "content/new.md",
            "---\ntitle: New\ndescription: A new page.\n---\n\nNew.\n",
        )],
    );
    chmod(&out, 0o555);
    chmod(&parent, 0o555);
    let probe = parent.join("probe");
    let writable = std::fs::write(&probe, "x").is_ok();
    let _ = std::fs::remove_file(&probe);
    if writable {
        chmod(&parent, 0o755);
        chmod(&out, 0o755);
        return skip("the read-only output check");
    }
    let result = build(&root, &out);
    chmod(&parent, 0o755);
    chmod(&out, 0o755);
    let errs = errors(result);
    assert!(
        errs.iter().any(|e| e.contains("[write] cannot")),
        "{errs:?}"
    );
    assert_same_tree(&before, &tree(&out), "the previous output");
    assert_eq!(names(&parent), ["public"]);
}

#[test]
fn an_output_folder_inside_a_file_fails_and_writes_nothing() {
    let tmp = TempDir::new("fs-out-in-file");
    let root = base_site(&tmp);
    std::fs::write(tmp.join("file.txt"), "not a folder").unwrap();
    let errs = errors(build(&root, &tmp.join("file.txt/public")));
    assert!(
        errs.iter().any(|e| e.contains("[write] cannot")),
        "{errs:?}"
    );
    assert_eq!(read(tmp.join("file.txt")), "not a folder");
    assert_eq!(names(tmp.path()), ["file.txt", "site"]);
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_folder_on_a_file_system_that_refuses_it_fails_cleanly() {
    // Not even root may make folders in /proc.
    let tmp = TempDir::new("fs-out-proc");
    let root = base_site(&tmp);
    let out = PathBuf::from(format!(
        "/proc/plainsight-test-{}/public",
        std::process::id()
    ));
    let errs = errors(build(&root, &out));
    assert!(
        errs.iter().any(|e| e.contains("[write] cannot create")),
        "{errs:?}"
    );
    assert!(!out.exists());
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let tmp = TempDir::new("fs-out-is-file");
    let root = base_site(&tmp);
    let out = tmp.join("public");
    std::fs::write(&out, "mine").unwrap();
    let errs = errors(build(&root, &out));
    assert!(
        errs.iter()
            .any(|e| e.contains("exists and is not a folder")),
        "{errs:?}"
    );
    assert_eq!(read(&out), "mine");
    assert_eq!(names(tmp.path()), ["public", "site"]);
}

#[test]
fn a_folder_of_someone_elses_files_is_not_replaced() {
    let tmp = TempDir::new("fs-out-foreign");
    let root = base_site(&tmp);
    let out = tmp.join("out/public");
    write_files(&out, &[("thesis.docx", "years of work")]);
    let errs = errors(build(&root, &out));
    assert!(
        errs.iter()
            .any(|e| e.contains("already holds files that Plainsight did not write")),
        "{errs:?}"
    );
    assert_eq!(names(&out), ["thesis.docx"]);
    assert_eq!(names(&tmp.join("out")), ["public"]);
}

/// `plainsight build` with the file-size limit at `blocks` × 512 bytes, so
/// any bigger write fails as it would on a full disk (SIGXFSZ is ignored,
/// so the write returns an error instead of killing the process).
#[cfg(unix)]
fn build_with_size_limit(root: &Path, out: &Path, blocks: u32) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks} && exec \"$0\" build --root \"$1\" --out \"$2\""
        ))
        .arg(env!("CARGO_BIN_EXE_plainsight"))
        .arg(root)
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run sh")
}

#[cfg(unix)]
#[test]
fn a_full_disk_keeps_the_previous_output_and_leaves_nothing_beside_it() {
    let tmp = TempDir::new("fs-full");
    let root = base_site(&tmp);
    let parent = tmp.join("out");
    let out = parent.join("public");
    build_ok(&root, &out);
    let before = tree(&out);
    // A new 1 MB file is more than the 64 KB the limit lets a file have.
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/report.pdf"), vec![b'%'; 1 << 20]).unwrap();
    let o = build_with_size_limit(&root, &out, 128);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[write]: cannot write"), "{err}");
    assert!(
        err.contains("the previous output was left as it was"),
        "{err}"
    );
    assert_same_tree(&before, &tree(&out), "the previous output");
    assert_eq!(names(&parent), ["public"]);

    // A first build that runs out of space creates no output at all.
    let fresh = tmp.join("fresh/public");
    std::fs::create_dir_all(fresh.parent().unwrap()).unwrap();
    let o = build_with_size_limit(&root, &fresh, 128);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        names(&tmp.join("fresh")).is_empty(),
        "{:?}",
        names(&tmp.join("fresh"))
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_content_or_data_does_not_hang_the_build() {
    let tmp = TempDir::new("fs-fifo");
    let root = base_site(&tmp);
    for p in ["content/pipe.md", "data/pipe.csv"] {
        let made = Command::new("mkfifo").arg(root.join(p)).status();
        if !made.is_ok_and(|s| s.success()) {
            println!("note: skipped the named-pipe check: mkfifo is not available");
            return;
        }
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let r = root.clone();
    let out = tmp.join("out/public");
    std::thread::spawn(move || {
        let _ = tx.send(build(&r, &out).map(|_| ()));
    });
    let result = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the build hung on a named pipe");
    let errs: Vec<String> = match result {
        Ok(()) => panic!("the build succeeded with named pipes in the site"),
        Err(d) => d.iter().map(describe).collect(),
    };
    for p in ["content/pipe.md", "data/pipe.csv"] {
        assert!(
            errs.iter()
                .any(|e| e.starts_with(&format!("{p} [io]")) && e.contains("not an ordinary file")),
            "{p}: {errs:?}"
        );
    }
}

/// An output folder inside `static/` (or any source folder) would be copied
/// into itself on every build: refused before anything is written.
#[test]
fn an_output_folder_inside_a_source_folder_is_refused() {
    let tmp = TempDir::new("fs-out-in-static");
    let root = base_site(&tmp);
    for inside in ["static/public", "content/out"] {
        let out = root.join(inside);
        let errs = errors(build(&root, &out));
        assert!(
            errs.iter()
                .any(|e| e.contains("output-in-source") && e.contains("is inside the site's")),
            "{errs:?}"
        );
        assert!(!out.exists());
    }
}
