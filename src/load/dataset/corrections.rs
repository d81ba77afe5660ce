//! A sidecar's `corrections:` list read entry by entry, so that every
//! malformed entry is found in one pass, each at its own line.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::correction::Correction;

/// The keys a correction takes, in the order the docs give them.
const KEYS: [&str; 5] = ["row", "column", "published", "date", "reason"];

/// Where a `corrections:` list is written, and what its entries are about.
pub(crate) struct Place<'a> {
    pub file: &'a Path,
    /// The YAML text the list is in (a sidecar, or a page's front matter).
    pub src: &'a str,
    /// The line of the YAML text's first line in `file` (front matter starts
    /// after the opening `---`).
    pub first_line: usize,
    /// The dataset a sidecar's corrections are about; None in a page, where
    /// each entry names its `data`.
    pub dataset: Option<&'a str>,
    /// The page a front matter's corrections are on.
    pub page: Option<&'a str>,
}

/// Each entry of the list as a correction; an entry that does not read is
/// reported at its line and left out.
pub(crate) fn read(
    entries: &[yaml_serde::Value],
    place: &Place,
    diags: &mut Diagnostics,
) -> Vec<Correction> {
    let lines = item_lines(place.src);
    entries
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let line = place.first_line - 1
                + lines
                    .get(i)
                    .copied()
                    .unwrap_or_else(|| crate::load::yaml::key_line(place.src, "corrections"));
            match entry(v, place, line) {
                Ok(c) => Some(c),
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        })
        .collect()
}

/// The dataset a page's correction names; empty when it names no figure
/// (a correction of the page's wording). A figure needs all three of
/// `data`, `row` and `column`.
fn about_figure(
    map: &yaml_serde::Mapping,
    err: &dyn Fn(String, &str) -> Diagnostic,
) -> Result<String, Diagnostic> {
    let has = |k: &str| map.get(k).is_some();
    let example = "write a corrected figure as `- { data: asb-by-district, row: Ashford, column: change_pct, published: \"5.68%\", date: 2024-03-14, reason: \"…\" }`, or leave out `data`, `row` and `column` to correct the page's wording";
    match (has("data"), has("row"), has("column")) {
        (false, false, false) => Ok(String::new()),
        (true, true, true) => match map.get("data").and_then(scalar) {
            Some(d) => Ok(d),
            None => Err(err(
                "`data` must be a dataset's name, not a list or mapping".into(),
                example,
            )),
        },
        (true, _, _) => {
            let missing: Vec<&str> = ["row", "column"].into_iter().filter(|k| !has(k)).collect();
            Err(err(
                format!(
                    "the correction names a dataset but no `{}`",
                    missing.join("` or `")
                ),
                example,
            ))
        }
        (false, _, _) => Err(err(
            "the correction names a row or column but not the dataset it is in".into(),
            example,
        )),
    }
}

