//! The loaded site: configuration, content, data and theme (the `load` and
//! `resolve` stages of the pipeline).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config};
use crate::content::{self, Content};
use crate::dataset::{self, Datasets, export};
use crate::diagnostic::Diagnostics;
use crate::theme::Theme;

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Building for `plainsight serve`: live-reload script, draft banners.
    pub serve: bool,
    /// Index the built pages for search (`plainsight build` only; `serve`
    /// turns it off so rebuilds stay fast, see docs/search.md).
    pub search: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            drafts: false,
            base_url: None,
            serve: false,
            search: true,
        }
    }
}

/// Published forms of one dataset.
#[derive(Debug, Clone)]
pub struct Downloads {
    pub csv: Vec<u8>,
    pub json: Vec<u8>,
    pub csvw: Vec<u8>,
    pub jsonld: Vec<u8>,
}

impl Downloads {
    pub fn of(ds: &dataset::Dataset, config: &Config) -> Self {
        Downloads {
            csv: export::csv(ds),
            json: export::json(ds),
            csvw: export::csvw(ds),
            jsonld: export::jsonld(ds, config),
        }
    }
}

/// Data offered without a licence or publisher of its own is the site's:
/// settled once, on loading, so every place data is offered agrees.
pub fn settle_dataset(config: &Config, ds: &mut dataset::Dataset) {
    if ds.meta.licence.is_none() {
        ds.meta.licence = Some(config.licence.clone());
    }
    if ds.meta.publisher.is_empty() {
        ds.meta.publisher = config.organisation.name.clone();
    }
}

/// Everything loaded and resolved, ready to render.
pub struct Site {
    pub options: Options,
    pub config: Config,
    pub content: Content,
    pub datasets: Arc<Datasets>,
    pub downloads: HashMap<String, Downloads>,
    pub theme: Theme,
    /// Priorities, themes and lettered appendices, indexed once.
    pub plan: Arc<crate::plan::PlanIndex>,
    /// Abbreviations to expand on first use, from the glossary dataset.
    pub glossary: Arc<crate::glossary::Glossary>,
    /// Findings made while loading that do not stop the build (verification).
    pub findings: Diagnostics,
}

impl Site {
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Loads and resolves the site, reporting every problem found at once.
    pub fn load(options: Options) -> Result<Site, Diagnostics> {
        let root = options.root.clone();
        let mut config = Config::load(&root).map_err(Diagnostics::from)?;
        if let Some(u) = &options.base_url {
            config::override_base_url(&mut config, u).map_err(Diagnostics::from)?;
        }
        let mut diags = Diagnostics::new();
        let (content, (data, theme)) = rayon::join(
            || content::load(&root, options.drafts),
            || {
                rayon::join(
                    || dataset::load::load(&root),
                    || Theme::load(&root, &config.theme),
                )
            },
        );
        let mut content = content.unwrap_or_else(|d| {
            diags.extend(d);
            Content::default()
        });
        if let Err(d) = expand_front_matter(&config, content.pages_mut()) {
            diags.extend(d);
        }
        let data = data.unwrap_or_else(|d| {
            diags.extend(d);
            Datasets::default()
        });
        let theme = theme.unwrap_or_else(|d| {
            diags.extend(d);
            Theme::default()
        });
        if diags.has_errors() {
            return Err(diags.sorted());
        }
        let mut data = data;
        for ds in data.tables.values_mut() {
            settle_dataset(&config, ds);
        }
        let plan = Arc::new(crate::plan::index(&content));
        let mut findings = crate::plan::check(&content, &plan);
        let glossary = match crate::glossary::Glossary::from_site(&config, &data) {
            Ok(g) => Arc::new(g),
            Err(d) => return Err(d.into()),
        };
        for ds in data.tables.values() {
            findings.extend(dataset::verify::verify(ds));
        }
        let downloads = data
            .tables
            .iter()
            .map(|(name, ds)| (name.clone(), Downloads::of(ds, &config)))
            .collect();
        Ok(Site {
            options,
            config,
            content,
            datasets: Arc::new(data),
            downloads,
            theme,
            plan,
            glossary,
            findings,
        })
    }

    pub fn csv_sizes(&self) -> HashMap<String, usize> {
        self.downloads
            .iter()
            .map(|(k, v)| (k.clone(), v.csv.len()))
            .collect()
    }
}

/// Titles and descriptions may use `{{ site.period.current }}` and other site
/// values, so a heading like "Priorities for 2025/26" never goes stale.
pub fn expand_front_matter<'a>(
    config: &Config,
    pages: impl Iterator<Item = &'a mut content::Page>,
) -> Result<(), Diagnostics> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    let mut ctx = tera::Context::new();
    ctx.insert("site", config);
    let mut diags = Diagnostics::new();
    for p in pages {
        let title_line = crate::yaml::key_line(&p.front_yaml, "title") + 1;
        let desc_line = crate::yaml::key_line(&p.front_yaml, "description") + 1;
        for (text, line) in [
            (Some(&mut p.front.title), title_line),
            (p.front.description.as_mut(), desc_line),
        ] {
            let Some(text) = text else { continue };
            if text.contains("{%") {
                // Values only: a loop here would run for every page and
                // every rebuild, and nothing in a title needs one.
                diags.push(
                    crate::diagnostic::Diagnostic::error(
                        "front-matter-call",
                        "in the front matter: only {{ … }} values are allowed, not {% … %} tags",
                    )
                    .in_file(&p.source)
                    .at(line, 1)
                    .hint("use a value such as {{ site.period.current }}; anything more belongs in the body or a template"),
                );
                continue;
            }
            if !text.contains("{{") {
                continue;
            }
            match tera.render_str(text, &ctx, false) {
                Ok(s) => *text = s,
                Err(e) => diags.push(
                    crate::diagnostic::Diagnostic::error(
                        "front-matter-call",
                        format!("in the front matter: {}", first_line_of(&e)),
                    )
                    .in_file(&p.source)
                    .at(line, 1)
                    .hint("front matter may use site values such as {{ site.period.current }}; data calls belong in the body"),
                ),
            }
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

fn first_line_of(e: &tera::Error) -> String {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.message().to_string()
        }
        _ => e.to_string().lines().next().unwrap_or("").to_string(),
    }
}
