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
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            drafts: false,
            base_url: None,
            serve: false,
        }
    }
}

/// Published forms of one dataset.
#[derive(Debug, Clone)]
pub struct Downloads {
    pub csv: Vec<u8>,
    pub json: Vec<u8>,
    pub csvw: Vec<u8>,
}

/// Everything loaded and resolved, ready to render.
pub struct Site {
    pub options: Options,
    pub config: Config,
    pub content: Content,
    pub datasets: Arc<Datasets>,
    pub downloads: HashMap<String, Downloads>,
    pub theme: Theme,
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
        let (content, data, theme) = rayon::join(
            || content::load(&root, options.drafts),
            || {
                rayon::join(
                    || dataset::load::load(&root),
                    || Theme::load(&root, &config.theme),
                )
            },
        )
        .pipe(|(c, (d, t))| (c, d, t));
        let content = content.unwrap_or_else(|d| {
            diags.extend(d);
            Content::default()
        });
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
        let mut findings = Diagnostics::new();
        for ds in data.tables.values() {
            findings.extend(dataset::verify::verify(ds));
        }
        let downloads = data
            .tables
            .iter()
            .map(|(name, ds)| {
                (
                    name.clone(),
                    Downloads {
                        csv: export::csv(ds),
                        json: export::json(ds, &config),
                        csvw: export::csvw(ds, &config),
                    },
                )
            })
            .collect();
        Ok(Site {
            options,
            config,
            content,
            datasets: Arc::new(data),
            downloads,
            theme,
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

trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}
impl<T> Pipe for T {}
