use super::*;

struct Temp(PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A site root (canonical) with `static/notes.txt`, and a secret beside it.
fn site(tag: &str) -> (Temp, PathBuf) {
    let t = std::env::temp_dir().join(format!("plainsight-snap-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&t);
    std::fs::create_dir_all(t.join("site/static")).unwrap();
    std::fs::write(t.join("site/static/notes.txt"), "inside\n").unwrap();
    std::fs::write(t.join("secret.txt"), "SECRET\n").unwrap();
    let root = t.join("site").canonicalize().unwrap();
    (Temp(t), root)
}

fn copy_of(root: &Path, rel: &str) -> Files {
    let data = Arc::new(FileData::Copy(root.join(rel)));
    Files::from([(PathBuf::from(rel), data)])
}

fn bytes(served: &Served, rel: &str) -> Vec<u8> {
    match served.get(Path::new(rel)) {
        Some(Body::Held(b, _)) => b.to_vec(),
        _ => panic!("{rel} is not held"),
    }
}

#[cfg(unix)]
#[test]
fn a_file_turned_into_a_link_is_refused_and_the_checked_bytes_stay() {
    let (t, root) = site("link");
    let files = copy_of(&root, "static/notes.txt");
    let good = take(&files, &root, &Served::new()).unwrap();
    assert_eq!(bytes(&good, "static/notes.txt"), b"inside\n");
    let notes = root.join("static/notes.txt");
    std::fs::remove_file(&notes).unwrap();
    std::os::unix::fs::symlink(t.0.join("secret.txt"), &notes).unwrap();
    let err = take(&files, &root, &good).err().unwrap();
    assert!(err.contains("static/notes.txt"), "{err}");
    assert_eq!(bytes(&good, "static/notes.txt"), b"inside\n");
}

#[cfg(unix)]
#[test]
fn a_folder_link_to_outside_is_refused() {
    let (t, root) = site("dirlink");
    std::os::unix::fs::symlink(&t.0, root.join("static/up")).unwrap();
    let err = take(
        &copy_of(&root, "static/up/secret.txt"),
        &root,
        &Served::new(),
    );
    assert!(err.err().unwrap().contains("outside the site"));
}

#[test]
fn an_unchanged_file_is_not_read_again_and_an_edited_one_is() {
    let (_t, root) = site("reuse");
    let files = copy_of(&root, "static/notes.txt");
    let first = take(&files, &root, &Served::new()).unwrap();
    let again = take(&files, &root, &first).unwrap();
    let ptr = |s: &Served| match s.get(Path::new("static/notes.txt")) {
        Some(Body::Held(b, _)) => Arc::as_ptr(b),
        _ => panic!("not held"),
    };
    assert_eq!(ptr(&first), ptr(&again));
    std::fs::write(root.join("static/notes.txt"), "edited, longer\n").unwrap();
    let edited = take(&files, &root, &again).unwrap();
    assert_eq!(bytes(&edited, "static/notes.txt"), b"edited, longer\n");
}

#[test]
fn a_big_file_is_kept_open_not_read() {
    let (_t, root) = site("big");
    let big = File::create(root.join("static/big.bin")).unwrap();
    big.set_len(HOLD_MAX + 1).unwrap();
    let served = take(&copy_of(&root, "static/big.bin"), &root, &Served::new()).unwrap();
    assert!(matches!(
        served.get(Path::new("static/big.bin")),
        Some(Body::Open(_, len, _)) if *len == HOLD_MAX + 1
    ));
}
