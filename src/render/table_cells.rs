//! Text cells as readers see them: the cell's Markdown (line breaks,
//! lists, emphasis, links) made HTML, footnote references (`[^1]`) linked
//! to the notes under the table and back, a target's status in words with
//! a symbol beside them, and the sources line.
//!
//! A cell's text reaches here after its template calls were worked out
//! with the rest of the dataset's text (render/author_text.rs); its links
//! are checked where they were typed (src/check/cell_links.rs). Raw HTML in
//! a cell is shown as text: a cell is data, and its download keeps it as
//! written.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::model::dataset::Dataset;
use crate::model::dataset::format::{Cell, format_date};
use crate::model::dataset::notes::footnote_refs;
use crate::model::dataset::target::Status;
use crate::util::html::{escape, is_safe_url};

/// The footnotes referenced so far in one table, in order of first use.
#[derive(Debug, Default)]
pub(crate) struct NoteRefs {
    /// "Note", in the page's language, read out before a reference's number.
    pub note_word: String,
    order: Vec<String>,
    uses: HashMap<String, usize>,
}

impl NoteRefs {
    /// No reference yet; `note_word` is read out before each number.
    pub(crate) fn new(note_word: &str) -> Self {
        NoteRefs {
            note_word: note_word.to_string(),
            ..Default::default()
        }
    }

