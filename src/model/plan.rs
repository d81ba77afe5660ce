//! The partnership-plan model: priorities and cross-cutting themes with their
//! action plans, and sections whose pages are lettered (Appendix A, B, …).
//!
//! Pages take part through front matter (`plan: priority`, `scope`, `lead`,
//! `progress`, `findings`, `actions`; `lettered: Appendix` on a section).
//! src/resolve/plan.rs indexes them once per build so listings,
//! cross-references and checks all see the same order and the same letters.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

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
    pub targets: HashMap<String, Target>,
}

/// What a cross-reference needs to know about a page.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: String,
    pub title: String,
    pub label: Option<String>,
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

    pub fn resolve(&self, to: &str) -> Option<&Target> {
        let key = to.trim();
        self.targets
            .get(key)
            .or_else(|| self.targets.get(&format!("/{}/", key.trim_matches('/'))))
            .or_else(|| self.targets.get(key.trim_end_matches(".md")))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.targets
            .iter()
            .filter(|(k, t)| *k == &t.url)
            .map(|(k, _)| k.as_str())
    }
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
}
