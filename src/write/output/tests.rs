//! Unit tests of the write stage, in both of its ways: swapping a small
//! output whole, and updating a large one in place.

use super::*;

/// Every path under `out`, relative and sorted ("" is `out` itself).
fn listing(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(out)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    names.sort();
    names
}

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

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().ino()
}

#[cfg(unix)]
fn rebuild_writes_only_what_changed(swap_max: usize) {
    let t = tempdir_named(&format!("update-{swap_max}"));
    let out = t.join("public");
    let src = t.join("asset.bin");
    std::fs::write(&src, vec![7u8; 100_000]).unwrap();
    let mut files = BTreeMap::new();
    files.insert(
        PathBuf::from("a/index.html"),
        FileData::Bytes(b"a".to_vec()),
    );
    files.insert(
        PathBuf::from("b/index.html"),
        FileData::Bytes(b"b".to_vec()),
    );
    files.insert(
        PathBuf::from("old/x/index.html"),
        FileData::Bytes(b"x".to_vec()),
    );
    files.insert(PathBuf::from("asset.bin"), FileData::Copy(src.clone()));
    write_site_swapping(&out, &files, swap_max).unwrap();
    let (a, asset) = (
        inode(&out.join("a/index.html")),
        inode(&out.join("asset.bin")),
    );
    files.insert(
        PathBuf::from("b/index.html"),
        FileData::Bytes(b"B".to_vec()),
    );
    files.remove(Path::new("old/x/index.html"));
    files.insert(
        PathBuf::from("new/index.html"),
        FileData::Bytes(b"n".to_vec()),
    );
    std::fs::create_dir_all(t.join(".public.plainsight-stage-4194305")).unwrap();
    std::fs::write(t.join(".public.plainsight-stage-4194305/0"), b"old").unwrap();
    write_site_swapping(&out, &files, swap_max).unwrap();
    assert!(!t.join(".public.plainsight-stage-4194305").exists());
    // (The update cleared an interrupted build's staging folder, below.)
    // Unchanged files are the very same files; changed ones have the new bytes.
    assert_eq!(inode(&out.join("a/index.html")), a);
    assert_eq!(inode(&out.join("asset.bin")), asset);
    assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"B");
    assert_eq!(std::fs::read(out.join("new/index.html")).unwrap(), b"n");
    assert!(!out.join("old").exists(), "stale folders remain");
    let names = listing(&out);
    assert_eq!(
        names,
        [
            "",
            MARKER,
            "a",
            "a/index.html",
            "asset.bin",
            "b",
            "b/index.html",
            "new",
            "new/index.html"
        ]
    );
    // A changed asset of the same size is noticed.
    std::fs::write(&src, vec![8u8; 100_000]).unwrap();
    write_site_swapping(&out, &files, swap_max).unwrap();
    assert_eq!(
        std::fs::read(out.join("asset.bin")).unwrap(),
        vec![8u8; 100_000]
    );
    // A file that becomes a folder: written fresh and swapped in.
    files.insert(
        PathBuf::from("asset.bin/index.html"),
        FileData::Bytes(b"d".to_vec()),
    );
    files.remove(Path::new("asset.bin"));
    write_site_swapping(&out, &files, swap_max).unwrap();
    assert_eq!(
        std::fs::read(out.join("asset.bin/index.html")).unwrap(),
        b"d"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&t)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "public" && e.file_name() != "asset.bin")
        .collect();
    assert!(leftovers.is_empty());
    std::fs::remove_dir_all(&t).unwrap();
}

#[cfg(unix)]
fn failed_update_leaves_the_output_as_it_was(swap_max: usize) {
    let t = tempdir_named(&format!("update-fail-{swap_max}"));
    let out = t.join("public");
    let mut files = BTreeMap::new();
    files.insert(
        PathBuf::from("a/index.html"),
        FileData::Bytes(b"a".to_vec()),
    );
    write_site_swapping(&out, &files, swap_max).unwrap();
    files.insert(
        PathBuf::from("a/index.html"),
        FileData::Bytes(b"A".to_vec()),
    );
    files.insert(
        PathBuf::from("n/index.html"),
        FileData::Bytes(b"n".to_vec()),
    );
    // A source that cannot be read makes the staging phase fail.
    files.insert(PathBuf::from("gone.bin"), FileData::Copy(t.join("missing")));
    assert!(write_site_swapping(&out, &files, swap_max).is_err());
    let beside: Vec<_> = std::fs::read_dir(&t)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["public"], "the staging folder was left behind");
    let names = listing(&out);
    assert_eq!(names, ["", MARKER, "a", "a/index.html"]);
    assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"a");
    std::fs::remove_dir_all(&t).unwrap();
}

/// Both ways of replacing an output keep unchanged files as the very same
/// files, and leave nothing behind.
#[cfg(unix)]
#[test]
fn rebuild_writes_only_what_changed_swapping_whole() {
    rebuild_writes_only_what_changed(usize::MAX);
}

