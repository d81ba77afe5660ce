//! Sorting a set of changed files by what they can touch, and following a
//! template's `extends`, `include` and `import` to the templates it uses.

use super::*;

/// What a set of changed files touches, when the whole pipeline is not needed.
#[derive(Default)]
pub(super) struct Changes {
    pub(super) pages: Vec<PathBuf>,
    pub(super) datasets: BTreeSet<String>,
    pub(super) theme: bool,
}

/// What to render again.
#[derive(Default)]
pub(super) struct Dirty {
    pub(super) pages: BTreeSet<String>,
    pub(super) all_pages: bool,
    pub(super) generated: bool,
    pub(super) engines: bool,
    /// A title, date or description may have changed: the sitemap and feed
    /// are written again.
    pub(super) listing: bool,
    /// Datasets whose own pages (and the catalogue) are rendered again.
    pub(super) data_pages: BTreeSet<String>,
}

/// Sorts the changed files; `Err` says why the whole pipeline must run.
pub(super) fn classify(
    last: &Last,
    root: &Path,
    changed: &BTreeSet<String>,
) -> Result<Changes, String> {
    let site = &last.site;
    let theme_dir = format!("themes/{}/", site.config.theme);
    let mut changes = Changes::default();
    for rel in changed {
        let path = Path::new(rel.as_str());
        let is_file = std::fs::symlink_metadata(root.join(path)).is_ok_and(|m| m.is_file());
        if rel.starts_with("content/") {
            if !is_file {
                return Err(format!("{rel} was added, removed or renamed"));
            }
            if rel.ends_with(".md") {
                if !site.content.pages.iter().any(|p| p.source == path) {
                    return Err(format!("{rel} is new"));
                }
                changes.pages.push(path.to_path_buf());
            } else if !site.content.assets.iter().any(|a| a.source == path) {
                return Err(format!("{rel} is new"));
            }
        } else if let Some(name) = rel.strip_prefix("data/") {
            let Some((stem, ext)) = name.rsplit_once('.') else {
                return Err(format!("{rel} changed"));
            };
            if !is_file {
                return Err(format!("{rel} was added, removed or renamed"));
            }
            let Some(ds) = site.datasets.tables.get(stem) else {
                return Err(format!("{rel} is not a dataset the site has loaded"));
            };
            let known = match ext.to_ascii_lowercase().as_str() {
                "csv" => ds.csv_path == path,
                _ => ds.sidecar_path.as_deref() == Some(path),
            };
            if !known {
                return Err(format!("{rel} is new"));
            }
            if site.glossary.dataset.as_deref() == Some(stem) {
                return Err("the glossary changed".into());
            }
            changes.datasets.insert(stem.to_string());
        } else if rel.starts_with("templates/")
            || rel.starts_with("static/")
            || rel.starts_with(&theme_dir)
        {
            if !is_file {
                return Err(format!("{rel} was added, removed or renamed"));
            }
            changes.theme = true;
        } else if rel.split('/').next() == Some(crate::load::i18n::I18N_DIR) {
            // A message can be on every page (the skip link, the footer).
            return Err(format!("{rel} changed the site's words"));
        } else {
            return Err(format!("{rel} changed"));
        }
    }
    Ok(changes)
}

/// Whether Tera source may read the `data` object directly.
pub(super) fn reads_data(src: &str) -> bool {
    src.contains("data.") || src.contains("data[")
}

/// The templates `name` uses: itself and, transitively, every template it
/// extends, includes or imports. None when one of them names a template
/// through a variable, which can be any.
pub(super) fn template_closure(theme: &Theme, name: &str) -> Option<BTreeSet<String>> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(n) = todo.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        if let Some((_, src)) = theme.templates.get(&n) {
            todo.extend(crate::load::theme::referenced_templates(src)?);
        }
    }
    Some(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_templates_a_template_uses() {
        let src = r#"{% extends "base.html" %}{%- include "partials/a.html" -%}
{% import 'macros.html' as m %}{% block x %}{{ include }}{% endblock %}"#;
        assert_eq!(
            crate::load::theme::referenced_templates(src).unwrap(),
            ["base.html", "partials/a.html", "macros.html"]
        );
        assert_eq!(
            crate::load::theme::referenced_templates("{% include name %}"),
            None
        );
        assert_eq!(
            crate::load::theme::referenced_templates("no tags").unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_template_uses_what_its_parents_include() {
        let mut theme = Theme::default();
        for (name, src) in [
            ("page.html", r#"{% extends "base.html" %}"#),
            ("base.html", r#"{% include "partials/footer.html" %}"#),
            ("partials/footer.html", "footer"),
            ("dataset.html", "alone"),
        ] {
            theme
                .templates
                .insert(name.into(), (PathBuf::from(name), src.into()));
        }
        let uses = template_closure(&theme, "page.html").unwrap();
        assert!(uses.contains("partials/footer.html"));
        assert!(!uses.contains("dataset.html"));
        assert_eq!(template_closure(&theme, "dataset.html").unwrap().len(), 1);
    }
}
