//! The partnership-plan model: priorities and cross-cutting themes with their
//! action plans, and sections whose pages are lettered (Appendix A, B, …).
//!
//! Pages take part through front matter (`plan: priority`, `scope`, `lead`,
//! `progress`, `findings`, `actions`; `lettered: Appendix` on a section).
//! This module indexes them once per build so listings, cross-references and
//! checks all see the same order and the same letters.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};
use tera::{Error, Kwargs, State, Tera, Value};

use crate::content::{Content, Page, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics, suggest};
use crate::functions::HINT_SEP;

/// What a page is in the plan.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// One of the partnership's priorities.
    Priority,
    /// A cross-cutting theme that runs through every priority.
    Theme,
}

/// One tier of an action plan (Prepare, Protect, Prevent or Pursue).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ActionArea {
    pub area: String,
    /// The agency leading this tier, where it differs from the priority's lead.
    #[serde(default)]
    pub lead: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub outcomes: Vec<String>,
}

/// The four tiers partnerships use to arrange action plans, in reading order.
pub const TIERS: [&str; 4] = ["Prepare", "Protect", "Prevent", "Pursue"];

/// `lettered:` on a section: `true`, `false`, or the word to letter with.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Lettering {
    On(bool),
    Word(String),
}

/// Where a lettered page sits: `Appendix C`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub word: String,
    pub letter: String,
}

impl Label {
    pub fn text(&self) -> String {
        format!("{} {}", self.word, self.letter)
    }
}

/// The plan's structure, worked out once from the content.
#[derive(Debug, Clone, Default)]
pub struct PlanIndex {
    /// URLs of priority pages, in reading order.
    pub priorities: Vec<String>,
    /// URLs of cross-cutting theme pages, in reading order.
    pub themes: Vec<String>,
    /// Letter labels by page URL.
    pub labels: HashMap<String, Label>,
    /// Every page by the names a cross-reference may use.
    targets: HashMap<String, Target>,
}

/// What a cross-reference needs to know about a page.
#[derive(Debug, Clone)]
struct Target {
    url: String,
    title: String,
    label: Option<String>,
}

/// A, B, … Z, AA, AB, … so a long annex never runs out of letters.
pub fn letter(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The word a section's children are lettered with, if any. A section at
/// `/appendices/` letters its pages "Appendix" unless told otherwise.
fn lettering(section: &Page) -> Option<String> {
    match &section.front.lettered {
        Some(Lettering::On(false)) => None,
        Some(Lettering::On(true)) => Some("Appendix".to_string()),
        Some(Lettering::Word(w)) if w.trim().is_empty() => None,
        Some(Lettering::Word(w)) => Some(w.trim().to_string()),
        None if section.url.trim_end_matches('/').ends_with("/appendices") => {
            Some("Appendix".to_string())
        }
        None => None,
    }
}

/// Builds the index: roles in reading order, letters, and reference names.
pub fn index(content: &Content) -> PlanIndex {
    let mut idx = PlanIndex::default();
    let mut ordered: Vec<&Page> = content.pages.iter().collect();
    ordered.sort_by(|a, b| {
        (a.front.weight, &a.front.title, &a.url).cmp(&(b.front.weight, &b.front.title, &b.url))
    });
    for p in &ordered {
        match p.front.plan {
            Some(Role::Priority) => idx.priorities.push(p.url.clone()),
            Some(Role::Theme) => idx.themes.push(p.url.clone()),
            None => {}
        }
    }
    for section in content.pages.iter().filter(|p| p.kind == PageKind::Section) {
        let Some(word) = lettering(section) else {
            continue;
        };
        let children = content.children(&section.url);
        for (i, child) in children.iter().filter(|c| !c.front.draft).enumerate() {
            idx.labels.insert(
                child.url.clone(),
                Label {
                    word: word.clone(),
                    letter: letter(i),
                },
            );
        }
    }
    for p in &content.pages {
        let target = Target {
            url: p.url.clone(),
            title: p.front.title.clone(),
            label: idx.labels.get(&p.url).map(Label::text),
        };
        for name in reference_names(p) {
            idx.targets.entry(name).or_insert_with(|| target.clone());
        }
    }
    idx
}

/// `/appendices/pcc-grant/`, `appendices/pcc-grant`, `appendices/pcc-grant.md`
/// and `content/appendices/pcc-grant.md` all name the same page.
fn reference_names(p: &Page) -> Vec<String> {
    let trimmed = p.url.trim_matches('/').to_string();
    let source = p.source.to_string_lossy().replace('\\', "/");
    let in_content = source
        .strip_prefix("content/")
        .unwrap_or(&source)
        .to_string();
    vec![p.url.clone(), trimmed, in_content, source]
}

impl PlanIndex {
    pub fn label(&self, url: &str) -> Option<&Label> {
        self.labels.get(url)
    }

    /// "Appendix A: Anti-social behaviour by district", or the plain title.
    pub fn full_title(&self, url: &str, title: &str) -> String {
        match self.labels.get(url) {
            Some(l) => format!("{}: {title}", l.text()),
            None => title.to_string(),
        }
    }

    fn resolve(&self, to: &str) -> Option<&Target> {
        let key = to.trim();
        self.targets
            .get(key)
            .or_else(|| self.targets.get(&format!("/{}/", key.trim_matches('/'))))
            .or_else(|| self.targets.get(key.trim_end_matches(".md")))
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.targets
            .iter()
            .filter(|(k, t)| *k == &t.url)
            .map(|(k, _)| k.as_str())
    }
}

/// `ref(to="appendices/pcc-grant")`: a link to another page by its name, whose
/// text follows the page if it moves or is relettered ("Appendix E").
pub fn reference(idx: &PlanIndex, kwargs: &Kwargs) -> Result<String, Error> {
    crate::functions::check_kwargs(kwargs, &["to", "show", "text"], "ref")?;
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
    crate::functions::use_page(&target.url);
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
        crate::html::escape(&href),
        crate::html::escape(&text)
    ))
}

