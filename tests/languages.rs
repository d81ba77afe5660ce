//! Welsh and bilingual sites (docs/languages.md): the bilingual fixture
//! builds with no finding, every Welsh page is free of the English
//! catalogue's words, the language switcher and `hreflang` link each page to
//! its translation both ways, and `check` names a page left untranslated.
//! Datasets and the glossary speak the page's language too: the sidecar's
//! `cy:` block and the glossary's `_cy` columns.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// The English and Welsh built-in messages, as shipped.
fn catalogue(lang: &str) -> BTreeMap<String, String> {
    let src = read(manifest_dir().join(format!("src/model/i18n/{lang}.yaml")));
    yaml_serde::from_str(&src).expect("the catalogue parses")
}

/// Messages whose single words matter: the words Plainsight writes beside
/// figures ("met", "confidential", "over 400", "corrected"), which are
/// often one word long.
const ONE_WORD_KEYS: [&str; 8] = [
    "symbol.",
    "target.",
    "approx.",
    "fraction.",
    "correction",
    "redirect.",
    "figure.",
    "missing.",
];

/// Phrases of the English catalogue a Welsh page must not show: each
/// message's runs of words between its placeholders, of two words or more,
/// and for the words written beside figures (ONE_WORD_KEYS), single words
/// too, but not the little words between placeholders ("for", "is") that
/// author text in English may hold; except where the Welsh message is the
/// same (names such as "Creative Commons Attribution 4.0" are not
/// translated). "all" is left out: it is a Welsh word too ("ni all").
fn english_phrases(single_words: bool) -> Vec<(String, String)> {
    let cy = catalogue("cy");
    let mut out = Vec::new();
    for (key, en) in catalogue("en") {
        if cy.get(&key) == Some(&en) {
            continue;
        }
        let one_word = single_words && ONE_WORD_KEYS.iter().any(|k| key.starts_with(k));
        for part in en.split(['{', '}']).step_by(2) {
            let phrase = part
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            let words = phrase.split_whitespace().count();
            const LITTLE: [&str; 6] = ["all", "for", "the", "and", "are", "was"];
            let word = one_word && words == 1 && phrase.len() >= 3;
            let long_enough = words >= 2 || (word && !LITTLE.contains(&phrase.as_str()));
            if long_enough && !cy[&key].contains(&phrase) {
                out.push((key.clone(), phrase));
            }
        }
    }
    out
}

/// Whether `phrase` is in `text` as whole words ("met" is not in "metr").
fn has_words(text: &str, phrase: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '-';
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// What a reader meets on a page: its text, and the attributes read out or
/// shown (`alt`, `title`, `aria-label`, `placeholder`), with the markup,
/// scripts and styles taken away.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
        let tag = &rest[open..tag_end];
        for attr in ["alt=\"", "title=\"", "aria-label=\"", "placeholder=\""] {
            if let Some(i) = tag.find(attr) {
                let v = &tag[i + attr.len()..];
                text.push(' ');
                text.push_str(&v[..v.find('"').unwrap_or(v.len())]);
                text.push(' ');
            }
        }
        text.push(' ');
        rest = &rest[tag_end..];
        for skip in ["script", "style"] {
            if tag.starts_with(&format!("<{skip}")) {
                let close = format!("</{skip}>");
                rest = rest.find(&close).map_or("", |c| &rest[c + close.len()..]);
            }
        }
    }
    text.push_str(rest);
    text.replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every English phrase found on any page of `out` whose `<html lang>` is
/// Welsh, as "page: phrase (key)". With `single_words`, the one-word
/// messages too, for a site whose own text is all Welsh.
fn english_on_welsh_pages(out: &Path, single_words: bool) -> (usize, Vec<String>) {
    let phrases = english_phrases(single_words);
    let mut found = Vec::new();
    let mut pages = 0;
    for (path, bytes) in tree(out) {
        if !path.ends_with(".html") || path.starts_with("pagefind/") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        if !html.contains("<html lang=\"cy") {
            continue;
        }
        pages += 1;
        let text = visible_text(&html);
        for (key, phrase) in &phrases {
            if has_words(&text, phrase) {
                found.push(format!("{path}: \"{phrase}\" ({key})"));
            }
        }
    }
    (pages, found)
}

#[test]
fn the_bilingual_site_builds_and_checks_clean() {
    let root = site("bilingual");
    let report = plainsight::check(options(&root)).expect("the site checks");
    assert!(
        report.findings.is_empty(),
        "{}",
        plainsight::diagnostic::render(&report.findings, plainsight::Format::Human, &root, false)
    );
}

