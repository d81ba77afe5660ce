//! Site search: the worked example's build holds Pagefind's index and the
//! search page, `--no-search` leaves the index out, and (in a real browser,
//! tests/browser/search.mjs) a phrase from the worked example finds its page
//! under the strict Content-Security-Policy that docs/search.md documents.
//!
//! The browser test needs node, Chromium and `npm ci` in tests/browser. When
//! one is missing it is skipped with a message, unless
//! PLAINSIGHT_BROWSER_TESTS=require, when it fails instead.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// The worked example (the repository root), built once for every test here.
fn worked_example() -> &'static Path {
    static OUT: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let tmp = TempDir::new("search-example");
        let out = tmp.join("public");
        build_ok(&manifest_dir(), &out);
        (tmp, out)
    })
    .1
}

#[test]
fn the_build_writes_pagefinds_index_and_the_search_page() {
    let out = worked_example();
    for f in [
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-modular-ui.js",
        "pagefind/wasm.en-gb.pagefind",
        "search/index.html",
        "js/search.js",
        "css/search.css",
    ] {
        assert!(out.join(f).is_file(), "{f} was not written");
    }
    // Every page is indexed except the 404 and search pages, all as the
    // site's language.
    let entry: serde_json::Value =
        serde_json::from_str(&read(out.join("pagefind/pagefind-entry.json"))).unwrap();
    let langs = entry["languages"].as_object().expect("languages");
    assert_eq!(
        langs.keys().collect::<Vec<_>>(),
        ["en-gb"],
        "one index, in site.yaml's language"
    );
    let pages = tree(out)
        .keys()
        .filter(|k| k.ends_with(".html") && *k != "404.html" && *k != "search/index.html")
        .count() as u64;
    assert_eq!(langs["en-gb"]["page_count"], pages);
    for dir in ["fragment", "index"] {
        assert!(
            std::fs::read_dir(out.join("pagefind").join(dir))
                .map(|d| d.count() > 0)
                .unwrap_or(false),
            "pagefind/{dir}/ is empty"
        );
    }
}

#[test]
fn the_search_page_is_accessible_without_javascript() {
    let html = read(worked_example().join("search/index.html"));
    assert!(html.contains("<form class=\"search-form\" id=\"search-form\" role=\"search\""));
    assert!(html.contains("<label for=\"search-input\""));
    assert!(html.contains("<input type=\"search\" id=\"search-input\" name=\"q\""));
    assert!(html.contains("<strong>Search needs JavaScript</strong>"));
    for link in ["href=\"/\"", "href=\"/data/\"", "href=\"/priorities/\""] {
        assert!(html.contains(link), "the search page does not link {link}");
    }
    assert!(html.contains("<script src=\"/pagefind/pagefind-modular-ui.js\" defer></script>"));
    assert!(html.contains("<script src=\"/js/search.js\" defer></script>"));
    // A search page is not content: it stays out of the sitemap.
    assert!(!read(worked_example().join("sitemap.xml")).contains("/search/"));
}

#[test]
fn no_search_leaves_the_index_out() {
    let tmp = TempDir::new("no-search");
    let out = tmp.join("public");
    let o = run(
        &[
            "build",
            "--root",
            site("valid/minimal").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-search",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.join("pagefind").exists());
    // The page is still there: without an index its script says search is
    // unavailable and the contents links remain.
    assert!(out.join("search/index.html").is_file());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("search: indexed"), "{stderr}");
}

#[test]
fn a_build_reports_what_indexing_cost() {
    let tmp = TempDir::new("search-cost");
    let out = tmp.join("public");
    let o = run_build(&site("valid/minimal"), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("search: indexed ") && l.ends_with(" ms")),
        "{stderr}"
    );
}

