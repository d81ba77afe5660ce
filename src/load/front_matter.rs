//! Splitting a Markdown file into its YAML front matter and its body.

use std::path::Path;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::load::yaml;
use crate::model::page::FrontMatter;
use crate::util::text::is_iso_date;

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
            Code::FrontMatterMissing,
            "this file ends its lines with bare carriage returns (old Mac line endings), so its front matter cannot be read",
        )
        .in_file(file)
        .at(1, 1)
        .width(3)
        .hint("save the file with ordinary line endings (LF, or CR LF as Windows does)"));
    }
    if !is_fence(first) {
        return Err(
            Diagnostic::error(Code::FrontMatterMissing, "this page has no front matter")
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
    Err(Diagnostic::error(
        Code::FrontMatterUnclosed,
        "the front matter is never closed",
    )
    .in_file(file)
    .at(1, 1)
    .width(3)
    .label("front matter opened here")
    .hint("add a line with only `---` after the last front-matter key"))
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
            Diagnostic::error(Code::FrontMatterEmpty, "the front matter is empty")
                .in_file(file)
                .at(1, 1)
                .hint("every page needs at least `title: ...` between the `---` lines"),
        );
    }
    let line_of = |key: &str| yaml::key_line(split.yaml, key) + split.yaml_line - 1;
    let mut fm: FrontMatter = yaml::parse(
        split.yaml,
        file,
        split.yaml_line,
        Code::FrontMatter,
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
            Diagnostic::error(Code::FrontMatter, "front matter: `title` is empty")
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
                Code::FrontMatter,
                format!("front matter: `{key}` is not a date: `{v}`"),
            )
            .in_file(file)
            .at(line_of(key), 1)
            .hint(format!(
                "write dates as YYYY-MM-DD, e.g. `{key}: 2025-04-01`"
            )));
        }
    }
    crate::load::report::validate(&fm, split.yaml, split.yaml_line, file)?;
    if !fm.corrections_typed.is_empty() {
        let mut found = crate::diagnostic::Diagnostics::new();
        let place = crate::load::dataset::corrections::Place {
            file,
            src: split.yaml,
            first_line: split.yaml_line,
            dataset: None,
            page: None,
        };
        fm.corrections =
            crate::load::dataset::corrections::read(&fm.corrections_typed, &place, &mut found);
        if let Some(first) = found.0.into_iter().next() {
            return Err(first);
        }
    }
    for alias in &fm.aliases {
        if let Err(why) = crate::util::alias::normalise(alias) {
            let (line, column) = yaml::locate_in_yaml(split.yaml, "aliases", alias);
            return Err(Diagnostic::error(
                Code::Alias,
                format!("front matter: the alias `{alias}` {why}"),
            )
            .in_file(file)
            .at(line + split.yaml_line - 1, column)
            .hint("list the page's old addresses from the site root, e.g. `aliases: [/priorities/old-name/]`"));
        }
    }
    if let Some(t) = &fm.template
        && (t.contains("..") || t.starts_with('/') || !t.ends_with(".html"))
    {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            format!("front matter: `template` must name a theme template such as `priority.html`, not `{t}`"),
        )
        .in_file(file)
        .at(line_of("template"), 1)
        .hint("give the file name of a template in the theme or in templates/, ending in .html"));
    }
    Ok(fm)
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
