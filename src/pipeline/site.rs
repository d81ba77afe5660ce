//! Assembling the site: every loader, then what follows from their results.

use std::sync::Arc;

use crate::diagnostic::Diagnostics;
use crate::load::config;
use crate::load::content;
use crate::model::config::Config;
use crate::model::dataset::Datasets;
use crate::model::page::Content;
use crate::model::site::{Downloads, Options, Site};
use crate::model::theme::Theme;
use crate::render::expand_front_matter;
use crate::resolve::downloads::settle_dataset;

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
                || crate::resolve::dataset::load(&root),
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
    let plan = Arc::new(crate::resolve::plan::index(&content));
    let mut findings = crate::check::plan::check(&content, &plan);
    let glossary = match crate::model::glossary::Glossary::from_site(&config, &data) {
        Ok(g) => Arc::new(g),
        Err(d) => return Err(d.into()),
    };
    for ds in data.tables.values() {
        findings.extend(crate::check::verify::verify(ds));
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
