//! Security and robustness: nothing is written outside the output folder,
//! text from authors and data is escaped, links out of the site are refused,
//! and `plainsight new` makes a site that builds and passes check.

mod common;

use common::*;

fn base_site(root: &std::path::Path, site_yaml: &str, home: &str) {
    write_files(
        root,
        &[("site.yaml", site_yaml), ("content/_index.md", home)],
    );
}

const SITE: &str =
    "title: Safety\nbase_url: https://example.org/\naccessibility: { status: not-assessed }\n";

#[test]
fn a_slug_with_dot_dot_writes_nothing_outside_the_output() {
    let tmp = TempDir::new("slug-escape");
    let root = tmp.join("a/b/site");
    base_site(
        &root,
        SITE,
        "---\ntitle: Home\ndescription: Home.\n---\n\nHello.\n",
    );
    write_files(
        &root,
        &[(
            "content/evil.md",
            "---\ntitle: Evil\ndescription: Tries to escape.\nslug: ../../../escaped\n---\n\nGotcha.\n",
        )],
    );
    let out = tmp.join("a/b/out");
    let before: Vec<_> = walkdir::WalkDir::new(tmp.path())
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .collect();
    let result = build(&root, &out);
    // Either refused with a located error, or built with the slug made safe:
    // in no case may a file appear outside `out`.
    let after: Vec<_> = walkdir::WalkDir::new(tmp.path())
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .filter(|p| !p.starts_with(&out))
        .collect();
    assert_eq!(before, after, "files appeared outside the output folder");
    assert!(!tmp.join("escaped").exists());
    assert!(!std::env::temp_dir().join("escaped").exists());
    match result {
        Err(d) => assert!(
            d.iter()
                .any(|d| d.file.as_deref() == Some("content/evil.md")),
            "the error does not name the page: {:?}",
            d.iter().map(describe).collect::<Vec<_>>()
        ),
        Ok(_) => {
            for (k, _) in tree(&out) {
                assert!(!k.contains(".."), "wrote {k}");
            }
        }
    }
}

