//! The render stage: template calls in Markdown, then Markdown, then the
//! theme's page templates. Pages render in parallel; output is collected in a
//! stable order so it never depends on the thread count.

use std::collections::BTreeSet;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value as Json, json};
use tera::{Context, ErrorKind, Tera};

use crate::calls;
use crate::content::{Page, PageKind};
use crate::dataset::Dataset;
use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::functions::{self, HINT_SEP};
use crate::generated;
use crate::markdown;
use crate::site::Site;

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
}

/// Summary of a page as listings show it.
#[derive(Debug, Clone, Serialize)]
struct PageRef {
    title: String,
    /// The title without its letter label ("Appendix A: ").
    short_title: String,
    label: Option<String>,
    url: String,
    description: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    weight: i64,
    extra: Json,
}

fn page_ref(site: &Site, p: &Page) -> PageRef {
    PageRef {
        title: site.plan.full_title(&p.url, &p.front.title),
        short_title: p.front.title.clone(),
        label: site.plan.label(&p.url).map(crate::plan::Label::text),
        url: p.url.clone(),
        description: p.front.description.clone(),
        date: p.front.date.clone(),
        updated: p.front.updated.clone(),
        weight: p.front.weight,
        extra: yaml_to_json(&serde_yaml::Value::Mapping(p.front.extra_with_plan())),
    }
}

pub fn yaml_to_json(v: &serde_yaml::Value) -> Json {
    serde_json::to_value(v).unwrap_or(Json::Null)
}

/// The two Tera instances: one for calls inside Markdown (whose output
/// Markdown reads again, so it is escaped for Markdown), one for the theme.
pub struct Engines {
    pub calls: Tera,
    pub pages: Tera,
    /// The `site` object, built once per menu state (see [`Engines::site_value`]).
    site_values: SiteValues,
}

/// [`site_context`] depends on the page only through which menu items are
/// active, so its Tera value is built once per set of active items (about one
/// per section) and shared by reference count. Built per page, it cost more
/// than rendering the page's Markdown.
struct SiteValues {
    menu_urls: Vec<String>,
    built: std::sync::Mutex<std::collections::HashMap<Vec<bool>, tera::Value>>,
}

impl Engines {
    /// The `site` object for the page at `current_url`.
    pub fn site_value(&self, site: &Site, current_url: &str) -> tera::Value {
        let key: Vec<bool> = (self.site_values.menu_urls.iter())
            .map(|u| is_active(u, current_url))
            .collect();
        let lock = || {
            // A poisoned lock only means another page's render panicked; the
            // values in the map are whole either way.
            (self.site_values.built.lock()).unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(v) = lock().get(&key) {
            return v.clone();
        }
        let v = tera::Value::from_serializable(&site_context(site, current_url));
        lock().insert(key, v.clone());
        v
    }
}

fn escape_markdown(s: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    w.write_all(crate::html::escape_markdown(s).as_bytes())
}

pub fn engines(site: &Site) -> Result<Engines, Diagnostics> {
    let sizes = std::sync::Arc::new(site.csv_sizes());
    let mut calls = Tera::new();
    calls.set_escape_fn(escape_markdown);
    functions::register(&mut calls, site.datasets.clone(), sizes.clone());
    let mut pages = Tera::new();
    // The same escaping as Tera's default, written in runs (src/html.rs).
    pages.set_escape_fn(crate::html::escape_to);
    functions::register(&mut pages, site.datasets.clone(), sizes);
    crate::plan::register(&mut calls, site.plan.clone());
    crate::plan::register(&mut pages, site.plan.clone());
    site.theme.compile(&mut pages)?;
    // Converted to Tera's form once and shared by both engines: a big
    // dataset is held once, not once per engine.
    let data = data_context(site);
    for t in [&mut calls, &mut pages] {
        t.global_context().insert_value("data", data.clone());
        t.global_context().insert(
            "build",
            &json!({ "serve": site.options.serve, "drafts": site.options.drafts }),
        );
    }
    let required = [
        "base.html",
        "page.html",
        "section.html",
        "index.html",
        "404.html",
        "dataset.html",
        "catalogue.html",
    ];
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|t| !site.theme.templates.contains_key(*t))
        .collect();
    if !missing.is_empty() {
        return Err(Diagnostic::error(
            "template-missing",
            format!("the theme `{}` has no {}", site.config.theme, missing.join(", ")),
        )
        .hint("a theme needs base, page, section, index, 404, dataset and catalogue templates; copy them from the default theme")
        .into());
    }
    let site_values = SiteValues {
        menu_urls: menu_items(site)
            .into_iter()
            .map(|(_, url)| url.to_string())
            .collect(),
        built: Default::default(),
    };
    Ok(Engines {
        calls,
        pages,
        site_values,
    })
}

