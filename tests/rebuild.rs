//! `plainsight serve` re-renders only what a change touches (src/rebuild.rs).
//! Over a scripted series of edits to a copy of the worked example (prose,
//! front matter, appendix order, datasets, sidecars, templates, CSS, new,
//! deleted and renamed pages, site.yaml, mistakes and their fixes), every
//! rebuild must give the same files, byte for byte, and the same findings as
//! a clean build of the same sources; and the edits that should be cheap
//! must render only the pages they touch.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;
use plainsight::Options;
use plainsight::internals::FileData;
use plainsight::internals::{Files, Outcome, Scope, Session};

fn options(root: &Path) -> Options {
    let mut o = Options::new(root);
    o.serve = true;
    o.drafts = true;
    o.search = false;
    o.base_url = Some("http://127.0.0.1:1111".into());
    o
}

/// The worked example, copied so it can be edited.
fn worked_example(tmp: &TempDir) -> std::path::PathBuf {
    let root = tmp.join("site");
    let src = manifest_dir();
    for dir in ["content", "data", "themes"] {
        copy_dir(&src.join(dir), &root.join(dir));
    }
    std::fs::copy(src.join("site.yaml"), root.join("site.yaml")).unwrap();
    root
}

fn bytes(files: &Files) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .map(|(p, f)| {
            let b = match &**f {
                FileData::Bytes(b) => b.clone(),
                FileData::Static(b) => b.to_vec(),
                FileData::Copy(src) => std::fs::read(src).unwrap(),
            };
            (p.to_string_lossy().replace('\\', "/"), b)
        })
        .collect()
}

/// Every finding: all of them after a build, the errors after a failure.
fn findings(s: &mut Session, o: &Result<Outcome, plainsight::Diagnostics>) -> Vec<String> {
    let d = match o {
        Ok(_) => s.findings().expect("a build that succeeded has findings"),
        Err(d) => d.clone(),
    };
    let mut v: Vec<String> = d.iter().map(describe).collect();
    v.sort();
    v
}

