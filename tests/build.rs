//! Valid fixture sites build, and their output is what residents and CI need.

mod common;

use std::collections::BTreeMap;

use common::*;

/// Builds a valid fixture into a fresh temp dir; returns (dir guard, out path, tree).
fn build_fixture(name: &str) -> (TempDir, BTreeMap<String, Vec<u8>>) {
    let tmp = TempDir::new(name);
    let out = tmp.join("public");
    build_ok(&site(&format!("valid/{name}")), &out);
    let t = tree(&out);
    (tmp, t)
}

fn text(t: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    let b = t.get(rel).unwrap_or_else(|| {
        panic!(
            "{rel} was not written; files: {:?}",
            t.keys().collect::<Vec<_>>()
        )
    });
    String::from_utf8(b.clone()).unwrap_or_else(|_| panic!("{rel} is not UTF-8"))
}

/// The `<main>` element of a page, so the theme's chrome does not match.
fn main_of(html: &str) -> &str {
    let s = html.find("<main").expect("page has <main>");
    let e = html.rfind("</main>").expect("page has </main>");
    &html[s..e]
}

/// The `<tr>` of a table body whose row header is `key`.
fn row_of<'a>(html: &'a str, key: &str) -> &'a str {
    let needle = format!("<th scope=\"row\">{key}</th>");
    let i = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no row {key} in\n{html}"));
    let s = html[..i].rfind("<tr").unwrap();
    let e = i + html[i..].find("</tr>").unwrap();
    &html[s..e]
}

/// The text of each `<td>` in a row, tags removed.
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(i) = rest.find("<td") {
        rest = &rest[i..];
        let open_end = rest.find('>').unwrap() + 1;
        let close = rest.find("</td>").unwrap();
        let inner = &rest[open_end..close];
        out.push(strip_tags(inner));
        rest = &rest[close + 5..];
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

const SHARED_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "atom.xml",
    "data/index.html",
];

#[test]
fn minimal_builds_with_pretty_urls_and_feeds() {
    let (_tmp, t) = build_fixture("minimal");
    for f in SHARED_FILES {
        assert!(t.contains_key(*f), "{f} missing");
    }
    // Pretty URLs: content/about.md -> /about/index.html, never /about.html.
    assert!(t.contains_key("about/index.html"));
    assert!(!t.keys().any(|k| k.ends_with("about.html")));
    // A CSV without a sidecar still gets a dataset page and downloads.
    for f in [
        "data/figures/index.html",
        "data/figures.csv",
        "data/figures.json",
        "data/figures.csv-metadata.json",
    ] {
        assert!(t.contains_key(f), "{f} missing");
    }
    let home = text(&t, "index.html");
    assert!(
        home.contains("<html lang=\"en-GB\">"),
        "default language is en-GB"
    );
    let about = text(&t, "about/index.html");
    assert!(without_figure_markup(main_of(&about)).contains("Ashford had 1,020 incidents."));
    assert_eq!(about.matches("<h1").count(), 1, "one h1 per page");

    // Table from a CSV without a sidecar: caption from the name, scoped headers.
    let m = main_of(&home);
    assert!(m.contains("<caption"), "table has a caption");
    assert!(m.contains("<th scope=\"col\""));
    assert!(m.contains("<th scope=\"row\">Ashford</th>"));
    assert_eq!(cells(row_of(m, "Canterbury")), ["15,323", "157,400"]);
    assert_eq!(
        cells(row_of(m, "Dover")),
        ["\u{2212}5", "118,100"],
        "true minus sign"
    );
    assert!(!m.contains(">-5<"), "no hyphen-minus for negative numbers");

    let sitemap = text(&t, "sitemap.xml");
    for loc in [
        "https://example.org/minimal/",
        "https://example.org/minimal/about/",
        "https://example.org/minimal/data/figures/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{loc}</loc>")),
            "sitemap lacks {loc}:\n{sitemap}"
        );
    }
    assert!(
        !sitemap.contains("404"),
        "the 404 page is not in the sitemap"
    );
    let robots = text(&t, "robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/minimal/sitemap.xml"),
        "{robots}"
    );
    let atom = text(&t, "atom.xml");
    assert!(atom.starts_with("<?xml"));
    assert!(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    let notfound = text(&t, "404.html");
    assert!(notfound.contains("<html lang=\"en-GB\">"));
    assert_eq!(notfound.matches("<h1").count(), 1);
}

