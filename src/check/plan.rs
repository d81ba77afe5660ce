//! Checks of the plan model that do not stop the build: action plans, tiers
//! and the fields a priority page needs.

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, suggest};
use crate::model::page::{Content, Page};
use crate::model::plan::*;

/// Problems with the plan model that do not stop the build.
pub fn check(content: &Content, idx: &PlanIndex) -> Diagnostics {
    let mut d = Diagnostics::new();
    for p in &content.pages {
        if let Some(label) = idx.label(&p.url)
            && title_gives_letter(&p.front.title, &label.word)
        {
            d.push(own_letter(p, label));
        }
        if let Some(w) = plan_keys_without_role(p) {
            d.push(w);
        }
        if p.front.plan == Some(Role::Priority) {
            incomplete_priority(p, &mut d);
        }
        action_areas(p, &mut d);
    }
    d
}

/// The file line of a top-level front-matter key (line 1 is the opening `---`).
fn line(p: &Page, key: &str) -> usize {
    crate::load::yaml::key_line(&p.front_yaml, key) + 1
}

/// Whether a title starts with the label word and a capital letter standing
/// alone ("Appendix B Knife crime"), not a word ("Appendix Birmingham").
fn title_gives_letter(title: &str, word: &str) -> bool {
    let Some(rest) = title.strip_prefix(word) else {
        return false;
    };
    let mut after = rest.trim_start().chars();
    rest.starts_with(' ')
        && after
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && after.next().is_none_or(|c| !c.is_alphabetic())
}

/// Plainsight letters labelled pages itself: a letter in the title shows
/// twice, or disagrees with the one the page is given.
fn own_letter(p: &Page, label: &Label) -> Diagnostic {
    Diagnostic::warning(
        Code::AppendixLetter,
        format!("the title gives its own letter, but this page is shown as {}", label.text()),
    )
    .in_file(&p.source)
    .at(line(p, "title"), 1)
    .hint(format!(
        "leave the letter out of `title:` (Plainsight letters {} pages in order) and link to it with {{{{ ref(to=\"{}\") }}}}",
        label.word,
        p.url.trim_matches('/')
    ))
}

/// Plan keys show only on a priority or theme page; elsewhere nothing shows
/// them, so the first one written is reported.
fn plan_keys_without_role(p: &Page) -> Option<Diagnostic> {
    let f = &p.front;
    let has_plan_keys = f.scope.is_some()
        || !f.progress.is_empty()
        || !f.findings.is_empty()
        || !f.actions.is_empty();
    if f.plan.is_some() || !has_plan_keys {
        return None;
    }
    let key = ["actions", "progress", "findings", "scope"]
        .into_iter()
        .find(|k| {
            p.front_yaml
                .lines()
                .any(|l| l.starts_with(&format!("{k}:")))
        })
        .unwrap_or("actions");
    Some(
        Diagnostic::warning(
            Code::PlanRoleMissing,
            format!("`{key}` is set, but this page is not a priority or a theme"),
        )
        .in_file(&p.source)
        .at(line(p, key), 1)
        .hint("add `plan: priority` (or `plan: theme`) so the page shows its action plan and is listed on the home page"),
    )
}

fn incomplete_priority(p: &Page, d: &mut Diagnostics) {
    let missing = [
        (
            "lead",
            p.front.lead.is_none(),
            "name the agency that leads it, e.g. `lead: Kent Police`",
        ),
        (
            "scope",
            p.front.scope.is_none(),
            "add a one-line `scope:` saying what the priority covers",
        ),
    ];
    for (key, _, hint) in missing.into_iter().filter(|&(_, missing, _)| missing) {
        d.push(
            Diagnostic::warning(
                Code::PlanIncomplete,
                format!("this priority has no `{key}`"),
            )
            .in_file(&p.source)
            .at(line(p, "plan"), 1)
            .hint(hint),
        );
    }
}

fn action_areas(p: &Page, d: &mut Diagnostics) {
    let mut seen: Vec<&str> = Vec::new();
    for area in &p.front.actions {
        let name = area.area.trim();
        let at = area_line(&p.front_yaml, name);
        let warn = |message: String, hint: String| {
            Diagnostic::warning(Code::PlanArea, message)
                .in_file(&p.source)
                .at(at, 1)
                .hint(hint)
        };
        if !TIERS.contains(&name)
            && let Some(s) = suggest(name, TIERS)
        {
            d.push(warn(
                format!("the action-plan area `{name}` is not one of Prepare, Protect, Prevent or Pursue"),
                format!("did you mean `{s}`?"),
            ));
        }
        if seen.contains(&name) {
            d.push(warn(
                format!("the action-plan area `{name}` appears twice"),
                "put all of an area's actions and outcomes under one `area:` entry".into(),
            ));
        }
        seen.push(name);
        if area.actions.is_empty() && area.outcomes.is_empty() {
            d.push(warn(
                format!("the action-plan area `{name}` has no actions or outcomes"),
                "add `actions:` and `outcomes:` lists, or remove the area".into(),
            ));
        }
    }
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
