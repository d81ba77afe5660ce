//! Themes: Tera templates and static files, the built-in default compiled in,
//! overridden file by file by the site's theme folder and `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::{ErrorKind, Tera};

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::theme::StaticFile;
use crate::model::theme::Theme;

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub const BUILTIN_PREFIX: &str = "(built-in theme)/";

/// The templates every theme must have (with the site's `templates/`).
/// How deep templates may include or extend one another (docs/security.md).
pub const MAX_TEMPLATE_DEPTH: usize = 32;

/// The names quoted in a template's `extends`, `include` and `import` tags;
/// None if such a tag names its template through a variable, which could
/// be any.
pub fn referenced_templates(src: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches('-').trim_start();
        rest = &rest[end..];
        let word = tag.split_whitespace().next().unwrap_or("");
        if !matches!(word, "extends" | "include" | "import") {
            continue;
        }
        let before = out.len();
        let mut args = &tag[word.len()..];
        while let Some(q) = args.find(['"', '\'', '`']) {
            let quote = args[q..].chars().next().unwrap_or('"');
            let after = &args[q + 1..];
            let Some(close) = after.find(quote) else {
                break;
            };
            out.push(after[..close].to_string());
            args = &after[close + 1..];
        }
        if out.len() == before {
            return None;
        }
    }
    Some(out)
}

pub const REQUIRED: [&str; 7] = [
    "base.html",
    "page.html",
    "section.html",
    "index.html",
    "404.html",
    "dataset.html",
    "catalogue.html",
];

impl Theme {
    pub fn load(root: &Path, theme: &str) -> Result<Theme, Diagnostics> {
        let mut t = Theme::default();
        let mut diags = Diagnostics::new();
        if theme == "default" {
            add_builtin(&mut t, DEFAULT_THEME.get_dir("templates"), "templates");
            add_builtin_static(&mut t, DEFAULT_THEME.get_dir("static"), "static");
        }
        let theme_dir = root.join("themes").join(theme);
        if theme != "default" && !theme_dir.is_dir() {
            return Err(Diagnostic::error(
                Code::Theme,
                format!("the theme `{theme}` is not in themes/"),
            )
            .in_file(crate::model::config::CONFIG_FILE)
            .at(
                crate::load::yaml::key_line(
                    &std::fs::read_to_string(root.join(crate::model::config::CONFIG_FILE))
                        .unwrap_or_default(),
                    "theme",
                ),
                1,
            )
            .hint("use `theme: default`, or add the theme under themes/NAME/")
            .into());
        }
        add_disk(
            root,
            &theme_dir.join("templates"),
            &mut t.templates,
            &mut diags,
        );
        add_disk_static(root, &theme_dir.join("static"), &mut t.statics, &mut diags);
        add_disk(root, &root.join("templates"), &mut t.templates, &mut diags);
        add_disk_static(root, &root.join("static"), &mut t.statics, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|n| !t.templates.contains_key(*n))
            .collect();
        if !missing.is_empty() {
            let config = std::fs::read_to_string(root.join(crate::model::config::CONFIG_FILE))
                .unwrap_or_default();
            return Err(Diagnostic::error(
                Code::TemplateMissing,
                format!("the theme `{theme}` has no {}", missing.join(", ")),
            )
            .in_file(crate::model::config::CONFIG_FILE)
            .at(crate::load::yaml::key_line(&config, "theme"), 1)
            .hint(format!(
                "a theme needs {}; copy the missing ones from the default theme into themes/{theme}/templates/",
                REQUIRED.join(", ")
            ))
            .into());
        }
        t.check_depth()?;
        Ok(t)
    }

    /// Refuses templates that include or extend one another more than
    /// [`MAX_TEMPLATE_DEPTH`] deep: Tera follows such a chain by recursion,
    /// and a few hundred levels overflow the stack and end the process.
    fn check_depth(&self) -> Result<(), Diagnostic> {
        let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
        for name in self.templates.keys() {
            // Deepest first, by an explicit stack, so the check itself never
            // recurses; a loop (Tera reports those) counts once.
            let mut stack: Vec<(&str, bool)> = vec![(name.as_str(), false)];
            let mut on_path: Vec<&str> = Vec::new();
            while let Some((n, done)) = stack.pop() {
                if done {
                    on_path.pop();
                    let below = self
                        .templates
                        .get(n)
                        .and_then(|(_, src)| referenced_templates(src));
                    let d = 1 + below
                        .iter()
                        .flatten()
                        .filter_map(|c| depth.get(c.as_str()))
                        .max()
                        .copied()
                        .unwrap_or(0);
                    depth.insert(n, d);
                    if d > MAX_TEMPLATE_DEPTH {
                        let (path, _) = &self.templates[n];
                        return Err(Diagnostic::error(
                            Code::TemplateDepth,
                            format!("template `{n}` includes or extends templates {d} levels deep; the limit is {MAX_TEMPLATE_DEPTH}"),
                        )
                        .in_file(path.clone())
                        .at(1, 1)
                        .hint("include the deepest templates' contents directly, or use a macro or a loop instead of a chain of includes"));
                    }
                    continue;
                }
                if depth.contains_key(n) || on_path.contains(&n) || !self.templates.contains_key(n)
                {
                    continue;
                }
                on_path.push(n);
                stack.push((n, true));
                let (_, src) = &self.templates[n];
                for c in referenced_templates(src).into_iter().flatten() {
                    if let Some((key, _)) = self.templates.get_key_value(c.as_str()) {
                        stack.push((key.as_str(), false));
                    }
                }
            }
        }
        Ok(())
    }

