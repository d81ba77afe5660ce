//! The glossary, built from the dataset site.yaml names.

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::model::config::Config;
use crate::model::dataset::{Cell, Dataset, Datasets};
use crate::model::glossary::{Glossary, Term};
use std::collections::HashSet;

const TERM_COLUMNS: [&str; 3] = ["term", "abbreviation", "acronym"];
const EXPANSION_COLUMNS: [&str; 4] = ["stands_for", "expansion", "full_form", "abbreviation_of"];
const MEANING_COLUMNS: [&str; 3] = ["meaning", "definition", "description"];

fn find_column(ds: &Dataset, names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| ds.column(n))
}

fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(s) | Cell::Date(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// The glossary's columns: its terms, and what they stand for and mean.
struct Columns {
    term: usize,
    expansion: Option<usize>,
    meaning: Option<usize>,
}

/// The column holding column `c`'s words in `lang`: `meaning_cy` for
/// `meaning` in Welsh.
pub fn translated_column(ds: &Dataset, c: usize, lang: &str) -> Option<usize> {
    ds.column(&format!("{}_{lang}", ds.columns[c].name))
}

/// The cells of the glossary `name` with words in the default language
/// but none in `lang` (row, column), and whether it has any column for
/// `lang` at all: what `check` warns about on a bilingual site.
pub fn untranslated(ds: &Dataset, lang: &str) -> (bool, Vec<(usize, usize)>) {
    let cols: Vec<usize> = [&TERM_COLUMNS[..], &EXPANSION_COLUMNS, &MEANING_COLUMNS]
        .iter()
        .filter_map(|names| find_column(ds, names))
        .collect();
    let pairs: Vec<(usize, usize)> = (cols.iter())
        .filter_map(|&c| Some((c, translated_column(ds, c, lang)?)))
        .collect();
    let mut out = Vec::new();
    for (r, row) in ds.rows.iter().enumerate() {
        for &(c, t) in &pairs {
            if text(&row[c]).is_some() && text(&row[t]).is_none() {
                out.push((r, t));
            }
        }
    }
    (!pairs.is_empty(), out)
}

/// An abbreviation worth marking: a single word with at least two capitals,
/// so "ASB" and "IDVAs" are marked but "Community trigger" is only defined.
fn is_abbreviation(term: &str) -> bool {
    !term.contains(char::is_whitespace)
        && term.chars().filter(char::is_ascii_uppercase).count() >= 2
}

impl Glossary {
    /// The glossary named in site.yaml (`glossary: NAME`), or the dataset
    /// called `glossary` if there is one.
    pub fn from_site(config: &Config, data: &Datasets) -> Result<Glossary, Diagnostic> {
        let line = config.key_lines.get("glossary").copied().unwrap_or(1);
        let (name, explicit) = match &config.glossary {
            Some(n) => (n.as_str(), true),
            None => ("glossary", false),
        };
        let Some(ds) = data.tables.get(name) else {
            if !explicit {
                return Ok(Glossary::default());
            }
            let names = data.tables.keys().map(String::as_str);
            let hint = match crate::diagnostic::suggest(name, names) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("add data/{name}.csv with columns term, stands_for and meaning"),
            };
            return Err(Diagnostic::error(
                Code::Glossary,
                format!("site.yaml: the glossary dataset `{name}` does not exist"),
            )
            .in_file(crate::model::config::CONFIG_FILE)
            .at(line, 1)
            .hint(hint));
        };
        let file = ds
            .sidecar_path
            .clone()
            .unwrap_or_else(|| ds.csv_path.clone());
        let term_col = find_column(ds, &TERM_COLUMNS).unwrap_or(ds.key);
        let expansion = find_column(ds, &EXPANSION_COLUMNS);
        let meaning = find_column(ds, &MEANING_COLUMNS);
        if expansion.is_none() && meaning.is_none() {
            return Err(Diagnostic::error(
                Code::Glossary,
                format!("the glossary `{name}` has no column saying what its terms mean"),
            )
            .in_file(file)
            .at(1, 1)
            .hint("add a `stands_for` column for abbreviations and a `meaning` column for definitions"));
        }
        let cols = Columns {
            term: term_col,
            expansion,
            meaning,
        };
        let mut g = Glossary::of_rows(ds, &cols, None);
        g.dataset = Some(name.to_string());
        let langs = config.langs();
        for lang in langs.iter().skip(1) {
            let mut own = Glossary::of_rows(ds, &cols, Some(lang));
            own.dataset = g.dataset.clone();
            g.by_lang.insert(lang.clone(), own);
        }
        Ok(g)
    }

    /// The terms of the glossary's rows, in `lang` where the dataset has
    /// columns for it; a row with no words in `lang` keeps the default
    /// language's (and `check` says so).
    fn of_rows(ds: &Dataset, cols: &Columns, lang: Option<&str>) -> Glossary {
        let own = |c: usize| lang.and_then(|l| translated_column(ds, c, l));
        let pick =
            |row: &[Cell], c: usize| own(c).and_then(|t| text(&row[t])).or_else(|| text(&row[c]));
        let mut terms = Vec::with_capacity(ds.rows.len());
        let mut ids = HashSet::new();
        for row in &ds.rows {
            let Some(term) = pick(row, cols.term) else {
                continue;
            };
            let mut id = format!("term-{}", crate::util::text::slugify(&term));
            let mut n = 1;
            while !ids.insert(id.clone()) {
                n += 1;
                id = format!("term-{}-{n}", crate::util::text::slugify(&term));
            }
            terms.push(Term {
                stands_for: cols.expansion.and_then(|c| pick(row, c)),
                meaning: cols.meaning.and_then(|c| pick(row, c)),
                term,
                id,
            });
        }
        let mut abbreviations: Vec<(String, String)> = terms
            .iter()
            .filter(|t| is_abbreviation(&t.term))
            .filter_map(|t| Some((t.term.clone(), t.stands_for.clone()?)))
            .collect();
        abbreviations.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        abbreviations.dedup_by(|a, b| a.0 == b.0);
        Glossary {
            dataset: None,
            terms,
            abbreviations,
            by_lang: Default::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_counts_as_an_abbreviation() {
        assert!(is_abbreviation("ASB"));
        assert!(is_abbreviation("IDVAs"));
        assert!(!is_abbreviation("Community trigger"));
        assert!(!is_abbreviation("Prevent"));
    }
}
