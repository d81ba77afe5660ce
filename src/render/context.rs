//! What templates are given: the `site` object (built once per menu state),
//! each page's `page` object, the `data` object, and the two Tera engines
//! that receive them.

use super::*;

/// Summary of a page as listings show it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PageRef {
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

pub(super) fn page_ref(site: &Site, p: &Page) -> PageRef {
    PageRef {
        title: site.plan.full_title(&p.url, &p.front.title),
        short_title: p.front.title.clone(),
        label: site.plan.label(&p.url).map(crate::model::plan::Label::text),
        url: p.url.clone(),
        description: p.front.description.clone(),
        date: p.front.date.clone(),
        updated: p.front.updated.clone(),
        weight: p.front.weight,
        extra: yaml_to_json(&yaml_serde::Value::Mapping(p.front.extra_with_plan())),
    }
}

pub fn yaml_to_json(v: &yaml_serde::Value) -> Json {
    serde_json::to_value(v).unwrap_or(Json::Null)
}

/// The two Tera instances: one for calls inside Markdown (whose output
/// Markdown reads again, so it is escaped for Markdown), one for the theme.
pub struct Engines {
    pub calls: Tera,
    pub pages: Tera,
    /// What each page being rendered uses, recorded by the functions.
    pub scopes: std::sync::Arc<functions::Scopes>,
    /// The `site` object, built once per menu state (see [`Engines::site_value`]).
    site_values: SiteValues,
    /// Each page's translations, for the language switcher.
    pub translations: crate::render::languages::Translations,
}

/// [`site_context`] depends on the page only through which menu items are
/// active, so its Tera value is built once per set of active items (about one
/// per section) and shared by reference count. Built per page, it cost more
/// than rendering the page's Markdown.
pub(super) struct SiteValues {
    built: std::sync::Mutex<std::collections::HashMap<(String, Vec<bool>), tera::Value>>,
}

impl Engines {
    /// The `site` object for the page at `current_url`.
    pub fn site_value(&self, site: &Site, current_url: &str) -> tera::Value {
        // The site object differs by language (its title, menu and words)
        // and, within one, by which menu items are active.
        let lang = site.config.lang_of_url(current_url);
        let key = (
            lang.clone(),
            (menu_items(site, &lang).iter())
                .map(|m| m.active(current_url))
                .collect(),
        );
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

pub(super) fn escape_markdown(s: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    w.write_all(crate::util::html::escape_markdown(s).as_bytes())
}

pub fn engines(site: &Site) -> Result<Engines, Diagnostics> {
    let sizes = std::sync::Arc::new(site.csv_sizes());
    let mut calls = Tera::new();
    calls.set_escape_fn(escape_markdown);
    crate::render::call_limits::register(&mut calls);
    let scopes = std::sync::Arc::new(functions::Scopes::default());
    functions::register(
        &mut calls,
        site.datasets.clone(),
        sizes.clone(),
        scopes.clone(),
        site.strings.clone(),
    );
    let mut pages = Tera::new();
    // The same escaping as Tera's default, written in runs (src/util/html.rs).
    pages.set_escape_fn(crate::util::html::escape_to);
    functions::register(
        &mut pages,
        site.datasets.clone(),
        sizes,
        scopes.clone(),
        site.strings.clone(),
    );
    crate::render::plan::register(&mut calls, site.plan.clone(), scopes.clone());
    crate::render::plan::register(&mut pages, site.plan.clone(), scopes.clone());
    crate::render::languages::register(&mut pages, site.strings.clone());
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
    let site_values = SiteValues {
        built: Default::default(),
    };
    Ok(Engines {
        calls,
        pages,
        scopes,
        site_values,
        translations: crate::render::languages::Translations::of_site(site),
    })
}

/// The `data` object: free YAML data, and each dataset's published rows.
/// Built straight into Tera's form: going through JSON first held a big
/// dataset twice over at the peak, and each row's map shares its column
/// names with every other row instead of holding copies.
pub(super) fn data_context(site: &Site) -> tera::Value {
    let mut m = tera::Map::new();
    for (k, v) in &site.datasets.yaml {
        m.insert(k.clone().into(), tera::Value::from_serializable(v));
    }
    for (name, ds) in &site.datasets.tables {
        m.insert(name.clone().into(), dataset_rows(ds));
    }
    tera::Value::from(m)
}

pub(super) fn dataset_rows(ds: &Dataset) -> tera::Value {
    use crate::model::dataset::Cell;
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
                        let x = crate::model::dataset::format::round(*n, ds.columns[*i].decimals);
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

/// The most items a menu made from the home page's sections lists. A
/// county archive can have a hundred sections: a menu of all of them is a
/// wall of links on every page (and most of each page's size), so past this
/// the menu lists the first ones and ends with a link to the home page,
/// which lists every section. A `menu` in site.yaml is used as written.
pub(crate) const MENU_LIMIT: usize = 8;

/// One item of the main menu.
pub(super) struct MenuItem<'a> {
    title: &'a str,
    url: String,
    /// The "all sections" item stands for the home page alone, not for
    /// every page under it.
    exact: bool,
}

impl MenuItem<'_> {
    fn active(&self, current: &str) -> bool {
        if self.exact {
            self.url == current
        } else {
            is_active(&self.url, current)
        }
    }
}

/// The menu in language `lang`: site.yaml's `menu` (or the language's own
/// under `languages:`), or the home page's children, at most
/// [`MENU_LIMIT`] items.
pub(super) fn menu_items<'a>(site: &'a Site, lang: &str) -> Vec<MenuItem<'a>> {
    let c = &site.config;
    let menu = if lang == c.default_lang() {
        c.menu.as_ref()
    } else {
        c.translation(lang).and_then(|t| t.menu.as_ref())
    };
    let item = |title: &'a str, url: &str| MenuItem {
        title,
        url: url.to_string(),
        exact: false,
    };
    if let Some(items) = menu {
        return items.iter().map(|m| item(&m.title, &m.url)).collect();
    }
    let home = format!("{}/", c.lang_prefix(lang));
    let children = site.content.children(&home);
    if children.len() <= MENU_LIMIT {
        return (children.into_iter())
            .map(|p| item(&p.front.title, &p.url))
            .collect();
    }
    let mut out: Vec<MenuItem> = (children.into_iter().take(MENU_LIMIT - 1))
        .map(|p| item(&p.front.title, &p.url))
        .collect();
    out.push(MenuItem {
        title: site.strings.of(lang).get("nav.all_sections"),
        url: crate::render::languages::home_url(site, lang),
        exact: true,
    });
    out
}

