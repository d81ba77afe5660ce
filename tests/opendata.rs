//! Spreadsheets in, open data out (docs/datasets.md, "Excel exports" and
//! "Downloads and the data catalogue"): a folder of real-shaped Excel
//! exports builds, each quirk with its warning; every dataset page of the
//! worked example carries a schema.org `Dataset` that meets Google's
//! requirements; every CSV on the Web file passes a strict check against
//! its CSV; and the DCAT catalogue lists every dataset with its downloads.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::Value;

/// Every value in `v` that is null or an empty string, by its path.
fn nulls_and_empties(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Null => out.push(format!("{at} is null")),
        Value::String(s) if s.trim().is_empty() => out.push(format!("{at} is an empty string")),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                nulls_and_empties(x, &format!("{at}[{i}]"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                // CSVW's `null` lists the cell texts that mean "no value";
                // the empty cell is one of them (the spec's default).
                if k == "null" && at == "$" {
                    continue;
                }
                nulls_and_empties(x, &format!("{at}.{k}"), out);
            }
        }
        _ => {}
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn is_area_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 9 && b"EWSNK".contains(&b[0]) && b[1..].iter().all(u8::is_ascii_digit)
}

/// The worked example (the repository's own site), built.
fn worked_example(tmp: &TempDir) -> std::path::PathBuf {
    let out = tmp.join("public");
    build_ok(&manifest_dir(), &out);
    out
}

/// The datasets of a site: the names of its CSV files.
fn dataset_names(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("data"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            let stem = p.file_stem()?.to_string_lossy().into_owned();
            (p.extension()? == "csv").then_some(stem)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn excel_exports_build_each_with_its_warning() {
    let tmp = TempDir::new("excel-exports");
    let out = tmp.join("public");
    let report = build_ok(&site("excel-exports"), &out);
    let found: BTreeSet<(String, String)> = report
        .findings
        .iter()
        .map(|d| (d.code.to_string(), d.location()))
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("csv-trailing-blanks", "data/blank-rows.csv:4:1"),
        ("csv-encoding", "data/windows-1252.csv:2:4"),
        ("csv-delimiter", "data/semicolons.csv:1:1"),
        ("csv-delimiter", "data/tabs.csv:1:1"),
    ]
    .iter()
    .map(|(c, l)| (c.to_string(), l.to_string()))
    .collect();
    assert_eq!(found, expected, "the findings of the Excel exports");
    for d in report.findings.iter() {
        assert!(!d.is_error(), "{}", describe(d));
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("CSV UTF-8 (comma delimited)") || hint.contains("delete those rows"),
            "{} says how to save the file: {hint}",
            d.code
        );
    }
    let file = |p: &str| read(out.join(p));
    // Blank rows are not published as rows of "no data".
    assert_eq!(
        file("data/blank-rows.csv"),
        "area,incidents\r\nAshford,1020\r\nDover,900\r\n"
    );
    // UK dates are dates.
    assert!(
        file("data/uk-dates.csv")
            .contains("Board,2023-04-01\r\nReview,2024-03-15\r\nAnnual,2023-09-30")
    );
    assert!(file("data/uk-dates/index.html").contains("15 March 2024"));
    // Windows-1252 arrives as the characters Excel showed.
    assert!(
        file("data/windows-1252.csv").contains("Café outreach,300\r\nSt Mary’s youth club,1200")
    );
    // Semicolons and tabs separate values.
    assert!(file("data/semicolons.csv").contains("North Willesborough,98"));
    assert!(file("data/tabs.csv").contains("May,135"));
    // Accounting negatives and pounds with a space are figures.
    assert_eq!(
        file("data/accounting.csv"),
        "line,variance,change\r\nPatrols,-250,-12\r\nCCTV,300,5\r\nOutreach,1250.50,-3\r\n"
    );
    let page = without_figure_markup(&file("data/accounting/index.html"));
    assert!(
        page.contains("−£250") && page.contains("£1,250.50"),
        "accounting figures shown"
    );
}

