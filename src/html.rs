//! Escaping for the contexts Plainsight writes into.

/// The entity for a byte that HTML escaping replaces, if it is one.
fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(e) = entity(b) {
            out.push_str(&s[last..i]);
            out.push_str(e);
            last = i + 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// [`escape`] straight into a writer: the page engine's autoescape. Runs of
/// plain text go out in one write; Tera's own escaper writes byte by byte
/// through a `dyn Write`, which was a measurable part of every page.
pub fn escape_to(s: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(e) = entity(b) {
            w.write_all(&s.as_bytes()[last..i])?;
            w.write_all(e.as_bytes())?;
            last = i + 1;
        }
    }
    w.write_all(&s.as_bytes()[last..])
}

/// Escapes for text that Markdown will read again: HTML-escaped, and the
/// characters Markdown treats as markup are backslash-escaped so a figure or a
/// name from data is shown as written.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Not `#` or `&`: they occur inside the entities escaped above.
    for c in escape(s).chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '|' | '~' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Makes a string safe inside a `<script type="application/ld+json">` block.
pub fn json_for_script(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Escapes for XML text and attributes (feeds, sitemaps, SVG).
pub fn escape_xml(s: &str) -> String {
    escape(s).replace("&#39;", "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_markdown("a*b_c|d"), "a\\*b\\_c\\|d");
        let mut w = Vec::new();
        escape_to("<a href=\"x\">'&'</a> é", &mut w).unwrap();
        assert_eq!(w, escape("<a href=\"x\">'&'</a> é").into_bytes());
        let v = serde_json::json!({"x": "</script><b>"});
        assert!(!json_for_script(&v).contains("</script>"));
    }
}