#[test]
fn minimal_csv_download_reimports_to_the_same_figures() {
    let (_tmp, t) = build_fixture("minimal");
    let source = std::fs::read(site("valid/minimal/data/figures.csv")).unwrap();
    let published = t["data/figures.csv"].clone();
    let parse = |b: &[u8]| -> Vec<Vec<String>> {
        csv::Reader::from_reader(b)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    assert_eq!(parse(&source), parse(&published));
    let headers = csv::Reader::from_reader(&published[..])
        .headers()
        .unwrap()
        .clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["area", "incidents", "population"]
    );
}

#[test]
fn sections_nest_order_by_weight_hide_drafts_and_use_slugs() {
    let (_tmp, t) = build_fixture("sections");
    for f in [
        "index.html",
        "priorities/index.html",
        "priorities/zebra/index.html",
        "priorities/alpha/index.html",
        "priorities/custom-slug/index.html",
        "priorities/violence/index.html",
        "priorities/violence/knife-crime/index.html",
        "about/index.html",
    ] {
        assert!(
            t.contains_key(f),
            "{f} missing; files: {:?}",
            t.keys().collect::<Vec<_>>()
        );
    }
    assert!(
        !t.contains_key("priorities/renamed/index.html"),
        "slug replaces the file name"
    );
    assert!(
        !t.keys().any(|k| k.contains("secret")),
        "drafts are not published"
    );
    let all: String = t
        .iter()
        .filter(|(k, _)| k.ends_with(".html") || k.ends_with(".xml"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(
        !all.contains("Secret draft"),
        "a draft's title leaks into the output"
    );

    let home = text(&t, "index.html");
    assert!(home.contains("<html lang=\"cy\">"), "site language is used");
    // Main navigation: top-level sections by weight.
    let p = home
        .find("href=\"/priorities/\"")
        .expect("nav links priorities");
    let a = home.find("href=\"/about/\"").expect("nav links about");
    assert!(p < a, "priorities (weight 1) before about (weight 2)");

    let section = text(&t, "priorities/index.html");
    let m = main_of(&section);
    let z = m.find("/priorities/zebra/").expect("section lists zebra");
    let al = m.find("/priorities/alpha/").expect("section lists alpha");
    let c = m
        .find("/priorities/custom-slug/")
        .expect("section lists slugged page");
    assert!(z < al && al < c, "child pages in weight order");
    assert!(
        m.contains("/priorities/violence/"),
        "section lists its subsection"
    );

    let knife = text(&t, "priorities/violence/knife-crime/index.html");
    // Breadcrumbs: home, priorities, violence (labelled in the site's
    // language, Welsh here: "Briwsion bara").
    let crumbs = &knife[knife
        .find("aria-label=\"Briwsion bara\"")
        .expect("breadcrumbs")..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    let h = crumbs.find("href=\"/\"").unwrap();
    let pr = crumbs.find("href=\"/priorities/\"").unwrap();
    let v = crumbs.find("href=\"/priorities/violence/\"").unwrap();
    assert!(h < pr && pr < v);

    let sitemap = text(&t, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/priorities/custom-slug/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("secret"));
}

#[test]
fn datasets_compute_every_derived_kind() {
    let (_tmp, t) = build_fixture("datasets");
    let home = without_figure_markup(&text(&t, "index.html"));
    let m = main_of(&home);

    // Figures in prose come from the data, formatted.
    assert!(m.contains("Ashford changed by +20.0%"), "{m}");
    assert!(m.contains("(+200 incidents)"));
    // −6.25 rounds half away from zero, with a true minus.
    assert!(m.contains("Canterbury changed by \u{2212}6.3%."));
    assert!(m.contains("Thanet recorded 12,345."));
    assert!(m.contains("Cameras cost £8,118.50."));

    assert!(m.contains(
        "<caption id=\"table-incidents-caption\">Incidents by district, with every derived column"
    ));
    // Columns: district | current previous april may june repeat | difference change_pct share rank quarter
    let row = |k| cells(row_of(m, k));
    assert_eq!(
        row("Ashford"),
        [
            "1,200", "1,000", "400", "400", "400", "12", "+200", "+20.0%", "7.0%", "3", "1,200"
        ]
    );
    assert_eq!(
        row("Canterbury"),
        [
            "1,500",
            "1,600",
            "500",
            "500",
            "500",
            "no data",
            "\u{2212}100",
            "\u{2212}6.3%",
            "8.8%",
            "2",
            "1,500"
        ]
    );
    // A zero base has no percentage change; ties share a rank (3, 3, then 5).
    assert_eq!(
        row("Dover"),
        [
            "1,200", "0", "300", "500", "400", "no data", "+1,200", "no data", "7.0%", "3", "1,200"
        ]
    );
    assert_eq!(
        row("Swale"),
        [
            "800",
            "900",
            "300",
            "300",
            "200",
            "no data",
            "\u{2212}100",
            "\u{2212}11.1%",
            "4.7%",
            "5",
            "800"
        ]
    );
    assert_eq!(
        row("Thanet"),
        [
            "12,345", "12,000", "4,000", "4,000", "4,345", "1,234", "+345", "+2.9%", "72.4%", "1",
            "12,345"
        ]
    );
    assert!(m.contains("<span class=\"no-data\">no data</span>"));

    // Totals row: sums, and derived figures recomputed from the totals.
    let tfoot = &m[m.find("<tfoot>").expect("totals row")..];
    let tfoot = &tfoot[..tfoot.find("</tfoot>").unwrap()];
    assert!(tfoot.contains("<th scope=\"row\">All districts</th>"));
    let tc = cells(tfoot);
    assert_eq!(tc[0], "17,045");
    assert_eq!(tc[1], "15,500");
    assert_eq!(tc[6], "+1,545");
    assert_eq!(tc[7], "+10.0%");

    // Currency, percent and date types.
    assert_eq!(
        cells(row_of(m, "Cameras")),
        ["£8,118.50", "5.39%", "1 April 2025"]
    );
    assert_eq!(
        cells(row_of(m, "Leaflets")),
        ["\u{2212}£250.25", "\u{2212}3.20%", "30 June 2025"]
    );

    // Dataset page, catalogue and downloads.
    for f in [
        "data/incidents/index.html",
        "data/incidents.csv",
        "data/incidents.json",
        "data/incidents.csv-metadata.json",
        "data/spending/index.html",
        "data/spending.csv",
        "data/spending.json",
        "data/spending.csv-metadata.json",
    ] {
        assert!(t.contains_key(f), "{f} missing");
    }
    let catalogue = text(&t, "data/index.html");
    assert!(catalogue.contains("/data/incidents/") && catalogue.contains("/data/spending/"));
    let page = text(&t, "data/incidents/index.html");
    assert!(page.contains("Test Police"));
    assert!(page.contains("Figures are invented for tests."));
    assert!(
        page.contains("(current − previous) ÷ previous × 100"),
        "formula of a derived column is shown"
    );
}

#[test]
fn datasets_totals_row_totals_a_sum_column() {
    let (_tmp, t) = build_fixture("datasets");
    let home = text(&t, "index.html");
    let m = main_of(&home);
    let tfoot = &m[m.find("<tfoot>").expect("totals row")..];
    let tc = cells(&tfoot[..tfoot.find("</tfoot>").unwrap()]);
    // quarter = april + may + june, listed in `totals.columns`.
    assert_eq!(tc[10], "17,045", "totals cells: {tc:?}");
}

#[test]
fn datasets_downloads_reimport_to_the_same_figures() {
    let (_tmp, t) = build_fixture("datasets");
    let mut r = csv::Reader::from_reader(&t["data/incidents.csv"][..]);
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        headers,
        [
            "district",
            "current",
            "previous",
            "april",
            "may",
            "june",
            "repeat",
            "difference",
            "change_pct",
            "share",
            "rank",
            "quarter"
        ]
    );
    let rows: Vec<BTreeMap<String, String>> = r
        .records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 5, "the totals row is not a data row");
    // Source figures round-trip unchanged.
    let mut src = csv::Reader::from_path(site("valid/datasets/data/incidents.csv")).unwrap();
    let src_headers: Vec<String> = src.headers().unwrap().iter().map(str::to_string).collect();
    let missing = ["", "-", "no data"];
    for (rec, out) in src.records().zip(&rows) {
        let rec = rec.unwrap();
        for (h, v) in src_headers.iter().zip(rec.iter()) {
            let expect = if missing.contains(&v) { "" } else { v };
            assert_eq!(out[h], expect, "column {h} of {}", out["district"]);
        }
    }
    // Derived figures are in the download, machine-readable (no separators, ASCII minus).
    let get = |k: &str, c: &str| rows.iter().find(|r| r["district"] == k).unwrap()[c].clone();
    assert_eq!(get("Canterbury", "difference"), "-100");
    assert_eq!(get("Canterbury", "change_pct"), "-6.3");
    assert_eq!(get("Dover", "change_pct"), "", "no data is an empty cell");
    assert_eq!(get("Dover", "rank"), "3");
    assert_eq!(get("Ashford", "rank"), "3");
    assert_eq!(get("Swale", "rank"), "5");
    assert_eq!(get("Thanet", "quarter"), "12345");
    assert_eq!(get("Thanet", "share"), "72.4");

    // JSON has the same figures as numbers, and null for no data.
    let json: serde_json::Value = serde_json::from_slice(&t["data/incidents.json"]).unwrap();
    let jrows = json["rows"].as_array().expect("rows");
    assert_eq!(jrows.len(), 5);
    let dover = jrows.iter().find(|r| r["district"] == "Dover").unwrap();
    assert_eq!(dover["change_pct"], serde_json::Value::Null);
    assert_eq!(dover["current"], serde_json::json!(1200));
    let thanet = jrows.iter().find(|r| r["district"] == "Thanet").unwrap();
    assert_eq!(thanet["change_pct"].as_f64(), Some(2.9));
    // CSVW metadata names the CSV and every published column.
    let meta: serde_json::Value =
        serde_json::from_slice(&t["data/incidents.csv-metadata.json"]).unwrap();
    assert_eq!(meta["url"], "incidents.csv");
    let names: Vec<&str> = meta["tableSchema"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        headers.iter().map(String::as_str).collect::<Vec<_>>()
    );

    // Currency and percent come out as plain numbers, dates as ISO dates.
    let mut s = csv::Reader::from_reader(&t["data/spending.csv"][..]);
    let recs: Vec<Vec<String>> = s
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(recs[0], ["Cameras", "8118.50", "5.39", "2025-04-01"]);
    let amount: f64 = recs[0][1].parse().unwrap();
    assert_eq!(amount, 8118.5);
    assert_eq!(recs[2][1].parse::<f64>().unwrap(), -250.25);
}

#[test]
fn stated_columns_are_not_published() {
    // The seed appendix fixture has stated (as-published) columns to verify;
    // they must never reach the tables or downloads. It fails verification,
    // so look at what `check` would publish via a copy without the bad rows.
    let tmp = TempDir::new("stated");
    let root = tmp.join("site");
    write_files(
        &root,
        &[
            (
                "site.yaml",
                "title: Stated\nbase_url: https://example.org/\naccessibility: { status: not-assessed }\n",
            ),
            (
                "content/_index.md",
                "---\ntitle: Home\ndescription: Home.\n---\n\n{{ table(data=\"t\") }}\n",
            ),
            (
                "data/t.csv",
                "area,current,previous,stated_change\nA,110,100,10.0%\nB,90,100,-10%\n",
            ),
            (
                "data/t.yaml",
                "title: T\ncolumns:\n  area: { label: Area, type: text }\n  current: { label: Now, type: integer }\n  previous: { label: Then, type: integer }\n  stated_change: { label: Stated change, type: percent, verify: change_pct, tolerance: 0.05 }\nderived:\n  change_pct: { kind: percent_change, a: current, b: previous, decimals: 1, label: \"% change\" }\n",
            ),
        ],
    );
    let out = tmp.join("public");
    build_ok(&root, &out);
    let t = tree(&out);
    let home = text(&t, "index.html");
    assert!(
        !home.contains("Stated change"),
        "stated column shown in a table"
    );
    let csv_text = text(&t, "data/t.csv");
    assert!(
        !csv_text.contains("stated_change"),
        "stated column in the CSV download:\n{csv_text}"
    );
    assert!(
        csv_text.starts_with("area,current,previous,change_pct"),
        "{csv_text}"
    );
}

#[test]
fn builds_are_deterministic_in_process_and_single_threaded() {
    for name in ["minimal", "sections", "datasets"] {
        let root = site(&format!("valid/{name}"));
        let tmp = TempDir::new(&format!("det-{name}"));
        let a = tmp.join("a");
        let b = tmp.join("b");
        let c = tmp.join("c");
        build_ok(&root, &a);
        build_ok(&root, &b);
        let out = run_build(&root, &c, &[("RAYON_NUM_THREADS", "1")]);
        assert!(
            out.status.success(),
            "binary build of {name} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ta = tree(&a);
        assert_same_tree(&ta, &tree(&b), &format!("{name}: two in-process builds"));
        assert_same_tree(
            &ta,
            &tree(&c),
            &format!("{name}: in-process vs RAYON_NUM_THREADS=1"),
        );
        // Rebuilding over the previous output gives the same tree again.
        build_ok(&root, &a);
        assert_same_tree(&ta, &tree(&a), &format!("{name}: rebuild in place"));
    }
}

#[test]
fn rebuild_replaces_output_and_leaves_no_temporary_folders() {
    let tmp = TempDir::new("replace");
    let out = tmp.join("public");
    build_ok(&site("valid/sections"), &out);
    build_ok(&site("valid/minimal"), &out);
    let t = tree(&out);
    assert!(t.contains_key("about/index.html"));
    assert!(
        !t.contains_key("priorities/index.html"),
        "stale pages from the previous build remain"
    );
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["public"],
        "temporary folders left beside the output"
    );
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let tmp = TempDir::new("foreign");
    let out = tmp.join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "do not delete").unwrap();
    let err = build(&site("valid/minimal"), &out).expect_err("must refuse");
    assert!(err.iter().any(|d| d.code == "write"), "{err:?}");
    assert_eq!(read(out.join("precious.txt")), "do not delete");
}

