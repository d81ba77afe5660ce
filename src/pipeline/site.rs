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
    if let Err(d) = check_branding_files(&root, &config, &theme) {
        return Err(d.into());
    }
    let (git_dates, git_note) = git_dates(&root, &config);
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
        git_dates: Arc::new(git_dates),
    };
    site.findings.extend(git_note);
    let mut going_on = data_diags;
    // Calls in site.yaml's and the datasets' text first: the glossary, the
    // downloads and the checks all read the text as published.
    going_on.extend(crate::render::author_text::expand_site_text(&mut site));
    localise(&mut site);
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

/// Each dataset as the pages in each of the site's other languages show
/// it (model/dataset/translation.rs), once its text is final.
pub(crate) fn localise(site: &mut Site) {
    let c = &site.config;
    if c.translations.is_empty() && site.datasets.by_lang.is_empty() {
        return;
    }
    let default = c.default_lang();
    let others: Vec<(String, String)> = (c.langs().into_iter())
        .filter(|l| *l != default)
        .map(|l| (c.lang_prefix(&l), l))
        .collect();
    let langs: Vec<crate::model::dataset::translation::Language<'_>> = (others.iter())
        .map(
            |(prefix, lang)| crate::model::dataset::translation::Language {
                lang,
                prefix,
                total: site.strings.of(lang).get("table.total"),
            },
        )
        .collect();
    Arc::make_mut(&mut site.datasets).localise(&langs);
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

/// The files `branding:` names are among the site's and theme's static files.
fn check_branding_files(
    root: &std::path::Path,
    config: &Config,
    theme: &Theme,
) -> Result<(), crate::diagnostic::Diagnostic> {
    let b = &config.branding;
    if b.logo.is_none() && b.favicon.is_none() && b.social_image.is_none() {
        return Ok(());
    }
    // Read again for the places of the keys: the configuration keeps only
    // top-level lines.
    let src =
        std::fs::read_to_string(root.join(crate::model::config::CONFIG_FILE)).unwrap_or_default();
    crate::load::branding::check_files(b, theme, &src)
}

/// With `last_updated: git`, each content file's last commit date, and a
/// warning when git cannot give them (docs/authoring.md, "Last updated").
fn git_dates(
    root: &std::path::Path,
    config: &Config,
) -> (
    std::collections::BTreeMap<std::path::PathBuf, String>,
    Diagnostics,
) {
    use crate::diagnostic::{Code, Diagnostic};
    use crate::load::git::{Trouble, last_commit_dates};
    use crate::model::config::{CONFIG_FILE, LastUpdated};
    let mut notes = Diagnostics::new();
    if config.last_updated != LastUpdated::Git {
        return (Default::default(), notes);
    }
    let line = config.key_lines.get("last_updated").copied().unwrap_or(1);
    let warn = |message: String, hint: &str| {
        Diagnostic::warning(Code::LastUpdatedGit, message)
            .in_file(CONFIG_FILE)
            .at(line, 1)
            .hint(hint)
    };
    match last_commit_dates(root) {
        Ok(dates) => (dates, notes),
        Err(Trouble::NotARepository(why)) => {
            notes.push(warn(
                format!("`last_updated: git` is set, but the dates of the pages' last changes cannot be read from git: {why}"),
                "build from a clone of the site's repository with git installed; until then pages without `updated:` show no date",
            ));
            (Default::default(), notes)
        }
        Err(Trouble::Shallow(dates)) => {
            notes.push(warn(
                "`last_updated: git` is set, but this is a shallow clone: pages last changed before its oldest commit would show that commit's date".into(),
                "fetch the whole history (in GitHub Actions, `fetch-depth: 0` on actions/checkout)",
            ));
            (dates, notes)
        }
    }
}