    /// Compiles every template into one Tera instance.
    pub fn compile(&self, tera: &mut Tera) -> Result<(), Diagnostics> {
        let list: Vec<(&str, &str)> = self
            .templates
            .iter()
            .map(|(n, (_, s))| (n.as_str(), s.as_str()))
            .collect();
        tera.add_raw_templates(list)
            .map_err(|e| Diagnostics::from(self.template_error(&e)))
    }

    /// Turns a Tera error into a diagnostic located in the template's file.
    pub fn template_error(&self, e: &tera::Error) -> Diagnostic {
        match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                let span = r.span();
                let file = self.templates.get(r.filename()).map(|(p, _)| p.clone());
                let code = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                    Code::TemplateSyntax
                } else {
                    Code::TemplateRender
                };
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
                let mut d =
                    Diagnostic::error(code, format!("template `{}`: {message}", r.filename()));
                if let Some(f) = file {
                    d = d.in_file(f).at(span.start_line, span.start_col + 1);
                    if span.start_line == span.end_line {
                        d = d.width(span.end_col.saturating_sub(span.start_col).max(1));
                    }
                }
                d.hint(hint)
            }
            ErrorKind::TemplateNotFound(name) => Diagnostic::error(
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
            )),
            ErrorKind::CircularInclude { tpl, include_chain } => {
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
                if let [.., from, to] = include_chain.as_slice()
                    && let Some((path, src)) = self.templates.get(from)
                {
                    d = d.in_file(path);
                    if let Some((line, col)) = include_position(src, to) {
                        d = d.at(line, col).label(format!("includes `{to}` again"));
                    }
                }
                d
            }
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => {
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
            ErrorKind::MissingParent { current, parent } => {
                let mut d = Diagnostic::error(
                    Code::TemplateMissing,
                    format!("template `{current}` extends `{parent}`, which does not exist"),
                );
                if let Some((p, _)) = self.templates.get(current) {
                    d = d.in_file(p).at(1, 1);
                }
                d
            }
            _ if e.to_string().contains("recursion depth for components") => {
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
            _ => match parse_report(&e.to_string()) {
                // Tera checks every template's filters, functions and
                // includes when they are compiled, and reports them as
                // plain text with the place written into it.
                Some(r) => {
                    let code = if r.message.starts_with("Unknown template") {
                        Code::TemplateMissing
                    } else {
                        Code::Template
                    };
                    let mut d = Diagnostic::error(
                        code,
                        format!("template `{}`: {}", r.template, r.message),
                    );
                    if let Some((path, _)) = self.templates.get(&r.template) {
                        d = d.in_file(path).at(r.line, r.column);
                    }
                    if r.more > 0 {
                        d = d.note(format!("and {} more like it", r.more));
                    }
                    d.hint(report_hint(&r.message))
                }
                None => Diagnostic::error(Code::Template, first_line(&e.to_string()).to_string()),
            },
        }
    }
}

impl Theme {
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
        "the functions are value(), table(), chart(), link() and ref()".into()
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

fn add_builtin(t: &mut Theme, dir: Option<&'static Dir<'static>>, base: &str) {
    let Some(dir) = dir else { return };
    for f in all_files(dir) {
        let name = f
            .path()
            .strip_prefix(base)
            .unwrap_or(f.path())
            .to_string_lossy()
            .replace('\\', "/");
        if let Some(src) = f.contents_utf8() {
            let shown = PathBuf::from(format!("{BUILTIN_PREFIX}{}", f.path().display()));
            t.templates.insert(name, (shown, src.to_string()));
        }
    }
}

fn add_builtin_static(t: &mut Theme, dir: Option<&'static Dir<'static>>, base: &str) {
    let Some(dir) = dir else { return };
    for f in all_files(dir) {
        let rel = f
            .path()
            .strip_prefix(base)
            .unwrap_or(f.path())
            .to_path_buf();
        t.statics.insert(rel, StaticFile::Builtin(f.contents()));
    }
}

fn all_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out: Vec<_> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(all_files(d));
    }
    out
}

fn walk_files(dir: &Path) -> Vec<(PathBuf, walkdir::Result<walkdir::DirEntry>)> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| (dir.to_path_buf(), e))
        .collect()
}

fn add_disk(
    root: &Path,
    dir: &Path,
    out: &mut BTreeMap<String, (PathBuf, String)>,
    diags: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    for (base, e) in walk_files(dir) {
        let Ok(e) = e else { continue };
        if let Some(d) = crate::load::files::broken_link(root, &e)
            .or_else(|| crate::load::files::link_outside(root, &e))
        {
            diags.push(d);
            continue;
        }
        if !e.path().is_file() {
            continue;
        }
        let rel = crate::diagnostic::relative_to(root, e.path());
        let name = e
            .path()
            .strip_prefix(&base)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/");
        match crate::load::files::read_text(root, &rel) {
            Ok(src) => {
                out.insert(name, (rel, src));
            }
            Err(d) => diags.push(d),
        }
    }
}

fn add_disk_static(
    root: &Path,
    dir: &Path,
    out: &mut BTreeMap<PathBuf, StaticFile>,
    diags: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    for (base, e) in walk_files(dir) {
        let Ok(e) = e else { continue };
        if let Some(d) = crate::load::files::broken_link(root, &e)
            .or_else(|| crate::load::files::link_outside(root, &e))
        {
            diags.push(d);
            continue;
        }
        if !e.path().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(&base)
            .unwrap_or(e.path())
            .to_path_buf();
        out.insert(
            rel,
            StaticFile::Disk(crate::diagnostic::relative_to(root, e.path())),
        );
    }
}
