//! Markdown to HTML, with heading ids, a table of contents and the links and
//! images `check` needs.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::util::text::slugify;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    /// Byte offset in the Markdown that was rendered.
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub url: String,
    pub offset: usize,
    pub is_image: bool,
    /// For images: the alt text.
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Offsets of Markdown tables (which cannot carry a caption).
    pub tables: Vec<usize>,
}

impl Rendered {
    pub fn toc(&self) -> Vec<TocEntry> {
        build_toc(&self.headings)
    }
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A parser event and the byte range of the Markdown it came from.
type Spanned<'a> = (Event<'a>, Range<usize>);

pub fn render(md: &str) -> Rendered {
    let mut events: Vec<Spanned> = Parser::new_ext(md, options()).into_offset_iter().collect();
    // Explicit ids are claimed first so automatic ones never collide with them.
    let mut used = Ids::default();
    for (ev, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = ev {
            used.taken.insert(id.to_string());
        }
    }
    let mut out = Rendered::default();
    let mut i = 0;
    while i < events.len() {
        if let Some((heading, end)) = name_heading(&mut events, i, &mut used) {
            out.headings.push(heading);
            i = end;
        } else {
            note_links_and_tables(&events, i, &mut out);
            i += 1;
        }
    }
    unlink_nested_figures(&mut events);
    let mut html_out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(
        &mut html_out,
        events
            .into_iter()
            .map(|(e, _)| without_nul(e))
            .filter(|e| !is_acknowledgement(e)),
    );
    out.html = html_out;
    out
}

/// A figure placed from data links to its source (src/render/figures.rs),
/// but not inside link text, where a link in a link is invalid HTML, nor in
/// a heading, whose text names a section: there it stays a marked-up
/// figure, and the page's list of figures still links it.
fn unlink_nested_figures(events: &mut Vec<Spanned>) {
    let mut inside = 0usize;
    let mut open = 0usize;
    events.retain(|(e, _)| {
        match e {
            Event::Start(Tag::Link { .. } | Tag::Heading { .. }) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Heading(_)) => inside = inside.saturating_sub(1),
            Event::InlineHtml(t) if inside > 0 && t.starts_with("<a class=\"figure\"") => {
                open += 1;
                return false;
            }
            Event::InlineHtml(t) if open > 0 && t.as_ref() == "</a>" => {
                open -= 1;
                return false;
            }
            _ => {}
        }
        true
    });
}

/// `<!-- accept CODE: reason -->` is a note to `check` (docs/checks.md), not
/// to readers, and stays out of the published page, even its source.
fn is_acknowledgement(e: &Event<'_>) -> bool {
    match e {
        Event::Html(t) | Event::InlineHtml(t) => {
            let t = t.trim();
            t.starts_with("<!-- accept ") && t.ends_with("-->")
        }
        _ => false,
    }
}

/// When `events[i]` starts a heading: the heading, with the id written into
/// the event so the HTML carries it, and the index of the heading's end.
fn name_heading(events: &mut [Spanned], i: usize, used: &mut Ids) -> Option<(Heading, usize)> {
    let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
        return None;
    };
    let level = heading_level(*level);
    let explicit = id.as_ref().map(|id| id.to_string());
    let offset = events[i].1.start;
    let (text, end) = text_until(events, i + 1, |e| {
        matches!(e, Event::End(TagEnd::Heading(_)))
    });
    let id = explicit.unwrap_or_else(|| used.unique(&text));
    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
        *slot = Some(CowStr::from(id.clone()));
    }
    let heading = Heading {
        level,
        id,
        title: text.trim().to_string(),
        offset,
    };
    Some((heading, end))
}

/// The text and code in `events` from `from` up to the first that `is_end`
/// accepts, and that one's index (the length when there is none).
fn text_until(events: &[Spanned], from: usize, is_end: impl Fn(&Event) -> bool) -> (String, usize) {
    let mut text = String::new();
    let mut j = from;
    while j < events.len() && !is_end(&events[j].0) {
        if let Event::Text(t) | Event::Code(t) = &events[j].0 {
            text.push_str(t);
        }
        j += 1;
    }
    (text, j)
}

/// The ids given on a page so far.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    /// For each base id, the number to try next: counting up from 1 again
    /// for every duplicate made 40,000 identical headings take 54 s.
    next: HashMap<String, usize>,
    /// Candidates tried, so a test can see the work stays linear.
    tries: usize,
}

