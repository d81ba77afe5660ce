//! Pages and sections of `content/`, with the front matter each gives.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Home,
    Section,
    Page,
}

impl PageKind {
    /// The name templates see as `page.kind`.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Relative to the site root, e.g. `content/priorities/serious-violence.md`.
    pub source: PathBuf,
    pub kind: PageKind,
    pub front: FrontMatter,
    pub body: String,
    /// The front matter's YAML, for locating keys in messages.
    pub front_yaml: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// Site-relative URL with leading and trailing slash.
    pub url: String,
    /// URL of the section this page belongs to (None for the home page).
    pub parent: Option<String>,
    /// The front matter as typed, kept when its calls were worked out, so
    /// a finding in a field can be placed where the author typed it.
    pub typed_front: Option<Box<FrontMatter>>,
    /// The page's language when it is a translation (`cy` for
    /// `priority.cy.md`); `None` for a page in the site's default language.
    pub lang: Option<String>,
    /// The figures the front matter's fields placed with `value()`, found
    /// when their calls were worked out: a correction of one of them is of
    /// a figure the page shows.
    pub field_figures: Vec<FieldFigure>,
}

/// A figure a front-matter field placed: its dataset, its row as the row's
/// key reads, its column's label, and the figure as the field shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFigure {
    pub dataset: String,
    pub row: String,
    pub column: String,
    pub shown: String,
}

impl Page {
    /// The text of one field as the author typed it, before its calls.
    pub fn typed_field(&self, path: &str) -> Option<String> {
        let front = self.typed_front.as_deref().unwrap_or(&self.front);
        front
            .text_fields()
            .into_iter()
            .find(|(p, _)| p.path == path)
            .map(|(_, t)| t)
    }
}

impl Page {
    /// Where the page is written, relative to the output folder.
    pub fn output_path(&self) -> PathBuf {
        let mut p = PathBuf::new();
        for part in self.url.split('/').filter(|s| !s.is_empty()) {
            p.push(part);
        }
        p.join("index.html")
    }
}

/// A file under `content/` that is not Markdown: copied beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Relative output path.
    pub dest: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Sorted by URL.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Indexes into `pages` of each section's children, in reading order;
    /// built once so listings never scan every page.
    children: std::collections::HashMap<String, Vec<usize>>,
}

impl Content {
    pub fn by_url(&self, url: &str) -> Option<&Page> {
        self.pages
            .binary_search_by(|p| p.url.as_str().cmp(url))
            .ok()
            .map(|i| &self.pages[i])
    }

    pub fn new(pages: Vec<Page>, assets: Vec<Asset>) -> Self {
        let mut children: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            if let Some(parent) = &p.parent {
                children.entry(parent.clone()).or_default().push(i);
            }
        }
        for list in children.values_mut() {
            list.sort_by(|&a, &b| {
                let (a, b) = (&pages[a], &pages[b]);
                (a.front.weight, &a.front.title, &a.url).cmp(&(
                    b.front.weight,
                    &b.front.title,
                    &b.url,
                ))
            });
        }
        Self {
            pages,
            assets,
            children,
        }
    }

    /// Pages, for resolving their front matter; order and URLs must not change.
    pub fn pages_mut(&mut self) -> impl Iterator<Item = &mut Page> {
        self.pages.iter_mut()
    }

    /// Children of a section, in reading order (weight, then title).
    pub fn children(&self, url: &str) -> Vec<&Page> {
        self.children
            .get(url)
            .map(|v| v.iter().map(|&i| &self.pages[i]).collect())
            .unwrap_or_default()
    }

    /// Ancestors from the home page down, not including the page itself.
    pub fn ancestors(&self, page: &Page) -> Vec<&Page> {
        let mut out = Vec::new();
        let mut cur = page.parent.clone();
        while let Some(u) = cur {
            match self.by_url(&u) {
                Some(p) => {
                    cur = p.parent.clone();
                    out.push(p);
                }
                None => break,
            }
        }
        out.reverse();
        out
    }
}

