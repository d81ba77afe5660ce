//! Links written in a dataset: in its text cells' Markdown, its footnotes
//! and its `sources:`. They are checked where they were typed (the CSV
//! cell's line and column, or the sidecar's line), with the same rules as
//! links in pages. A table can be shown on any page, so a link in a cell
//! must start with `/` or be a full address: a relative one would lead
//! somewhere different from each page.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::dataset::Dataset;
use crate::model::dataset::format::Cell;
use crate::model::dataset::notes::place_in_cell;
use crate::model::site::Site;
use crate::render::markdown::Link;

/// One link as written in a dataset's files.
#[derive(Debug, Clone)]
pub(super) struct Written {
    pub url: String,
    pub is_image: bool,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// The links (and images) of a piece of Markdown, with their offsets.
fn links_in(text: &str) -> Vec<(String, usize, bool)> {
    let opts = Options::ENABLE_STRIKETHROUGH;
    (Parser::new_ext(text, opts).into_offset_iter())
        .filter_map(|(ev, range)| match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                Some((dest_url.to_string(), range.start, false))
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), range.start, true))
            }
            _ => None,
        })
        .collect()
}

/// Every link a dataset holds, placed in its files.
pub(super) fn written(site: &Site, ds: &Dataset) -> Vec<Written> {
    let mut out = Vec::new();
    for (r, c) in ds.text_cells() {
        let Cell::Text(text) = &ds.rows[r][c] else {
            continue;
        };
        if !text.contains(['(', '<']) {
            continue;
        }
        for (url, at, is_image) in links_in(text) {
            let (line, column) = place_in_cell(&ds.positions[r], c, text, at);
            out.push(Written {
                url,
                is_image,
                file: ds.csv_path.clone(),
                line,
                column,
            });
        }
    }
    let Some(sidecar) = &ds.sidecar_path else {
        return out;
    };
    let src = std::fs::read_to_string(site.root().join(sidecar)).unwrap_or_default();
    let place = |top: &str, url: &str, is_image: bool| {
        let (line, column) = crate::load::yaml::locate_in_yaml(&src, top, url);
        Written {
            url: url.to_string(),
            is_image,
            file: sidecar.clone(),
            line,
            column,
        }
    };
    for n in &ds.meta.footnotes {
        for (url, _, is_image) in links_in(&n.text) {
            out.push(place("footnotes", &url, is_image));
        }
    }
    for s in &ds.meta.sources {
        if let Some(u) = &s.url {
            out.push(place("sources", u, false));
        }
    }
    out
}

/// Whether a link leaves the site (only `check --external` follows it).
fn is_elsewhere(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    u.contains("://") || u.starts_with("mailto:") || u.starts_with("tel:") || u.starts_with("//")
}

/// Every broken, unsafe or relative link in the site's datasets.
pub(super) fn findings(
    site: &Site,
    ids: &HashMap<String, super::PageFacts>,
    files: &HashSet<String>,
) -> Diagnostics {
    let mut d = Diagnostics::new();
    for ds in site.datasets.tables.values() {
        for w in written(site, ds) {
            let url = w.url.trim();
            let relative = !url.is_empty()
                && url != "#"
                && !url.starts_with('/')
                && !is_elsewhere(url)
                && !url.contains(':');
            let found = if relative {
                Some(
                    Diagnostic::error(Code::BrokenLink, format!("the link `{url}` in {} is relative, but a table can be shown on any page", ds.name))
                        .hint(format!("give the address from the site's root, e.g. /{}, or a full address starting https://", url.trim_start_matches("./").trim_start_matches('#'))),
                )
            } else {
                let l = Link {
                    url: url.to_string(),
                    offset: 0,
                    is_image: w.is_image,
                    text: String::from("image"),
                };
                super::page::link_from(&ds.url(), &l, ids, files)
            };
            if let Some(f) = found {
                d.push(f.in_file(&w.file).at(w.line, w.column));
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_with_offsets() {
        let l = links_in("- See [the plan](/plan/)\n- and ![map](/m.png)");
        assert_eq!(l[0], ("/plan/".to_string(), 6, false));
        assert_eq!(l[1].0, "/m.png");
        assert!(l[1].2);
        assert!(links_in("no links [^1]").is_empty());
    }
}