/// The `data` object: free YAML data, and each dataset's published rows.
/// Built straight into Tera's form: going through JSON first held a big
/// dataset twice over at the peak, and each row's map shares its column
/// names with every other row instead of holding copies.
fn data_context(site: &Site) -> tera::Value {
    let mut m = tera::Map::new();
    for (k, v) in &site.datasets.yaml {
        m.insert(k.clone().into(), tera::Value::from_serializable(v));
    }
    for (name, ds) in &site.datasets.tables {
        m.insert(name.clone().into(), dataset_rows(ds));
    }
    tera::Value::from(m)
}

fn dataset_rows(ds: &Dataset) -> tera::Value {
    use crate::dataset::Cell;
    let cols: Vec<(usize, tera::value::Key<'static>)> = ds
        .published_columns()
        .map(|(i, c)| (i, tera::value::Key::from(c.name.clone())))
        .collect();
    let rows: Vec<tera::Value> = ds
        .rows
        .iter()
        .map(|r| {
            let mut o = tera::Map::with_capacity(cols.len());
            for (i, key) in &cols {
                let v = match &r[*i] {
                    // As JSON had it: a float, or null where not finite.
                    Cell::Number(n) => {
                        let x = crate::dataset::format::round(*n, ds.columns[*i].decimals);
                        if x.is_finite() {
                            tera::Value::from(x)
                        } else {
                            tera::Value::none()
                        }
                    }
                    Cell::Missing => tera::Value::none(),
                    Cell::Text(s) | Cell::Date(s) => tera::Value::from(s.as_str()),
                };
                o.insert(key.clone(), v);
            }
            tera::Value::from(o)
        })
        .collect();
    let mut o = tera::Map::new();
    o.insert("title".into(), tera::Value::from(ds.meta.title.as_str()));
    o.insert("url".into(), tera::Value::from(ds.url()));
    o.insert(
        "columns".into(),
        tera::Value::from(
            (cols.iter())
                .map(|&(i, _)| tera::Value::from(ds.columns[i].name.as_str()))
                .collect::<Vec<_>>(),
        ),
    );
    o.insert("rows".into(), tera::Value::from(rows));
    tera::Value::from(o)
}

/// The menu's (title, URL) pairs: site.yaml's `menu`, or the home page's children.
fn menu_items(site: &Site) -> Vec<(&str, &str)> {
    match &site.config.menu {
        Some(items) => items
            .iter()
            .map(|m| (m.title.as_str(), m.url.as_str()))
            .collect(),
        None => (site.content.children("/").into_iter())
            .map(|p| (p.front.title.as_str(), p.url.as_str()))
            .collect(),
    }
}

/// The `site` object templates see; `menu` marks the current section.
/// It must depend on `current_url` only through `is_active` on the menu's
/// URLs: [`Engines::site_value`] shares one value between pages on that basis.
pub fn site_context(site: &Site, current_url: &str) -> Json {
    let c = &site.config;
    let menu: Vec<Json> = menu_items(site)
        .into_iter()
        .map(|(title, url)| json!({"title": title, "url": url, "active": is_active(url, current_url)}))
        .collect();
    json!({
        "title": c.title,
        "base_url": c.base_url,
        "language": c.language,
        "description": c.description,
        "organisation": c.organisation,
        "period": c.period,
        "licence": c.licence,
        "contact": c.contact,
        "menu": menu,
        "plan": crate::plan::site_plan(&site.plan, &site.content),
        "links": generated::links(site),
        "generator": concat!("Plainsight ", env!("CARGO_PKG_VERSION")),
    })
}

/// The `site` object as no page in particular sees it: when an edit leaves
/// it unchanged, pages that do not name the edited page need no new render.
pub fn site_signature(site: &Site) -> Json {
    site_context(site, "")
}

fn is_active(item: &str, current: &str) -> bool {
    item == current || (item != "/" && current.starts_with(item))
}

/// Context for a Markdown page's `page` object (without its content).
fn page_value(site: &Site, p: &Page) -> serde_json::Map<String, Json> {
    let ancestors: Vec<Json> = site
        .content
        .ancestors(p)
        .into_iter()
        .map(|a| json!({"title": a.front.title, "url": a.url}))
        .collect();
    let (pages, sections): (Vec<&Page>, Vec<&Page>) = if p.kind == PageKind::Page {
        (Vec::new(), Vec::new())
    } else {
        site.content
            .children(&p.url)
            .into_iter()
            .partition(|c| c.kind == PageKind::Page)
    };
    let kind = p.kind.name();
    let v = json!({
        "title": site.plan.full_title(&p.url, &p.front.title),
        "short_title": p.front.title,
        "label": site.plan.label(&p.url).map(crate::plan::Label::text),
        "plan": crate::plan::page_plan(p),
        "description": p.front.description,
        "date": p.front.date,
        "updated": p.front.updated,
        "weight": p.front.weight,
        "url": p.url,
        "permalink": site.config.permalink(&p.url),
        "kind": kind,
        "extra": yaml_to_json(&serde_yaml::Value::Mapping(p.front.extra_with_plan())),
        "draft": p.front.draft,
        "ancestors": ancestors,
        "pages": pages.into_iter().map(|c| page_ref(site, c)).collect::<Vec<_>>(),
        "sections": sections.into_iter().map(|c| page_ref(site, c)).collect::<Vec<_>>(),
        "source_path": crate::diagnostic::display_path(&p.source),
        "toc": [],
        "content": "",
    });
    match v {
        Json::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}

/// (offset in expanded text, offset in body, delta) at each substitution end.
type OffsetMap = Vec<(usize, usize, isize)>;

/// Expands the template calls of a page's body. Returns the Markdown to render
/// and a map from offsets in it back to offsets in the body.
fn expand_calls(
    engines: &Engines,
    ctx: &Context,
    p: &Page,
) -> Result<(String, OffsetMap), Diagnostics> {
    let body = &p.body;
    let at = |offset: usize| {
        let (l, c) = line_col(body, offset);
        (l + p.body_line - 1, c)
    };
    let found = match calls::scan(body) {
        Ok(f) => f,
        Err(u) => {
            let (line, col) = at(u.start);
            return Err(
                Diagnostic::error("call-unterminated", "this `{{` is never closed")
                    .in_file(&p.source)
                    .at(line, col)
                    .width(2)
                    .label("template call opened here")
                    .hint("close it with `}}`, or write `\\{{` to show the braces as text")
                    .into(),
            );
        }
    };
    let mut out = String::with_capacity(body.len() + found.len() * 256);
    // (offset in output, offset in body, delta) at each substitution end.
    let mut map = Vec::with_capacity(found.len());
    let mut last = 0;
    let mut diags = Diagnostics::new();
    for call in found {
        out.push_str(&body[last..call.range.start]);
        let src = &body[call.range.clone()];
        match engines.calls.render_str(src, ctx, true) {
            Ok(s) => out.push_str(&s),
            Err(e) => {
                let (line, col) = at(call.range.start);
                diags.push(call_error(&e, p, line, col, src));
            }
        }
        last = call.range.end;
        map.push((out.len(), last, out.len() as isize - last as isize));
    }
    out.push_str(&body[last..]);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((out, map))
}

fn call_error(e: &tera::Error, p: &Page, line: usize, col: usize, src: &str) -> Diagnostic {
    let (msg, span) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            (r.message().to_string(), Some(r.span().clone()))
        }
        _ => (e.to_string(), None),
    };
    let (message, hint) = match msg.split_once(HINT_SEP) {
        Some((m, h)) => (m.to_string(), Some(h.to_string())),
        None => (msg.lines().next().unwrap_or("").to_string(), None),
    };
    let (l, c, w) = match span {
        Some(s) if s.start_line >= 1 => {
            let l = line + s.start_line - 1;
            let c = if s.start_line == 1 {
                col + s.start_col
            } else {
                s.start_col + 1
            };
            let w = if s.start_line == s.end_line {
                s.end_col.saturating_sub(s.start_col)
            } else {
                2
            };
            (l, c, w)
        }
        _ => (
            line,
            col,
            src.lines().next().map(|s| s.chars().count()).unwrap_or(2),
        ),
    };
    let code = if message.contains("no dataset") {
        "unknown-dataset"
    } else if message.contains("has no row") {
        "unknown-row"
    } else if message.contains("has no column") {
        "unknown-column"
    } else if message.contains("there is no page") {
        "unknown-page"
    } else if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
        "call-syntax"
    } else {
        "call"
    };
    let hint = hint.or_else(|| {
        if message.contains("Unknown function") || message.contains("not found") || message.contains("unknown function") {
            Some("the functions are value(), table(), chart() and link(); variables are site and page".to_string())
        } else if code == "call-syntax" {
            Some("a call looks like {{ value(data=\"asb\", row=\"Ashford\", col=\"current\") }}; write \\{{ to show braces as text".to_string())
        } else {
            None
        }
    });
    let mut d = Diagnostic::error(code, format!("in a template call: {message}"))
        .in_file(&p.source)
        .at(l, c)
        .width(w.max(1));
    if let Some(h) = hint {
        d = d.hint(h);
    }
    d
}

