//! `aliases:` in front matter: a redirect page at each old address, the
//! `_redirects` file, both under a base URL's path and in `--relative`
//! builds, left out of the sitemap and search; and an old address that
//! lands on something the site already publishes is an error naming both.

mod common;

use common::{TempDir, build_ok, read, site, write_files};
use plainsight::Options;

fn branded(tmp: &TempDir) -> std::path::PathBuf {
    let root = tmp.join("site");
    common::copy_dir(&site("branded"), &root);
    root
}

#[test]
fn an_old_address_sends_readers_to_the_page() {
    let tmp = TempDir::new("aliases");
    let out = tmp.join("public");
    build_ok(&site("branded"), &out);
    let html = read(out.join("priorities/night-time-economy/index.html"));
    for part in [
        "<html lang=\"en-GB\">",
        "<title>This page has moved – Swale Community Safety Partnership</title>",
        "<meta name=\"robots\" content=\"noindex\">",
        "<link rel=\"canonical\" href=\"https://safety.swale.example/priorities/safer-streets/\">",
        "<meta http-equiv=\"refresh\" content=\"0; url=/priorities/safer-streets/\">",
        "<a href=\"/priorities/safer-streets/\">Safer streets</a>",
    ] {
        assert!(html.contains(part), "no {part} in\n{html}");
    }
    // An old site's file name keeps its own name.
    assert!(read(out.join("night-time.html")).contains("url=/priorities/safer-streets/"));
    assert_eq!(
        read(out.join("_redirects"))
            .lines()
            .skip(1)
            .collect::<Vec<_>>(),
        [
            "/night-time.html /priorities/safer-streets/ 301",
            "/priorities/night-time-economy/ /priorities/safer-streets/ 301",
        ]
    );
    let sitemap = read(out.join("sitemap.xml"));
    assert!(!sitemap.contains("night-time"), "{sitemap}");
    assert!(sitemap.contains("/priorities/safer-streets/"));
    // Search indexes pages, not the redirects to them.
    let index = std::fs::read_dir(out.join("pagefind/fragment"))
        .unwrap()
        .count();
    assert_eq!(index, 5, "one fragment per page of the five");
}

#[test]
fn under_a_base_path_and_relative() {
    let tmp = TempDir::new("aliases-base");
    let out = tmp.join("public");
    let mut o = Options::new(site("branded"));
    o.base_url = Some("https://council.github.io/safety/".into());
    plainsight::build(o, &out).unwrap_or_else(|d| panic!("{d:?}"));
    let html = read(out.join("priorities/night-time-economy/index.html"));
    assert!(
        html.contains("content=\"0; url=/safety/priorities/safer-streets/\""),
        "{html}"
    );
    assert!(html.contains("href=\"/safety/css/site.css\""));
    assert!(
        read(out.join("_redirects")).contains(
            "/safety/priorities/night-time-economy/ /safety/priorities/safer-streets/ 301"
        )
    );

    let out = tmp.join("relative");
    let mut o = Options::new(site("branded"));
    o.relative = true;
    plainsight::build(o, &out).unwrap_or_else(|d| panic!("{d:?}"));
    let html = read(out.join("priorities/night-time-economy/index.html"));
    assert!(
        html.contains("content=\"0; url=../../priorities/safer-streets/index.html\""),
        "{html}"
    );
    let html = read(out.join("night-time.html"));
    assert!(
        html.contains("content=\"0; url=priorities/safer-streets/index.html\""),
        "{html}"
    );
}

#[test]
fn an_alias_on_a_generated_page_names_both() {
    let tmp = TempDir::new("aliases-clash");
    let root = branded(&tmp);
    write_files(
        &root,
        &[(
            "content/priorities/safer-streets.md",
            "---\ntitle: Safer streets\ndescription: D.\naliases:\n  - /data/\n---\n\nText.\n",
        )],
    );
    let err = plainsight::build(Options::new(&root), &tmp.join("public")).unwrap_err();
    let d = err
        .iter()
        .find(|d| d.code == "alias-collision")
        .expect("a collision");
    assert_eq!(
        d.file.as_deref(),
        Some("content/priorities/safer-streets.md")
    );
    assert_eq!((d.line, d.column), (5, 5));
    assert!(
        d.message.contains(
            "`/data/` (/data/) is already the address of the page Plainsight makes at /data/"
        ),
        "{}",
        d.message
    );
    assert!(!tmp.join("public").exists(), "nothing is written");
}