/// Google's requirements for a `Dataset` (name; description of 50 to
/// 5,000 characters; url), schema.org's types, and ours: no nulls, a
/// licence, a creator, ISO dates and interval, every download.
fn dataset_problems(v: &Value, url: &str) -> Vec<String> {
    let mut p = Vec::new();
    nulls_and_empties(v, "$", &mut p);
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default();
    if s("@context") != "https://schema.org" || s("@type") != "Dataset" {
        p.push("not a schema.org Dataset".into());
    }
    if s("name").is_empty() {
        p.push("no name".into());
    }
    let n = s("description").chars().count();
    if !(50..=5000).contains(&n) {
        p.push(format!("description of {n} characters"));
    }
    if s("url") != url {
        p.push(format!("url {} is not the page {url}", s("url")));
    }
    if !s("license").starts_with("https://") {
        p.push(format!("license {:?} is not an address", s("license")));
    }
    let creator = v
        .get("creator")
        .and_then(|c| c.get("name"))
        .and_then(Value::as_str);
    if creator.is_none_or(str::is_empty) {
        p.push("no creator".into());
    }
    for k in ["dateModified", "datePublished"] {
        if v.get(k).is_some() && !is_iso_date(s(k)) {
            p.push(format!("{k} {:?} is not YYYY-MM-DD", s(k)));
        }
    }
    if let Some(t) = v.get("temporalCoverage") {
        let ok = t
            .as_str()
            .and_then(|t| t.split_once('/'))
            .is_some_and(|(a, b)| is_iso_date(a) && is_iso_date(b) && a <= b);
        if !ok {
            p.push(format!("temporalCoverage {t} is not an ISO 8601 interval"));
        }
    }
    let files = v
        .get("distribution")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let formats: BTreeSet<&str> = files
        .iter()
        .filter(|d| d["@type"] == "DataDownload" && d["contentUrl"].as_str().is_some())
        .filter_map(|d| d["encodingFormat"].as_str())
        .collect();
    for f in ["text/csv", "application/json", "application/csvm+json"] {
        if !formats.contains(f) {
            p.push(format!("no {f} DataDownload"));
        }
    }
    if let Some(places) = v.get("spatialCoverage") {
        let all = places.as_array().is_some_and(|a| {
            a.iter().all(|pl| {
                pl["@type"] == "Place" && pl["identifier"].as_str().is_some_and(is_area_code)
            })
        });
        if !all {
            p.push("spatialCoverage is not a list of places with ONS codes".into());
        }
    }
    p
}

/// The JSON in each `<script>` of a page, and anything else a page's
/// scripts are: only data blocks of JSON-LD may be inline.
fn ld_json_blocks(html: &str) -> (Vec<String>, Vec<String>) {
    let (mut blocks, mut other) = (Vec::new(), Vec::new());
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        let tag_end = rest[i..].find('>').map(|e| i + e + 1).unwrap_or(rest.len());
        let tag = &rest[i..tag_end];
        let close = rest[tag_end..]
            .find("</script>")
            .map(|e| tag_end + e)
            .unwrap_or(rest.len());
        let content = &rest[tag_end..close];
        if tag == "<script type=\"application/ld+json\">" {
            blocks.push(content.to_string());
        } else if !tag.contains(" src=") || !content.trim().is_empty() {
            other.push(tag.to_string());
        }
        rest = &rest[close.min(rest.len())..];
        if rest.starts_with("</script>") {
            rest = &rest[9..];
        }
    }
    (blocks, other)
}