fn entry(v: &yaml_serde::Value, place: &Place, line: usize) -> Result<Correction, Diagnostic> {
    let err = |msg: String, hint: &str| {
        Diagnostic::error(Code::Correction, msg)
            .in_file(place.file)
            .at(line, 1)
            .hint(hint.to_string())
    };
    let example = match place.dataset {
        Some(_) => {
            "write each correction as `- { row: Ashford, column: change_pct, published: \"5.68%\", date: 2024-03-14, reason: \"…\" }`"
        }
        None => {
            "write each correction as `- { data: asb-by-district, row: Ashford, column: change_pct, published: \"5.68%\", date: 2024-03-14, reason: \"…\" }`; a correction of the page's wording takes only `published`, `date` and `reason`"
        }
    };
    let Some(map) = v.as_mapping() else {
        let keys = match place.dataset {
            Some(_) => "`row`, `column`, `published`, `date` and `reason`",
            None => {
                "`published`, `date` and `reason` (and `data`, `row` and `column` for a figure)"
            }
        };
        return Err(err(
            format!("a correction must be a list entry with {keys}"),
            example,
        ));
    };
    let allowed: Vec<&str> = match place.dataset {
        Some(_) => KEYS.to_vec(),
        None => std::iter::once("data").chain(KEYS).collect(),
    };
    let text = |key: &str| -> Result<String, Diagnostic> {
        match map.get(key) {
            None => Err(err(format!("the correction has no `{key}`"), example)),
            Some(v) => scalar(v).ok_or_else(|| {
                err(
                    format!("`{key}` must be text, not a list or mapping"),
                    example,
                )
            }),
        }
    };
    for (k, _) in map {
        let k = super::sidecar::yaml_key(k);
        if !allowed.contains(&k.as_str()) {
            let hint = match crate::diagnostic::suggest(&k, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("a correction takes {}", allowed.join(", ")),
            };
            let (l, c) = key_at(place, line, &k);
            return Err(err(format!("a correction has no key `{k}`"), &hint).at(l, c));
        }
    }
    let dataset = match place.dataset {
        Some(d) => d.to_string(),
        None => about_figure(map, &err)?,
    };
    // A page's correction of its own wording names no figure.
    let wording = place.dataset.is_none() && dataset.is_empty();
    let figure_key = |key: &str| match wording {
        true => Ok(String::new()),
        false => text(key),
    };
    let (row, column, published, date, reason) = (
        figure_key("row")?,
        figure_key("column")?,
        text("published")?,
        text("date")?,
        text("reason")?,
    );
    if !crate::util::text::is_iso_date(&date) {
        let (l, c) = key_at(place, line, "date");
        return Err(err(
            format!("`date` is not a date: `{date}`"),
            "write the date the figure was corrected as YYYY-MM-DD, e.g. `date: 2024-03-14`",
        )
        .at(l, c));
    }
    if reason.trim().is_empty() || published.trim().is_empty() {
        return Err(err(
            "a correction needs the figure as published and a reason".into(),
            "say what was published and why it was wrong, so readers can see what changed",
        ));
    }
    Ok(Correction {
        dataset,
        row,
        column,
        published,
        date,
        reason,
        file: place.file.to_path_buf(),
        line,
        page: place.page.map(str::to_string),
    })
}

/// File line and column of `key:` within the entry that starts on file line
/// `line`; the entry's own line and column 1 when it cannot be found.
fn key_at(place: &Place, line: usize, key: &str) -> (usize, usize) {
    key_in_entry(place.src, place.first_line, line, key)
}

/// [`key_at`] for YAML text `src` whose first line is file line
/// `first_line`: where a check of a page's correction points.
pub(crate) fn key_in_entry(src: &str, first_line: usize, line: usize, key: &str) -> (usize, usize) {
    let lines: Vec<&str> = src.lines().collect();
    let start = (line + 1).saturating_sub(first_line).saturating_sub(1);
    let Some(first) = lines.get(start) else {
        return (line, 1);
    };
    let dash = first.len() - first.trim_start().len();
    for (i, l) in lines.iter().enumerate().skip(start) {
        let depth = l.len() - l.trim_start().len();
        if i > start && !l.trim().is_empty() && (depth <= dash) {
            break;
        }
        let found = l.match_indices(key).find(|(at, _)| {
            let before = l[..*at].chars().last();
            let after = l[at + key.len()..].trim_start();
            before.is_none_or(|b| !(b.is_alphanumeric() || b == '_' || b == '-'))
                && after.starts_with(':')
        });
        if let Some((at, _)) = found {
            return (line + i - start, l[..at].chars().count() + 1);
        }
    }
    (line, 1)
}

