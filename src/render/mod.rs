//! The render stage: template calls in Markdown, then Markdown, then the
//! theme's page templates. Pages render in parallel; output is collected in a
//! stable order so it never depends on the thread count.

use std::collections::BTreeSet;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value as Json, json};
use tera::{Context, ErrorKind, Tera};

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::model::dataset::Dataset;
use crate::model::page::{Page, PageKind};
use crate::model::site::Site;

mod approx_value;
pub mod author_text;
pub mod branding;
pub mod call_limits;
pub mod calls;
pub mod chart;
pub mod condition;
mod context;
pub mod corrections;
pub mod count;
mod expand;
pub mod feeds;
pub mod figures;
mod formula;
pub mod functions;
pub mod generated;
pub mod glossary;
pub mod languages;
pub mod markdown;
pub mod page_corrections;
mod pages_without_markdown;
pub mod plan;
pub mod redirects;
pub mod report;
pub mod search_page;
pub mod table;
pub(crate) mod table_cells;
pub mod table_key;
pub(crate) mod table_select;
pub mod words;

pub use context::*;
use expand::*;
pub use pages_without_markdown::*;

/// A link, image or heading found on a page, located in its source file.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub item: T,
    pub line: usize,
    pub column: usize,
}

/// One output page and what `check` needs to know about it.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub url: String,
    pub title: String,
    pub source: Option<PathBuf>,
    pub output: PathBuf,
    pub html: String,
    pub headings: Vec<Located<markdown::Heading>>,
    pub links: Vec<Located<markdown::Link>>,
    pub md_tables: Vec<(usize, usize)>,
    pub datasets: BTreeSet<String>,
    /// Pages this one names through `ref()`, by URL.
    pub refs: BTreeSet<String>,
    pub template: String,
    pub description: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub kind: &'static str,
    pub draft: bool,
    /// Every figure `value()` placed on the page, in order (for `diff`).
    pub figures: Vec<functions::Placed>,
    /// The datasets `table()` showed on the page.
    pub tables: BTreeSet<String>,
    /// The page's language tag (`cy`, `en-GB`), and its translations'
    /// tags and URLs, for the sitemap's and feed's alternates.
    pub lang: String,
    pub alternates: Vec<(String, String)>,
}

/// Renders one Markdown page through its template.
pub fn render_page(site: &Site, engines: &Engines, p: &Page) -> Result<RenderedPage, Diagnostics> {
    engines.scopes.begin(&p.url);
    // The page object is converted to Tera's form once; the copy the calls
    // see and the one the template sees differ only in content and toc.
    let mut page = tera::Value::from_serializable(&page_value(site, p))
        .into_map()
        .unwrap_or_default();
    let others = engines.translations.others(site, p);
    page.insert(
        "translations".into(),
        tera::Value::from_serializable(&others),
    );
    let mut ctx = Context::new();
    ctx.insert_value("site", engines.site_value(site, &p.url));
    ctx.insert_value("page", tera::Value::from(page.clone()));
    ctx.insert(functions::SCOPE_KEY, &p.url);
    ctx.insert(languages::LANG_KEY, &site.config.lang_of_url(&p.url));
    let (md, map) = expand_calls(
        site,
        engines,
        &ctx,
        p,
        site.strings.of(&site.config.lang_of_url(&p.url)),
    )?;
    let rendered = markdown::render(&md);
    let found = Found::locate(&rendered, &map, p);
    page.insert(
        "toc".into(),
        tera::Value::from_serializable(&rendered.toc()),
    );
    let mut content = rendered.html;
    if !p.front.corrections.is_empty() {
        let placed = engines.scopes.figures(&p.url).unwrap_or_default();
        page.insert(
            "corrections".into(),
            tera::Value::from_serializable(&page_corrections::notices(site, p, &placed)),
        );
    }
    if let Some(placed) = engines.scopes.figures(&p.url) {
        let ids: std::collections::HashSet<&str> =
            rendered.headings.iter().map(|h| h.id.as_str()).collect();
        let words = site.strings.of(&site.config.lang_of_url(&p.url));
        content.push_str(&figures::list(&placed, &|id| ids.contains(id), words));
    }
    page.insert("content".into(), tera::Value::from(content));
    ctx.insert_value("page", tera::Value::from(page));
    let template = template_for(site, p);
    if !site.theme.templates.contains_key(&template) {
        return Err(missing_template(site, p, &template));
    }
    let html = engines.pages.render(&template, &ctx).map_err(|e| {
        site.theme.template_error(&e).note(format!(
            "while rendering {}",
            crate::diagnostic::display_path(&p.source)
        ))
    })?;
    let mut scope = engines.scopes.finish(&p.url);
    let html = finish_html(
        site,
        html,
        &scope.datasets,
        &site.config.lang_of_url(&p.url),
    );
    // The notices show their figures: `serve` renders the page again when
    // one of their datasets changes.
    scope
        .datasets
        .extend(page_corrections::datasets(p).map(str::to_string));
    Ok(RenderedPage {
        url: p.url.clone(),
        title: site.plan.full_title(&p.url, &p.front.title),
        source: Some(p.source.clone()),
        output: p.output_path(),
        html,
        headings: found.headings,
        links: found.links,
        md_tables: found.md_tables,
        datasets: scope.datasets,
        refs: scope.pages,
        template,
        description: crate::render::report::summary(
            p,
            site.strings.of(&site.config.lang_of_url(&p.url)),
        ),
        date: p.front.date.clone(),
        updated: crate::render::report::last_updated(site, p),
        kind: p.kind.name(),
        draft: p.front.draft,
        figures: scope.figures,
        tables: scope.tables,
        lang: site.config.lang_tag(&site.config.lang_of_url(&p.url)),
        alternates: languages::alternates(&others),
    })
}

