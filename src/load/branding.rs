//! site.yaml's `branding:` block: the logo, colours, favicon and sharing
//! image, checked on loading. Colours are refused when they fail WCAG 2.2
//! AA contrast where the default theme puts them; files are looked for once
//! the theme's and the site's static files are known ([`check_files`]).

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::load::yaml;
use crate::model::config::{BrandImage, Branding, CONFIG_FILE};
use crate::model::theme::Theme;
use crate::util::colour::{Rgb, WHITE, contrast, ratio_text};

/// A place the default theme puts a branding colour: the other colour
/// there, what it is, and the ratio WCAG 2.2 AA asks for.
struct Use {
    other: Rgb,
    /// The other colour is the text, drawn on the branding colour.
    other_is_text: bool,
    what: &'static str,
    needs: f64,
}

/// Where themes/default/static/css puts `primary` (`--ps-brand` and
/// `--ps-link`): the header and buttons behind white text, and link text on
/// the page, the navigation bar and footer (`--ps-panel`) and notices
/// (`--ps-notice-bg`). Text needs 4.5:1 (1.4.3).
const PRIMARY: [Use; 4] = [
    Use {
        other: WHITE,
        other_is_text: true,
        what: "the white text of the header and buttons",
        needs: 4.5,
    },
    Use {
        other: WHITE,
        other_is_text: false,
        what: "the white page, where it is the colour of links",
        needs: 4.5,
    },
    Use {
        other: Rgb(0xf3, 0xf2, 0xf1),
        other_is_text: false,
        what: "the grey of the navigation bar and footer, where it is the colour of links",
        needs: 4.5,
    },
    Use {
        other: Rgb(0xea, 0xf1, 0xf8),
        other_is_text: false,
        what: "the pale blue of notices, where it is the colour of links",
        needs: 4.5,
    },
];

/// Where the theme puts `accent` (`--ps-accent`): the bar under the header
/// and the edges of cards, notices and action plans. Shapes that mark out
/// parts of a page need 3:1 against what is beside them (1.4.11).
const ACCENT: [Use; 3] = [
    Use {
        other: WHITE,
        other_is_text: false,
        what: "the white page, where it edges cards and action plans",
        needs: 3.0,
    },
    Use {
        other: Rgb(0xf3, 0xf2, 0xf1),
        other_is_text: false,
        what: "the grey navigation bar, where it is the bar under the header",
        needs: 3.0,
    },
    Use {
        other: Rgb(0xea, 0xf1, 0xf8),
        other_is_text: false,
        what: "the pale blue of notices, where it is their edge",
        needs: 3.0,
    },
];

/// The block as written, with its colours and paths checked and made
/// canonical (`#rrggbb`, `/path`).
pub fn check(mut b: Branding, src: &str) -> Result<Branding, Diagnostic> {
    b.primary = colour(b.primary.as_deref(), "primary", &PRIMARY, src)?;
    b.accent = colour(b.accent.as_deref(), "accent", &ACCENT, src)?;
    for (key, image) in [("logo", &mut b.logo), ("social_image", &mut b.social_image)] {
        if let Some(image) = image {
            check_image(image, key, src)?;
        }
    }
    if let Some(f) = &b.favicon {
        let p = published_path(f, &["branding", "favicon"], src)?;
        if favicon_type(&p).is_none() {
            return Err(at(
                src,
                &["branding", "favicon"],
                format!("site.yaml: the favicon `{f}` is not an .ico, .png or .svg file"),
            )
            .hint("browsers show .ico, .png and .svg icons; save the icon as one of them"));
        }
        b.favicon = Some(p);
    }
    Ok(b)
}

/// The MIME type of a favicon, from its extension.
pub fn favicon_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "ico" => "image/x-icon",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

fn check_image(image: &mut BrandImage, key: &str, src: &str) -> Result<(), Diagnostic> {
    image.src = published_path(&image.src, &["branding", key, "src"], src)?;
    if image.alt.trim().is_empty() {
        let what = if key == "logo" {
            "the logo's `alt` is empty"
        } else {
            "the sharing image's `alt` is empty"
        };
        return Err(at(src, &["branding", key, "alt"], format!("site.yaml: {what}")).hint(
            "say in a few words what the image shows, e.g. `alt: Ashford Borough Council`; screen readers read it in its place",
        ));
    }
    const IMAGES: [&str; 6] = ["svg", "png", "jpg", "jpeg", "webp", "gif"];
    let ext = image
        .src
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    if !ext.is_some_and(|e| IMAGES.contains(&e.as_str())) {
        return Err(at(
            src,
            &["branding", key, "src"],
            format!("site.yaml: `{}` is not an image browsers show", image.src),
        )
        .hint("use an .svg, .png, .jpg, .webp or .gif file"));
    }
    Ok(())
}

