//! Tera's errors as findings: placed in the template's file, and the
//! commonest mistakes, which Tera names only vaguely, said in the
//! author's terms.

use std::path::PathBuf;

use tera::{ErrorKind, ReportError};

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::model::theme::Theme;

impl Theme {
    /// Turns a Tera error into a diagnostic located in the template's file.
    pub fn template_error(&self, e: &tera::Error) -> Diagnostic {
        match e.kind() {
            ErrorKind::SyntaxError(r) => self.report_error(Code::TemplateSyntax, r),
            ErrorKind::RenderingError(r) => self.report_error(Code::TemplateRender, r),
            ErrorKind::TemplateNotFound(name) => self.not_found(name),
            ErrorKind::CircularInclude { tpl, include_chain } => {
                self.circular_include(tpl, include_chain)
            }
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => self.circular_extend(tpl, inheritance_chain),
            ErrorKind::MissingParent { current, parent } => self.missing_parent(current, parent),
            _ if e.to_string().contains("recursion depth for components") => {
                self.endless_component()
            }
            _ => self.plain_report(&e.to_string()),
        }
    }

    /// A syntax or rendering error, which Tera places by a span.
    fn report_error(&self, code: Code, r: &ReportError) -> Diagnostic {
        let span = r.span();
        let file = self.templates.get(r.filename()).map(|(p, _)| p.clone());
        let source = self.templates.get(r.filename()).map(|(_, s)| s.as_str());
        let explained = match (first_line(r.message()), source) {
            ("Unknown tag", Some(src)) => unknown_tag(src, span.start_line, span.start_col),
            ("Unexpected end of input", Some(src)) => unclosed_at_end(src),
            _ => None,
        };
        let (message, hint) = explained.unwrap_or_else(|| {
            (
                first_line(r.message()).to_string(),
                "check the template's syntax against docs/themes.md".to_string(),
            )
        });
        let mut d = Diagnostic::error(code, format!("template `{}`: {message}", r.filename()));
        if let Some(f) = file {
            d = d.in_file(f).at(span.start_line, span.start_col + 1);
            if span.start_line == span.end_line {
                d = d.width(span.end_col.saturating_sub(span.start_col).max(1));
            }
        }
        d.hint(hint)
    }