#[test]
fn every_dataset_page_of_the_worked_example_has_valid_dataset_json_ld() {
    let tmp = TempDir::new("opendata-jsonld");
    let out = worked_example(&tmp);
    let mut problems = Vec::new();
    let names = dataset_names(&manifest_dir());
    assert!(names.len() > 10, "the worked example's datasets: {names:?}");
    for name in &names {
        let html = read(out.join(format!("data/{name}/index.html")));
        let (blocks, other) = ld_json_blocks(&html);
        for o in other {
            problems.push(format!(
                "{name}: a script that is not a JSON-LD data block: {o}"
            ));
        }
        let [block] = &blocks[..] else {
            problems.push(format!("{name}: {} JSON-LD blocks, not one", blocks.len()));
            continue;
        };
        assert!(
            !block.contains('<'),
            "{name}: `<` in the data block is escaped"
        );
        let v: Value = serde_json::from_str(block).unwrap_or_else(|e| panic!("{name}: {e}"));
        let url = format!("https://plainsight.example/data/{name}/");
        for p in dataset_problems(&v, &url) {
            problems.push(format!("{name}: {p}"));
        }
        // The page and the published file say the same.
        let file: Value =
            serde_json::from_str(&read(out.join(format!("data/{name}.jsonld")))).unwrap();
        assert_eq!(
            v, file,
            "{name}: the page's JSON-LD and data/{name}.jsonld differ"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The district tables name their areas by ONS code.
    for name in ["asb-by-district", "crime-by-district"] {
        let v: Value =
            serde_json::from_str(&read(out.join(format!("data/{name}.jsonld")))).unwrap();
        let places = v["spatialCoverage"].as_array().expect("spatialCoverage");
        assert_eq!(places.len(), 13, "{name}: Kent's 12 districts and Medway");
        let ashford = places
            .iter()
            .find(|p| p["name"] == "Ashford")
            .expect("Ashford");
        assert_eq!(ashford["identifier"], "E07000105");
    }
    // A description too short for search engines is lengthened from the
    // dataset's facts, never shown as null.
    let short = dataset_problems(
        &serde_json::json!({"@context": "https://schema.org", "@type": "Dataset", "name": "x", "description": "short", "url": "u", "license": null}),
        "u",
    );
    assert!(
        short.iter().any(|p| p.contains("5 characters"))
            && short.iter().any(|p| p.contains("null"))
    );
}

/// A URI template variable name (CSVW's rule for column names): letters,
/// digits, `_` and percent-encoded bytes, `.` between them, not starting
/// with `_`.
fn valid_csvw_name(n: &str) -> bool {
    let b = n.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() && b[i + 1..=i + 2].iter().all(u8::is_ascii_hexdigit) => i += 3,
            c if c.is_ascii_alphanumeric() || c == b'_' || (c == b'.' && i > 0) => i += 1,
            _ => return false,
        }
    }
    !n.is_empty() && !n.starts_with('_')
}

const BUILT_IN: [&str; 11] = [
    "string",
    "integer",
    "decimal",
    "date",
    "boolean",
    "number",
    "double",
    "anyURI",
    "dateTime",
    "gYear",
    "gYearMonth",
];

