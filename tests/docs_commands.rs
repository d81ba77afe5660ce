//! The commands the docs tell a new user to type, run as written where they
//! can run here: docs/install.md's "Your first site" (all but `serve`, which
//! does not end) and the README's way to look at a build from the disk.

mod common;

use common::*;

/// The lines of the first ```sh block after `heading` in `doc`.
fn sh_block(doc: &str, heading: &str) -> Vec<String> {
    let text = read(manifest_dir().join(doc));
    let after = &text[text
        .find(heading)
        .unwrap_or_else(|| panic!("{doc}: no `{heading}`"))..];
    let start = after.find("```sh\n").expect("a sh block") + 6;
    let body = &after[start..];
    let end = body.find("```").expect("the block's end");
    body[..end]
        .lines()
        .map(|l| l.split(" #").next().unwrap_or(l).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Shell-like words: spaces split, double quotes group.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn install_md_first_site_commands_work_as_written() {
    let lines = sh_block("docs/install.md", "## Your first site");
    assert!(lines.len() >= 4, "{lines:?}");
    let tmp = TempDir::new("docs-first-site");
    for line in lines {
        let w = words(&line);
        assert_eq!(w[0], "plainsight", "{line}");
        if w[1] == "serve" {
            continue;
        }
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_plainsight"))
            .current_dir(tmp.path())
            .args(&w[1..])
            .env("NO_COLOR", "1")
            .output()
            .expect("run plainsight");
        assert!(
            o.status.success(),
            "`{line}` failed as written in docs/install.md:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(tmp.join("my-site/public/index.html").is_file());
}

#[test]
fn the_readme_build_for_opening_from_the_disk_is_relative() {
    let readme = read(manifest_dir().join("README.md"));
    let view = &readme[readme
        .find("**To view the result**")
        .expect("the README says how to view")..];
    let view = &view[..view.len().min(400)];
    assert!(view.contains("build --relative"), "{view}");
    // What the README's command makes: no page links from the root, so the
    // pages work opened from the disk (the browser test opens them).
    let tmp = TempDir::new("docs-readme-relative");
    let out = tmp.join("public");
    let o = run(
        &[
            "build",
            "--relative",
            "--out",
            out.to_str().unwrap(),
            "--root",
            manifest_dir().to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let home = read(out.join("index.html"));
    assert!(
        !home.contains("href=\"/"),
        "a root link in a --relative build"
    );
}