#[test]

fn base_url_path_prefixes_internal_links() {
    let (_tmp, t) = build_fixture("minimal");
    let about = text(&t, "about/index.html");
    assert!(
        about.contains("href=\"/minimal/css/site.css\""),
        "stylesheet link ignores the base_url path"
    );
    assert!(about.contains("<link rel=\"canonical\" href=\"https://example.org/minimal/about/\">"));
    assert!(
        about.contains("action=\"/minimal/search/\""),
        "the header search box"
    );
    assert!(
        text(&t, "css/site.css").contains("@import url(\"/minimal/css/base.css\")"),
        "the stylesheet's imports"
    );
    assert!(text(&t, "sitemap.xml").contains("<loc>https://example.org/minimal/about/</loc>"));
    assert!(
        text(&t, "404.html").contains("href=\"/minimal/\""),
        "the 404 page links home"
    );
}

/// `--base-url` with a path moves the links too, and back to the root.
#[test]
fn base_url_override_sets_the_path() {
    let tmp = TempDir::new("base-override");
    let out = tmp.join("public");
    let with = |url: &str| {
        let mut opts = options(&site("valid/minimal"));
        opts.base_url = Some(url.into());
        plainsight::build(opts, &out).expect("builds");
    };
    with("https://preview.example.net/pr-12/");
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(about.contains("href=\"/pr-12/css/site.css\""), "{about}");
    with("https://preview.example.net/");
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(about.contains("href=\"/css/site.css\""), "{about}");
}