/// Rebuilds after `changed` and compares with a clean build. None when the
/// sources have an error (and both agree on it).
fn step(
    session: &mut Session,
    root: &Path,
    what: &str,
    changed: &[&str],
) -> Option<(Scope, usize)> {
    let changed: BTreeSet<String> = changed.iter().map(|s| s.to_string()).collect();
    let got = session.rebuild(&changed);
    let mut fresh = Session::new(options(root));
    let clean = fresh.build();
    assert_eq!(
        findings(session, &got),
        findings(&mut fresh, &clean),
        "{what}: the rebuild's findings differ from a clean build's"
    );
    match (got, clean) {
        (Ok(got), Ok(clean)) => {
            assert_same_tree(&bytes(&got.files), &bytes(&clean.files), what);
            assert_eq!(got.errors, clean.errors, "{what}: errors");
            assert_eq!(got.warnings, clean.warnings, "{what}: warnings");
            // A build with errors is not served: report it as failed.
            got.errors.is_empty().then_some((got.scope, got.rendered))
        }
        (Err(_), Err(_)) => None,
        (got, clean) => panic!(
            "{what}: the rebuild {} but a clean build {}",
            if got.is_ok() { "succeeded" } else { "failed" },
            if clean.is_ok() { "succeeded" } else { "failed" }
        ),
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let new = f(text.clone());
    assert_ne!(text, new, "the edit to {rel} changed nothing");
    std::fs::write(path, new).unwrap();
}

fn partial(r: Option<(Scope, usize)>, what: &str) -> usize {
    match r {
        Some((Scope::Partial, n)) => n,
        other => panic!("{what}: expected a partial rebuild, got {other:?}"),
    }
}

fn full(r: Option<(Scope, usize)>, what: &str) {
    match r {
        Some((Scope::Full(_), _)) => {}
        other => panic!("{what}: expected the whole pipeline, got {other:?}"),
    }
}

#[test]
fn every_rebuild_equals_a_clean_build() {
    let tmp = TempDir::new("rebuild");
    let root = worked_example(&tmp);
    let mut s = Session::new(options(&root));
    let first = s.build().expect("the worked example builds");
    let total = first.pages;

    let sv = "content/priorities/serious-violence.md";
    edit(&root, sv, |t| {
        t.replace(
            "Serious violence is not one problem",
            "Serious violence is never one problem",
        )
    });
    let n = partial(step(&mut s, &root, "prose", &[sv]), "prose");
    assert_eq!(n, 1, "a prose edit renders one page");

    // A description shows in its section's listing, not in the site's menu.
    let approach = "content/about/our-approach.md";
    edit(&root, approach, |t| {
        t.replacen(
            "description: The whole",
            "description: In short, the whole",
            1,
        )
    });
    let n = partial(
        step(&mut s, &root, "description", &[approach]),
        "description",
    );
    assert!(
        n > 1 && n < total / 2,
        "{n} of {total} pages for a description"
    );

    // An appendix's title: its page, its section and the pages that ref() it.
    let grant = "content/appendices/pcc-grant.md";
    edit(&root, grant, |t| {
        t.replacen(
            "title: \"Police and Crime Commissioner grant allocations\"",
            "title: \"Grants from the Police and Crime Commissioner\"",
            1,
        )
    });
    let n = partial(
        step(&mut s, &root, "appendix title", &[grant]),
        "appendix title",
    );
    assert!(n > 1 && n < total / 2, "{n} of {total} pages for a title");

    // Moving an appendix to the front reletters the others everywhere.
    edit(&root, grant, |t| t.replacen("weight: 5", "weight: 0", 1));
    partial(
        step(&mut s, &root, "appendix order", &[grant]),
        "appendix order",
    );

    // A priority's title is on the home page and in every page's plan list.
    edit(&root, sv, |t| {
        t.replacen(
            "title: Reducing serious violence",
            "title: Cutting serious violence",
            1,
        )
    });
    partial(
        step(&mut s, &root, "priority title", &[sv]),
        "priority title",
    );

    // A figure in a dataset: the pages quoting it and the data pages.
    let csv = "data/asb-by-district.csv";
    edit(&root, csv, |t| t.replacen("Ashford,", "Ashford,1", 1));
    let n = partial(step(&mut s, &root, "dataset", &[csv]), "dataset");
    assert!(n < total, "{n} of {total} pages for a dataset");

    let sidecar = "data/asb-by-district.yaml";
    edit(&root, sidecar, |t| {
        t.replacen("title: Anti-social", "title: Revised anti-social", 1)
    });
    partial(step(&mut s, &root, "sidecar", &[sidecar]), "sidecar");

    // A template used by the priorities only.
    let tpl = "themes/default/templates/priority.html";
    edit(&root, tpl, |t| {
        t.replacen(
            "{% block content %}",
            "{% block content %}<!-- edited -->",
            1,
        )
    });
    let n = partial(
        step(&mut s, &root, "priority template", &[tpl]),
        "priority template",
    );
    assert_eq!(n, 5, "the five pages using priority.html");

    // A partial every page includes.
    let footer = "themes/default/templates/partials/footer.html";
    edit(&root, footer, |t| {
        // The link's words come from the message catalogue; the edit puts
        // the theme's own words in their place.
        t.replacen("{{ t(key=\"footer.data\") }}", "All our data", 1)
    });
    let n = partial(step(&mut s, &root, "footer", &[footer]), "footer");
    assert_eq!(n, total, "every page has the footer");

    let css = "themes/default/static/css/base.css";
    edit(&root, css, |t| format!("{t}\n/* edited */\n"));
    let n = partial(step(&mut s, &root, "stylesheet", &[css]), "stylesheet");
    assert_eq!(n, 0, "a stylesheet needs no page rendered");

    // A new weight reorders a section's listing.
    let progress = "content/about/progress.md";
    edit(&root, progress, |t| t.replacen("weight: ", "weight: 9", 1));
    partial(step(&mut s, &root, "weight", &[progress]), "weight");

    // Several files saved at once (a branch switch, a find-and-replace).
    edit(&root, csv, |t| t.replacen("Ashford,1", "Ashford,", 1));
    edit(&root, sv, |t| {
        t.replacen("never one problem", "rarely one problem", 1)
    });
    edit(&root, tpl, |t| {
        t.replacen("<!-- edited -->", "<!-- edited twice -->", 1)
    });
    partial(
        step(&mut s, &root, "three at once", &[csv, sv, tpl]),
        "three at once",
    );

    // A mistake, then its fix.
    edit(&root, sv, |t| {
        t.replacen("plan: priority", "plan: [priority", 1)
    });
    assert!(step(&mut s, &root, "broken front matter", &[sv]).is_none());
    edit(&root, sv, |t| {
        t.replacen("plan: [priority", "plan: priority", 1)
    });
    step(&mut s, &root, "fixed front matter", &[sv]).expect("builds again");

    // A link to a heading on another page, then that heading renamed.
    let asb = "content/priorities/anti-social-behaviour.md";
    edit(&root, asb, |t| {
        format!(
            "{t}\nSee also [how decisions are made](/about/governance/#how-decisions-are-made).\n"
        )
    });
    partial(step(&mut s, &root, "anchor link", &[asb]), "anchor link");
    let gov = "content/about/governance.md";
    edit(&root, gov, |t| {
        t.replacen("## How decisions are made", "## How we decide", 1)
    });
    assert!(
        step(&mut s, &root, "heading renamed", &[gov]).is_none(),
        "the link to the renamed heading is an error"
    );
    edit(&root, gov, |t| {
        t.replacen("## How we decide", "## How decisions are made", 1)
    });
    step(&mut s, &root, "heading restored", &[gov]).expect("builds again");

    // New, deleted and renamed files, and site.yaml, take the whole pipeline.
    let new = "content/about/new-page.md";
    write_files(
        &root,
        &[(
            new,
            "---\ntitle: A new page\ndescription: New.\n---\n\nHello.\n",
        )],
    );
    full(step(&mut s, &root, "new page", &[new]), "new page");
    let renamed = "content/about/renamed-page.md";
    std::fs::rename(root.join(new), root.join(renamed)).unwrap();
    full(
        step(&mut s, &root, "renamed page", &[new, renamed]),
        "renamed page",
    );
    std::fs::remove_file(root.join(renamed)).unwrap();
    full(
        step(&mut s, &root, "deleted page", &[renamed]),
        "deleted page",
    );
    edit(&root, "site.yaml", |t| {
        t.replacen("title: Ashford", "title: The Ashford", 1)
    });
    full(
        step(&mut s, &root, "site.yaml", &["site.yaml"]),
        "site.yaml",
    );

    // And after all that, cheap edits are cheap again.
    edit(&root, sv, |t| {
        t.replacen("rarely one problem", "not one problem", 1)
    });
    let n = partial(step(&mut s, &root, "prose again", &[sv]), "prose again");
    assert_eq!(n, 1);
}

/// Old addresses in `serve`: a new alias takes the whole pipeline, and a
/// retitled page's redirect pages show its new title, as a clean build's do.
#[test]
fn aliases_rebuild_like_a_clean_build() {
    let tmp = TempDir::new("rebuild-aliases");
    let root = tmp.join("site");
    common::copy_dir(&common::site("branded"), &root);
    let mut s = Session::new(options(&root));
    s.build().expect("the branded site builds");
    let page = "content/priorities/safer-streets.md";
    edit(&root, page, |t| {
        t.replacen(
            "  - /night-time.html\n",
            "  - /night-time.html\n  - /streets/\n",
            1,
        )
    });
    full(step(&mut s, &root, "a new alias", &[page]), "a new alias");
    edit(&root, page, |t| {
        t.replacen("title: Safer streets", "title: Safer streets at night", 1)
    });
    partial(
        step(&mut s, &root, "aliased page's title", &[page]),
        "aliased page's title",
    );
}

/// A rebuild checks again only the links of the pages it rendered and of
/// the pages linking into a page whose ids changed (src/check/roster.rs):
/// a link into an anchor that an edit removes is still reported, an edit
/// that puts it back clears it, and links a page no longer has are
/// forgotten.
#[test]
fn anchors_rebuild_like_a_clean_build() {
    let tmp = TempDir::new("rebuild-anchors");
    let root = worked_example(&tmp);
    let mut s = Session::new(options(&root));
    s.build().expect("the worked example builds");
    let gov = "content/about/governance.md";
    let sv = "content/priorities/serious-violence.md";
    let asb = "content/priorities/anti-social-behaviour.md";
    let to_board = "[the board](/about/governance/#who-is-on-the-board)";
    let to_evidence = "[evidence](../../about/governance/#using-evidence-to-target-our-work)";
    let to_self = "[our approach](#our-approach)";
    edit(&root, sv, |t| {
        format!("{t}\nSee {to_board} and {to_self}.\n")
    });
    edit(&root, asb, |t| {
        format!("{t}\nSee {to_board} and {to_evidence}.\n")
    });
    partial(
        step(&mut s, &root, "links into anchors", &[sv, asb]),
        "links",
    );

    // Two pages link into the heading: both are reported, neither rendered.
    edit(&root, gov, |t| {
        t.replacen("## Who is on the board", "## The board", 1)
    });
    assert!(
        step(&mut s, &root, "a linked heading renamed", &[gov]).is_none(),
        "links into the renamed heading are errors"
    );
    // One linking page mended in the same save as a second heading goes.
    edit(&root, sv, |t| {
        t.replacen(to_board, "[the board](/about/governance/#the-board)", 1)
    });
    edit(&root, gov, |t| {
        t.replacen("## Using evidence to target our work", "## Evidence", 1)
    });
    assert!(step(&mut s, &root, "one mended, another broken", &[sv, gov]).is_none());
    // The page's own anchor goes, with the link to it.
    edit(&root, sv, |t| {
        t.replacen("## Our approach", "## How we work", 1)
    });
    assert!(step(&mut s, &root, "a heading its own page links to", &[sv]).is_none());
    edit(&root, sv, |t| {
        t.replacen("## How we work", "## Our approach", 1)
    });
    assert!(step(&mut s, &root, "own heading restored", &[sv]).is_none());
    // Both headings back: every link finds its anchor again.
    edit(&root, gov, |t| {
        t.replacen("## The board", "## Who is on the board", 1)
            .replacen("## Evidence", "## Using evidence to target our work", 1)
    });
    assert!(step(&mut s, &root, "headings restored", &[gov]).is_none());
    edit(&root, sv, |t| {
        t.replacen(
            "/about/governance/#the-board",
            "/about/governance/#who-is-on-the-board",
            1,
        )
    });
    partial(step(&mut s, &root, "all mended", &[sv]), "all mended");

    // A page that no longer links into a heading is not reported for it.
    edit(&root, asb, |t| {
        t.replacen(&format!(" and {to_evidence}"), "", 1)
    });
    partial(
        step(&mut s, &root, "a link removed", &[asb]),
        "a link removed",
    );
    edit(&root, gov, |t| {
        t.replacen("## Using evidence to target our work", "## Evidence", 1)
    });
    let n = partial(
        step(&mut s, &root, "an unlinked heading renamed", &[gov]),
        "unlinked",
    );
    assert_eq!(
        n, 1,
        "renaming a heading no page links to renders its page alone"
    );
}

/// Corrections are listed on /corrections/ and in its feed: a partial
/// rebuild after a page's correction or a dataset changes writes both
/// again, as a clean build would.
#[test]
fn corrections_rebuild_like_a_clean_build() {
    let tmp = TempDir::new("rebuild-corrections");
    let root = tmp.join("site");
    common::copy_dir(&common::site("corrections"), &root);
    let mut s = Session::new(options(&root));
    s.build().expect("the corrections site builds");
    let page = "content/thanet.md";
    edit(&root, page, |t| {
        t.replacen(
            "Reports fell. The sentence",
            "Reports fell by 43. The sentence",
            1,
        )
    });
    partial(
        step(&mut s, &root, "a page's correction", &[page]),
        "a page's correction",
    );
    // The sidecar's call taken out of its reason, its edits are rebuilt in
    // part (a dataset's text with calls takes the whole pipeline).
    let sidecar = "data/asb-by-district.yaml";
    edit(&root, sidecar, |t| {
        let from = t
            .find("reason: \"The change was divided by the later")
            .unwrap();
        let end = from + t[from..].find('\n').unwrap();
        format!(
            "{}reason: Divided by the later period.{}",
            &t[..from],
            &t[end..]
        )
    });
    partial(
        step(&mut s, &root, "a sidecar's correction", &[sidecar]),
        "a sidecar's correction",
    );
    let csv = "data/asb-by-district.csv";
    edit(&root, csv, |t| t.replacen("Thanet,1589", "Thanet,1590", 1));
    partial(
        step(&mut s, &root, "a corrected figure's data", &[csv]),
        "a corrected figure's data",
    );
    let feed = String::from_utf8(bytes(&s.build().unwrap().files)["corrections/atom.xml"].clone())
        .unwrap();
    assert!(feed.contains("Reports fell by 43."), "{feed}");
    assert!(feed.contains("It is 1,590."), "{feed}");
}

/// `i18n/LANG.yaml` holds words of every page: saving it rebuilds them all,
/// as a clean build would make them.
#[test]
fn a_change_to_the_sites_words_rebuilds_every_page() {
    let tmp = TempDir::new("rebuild-i18n");
    let root = tmp.join("site");
    common::copy_dir(&common::site("bilingual"), &root);
    let mut s = Session::new(options(&root));
    s.build().expect("the bilingual site builds");
    let rel = "i18n/cy.yaml";
    edit(&root, rel, |t| {
        format!("{t}skip_link: Neidio i'r cynnwys\nredirect.moved: Symudodd y dudalen hon\n")
    });
    full(
        step(&mut s, &root, "the Welsh words", &[rel]),
        "the Welsh words",
    );
    // The rebuild gave what a clean build gives (step checks), which is:
    let clean = Session::new(options(&root)).build().expect("still builds");
    let files = bytes(&clean.files);
    let welsh = String::from_utf8_lossy(&files["cy/priorities/asb/index.html"]).to_string();
    assert!(welsh.contains("Neidio i&#39;r cynnwys"), "{welsh}");
    let english = String::from_utf8_lossy(&files["priorities/asb/index.html"]).to_string();
    assert!(english.contains("Skip to main content"));
}
