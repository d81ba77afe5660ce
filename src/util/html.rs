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

/// Whether `url`, written in site.yaml or a sidecar, may become a link: a
/// path, fragment or query on this site, an address without a scheme, or an
/// http(s), mailto: or tel: address. Anything else with a scheme
/// (`javascript:`, `data:`, `vbscript:`…) would run script or show content
/// the site did not publish, so it is shown as text instead. Browsers ignore
/// case, leading spaces and tabs inside a scheme; a URL with any `:` that
/// does not start with an allowed prefix is refused, which covers those.
/// `themes/default/templates/partials/link.html` applies the same rule.
pub fn is_safe_url(url: &str) -> bool {
    const ALLOWED: [&str; 7] = ["https://", "http://", "mailto:", "tel:", "/", "#", "?"];
    let u = url.trim().to_lowercase();
    ALLOWED.iter().any(|p| u.starts_with(p)) || !u.contains(':')
}

/// [`escape`] for text placed in an HTML block that Markdown reads again
/// (tables and charts from data): line breaks become character references,
/// so a blank line in a cell cannot end the block and let Markdown read
/// the rest of the cell as Markdown (a link, say).
pub fn escape_block(s: &str) -> String {
    let e = escape(s);
    if e.contains(['\n', '\r']) {
        e.replace('\r', "&#13;").replace('\n', "&#10;")
    } else {
        e
    }
}

/// Escapes for XML text and attributes (feeds, sitemaps, SVG).
/// JSON to place inside `<script type="application/ld+json">`: `<`, `>`
/// and `&` written as JSON escapes, so no text in it (`</script>`, `<!--`)
/// can end the element or start markup, and the JSON reads the same.
pub fn json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

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
        for ok in [
            "https://x.org/",
            "HTTP://x",
            "/a:b",
            "#x",
            "?q=a:b",
            "mailto:a@b",
            "tel:1",
            "a/b",
            "",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "https:x",
        ] {
            assert!(!is_safe_url(bad), "{bad:?}");
        }
        assert_eq!(escape_block("a\n\n<b>"), "a&#10;&#10;&lt;b&gt;");
    }
}
