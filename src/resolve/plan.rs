//! Indexing the plan once per build: priorities, themes, lettered sections
//! and the names a cross-reference may use.

use crate::model::page::{Content, Page, PageKind};
use crate::model::plan::*;

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

/// The mark of a section's `i`th page (from 0): A, B, …; 1, 2, …; or
/// I, II, …, as the section's `numbering:` says.
fn mark(section: &Page, i: usize) -> String {
    use crate::model::report::Numbering;
    match section.front.numbering.unwrap_or(Numbering::Letters) {
        Numbering::Letters => letter(i),
        n => n.mark(i + 1).to_uppercase(),
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
                    letter: mark(section, i),
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
