//! The sidecar's blocks for other languages: a top-level key that is a
//! language (`cy:`) holding the dataset's words in that language, in the
//! same shape as the default language's (docs/datasets.md, "In other
//! languages").
//!
//! A block is read from the sidecar's own text with every other line left
//! blank and its key blanked out, so a message about it names the line and
//! column in the file; the rest of the sidecar is read with the blocks'
//! lines left blank, so its messages keep their lines too.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::yaml;
use crate::model::dataset::schema::Sidecar;
use crate::model::dataset::translation::{ColumnText, DatasetText};

use super::Source;

/// A block as typed, before its columns are checked against the CSV's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Block {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    caveats: Option<Vec<String>>,
    /// Source columns; `derived:` is read the same way, so a block can
    /// mirror the default language's sidecar.
    #[serde(default)]
    columns: yaml_serde::Mapping,
    #[serde(default)]
    derived: yaml_serde::Mapping,
    #[serde(default)]
    totals: Option<TotalsText>,
    #[serde(default)]
    footnotes: BTreeMap<String, String>,
    #[serde(default)]
    period: Option<crate::model::config::Period>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnBlock {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    unit: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TotalsText {
    #[serde(default)]
    label: Option<String>,
}

/// A sidecar's top-level key that is no field of the sidecar but could be
/// a language: two or three lower-case letters (`cy`, `en`, `gd`).
pub(crate) fn is_language_key(key: &str) -> bool {
    (2..=3).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_lowercase()) && key != "key"
}

/// Where each language block is: its language, and the 0-based lines it
/// spans (its key's line and the indented lines under it).
fn blocks(src: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let lines: Vec<&str> = src.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(lang) = top_key(lines[i]).filter(|k| is_language_key(k)) else {
            i += 1;
            continue;
        };
        let start = i;
        i += 1;
        while i < lines.len() && (lines[i].trim().is_empty() || lines[i].starts_with([' ', '\t'])) {
            i += 1;
        }
        out.push((lang.to_string(), start..i));
    }
    out
}

/// The key of a top-level `key:` line, without its quotes.
fn top_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim_end();
    Some(key.trim_matches(|c| c == '"' || c == '\''))
}

/// The sidecar's text with its language blocks' lines left blank: what
/// [`Sidecar`] is read from.
pub(super) fn without_blocks(src: &str) -> std::borrow::Cow<'_, str> {
    let found = blocks(src);
    if found.is_empty() {
        return src.into();
    }
    let blank = |i: usize| found.iter().any(|(_, r)| r.contains(&i));
    keep_lines(src, |i, l| {
        if blank(i) {
            String::new()
        } else {
            l.to_string()
        }
    })
    .into()
}

/// `src` with each line replaced by `f(index, line)`, line endings kept.
fn keep_lines(src: &str, f: impl Fn(usize, &str) -> String) -> String {
    let mut out = String::with_capacity(src.len());
    for (i, l) in src.split_inclusive('\n').enumerate() {
        let body = l.trim_end_matches(['\n', '\r']);
        out.push_str(&f(i, body));
        out.push_str(&l[body.len()..]);
    }
    out
}

/// Every language block of the sidecar, read and checked: its columns must
/// be the dataset's (`headers` or a derived column). A block that does not
/// read is reported at its line and column and left out.
pub(super) fn read(
    sc: &Sidecar,
    headers: &[String],
    source: &Source,
    diags: &mut Diagnostics,
) -> BTreeMap<String, DatasetText> {
    let mut out = BTreeMap::new();
    for (lang, range) in blocks(source.sidecar) {
        let shadow = keep_lines(source.sidecar, |i, l| {
            if i == range.start {
                // The key blanked out, so what follows keeps its column.
                let colon = l.find(':').map_or(0, |c| c + 1);
                format!("{}{}", " ".repeat(colon), &l[colon..])
            } else if range.contains(&i) {
                l.to_string()
            } else {
                String::new()
            }
        });
        let line = range.start + 1;
        let what = format!("the sidecar's `{lang}:` block");
        let block = if shadow.trim().is_empty() {
            Block::default()
        } else {
            match yaml::parse::<Block>(&shadow, source.sidecar_file(), 1, Code::Sidecar, &what) {
                Ok(b) => b,
                Err(mut d) => {
                    if d.message.contains("expected struct Block") {
                        d.message = format!(
                            "{what} must give the dataset's words under their keys (title, description, source, caveats, columns, totals, footnotes), not one piece of text"
                        );
                    }
                    diags.push(d.hint(format!(
                        "under `{lang}:` give the dataset's words in that language, in the same shape as above, e.g. `{lang}: {{ title: …, columns: {{ {}: {{ label: … }} }} }}`",
                        headers.first().map_or("area", String::as_str)
                    )));
                    continue;
                }
            }
        };
        let text = dataset_text(block, sc, headers, &lang, line, source, diags);
        out.insert(lang, text);
    }
    out
}