    /// Notes the use of footnote `id`: its number and this use's count.
    fn refer(&mut self, id: &str) -> (usize, usize) {
        let uses = self.uses.entry(id.to_string()).or_insert(0);
        *uses += 1;
        if *uses == 1 {
            self.order.push(id.to_string());
        }
        let n = self.order.iter().position(|o| o == id).unwrap_or(0) + 1;
        (n, *uses)
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// What one cell of a text column shows, as HTML with no line breaks (a
/// table is one HTML block inside Markdown, which a blank line would end).
pub(crate) fn text_cell(
    ds: &Dataset,
    col: usize,
    cell: &Cell,
    refs: &mut NoteRefs,
    table_id: &str,
    words: &crate::model::i18n::Messages,
) -> Option<String> {
    let Cell::Text(text) = cell else { return None };
    if let Some(status) = status_of(ds, col, text) {
        return Some(format!(
            "<span class=\"target-status target-status--{}\"><span aria-hidden=\"true\">{}</span> {}</span>",
            status.class(),
            status.symbol(),
            escape(words.get(status.key()))
        ));
    }
    Some(markdown(text, Some((ds, refs, table_id))))
}

/// The status of a targets table's status cell.
pub(crate) fn status_of(ds: &Dataset, col: usize, text: &str) -> Option<Status> {
    let spec = ds.meta.targets.as_ref()?;
    (ds.columns[col].name == spec.status_column())
        .then(|| Status::from_words(text))
        .flatten()
}

type Notes<'a, 'b> = Option<(&'a Dataset, &'b mut NoteRefs, &'a str)>;

/// A piece of author Markdown as HTML for inside a table: one paragraph
/// is unwrapped, a line break is kept as one, headings become paragraphs
/// (a cell is no place in the page's outline), images become links, and
/// links other than web, email and telephone addresses become their text.
pub(crate) fn markdown(text: &str, mut notes: Notes<'_, '_>) -> String {
    // No smart punctuation: the cell shows its quotes as the download has them.
    let opts = Options::ENABLE_STRIKETHROUGH;
    let mut out: Vec<Event> = Vec::new();
    let mut pending = String::new();
    let mut links: Vec<bool> = Vec::new();
    for ev in Parser::new_ext(text, opts) {
        let ev = match ev {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                pending.push_str(&t);
                continue;
            }
            ev => ev,
        };
        flush(&mut pending, &mut out, &mut notes);
        match ev {
            Event::SoftBreak => out.push(Event::HardBreak),
            Event::Start(Tag::Heading { .. }) => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::Heading(_)) => out.push(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let keep = !dest_url.trim().is_empty() && is_safe_url(&dest_url);
                links.push(keep);
                if keep {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if links.pop().unwrap_or(false) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            ev => out.push(ev),
        }
    }
    flush(&mut pending, &mut out, &mut notes);
    let mut s = String::with_capacity(text.len() + 16);
    html::push_html(&mut s, out.into_iter());
    let s = s.trim_end();
    let one_paragraph =
        s.starts_with("<p>") && s.ends_with("</p>") && s.matches("<p>").count() == 1;
    let s = if one_paragraph { &s[3..s.len() - 4] } else { s };
    s.replace('\r', "").replace('\n', "&#10;")
}

/// Text gathered from one or more events, with each footnote reference
/// made a link when there are notes to link to.
fn flush<'e>(pending: &mut String, out: &mut Vec<Event<'e>>, notes: &mut Notes<'_, '_>) {
    if pending.is_empty() {
        return;
    }
    let text = std::mem::take(pending);
    let Some((ds, refs, table_id)) = notes else {
        out.push(Event::Text(CowStr::from(text)));
        return;
    };
    let mut last = 0;
    for (range, id) in footnote_refs(&text) {
        if !ds.meta.footnotes.iter().any(|f| f.id == id) {
            continue;
        }
        out.push(Event::Text(CowStr::from(
            text[last..range.start].to_string(),
        )));
        let (n, k) = refs.refer(id);
        out.push(Event::InlineHtml(CowStr::from(reference(
            table_id,
            id,
            (n, k),
            &refs.note_word,
        ))));
        last = range.end;
    }
    out.push(Event::Text(CowStr::from(text[last..].to_string())));
}

fn ref_id(table_id: &str, id: &str, k: usize) -> String {
    match k {
        1 => format!("{table_id}-ref-{id}"),
        k => format!("{table_id}-ref-{id}-{k}"),
    }
}

/// A footnote reference: a link to the note, announced as "Note 1".
fn reference(table_id: &str, id: &str, (n, k): (usize, usize), note_word: &str) -> String {
    format!(
        "<sup class=\"note-ref\"><a href=\"#{table_id}-note-{id}\" id=\"{}\"><span class=\"visually-hidden\">{} </span>{n}</a></sup>",
        ref_id(table_id, id, k),
        escape(note_word)
    )
}

/// The notes the table's cells referenced, numbered as referenced, each
/// with a link back to its first reference.
pub(crate) fn notes_html(
    ds: &Dataset,
    refs: &NoteRefs,
    table_id: &str,
    words: &crate::model::i18n::Messages,
) -> String {
    if refs.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<div class=\"table-footnotes\">\n<p class=\"table-footnotes__title\" id=\"{table_id}-notes\">{}</p>\n<ol aria-labelledby=\"{table_id}-notes\">\n",
        escape(words.get("table.notes"))
    );
    for (i, id) in refs.order.iter().enumerate() {
        let Some(note) = ds.meta.footnotes.iter().find(|f| &f.id == id) else {
            continue;
        };
        let back = words.fill("table.note_back", &[("n", &(i + 1).to_string())]);
        let _ = writeln!(
            s,
            "<li id=\"{table_id}-note-{id}\">{} <a class=\"note-back\" href=\"#{}\"><span aria-hidden=\"true\">\u{21a9}</span><span class=\"visually-hidden\">{}</span></a></li>",
            markdown(&note.text, None),
            ref_id(table_id, id, 1),
            escape(&back)
        );
    }
    s.push_str("</ol>\n</div>\n");
    s
}

/// "Source: X. " or "Sources: X; Y (1 April 2022). ": the sidecar's
/// `source` (linked to `source_url`) and its `sources:` list.
pub(crate) fn sources_html(ds: &Dataset, words: &crate::model::i18n::Messages) -> String {
    let m = &ds.meta;
    let mut items: Vec<String> = Vec::new();
    if !m.source.is_empty() {
        items.push(source_item(&m.source, m.source_url.as_deref(), None));
    }
    for s in &m.sources {
        items.push(source_item(&s.title, s.url.as_deref(), s.date.as_deref()));
    }
    match items.len() {
        0 => String::new(),
        1 => super::table::fill_html(words, "table.source", &[("source", &items[0])]) + " ",
        _ => {
            let all = items.join("; ");
            super::table::fill_html(words, "table.sources", &[("sources", &all)]) + " "
        }
    }
}

fn source_item(title: &str, url: Option<&str>, date: Option<&str>) -> String {
    let mut s = match url.filter(|u| !u.trim().is_empty() && is_safe_url(u)) {
        Some(u) => format!("<a href=\"{}\">{}</a>", escape(u), escape(title)),
        None => escape(title),
    };
    if let Some(d) = date {
        let _ = write!(s, " ({})", escape(&format_date(d)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_is_unwrapped() {
        assert_eq!(markdown("Plain *words*", None), "Plain <em>words</em>");
    }

    #[test]
    fn lists_and_breaks_stay_on_one_line() {
        let h = markdown("Done:\n\n- one\n- two", None);
        assert!(h.contains("<ul>") && h.contains("<li>one</li>"), "{h}");
        assert!(!h.contains('\n'));
        assert_eq!(markdown("a\nb", None), "a<br />&#10;b");
    }

    #[test]
    fn html_is_text_and_unsafe_links_are_words() {
        assert_eq!(markdown("<b>x</b>", None), "&lt;b&gt;x&lt;/b&gt;");
        assert_eq!(markdown("[go](javascript:alert(1))", None), "go");
        assert_eq!(
            markdown("[plan](https://example.org/)", None),
            "<a href=\"https://example.org/\">plan</a>"
        );
        assert_eq!(markdown("## Title", None), "Title");
    }

    #[test]
    fn numbers_notes_in_order_of_use() {
        let mut r = NoteRefs::default();
        assert_eq!(r.refer("b"), (1, 1));
        assert_eq!(r.refer("a"), (2, 1));
        assert_eq!(r.refer("b"), (1, 2));
        assert_eq!(ref_id("t", "b", 2), "t-ref-b-2");
    }
}
