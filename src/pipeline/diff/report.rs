//! What `diff` found, and the three ways it is printed: for a person at a
//! terminal, as Markdown for a pull request's job summary, and as JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

/// How `diff` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

/// One figure (or one whole row) that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The row's key in a dataset; empty for a figure in a page.
    pub row: String,
    /// The column's label, or on a page "dataset: column for row"; empty
    /// when the whole row was added or removed.
    pub figure: String,
    /// As it was; None when it was added.
    pub before: Option<String>,
    /// As it is; None when it was removed.
    pub after: Option<String>,
}

impl Change {
    /// A whole row added or removed, its figures listed.
    pub(crate) fn row(
        key: &str,
        before: Option<&BTreeMap<String, String>>,
        after: Option<&BTreeMap<String, String>>,
    ) -> Self {
        let list = |m: &BTreeMap<String, String>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Change {
            row: key.to_string(),
            figure: String::new(),
            before: before.map(list),
            after: after.map(list),
        }
    }

    pub fn kind(&self) -> &'static str {
        match (&self.before, &self.after) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        }
    }

    /// "% change for Swale", "row Canterbury", or a page's figure.
    fn what(&self) -> String {
        match (self.row.is_empty(), self.figure.is_empty()) {
            (_, true) => format!("row {}", self.row),
            (true, false) => self.figure.clone(),
            (false, false) => format!("{} for {}", self.figure, self.row),
        }
    }

    /// What happened, in words.
    fn sentence(&self) -> String {
        match (&self.before, &self.after) {
            (Some(b), Some(a)) => format!("{}: {b} → {a}", self.what()),
            (None, Some(a)) => format!("{} added: {a}", self.what()),
            (Some(b), None) => format!("{} removed (was {b})", self.what()),
            (None, None) => self.what(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetChanges {
    pub name: String,
    pub title: String,
    /// The whole dataset is new, or gone.
    pub added: bool,
    pub removed: bool,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageChanges {
    pub url: String,
    pub title: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    /// The revision compared with the working tree.
    pub revision: String,
    pub datasets: Vec<DatasetChanges>,
    pub pages: Vec<PageChanges>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl DiffReport {
    pub fn is_empty(&self) -> bool {
        self.datasets.is_empty() && self.pages.is_empty()
    }

    /// "This changes 3 figures on 2 pages, and 5 in 1 dataset."
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return format!("No figure differs from {}.", self.revision);
        }
        let in_pages: usize = self.pages.iter().map(|p| p.changes.len()).sum();
        let in_data: usize = self.datasets.iter().map(|d| d.changes.len()).sum();
        let pages = format!(
            "{} on {}",
            plural(in_pages, "figure", "figures"),
            plural(self.pages.len(), "page", "pages")
        );
        let data = format!(
            "{} in {}",
            plural(in_data, "figure or row", "figures or rows"),
            plural(self.datasets.len(), "dataset", "datasets")
        );
        format!(
            "Compared with {}, this changes {pages}, and {data}.",
            self.revision
        )
    }

    pub fn render(&self, f: DiffFormat) -> String {
        match f {
            DiffFormat::Human => self.human(),
            DiffFormat::Markdown => self.markdown(),
            DiffFormat::Json => {
                let mut v = serde_json::to_value(self).unwrap_or_default();
                v["summary"] = serde_json::Value::String(self.summary());
                serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
            }
        }
    }

    fn human(&self) -> String {
        let mut s = format!("{}\n", self.summary());
        for d in &self.datasets {
            let _ = writeln!(s, "\ndataset {} ({}){}", d.name, d.title, status(d));
            for c in &d.changes {
                let _ = writeln!(s, "  {:<8} {}", c.kind(), c.sentence());
            }
        }
        for p in &self.pages {
            let _ = writeln!(s, "\npage {} ({})", p.url, p.title);
            for c in &p.changes {
                let _ = writeln!(s, "  {:<8} {}", c.kind(), c.sentence());
            }
        }
        s
    }

    fn markdown(&self) -> String {
        let mut s = format!("## Figures changed\n\n{}\n", self.summary());
        if !self.pages.is_empty() {
            s.push_str("\n### Pages\n");
            for p in &self.pages {
                let _ = writeln!(s, "\n**{}** (`{}`)\n", md(&p.title), p.url);
                table(&mut s, "Figure", &p.changes);
            }
        }
        if !self.datasets.is_empty() {
            s.push_str("\n### Datasets\n");
            for d in &self.datasets {
                let _ = writeln!(
                    s,
                    "\n**{}** (`data/{}.csv`){}\n",
                    md(&d.title),
                    d.name,
                    status(d)
                );
                table(&mut s, "Figure", &d.changes);
            }
        }
        s
    }
}

fn status(d: &DatasetChanges) -> &'static str {
    match (d.added, d.removed) {
        (true, _) => ": new dataset",
        (_, true) => ": dataset removed",
        _ => "",
    }
}

fn table(s: &mut String, head: &str, changes: &[Change]) {
    let _ = writeln!(s, "| {head} | Was | Now |\n|---|---|---|");
    for c in changes {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            md(&c.what()),
            md(c.before.as_deref().unwrap_or("(none)")),
            md(c.after.as_deref().unwrap_or("(removed)"))
        );
    }
}

/// Text made safe in a Markdown table cell.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> DiffReport {
        DiffReport {
            revision: "HEAD~1".into(),
            datasets: vec![DatasetChanges {
                name: "asb".into(),
                title: "ASB | reports".into(),
                added: false,
                removed: false,
                changes: vec![Change {
                    row: "Swale".into(),
                    figure: "% change".into(),
                    before: Some("+12.4%".into()),
                    after: Some("+14.2%".into()),
                }],
            }],
            pages: vec![],
        }
    }

    #[test]
    fn says_how_many_figures_change_where() {
        let r = report();
        assert_eq!(
            r.summary(),
            "Compared with HEAD~1, this changes 0 figures on 0 pages, and 1 figure or row in 1 dataset."
        );
        let md = r.render(DiffFormat::Markdown);
        assert!(md.contains("**ASB \\| reports**"), "{md}");
        assert!(
            md.contains("| % change for Swale | +12.4% | +14.2% |"),
            "{md}"
        );
        let human = r.render(DiffFormat::Human);
        assert!(
            human.contains("changed  % change for Swale: +12.4% → +14.2%"),
            "{human}"
        );
    }
}