/// Every `href="/..."`, `src="/..."` and `action="/..."` in the output's
/// pages, and every `url("/...")` in its stylesheets, starts with `base` (the
/// base URL's path) and resolves to a written file.
fn internal_targets_exist(t: &BTreeMap<String, Vec<u8>>, base: &str) -> Vec<String> {
    let mut bad = Vec::new();
    for (k, v) in t.iter() {
        let attrs: &[&str] = if k.ends_with(".html") {
            &["href=\"", "src=\"", "action=\""]
        } else if k.ends_with(".css") {
            &["url(\""]
        } else {
            continue;
        };
        let html = String::from_utf8_lossy(v);
        for attr in attrs {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let url = &rest[..rest.find('"').unwrap_or(0)];
                if !url.starts_with('/') || url.starts_with("//") {
                    continue;
                }
                let Some(path) = url.strip_prefix(base) else {
                    bad.push(format!("{k}: {url} is not under {base}/"));
                    continue;
                };
                let path = path
                    .split(['#', '?'])
                    .next()
                    .unwrap()
                    .trim_start_matches('/');
                let file = if path.is_empty() || path.ends_with('/') {
                    format!("{path}index.html")
                } else {
                    path.to_string()
                };
                if !t.contains_key(&file) {
                    bad.push(format!("{k}: {url}"));
                }
            }
        }
    }
    bad.sort();
    bad.dedup();
    bad
}