fn map_offset(map: &[(usize, usize, isize)], expanded: usize) -> usize {
    // Offsets inside a substituted call map to the call's end; elsewhere the
    // delta of the last substitution before the offset applies.
    let i = map.partition_point(|&(out_end, _, _)| out_end <= expanded);
    if i == 0 {
        expanded
    } else {
        let (_, _, delta) = map[i - 1];
        (expanded as isize - delta).max(0) as usize
    }
}

/// Renders one Markdown page through its template.
pub fn render_page(site: &Site, engines: &Engines, p: &Page) -> Result<RenderedPage, Diagnostics> {
    functions::begin_page();
    // The page object is converted to Tera's form once; the copy the calls
    // see and the one the template sees differ only in content and toc.
    let mut page = tera::Value::from_serializable(&page_value(site, p))
        .into_map()
        .unwrap_or_default();
    let mut ctx = Context::new();
    ctx.insert_value("site", engines.site_value(site, &p.url));
    ctx.insert_value("page", tera::Value::from(page.clone()));
    let (md, map) = expand_calls(engines, &ctx, p)?;
    let rendered = markdown::render(&md);
    let locate = |offset: usize| {
        let o = map_offset(&map, offset);
        let (l, c) = line_col(&p.body, o);
        (l + p.body_line - 1, c)
    };
    let headings = rendered
        .headings
        .iter()
        .map(|h| {
            let (line, column) = locate(h.offset);
            Located {
                item: h.clone(),
                line,
                column,
            }
        })
        .collect();
    let links = rendered
        .links
        .iter()
        .map(|l| {
            let (line, column) = locate(l.offset);
            Located {
                item: l.clone(),
                line,
                column,
            }
        })
        .collect();
    let md_tables = rendered.tables.iter().map(|&o| locate(o)).collect();
    page.insert(
        "toc".into(),
        tera::Value::from_serializable(&rendered.toc()),
    );
    page.insert("content".into(), tera::Value::from(rendered.html));
    ctx.insert_value("page", tera::Value::from(page));
    let template = match &p.front.template {
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
    };
    if !site.theme.templates.contains_key(&template) {
        let fm_line = match p.front.template {
            Some(_) => crate::yaml::key_line(&p.front_yaml, "template") + 1,
            None => 1,
        };
        let names = site
            .theme
            .templates
            .keys()
            .filter(|k| !k.starts_with("partials/"));
        if let Some(s) = crate::diagnostic::suggest(&template, names.map(String::as_str)) {
            return Err(Diagnostic::error(
                "template-missing",
                format!("there is no template `{template}`"),
            )
            .in_file(&p.source)
            .at(fm_line, 1)
            .hint(format!("did you mean `{s}`?"))
            .into());
        }
        return Err(Diagnostic::error(
            "template-missing",
            format!("there is no template `{template}`"),
        )
        .in_file(&p.source)
        .at(fm_line, 1)
        .hint(format!(
            "templates are: {}",
            site.theme
                .templates
                .keys()
                .filter(|k| !k.starts_with("partials/"))
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into());
    }
    let html = engines.pages.render(&template, &ctx).map_err(|e| {
        site.theme.template_error(&e).note(format!(
            "while rendering {}",
            crate::diagnostic::display_path(&p.source)
        ))
    })?;
    let scope = functions::begin_page();
    // Without a glossary there is nothing to mark, and no need to copy the page.
    let mut html = if site.glossary.is_empty() {
        html
    } else {
        generated::mark_abbreviations(site, &html, &scope.datasets)
    };
    // Every page's HTML is held until the checks pass: without the slack
    // the renderer's buffer grew by, that is about a third less memory.
    html.shrink_to_fit();
    Ok(RenderedPage {
        url: p.url.clone(),
        title: site.plan.full_title(&p.url, &p.front.title),
        source: Some(p.source.clone()),
        output: p.output_path(),
        html,
        headings,
        links,
        md_tables,
        datasets: scope.datasets,
        refs: scope.pages,
        template,
        description: p.front.description.clone(),
        date: p.front.date.clone(),
        updated: p.front.updated.clone(),
        kind: p.kind.name(),
        draft: p.front.draft,
    })
}

/// Renders a page that has no Markdown source (dataset pages, the catalogue, 404).
#[allow(clippy::too_many_arguments)]
pub fn render_generated(
    site: &Site,
    engines: &Engines,
    template: &str,
    url: &str,
    output: PathBuf,
    title: &str,
    kind: &'static str,
    extra: &[(&'static str, Json)],
) -> Result<RenderedPage, Diagnostics> {
    functions::begin_page();
    let mut ancestors = vec![json!({"title": home_title(site), "url": "/"})];
    if kind == "dataset" {
        ancestors.push(json!({"title": "Data", "url": "/data/"}));
    }
    if kind == "404" {
        ancestors.clear();
    }
    let page = json!({
        "title": title, "url": url, "permalink": site.config.permalink(url), "kind": kind,
        "content": "", "toc": [], "extra": {}, "draft": false, "ancestors": ancestors,
        "pages": [], "sections": [], "description": extra.iter().find(|(k, _)| *k == "description").map(|(_, v)| v.clone()),
    });
    let mut ctx = Context::new();
    ctx.insert_value("site", engines.site_value(site, url));
    ctx.insert("page", &page);
    for (k, v) in extra {
        ctx.insert(*k, v);
    }
    let html = engines
        .pages
        .render(template, &ctx)
        .map_err(|e| Diagnostics::from(site.theme.template_error(&e)))?;
    let scope = functions::begin_page();
    let own_data = site
        .glossary
        .dataset
        .as_ref()
        .is_some_and(|g| url == format!("/data/{g}/"));
    let html = if kind == "glossary" || own_data || site.glossary.is_empty() {
        html
    } else {
        generated::mark_abbreviations(site, &html, &scope.datasets)
    };
    Ok(RenderedPage {
        url: url.to_string(),
        title: title.to_string(),
        source: None,
        output,
        html,
        headings: Vec::new(),
        links: Vec::new(),
        md_tables: Vec::new(),
        datasets: scope.datasets,
        refs: scope.pages,
        template: template.to_string(),
        description: None,
        date: None,
        updated: None,
        kind,
        draft: false,
    })
}

fn home_title(site: &Site) -> String {
    site.content
        .by_url("/")
        .map(|p| p.front.title.clone())
        .unwrap_or_else(|| "Home".into())
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
        source: PathBuf::from("content/_index.md"),
        kind: PageKind::Home,
        front: crate::frontmatter::FrontMatter {
            title: site.config.title.clone(),
            description: Some(site.config.description.clone()).filter(|d| !d.is_empty()),
            ..Default::default()
        },
        body: String::new(),
        front_yaml: String::new(),
        body_line: 1,
        url: "/".into(),
        parent: None,
    })
}

/// The dataset object for dataset and catalogue templates.
pub fn dataset_value(site: &Site, ds: &Dataset, table_html: &str) -> Json {
    let dl = site.downloads.get(&ds.name);
    let columns: Vec<Json> = ds
        .published_columns()
        .map(|(_, c)| {
            json!({"name": c.name, "label": c.label, "type": c.ty.name(), "unit": c.unit,
                   "description": c.description, "derived": c.formula.is_some(), "formula": c.formula})
        })
        .collect();
    json!({
        "name": ds.name,
        "title": ds.meta.title,
        "description": ds.meta.description,
        "source": ds.meta.source,
        "source_url": ds.meta.source_url,
        "publisher": ds.meta.publisher,
        "period": ds.meta.period,
        "published": ds.meta.published,
        "updated": ds.meta.updated,
        "licence": ds.meta.licence,
        "caveats": ds.meta.caveats,
        "row_count": ds.rows.len(),
        "columns": columns,
        "url": ds.url(),
        "csv_url": ds.csv_url(),
        "json_url": format!("/data/{}.json", ds.name),
        "metadata_url": format!("/data/{}.csv-metadata.json", ds.name),
        "csv_bytes": dl.map(|d| d.csv.len()),
        "json_bytes": dl.map(|d| d.json.len()),
        "metadata_bytes": dl.map(|d| d.csvw.len()),
        "table_html": table_html,
        "jsonld_url": format!("/data/{}.jsonld", ds.name),
    })
}

/// Dataset pages and the catalogue.
pub fn render_data_pages(site: &Site, engines: &Engines) -> (Vec<RenderedPage>, Diagnostics) {
    render_some_data_pages(site, engines, |_| true)
}

/// The pages of the datasets `wanted` picks, and the catalogue.
pub fn render_some_data_pages(
    site: &Site,
    engines: &Engines,
    wanted: impl Fn(&str) -> bool,
) -> (Vec<RenderedPage>, Diagnostics) {
    let sizes = site.csv_sizes();
    let list: Vec<&Dataset> = (site.datasets.tables.values())
        .filter(|ds| wanted(&ds.name))
        .collect();
    let results: Vec<Result<RenderedPage, Diagnostics>> = list
        .par_iter()
        .map(|ds| {
            functions::begin_page();
            let opts = crate::table::TableOptions {
                id: format!("table-{}", ds.name),
                max_rows: crate::table::MAX_INLINE_ROWS,
                csv_bytes: sizes.get(&ds.name).copied(),
                columns: Some(
                    ds.published_columns()
                        .map(|(_, c)| c.name.clone())
                        .collect(),
                ),
                ..Default::default()
            };
            let table_html = crate::table::render(ds, &opts).unwrap_or_default();
            let v = dataset_value(site, ds, &table_html);
            let desc = Json::String(ds.meta.description.clone());
            render_generated(
                site,
                engines,
                "dataset.html",
                &ds.url(),
                PathBuf::from("data").join(&ds.name).join("index.html"),
                &ds.meta.title,
                "dataset",
                &[("dataset", v), ("description", desc)],
            )
        })
        .collect();
    let (mut out, mut diags) = split_results(results);
    let all: Vec<Json> = (site.datasets.tables.values())
        .map(|ds| dataset_value(site, ds, ""))
        .collect();
    match render_generated(
        site,
        engines,
        "catalogue.html",
        "/data/",
        PathBuf::from("data/index.html"),
        "Data catalogue",
        "catalogue",
        &[
            ("datasets", Json::Array(all)),
            (
                "description",
                json!("Every dataset behind this site's tables and charts, to download."),
            ),
        ],
    ) {
        Ok(p) => out.push(p),
        Err(d) => diags.extend(d),
    }
    (out, diags)
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
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    pages.sort_by(|a, b| a.output.cmp(&b.output));
    Ok(Rendered {
        pages,
        findings: Diagnostics::new(),
    })
}

/// Every page that has no Markdown source: dataset pages and the catalogue,
/// the 404 page, the accessibility statement and glossary, the search page.
pub fn render_generated_pages(site: &Site, engines: &Engines) -> (Vec<RenderedPage>, Diagnostics) {
    let (mut pages, mut diags) = render_data_pages(site, engines);
    match render_generated(
        site,
        engines,
        "404.html",
        "/404.html",
        PathBuf::from("404.html"),
        "Page not found",
        "404",
        &[],
    ) {
        Ok(p) => pages.push(p),
        Err(d) => diags.extend(d),
    }
    let (statement_pages, statement_diags) = generated::render(site, engines);
    pages.extend(statement_pages);
    diags.extend(statement_diags);
    // The search page (src/search.rs).
    match crate::search::render_page(site, engines) {
        Some(Ok(p)) => pages.push(p),
        Some(Err(d)) => diags.extend(d),
        None => {}
    }
    (pages, diags)
}
