//! The fuzz targets' bodies (docs/fuzzing.md). Each takes raw bytes, as
//! libFuzzer hands them over, and must never panic; where it is cheap, it
//! also checks that every finding says something and points at a real line.

use std::path::{Path, PathBuf};

use plainsight::internals::ColType;
use plainsight::internals::{Cell, Style, format};
use plainsight::{Diagnostic, Diagnostics};

fn sane(d: &Diagnostic) {
    assert!(
        !d.message.trim().is_empty(),
        "a finding with no message: {d:?}"
    );
    assert!(
        d.line == 0 || d.column >= 1,
        "a line without a column: {d:?}"
    );
}

fn sane_all(d: &Diagnostics) {
    d.iter().for_each(sane);
}

/// Front matter: split a page into YAML and body, then read the YAML.
pub fn front_matter(data: &[u8]) {
    let src = String::from_utf8_lossy(data);
    let file = Path::new("content/page.md");
    match plainsight::internals::split_front_matter(&src, file) {
        Ok(split) => {
            if let Err(d) = plainsight::internals::parse_front_matter(&split, file) {
                sane(&d);
            }
        }
        Err(d) => sane(&d),
    }
}

/// The template-call pass over Markdown, then Markdown itself.
pub fn template_calls(data: &[u8]) {
    let src = String::from_utf8_lossy(data);
    if let Ok(calls) = plainsight::internals::scan_calls(&src) {
        for c in calls {
            assert!(
                src.get(c.range.clone()).is_some(),
                "a call outside the text"
            );
        }
    }
    let _ = plainsight::internals::render_markdown(&src);
}

/// A folder with `data/` in it, made once per process: every iteration
/// writes its files over the last one's.
fn scratch() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("plainsight-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(d.join("data")).expect("scratch folder");
        d
    })
}

/// Loads `csv` and (if given) its sidecar as the dataset `x`, as a build
/// does, then verifies and exports it.
fn load(csv: &[u8], sidecar: Option<&[u8]>) {
    let root = scratch();
    std::fs::write(root.join("data/x.csv"), csv).expect("write csv");
    let yaml = root.join("data/x.yaml");
    match sidecar {
        Some(s) => std::fs::write(&yaml, s).expect("write sidecar"),
        None => {
            let _ = std::fs::remove_file(&yaml);
        }
    }
    match plainsight::internals::load_dataset(root, "x") {
        Ok(ds) => {
            sane_all(&plainsight::internals::verify(&ds));
            let _ = plainsight::internals::csv(&ds);
            let json = plainsight::internals::json(&ds);
            let csvw = plainsight::internals::csvw(&ds);
            for out in [json, csvw] {
                serde_json::from_slice::<serde_json::Value>(&out).expect("exports are JSON");
            }
        }
        Err(d) => sane_all(&d),
    }
}

/// A CSV and its sidecar, split at the first NUL byte (no sidecar without one).
pub fn dataset(data: &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => load(&data[..i], Some(&data[i + 1..])),
        None => load(data, None),
    }
}

const KINDS: &[&str] = &["difference", "percent_change", "rank", "share", "sum"];
const TYPES: &[&str] = &["integer", "decimal", "percent", "currency", "text"];

