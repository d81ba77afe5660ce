//! Marking each abbreviation's first use on a page with `<abbr>`.
//!
//! The marking works on the HTML that the Markdown renderer produced, because
//! only there are code spans, links and headings certain. lol_html reads the
//! page as a browser's tokenizer would; only text nodes outside the elements
//! in [`SKIP`] are looked at, and a text node is only written anew when an
//! abbreviation in it is marked, so every tag and every other byte is copied
//! as it was.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use lol_html::html_content::{ContentType, Element, TextChunk, TextType};
use lol_html::{Settings, doc_text, element, end_tag};

use crate::model::glossary::Glossary;
use crate::util::html_stream;

impl Glossary {
    /// Marks the first use of each abbreviation in `html` with `<abbr>`.
    pub fn mark_first_uses(&self, html: &str) -> String {
        self.mark(html, Within::Everything, html.len())
    }

    /// Marks the first use of each abbreviation inside the page's `<main>`
    /// elements: the head, header and footer stay as they are.
    pub fn mark_first_uses_in_main(&self, html: &str) -> String {
        self.mark(html, Within::Main, html.len())
    }

    /// The marking, with lol_html handed `piece` bytes at a time.
    fn mark(&self, html: &str, within: Within, piece: usize) -> String {
        if self.abbreviations.is_empty() {
            return html.to_string();
        }
        // How many `<main>` elements are open (one more when the whole
        // fragment is marked), and how many elements of SKIP inside them:
        // text is marked while the first is above zero and the second is
        // zero. Counts rather than flags, because these elements nest.
        let mains = Rc::new(Cell::new(usize::from(within == Within::Everything)));
        let skips = Rc::new(Cell::new(0usize));
        let used: RefCell<HashSet<&str>> = RefCell::new(HashSet::new());
        // lol_html hands a text node over in chunks that may split a word,
        // so a node being marked is gathered here and written out whole,
        // in place of its last chunk.
        let mut node = String::new();
        let mut gathering = false;
        let mut marked = String::new();
        let mut settings = Settings::new();
        if within == Within::Main {
            settings = settings.append_element_content_handler(element!("main", |el| {
                count_while_open(el, &mains);
                Ok(())
            }));
        }
        let settings = settings
            .append_element_content_handler(element!(SKIP.join(","), |el| {
                if mains.get() > 0 {
                    count_while_open(el, &skips);
                }
                Ok(())
            }))
            .append_document_content_handler(doc_text!(|t| {
                if !gathering {
                    if mains.get() == 0 || skips.get() > 0 || t.text_type() != TextType::Data {
                        return Ok(());
                    }
                    gathering = true;
                }
                node.push_str(t.as_str());
                if !t.last_in_text_node() {
                    t.remove();
                    return Ok(());
                }
                gathering = false;
                marked.clear();
                self.mark_text(&node, &mut used.borrow_mut(), &mut marked);
                write_node(t, &node, &marked);
                node.clear();
                Ok(())
            }));
        // The handlers never fail, and the rewriter is neither strict nor
        // limited in memory, so there is no error to meet; were there one,
        // the page would go out unmarked rather than not at all.
        html_stream::rewrite(html, settings, piece).unwrap_or_else(|_| html.to_string())
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
                    out.push_str(&crate::util::html::escape(expansion));
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

/// Where abbreviations are marked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Within {
    Everything,
    Main,
}

/// Counts `el` in `open` until its end tag. An element with no end tag
/// (a void element, or `<svg/>`) holds no text and is not counted.
fn count_while_open(el: &mut Element<'_, '_>, open: &Rc<Cell<usize>>) {
    let Some(handlers) = el.end_tag_handlers() else {
        return;
    };
    open.set(open.get() + 1);
    let open = Rc::clone(open);
    handlers.push(end_tag!(move |_| {
        open.set(open.get().saturating_sub(1));
        Ok(())
    }));
}

/// Puts a gathered text node back in place of its last chunk `t` (the
/// chunks before it were removed): as `marked` if marking changed it.
fn write_node(t: &mut TextChunk<'_>, node: &str, marked: &str) {
    if marked.len() != node.len() {
        t.replace(marked, ContentType::Html);
    } else if t.as_str().len() != node.len() {
        t.replace(node, ContentType::Html);
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn words_split_across_chunks_are_marked_whole() {
        let gl = g(&[
            ("ASB", "anti-social behaviour"),
            ("PCC", "Police and Crime Commissioner"),
        ]);
        let html = "<p>The PCC said ASB fell; ASB &amp; PCC again.</p><p>é ASBs</p>";
        let whole = gl.mark(html, Within::Everything, html.len());
        assert_eq!(
            whole,
            "<p>The <abbr title=\"Police and Crime Commissioner\">PCC</abbr> said <abbr title=\"anti-social behaviour\">ASB</abbr> fell; ASB &amp; PCC again.</p><p>é ASBs</p>"
        );
        // One byte at a time splits every word, and é between its bytes.
        for piece in 1..=8 {
            assert_eq!(gl.mark(html, Within::Everything, piece), whole, "{piece}");
        }
        // A split "PC|C" must not be read as the abbreviation PC.
        let gl = g(&[("PC", "police constable"), ("ASB", "anti-social behaviour")]);
        for piece in 1..=4 {
            assert_eq!(
                gl.mark("<p>PCC ASB</p>", Within::Everything, piece),
                "<p>PCC <abbr title=\"anti-social behaviour\">ASB</abbr></p>"
            );
        }
    }

    #[test]
    fn only_inside_main() {
        let gl = g(&[("ASB", "anti-social behaviour"), ("PC", "police constable")]);
        let page = "<!DOCTYPE html><html><head><title>ASB</title></head><body><header><p>ASB PC</p></header><main id=\"main\"><a href=\"/\">PC</a><p>ASB and PC</p></main><footer>ASB</footer></body></html>";
        let marked = page.replace(
            "<p>ASB and PC</p>",
            "<p><abbr title=\"anti-social behaviour\">ASB</abbr> and <abbr title=\"police constable\">PC</abbr></p>",
        );
        for piece in [page.len(), 1, 3, 7] {
            assert_eq!(gl.mark(page, Within::Main, piece), marked, "{piece}");
        }
        let no_main = "<body><p>ASB</p></body>";
        assert_eq!(gl.mark_first_uses_in_main(no_main), no_main);
    }

    #[test]
    fn script_and_style_are_text_not_tags() {
        let gl = g(&[("ASB", "anti-social behaviour")]);
        // A tag written inside a script is not an element: the link that
        // seems to open here does not hide the paragraph after it.
        let html = "<script>x = '<a href=\"/\">ASB';</script><style>p > a { }</style><p>ASB</p>";
        assert_eq!(
            gl.mark_first_uses(html),
            "<script>x = '<a href=\"/\">ASB';</script><style>p > a { }</style><p><abbr title=\"anti-social behaviour\">ASB</abbr></p>"
        );
    }

    /// The scanner this module used before lol_html, kept to show that the
    /// two mark well-formed pages alike.
    mod before {
        use super::super::{Glossary, SKIP};
        use std::collections::HashSet;

        pub fn mark_first_uses(g: &Glossary, html: &str) -> String {
            let mut used: HashSet<&str> = HashSet::new();
            let mut out = String::new();
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
                            g.mark_text(text, &mut used, &mut out);
                        } else {
                            out.push_str(text);
                        }
                        rest = &rest[end..];
                    }
                }
            }
            out
        }

        /// `mark_abbreviations` in src/render/generated.rs.
        pub fn mark_in_main(g: &Glossary, html: &str) -> String {
            let Some(start) = html.find("<main") else {
                return html.to_string();
            };
            let end = html
                .rfind("</main>")
                .filter(|&e| e > start)
                .unwrap_or(html.len());
            format!(
                "{}{}{}",
                &html[..start],
                mark_first_uses(g, &html[start..end]),
                &html[end..]
            )
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
    }

    /// Well-formed HTML of the kinds a page holds: text with abbreviations,
    /// entities and non-ASCII letters; elements that are marked inside and
    /// elements that are not; attributes in every quoting; void elements,
    /// comments and SVG.
    fn fragment() -> impl Strategy<Value = String> {
        let text = prop::collection::vec(
            prop::sample::select(vec![
                "ASB", "ASBs", "PC", "PCs", "PCC", "PCSO", "IDVA", "IDVAs", "x", "s", " ", ".",
                ", ", "-", "_", "é", "&amp;", "&lt;", "&quot;", "\n", "(", ")", "9", "PC-led",
            ]),
            0..8,
        )
        .prop_map(|w| w.concat());
        let leaf = prop_oneof![
            6 => text,
            1 => prop::sample::select(vec![
                "<br>", "<hr/>", "<img src=\"/i.png\" alt=\"ASB > 1\">",
                "<img alt='PC' src=/x.png>", "<!-- ASB -->", "<svg viewBox=\"0 0 1 1\"/>",
                "<input value=\"ASB\">", "<!---->",
            ])
            .prop_map(str::to_string),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            (
                prop::sample::select(vec![
                    "p",
                    "em",
                    "strong",
                    "span",
                    "div",
                    "li",
                    "td",
                    "a",
                    "abbr",
                    "code",
                    "pre",
                    "kbd",
                    "h2",
                    "h3",
                    "svg",
                    "textarea",
                    "script",
                    "style",
                    "title",
                    "samp",
                    "h1",
                    "section",
                    "figcaption",
                ]),
                prop::sample::select(vec![
                    "",
                    " id=\"asb\"",
                    " title=\"ASB\"",
                    " class='PC x'",
                    " data-x=PC",
                    " href=\"/a/?x=1&amp;y=2\"",
                    " hidden",
                ]),
                prop::collection::vec(inner, 0..5),
            )
                .prop_map(|(name, attrs, children)| {
                    // Raw-text elements hold text only, as they do on a page.
                    let body = if matches!(name, "textarea" | "script" | "style" | "title") {
                        children.concat().replace('<', "&lt;")
                    } else {
                        children.concat()
                    };
                    format!("<{name}{attrs}>{body}</{name}>")
                })
        })
    }

    fn glossary() -> Glossary {
        g(&[
            ("ASB", "anti-social behaviour"),
            ("PC", "police constable"),
            ("PCC", "Police and Crime Commissioner"),
            ("PCSO", "police community support officer"),
            ("IDVA", "independent domestic violence adviser"),
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn marks_as_the_old_scanner_did(body in fragment(), piece in 1usize..40) {
            let gl = glossary();
            let expected = before::mark_first_uses(&gl, &body);
            prop_assert_eq!(gl.mark(&body, Within::Everything, usize::MAX), expected.clone());
            prop_assert_eq!(gl.mark(&body, Within::Everything, piece), expected.clone());
        }

        #[test]
        fn marks_main_as_the_old_scanner_did(
            head in fragment(),
            body in fragment(),
            foot in fragment(),
            piece in 1usize..40,
        ) {
            let gl = glossary();
            let page = format!(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><title>ASB</title></head><body><header>{head}</header>\n<main id=\"main\" class=\"main\">{body}</main>\n<footer>{foot}</footer></body></html>\n"
            );
            let expected = before::mark_in_main(&gl, &page);
            prop_assert_eq!(gl.mark(&page, Within::Main, usize::MAX), expected.clone());
            prop_assert_eq!(gl.mark(&page, Within::Main, piece), expected.clone());
        }
    }
}
