//! Themes: Tera templates and static files, the built-in default compiled in,
//! overridden file by file by the site's theme folder and `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::{ErrorKind, Tera};

use crate::diagnostic::{Diagnostic, Diagnostics};

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub const BUILTIN_PREFIX: &str = "(built-in theme)/";

/// Template sources by name, with the file each came from.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, (PathBuf, String)>,
    /// Static files by output path, with their source (None = built in).
    pub statics: BTreeMap<PathBuf, StaticFile>,
}

#[derive(Debug, Clone)]
pub enum StaticFile {
    Builtin(&'static [u8]),
    Disk(PathBuf),
}

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
                "theme",
                format!("the theme `{theme}` is not in themes/"),
            )
            .in_file(crate::config::CONFIG_FILE)
            .at(
                crate::yaml::key_line(
                    &std::fs::read_to_string(root.join(crate::config::CONFIG_FILE))
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
        Ok(t)
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
                    "template-syntax"
                } else {
                    "template-render"
                };
                let mut d = Diagnostic::error(
                    code,
                    format!("template `{}`: {}", r.filename(), first_line(r.message())),
                );
                if let Some(f) = file {
                    d = d.in_file(f).at(span.start_line, span.start_col + 1);
                    if span.start_line == span.end_line {
                        d = d.width(span.end_col.saturating_sub(span.start_col).max(1));
                    }
                }
                d.hint("check the template's syntax against docs/themes.md")
            }
            ErrorKind::TemplateNotFound(name) => {
                Diagnostic::error("template-missing", format!("there is no template `{name}`"))
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
            ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::error(
                "template-loop",
                format!(
                    "template `{tpl}` includes itself: {}",
                    include_chain.join(" → ")
                ),
            )
            .hint("break the loop of includes"),
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => Diagnostic::error(
                "template-loop",
                format!(
                    "template `{tpl}` extends itself: {}",
                    inheritance_chain.join(" → ")
                ),
            )
            .hint("break the loop of extends"),
            ErrorKind::MissingParent { current, parent } => {
                let mut d = Diagnostic::error(
                    "template-missing",
                    format!("template `{current}` extends `{parent}`, which does not exist"),
                );
                if let Some((p, _)) = self.templates.get(current) {
                    d = d.in_file(p).at(1, 1);
                }
                d
            }
            _ => Diagnostic::error("template", first_line(&e.to_string()).to_string()),
        }
    }
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
        if let Some(d) = crate::files::link_outside(root, &e) {
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
        match crate::files::read_text(root, &rel) {
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
        if let Some(d) = crate::files::link_outside(root, &e) {
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
