//! Every input kept under fuzz/regressions/TARGET/ (crashes the fuzzers
//! found, and were fixed) replayed through the same code the fuzz target
//! runs, on every `cargo test`. docs/fuzzing.md says how to add one.

#[path = "../fuzz/src/targets.rs"]
mod targets;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    files.sort();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            panic!("{target}: {} panics again", f.display());
        }
    }
    files.len()
}

#[test]
fn front_matter_regressions() {
    replay("front_matter", targets::front_matter);
}

#[test]
fn template_calls_regressions() {
    replay("template_calls", targets::template_calls);
}

#[test]
fn dataset_regressions() {
    replay("dataset", targets::dataset);
}

#[test]
fn derived_columns_regressions() {
    replay("derived_columns", targets::derived_columns);
}

#[test]
fn formatter_regressions() {
    replay("formatter", targets::formatter);
}

#[test]
fn http_request_regressions() {
    replay("http_request", targets::http_request);
}