#[test]
fn a_site_page_at_search_wins_over_the_generated_one() {
    let tmp = TempDir::new("own-search");
    let root = tmp.join("site");
    copy_dir(&site("valid/minimal"), &root);
    write_files(
        &root,
        &[(
            "content/search.md",
            "---\ntitle: Find things\ndescription: Our own search page.\n---\n\nAsk us.\n",
        )],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    assert!(read(out.join("search/index.html")).contains("Find things"));
}

/// Serves `dir` (under `prefix`) until the test process ends.
fn serve_under(dir: PathBuf, prefix: &'static str) -> String {
    let server = Box::leak(Box::new(StaticServer::start_under(&dir, prefix)));
    server.url()
}

/// Runs tests/browser/search.mjs against the site at `url`, unless the
/// browser cannot run here (see the module's comment).
fn search_in_a_browser(url: impl FnOnce() -> String) {
    if browser_available("browser search test") {
        run_browser_script("search.mjs", &[&url()]);
    }
}

#[test]
fn a_phrase_from_the_worked_example_finds_its_page_in_a_browser() {
    search_in_a_browser(|| serve_under(worked_example().to_path_buf(), ""));
}

/// Built for https://example.org/plan/ and served only under /plan/ (as a
/// GitHub Pages project site is): pages, styles, the index and the results'
/// links all work from there.
#[test]
fn search_works_for_a_site_published_under_a_path() {
    static OUT: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    search_in_a_browser(|| {
        let (_, out) = OUT.get_or_init(|| {
            let tmp = TempDir::new("search-under-path");
            let out = tmp.join("public");
            let mut opts = options(&manifest_dir());
            opts.base_url = Some("https://example.org/plan/".into());
            plainsight::build(opts, &out).expect("the worked example builds");
            (tmp, out)
        });
        serve_under(out.clone(), "/plan")
    });
}

/// Pagefind is carried with changes of ours (vendor/pagefind/PATCHES.md):
/// pages are parsed in batches on every core and the index is built a chunk
/// of pages at a time. A site larger than one batch and one chunk, with
/// two pages of the same text (Pagefind files those under one fragment),
/// must give the same index on one thread as on several, with every page in
/// it.
#[test]
fn a_large_sites_index_is_the_same_on_one_thread_and_on_several() {
    let tmp = TempDir::new("search-large");
    let root = tmp.join("site");
    let mut files = vec![
        (
            "site.yaml".to_string(),
            "title: Large Partnership\nbase_url: https://example.org/\nlanguage: en-GB\n"
                .to_string(),
        ),
        (
            "content/_index.md".to_string(),
            "---\ntitle: Home\ndescription: Every report.\n---\n\nThe reports.\n".to_string(),
        ),
    ];
    let districts = ["Ashford", "Dover", "Thanet", "Swale", "Medway", "Dartford"];
    for i in 0..600 {
        let body = if i == 598 || i == 599 {
            "Both of these pages say exactly the same thing.".to_string()
        } else {
            format!(
                "Report {i} covers {} and {}. Patrols in week {} reached {} streets.",
                districts[i % districts.len()],
                districts[(i / 7) % districts.len()],
                i % 52,
                i * 3
            )
        };
        files.push((
            format!("content/reports/report-{i:03}.md"),
            format!("---\ntitle: Report {i}\ndescription: Report number {i}.\n---\n\n{body}\n"),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    write_files(&root, &borrowed);

    let several = tmp.join("several");
    let one = tmp.join("one");
    let o = run_build(&root, &several, &[("RAYON_NUM_THREADS", "3")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run_build(&root, &one, &[("RAYON_NUM_THREADS", "1")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = |out: &Path| -> std::collections::BTreeMap<String, Vec<u8>> {
        tree(out)
            .into_iter()
            .filter(|(k, _)| k.starts_with("pagefind/"))
            .collect()
    };
    assert_same_tree(&index(&several), &index(&one), "the search index");

    let entry: serde_json::Value =
        serde_json::from_str(&read(several.join("pagefind/pagefind-entry.json"))).unwrap();
    let pages = tree(&several)
        .keys()
        .filter(|k| k.ends_with(".html") && *k != "404.html" && *k != "search/index.html")
        .count() as u64;
    assert!(pages > 600, "{pages} pages");
    assert_eq!(entry["languages"]["en-gb"]["page_count"], pages);
}

/// A rebuild in which no indexed page changed keeps the index it finds in
/// the output folder, and gives the same tree as indexing again; a change
/// to any page's text indexes again.
#[test]
fn a_rebuild_with_no_page_changed_keeps_the_index() {
    let tmp = TempDir::new("search-reuse");
    let root = tmp.join("site");
    copy_dir(&site("valid/minimal"), &root);
    let out = tmp.join("public");
    let fresh = tmp.join("fresh");
    let first = run_build(&root, &out, &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stderr).contains("search: indexed "));
    assert!(out.join("pagefind/plainsight-index.txt").is_file());

    let again = run_build(&root, &out, &[]);
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{said}");
    assert!(said.contains("its index was kept"), "{said}");
    let o = run_build(&root, &fresh, &[]);
    assert!(o.status.success());
    assert_same_tree(&tree(&fresh), &tree(&out), "kept index against a fresh one");

    // A word changed on one page: indexed again, and the same as a fresh
    // build of the changed site.
    let about = root.join("content/about.md");
    std::fs::write(&about, read(&about).replace("Who we are", "Who we serve")).unwrap();
    let changed = run_build(&root, &out, &[]);
    let said = String::from_utf8_lossy(&changed.stderr);
    assert!(changed.status.success(), "{said}");
    assert!(said.contains("search: indexed "), "{said}");
    let fresh2 = tmp.join("fresh2");
    assert!(run_build(&root, &fresh2, &[]).status.success());
    assert_same_tree(&tree(&fresh2), &tree(&out), "re-indexed after a change");
    let index = |t: std::collections::BTreeMap<String, Vec<u8>>| {
        t.into_iter()
            .filter(|(k, _)| k.starts_with("pagefind/") && !k.ends_with(".js"))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert!(
        index(tree(&out)) != index(tree(&fresh)),
        "the index did not change with the page"
    );

    // A damaged index (a listed file gone) is made again, not kept.
    let listed = read(out.join("pagefind/plainsight-index.txt"));
    let victim = listed.lines().nth(1).expect("a listed file").to_string();
    std::fs::remove_file(out.join(&victim)).unwrap();
    let repaired = run_build(&root, &out, &[]);
    let said = String::from_utf8_lossy(&repaired.stderr);
    assert!(said.contains("search: indexed "), "{said}");
    assert!(out.join(&victim).is_file());
}