/// A strict CSV on the Web check of one metadata file against its CSV.
fn csvw_problems(meta: &Value, csv: &str, name: &str) -> Vec<String> {
    let mut p = Vec::new();
    nulls_and_empties(meta, "$", &mut p);
    if meta["url"] != format!("{name}.csv") {
        p.push(format!("url {} is not {name}.csv", meta["url"]));
    }
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let columns = meta["tableSchema"]["columns"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let titles: Vec<&str> = columns
        .iter()
        .map(|c| c["titles"].as_str().unwrap_or(""))
        .collect();
    if titles != header {
        p.push(format!(
            "titles {titles:?} are not the CSV's header cells {header:?}"
        ));
    }
    let names: Vec<&str> = columns
        .iter()
        .map(|c| c["name"].as_str().unwrap_or(""))
        .collect();
    let unique: BTreeSet<&&str> = names.iter().collect();
    if unique.len() != names.len() {
        p.push(format!("names repeat: {names:?}"));
    }
    for n in &names {
        if !valid_csvw_name(n) {
            p.push(format!("`{n}` is not a valid column name"));
        }
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let key = meta["tableSchema"]["primaryKey"].as_str().unwrap_or("");
    match names.iter().position(|n| *n == key) {
        None => p.push("primaryKey names no column".into()),
        Some(k) => {
            let keys: Vec<&str> = rows.iter().map(|r| r.get(k).unwrap_or("")).collect();
            let distinct: BTreeSet<&&str> = keys.iter().collect();
            if distinct.len() != keys.len() || keys.contains(&"") {
                p.push(format!("primaryKey `{key}` has empty or repeated values"));
            }
        }
    }
    for (i, c) in columns.iter().enumerate() {
        let (base, format) = match &c["datatype"] {
            Value::String(s) => (s.as_str(), None),
            Value::Object(o) => (
                o.get("base").and_then(Value::as_str).unwrap_or(""),
                o.get("format"),
            ),
            other => {
                p.push(format!("{}: datatype {other}", names[i]));
                continue;
            }
        };
        if !BUILT_IN.contains(&base) {
            p.push(format!("{}: `{base}` is not a CSVW datatype", names[i]));
        }
        for (k, v) in [
            ("propertyUrl", &c["propertyUrl"]),
            ("valueUrl", &c["valueUrl"]),
        ] {
            if let Some(t) = v.as_str() {
                let vars: Vec<&str> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split_once('}'))
                    .map(|(v, _)| v)
                    .collect();
                if !t.starts_with("http") || vars.iter().any(|v| !names.contains(v)) {
                    p.push(format!(
                        "{}: {k} `{t}` is not a template over the columns",
                        names[i]
                    ));
                }
            }
        }
        // The texts that mean "no value": the `null` list, or else "".
        let null: Vec<&str> = match meta["null"].as_array() {
            Some(a) => a.iter().filter_map(Value::as_str).collect(),
            None => vec![""],
        };
        for (r, row) in rows.iter().enumerate() {
            let cell = row.get(i).unwrap_or("");
            if null.contains(&cell) {
                continue;
            }
            let fits = match base {
                "integer" => cell.parse::<i64>().is_ok(),
                "decimal" => cell.parse::<f64>().is_ok() && !cell.contains(['e', 'E']),
                "date" => is_iso_date(cell),
                "gYear" => cell.len() == 4 && cell.bytes().all(|b| b.is_ascii_digit()),
                "gYearMonth" => cell.len() == 7 && is_iso_date(&format!("{cell}-01")),
                "string" => match format.and_then(Value::as_str) {
                    Some("^[EWSNK][0-9]{8}$") => is_area_code(cell),
                    Some("^[0-9]{4}/[0-9]{2}$") => cell.len() == 7 && cell.as_bytes()[4] == b'/',
                    Some(re) => panic!("a string format this test does not know: {re}"),
                    None => true,
                },
                _ => true,
            };
            if !fits {
                p.push(format!(
                    "{}: row {} `{cell}` is not a {base}",
                    names[i],
                    r + 2
                ));
            }
        }
    }
    p
}

#[test]
fn every_csvw_file_of_the_worked_example_passes_a_strict_check() {
    let tmp = TempDir::new("opendata-csvw");
    let out = worked_example(&tmp);
    let mut problems = Vec::new();
    for name in dataset_names(&manifest_dir()) {
        let meta: Value =
            serde_json::from_str(&read(out.join(format!("data/{name}.csv-metadata.json"))))
                .unwrap();
        let csv = read(out.join(format!("data/{name}.csv")));
        for p in csvw_problems(&meta, &csv, &name) {
            problems.push(format!("{name}: {p}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The area codes are linked to the ONS's own identifiers for the areas.
    let meta: Value =
        serde_json::from_str(&read(out.join("data/asb-by-district.csv-metadata.json"))).unwrap();
    let code = meta["tableSchema"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["titles"] == "area_code")
        .expect("an area_code column");
    assert_eq!(
        code["propertyUrl"],
        "http://purl.org/linked-data/sdmx/2009/dimension#refArea"
    );
    assert_eq!(
        code["valueUrl"],
        "http://statistics.data.gov.uk/id/statistical-geography/{area_code}"
    );
    // The check itself refuses what a strict validator would.
    let bad = serde_json::json!({"url": "x.csv", "tableSchema": {"primaryKey": "a", "columns": [
        {"name": "a", "titles": "A", "datatype": "string"},
        {"name": "_b", "titles": "b", "datatype": "number-ish", "dc:modified": null}]}});
    assert_eq!(csvw_problems(&bad, "a,b\n1,2\n", "x").len(), 4);
}

#[test]
fn the_dcat_catalogue_lists_every_dataset_with_its_downloads() {
    let tmp = TempDir::new("opendata-dcat");
    let out = worked_example(&tmp);
    let v: Value = serde_json::from_str(&read(out.join("data/catalog.jsonld"))).unwrap();
    let mut problems = Vec::new();
    nulls_and_empties(&v, "$", &mut problems);
    assert_eq!(v["@type"], "dcat:Catalog");
    assert_eq!(v["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    let listed: Vec<&Value> = v["dcat:dataset"].as_array().unwrap().iter().collect();
    let names = dataset_names(&manifest_dir());
    let ids: Vec<&str> = listed
        .iter()
        .map(|d| d["dct:identifier"].as_str().unwrap())
        .collect();
    assert_eq!(ids, names, "every dataset, once");
    let base = "https://plainsight.example";
    for d in &listed {
        let id = d["dct:identifier"].as_str().unwrap();
        for k in [
            "dct:title",
            "dct:description",
            "dct:license",
            "dct:publisher",
            "dcat:landingPage",
        ] {
            if d.get(k).is_none() {
                problems.push(format!("{id}: no {k}"));
            }
        }
        let files = d["dcat:distribution"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if files.len() != 3 {
            problems.push(format!("{id}: {} distributions", files.len()));
        }
        for f in files {
            let url = f["dcat:downloadURL"]["@id"].as_str().unwrap_or("");
            let path = url
                .strip_prefix(base)
                .unwrap_or(url)
                .trim_start_matches('/');
            if !out.join(path).is_file() {
                problems.push(format!("{id}: {url} is not a published file"));
            }
            if f["dcat:mediaType"].as_str().is_none() {
                problems.push(format!("{id}: a distribution with no media type"));
            }
        }
        if let Some(t) = d.get("dct:temporal") {
            let (a, b) = (&t["dcat:startDate"]["@value"], &t["dcat:endDate"]["@value"]);
            if !a.as_str().is_some_and(is_iso_date) || !b.as_str().is_some_and(is_iso_date) {
                problems.push(format!("{id}: dct:temporal {t}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The catalogue page is a list that fits a narrow window, and points
    // harvesters at the feed.
    let page = read(out.join("data/index.html"));
    assert!(page.contains("class=\"catalogue-list\"") && !page.contains("<table"));
    assert!(page.contains("href=\"/data/catalog.jsonld\""));
}

#[test]
fn dataset_pages_leave_out_what_the_sidecar_leaves_out() {
    let tmp = TempDir::new("opendata-absent");
    let out = worked_example(&tmp);
    for name in dataset_names(&manifest_dir()) {
        let html = read(out.join(format!("data/{name}/index.html")));
        for word in [">None<", "No description", ">Not stated<", ">null<"] {
            assert!(!html.contains(word), "data/{name}/ shows `{word}`");
        }
    }
}

#[test]
fn a_csv_renamed_without_its_sidecar_is_caught_at_both_files_and_once_per_page() {
    let tmp = TempDir::new("opendata-renamed");
    let root = tmp.join("site");
    copy_dir(&site("bad-input-base"), &root);
    std::fs::rename(
        root.join("data/asb.csv"),
        root.join("data/cctv-monthly.csv"),
    )
    .unwrap();
    let diags = build(&root, &tmp.join("public")).expect_err("the build fails");
    let of = |code: &str, file: &str| -> Vec<&plainsight::Diagnostic> {
        diags
            .iter()
            .filter(|d| d.code == code && d.file.as_deref() == Some(file))
            .collect()
    };
    let [sidecar] = of("sidecar-no-csv", "data/asb.yaml")[..] else {
        panic!(
            "one sidecar-no-csv at data/asb.yaml:\n{}",
            render_human(&diags, &root)
        );
    };
    assert!(
        sidecar
            .hint
            .as_deref()
            .unwrap()
            .contains("did you rename `asb.csv` to `cctv-monthly.csv`?")
    );
    // The home page names `asb` in two calls: one finding, naming the other.
    let [call] = of("unknown-dataset", "content/_index.md")[..] else {
        panic!(
            "one unknown-dataset for the home page:\n{}",
            render_human(&diags, &root)
        );
    };
    assert!(
        call.hint
            .as_deref()
            .unwrap()
            .contains("use \"cctv-monthly\"")
    );
    assert!(
        call.notes
            .iter()
            .any(|n| n.starts_with("also named on line")),
        "{:?}",
        call.notes
    );
}
