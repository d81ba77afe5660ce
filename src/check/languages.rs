//! A bilingual site's pages and their translations: a page without its
//! translation is a warning (readers of the other language cannot reach
//! it from the switcher); a switcher or `hreflang` link to a page that was
//! not built is an error (docs/languages.md).

use std::collections::HashSet;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::site::Site;
use crate::render::RenderedPage;

pub fn check(site: &Site, pages: &[RenderedPage]) -> Diagnostics {
    let mut d = super::dataset_languages::check(site);
    let c = &site.config;
    if c.translations.is_empty() {
        return d;
    }
    let langs = c.langs();
    let translations = crate::render::languages::Translations::of_site(site);
    for (key, have) in translations.groups() {
        let Some((lang, url)) = have.iter().next() else {
            continue;
        };
        let Some(p) = site.content.by_url(url) else {
            continue;
        };
        for missing in langs.iter().filter(|l| !have.contains_key(*l)) {
            let want = expected_file(key, missing, &c.default_lang());
            let name = (site.strings.of(missing))
                .get(&format!("language.name.{missing}"))
                .to_string();
            d.push(
                Diagnostic::warning(
                    Code::TranslationMissing,
                    format!("this page has no translation into {name} ({missing}), so the language switcher leaves it out"),
                )
                .in_file(&p.source)
                .hint(format!("add {want} with the page in {name}; the page is in `{lang}`")),
            );
        }
    }
    let built: HashSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    for p in pages {
        for (tag, url) in &p.alternates {
            if built.contains(url.as_str()) {
                continue;
            }
            let mut diag = Diagnostic::error(
                Code::TranslationLink,
                format!(
                    "the language switcher on {} would link to {url} ({tag}), which is not built",
                    p.url
                ),
            )
            .hint("add the translation, or remove the page whose name says it is one");
            if let Some(s) = &p.source {
                diag = diag.in_file(s);
            }
            d.push(diag);
        }
    }
    d
}

/// The file a translation is expected in: `content/about.cy.md` for
/// `content/about.md` in Welsh, `content/about.md` for the default.
fn expected_file(key: &str, lang: &str, default: &str) -> String {
    match key.strip_suffix(".md") {
        Some(stem) if lang != default => format!("{stem}.{lang}.md"),
        _ => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expected_file_carries_the_language() {
        assert_eq!(
            expected_file("content/about.md", "cy", "en"),
            "content/about.cy.md"
        );
        assert_eq!(
            expected_file("content/about.md", "en", "en"),
            "content/about.md"
        );
    }
}