#[test]
fn script_in_csv_front_matter_and_site_title_is_escaped() {
    let tmp = TempDir::new("xss");
    let root = tmp.join("site");
    let evil = "<script>alert(1)</script>";
    write_files(
        &root,
        &[
            (
                "site.yaml",
                &format!(
                    "title: \"Safety {evil}\"\nbase_url: https://example.org/\ndescription: \"About {evil}\"\naccessibility: {{ status: not-assessed }}\n"
                ),
            ),
            (
                "content/_index.md",
                &format!(
                    "---\ntitle: \"Home {evil}\"\ndescription: \"Desc {evil}\"\n---\n\nA value: {{{{ value(data=\"t\", row=\"A\", col=\"note\") }}}}.\n\n{{{{ table(data=\"t\") }}}}\n"
                ),
            ),
            (
                "content/about.md",
                &format!("---\ntitle: \"About {evil}\"\ndescription: About.\n---\n\nAbout us.\n"),
            ),
            (
                "data/t.csv",
                &format!("area,note,n\nA,\"{evil}\",1\n\"B {evil}\",ok,2\n"),
            ),
            (
                "data/t.yaml",
                &format!(
                    "title: \"Table {evil}\"\ndescription: \"Data {evil}\"\nsource: \"Source {evil}\"\ncolumns:\n  area: {{ label: \"Area {evil}\", type: text }}\n  note: {{ label: Note, type: text }}\n  n: {{ label: N, type: integer }}\n"
                ),
            ),
        ],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    let files = tree(&out);
    let mut checked = 0;
    for (k, v) in &files {
        if !(k.ends_with(".html") || k.ends_with(".xml")) {
            continue;
        }
        let s = String::from_utf8_lossy(v);
        assert!(
            !s.contains("<script>alert"),
            "{k} contains an unescaped script:\n{s}"
        );
        // The theme's only scripts are the search page's, loaded from files
        // of the site itself: under a strict Content-Security-Policy an
        // inline script would not run (docs/search.md). The one inline
        // element allowed is a dataset page's JSON-LD data block, which no
        // browser runs (docs/security.md): that exact type, holding JSON
        // with no `<` in it, so nothing in it can end the element.
        for (i, _) in s.match_indices("<script") {
            let tag = &s[i..i + s[i..].find('>').map_or(s.len() - i, |e| e + 1)];
            if tag == "<script type=\"application/ld+json\">" {
                let rest = &s[i + tag.len()..];
                let body = &rest[..rest.find("</script>").expect("a closed data block")];
                assert!(!body.contains('<'), "{k}: `<` in a JSON-LD block: {body}");
                serde_json::from_str::<serde_json::Value>(body)
                    .unwrap_or_else(|e| panic!("{k}: the JSON-LD block does not parse: {e}"));
                continue;
            }
            assert!(
                tag.contains(" src=\"/") && !tag.contains(" src=\"//"),
                "{k} has an inline or off-site script: {tag}"
            );
            assert!(
                s[i + tag.len()..].starts_with("</script>"),
                "{k} has a script with inline content: {tag}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 4);
    let home = String::from_utf8_lossy(&files["index.html"]).into_owned();
    assert!(
        home.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped text is missing from the home page"
    );
    let about = String::from_utf8_lossy(&files["about/index.html"]).into_owned();
    assert!(
        about.contains("About &lt;script&gt;"),
        "page title not escaped as text"
    );
    // Downloads keep the text as data, not HTML.
    let csv_out = String::from_utf8_lossy(&files["data/t.csv"]).into_owned();
    assert!(
        csv_out.contains(evil),
        "the CSV download should carry the raw text:\n{csv_out}"
    );
    let json: serde_json::Value = serde_json::from_slice(&files["data/t.json"]).unwrap();
    assert_eq!(json["rows"][0]["note"], evil);
}

#[test]
fn raw_html_in_markdown_cannot_smuggle_scripts_through_attributes() {
    // Markdown link destinations and image sources that are javascript: URLs.
    let tmp = TempDir::new("jsurl");
    let root = tmp.join("site");
    base_site(
        &root,
        SITE,
        "---\ntitle: Home\ndescription: Home.\n---\n\n[click](javascript:alert(1)) and \"quotes\" & <ampersands>.\n",
    );
    let out = tmp.join("public");
    // Either refused, or published without a javascript: link.
    if build(&root, &out).is_ok() {
        let home = read(out.join("index.html"));
        assert!(
            !home.contains("href=\"javascript:"),
            "javascript: URL published:\n{home}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_in_content_pointing_outside_the_site_is_an_error() {
    let tmp = TempDir::new("symlink");
    let root = tmp.join("site");
    base_site(
        &root,
        SITE,
        "---\ntitle: Home\ndescription: Home.\n---\n\nHello.\n",
    );
    let secret = tmp.join("secret.md");
    std::fs::write(
        &secret,
        "---\ntitle: Secret\ndescription: Outside.\n---\n\nPrivate notes.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&secret, root.join("content/leak.md")).unwrap();
    let outside_dir = tmp.join("private");
    std::fs::create_dir_all(&outside_dir).unwrap();
    std::fs::write(outside_dir.join("passwords.txt"), "hunter2").unwrap();
    std::os::unix::fs::symlink(&outside_dir, root.join("content/private")).unwrap();
    let out = tmp.join("public");
    let err = match build(&root, &out) {
        Ok(_) => {
            let t = tree(&out);
            panic!(
                "built a site through a symlink out of it; files: {:?}",
                t.keys().collect::<Vec<_>>()
            )
        }
        Err(d) => d,
    };
    assert!(
        err.iter().any(|d| d.is_error()
            && d.file.as_deref().is_some_and(
                |f| f.starts_with("content/leak.md") || f.starts_with("content/private")
            )),
        "no error names the symlink: {:?}",
        err.iter().map(describe).collect::<Vec<_>>()
    );
    assert!(!out.exists(), "output written despite the error");
}

#[cfg(unix)]
#[test]
fn a_symlinked_data_file_outside_the_site_is_an_error() {
    let tmp = TempDir::new("symlink-data");
    let root = tmp.join("site");
    base_site(
        &root,
        SITE,
        "---\ntitle: Home\ndescription: Home.\n---\n\nHello.\n",
    );
    let outside = tmp.join("outside.csv");
    std::fs::write(&outside, "a,b\nx,1\n").unwrap();
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("data/leak.csv")).unwrap();
    let out = tmp.join("public");
    let r = build(&root, &out);
    assert!(
        r.is_err(),
        "built with data symlinked from outside the site"
    );
}

#[test]
fn plainsight_new_creates_a_site_that_builds_and_passes_check() {
    // The README's path for a new team, exactly: new with a title and an
    // address, then check --strict and build from the repository's root.
    let tmp = TempDir::new("new");
    let dir = tmp.join("site");
    let d = dir.to_str().unwrap();
    let o = run(
        &[
            "new",
            d,
            "--title",
            "Safer Ashford",
            "--base-url",
            "https://ashford-csp.github.io/plan/",
            "--organisation",
            "Ashford Borough Council",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let yaml = read(dir.join("site.yaml"));
    assert!(yaml.contains("title: \"Safer Ashford\""), "{yaml}");
    assert!(yaml.contains("base_url: \"https://ashford-csp.github.io/plan/\""));
    assert!(yaml.contains("name: \"Ashford Borough Council\""));
    // What a team needs beside the site.
    let workflow = read(dir.join(".github/workflows/publish.yml"));
    assert!(workflow.contains("check --strict --format github"));
    assert!(workflow.contains("actions/configure-pages@v6"));
    assert!(workflow.contains(&format!("--version \"={}\"", env!("CARGO_PKG_VERSION"))));
    assert!(read(dir.join(".gitignore")).contains("/public/"));
    assert!(read(dir.join("README.md")).contains("red cross"));

    let o = run(&["check", "--strict", "--root", d], &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the new site does not pass check --strict:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&["build", "--root", d], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.join("public");
    let home = read(out.join("index.html"));
    assert!(
        without_figure_markup(&home).contains("1,020"),
        "the starter site shows a figure from its data"
    );
    assert!(
        home.contains("href=\"/plan/"),
        "links are under the site's path"
    );
    assert!(out.join("data/asb-by-district.csv").exists());

    // `new` refuses to overwrite a folder that has files in it.
    let o = run(&["new", d], &[]);
    assert!(!o.status.success(), "new overwrote an existing site");
}

#[test]
fn a_new_site_without_its_address_fails_strict_until_one_is_given() {
    let tmp = TempDir::new("new-placeholder");
    let dir = tmp.join("site");
    let d = dir.to_str().unwrap();
    assert!(run(&["new", d], &[]).status.success());
    let o = run(&["check", "--strict", "--root", d], &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("base-url-example"), "{err}");
    // The workflow passes the Pages address, and then it passes.
    let o = run(
        &[
            "check",
            "--strict",
            "--root",
            d,
            "-u",
            "https://owner-x.github.io/site/",
        ],
        &[],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn deeply_nested_and_huge_input_do_not_crash() {
    let tmp = TempDir::new("robust");
    let root = tmp.join("site");
    let nested = format!("{}x{}", "[".repeat(5000), "]".repeat(5000));
    let quotes = "> ".repeat(3000);
    base_site(
        &root,
        SITE,
        &format!(
            "---\ntitle: Home\ndescription: Home.\n---\n\n{nested}\n\n{quotes}deep\n\n{}\n",
            "*a ".repeat(20000)
        ),
    );
    write_files(
        &root,
        &[(
            "data/deep.yaml",
            &format!("a: {}1{}\n", "[".repeat(2000), "]".repeat(2000)),
        )],
    );
    let out = tmp.join("public");
    let r = std::panic::catch_unwind(|| build(&root, &out));
    assert!(r.is_ok(), "build panicked on deeply nested input");
}
