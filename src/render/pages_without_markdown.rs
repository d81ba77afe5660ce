//! Pages that have no Markdown source: dataset pages and the data
//! catalogue, the 404 page, the accessibility statement and glossary
//! (src/render/generated.rs), and the search page.

use super::*;

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
    engines.scopes.begin(url);
    let lang = site.config.lang_of_url(url);
    let words = site.strings.of(&lang);
    let home = crate::render::languages::home_url(site, &lang);
    let mut ancestors = vec![json!({"title": home_title(site, &home, words), "url": home})];
    if kind == "dataset" {
        let data = crate::render::generated::in_lang(site, &lang, "/data/");
        ancestors.push(json!({"title": words.get("nav.data"), "url": data}));
    }
    if kind == "404" {
        ancestors.clear();
    }
    let others =
        crate::render::languages::generated_others(site, url, PER_LANGUAGE.contains(&kind));
    let page = json!({
        "title": title, "url": url, "permalink": site.config.permalink(url), "kind": kind,
        "content": "", "toc": [], "extra": {}, "draft": false, "ancestors": ancestors,
        "pages": [], "sections": [], "description": extra.iter().find(|(k, _)| *k == "description").map(|(_, v)| v.clone()),
        "lang": lang,
        "translations": others,
    });
    let mut ctx = Context::new();
    ctx.insert_value("site", engines.site_value(site, url));
    ctx.insert("page", &page);
    ctx.insert(functions::SCOPE_KEY, url);
    ctx.insert(crate::render::languages::LANG_KEY, &lang);
    for (k, v) in extra {
        ctx.insert(*k, v);
    }
    let html = engines
        .pages
        .render(template, &ctx)
        .map_err(|e| Diagnostics::from(site.theme.template_error(&e)))?;
    let scope = engines.scopes.finish(url);
    let own_data = site.glossary.dataset.as_ref().is_some_and(|g| {
        url == crate::render::generated::in_lang(site, &lang, &format!("/data/{g}/"))
    });
    let html = if kind == "glossary" || own_data || site.glossary.is_empty() {
        html
    } else {
        generated::mark_abbreviations(site, &html, &scope.datasets, &lang)
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
        figures: scope.figures,
        tables: scope.tables,
        lang: site.config.lang_tag(&lang),
        alternates: crate::render::languages::alternates(&others),
    })
}

/// The kinds of generated page published in every language of the site.
pub const PER_LANGUAGE: [&str; 5] = [
    "accessibility",
    "glossary",
    "search",
    "dataset",
    "catalogue",
];

pub(super) fn home_title(site: &Site, home: &str, words: &crate::model::i18n::Messages) -> String {
    site.content
        .by_url(home)
        .map(|p| p.front.title.clone())
        .unwrap_or_else(|| words.get("nav.home").to_string())
}

/// The language a dataset's copy is in, from where its page is.
fn ds_lang(site: &Site, ds: &Dataset) -> String {
    site.config.lang_of_url(&ds.url())
}

/// The dataset object for dataset and catalogue templates.
pub fn dataset_value(site: &Site, ds: &Dataset, table_html: &str) -> Json {
    let dl = site.downloads.get(&ds.name);
    let words = site.strings.of(&ds_lang(site, ds));
    let columns: Vec<Json> = ds
        .published_columns()
        .map(|(i, c)| {
            let label = crate::render::table::column_label(ds, i, words);
            let formula = crate::render::formula::formula(ds, i, words);
            json!({"name": c.name, "label": label, "type": c.ty.name(), "unit": c.unit,
                   "description": c.description, "derived": c.formula.is_some(), "formula": formula})
        })
        .collect();
    json!({
        "name": ds.name,
        "title": ds.meta.title,
        "description": ds.meta.description,
        "source": ds.meta.source,
        "source_url": ds.meta.source_url,
        "sources": ds.meta.sources,
        "publisher": ds.meta.publisher,
        "period": ds.meta.period,
        "published": ds.meta.published,
        "updated": ds.meta.updated,
        "licence": ds.meta.licence.as_ref().map(|l| json!({
            "id": l.id,
            "name": site.strings.of(&ds_lang(site, ds)).licence_name(l),
            "url": l.url,
        })),
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
        // For a `<script type="application/ld+json">` data block in the
        // page, where Google's Dataset Search reads it.
        "jsonld": dl.map(|d| crate::util::html::json_for_script(&String::from_utf8_lossy(&d.jsonld))),
    })
}