/// What `check` looks at in a page's Markdown, placed in its source file.
struct Found {
    headings: Vec<Located<markdown::Heading>>,
    links: Vec<Located<markdown::Link>>,
    md_tables: Vec<(usize, usize)>,
}

impl Found {
    /// Offsets in the expanded Markdown are mapped back through the call
    /// substitutions, so a finding points at what the author wrote.
    fn locate(rendered: &markdown::Rendered, map: &[(usize, usize, isize)], p: &Page) -> Self {
        let locate = |offset: usize| {
            let o = map_offset(map, offset);
            let (l, c) = line_col(&p.body, o);
            (l + p.body_line - 1, c)
        };
        Found {
            headings: placed(&rendered.headings, |h| h.offset, &locate),
            links: placed(&rendered.links, |l| l.offset, &locate),
            md_tables: rendered.tables.iter().map(|&o| locate(o)).collect(),
        }
    }
}

/// Each item paired with its line and column in the source file.
fn placed<T: Clone>(
    items: &[T],
    offset: impl Fn(&T) -> usize,
    locate: &impl Fn(usize) -> (usize, usize),
) -> Vec<Located<T>> {
    (items.iter())
        .map(|item| {
            let (line, column) = locate(offset(item));
            Located {
                item: item.clone(),
                line,
                column,
            }
        })
        .collect()
}

/// The template named in the front matter, or the one for the page's kind.
fn template_for(site: &Site, p: &Page) -> String {
    match &p.front.template {
        Some(t) => t.clone(),
        None => match p.kind {
            PageKind::Home => "index.html",
            PageKind::Section => "section.html",
            PageKind::Page
                if p.front.plan.is_some() && site.theme.templates.contains_key("priority.html") =>
            {
                "priority.html"
            }
            PageKind::Page => "page.html",
        }
        .to_string(),
    }
}

/// The error for a template the theme does not have, at the `template:` key
/// when the front matter named it.
fn missing_template(site: &Site, p: &Page, template: &str) -> Diagnostics {
    let fm_line = match p.front.template {
        Some(_) => crate::load::yaml::key_line(&p.front_yaml, "template") + 1,
        None => 1,
    };
    // Partials are not pages' templates: neither suggested nor listed.
    let names = || {
        (site.theme.templates.keys())
            .filter(|k| !k.starts_with("partials/"))
            .map(String::as_str)
    };
    let hint = match crate::diagnostic::suggest(template, names()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("templates are: {}", names().collect::<Vec<_>>().join(", ")),
    };
    Diagnostic::error(
        Code::TemplateMissing,
        format!("there is no template `{template}`"),
    )
    .in_file(&p.source)
    .at(fm_line, 1)
    .hint(hint)
    .into()
}

/// The rendered template with the glossary's abbreviations marked.
fn finish_html(site: &Site, html: String, datasets: &BTreeSet<String>, lang: &str) -> String {
    // Without a glossary there is nothing to mark, and no need to copy the page.
    let mut html = if site.glossary.is_empty() {
        html
    } else {
        generated::mark_abbreviations(site, &html, datasets, lang)
    };
    // Every page's HTML is held until the checks pass: without the slack
    // the renderer's buffer grew by, that is about a third less memory.
    html.shrink_to_fit();
    html
}

/// Renders every Markdown page, in parallel, reporting all failures.
pub fn render_pages(
    site: &Site,
    engines: &Engines,
    pages: &[&Page],
) -> (Vec<RenderedPage>, Diagnostics) {
    let results: Vec<Result<RenderedPage, Diagnostics>> = pages
        .par_iter()
        .map(|p| render_page(site, engines, p))
        .collect();
    split_results(results)
}

/// The pages that rendered, and every problem of those that did not.
fn split_results(
    results: Vec<Result<RenderedPage, Diagnostics>>,
) -> (Vec<RenderedPage>, Diagnostics) {
    let mut out = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok(p) => out.push(p),
            Err(d) => diags.extend(d),
        }
    }
    (out, diags)
}

/// A page for the home URL when the site has no `content/_index.md`.
pub fn synthetic_home(site: &Site) -> Option<Page> {
    if site.content.by_url("/").is_some() {
        return None;
    }
    Some(Page {
        typed_front: None,
        source: PathBuf::from("content/_index.md"),
        kind: PageKind::Home,
        front: crate::model::page::FrontMatter {
            title: site.config.title.clone(),
            description: Some(site.config.description.clone()).filter(|d| !d.is_empty()),
            ..Default::default()
        },
        body: String::new(),
        front_yaml: String::new(),
        body_line: 1,
        url: "/".into(),
        parent: None,
        lang: None,
        field_figures: Vec::new(),
    })
}

/// Everything a full render produced.
pub struct Rendered {
    pub pages: Vec<RenderedPage>,
    pub findings: Diagnostics,
}

/// Renders the whole site.
pub fn render_site(site: &Site) -> Result<Rendered, Diagnostics> {
    let engines = engines(site)?;
    let synthetic = synthetic_home(site);
    let mut list: Vec<&Page> = site.content.pages.iter().collect();
    if let Some(h) = &synthetic {
        list.push(h);
    }
    let ((mut pages, mut diags), (generated, generated_diags)) = rayon::join(
        || render_pages(site, &engines, &list),
        || render_generated_pages(site, &engines),
    );
    pages.extend(generated);
    diags.extend(generated_diags);
    // A page whose call failed is left out and its errors reported; the
    // rest are checked all the same, so one run shows every finding.
    pages.sort_by(|a, b| a.output.cmp(&b.output));
    Ok(Rendered {
        pages,
        findings: diags,
    })
}
