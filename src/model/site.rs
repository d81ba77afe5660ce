//! The loaded site: configuration, content, data and theme, resolved and
//! ready to render (assembled by src/pipeline/site.rs).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostics;
use crate::model::config::Config;
use crate::model::dataset::Datasets;
use crate::model::glossary::Glossary;
use crate::model::page::Content;
use crate::model::plan::PlanIndex;
use crate::model::theme::Theme;

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
    /// Write every internal link relative to its page (`--relative`, or
    /// site.yaml's `relative_links`), so the output works from the disk.
    pub relative: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            drafts: false,
            base_url: None,
            serve: false,
            search: true,
            relative: false,
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

/// Everything loaded and resolved, ready to render.
pub struct Site {
    pub options: Options,
    pub config: Config,
    pub content: Content,
    pub datasets: Arc<Datasets>,
    pub downloads: HashMap<String, Downloads>,
    pub theme: Theme,
    /// Priorities, themes and lettered appendices, indexed once.
    pub plan: Arc<PlanIndex>,
    /// Abbreviations to expand on first use, from the glossary dataset.
    pub glossary: Arc<Glossary>,
    /// The words of the theme and renderer in each of the site's languages.
    pub strings: Arc<crate::model::i18n::Strings>,
    /// Findings made while loading that do not stop the build (verification).
    pub findings: Diagnostics,
    /// With `last_updated: git`, the date of each content file's last
    /// commit, by its path from the site root (empty otherwise).
    pub git_dates: Arc<std::collections::BTreeMap<PathBuf, String>>,
}

impl Site {
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    pub fn csv_sizes(&self) -> HashMap<String, usize> {
        self.downloads
            .iter()
            .map(|(k, v)| (k.clone(), v.csv.len()))
            .collect()
    }
}