impl Ids {
    /// An id from a heading's text, numbered when an earlier heading (or an
    /// explicit id anywhere on the page) has it already.
    fn unique(&mut self, text: &str) -> String {
        let base = match slugify(text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        let mut candidate = base.clone();
        let n = self.next.entry(base.clone()).or_insert(1);
        self.tries += 1;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            *n += 1;
            self.tries += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// Records the link, image or caption-less table that `events[i]` starts.
fn note_links_and_tables(events: &[Spanned], i: usize, out: &mut Rendered) {
    let start = events[i].1.start;
    match &events[i].0 {
        Event::Start(Tag::Link { dest_url, .. }) => {
            out.links.push(Link {
                url: dest_url.to_string(),
                offset: start,
                is_image: false,
                text: String::new(),
            });
        }
        Event::Start(Tag::Image { dest_url, .. }) => {
            let (alt, _) = text_until(events, i + 1, |e| matches!(e, Event::End(TagEnd::Image)));
            out.links.push(Link {
                url: dest_url.to_string(),
                offset: start,
                is_image: true,
                text: alt,
            });
        }
        Event::Html(t) | Event::InlineHtml(t) => {
            // Images written as HTML are checked like Markdown ones.
            for (at, src, alt) in html_images(t) {
                out.links.push(Link {
                    url: src,
                    offset: start + at,
                    is_image: true,
                    text: alt,
                });
            }
        }
        Event::Start(Tag::Table(_)) => {
            // A heading right above a table introduces it to a reader
            // moving by headings; only a table without one is reported.
            let introduced = i > 0 && matches!(events[i - 1].0, Event::End(TagEnd::Heading(_)));
            if !introduced {
                out.tables.push(start);
            }
        }
        _ => {}
    }
}

/// The `<img>` tags in a piece of raw HTML: (offset, src, alt). A missing
/// `alt` gives empty text (reported); `alt=""` marks a decorative image on
/// purpose, so it counts as given.
fn html_images(html: &str) -> Vec<(usize, String, String)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let at = from + i;
        let end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
        let tag = &html[at..end];
        let attr = |name: &str| -> Option<String> {
            let l = tag.to_ascii_lowercase();
            let mut search = 0;
            while let Some(p) = l[search..].find(name) {
                let p = search + p;
                let before_ok = l[..p].ends_with(|c: char| c.is_ascii_whitespace());
                let rest = l[p + name.len()..].trim_start();
                if before_ok && rest.starts_with('=') {
                    let off = tag.len() - rest.len() + 1;
                    let v = tag[off..].trim_start();
                    let value = match v.chars().next() {
                        Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
                        _ => v
                            .split(|c: char| c.is_ascii_whitespace() || c == '/')
                            .next()
                            .unwrap_or(""),
                    };
                    return Some(value.to_string());
                }
                search = p + name.len();
            }
            None
        };
        if lower[at + 4..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
            let alt = match attr("alt") {
                Some(a) if a.trim().is_empty() => "(decorative)".to_string(),
                Some(a) => a,
                None => String::new(),
            };
            out.push((at, attr("src").unwrap_or_default(), alt));
        }
        from = end.max(at + 4);
    }
    out
}

/// CommonMark replaces the NUL character with U+FFFD for safety; the
/// parser passes it through, so it is replaced here, in the text written
/// out (the offsets used for messages are left as they are).
fn without_nul(e: Event<'_>) -> Event<'_> {
    fn fix(t: CowStr<'_>) -> CowStr<'_> {
        if t.contains('\0') {
            CowStr::from(t.replace('\0', "\u{fffd}"))
        } else {
            t
        }
    }
    match e {
        Event::Text(t) => Event::Text(fix(t)),
        Event::Code(t) => Event::Code(fix(t)),
        Event::Html(t) => Event::Html(fix(t)),
        Event::InlineHtml(t) => Event::InlineHtml(fix(t)),
        other => other,
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Nests h2 and h3 headings (the levels a page's contents list shows).
fn build_toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for h in headings.iter().filter(|h| h.level == 2 || h.level == 3) {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        };
        match (h.level, toc.last_mut()) {
            (3, Some(parent)) => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each duplicate heading's id costs one or two tries, not one per
    /// earlier duplicate (100,000 headings took minutes that way).
    #[test]
    fn duplicate_heading_ids_are_numbered_in_linear_work() {
        let n = 100_000;
        let mut ids = Ids::default();
        ids.taken.insert("results-3".into());
        let got: Vec<String> = (0..n).map(|_| ids.unique("Results")).collect();
        assert_eq!(got[..4], ["results", "results-1", "results-2", "results-4"]);
        assert_eq!(got.last().unwrap(), &format!("results-{n}"));
        assert!(ids.tries <= 2 * n, "{} tries for {n} headings", ids.tries);
        let md = "## Results\n\n".repeat(n);
        let page = render(&md);
        assert_eq!(
            page.headings.last().unwrap().id,
            format!("results-{}", n - 1)
        );
    }

    #[test]
    fn finds_images_written_as_html() {
        let found = html_images(
            r#"<p><IMG src="/a.png"> <img alt="" src='b.png'/> <img src=c.png alt="A map"></p>"#,
        );
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|(_, s, a)| (s.as_str(), a.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("/a.png", ""),
                ("b.png", "(decorative)"),
                ("c.png", "A map")
            ]
        );
        assert!(html_images("<image> <imgx src=a>").is_empty());
    }

    #[test]
    fn ids_auto_and_explicit() {
        let r = render("## Our approach\n\n## Our approach\n\n### Detail {#custom}\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["our-approach", "our-approach-1", "custom"]);
        assert!(r.html.contains("<h2 id=\"our-approach\">"));
        assert!(r.html.contains("<h3 id=\"custom\">Detail</h3>"));
        let toc = r.toc();
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[1].children[0].id, "custom");
    }

    #[test]
    fn extensions() {
        let r = render("a ~~b~~ \"c\"[^1]\n\n[^1]: note\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(r.html.contains("<del>b</del>"));
        assert!(r.html.contains("“c”"));
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("<table>"));
        assert_eq!(r.tables.len(), 1);
    }

    #[test]
    fn nul_is_replaced() {
        let r = render("a\0b `c\0d`");
        assert!(!r.html.contains('\0'), "{}", r.html);
        assert!(r.html.contains("a\u{fffd}b"), "{}", r.html);
    }

    #[test]
    fn links_and_images() {
        let r = render("[a](/x/) ![](i.png) ![alt](j.png)");
        assert_eq!(r.links.len(), 3);
        assert_eq!(r.links[1].text, "");
        assert_eq!(r.links[2].text, "alt");
    }
}