#[test]
fn datasets_internal_links_all_resolve() {
    let (_tmp, t) = build_fixture("datasets");
    let bad = internal_targets_exist(&t, "");
    assert!(
        bad.is_empty(),
        "links to files that were not written: {bad:#?}"
    );
}

/// The minimal site's base_url is https://example.org/minimal/: hosted under
/// that path, every link, stylesheet and form goes there.
#[test]
fn minimal_internal_links_all_resolve_under_its_path() {
    let (_tmp, t) = build_fixture("minimal");
    let bad = internal_targets_exist(&t, "/minimal");
    assert!(
        bad.is_empty(),
        "links to files that were not written: {bad:#?}"
    );
}

#[test]
fn dataset_pages_carry_json_ld_and_every_table_names_its_licence() {
    let (_tmp, t) = build_fixture("datasets");
    let page = text(&t, "data/incidents/index.html");
    assert!(
        page.contains(
            "<link rel=\"alternate\" type=\"application/ld+json\" href=\"/data/incidents.jsonld\">"
        ),
        "the dataset page links its JSON-LD"
    );
    let v: serde_json::Value =
        serde_json::from_str(&text(&t, "data/incidents.jsonld")).expect("valid JSON-LD");
    assert_eq!(v["@type"], "Dataset");
    assert_eq!(v["distribution"][0]["encodingFormat"], "text/csv");
    let home = text(&t, "index.html");
    assert!(
        home.contains("rel=\"license\""),
        "table notes attribute the licence"
    );
}
