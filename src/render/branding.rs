//! What templates see of site.yaml's `branding:` (`site.branding`), and the
//! stylesheet that gives the theme the organisation's colours. The colours
//! go in a generated file, not a `<style>` element: the site's
//! Content-Security-Policy allows stylesheets from the site only
//! (docs/security.md).

use serde_json::{Value as Json, json};

use crate::model::config::{Branding, Config};
use crate::util::colour::Rgb;

/// Where the colours' stylesheet is published, from the output root.
pub const STYLESHEET: &str = "css/brand.css";

/// The favicon every page names when site.yaml gives none: the default
/// theme's, so no browser asks for a missing file.
const DEFAULT_FAVICON: &str = "/favicon.svg";

/// The favicon's address and type: site.yaml's, or the theme's.
pub fn favicon(cfg: &Config) -> (&str, &'static str) {
    let href = cfg.branding.favicon.as_deref().unwrap_or(DEFAULT_FAVICON);
    let kind = crate::load::branding::favicon_type(href).unwrap_or("image/svg+xml");
    (href, kind)
}

/// `site.branding` for templates.
pub fn value(cfg: &Config) -> Json {
    let b = &cfg.branding;
    let (favicon, favicon_type) = favicon(cfg);
    json!({
        "logo": b.logo.as_ref().map(|l| json!({"src": l.src, "alt": l.alt})),
        "favicon": {
            "href": favicon,
            "type": favicon_type,
        },
        "social_image": b.social_image.as_ref().map(|s| json!({
            "url": cfg.permalink(&s.src),
            "alt": s.alt,
        })),
        "stylesheet": stylesheet(b).map(|_| format!("/{STYLESHEET}")),
    })
}

/// The stylesheet that sets the theme's custom properties (themes/default/
/// static/css/base.css) to the branding colours; None without colours.
/// Links take the primary colour, and their hover colour a darker shade of
/// it, so the three stay one family.
pub fn stylesheet(b: &Branding) -> Option<String> {
    if b.primary.is_none() && b.accent.is_none() {
        return None;
    }
    let mut css = String::from(
        "/* The organisation's colours, from site.yaml's branding (made by Plainsight). */\n:root {\n",
    );
    if let Some(p) = b.primary.as_deref().and_then(Rgb::parse) {
        let hover = p.darken(0.35).hex();
        let p = p.hex();
        css.push_str(&format!(
            "  --ps-brand: {p};\n  --ps-link: {p};\n  --ps-link-hover: {hover};\n"
        ));
    }
    if let Some(a) = b.accent.as_deref().and_then(Rgb::parse) {
        css.push_str(&format!("  --ps-accent: {};\n", a.hex()));
    }
    css.push_str("}\n");
    Some(css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_given_colours_are_set() {
        assert_eq!(stylesheet(&Branding::default()), None);
        let b = Branding {
            accent: Some("#00703c".into()),
            ..Default::default()
        };
        let css = stylesheet(&b).unwrap();
        assert!(css.contains("--ps-accent: #00703c;"));
        assert!(!css.contains("--ps-brand"));
        let b = Branding {
            primary: Some("#0b2942".into()),
            ..Default::default()
        };
        let css = stylesheet(&b).unwrap();
        assert!(css.contains("--ps-brand: #0b2942;\n  --ps-link: #0b2942;"));
    }

    #[test]
    fn default_favicon() {
        let c = Config::parse("title: T\nbase_url: https://e.org/\n").unwrap();
        let v = value(&c);
        assert_eq!(v["favicon"]["href"], "/favicon.svg");
        assert!(v["stylesheet"].is_null() && v["logo"].is_null());
    }
}