/// Derived columns over a small table of numbers, all chosen by the input.
pub fn derived_columns(data: &[u8]) {
    let mut bytes = data.iter().copied();
    let mut next = move || bytes.next().unwrap_or(0);
    let rows = 1 + next() as usize % 6;
    let mut csv = String::from("area,a,b\n");
    for r in 0..rows {
        let cell = |b: u8| match b % 7 {
            0 => String::new(),
            1 => "-".to_string(),
            2 => format!("{}", b as i32 - 128),
            3 => format!("{}.{}", b, b % 10),
            4 => "0".to_string(),
            5 => format!("{}e{}", b % 9, b % 40),
            _ => format!("{}", (b as u64) * 1_000_003),
        };
        let (a, b) = (next(), next());
        csv.push_str(&format!("r{r},{},{}\n", cell(a), cell(b)));
    }
    let mut side = String::from(
        "key: area\ncolumns:\n  a: { type: decimal }\n  b: { type: decimal }\nderived:\n",
    );
    let n = 1 + next() as usize % 4;
    let mut names = vec!["a".to_string(), "b".to_string()];
    for i in 0..n {
        let kind = KINDS[next() as usize % KINDS.len()];
        let pick = |k: u8| names[k as usize % names.len()].clone();
        let (x, y) = (pick(next()), pick(next()));
        let ty = TYPES[next() as usize % TYPES.len()];
        let decimals = next() % 12;
        let spec = match kind {
            "difference" | "percent_change" => {
                format!("{{ kind: {kind}, a: {x}, b: {y}, type: {ty}, decimals: {decimals} }}")
            }
            "rank" => format!(
                "{{ kind: rank, of: {x}, order: {} }}",
                if next() % 2 == 0 {
                    "ascending"
                } else {
                    "descending"
                }
            ),
            "share" => format!("{{ kind: share, of: {x}, decimals: {decimals} }}"),
            _ => format!("{{ kind: sum, columns: [{x}, {y}], type: {ty} }}"),
        };
        let name = format!("d{i}");
        side.push_str(&format!("  {name}: {spec}\n"));
        names.push(name);
    }
    if next() % 2 == 0 {
        side.push_str("totals: { label: Total, columns: [a, b] }\n");
    }
    load(csv.as_bytes(), Some(side.as_bytes()));
}

const COL_TYPES: &[ColType] = &[
    ColType::Text,
    ColType::Integer,
    ColType::Decimal,
    ColType::Percent,
    ColType::Currency,
    ColType::Date,
];

/// The formatter and the number reader, with any f64 and any style.
pub fn formatter(data: &[u8]) {
    if data.len() < 10 {
        return;
    }
    let x = f64::from_le_bytes(data[..8].try_into().expect("eight bytes"));
    let ty = COL_TYPES[data[8] as usize % COL_TYPES.len()];
    let style = Style {
        ty,
        decimals: u32::from(data[9] % 16),
        signed: data[9] & 0x80 != 0,
    };
    for text in [
        format::format_number(x, style),
        format::format(&Cell::Number(x), style),
        format::raw(&Cell::Number(x), style),
    ] {
        assert!(
            !text.chars().any(char::is_control),
            "a control character in {text:?}"
        );
        let _ = format::parse_number(&text, ty);
    }
    let _ = format::round(x, style.decimals);
    let rest = String::from_utf8_lossy(&data[10..]);
    let _ = format::parse_number(&rest, ty);
    let _ = format::format_date(&rest);
}

/// The preview server's request head: framed and parsed whole, and again
/// handed over one byte per read (the two must agree); then the Host check,
/// the path decoding and the folder redirect on what it gives.
pub fn http_request(data: &[u8]) {
    use plainsight::internals::{host, http, server};
    use std::io::Read;

    /// Hands over one byte per read, as a slow client does.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    let whole = http::read_head(&mut &data[..], || Ok(()));
    let trickled = http::read_head(&mut Trickle(data), || Ok(()));
    assert_eq!(whole, trickled, "read whole and byte by byte differ");
    let _ = http::parse_head(data);
    let Ok(head) = whole else {
        return;
    };
    assert!(!head.target.is_empty() && !head.target.chars().any(char::is_control));
    let _ = host::allowed(head.host.as_deref(), std::net::Ipv4Addr::LOCALHOST.into());
    if let Ok(path) = server::decode_path(&head.target) {
        assert!(path.starts_with('/'), "{path:?}");
        assert!(!path.split('/').any(|s| s == ".." || s == "."), "{path:?}");
        let location = server::add_slash(&head.target);
        let second = location.chars().nth(1);
        assert!(location.starts_with('/'), "{location:?}");
        assert!(!matches!(second, Some('/' | '\\')), "{location:?}");
    }
}