/// Whether the menu in `lang` was cut to [`MENU_LIMIT`] items, so the home
/// page lists the sections even where it lists the plan's priorities.
fn menu_cut(site: &Site, lang: &str) -> bool {
    let c = &site.config;
    let own = if lang == c.default_lang() {
        c.menu.is_some()
    } else {
        c.translation(lang).is_some_and(|t| t.menu.is_some())
    };
    !own && (site.content.children(&format!("{}/", c.lang_prefix(lang)))).len() > MENU_LIMIT
}

/// The `site` object templates see; `menu` marks the current section.
/// It must depend on `current_url` only through `is_active` on the menu's
/// URLs: [`Engines::site_value`] shares one value between pages on that basis.
pub fn site_context(site: &Site, current_url: &str) -> Json {
    let c = &site.config;
    let lang = c.lang_of_url(current_url);
    let menu: Vec<Json> = menu_items(site, &lang)
        .into_iter()
        .map(|m| json!({"title": m.title, "active": m.active(current_url), "url": m.url}))
        .collect();
    let t = c.translation(&lang).filter(|_| lang != c.default_lang());
    let title = t
        .and_then(|t| t.title.clone())
        .unwrap_or_else(|| c.title.clone());
    let description =
        (t.and_then(|t| t.description.clone())).unwrap_or_else(|| c.description.clone());
    json!({
        "title": title,
        "base_url": c.base_url,
        "language": c.lang_tag(&lang),
        "lang": lang,
        "home": crate::render::languages::home_url(site, &lang),
        "languages": crate::render::languages::list(site),
        "description": description,
        "organisation": c.organisation,
        "period": c.period,
        "licence": {
            "id": c.licence.id,
            "name": site.strings.of(&lang).licence_name(&c.licence),
            "url": c.licence.url,
        },
        "contact": c.contact,
        "menu": menu,
        "menu_cut": menu_cut(site, &lang),
        "plan": crate::render::plan::site_plan(
            &site.plan,
            &site.content,
            Some(lang.as_str()).filter(|l| *l != c.default_lang()),
        ),
        "links": generated::links(site, &lang),
        "branding": crate::render::branding::value(c),
        "generator": concat!("Plainsight ", env!("CARGO_PKG_VERSION")),
    })
}

/// The `site` object as no page in particular sees it: when an edit leaves
/// it unchanged, pages that do not name the edited page need no new render.
pub fn site_signature(site: &Site) -> Json {
    site_context(site, "")
}

pub(super) fn is_active(item: &str, current: &str) -> bool {
    item == current || (item != "/" && current.starts_with(item))
}

/// Context for a Markdown page's `page` object (without its content).
pub(super) fn page_value(site: &Site, p: &Page) -> serde_json::Map<String, Json> {
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
        "label": site.plan.label(&p.url).map(crate::model::plan::Label::text),
        "plan": crate::render::plan::page_plan(p),
        "description": p.front.description,
        "date": p.front.date,
        "updated": crate::render::report::last_updated(site, p),
        "document": crate::render::report::document_value(site, p),
        "weight": p.front.weight,
        "url": p.url,
        "permalink": site.config.permalink(&p.url),
        "kind": kind,
        "extra": yaml_to_json(&yaml_serde::Value::Mapping(p.front.extra_with_plan())),
        "draft": p.front.draft,
        "ancestors": ancestors,
        "pages": pages.into_iter().map(|c| page_ref(site, c)).collect::<Vec<_>>(),
        "sections": sections.into_iter().map(|c| page_ref(site, c)).collect::<Vec<_>>(),
        "source_path": crate::diagnostic::display_path(&p.source),
        "lang": p.lang.clone().unwrap_or_else(|| site.config.default_lang()),
        "toc": [],
        "content": "",
    });
    match v {
        Json::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}