#[test]
fn no_welsh_page_shows_the_english_catalogue() {
    let out = TempDir::new("bilingual");
    build_ok(&site("bilingual"), out.path());
    let (pages, found) = english_on_welsh_pages(out.path(), true);
    // Content, accessibility, glossary, search, and the data catalogue and
    // each dataset's page in Welsh.
    assert!(pages >= 10, "only {pages} Welsh pages were built");
    assert!(out.join("cy/data/asb/index.html").is_file());
    assert!(
        found.is_empty(),
        "English on Welsh pages:\n{}",
        found.join("\n")
    );
    // The Welsh page has what the words above are written beside: a
    // symbol, a target's status, a qualified figure, a correction, and the
    // page left at its old address.
    let asb = read(out.join("cy/priorities/asb/index.html"));
    for welsh in [
        "(dros dro)",
        "<dd>ddim ar gael: nid yw&#39;r ffigur ar gael</dd>",
        "wedi&#39;i gyrraedd",
        "heb ei adrodd eto",
        "dros 410",
        "dau</data>",
        "Cywiriad, 20 Ebrill 2026:",
        "cywirwyd",
        "<th scope=\"col\">Statws</th>",
        "Mae Change (%) ar gyfer Tredegar yn defnyddio",
    ] {
        assert!(asb.contains(welsh), "the Welsh page lacks {welsh}");
    }
    let moved = read(out.join("cy/ymddygiad/index.html"));
    assert!(moved.contains("<html lang=\"cy\">"));
    assert!(moved.contains("<h1>Mae&#39;r dudalen hon wedi symud</h1>"));
    let english = read(out.join("asb/index.html"));
    assert!(english.contains("<h1>This page has moved</h1>"));
}

#[test]
fn a_site_in_welsh_alone_has_no_english_words_of_its_own() {
    let dir = TempDir::new("welsh-only");
    copy_dir(&site("valid/minimal"), dir.path());
    let yaml = read(dir.join("site.yaml"));
    let yaml = yaml
        .lines()
        .filter(|l| !l.starts_with("language:"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("site.yaml"), format!("{yaml}\nlanguage: cy\n")).unwrap();
    let out = dir.join("public");
    build_ok(dir.path(), &out);
    // The minimal site's own text is English ("the about page"), so only
    // phrases are looked for.
    let (pages, found) = english_on_welsh_pages(&out, false);
    assert!(pages >= 4, "only {pages} Welsh pages were built");
    assert!(
        found.is_empty(),
        "English on Welsh pages:\n{}",
        found.join("\n")
    );
    let home = read(out.join("index.html"));
    assert!(
        home.contains("Neidio i&#39;r prif gynnwys"),
        "the skip link is in Welsh"
    );
}

#[test]
fn each_page_links_to_its_translation_both_ways() {
    let out = TempDir::new("switcher");
    build_ok(&site("bilingual"), out.path());
    for (en, cy) in [
        ("", "cy/"),
        ("priorities/", "cy/priorities/"),
        ("priorities/asb/", "cy/priorities/asb/"),
        ("accessibility/", "cy/accessibility/"),
        ("search/", "cy/search/"),
        ("data/", "cy/data/"),
        ("data/asb/", "cy/data/asb/"),
        ("glossary/", "cy/glossary/"),
    ] {
        let en_html = read(out.join(en).join("index.html"));
        let cy_html = read(out.join(cy).join("index.html"));
        assert!(en_html.contains("<html lang=\"en-GB\">"), "{en}");
        assert!(cy_html.contains("<html lang=\"cy\">"), "{cy}");
        let to_cy =
            format!("<a href=\"/{cy}\" hreflang=\"cy\" lang=\"cy\" rel=\"alternate\">Cymraeg</a>");
        let to_en = format!(
            "<a href=\"/{en}\" hreflang=\"en-GB\" lang=\"en-GB\" rel=\"alternate\">English</a>"
        );
        assert!(en_html.contains(&to_cy), "/{en} has no switcher to /{cy}");
        assert!(cy_html.contains(&to_en), "/{cy} has no switcher to /{en}");
        let alternate = format!("hreflang=\"cy\" href=\"https://bilingual.example.org/{cy}\"");
        assert!(
            en_html.contains(&alternate),
            "/{en} has no hreflang alternate"
        );
    }
    // A page with no translation has no switcher at all.
    let missing = read(out.join("404.html"));
    assert!(!missing.contains("language-switcher"));
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"cy\" href=\"https://bilingual.example.org/cy/priorities/asb/\"/>"
    ));
}

#[test]
fn a_page_without_its_translation_is_a_warning_at_the_page() {
    let dir = TempDir::new("untranslated");
    copy_dir(&site("bilingual"), dir.path());
    std::fs::remove_file(dir.join("content/contact.cy.md")).unwrap();
    let report = plainsight::check(options(dir.path())).expect("still checks");
    let found: Vec<_> = (report.findings.iter())
        .filter(|d| d.code == plainsight::Code::TranslationMissing)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].file.as_deref(), Some("content/contact.md"));
    assert!(
        found[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("content/contact.cy.md")
    );
}

#[test]
fn an_override_with_an_unknown_key_is_refused_where_it_is_written() {
    let dir = TempDir::new("bad-override");
    copy_dir(&site("bilingual"), dir.path());
    std::fs::write(
        dir.join("i18n/cy.yaml"),
        "skip_link: Neidio\nskip_lnk: Neidio\n",
    )
    .unwrap();
    let Err(err) = plainsight::check(options(dir.path())) else {
        panic!("an unknown message key was accepted");
    };
    let d = err
        .iter()
        .find(|d| d.code == plainsight::Code::Messages)
        .expect("a messages error");
    assert_eq!((d.file.as_deref(), d.line), (Some("i18n/cy.yaml"), 2));
}