/// A block's words, with each column it names checked.
fn dataset_text(
    b: Block,
    sc: &Sidecar,
    headers: &[String],
    lang: &str,
    line: usize,
    source: &Source,
    diags: &mut Diagnostics,
) -> DatasetText {
    let derived: Vec<String> = sc.derived.keys().map(super::yaml_key).collect();
    let known: Vec<&str> = headers.iter().chain(&derived).map(String::as_str).collect();
    let mut columns = BTreeMap::new();
    for (k, v) in b.columns.iter().chain(&b.derived) {
        let name = super::yaml_key(k);
        let (at, col) = column_place(source.sidecar, line, &name);
        if !known.contains(&name.as_str()) {
            let hint = match crate::diagnostic::suggest(&name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the dataset's columns are: {}", known.join(", ")),
            };
            diags.push(
                Diagnostic::error(
                    Code::SidecarColumn,
                    format!("`{name}` under `{lang}:` is not a column of this dataset"),
                )
                .in_file(source.sidecar_file())
                .at(at, col)
                .width(name.chars().count())
                .hint(hint),
            );
            continue;
        }
        match column_text(v) {
            Ok(c) => {
                columns.insert(name, c);
            }
            Err(msg) => diags.push(
                Diagnostic::error(Code::Sidecar, format!("column `{name}` under `{lang}:`: {msg}"))
                    .in_file(source.sidecar_file())
                    .at(at, col)
                    .hint(format!("a column's words are its label, description and unit, e.g. `{name}: {{ label: … }}`")),
            ),
        }
    }
    DatasetText {
        title: b.title,
        description: b.description,
        source: b.source,
        publisher: b.publisher,
        caveats: b.caveats,
        columns,
        totals: b.totals.and_then(|t| t.label),
        footnotes: b.footnotes,
        period: b.period,
        line,
    }
}

/// One column's words: a mapping, or a bare label (`area: Ardal`).
fn column_text(v: &yaml_serde::Value) -> Result<ColumnText, String> {
    if let Some(s) = v.as_str() {
        return Ok(ColumnText {
            label: Some(s.to_string()),
            ..Default::default()
        });
    }
    let c: ColumnBlock = yaml_serde::from_value(v.clone()).map_err(|e| {
        let msg = yaml::explain(&e.to_string()).0;
        match msg.find("expected struct ColumnBlock") {
            Some(_) if v.is_sequence() => "a column's words are text, not a list".to_string(),
            Some(_) => "a column's words are text, or a mapping of them".to_string(),
            None => msg,
        }
    })?;
    Ok(ColumnText {
        label: c.label,
        description: c.description,
        unit: c.unit,
    })
}