/// A YAML scalar as text: `published: 5.68` is read as a number, but the
/// figure as published is the text.
fn scalar(v: &yaml_serde::Value) -> Option<String> {
    match v {
        yaml_serde::Value::String(s) => Some(s.clone()),
        yaml_serde::Value::Number(n) => Some(n.to_string()),
        yaml_serde::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// 1-based lines of the entries (`- …`) of the top-level `corrections:`
/// list, in order.
pub(crate) fn item_lines(src: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut indent: Option<usize> = None;
    for (i, l) in src.lines().enumerate() {
        let t = l.trim_start();
        let depth = l.len() - t.len();
        if depth == 0 && !t.is_empty() && !t.starts_with('#') && !t.starts_with('-') {
            inside = t
                .strip_prefix("corrections")
                .is_some_and(|r| r.trim_start().starts_with(':'));
            continue;
        }
        if inside && t.starts_with('-') && indent.is_none_or(|d| d == depth) {
            indent = Some(depth);
            out.push(i + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place<'a>(src: &'a str) -> Place<'a> {
        Place {
            file: Path::new("data/x.yaml"),
            src,
            first_line: 1,
            dataset: Some("x"),
            page: None,
        }
    }

    fn read_src(src: &str) -> (Vec<Correction>, Diagnostics) {
        #[derive(serde::Deserialize)]
        struct S {
            corrections: Vec<yaml_serde::Value>,
        }
        let s: S = yaml_serde::from_str(src).unwrap();
        let mut d = Diagnostics::new();
        (read(&s.corrections, &place(src), &mut d), d)
    }

    #[test]
    fn reads_entries_at_their_lines() {
        let src = "corrections:\n  - row: Swale\n    column: change_pct\n    published: 12.45%\n    date: 2024-03-14\n    reason: divided by the wrong year\n  - { row: Dover, column: difference, published: -8, date: 2024-03-15, reason: typed wrong }\n";
        let (c, d) = read_src(src);
        assert!(d.0.is_empty(), "{d:?}");
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].line, c[1].line), (2, 7));
        assert_eq!(c[1].published, "-8");
        assert_eq!(c[0].dataset, "x");
    }

    #[test]
    fn a_bad_entry_is_reported_at_its_line_and_the_rest_are_read() {
        let src = "title: x\ncorrections:\n  - { row: Swale, column: c, published: 1, date: 14/03/2024, reason: r }\n  - { row: Dover, colum: c, published: 1, date: 2024-03-14, reason: r }\n  - { row: Dover, column: c, published: 1, date: 2024-03-14 }\n  - { row: Ashford, column: c, published: 1, date: 2024-03-14, reason: r }\n";
        let (c, d) = read_src(src);
        assert_eq!(c.len(), 1);
        let lines: Vec<usize> = d.0.iter().map(|d| d.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(d.0[1].hint.as_deref().unwrap().contains("`column`"));
        assert!(d.0[2].message.contains("no `reason`"));
    }

    #[test]
    fn a_page_corrects_a_named_figure_or_its_wording() {
        #[derive(serde::Deserialize)]
        struct S {
            corrections: Vec<yaml_serde::Value>,
        }
        let src = "corrections:\n  - { data: asb, row: Dover, column: current, published: 990, date: 2024-03-14, reason: r }\n  - { published: Crime rose., date: 2024-03-15, reason: It fell. }\n  - { data: asb, published: 1, date: 2024-03-14, reason: r }\n  - { column: current, published: 1, date: 2024-03-14, reason: r }\n";
        let s: S = yaml_serde::from_str(src).unwrap();
        let page = Place {
            file: Path::new("content/a.md"),
            src,
            first_line: 2,
            dataset: None,
            page: Some("/a/"),
        };
        let mut d = Diagnostics::new();
        let c = read(&s.corrections, &page, &mut d);
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].dataset.as_str(), c[0].line), ("asb", 3));
        assert!(!c[0].is_wording() && c[1].is_wording());
        assert_eq!(c[1].page.as_deref(), Some("/a/"));
        assert_eq!(c[1].anchor(), "correction-wording-2024-03-15-crime-rose");
        let msgs: Vec<&str> = d.0.iter().map(|d| d.message.as_str()).collect();
        assert!(msgs[0].contains("no `row` or `column`"), "{msgs:?}");
        assert!(msgs[1].contains("not the dataset"), "{msgs:?}");
    }
}
