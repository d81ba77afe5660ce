//! Assembling the site: every loader, then what follows from their results.

use std::sync::Arc;

use crate::diagnostic::Diagnostics;
use crate::load::config;
use crate::load::content;
use crate::model::config::Config;
use crate::model::page::Content;
use crate::model::site::{Downloads, Options, Site};
use crate::model::theme::Theme;
use crate::resolve::downloads::settle_dataset;

/// Loads and resolves the site, reporting every problem found at once.
///
/// Problems that leave the rest of the site worth checking (a dataset that
/// will not load, a call in a front-matter field that fails) come back
/// beside the site, so the caller reports them with every other finding
/// and still fails; the rest stop here.
pub fn load(options: Options) -> Result<(Site, Diagnostics), Diagnostics> {
    let root = options.root.clone();
    let mut config = Config::load(&root).map_err(Diagnostics::from)?;
    if let Some(u) = &options.base_url {
        config::override_base_url(&mut config, u).map_err(Diagnostics::from)?;
    }
    let (strings, mut diags) = crate::load::i18n::load(&root, &config);
    let langs = config.langs();
    let (content, (data, theme)) = rayon::join(
        || content::load(&root, options.drafts, &langs[1..]),
        || {
            rayon::join(
                || crate::resolve::dataset::load(&root),
                || Theme::load(&root, &config.theme),
            )
        },
    );
    let content = content.unwrap_or_else(|d| {
        diags.extend(d);
        Content::default()
    });
    // A dataset that will not load is reported, and the site is still
    // loaded without it, so every other check runs in the same pass.
    let (data, data_diags) = data;
    let theme = theme.unwrap_or_else(|d| {
        diags.extend(d);
        Theme::default()
    });
    if diags.has_errors() {
        diags.extend(data_diags);
        return Err(diags.sorted());
    }
    let mut data = data;
    for ds in data.tables.values_mut() {
        settle_dataset(&config, ds);
    }
    let plan = Arc::new(crate::resolve::plan::index(&content));
    let mut site = Site {
        options,
        config,
        content,
        datasets: Arc::new(data),
        downloads: Default::default(),
        theme,
        plan,
        glossary: Default::default(),
        strings: Arc::new(strings),
        findings: Diagnostics::new(),
    };
    let mut going_on = data_diags;
    // Calls in site.yaml's and the datasets' text first: the glossary, the
    // downloads and the checks all read the text as published.
    going_on.extend(crate::render::author_text::expand_site_text(&mut site));
    site.glossary = match crate::model::glossary::Glossary::from_site(&site.config, &site.datasets)
    {
        Ok(g) => Arc::new(g),
        Err(d) => return Err(d.into()),
    };
    for ds in site.datasets.tables.values() {
        site.findings.extend(crate::check::verify::verify(ds));
        site.findings.extend(crate::check::corrections::check(ds));
    }
    site.downloads = (site.datasets.tables.iter())
        .map(|(name, ds)| (name.clone(), Downloads::of(ds, &site.config)))
        .collect();
    going_on.extend(expand_author_text(&mut site));
    Ok((site, going_on))
}

/// Template calls in front-matter fields, worked out once every dataset is
/// loaded. A title may change, so the plan is indexed again from the new
/// text; a failing call is a finding, so every other check still runs.
fn expand_author_text(site: &mut Site) -> Diagnostics {
    let found = crate::render::author_text::expand_pages(site);
    let has_calls =
        |p: &crate::model::page::Page| crate::render::author_text::has_calls(&p.front_yaml);
    if site.content.pages.iter().any(has_calls) {
        site.plan = Arc::new(crate::resolve::plan::index(&site.content));
    }
    site.findings
        .extend(crate::check::plan::check(&site.content, &site.plan));
    found
}
