//! Themes: Tera templates and static files, the built-in default compiled in,
//! overridden file by file by the site's theme folder and `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::theme::StaticFile;
use crate::model::theme::Theme;

mod errors;

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub const BUILTIN_PREFIX: &str = "(built-in theme)/";

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

/// The templates every theme must have (with the site's `templates/`).
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