fn fail(msg: impl std::fmt::Display, hint: impl std::fmt::Display) -> Error {
    Error::message(format!("{msg}{HINT_SEP}{hint}"))
}

/// Registers `ref()` on a Tera instance.
pub fn register(tera: &mut Tera, idx: Arc<PlanIndex>) {
    tera.register_function(
        "ref",
        crate::functions::Safe(move |k: Kwargs, _: &State| {
            reference(&idx, &k).map(|h| Value::safe_string(&h))
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
    })
}

/// The `site.plan` object: priorities and themes with their scope and lead.
pub fn site_plan(idx: &PlanIndex, content: &Content) -> Json {
    let list = |urls: &[String]| -> Vec<Json> {
        urls.iter()
            .filter_map(|u| content.by_url(u))
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

/// Problems with the plan model that do not stop the build.
pub fn check(content: &Content, idx: &PlanIndex) -> Diagnostics {
    let mut d = Diagnostics::new();
    for p in &content.pages {
        let f = &p.front;
        let line = |key: &str| crate::yaml::key_line(&p.front_yaml, key) + 1;
        if let Some(label) = idx.label(&p.url)
            && let Some(rest) = f.title.strip_prefix(label.word.as_str())
            && rest.starts_with(' ')
            && rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase())
            && rest
                .trim_start()
                .chars()
                .nth(1)
                .is_none_or(|c| !c.is_alphabetic())
        {
            d.push(
                Diagnostic::warning(
                    "appendix-letter",
                    format!("the title gives its own letter, but this page is shown as {}", label.text()),
                )
                .in_file(&p.source)
                .at(line("title"), 1)
                .hint(format!(
                    "leave the letter out of `title:` (Plainsight letters {} pages in order) and link to it with {{{{ ref(to=\"{}\") }}}}",
                    label.word,
                    p.url.trim_matches('/')
                )),
            );
        }
        let has_plan_keys = f.scope.is_some()
            || !f.progress.is_empty()
            || !f.findings.is_empty()
            || !f.actions.is_empty();
        if f.plan.is_none() && has_plan_keys {
            let key = ["actions", "progress", "findings", "scope"]
                .into_iter()
                .find(|k| {
                    p.front_yaml
                        .lines()
                        .any(|l| l.starts_with(&format!("{k}:")))
                })
                .unwrap_or("actions");
            d.push(
                Diagnostic::warning(
                    "plan-role-missing",
                    format!("`{key}` is set, but this page is not a priority or a theme"),
                )
                .in_file(&p.source)
                .at(line(key), 1)
                .hint("add `plan: priority` (or `plan: theme`) so the page shows its action plan and is listed on the home page"),
            );
        }
        if f.plan == Some(Role::Priority) {
            for key in ["lead", "scope"] {
                let missing = match key {
                    "lead" => f.lead.is_none(),
                    _ => f.scope.is_none(),
                };
                if missing {
                    d.push(
                        Diagnostic::warning(
                            "plan-incomplete",
                            format!("this priority has no `{key}`"),
                        )
                        .in_file(&p.source)
                        .at(line("plan"), 1)
                        .hint(match key {
                            "lead" => "name the agency that leads it, e.g. `lead: Kent Police`",
                            _ => "add a one-line `scope:` saying what the priority covers",
                        }),
                    );
                }
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for area in &f.actions {
            let name = area.area.trim();
            let at = area_line(&p.front_yaml, name);
            if !TIERS.contains(&name)
                && let Some(s) = suggest(name, TIERS)
            {
                d.push(
                    Diagnostic::warning(
                        "plan-area",
                        format!("the action-plan area `{name}` is not one of Prepare, Protect, Prevent or Pursue"),
                    )
                    .in_file(&p.source)
                    .at(at, 1)
                    .hint(format!("did you mean `{s}`?")),
                );
            }
            if seen.contains(&name) {
                d.push(
                    Diagnostic::warning(
                        "plan-area",
                        format!("the action-plan area `{name}` appears twice"),
                    )
                    .in_file(&p.source)
                    .at(at, 1)
                    .hint("put all of an area's actions and outcomes under one `area:` entry"),
                );
            }
            seen.push(name);
            if area.actions.is_empty() && area.outcomes.is_empty() {
                d.push(
                    Diagnostic::warning(
                        "plan-area",
                        format!("the action-plan area `{name}` has no actions or outcomes"),
                    )
                    .in_file(&p.source)
                    .at(at, 1)
                    .hint("add `actions:` and `outcomes:` lists, or remove the area"),
                );
            }
        }
    }
    d
}

/// The file line of `area: NAME` in a page's front matter.
fn area_line(yaml: &str, name: &str) -> usize {
    yaml.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix("area:")
                .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == name)
        })
        .map(|i| i + 2)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_past_z() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(4), "E");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
        assert_eq!(letter(52), "BA");
        assert_eq!(letter(701), "ZZ");
        assert_eq!(letter(702), "AAA");
    }

    #[test]
    fn area_lines() {
        let y = "title: X\nactions:\n  - area: Prepare\n    actions: [a]\n  - area: \"Pursue\"\n";
        assert_eq!(area_line(y, "Prepare"), 4);
        assert_eq!(area_line(y, "Pursue"), 6);
    }
}
