//! Splitting a Markdown file into its YAML front matter and its body.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::yaml;

/// The parts of a Markdown file, with where each starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', '\n']).trim_end() == "---"
}

/// Splits `src` at its `---` fences. A BOM is tolerated.
pub fn split<'a>(src: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut lines = src.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !first.ends_with('\n') && first.contains('\r') && first.starts_with("---\r") {
        // Old Mac line endings: every line ends with a bare CR, so the file
        // is one long line and its fences cannot be seen.
        return Err(Diagnostic::error(
            "front-matter-missing",
            "this file ends its lines with bare carriage returns (old Mac line endings), so its front matter cannot be read",
        )
        .in_file(file)
        .at(1, 1)
        .width(3)
        .hint("save the file with ordinary line endings (LF, or CR LF as Windows does)"));
    }
    if !is_fence(first) {
        return Err(
            Diagnostic::error("front-matter-missing", "this page has no front matter")
                .in_file(file)
                .at(1, 1)
                .label("expected `---` on the first line")
                .hint(
                    "start the file with a `---` line, then `title: ...`, then another `---` line",
                ),
        );
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if is_fence(line) {
            let yaml = &src[yaml_start..offset];
            let body = &src[offset + line.len()..];
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body,
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error("front-matter-unclosed", "the front matter is never closed")
            .in_file(file)
            .at(1, 1)
            .width(3)
            .label("front matter opened here")
            .hint("add a line with only `---` after the last front-matter key"),
    )
}

/// The keys a page may set in its front matter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    /// Plan model: the agency leading this priority or action.
    #[serde(default)]
    pub lead: Option<serde_yaml::Value>,
    /// Plan model: the priority a page belongs to.
    #[serde(default)]
    pub priority: Option<String>,
    /// Plan model: the one-line scope of a priority.
    #[serde(default)]
    pub scope: Option<String>,
    /// Plan model: `priority` or `theme`; such pages are listed on the home
    /// page and use the `priority.html` template unless they name another.
    #[serde(default)]
    pub plan: Option<crate::plan::Role>,
    /// Plan model: what was achieved last period, one item per entry.
    #[serde(default)]
    pub progress: Vec<String>,
    /// Plan model: what the strategic assessment found, one item per entry.
    #[serde(default)]
    pub findings: Vec<String>,
    /// Plan model: the action plan, one entry per tier.
    #[serde(default)]
    pub actions: Vec<crate::plan::ActionArea>,
    /// On a section: letter its pages with this word ("Appendix" gives
    /// Appendix A, B, …). Sections at `/appendices/` are lettered by default.
    #[serde(default)]
    pub lettered: Option<crate::plan::Lettering>,
    #[serde(default)]
    pub extra: serde_yaml::Mapping,
}

impl FrontMatter {
    /// `extra`, with the plan-model keys folded in so templates find them in
    /// one place (`page.extra.lead`), whichever way the author wrote them.
    pub fn extra_with_plan(&self) -> serde_yaml::Mapping {
        let mut m = self.extra.clone();
        let mut put = |k: &str, v: Option<serde_yaml::Value>| {
            if let Some(v) = v {
                m.entry(serde_yaml::Value::String(k.into())).or_insert(v);
            }
        };
        put("lead", self.lead.clone());
        put(
            "priority",
            self.priority.clone().map(serde_yaml::Value::String),
        );
        put("scope", self.scope.clone().map(serde_yaml::Value::String));
        m
    }
}

/// Parses front matter and validates what serde alone cannot.
pub fn parse(split: &Split<'_>, file: &Path) -> Result<FrontMatter, Diagnostic> {
    // Comment lines alone are no front matter either: YAML reads them as
    // nothing, and "missing field `title`" would not say why.
    let only_comments = split
        .yaml
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if only_comments {
        return Err(
            Diagnostic::error("front-matter-empty", "the front matter is empty")
                .in_file(file)
                .at(1, 1)
                .hint("every page needs at least `title: ...` between the `---` lines"),
        );
    }
    let line_of = |key: &str| yaml::key_line(split.yaml, key) + split.yaml_line - 1;
    let fm: FrontMatter = yaml::parse(
        split.yaml,
        file,
        split.yaml_line,
        "front-matter",
        "front matter",
    )
    .map_err(|d| {
        // serde cannot say where a value of an either-or type went wrong;
        // `lettered` is the one such key, so the message names it.
        if d.message.contains("untagged enum Lettering") {
            Diagnostic {
                message:
                    "front matter: `lettered` must be true, false or the word to letter pages with"
                        .into(),
                line: line_of("lettered"),
                column: 1,
                ..d
            }
        } else {
            d
        }
    })?;
    if fm.title.trim().is_empty() {
        return Err(
            Diagnostic::error("front-matter", "front matter: `title` is empty")
                .in_file(file)
                .at(line_of("title"), 1)
                .hint("give the page a title"),
        );
    }
    for (key, value) in [("date", &fm.date), ("updated", &fm.updated)] {
        if let Some(v) = value
            && !is_iso_date(v)
        {
            return Err(Diagnostic::error(
                "front-matter",
                format!("front matter: `{key}` is not a date: `{v}`"),
            )
            .in_file(file)
            .at(line_of(key), 1)
            .hint(format!(
                "write dates as YYYY-MM-DD, e.g. `{key}: 2025-04-01`"
            )));
        }
    }
    if let Some(t) = &fm.template
        && (t.contains("..") || t.starts_with('/') || !t.ends_with(".html"))
    {
        return Err(Diagnostic::error(
            "front-matter",
            format!("front matter: `template` must name a theme template such as `priority.html`, not `{t}`"),
        )
        .in_file(file)
        .at(line_of("template"), 1)
        .hint("give the file name of a template in the theme or in templates/, ending in .html"));
    }
    Ok(fm)
}

/// `YYYY-MM-DD` with a real month and day.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_with_lines() {
        let s = split("---\ntitle: A\n---\nBody\n", p()).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_and_bom() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody", p()).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn unclosed_and_missing() {
        assert_eq!(
            split("---\ntitle: A\n", p()).unwrap_err().code,
            "front-matter-unclosed"
        );
        assert_eq!(
            split("# Hi\n", p()).unwrap_err().code,
            "front-matter-missing"
        );
        assert_eq!(split("", p()).unwrap_err().code, "front-matter-missing");
        let only = split("---\n---\n", p()).unwrap();
        assert_eq!(parse(&only, p()).unwrap_err().code, "front-matter-empty");
    }

    #[test]
    fn yaml_error_line_is_in_file() {
        let src = "---\ntitle: [unclosed\n---\nBody\n";
        let s = split(src, p()).unwrap();
        let e = parse(&s, p()).unwrap_err();
        assert!(e.line >= 2 && e.line <= 3, "{e:?}");
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2023-13-01"));
        assert!(!is_iso_date("1/2/2023"));
        let s = split("---\ntitle: A\ndate: 1 May\n---\n", p()).unwrap();
        let e = parse(&s, p()).unwrap_err();
        assert_eq!(e.line, 3);
    }
}