/// The keys a page may set in its front matter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    /// Plan model: the agency leading this priority or action.
    #[serde(default)]
    pub lead: Option<yaml_serde::Value>,
    /// Plan model: the priority a page belongs to.
    #[serde(default)]
    pub priority: Option<String>,
    /// Plan model: the one-line scope of a priority.
    #[serde(default)]
    pub scope: Option<String>,
    /// Plan model: `priority` or `theme`; such pages are listed on the home
    /// page and use the `priority.html` template unless they name another.
    #[serde(default)]
    pub plan: Option<crate::model::plan::Role>,
    /// Plan model: what was achieved last period, one item per entry.
    #[serde(default)]
    pub progress: Vec<String>,
    /// Plan model: what the strategic assessment found, one item per entry.
    #[serde(default)]
    pub findings: Vec<String>,
    /// Plan model: the action plan, one entry per tier.
    #[serde(default)]
    pub actions: Vec<crate::model::plan::ActionArea>,
    /// On a section: letter its pages with this word ("Appendix" gives
    /// Appendix A, B, …). Sections at `/appendices/` are lettered by default.
    #[serde(default)]
    pub lettered: Option<crate::model::plan::Lettering>,
    /// On a section: how its lettered pages are marked (letters by
    /// default; `numbers` gives Appendix 1, 2, …; `roman` Appendix I, II, …).
    #[serde(default)]
    pub numbering: Option<crate::model::report::Numbering>,
    /// On the home page or a section: what kind of document this is.
    #[serde(default)]
    pub kind: Option<crate::model::report::DocKind>,
    /// A committee report's cover sheet.
    #[serde(default)]
    pub report: Option<crate::model::report::Report>,
    #[serde(default)]
    pub recommendations: Option<crate::model::report::Recommendations>,
    /// Named implications (`financial: …`, `legal: …`), in the order
    /// written; only those the author gives are shown.
    #[serde(default)]
    pub implications: yaml_serde::Mapping,
    /// The document's versions, newest or oldest first as typed.
    #[serde(default)]
    pub history: Vec<crate::model::report::Version>,
    #[serde(default)]
    pub extra: yaml_serde::Mapping,
    /// Old addresses of this page, each given a page that sends readers on
    /// (src/pipeline/aliases.rs), as typed.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `corrections:` as typed: read entry by entry on loading
    /// (src/load/dataset/corrections.rs), so each mistake is found at its line.
    #[serde(default, rename = "corrections", skip_serializing)]
    pub corrections_typed: Vec<yaml_serde::Value>,
    /// Figures or wording this page published wrong, kept on record.
    #[serde(skip)]
    pub corrections: Vec<crate::model::correction::Correction>,
}

impl FrontMatter {
    /// `extra`, with the plan-model keys folded in so templates find them in
    /// one place (`page.extra.lead`), whichever way the author wrote them.
    pub fn extra_with_plan(&self) -> yaml_serde::Mapping {
        let mut m = self.extra.clone();
        let mut put = |k: &str, v: Option<yaml_serde::Value>| {
            if let Some(v) = v {
                m.entry(yaml_serde::Value::String(k.into())).or_insert(v);
            }
        };
        put("lead", self.lead.clone());
        put(
            "priority",
            self.priority.clone().map(yaml_serde::Value::String),
        );
        put("scope", self.scope.clone().map(yaml_serde::Value::String));
        m
    }
}

/// One piece of author text in the front matter: where it sits (`progress[2]`,
/// `actions[0].outcomes[1]`, `extra.note`) and the top-level key it is under,
/// which is what a message can locate in the YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    pub top: String,
    pub path: String,
}

