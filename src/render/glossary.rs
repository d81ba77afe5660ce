//! Marking each abbreviation's first use on a page with `<abbr>`.
//!
//! The marking works on the HTML that the Markdown renderer produced, because
//! only there are code spans, links and headings certain. It is a small
//! tag-aware scanner rather than an HTML parser: the input is our own
//! well-formed output plus whatever raw HTML an author wrote, and the scanner
//! only has to find text between tags and never rewrites a tag.

use std::collections::HashSet;

use crate::model::glossary::Glossary;

impl Glossary {
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
}
