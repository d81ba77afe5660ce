//! A Markdown job summary of a run's findings, for GitHub Actions
//! (`$GITHUB_STEP_SUMMARY`): the counts, then every finding with a link to
//! its line, since GitHub shows only ten annotations of each kind per step.

use std::fmt::Write;

use super::{Diagnostics, Severity};

/// GitHub's limit on annotations of one kind (error, warning, notice) per
/// step; the summary says when findings went past it.
pub const ANNOTATIONS_SHOWN: usize = 10;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The summary; `link(file, line)` gives the address of a line, when the
/// run knows its repository and commit.
pub fn render_summary(diags: &Diagnostics, link: &dyn Fn(&str, usize) -> Option<String>) -> String {
    let counted: Vec<_> = diags.iter().filter(|d| d.counts()).collect();
    let errors = counted
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = counted.len() - errors;
    let acknowledged = diags.iter().filter(|d| d.acknowledged.is_some()).count();
    let mut s = String::from("## Plainsight check\n\n");
    let _ = writeln!(
        s,
        "{} {errors} error{}, {warnings} warning{}, {acknowledged} acknowledged in the sources\n",
        if errors > 0 { "❌" } else { "✅" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    if errors > ANNOTATIONS_SHOWN || warnings > ANNOTATIONS_SHOWN {
        let _ = writeln!(
            s,
            "GitHub shows only the first {ANNOTATIONS_SHOWN} annotations of each kind on the pull request; every finding is listed here.\n"
        );
    }
    if diags.iter().next().is_none() {
        return s;
    }
    s.push_str("| | where | code | finding |\n|---|---|---|---|\n");
    for d in diags.iter() {
        let mark = match (d.severity, &d.acknowledged) {
            (_, Some(_)) => "ℹ️",
            (Severity::Error, None) => "❌",
            (Severity::Warning, None) => "⚠️",
        };
        let place = match &d.file {
            Some(f) if d.line > 0 => {
                let text = format!("{f}:{}:{}", d.line, d.column.max(1));
                match link(f, d.line) {
                    Some(url) => format!("[{}]({url})", cell(&text)),
                    None => cell(&text),
                }
            }
            Some(f) => cell(f),
            None => String::new(),
        };
        let mut what = d.message.clone();
        if let Some(reason) = &d.acknowledged {
            what.push_str(&format!(" (acknowledged: {reason})"));
        } else if let Some(h) = &d.hint {
            what.push_str(&format!(" — {h}"));
        }
        let _ = writeln!(
            s,
            "| {mark} | {place} | `{}` | {} |",
            d.code.as_str(),
            cell(&what)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Diagnostic};

    #[test]
    fn counts_then_every_finding_with_a_link() {
        let mut d = Diagnostics::new();
        for i in 0..12 {
            d.push(
                Diagnostic::error(Code::BrokenLink, format!("link {i} | broken"))
                    .in_file("site/content/a.md")
                    .at(i + 1, 3),
            );
        }
        let s = render_summary(&d, &|f, l| {
            Some(format!("https://github.com/o/r/blob/abc/{f}#L{l}"))
        });
        assert!(s.contains("❌ 12 errors, 0 warnings"));
        assert!(s.contains("only the first 10 annotations"));
        assert!(s.contains(
            "[site/content/a.md:12:3](https://github.com/o/r/blob/abc/site/content/a.md#L12)"
        ));
        assert!(s.contains("link 11 \\| broken"));
        assert_eq!(s.matches("| ❌ |").count(), 12);
    }
}