#[test]
fn welsh_pages_show_the_sidecars_welsh_text_and_link_to_welsh_data_pages() {
    let out = TempDir::new("welsh-data");
    build_ok(&site("bilingual"), out.path());
    let cy_data = read(out.join("cy/data/asb/index.html"));
    let en_data = read(out.join("data/asb/index.html"));
    for welsh in [
        "Digwyddiadau ymddygiad gwrthgymdeithasol fesul tref",
        "Heddlu Gwent",
        "<th scope=\"col\">Tref</th>",
        "Newid (%)",
    ] {
        assert!(cy_data.contains(welsh), "/cy/data/asb/ lacks {welsh}");
        assert!(
            !en_data.contains(welsh),
            "/data/asb/ shows the Welsh {welsh}"
        );
    }
    assert!(en_data.contains("Anti-social behaviour incidents by town"));
    // A table on a Welsh page has the Welsh caption and links to the Welsh
    // dataset page; the download is the one file both languages share.
    let cy_page = read(out.join("cy/priorities/asb/index.html"));
    assert!(cy_page.contains("Digwyddiadau ymddygiad gwrthgymdeithasol fesul tref"));
    assert!(!cy_page.contains("Anti-social behaviour incidents by town"));
    assert!(cy_page.contains("href=\"/cy/data/asb/"));
    assert!(!cy_page.contains("href=\"/data/asb/"));
    assert!(cy_page.contains("href=\"/data/asb.csv\""));
    assert!(!out.join("cy/data/asb.csv").exists());
    let catalogue = read(out.join("cy/data/index.html"));
    assert!(catalogue.contains("href=\"/cy/data/asb/\""));
    assert!(catalogue.contains("Geirfa byrfoddau"));
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"cy\" href=\"https://bilingual.example.org/cy/data/asb/\"/>"
    ));
}

#[test]
fn the_welsh_glossary_explains_welsh_abbreviations_on_welsh_pages() {
    let out = TempDir::new("welsh-glossary");
    build_ok(&site("bilingual"), out.path());
    let cy = read(out.join("cy/glossary/index.html"));
    assert!(cy.contains("PDC") && cy.contains("Partneriaeth Diogelwch Cymunedol"));
    assert!(!cy.contains("Community Safety Partnership"));
    let en = read(out.join("glossary/index.html"));
    assert!(en.contains("Community Safety Partnership") && !en.contains("PDC"));
    let home = read(out.join("cy/index.html"));
    assert!(home.contains("<abbr title=\"Partneriaeth Diogelwch Cymunedol\">PDC</abbr>"));
}

/// The bilingual fixture with `edit` made to it, and its findings.
fn findings_after(name: &str, edit: impl Fn(&Path)) -> Vec<plainsight::Diagnostic> {
    let dir = TempDir::new(name);
    copy_dir(&site("bilingual"), dir.path());
    edit(dir.path());
    let report = plainsight::check(options(dir.path())).expect("still checks");
    report.findings.0
}

#[test]
fn an_untranslated_dataset_falls_back_and_warns_at_its_sidecar() {
    let edit = |root: &Path| {
        let p = root.join("data/asb.yaml");
        let s = read(&p);
        let s = s.replace(
            "  title: Digwyddiadau ymddygiad gwrthgymdeithasol fesul tref\n",
            "",
        );
        std::fs::write(&p, s).unwrap();
    };
    let found = findings_after("untranslated-data", edit);
    let warned: Vec<_> = (found.iter())
        .filter(|d| d.code == plainsight::Code::TranslationMissing)
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].file.as_deref(), Some("data/asb.yaml"));
    assert_eq!(warned[0].line, 21);
    assert!(
        warned[0].message.contains("for: title,"),
        "{}",
        warned[0].message
    );
    // The Welsh page shows the English title meanwhile.
    let dir = TempDir::new("untranslated-data-build");
    copy_dir(&site("bilingual"), dir.path());
    edit(dir.path());
    let out = TempDir::new("untranslated-data-out");
    build_ok(dir.path(), out.path());
    let cy = read(out.join("cy/data/asb/index.html"));
    assert!(cy.contains("Anti-social behaviour incidents by town"));
    assert!(cy.contains("Heddlu Gwent"));
}

#[test]
fn a_glossary_term_without_welsh_falls_back_and_warns_at_its_cell() {
    let found = findings_after("untranslated-glossary", |root| {
        let p = root.join("data/glossary.csv");
        let s = read(&p).replace(",PDC,Partneriaeth Diogelwch Cymunedol,", ",PDC,,");
        std::fs::write(&p, s).unwrap();
    });
    let warned: Vec<_> = (found.iter())
        .filter(|d| d.code == plainsight::Code::TranslationMissing)
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].file.as_deref(), Some("data/glossary.csv"));
    assert_eq!(warned[0].line, 3);
    assert!(warned[0].message.contains("stands_for_cy"));
}