/// A colour checked against every place the theme puts it.
fn colour(
    given: Option<&str>,
    key: &str,
    uses: &[Use],
    src: &str,
) -> Result<Option<String>, Diagnostic> {
    let path = ["branding", key];
    let Some(given) = given else {
        // `primary: #1d4f91` unquoted is a YAML comment: the key is there
        // with no value, and the colour would be dropped without a word.
        if let Some((line, col)) = value_position(src, &path)
            && let Some(typed) = src.lines().nth(line - 1).map(|l| &l[col - 1..])
            && typed.starts_with('#')
        {
            let typed = typed.split_whitespace().next().unwrap_or("#1d4f91");
            return Err(Diagnostic::error(
                Code::Config,
                format!("site.yaml: `branding.{key}` has no value: YAML reads everything after `#` as a comment"),
            )
            .in_file(CONFIG_FILE)
            .at(line, col)
            .width(typed.chars().count())
            .hint(format!("put the colour in quotes: `{key}: \"{typed}\"`")));
        }
        return Ok(None);
    };
    let rgb = Rgb::parse(given).ok_or_else(|| {
        at(
            src,
            &path,
            format!(
                "site.yaml: `branding.{key}` must be a colour such as \"#1d4f91\", not `{given}`"
            ),
        )
        .hint("write the colour as a hash and six hexadecimal digits, in quotes: `\"#1d4f91\"`")
    })?;
    for u in uses {
        let ratio = contrast(rgb, u.other);
        if ratio < u.needs {
            let (fg, bg) = if u.other_is_text {
                (u.other.hex(), rgb.hex())
            } else {
                (rgb.hex(), u.other.hex())
            };
            let kind = if u.needs >= 4.5 {
                "text needs"
            } else {
                "borders and bars need"
            };
            let d = at(
                src,
                &path,
                format!(
                    "site.yaml: the {key} colour {} fails WCAG 2.2 AA contrast against {}: {fg} on {bg} is {}, and {kind} at least {}:1",
                    rgb.hex(),
                    u.what,
                    ratio_text(ratio),
                    u.needs
                ),
            );
            let d = d.with_code(Code::BrandContrast);
            let hint = match passing_shade(rgb, uses) {
                Some(fix) => format!(
                    "use a darker shade: `{key}: \"{}\"` passes everywhere the theme uses it (docs/themes.md, Branding)",
                    fix.hex()
                ),
                None => "use a darker colour (docs/themes.md, Branding)".to_string(),
            };
            return Err(d.hint(hint));
        }
    }
    Ok(Some(rgb.hex()))
}

/// The lightest darkening of `c` that passes every use: every use asks for
/// a colour dark enough, so black always does.
fn passing_shade(c: Rgb, uses: &[Use]) -> Option<Rgb> {
    (1..=100)
        .map(|step| c.darken(f64::from(step) / 100.0))
        .find(|d| uses.iter().all(|u| contrast(*d, u.other) >= u.needs))
}

/// A file's address on the published site, `/images/logo.svg`: from the
/// site root, with no scheme, `..`, query or fragment (the page's
/// Content-Security-Policy allows images from the site itself only).
fn published_path(given: &str, path: &[&str], src: &str) -> Result<String, Diagnostic> {
    let bad = |why: &str| {
        at(src, path, format!("site.yaml: `{given}` {why}"))
            .hint("name a file in the site's static/ folder by its path there, e.g. `/images/logo.svg` for static/images/logo.svg")
    };
    let g = given.trim();
    if g.contains("://") || g.starts_with("//") || g.starts_with("data:") {
        return Err(bad(
            "is an address on another site; the site's own pages may only show images from the site itself",
        ));
    }
    if g.is_empty() || g.ends_with('/') {
        return Err(bad("is not the path of a file"));
    }
    if g.contains(['?', '#', '\\']) || g.chars().any(char::is_whitespace) {
        return Err(bad(
            "has a character a file path here cannot have (`?`, `#`, `\\` or a space)",
        ));
    }
    let parts: Vec<&str> = g
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if parts.contains(&"..") {
        return Err(bad("climbs out of the site with `..`"));
    }
    Ok(format!("/{}", parts.join("/")))
}

/// Every file the block names exists among the site's and the theme's
/// static files.
pub fn check_files(b: &Branding, theme: &Theme, src: &str) -> Result<(), Diagnostic> {
    let mut named: Vec<(&str, Vec<&str>)> = Vec::new();
    if let Some(l) = &b.logo {
        named.push((&l.src, vec!["branding", "logo", "src"]));
    }
    if let Some(f) = &b.favicon {
        named.push((f, vec!["branding", "favicon"]));
    }
    if let Some(s) = &b.social_image {
        named.push((&s.src, vec!["branding", "social_image", "src"]));
    }
    for (file, path) in named {
        let rel = PathBuf::from(file.trim_start_matches('/'));
        if !theme.statics.contains_key(&rel) {
            let shown = Path::new("static").join(&rel);
            return Err(at(
                src,
                &path,
                format!(
                    "site.yaml: there is no file {} for `{}`",
                    shown.display(),
                    path[1..].join(".")
                ),
            )
            .with_code(Code::BrandFile)
            .hint(format!(
                "put the file at static/{} in the site, or correct the path",
                rel.display()
            )));
        }
    }
    Ok(())
}

