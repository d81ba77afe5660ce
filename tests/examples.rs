//! The example sites under examples/, each built from a real document that
//! Plainsight was not built around: every one passes `check --strict`
//! (warnings that are right as written are acknowledged in their sources)
//! and builds.

mod common;

use common::*;

#[test]
fn every_example_passes_strict_check_and_builds() {
    let dir = manifest_dir().join("examples");
    let mut sites: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("site.yaml").is_file())
        .collect();
    sites.sort();
    assert!(!sites.is_empty(), "no example sites in examples/");
    for site in sites {
        let found = match plainsight::check(plainsight::Options::new(&site)) {
            Ok(r) => r.findings,
            Err(d) => panic!(
                "{} does not load: {:#?}",
                site.display(),
                d.iter().map(describe).collect::<Vec<_>>()
            ),
        };
        let counted: Vec<String> = found.iter().filter(|d| d.counts()).map(describe).collect();
        assert!(counted.is_empty(), "{}: {counted:#?}", site.display());
        let tmp = TempDir::new("example");
        build_ok(&site, &tmp.join("public"));
    }
}
