//! The plan in templates: `ref()` cross-references and the plan values a
//! page and the site hand to the theme.

use std::sync::Arc;

use serde_json::{Value as Json, json};
use tera::{Error, Kwargs, State, Tera, Value};

use crate::diagnostic::suggest;
use crate::model::page::{Content, Page};
use crate::model::plan::*;

/// `ref(to="appendices/pcc-grant")`: a link to another page by its name, whose
/// text follows the page if it moves or is relettered ("Appendix E").
pub fn reference(
    idx: &PlanIndex,
    kwargs: &Kwargs,
    rec: &crate::render::functions::Recorder<'_>,
) -> Result<String, Error> {
    crate::render::functions::check_kwargs(kwargs, &["to", "show", "text"], "ref")?;
    let to: String = kwargs.get::<String>("to")?.ok_or_else(|| {
        fail(
            "ref() needs `to`",
            "name the page, e.g. ref(to=\"appendices/pcc-grant\")",
        )
    })?;
    let (path, fragment) = match to.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (to.as_str(), None),
    };
    let target = idx.resolve(path).ok_or_else(|| {
        let hint = match suggest(path, idx.names()) {
            Some(s) => format!("did you mean `{}`?", s.trim_matches('/')),
            None => "name a page by its path under content/, e.g. `appendices/pcc-grant`".into(),
        };
        fail(format!("ref(): there is no page `{path}`"), hint)
    })?;
    rec.use_page(&target.url);
    let show: String = kwargs
        .get::<String>("show")?
        .unwrap_or_else(|| "label".into());
    let text = match kwargs.get::<String>("text")? {
        Some(t) => t,
        None => match (show.as_str(), &target.label) {
            ("label", Some(l)) => l.clone(),
            ("label" | "title", _) => target.title.clone(),
            ("both", Some(l)) => format!("{l}: {}", target.title),
            ("both", None) => target.title.clone(),
            (other, _) => {
                return Err(fail(
                    format!("ref(): `show` cannot be `{other}`"),
                    "use show=\"label\" (Appendix C), \"title\" or \"both\"",
                ));
            }
        },
    };
    let href = match fragment {
        Some(f) => format!("{}#{f}", target.url),
        None => target.url.clone(),
    };
    Ok(format!(
        "<a href=\"{}\">{}</a>",
        crate::util::html::escape(&href),
        crate::util::html::escape(&text)
    ))
}

use crate::render::functions::fail;

/// Registers `ref()` on a Tera instance.
pub fn register(
    tera: &mut Tera,
    idx: Arc<PlanIndex>,
    scopes: Arc<crate::render::functions::Scopes>,
) {
    tera.register_function(
        "ref",
        crate::render::functions::Safe(move |k: Kwargs, st: &State| {
            reference(&idx, &k, &scopes.of(st)).map(|h| Value::safe_string(&h))
        }),
    );
}

/// The `page.plan` object priority templates read.
pub fn page_plan(p: &Page) -> Json {
    let f = &p.front;
    let lead = f.lead.as_ref().map(crate::render::yaml_to_json);
    json!({
        "role": f.plan,
        "scope": f.scope,
        "lead": lead,
        "progress": f.progress,
        "findings": f.findings,
        "actions": f.actions,
        // Whether the action plan is arranged by the four tiers, so a theme
        // explains them only where they are used.
        "tiered": !f.actions.is_empty()
            && f.actions.iter().all(|a| TIERS.iter().any(|t| t.eq_ignore_ascii_case(a.area.trim()))),
    })
}

/// The `site.plan` object: priorities and themes with their scope and lead.
///
/// On a site in several languages, only the pages in `lang` (a page's
/// `lang`, `None` for the default language) are listed: a Welsh home page
/// lists the Welsh priorities.
pub fn site_plan(idx: &PlanIndex, content: &Content, lang: Option<&str>) -> Json {
    let list = |urls: &[String]| -> Vec<Json> {
        urls.iter()
            .filter_map(|u| content.by_url(u))
            .filter(|p| p.lang.as_deref() == lang)
            .map(|p| {
                json!({
                    "title": p.front.title,
                    "url": p.url,
                    "description": p.front.description,
                    "scope": p.front.scope,
                    "lead": p.front.lead.as_ref().map(crate::render::yaml_to_json),
                })
            })
            .collect()
    };
    json!({
        "priorities": list(&idx.priorities),
        "themes": list(&idx.themes),
    })
}