trait WithCode {
    fn with_code(self, code: Code) -> Self;
}

impl WithCode for Diagnostic {
    fn with_code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }
}

/// An error at the value of a nested key of site.yaml.
fn at(src: &str, path: &[&str], message: impl Into<String>) -> Diagnostic {
    let (line, col) =
        value_position(src, path).unwrap_or_else(|| (yaml::key_line(src, path[0]), 1));
    // The caret spans the value as typed, up to a `,` or `}` of a flow mapping.
    let value = src.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let value = value.get(col.saturating_sub(1)..).unwrap_or("");
    let width = value
        .split([',', '}'])
        .next()
        .unwrap_or("")
        .trim_end()
        .chars()
        .count();
    Diagnostic::error(Code::Config, message)
        .in_file(CONFIG_FILE)
        .at(line, col)
        .width(width.max(1))
}

/// The 1-based line and column where the value of `path` (a top-level key,
/// then keys nested under it) starts, found by reading forward from the
/// top-level key: each key is the next `key:` after the one before.
fn value_position(src: &str, path: &[&str]) -> Option<(usize, usize)> {
    let top = path.first()?;
    let first = src.lines().position(|l| {
        l.strip_prefix(top)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })?;
    let mut offset = yaml::line_start(src, first + 1) + top.len();
    for key in &path[1..] {
        offset += find_key(&src[offset..], key)? + key.len();
    }
    let rest = &src[offset..];
    let colon = rest.find(':')?;
    let after = &rest[colon + 1..];
    let value = after.len() - after.trim_start_matches([' ', '\t']).len();
    Some(crate::diagnostic::line_col(src, offset + colon + 1 + value))
}

/// The offset of `key:` in `text` as a key: after a space, `{`, `,` or the
/// start of a line.
fn find_key(text: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + key.len()..].trim_start_matches([' ', '\t']);
        if before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ',')
            && after.starts_with(':')
        {
            return Some(at);
        }
        from = at + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(block: &str) -> Result<Branding, Diagnostic> {
        let src = format!("title: T\nbranding:\n{block}");
        let raw: Branding = yaml_serde::from_str::<yaml_serde::Value>(&src)
            .ok()
            .and_then(|v| v.get("branding").cloned())
            .and_then(|v| yaml_serde::from_value(v).ok())
            .unwrap_or_default();
        check(raw, &src)
    }

    #[test]
    fn good_colours_are_made_canonical() {
        let b = load("  primary: \"#0B2942\"\n  accent: '#1d4f91'\n").unwrap();
        assert_eq!(b.primary.as_deref(), Some("#0b2942"));
        assert_eq!(b.accent.as_deref(), Some("#1d4f91"));
    }

    #[test]
    fn pale_primary_is_refused_with_ratio_and_place() {
        let e = load("  primary: \"#4a90d9\"\n").unwrap_err();
        assert_eq!(e.code, "brand-contrast");
        assert_eq!((e.line, e.column), (3, 12));
        assert!(
            e.message.contains("#ffffff on #4a90d9 is 3.34:1"),
            "{}",
            e.message
        );
        assert!(
            e.hint.as_deref().unwrap().contains("primary: \""),
            "{:?}",
            e.hint
        );
    }

    #[test]
    fn accent_needs_three_to_one() {
        assert!(load("  accent: \"#767676\"\n").is_ok());
        assert!(load("  accent: \"#949494\"\n").is_err());
        let e = load("  accent: \"#ffdd00\"\n").unwrap_err();
        assert!(e.message.contains("at least 3:1"), "{}", e.message);
    }

    #[test]
    fn unquoted_hash_is_a_comment() {
        let e = load("  primary: #0b2942\n").unwrap_err();
        assert!(e.message.contains("comment"), "{}", e.message);
        assert_eq!((e.line, e.column), (3, 12));
    }

    #[test]
    fn paths() {
        let b =
            load("  logo: { src: images/logo.svg, alt: Council }\n  favicon: /icon.png\n").unwrap();
        assert_eq!(b.logo.unwrap().src, "/images/logo.svg");
        for bad in ["https://x.org/a.svg", "../a.svg", "a.svg?x", "/img/"] {
            let e = load(&format!("  logo: {{ src: \"{bad}\", alt: C }}\n")).unwrap_err();
            assert_eq!(e.line, 3, "{bad}");
        }
        let e = load("  logo:\n    src: /a.svg\n    alt: \"\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (5, 10));
        assert!(load("  favicon: /icon.bmp\n").is_err());
    }
}