impl FrontMatter {
    /// Every string of the front matter that can reach a reader, in the
    /// order of the fields: title, description, the plan fields and each of
    /// their items, and every string under `extra` (which a custom theme
    /// may print). Names, dates, slugs and template names are not text.
    pub fn visit_text_mut(&mut self, f: &mut dyn FnMut(FieldPath, &mut String)) {
        let at = |top: &str, path: String| FieldPath {
            top: top.to_string(),
            path,
        };
        f(at("title", "title".into()), &mut self.title);
        if let Some(d) = &mut self.description {
            f(at("description", "description".into()), d);
        }
        if let Some(v) = &mut self.lead {
            visit_value_mut(v, "lead", "lead".into(), f);
        }
        if let Some(s) = &mut self.scope {
            f(at("scope", "scope".into()), s);
        }
        if let Some(s) = &mut self.priority {
            f(at("priority", "priority".into()), s);
        }
        for (key, list) in [
            ("progress", &mut self.progress),
            ("findings", &mut self.findings),
        ] {
            for (i, s) in list.iter_mut().enumerate() {
                f(at(key, format!("{key}[{i}]")), s);
            }
        }
        for (i, a) in self.actions.iter_mut().enumerate() {
            if let Some(l) = &mut a.lead {
                f(at("actions", format!("actions[{i}].lead")), l);
            }
            if let Some(s) = &mut a.summary {
                f(at("actions", format!("actions[{i}].summary")), s);
            }
            for (key, list) in [("actions", &mut a.actions), ("outcomes", &mut a.outcomes)] {
                for (j, s) in list.iter_mut().enumerate() {
                    f(at("actions", format!("actions[{i}].{key}[{j}]")), s);
                }
            }
        }
        self.visit_report_text_mut(f);
        // A correction's reason is the page's words; what was published is
        // a quotation of the old page, kept as it was.
        for (i, c) in self.corrections.iter_mut().enumerate() {
            f(
                at("corrections", format!("corrections[{i}].reason")),
                &mut c.reason,
            );
        }
        for (k, v) in self.extra.iter_mut() {
            let name = match k.as_str() {
                Some(s) => s.to_string(),
                None => continue,
            };
            let path = format!("extra.{name}");
            visit_value_mut(v, "extra", path, f);
        }
    }

    /// The report's text: its cover sheet's words, recommendations,
    /// implications and the document history's entries.
    fn visit_report_text_mut(&mut self, f: &mut dyn FnMut(FieldPath, &mut String)) {
        let at = |top: &str, path: String| FieldPath {
            top: top.to_string(),
            path,
        };
        if let Some(r) = &mut self.report {
            for (key, v) in [
                ("committee", &mut r.committee),
                ("wards", &mut r.wards),
                ("exempt_reason", &mut r.exempt_reason),
                ("decision", &mut r.decision),
                ("background_papers", &mut r.background_papers),
            ] {
                if let Some(s) = v {
                    f(at("report", format!("report.{key}")), s);
                }
            }
            for (key, person) in [
                ("author", &mut r.author),
                ("portfolio_holder", &mut r.portfolio_holder),
                ("contact", &mut r.contact),
            ] {
                if let Some(p) = person {
                    f(at("report", format!("report.{key}.name")), &mut p.name);
                    if let Some(role) = &mut p.role {
                        f(at("report", format!("report.{key}.role")), role);
                    }
                }
            }
        }
        if let Some(rec) = &mut self.recommendations {
            if let Some(intro) = &mut rec.intro {
                f(at("recommendations", "recommendations.intro".into()), intro);
            }
            for (i, item) in rec.items.iter_mut().enumerate() {
                f(
                    at("recommendations", format!("recommendations.items[{i}]")),
                    item.text_mut(),
                );
            }
        }
        for (k, v) in self.implications.iter_mut() {
            let name = k.as_str().unwrap_or_default().to_string();
            visit_value_mut(v, "implications", format!("implications.{name}"), f);
        }
        for (i, v) in self.history.iter_mut().enumerate() {
            f(
                at("history", format!("history[{i}].changes")),
                &mut v.changes,
            );
            if let Some(a) = &mut v.author {
                f(at("history", format!("history[{i}].author")), a);
            }
        }
    }

    /// [`FrontMatter::visit_text_mut`] for reading.
    pub fn text_fields(&self) -> Vec<(FieldPath, String)> {
        let mut copy = self.clone();
        let mut out = Vec::new();
        copy.visit_text_mut(&mut |p, s| out.push((p, std::mem::take(s))));
        out
    }
}

fn visit_value_mut(
    v: &mut yaml_serde::Value,
    top: &str,
    path: String,
    f: &mut dyn FnMut(FieldPath, &mut String),
) {
    match v {
        yaml_serde::Value::String(s) => f(
            FieldPath {
                top: top.to_string(),
                path,
            },
            s,
        ),
        yaml_serde::Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                visit_value_mut(item, top, format!("{path}[{i}]"), f);
            }
        }
        yaml_serde::Value::Mapping(m) => {
            for (k, item) in m.iter_mut() {
                if let Some(name) = k.as_str() {
                    let p = format!("{path}.{name}");
                    visit_value_mut(item, top, p, f);
                }
            }
        }
        yaml_serde::Value::Tagged(t) => visit_value_mut(&mut t.value, top, path, f),
        _ => {}
    }
}
