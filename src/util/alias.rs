//! An old address of a page (`aliases:` in front matter), checked and made
//! canonical: from the site root, with `/` at both ends, or ending in a
//! file name such as `old-plan.html` as an old site may have had.

/// The alias as a site-root path (`/old/` or `/old.html`), or why it is
/// not one.
pub fn normalise(given: &str) -> Result<String, &'static str> {
    let g = given.trim();
    if g.is_empty() {
        return Err("is empty");
    }
    if g.contains("://") || g.starts_with("//") || has_scheme(g) {
        return Err(
            "is a full address; write the old address from the site root, e.g. `/old-name/`",
        );
    }
    if g.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '?' | '#' | '\\' | '"' | '\'' | '<' | '>' | '`' | '%')
    }) {
        return Err(
            "has a character an old address cannot have here (a space, `?`, `#`, `%`, `\\`, a quote or `<>`)",
        );
    }
    let parts: Vec<&str> = g.split('/').filter(|s| !s.is_empty()).collect();
    if parts.iter().any(|p| *p == "." || *p == "..") {
        return Err("has `.` or `..` in it; write the old address from the site root");
    }
    if parts.is_empty() {
        return Err("is the home page's address");
    }
    let last = parts[parts.len() - 1];
    let is_file = !g.ends_with('/') && (last.ends_with(".html") || last.ends_with(".htm"));
    let joined = parts.join("/");
    Ok(if is_file {
        format!("/{joined}")
    } else {
        format!("/{joined}/")
    })
}

/// `mailto:x`, `javascript:x`: letters then a colon before any slash.
fn has_scheme(s: &str) -> bool {
    let head = s.split('/').next().unwrap_or("");
    head.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Where the redirect page for a canonical alias is written, relative to
/// the output folder.
pub fn output_path(alias: &str) -> std::path::PathBuf {
    let mut p = std::path::PathBuf::new();
    for part in alias.split('/').filter(|s| !s.is_empty()) {
        p.push(part);
    }
    if alias.ends_with('/') {
        p.push("index.html");
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(normalise("old").unwrap(), "/old/");
        assert_eq!(normalise("/a/b").unwrap(), "/a/b/");
        assert_eq!(normalise("/a//b/").unwrap(), "/a/b/");
        assert_eq!(normalise("/plan-2024.html").unwrap(), "/plan-2024.html");
        assert_eq!(normalise("/blaenoriaethau/").unwrap(), "/blaenoriaethau/");
        assert_eq!(output_path("/a/b/"), std::path::Path::new("a/b/index.html"));
        assert_eq!(output_path("/x.html"), std::path::Path::new("x.html"));
    }

    #[test]
    fn refused() {
        for bad in [
            "",
            "/",
            "https://x.org/a",
            "//x.org/a",
            "mailto:a@b",
            "javascript:alert(1)",
            "/a/../b",
            "./a",
            "/a b",
            "/a?x=1",
            "/a#b",
            "/a\\b",
            "/a\"b",
            "/%2e%2e/",
        ] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
    }
}