#[cfg(unix)]
#[test]
fn rebuild_writes_only_what_changed_updating_in_place() {
    rebuild_writes_only_what_changed(0);
}

#[cfg(unix)]
#[test]
fn failed_swap_leaves_the_output_as_it_was() {
    failed_update_leaves_the_output_as_it_was(usize::MAX);
}

#[cfg(unix)]
#[test]
fn failed_update_in_place_leaves_the_output_as_it_was() {
    failed_update_leaves_the_output_as_it_was(0);
}

/// Swapping exchanges the two folders: the old output's folder is not the
/// new output's (where the system can exchange them), and no moment passes
/// without a complete output at the path.
#[cfg(target_os = "linux")]
#[test]
fn a_small_output_is_swapped_whole() {
    let t = tempdir_named("swap-whole");
    let out = t.join("public");
    let mut files = BTreeMap::new();
    files.insert(
        PathBuf::from("a/index.html"),
        FileData::Bytes(b"a".to_vec()),
    );
    write_site(&out, &files).unwrap();
    let folder = inode(&out);
    let a = inode(&out.join("a/index.html"));
    files.insert(
        PathBuf::from("b/index.html"),
        FileData::Bytes(b"b".to_vec()),
    );
    write_site(&out, &files).unwrap();
    assert_ne!(inode(&out), folder, "updated in place, not swapped");
    assert_eq!(
        inode(&out.join("a/index.html")),
        a,
        "an unchanged file was rewritten"
    );
    assert_eq!(
        listing(&out),
        ["", MARKER, "a", "a/index.html", "b", "b/index.html"]
    );
    let beside: Vec<_> = std::fs::read_dir(&t)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["public"]);
    std::fs::remove_dir_all(&t).unwrap();
}

fn tempdir() -> PathBuf {
    tempdir_named("swap")
}

fn tempdir_named(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("plainsight-out-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// A link at `--out` to the web server's folder: the build writes through
/// it, the link stays a link, and the folder it points to is never emptied.
#[cfg(unix)]
#[test]
fn a_linked_output_folder_is_written_through_not_emptied() {
    let t = tempdir_named("linked");
    let real = t.join("www/html");
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from("index.html"), FileData::Bytes(b"1".to_vec()));
    files.insert(
        PathBuf::from("a/index.html"),
        FileData::Bytes(b"a".to_vec()),
    );
    write_site(&real, &files).unwrap();
    std::fs::create_dir_all(t.join("site")).unwrap();
    let link = t.join("site/public");
    std::os::unix::fs::symlink("../www/html", &link).unwrap();
    files.insert(PathBuf::from("index.html"), FileData::Bytes(b"2".to_vec()));
    for swap_max in [usize::MAX, 0] {
        write_site_swapping(&link, &files, swap_max).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(real.join("index.html")).unwrap(), b"2");
        assert_eq!(
            listing(&real),
            ["", MARKER, "a", "a/index.html", "index.html"]
        );
    }
    std::fs::remove_dir_all(&t).unwrap();
}

/// The new output keeps the previous one's permissions, and a read-only
/// previous output is removed, not left beside the new one.
#[cfg(unix)]
#[test]
fn the_output_keeps_its_permissions_and_nothing_is_left_beside_it() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempdir_named("modes");
    let out = t.join("public");
    let mut files = BTreeMap::new();
    files.insert(
        PathBuf::from("a/index.html"),
        FileData::Bytes(b"a".to_vec()),
    );
    write_site(&out, &files).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for wanted in [0o750, 0o555] {
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(wanted)).unwrap();
        files.insert(PathBuf::from("b.html"), FileData::Bytes(vec![wanted as u8]));
        write_site(&out, &files).unwrap();
        assert_eq!(mode(&out), wanted);
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), [wanted as u8]);
        let beside: Vec<_> = std::fs::read_dir(&t)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["public"]);
    }
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&t).unwrap();
}

/// Only our exact names, of processes no longer running, and never a link
/// are swept before a build.
#[cfg(target_os = "linux")]
#[test]
fn only_leftovers_of_dead_builds_are_swept() {
    let t = tempdir_named("sweep");
    let outside = t.join("outside");
    std::fs::create_dir_all(outside.join("keep")).unwrap();
    // 4194305 is above the kernel's largest process id; 1 always runs.
    let dead = t.join(".public.plainsight-tmp-4194305");
    std::fs::create_dir_all(dead.join("x")).unwrap();
    let live = t.join(".public.plainsight-stage-1");
    let odd = t.join(".public.plainsight-tmp-12x");
    std::fs::create_dir_all(&live).unwrap();
    std::fs::create_dir_all(&odd).unwrap();
    let link = t.join(".public.plainsight-old-4194306");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from("index.html"), FileData::Bytes(b"a".to_vec()));
    write_site(&t.join("public"), &files).unwrap();
    assert!(!dead.exists());
    assert!(live.exists() && odd.exists());
    assert!(outside.join("keep").exists());
    assert!(std::fs::symlink_metadata(&link).is_ok());
    std::fs::remove_dir_all(&t).unwrap();
}
