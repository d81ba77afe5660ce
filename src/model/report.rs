//! What kind of document a site (or a section) is, and the parts a
//! committee report or a multi-year agreement has that a plan does not:
//! the report's metadata, numbered recommendations, named implications and
//! a document history. Plain data; the front matter carries it.

use serde::{Deserialize, Serialize};

/// The kind of document, which sets the home page's badge and metadata.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    #[default]
    Plan,
    CommitteeReport,
    Agreement,
    Strategy,
    AnnualReport,
}

impl DocKind {
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Plan => "plan",
            DocKind::CommitteeReport => "committee-report",
            DocKind::Agreement => "agreement",
            DocKind::Strategy => "strategy",
            DocKind::AnnualReport => "annual-report",
        }
    }
}

/// A person named by a report: its author, portfolio holder or contact.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// Where a report stands: before the meeting, what it asks; after, what
/// was decided.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    ForInformation,
    ForDecision,
    Decided,
    Noted,
    Deferred,
    Withdrawn,
}

impl Status {
    pub fn words(self) -> &'static str {
        match self {
            Status::ForInformation => "For information",
            Status::ForDecision => "For decision",
            Status::Decided => "Decided",
            Status::Noted => "Noted",
            Status::Deferred => "Deferred",
            Status::Withdrawn => "Withdrawn",
        }
    }

    /// Whether the meeting has dealt with the report.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            Status::Decided | Status::Noted | Status::Deferred | Status::Withdrawn
        )
    }
}

/// A committee report's metadata, as its cover sheet gives it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Report {
    #[serde(default)]
    pub committee: Option<String>,
    /// The meeting's date, `YYYY-MM-DD`.
    #[serde(default)]
    pub meeting: Option<String>,
    #[serde(default)]
    pub agenda_item: Option<String>,
    #[serde(default)]
    pub author: Option<Person>,
    #[serde(default)]
    pub portfolio_holder: Option<Person>,
    #[serde(default)]
    pub key_decision: Option<bool>,
    #[serde(default)]
    pub wards: Option<String>,
    #[serde(default)]
    pub exempt: Option<bool>,
    /// Why it is exempt, when it is.
    #[serde(default)]
    pub exempt_reason: Option<String>,
    #[serde(default)]
    pub status: Option<Status>,
    /// What the meeting decided, in words, once it has.
    #[serde(default)]
    pub decision: Option<String>,
    /// When it decided, `YYYY-MM-DD`.
    #[serde(default)]
    pub decided: Option<String>,
    #[serde(default)]
    pub background_papers: Option<String>,
    #[serde(default)]
    pub contact: Option<Person>,
}

/// How a list is numbered: 1, 2, 3; a, b, c; or i, ii, iii.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    #[default]
    #[serde(alias = "1")]
    Numbers,
    #[serde(alias = "a")]
    Letters,
    #[serde(alias = "i")]
    Roman,
}

impl Numbering {
    /// The `n`th mark (from 1): `3`, `c`, `iii`.
    pub fn mark(self, n: usize) -> String {
        match self {
            Numbering::Numbers => n.to_string(),
            Numbering::Letters => letters(n),
            Numbering::Roman => roman(n),
        }
    }
}

/// a … z, aa, ab …
fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// One recommendation: its text, and an id to link to it by (its number
/// mark when none is given).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Recommendation {
    Text(String),
    Full {
        #[serde(default)]
        id: Option<String>,
        text: String,
    },
}

impl Recommendation {
    pub fn text_mut(&mut self) -> &mut String {
        match self {
            Recommendation::Text(t) | Recommendation::Full { text: t, .. } => t,
        }
    }
    pub fn text(&self) -> &str {
        match self {
            Recommendation::Text(t) | Recommendation::Full { text: t, .. } => t,
        }
    }
    pub fn id(&self) -> Option<&str> {
        match self {
            Recommendation::Full { id: Some(id), .. } => Some(id),
            _ => None,
        }
    }
}

/// A report's recommendations, numbered as the report numbers them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Recommendations {
    /// The words before the list: "The committee is recommended to:".
    #[serde(default)]
    pub intro: Option<String>,
    #[serde(default)]
    pub numbering: Numbering,
    pub items: Vec<Recommendation>,
}

/// One version of a document.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub version: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub author: Option<String>,
    pub changes: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks() {
        let roman: Vec<String> = (1..=4).map(|n| Numbering::Roman.mark(n)).collect();
        assert_eq!(roman, ["i", "ii", "iii", "iv"]);
        assert_eq!(Numbering::Roman.mark(1994), "mcmxciv");
        assert_eq!(Numbering::Letters.mark(1), "a");
        assert_eq!(Numbering::Letters.mark(27), "aa");
        assert_eq!(Numbering::Numbers.mark(12), "12");
    }
}
