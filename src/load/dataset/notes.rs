//! The sidecar's `sources:` and `footnotes:`, read and checked, and every
//! footnote a cell references found among them.

use std::collections::BTreeSet;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::yaml;
use crate::model::dataset::RowPos;
use crate::model::dataset::format::Cell;
use crate::model::dataset::notes::{
    Footnote, SourceRef, footnote_refs, is_footnote_id, place_in_cell,
};
use crate::model::dataset::schema::Sidecar;
use crate::util::text::is_iso_date;

use super::Source;

/// The sources as listed, each link and date checked.
pub(super) fn sources(sc: &Sidecar, source: &Source, diags: &mut Diagnostics) -> Vec<SourceRef> {
    for s in &sc.sources {
        let at = |needle: &str| yaml::locate_in_yaml(source.sidecar, "sources", needle);
        if s.title.trim().is_empty() {
            let (line, _) = at("title");
            diags.push(
                Diagnostic::error(Code::Sidecar, "sources: a source has no title")
                    .in_file(source.sidecar_file())
                    .at(line, 1)
                    .hint("give each source the title readers will recognise, e.g. `- { title: Police recorded crime, url: https://… }`"),
            );
        }
        if let Some(u) = &s.url
            && (u.trim().is_empty() || !crate::util::html::is_safe_url(u))
        {
            let (line, col) = at(u);
            diags.push(
                Diagnostic::error(
                    Code::Sidecar,
                    format!(
                        "sources: the link `{u}` of “{}” is not a web address",
                        s.title
                    ),
                )
                .in_file(source.sidecar_file())
                .at(line, col)
                .hint("give the address the source is published at, starting https://"),
            );
        }
        if let Some(d) = &s.date
            && !is_iso_date(d)
        {
            let (line, col) = at(d);
            diags.push(
                Diagnostic::error(
                    Code::Sidecar,
                    format!("sources: the date of “{}” is not a date: `{d}`", s.title),
                )
                .in_file(source.sidecar_file())
                .at(line, col)
                .hint("write dates as YYYY-MM-DD, e.g. `date: 2022-04-01`"),
            );
        }
    }
    sc.sources.clone()
}

/// The footnotes as listed, each id and text checked.
pub(super) fn footnotes(sc: &Sidecar, source: &Source, diags: &mut Diagnostics) -> Vec<Footnote> {
    let mut out = Vec::new();
    for (k, v) in &sc.footnotes {
        let id = super::yaml_key(k);
        let line = super::section_line(source.sidecar, "footnotes", &id);
        let place = |d: Diagnostic| d.in_file(source.sidecar_file()).at(line, 1);
        if !is_footnote_id(&id) {
            diags.push(place(
                Diagnostic::error(Code::Sidecar, format!("footnotes: `{id}` cannot name a footnote"))
                    .hint("use letters, digits, `-` and `_` only, e.g. `1:` or `police-data:`, and reference it in a cell as [^1]"),
            ));
            continue;
        }
        match v.as_str() {
            Some(t) if !t.trim().is_empty() => out.push(Footnote {
                id,
                text: t.to_string(),
            }),
            _ => diags.push(place(
                Diagnostic::error(Code::Sidecar, format!("footnotes: `{id}` has no text"))
                    .hint(format!("write the note's text after the id, e.g. `{id}: \"Figures for April to December only.\"`")),
            )),
        }
    }
    out
}

/// Every `[^id]` in a text cell (not the row names) must name a footnote;
/// a footnote that no cell references is a warning, at its line.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_references(
    notes: &[Footnote],
    rows: &[Vec<Cell>],
    positions: &[RowPos],
    key: usize,
    column_names: &[String],
    source: &Source,
    diags: &mut Diagnostics,
    warnings: &mut Diagnostics,
) {
    let defined: BTreeSet<&str> = notes.iter().map(|n| n.id.as_str()).collect();
    let mut used = BTreeSet::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let Cell::Text(text) = cell else { continue };
            if c == key {
                continue;
            }
            for (range, id) in footnote_refs(text) {
                if defined.contains(id) {
                    used.insert(id.to_string());
                    continue;
                }
                let (line, col) = place_in_cell(&positions[r], c, text, range.start);
                let hint = match defined.is_empty() {
                    true => format!(
                        "add it to the sidecar: `footnotes:` then `  {id}: \"The note's text.\"`"
                    ),
                    false => format!(
                        "the sidecar's footnotes are: {}; add `{id}:` under `footnotes:`, or fix the reference",
                        defined.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                };
                diags.push(
                    Diagnostic::error(
                        Code::DataFootnote,
                        format!(
                            "the footnote [^{id}] is not defined in the sidecar's `footnotes:`"
                        ),
                    )
                    .in_file(source.csv_path)
                    .at(line, col)
                    .width(range.len())
                    .note(format!(
                        "column `{}`",
                        column_names.get(c).map_or("?", String::as_str)
                    ))
                    .hint(hint),
                );
            }
        }
    }
    for n in notes.iter().filter(|n| !used.contains(&n.id)) {
        warnings.push(
            Diagnostic::warning(
                Code::DataFootnote,
                format!("the footnote `{}` is not referenced from any cell", n.id),
            )
            .in_file(source.sidecar_file())
            .at(super::section_line(source.sidecar, "footnotes", &n.id), 1)
            .hint(format!(
                "write [^{}] in the cell it explains, or remove it",
                n.id
            )),
        );
    }
}
