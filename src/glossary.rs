//! The glossary: a dataset of terms, shown as a page of definitions and used
//! to mark each abbreviation's first use on a page with `<abbr>`.
//!
//! The marking works on the HTML that the Markdown renderer produced, because
//! only there are code spans, links and headings certain. It is a small
//! tag-aware scanner rather than an HTML parser: the input is our own
//! well-formed output plus whatever raw HTML an author wrote, and the scanner
//! only has to find text between tags and never rewrites a tag.

use std::collections::HashSet;

use serde::Serialize;

use crate::config::Config;
use crate::dataset::{Cell, Dataset, Datasets};
use crate::diagnostic::Diagnostic;

/// One entry of the glossary.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Term {
    pub term: String,
    /// The words an abbreviation stands for.
    pub stands_for: Option<String>,
    pub meaning: Option<String>,
    /// Anchor on the glossary page.
    pub id: String,
}

#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The dataset it came from, if any.
    pub dataset: Option<String>,
    /// In the dataset's order.
    pub terms: Vec<Term>,
    /// (abbreviation, expansion), longest first so `PCSO` wins over `PC`.
    abbreviations: Vec<(String, String)>,
}

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
                "glossary",
                format!("site.yaml: the glossary dataset `{name}` does not exist"),
            )
            .in_file(crate::config::CONFIG_FILE)
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
                "glossary",
                format!("the glossary `{name}` has no column saying what its terms mean"),
            )
            .in_file(file)
            .at(1, 1)
            .hint("add a `stands_for` column for abbreviations and a `meaning` column for definitions"));
        }
        let mut terms = Vec::with_capacity(ds.rows.len());
        let mut ids = HashSet::new();
        for row in &ds.rows {
            let Some(term) = text(&row[term_col]) else {
                continue;
            };
            let mut id = format!("term-{}", crate::content::slugify(&term));
            let mut n = 1;
            while !ids.insert(id.clone()) {
                n += 1;
                id = format!("term-{}-{n}", crate::content::slugify(&term));
            }
            terms.push(Term {
                stands_for: expansion.and_then(|c| text(&row[c])),
                meaning: meaning.and_then(|c| text(&row[c])),
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
        Ok(Glossary {
            dataset: Some(name.to_string()),
            terms,
            abbreviations,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Marks the first use of each abbreviation in `html` with `<abbr>`.
    pub fn mark_first_uses(&self, html: &str) -> String {
        if self.abbreviations.is_empty() {
            return html.to_string();
        }
        let mut used: HashSet<&str> = HashSet::new();
        let mut out = String::with_capacity(html.len() + 256);
        let mut skip_depth = 0usize;
        let mut rest = html;
        while !rest.is_empty() {
            match rest.find('<') {
                Some(0) => {
                    let end = tag_end(rest);
                    let tag = &rest[..end];
                    if let Some((name, closing, self_closing)) = tag_name(tag)
                        && SKIP.contains(&name.as_str())
                        && !self_closing
                    {
                        if closing {
                            skip_depth = skip_depth.saturating_sub(1);
                        } else {
                            skip_depth += 1;
                        }
                    }
                    out.push_str(tag);
                    rest = &rest[end..];
                }
                found => {
                    let end = found.unwrap_or(rest.len());
                    let text = &rest[..end];
                    if skip_depth == 0 {
                        self.mark_text(text, &mut used, &mut out);
                    } else {
                        out.push_str(text);
                    }
                    rest = &rest[end..];
                }
            }
        }
        out
    }

    fn mark_text<'a>(&'a self, text: &str, used: &mut HashSet<&'a str>, out: &mut String) {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut copied = 0;
        while i < bytes.len() {
            let at_word_start = i == 0 || !is_word_byte(bytes[i - 1]);
            if at_word_start && bytes[i].is_ascii_uppercase() {
                for (abbr, expansion) in &self.abbreviations {
                    if used.contains(abbr.as_str()) || !text[i..].starts_with(abbr.as_str()) {
                        continue;
                    }
                    let mut end = i + abbr.len();
                    // A plural (IDVAs) is the same abbreviation.
                    if bytes.get(end) == Some(&b's')
                        && bytes.get(end + 1).is_none_or(|b| !is_word_byte(*b))
                    {
                        end += 1;
                    }
                    if bytes.get(end).is_some_and(|b| is_word_byte(*b)) {
                        continue;
                    }
                    out.push_str(&text[copied..i]);
                    out.push_str("<abbr title=\"");
                    out.push_str(&crate::html::escape(expansion));
                    out.push_str("\">");
                    out.push_str(&text[i..end]);
                    out.push_str("</abbr>");
                    used.insert(abbr.as_str());
                    copied = end;
                    i = end;
                    break;
                }
            }
            i += 1;
        }
        out.push_str(&text[copied..]);
    }
}

/// Elements whose text is never marked: links and code keep their own
/// meaning, headings stay short for the contents list, and SVG text is
/// positioned by the chart.
const SKIP: [&str; 17] = [
    "a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "svg", "textarea", "h1", "h2",
    "h3", "h4", "h5", "h6", "title",
];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b >= 0x80
}

/// The end of the tag starting at `s[0] == '<'`, stepping over quoted
/// attribute values; an unclosed tag runs to the end of the text.
fn tag_end(s: &str) -> usize {
    if s.starts_with("<!--") {
        return s.find("-->").map(|i| i + 3).unwrap_or(s.len());
    }
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// (lower-case name, is closing, is self-closing) of a tag such as `</a>`.
fn tag_name(tag: &str) -> Option<(String, bool, bool)> {
    let inner = tag.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if name.is_empty() {
        return None;
    }
    Some((name, closing, tag.ends_with("/>")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(pairs: &[(&str, &str)]) -> Glossary {
        let mut abbreviations: Vec<(String, String)> = pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        abbreviations.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Glossary {
            abbreviations,
            ..Default::default()
        }
    }

    #[test]
    fn marks_first_use_only() {
        let out =
            g(&[("ASB", "anti-social behaviour")]).mark_first_uses("<p>ASB fell. ASB is down.</p>");
        assert_eq!(
            out,
            "<p><abbr title=\"anti-social behaviour\">ASB</abbr> fell. ASB is down.</p>"
        );
    }

    #[test]
    fn whole_words_and_plurals() {
        let gl = g(&[
            ("IDVA", "independent domestic violence adviser"),
            ("PC", "police constable"),
        ]);
        assert_eq!(gl.mark_first_uses("<p>IDVAS PCSO</p>"), "<p>IDVAS PCSO</p>");
        assert_eq!(
            gl.mark_first_uses("<p>Two IDVAs.</p>"),
            "<p>Two <abbr title=\"independent domestic violence adviser\">IDVAs</abbr>.</p>"
        );
        assert_eq!(gl.mark_first_uses("<p>PC-led</p>"), "<p>PC-led</p>");
    }

    #[test]
    fn longest_abbreviation_wins() {
        let gl = g(&[
            ("PCC", "Police and Crime Commissioner"),
            ("PC", "police constable"),
        ]);
        assert_eq!(
            gl.mark_first_uses("<p>PCC and PC</p>"),
            "<p><abbr title=\"Police and Crime Commissioner\">PCC</abbr> and <abbr title=\"police constable\">PC</abbr></p>"
        );
    }

    #[test]
    fn skips_links_code_headings_and_attributes() {
        let gl = g(&[("ASB", "anti-social behaviour")]);
        let html = "<h2 id=\"asb\">ASB</h2><p><a href=\"/x\" title=\"ASB\">ASB</a> <code>ASB</code> <img alt=\"ASB > 1\"> ASB</p>";
        let out = gl.mark_first_uses(html);
        assert!(out.starts_with("<h2 id=\"asb\">ASB</h2><p><a href=\"/x\" title=\"ASB\">ASB</a> <code>ASB</code> <img alt=\"ASB > 1\"> <abbr"), "{out}");
    }

    #[test]
    fn expansion_is_escaped_and_broken_html_survives() {
        let gl = g(&[("ASB", "a \"quoted\" <b>")]);
        assert_eq!(
            gl.mark_first_uses("ASB"),
            "<abbr title=\"a &quot;quoted&quot; &lt;b&gt;\">ASB</abbr>"
        );
        for s in ["<", "<a", "</", "<!-- ASB", "<a href=\"", "ASB<", "é ASB é"] {
            let _ = gl.mark_first_uses(s);
        }
    }

    #[test]
    fn what_counts_as_an_abbreviation() {
        assert!(is_abbreviation("ASB"));
        assert!(is_abbreviation("IDVAs"));
        assert!(!is_abbreviation("Community trigger"));
        assert!(!is_abbreviation("Prevent"));
    }
}
