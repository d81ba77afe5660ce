//! Checks of the plan model that do not stop the build: action plans, tiers
//! and the fields a priority page needs.

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, suggest};
use crate::model::page::Content;
use crate::model::plan::*;

/// Problems with the plan model that do not stop the build.
pub fn check(content: &Content, idx: &PlanIndex) -> Diagnostics {
    let mut d = Diagnostics::new();
    for p in &content.pages {
        let f = &p.front;
        let line = |key: &str| crate::load::yaml::key_line(&p.front_yaml, key) + 1;
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
                    Code::AppendixLetter,
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
                    Code::PlanRoleMissing,
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
                            Code::PlanIncomplete,
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
                        Code::PlanArea,
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
                        Code::PlanArea,
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
                        Code::PlanArea,
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
    fn area_lines() {
        let y = "title: X\nactions:\n  - area: Prepare\n    actions: [a]\n  - area: \"Pursue\"\n";
        assert_eq!(area_line(y, "Prepare"), 4);
        assert_eq!(area_line(y, "Pursue"), 6);
    }
}
