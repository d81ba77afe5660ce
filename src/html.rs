//! Escaping for the contexts Plainsight writes into.

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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
        let v = serde_json::json!({"x": "</script><b>"});
        assert!(!json_for_script(&v).contains("</script>"));
    }
}