/// 1-based line and column of `name:` inside the block that starts at
/// `block_line` (the block's own line when it cannot be found).
fn column_place(src: &str, block_line: usize, name: &str) -> (usize, usize) {
    let keys = [
        format!("{name}:"),
        format!("\"{name}\":"),
        format!("{name} :"),
    ];
    src.lines()
        .enumerate()
        .skip(block_line.saturating_sub(1))
        .take_while(|(i, l)| {
            *i + 1 == block_line || l.trim().is_empty() || l.starts_with([' ', '\t'])
        })
        .find_map(|(i, l)| {
            let at = keys
                .iter()
                .filter_map(|k| {
                    l.match_indices(k.as_str()).map(|(j, _)| j).find(|&j| {
                        j == 0
                            || !l.as_bytes()[j - 1].is_ascii_alphanumeric()
                                && l.as_bytes()[j - 1] != b'_'
                    })
                })
                .min()?;
            Some((i + 1, l[..at].chars().count() + 1))
        })
        .unwrap_or((block_line, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_language_blocks_and_not_fields() {
        let src = "title: A\nkey: area\ncy:\n  title: B\n\n  columns:\n    area: Ardal\ncolumns:\n  area: { label: Area }\n";
        let b = blocks(src);
        assert_eq!(b, vec![("cy".to_string(), 2..7)]);
        let rest = without_blocks(src);
        assert_eq!(
            rest,
            "title: A\nkey: area\n\n\n\n\n\ncolumns:\n  area: { label: Area }\n"
        );
    }

    #[test]
    fn keeps_line_endings() {
        let src = "title: A\r\ncy: { title: B }\r\nkey: area";
        assert_eq!(without_blocks(src), "title: A\r\n\r\nkey: area");
    }

    #[test]
    fn language_keys() {
        assert!(is_language_key("cy"));
        assert!(is_language_key("gd"));
        assert!(!is_language_key("key"));
        assert!(!is_language_key("title"));
        assert!(!is_language_key("CY"));
    }

    #[test]
    fn places_a_column_in_its_block() {
        let src = "columns:\n  area: { label: Area }\ncy:\n  columns:\n    area: Ardal\n";
        assert_eq!(column_place(src, 3, "area"), (5, 5));
        let flow = "cy: { columns: { area: Ardal } }\n";
        assert_eq!(column_place(flow, 1, "area"), (1, 18));
    }

    /// The blocks of `sidecar` read for a CSV with columns area, current
    /// and previous, and what reading them found.
    fn read_blocks(sidecar: &str) -> (BTreeMap<String, DatasetText>, Diagnostics) {
        let sc: Sidecar = yaml_serde::from_str(&without_blocks(sidecar)).expect("the rest reads");
        let headers: Vec<String> = ["area", "current", "previous"].map(String::from).to_vec();
        let source = Source {
            csv_path: std::path::Path::new("data/asb.csv"),
            csv: "",
            sidecar_path: Some(std::path::Path::new("data/asb.yaml")),
            sidecar,
            delim: b',',
            dates: None,
            negatives: None,
        };
        let mut diags = Diagnostics::new();
        let out = read(&sc, &headers, &source, &mut diags);
        (out, diags)
    }

    #[test]
    fn reads_a_block_in_the_shape_of_the_sidecar() {
        let src = "title: ASB\nderived:\n  change: { kind: difference, a: current, b: previous }\ncy:\n  title: YG\n  caveats: [Un]\n  columns:\n    area: Ardal\n    current: { label: Eleni, unit: digwyddiadau }\n  derived:\n    change: { label: Newid }\n  totals: { label: Pob ardal }\n  footnotes: { a: Nodyn }\n  period: { current: Eleni }\n";
        let (out, diags) = read_blocks(src);
        assert!(diags.0.is_empty(), "{diags:?}");
        let t = &out["cy"];
        assert_eq!(t.line, 4);
        assert_eq!(t.title.as_deref(), Some("YG"));
        assert_eq!(t.caveats.as_deref(), Some(&["Un".to_string()][..]));
        assert_eq!(t.columns["area"].label.as_deref(), Some("Ardal"));
        assert_eq!(t.columns["current"].unit.as_deref(), Some("digwyddiadau"));
        assert_eq!(t.columns["change"].label.as_deref(), Some("Newid"));
        assert_eq!(t.totals.as_deref(), Some("Pob ardal"));
        assert_eq!(t.footnotes["a"], "Nodyn");
        assert_eq!(t.period.as_ref().map(|p| p.current.as_str()), Some("Eleni"));
    }

    #[test]
    fn a_malformed_block_is_placed_at_its_line_and_column() {
        let (out, diags) = read_blocks("title: ASB\ncy:\n  title: YG\n  titel: X\n");
        assert!(out.is_empty());
        let d = &diags.0[0];
        assert_eq!((d.line, d.column), (4, 3), "{d:?}");
        assert!(d.message.contains("titel"), "{}", d.message);
        let (_, diags) = read_blocks("title: ASB\ncy: { columns: { area: [Ardal] } }\n");
        let d = &diags.0[0];
        assert_eq!((d.line, d.column), (2, 18), "{d:?}");
        assert!(d.message.contains("not a list"), "{}", d.message);
        let (_, diags) = read_blocks("cy:\n  columns:\n    ward: Ward\n");
        let d = &diags.0[0];
        assert_eq!((d.code, d.line, d.column), (Code::SidecarColumn, 3, 5));
    }
}
