//! A dataset's sources and footnotes, as its sidecar lists them: plain data
//! that tables, dataset pages and downloads print.

use serde::{Deserialize, Serialize};

/// One source of a dataset's figures: `sources:` in the sidecar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `YYYY-MM-DD`, when the source was published or read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A note that cells point at with `[^id]`: `footnotes:` in the sidecar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    pub id: String,
    pub text: String,
}

/// The footnote references in a cell's text (`[^1]`, `[^note-a]`): each
/// id with the byte range of its reference, in the order written.
pub fn footnote_refs(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("[^") {
        let start = from + i;
        let body = &text[start + 2..];
        let len = body.find(|c: char| !is_id_char(c)).unwrap_or(body.len());
        if len > 0 && body[len..].starts_with(']') {
            out.push((start..start + 2 + len + 1, &body[..len]));
            from = start + 2 + len + 1;
        } else {
            from = start + 2;
        }
    }
    out
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Whether `id` may name a footnote (what `[^id]` can reference).
pub fn is_footnote_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(is_id_char)
}

/// Line and column in the CSV file of byte `at` of the text of field `c`
/// of the row at `pos`. A field holding a line break, a quote or a
/// delimiter was written in quotes, which its column counts.
pub fn place_in_cell(pos: &super::RowPos, c: usize, text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    // The next field's column tells how wide this one was written; the
    // last field's quotes are told from what it holds.
    let written = text.chars().count() + text.matches('"').count();
    let quoted = match pos.columns.get(c + 1) {
        Some(_) if text.contains('\n') => true,
        Some(&next) => next.saturating_sub(pos.column(c) + 1) > written,
        None => text.contains(['\n', '"', ',', ';', '\t']),
    };
    match before.rfind('\n') {
        Some(nl) => (
            pos.line + before.matches('\n').count(),
            before[nl + 1..].chars().count() + 1,
        ),
        None => (
            pos.line,
            pos.column(c) + usize::from(quoted) + before.chars().count(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references() {
        let refs = footnote_refs("Ashford[^1] and Dover[^note-b], not [^ x] or [^]");
        let ids: Vec<&str> = refs.iter().map(|(_, id)| *id).collect();
        assert_eq!(ids, ["1", "note-b"]);
        assert_eq!(refs[0].0, 7..11);
        assert!(footnote_refs("no notes [here]").is_empty());
        assert!(is_footnote_id("a_1") && !is_footnote_id("a b") && !is_footnote_id(""));
    }

    #[test]
    fn places_text_inside_a_cell() {
        let pos = crate::model::dataset::RowPos {
            line: 4,
            columns: vec![1, 9, 22],
        };
        // Unquoted: `Ashford,See [x](/a/),2025` (the next field starts at 22).
        assert_eq!(place_in_cell(&pos, 1, "See [x](/a/)", 4), (4, 13));
        // Written in quotes: one wider than its text.
        let q = crate::model::dataset::RowPos {
            line: 4,
            columns: vec![1, 9, 24],
        };
        assert_eq!(place_in_cell(&q, 1, "See [x](/a/)", 4), (4, 14));
        // On a later line of the cell, counted from that line's start.
        assert_eq!(place_in_cell(&pos, 1, "- a\n- b[^1]", 7), (5, 4));
    }
}