/// Dataset pages and the catalogue.
pub fn render_data_pages(site: &Site, engines: &Engines) -> (Vec<RenderedPage>, Diagnostics) {
    render_some_data_pages(site, engines, |_| true)
}

/// The languages the data pages are made in: every language of a
/// bilingual site (`/cy/data/`), each with its datasets' text.
fn data_languages(site: &Site) -> Vec<String> {
    let c = &site.config;
    if c.translations.is_empty() {
        vec![c.default_lang()]
    } else {
        c.langs()
    }
}

/// The pages of the datasets `wanted` picks, and the catalogue, in each
/// language of the site.
pub fn render_some_data_pages(
    site: &Site,
    engines: &Engines,
    wanted: impl Fn(&str) -> bool + Sync,
) -> (Vec<RenderedPage>, Diagnostics) {
    let sizes = site.csv_sizes();
    let langs = data_languages(site);
    let list: Vec<(&str, &Dataset)> = (langs.iter())
        .flat_map(|l| {
            let data = site.datasets.in_lang(l);
            (data.tables.values())
                .filter(|ds| wanted(&ds.name))
                .map(move |ds| (l.as_str(), ds))
        })
        .collect();
    let results: Vec<Result<RenderedPage, Diagnostics>> = list
        .par_iter()
        .map(|&(lang, ds)| dataset_page(site, engines, &sizes, lang, ds))
        .collect();
    let (mut out, mut diags) = split_results(results);
    for lang in &langs {
        match catalogue_page(site, engines, lang) {
            Ok(p) => out.push(p),
            Err(d) => diags.extend(d),
        }
    }
    (out, diags)
}

/// One dataset's page in `lang`, from the dataset as that language shows it.
fn dataset_page(
    site: &Site,
    engines: &Engines,
    sizes: &std::collections::HashMap<String, usize>,
    lang: &str,
    ds: &Dataset,
) -> Result<RenderedPage, Diagnostics> {
    let opts = crate::render::table::TableOptions {
        id: format!("table-{}", ds.name),
        max_rows: crate::render::table::MAX_INLINE_ROWS,
        csv_bytes: sizes.get(&ds.name).copied(),
        notes: true,
        row_ids: true,
        words: site.strings.shared(lang).clone(),
        columns: Some(
            ds.published_columns()
                .map(|(_, c)| c.name.clone())
                .collect(),
        ),
        ..Default::default()
    };
    let table_html = crate::render::table::render(ds, &opts).unwrap_or_default();
    let v = dataset_value(site, ds, &table_html);
    let desc = Json::String(ds.meta.description.clone());
    let url = ds.url();
    render_generated(
        site,
        engines,
        "dataset.html",
        &url,
        PathBuf::from(url.trim_matches('/')).join("index.html"),
        &ds.meta.title,
        "dataset",
        &[("dataset", v), ("description", desc)],
    )
}

/// The data catalogue in `lang`: `/data/`, `/cy/data/`.
fn catalogue_page(site: &Site, engines: &Engines, lang: &str) -> Result<RenderedPage, Diagnostics> {
    let words = site.strings.of(lang);
    let all: Vec<Json> = (site.datasets.in_lang(lang).tables.values())
        .map(|ds| dataset_value(site, ds, ""))
        .collect();
    let url = crate::render::generated::in_lang(site, lang, "/data/");
    render_generated(
        site,
        engines,
        "catalogue.html",
        &url,
        PathBuf::from(url.trim_matches('/')).join("index.html"),
        words.get("catalogue.title"),
        "catalogue",
        &[
            ("datasets", Json::Array(all)),
            ("description", json!(words.get("catalogue.description"))),
        ],
    )
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
        site.strings.default_messages().get("notfound.title"),
        "404",
        &[],
    ) {
        Ok(p) => pages.push(p),
        Err(d) => diags.extend(d),
    }
    let (statement_pages, statement_diags) = generated::render(site, engines);
    pages.extend(statement_pages);
    diags.extend(statement_diags);
    match crate::render::corrections::render_page(site, engines) {
        Some(Ok(p)) => pages.push(p),
        Some(Err(d)) => diags.extend(d),
        None => {}
    }
    // The search pages (src/write/search_index.rs).
    for r in crate::render::search_page::render_pages(site, engines) {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => diags.extend(d),
        }
    }
    (pages, diags)
}