    fn not_found(&self, name: &str) -> Diagnostic {
        Diagnostic::error(
            Code::TemplateMissing,
            format!("there is no template `{name}`"),
        )
        .hint(format!(
            "templates are: {}",
            self.templates
                .keys()
                .filter(|k| !k.starts_with("partials/"))
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    fn circular_include(&self, tpl: &str, include_chain: &[String]) -> Diagnostic {
        let mut d = Diagnostic::error(
            Code::TemplateLoop,
            format!(
                "template `{tpl}` includes itself: {}",
                include_chain.join(" → ")
            ),
        )
        .hint("break the loop of includes");
        // The include that closes the loop is in the last template
        // of the chain before the repeat.
        if let [.., from, to] = include_chain
            && let Some((path, src)) = self.templates.get(from)
        {
            d = d.in_file(path);
            if let Some((line, col)) = include_position(src, to) {
                d = d.at(line, col).label(format!("includes `{to}` again"));
            }
        }
        d
    }

    fn circular_extend(&self, tpl: &str, inheritance_chain: &[String]) -> Diagnostic {
        let mut d = Diagnostic::error(
            Code::TemplateLoop,
            format!(
                "template `{tpl}` extends itself: {}",
                inheritance_chain.join(" → ")
            ),
        )
        .hint("break the loop of extends");
        if let Some((path, src)) = self.templates.get(tpl) {
            d = d.in_file(path);
            if let Some((line, col)) = tag_position(src, "extends", None) {
                d = d.at(line, col);
            }
        }
        d
    }

    fn missing_parent(&self, current: &str, parent: &str) -> Diagnostic {
        let mut d = Diagnostic::error(
            Code::TemplateMissing,
            format!("template `{current}` extends `{parent}`, which does not exist"),
        );
        if let Some((p, _)) = self.templates.get(current) {
            d = d.in_file(p).at(1, 1);
        }
        d
    }

    /// Tera stops a component that calls itself only at its recursion
    /// limit, and says neither which component nor where.
    fn endless_component(&self) -> Diagnostic {
        let mut d = Diagnostic::error(
            Code::TemplateLoop,
            "a component calls itself without end".to_string(),
        )
        .hint("give the component a way to stop, e.g. `{% if n > 0 %}` around the call to itself");
        if let Some((path, line, col, name)) = self.recursive_component() {
            d = d
                .in_file(path)
                .at(line, col)
                .label(format!("`{name}` calls itself"));
            d.message = format!("the component `{name}` calls itself without end");
        }
        d
    }

    /// Tera checks every template's filters, functions and includes when
    /// they are compiled, and reports them as plain text with the place
    /// written into it.
    fn plain_report(&self, text: &str) -> Diagnostic {
        let Some(r) = parse_report(text) else {
            return Diagnostic::error(Code::Template, first_line(text).to_string());
        };
        let code = if r.message.starts_with("Unknown template") {
            Code::TemplateMissing
        } else {
            Code::Template
        };
        let mut d = Diagnostic::error(code, format!("template `{}`: {}", r.template, r.message));
        if let Some((path, _)) = self.templates.get(&r.template) {
            d = d.in_file(path).at(r.line, r.column);
        }
        if r.more > 0 {
            d = d.note(format!("and {} more like it", r.more));
        }
        d.hint(report_hint(&r.message))
    }

    /// The first component whose body calls the component itself, with
    /// where its definition starts.
    fn recursive_component(&self) -> Option<(PathBuf, usize, usize, String)> {
        for (path, src) in self.templates.values() {
            let mut rest = src.as_str();
            let mut offset = 0;
            while let Some(i) = rest.find("component ") {
                let tag_start = rest[..i]
                    .rfind("{%")
                    .filter(|&j| rest[j + 2..i].trim().is_empty());
                let after = &rest[i + "component ".len()..];
                let name: String = after
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let body_end = after.find("endcomponent").unwrap_or(after.len());
                if let Some(start) = tag_start
                    && !name.is_empty()
                    && after[..body_end].contains(&format!("<{name}"))
                {
                    let (line, col) = crate::diagnostic::line_col(src, offset + start);
                    return Some((path.clone(), line, col, name));
                }
                let step = i + "component ".len();
                offset += step;
                rest = &rest[step..];
            }
        }
        None
    }
}

/// Line and column of the `{% include "name" %}` tag in `src`.
fn include_position(src: &str, name: &str) -> Option<(usize, usize)> {
    tag_position(src, "include", Some(name))
}

/// Line and column of the first `{% tag ... %}` in `src` (naming `name` in
/// quotes, when given).
fn tag_position(src: &str, tag: &str, name: Option<&str>) -> Option<(usize, usize)> {
    for (i, line) in src.lines().enumerate() {
        let at = match name {
            Some(name) => ['"', '\'', '`']
                .iter()
                .filter_map(|q| line.find(&format!("{q}{name}{q}")))
                .min(),
            None => line.find(tag).map(|a| a + tag.len()),
        };
        let Some(at) = at else { continue };
        let before = &line[..at];
        if !before.contains(tag) {
            continue;
        }
        let start = before.rfind("{%").unwrap_or(0);
        return Some((i + 1, line[..start].chars().count() + 1));
    }
    None
}

/// The first problem in one of Tera's plain-text reports
/// (`error: MESSAGE` then `--> TEMPLATE:LINE:COLUMN`), and how many more
/// the report holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    pub message: String,
    pub template: String,
    pub line: usize,
    pub column: usize,
    pub more: usize,
}

pub fn parse_report(text: &str) -> Option<Report> {
    let mut lines = text.lines();
    let message = lines.next()?.strip_prefix("error: ")?.to_string();
    let place = lines.find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let template = parts.next()?.to_string();
    let more = text.matches("\nerror: ").count();
    Some(Report {
        message,
        template,
        line,
        column,
        more,
    })
}

fn report_hint(message: &str) -> String {
    if message.starts_with("Unknown filter") {
        "see docs/themes.md for the filters Tera has".into()
    } else if message.starts_with("Unknown template") {
        "check the name and that the file is in templates/ (or the theme's templates/)".into()
    } else if message.starts_with("Unknown function") {
        "the functions are value(), table(), chart(), link() and ref(), and t() for the theme's words".into()
    } else {
        "check the template against docs/themes.md".into()
    }
}

/// Tera says only "Unknown tag" for a closing tag that closes nothing open
/// (usually because an `{% if %}` or `{% for %}` above it was never closed)
/// and for a misspelt tag. The message and hint say which.
fn unknown_tag(src: &str, line: usize, col: usize) -> Option<(String, String)> {
    let text = src.lines().nth(line.checked_sub(1)?)?;
    let word: String = text
        .chars()
        .skip(col)
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if word.is_empty() {
        return None;
    }
    let line_start = match line {
        1 => 0,
        _ => src.match_indices('\n').nth(line - 2)?.0 + 1,
    };
    let offset = line_start + text.char_indices().nth(col).map(|(i, _)| i).unwrap_or(0);
    let open = open_tags(&src[..offset.min(src.len())]);
    if let Some(opener) = word.strip_prefix("end") {
        return Some(match open.last() {
            Some((tag, at)) if tag != opener => (
                format!(
                    "`{{% {word} %}}` comes while the `{{% {tag} %}}` on line {at} is still open"
                ),
                format!("close it first: add `{{% end{tag} %}}` before `{{% {word} %}}`"),
            ),
            _ => (
                format!("`{{% {word} %}}` closes nothing: there is no open `{{% {opener} %}}`"),
                format!("remove `{{% {word} %}}`, or add the `{{% {opener} %}}` it closes"),
            ),
        });
    }
    if word == "else" || word == "elif" {
        return Some((
            format!("`{{% {word} %}}` is outside any `{{% if %}}`"),
            match open.last() {
                Some((tag, at)) => format!(
                    "the `{{% {tag} %}}` on line {at} is the innermost open tag; `{word}` belongs inside an `if` (or `for`, for `else`)"
                ),
                None => {
                    format!("put `{{% {word} %}}` between `{{% if ... %}}` and `{{% endif %}}`")
                }
            },
        ));
    }
    let tags = [
        "if",
        "elif",
        "else",
        "for",
        "block",
        "extends",
        "include",
        "set",
        "set_global",
        "filter",
        "component",
        "raw",
        "break",
        "continue",
    ];
    let hint = match crate::diagnostic::suggest(&word, tags) {
        Some(s) => format!("did you mean `{{% {s} %}}`?"),
        None => format!("the tags are: {}", tags.join(", ")),
    };
    Some((format!("`{{% {word} %}}` is not a template tag"), hint))
}

/// The end of a template came with a tag still open: say which.
fn unclosed_at_end(src: &str) -> Option<(String, String)> {
    let (tag, line) = open_tags(src).pop()?;
    Some((
        format!("the `{{% {tag} %}}` on line {line} is never closed"),
        format!("add `{{% end{tag} %}}` where it should end"),
    ))
}

/// The block tags still open at the end of `src`, innermost last, with the
/// line each opened on.
fn open_tags(src: &str) -> Vec<(String, usize)> {
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut rest = src;
    let mut consumed = 0;
    while let Some(i) = rest.find("{%") {
        let inner = rest[i + 2..].trim_start_matches(['-', '+']).trim_start();
        let end = inner.find("%}").unwrap_or(inner.len());
        let body = &inner[..end];
        let word: String = body
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let line = src[..consumed + i].matches('\n').count() + 1;
        match word.as_str() {
            "if" | "for" | "block" | "filter" | "component" => stack.push((word, line)),
            // `{% set x %}...{% endset %}` captures; `{% set x = 1 %}` does not.
            "set" | "set_global" if !body.contains('=') => stack.push(("set".into(), line)),
            w if w.starts_with("end") => {
                stack.pop();
            }
            _ => {}
        }
        let step = i + 2;
        consumed += step;
        rest = &rest[step..];
    }
    stack
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}
