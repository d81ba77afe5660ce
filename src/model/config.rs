//! The site's configuration, as `site.yaml` gives it (read by src/load/config.rs).

use serde::{Deserialize, Serialize};

/// The configuration file's name, at the root of a site.
pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub previous: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: String,
}

impl Licence {
    /// Known licences by SPDX-style id; anything else needs name and url.
    pub fn from_id(id: &str) -> Option<Self> {
        let (name, url) = match id {
            "OGL-3.0" | "OGL-UK-3.0" => (
                "Open Government Licence v3.0",
                "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            ),
            "CC-BY-4.0" => (
                "Creative Commons Attribution 4.0",
                "https://creativecommons.org/licenses/by/4.0/",
            ),
            "CC0-1.0" => (
                "CC0 1.0 Universal",
                "https://creativecommons.org/publicdomain/zero/1.0/",
            ),
            _ => return None,
        };
        Some(Self {
            id: id.into(),
            name: name.into(),
            url: url.into(),
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// `phone` as a `tel:` link wants it (`+441233330000`), worked out on
    /// loading.
    #[serde(default, skip_deserializing)]
    pub tel: Option<String>,
}

/// What the accessibility statement is generated from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// `fully`, `partially`, or `not-assessed`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub tested: Option<String>,
    #[serde(default)]
    pub prepared: Option<String>,
    #[serde(default)]
    pub reviewed: Option<String>,
    #[serde(default)]
    pub tested_by: Option<String>,
    /// Known problems, in plain words, each with when it will be fixed.
    #[serde(default)]
    pub issues: Vec<String>,
    /// Content the organisation claims would be a disproportionate burden to fix.
    #[serde(default)]
    pub burden: Vec<String>,
    /// Content outside the scope of the accessibility regulations.
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    /// What is being done to improve accessibility.
    #[serde(default)]
    pub improvements: Vec<String>,
    /// Email address for accessibility requests (defaults to the site contact).
    #[serde(default)]
    pub contact: Option<String>,
    /// Telephone for accessibility requests (defaults to the site contact).
    #[serde(default)]
    pub phone: Option<String>,
    /// Working days in which requests are answered.
    #[serde(default)]
    pub response_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
}

/// A language the site is translated into, besides its default, with the
/// site-wide text in that language (`languages:` in site.yaml).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The language tag (`cy`), the key it was given under.
    #[serde(skip_deserializing)]
    pub tag: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub menu: Option<Vec<MenuItem>>,
}

/// An image the site.yaml names, with its text alternative.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BrandImage {
    /// The published path, `/images/logo.svg`, of a file under `static/`.
    pub src: String,
    pub alt: String,
}

/// The organisation's look: logo, colours, favicon and sharing image
/// (docs/themes.md, "Branding"). Colours are `#rrggbb`, lower case, once
/// loaded.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    #[serde(default)]
    pub logo: Option<BrandImage>,
    #[serde(default)]
    pub primary: Option<String>,
    #[serde(default)]
    pub accent: Option<String>,
    #[serde(default)]
    pub favicon: Option<String>,
    #[serde(default)]
    pub social_image: Option<BrandImage>,
}

/// Where "Last updated" comes from for a page without `updated:`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LastUpdated {
    /// Only the front matter's `updated:` (and a report's history).
    #[default]
    Front,
    /// The date of the last commit that changed the page's file.
    Git,
}

/// The validated configuration.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Config {
    pub title: String,
    /// Without a trailing slash.
    pub base_url: String,
    pub language: String,
    pub description: String,
    pub organisation: Organisation,
    pub period: Period,
    pub theme: String,
    pub licence: Licence,
    pub contact: Contact,
    pub placeholders: Vec<String>,
    pub accessibility: Option<Accessibility>,
    pub menu: Option<Vec<MenuItem>>,
    /// The dataset abbreviations are expanded from (`glossary` by default).
    pub glossary: Option<String>,
    /// Write internal links relative to each page, as `--relative` does.
    pub relative_links: bool,
    /// The other languages the site is published in (`languages:`), in the
    /// order site.yaml gives them; empty for a site in one language.
    pub translations: Vec<Translation>,
    pub branding: Branding,
    pub last_updated: LastUpdated,
    /// 1-based line of each top-level key in site.yaml, for messages about
    /// what the configuration names (a glossary dataset that does not exist).
    #[serde(skip)]
    pub key_lines: std::collections::BTreeMap<String, usize>,
}

impl Config {
    /// Absolute URL of a site-relative path such as `/priorities/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The path the site is published under, without a trailing slash:
    /// `/plan` for `https://org.github.io/plan/`, empty for a site at the
    /// root of its address. See src/write/base_path.rs.
    pub fn base_path(&self) -> &str {
        let rest = self.base_url.split_once("://").map_or("", |(_, r)| r);
        let path = rest.find('/').map_or("", |i| &rest[i..]);
        path.split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/')
    }
}

impl Config {
    /// Every string of site.yaml that can reach a reader, with the top-level
    /// key it is under: the title, description and organisation, the
    /// contact details, the accessibility statement's text, and menu titles.
    /// Addresses, the period (the source of period values) and placeholder
    /// patterns are not text.
    pub fn visit_text_mut(&mut self, f: &mut dyn FnMut(&str, &mut String)) {
        f("title", &mut self.title);
        f("description", &mut self.description);
        f("organisation", &mut self.organisation.name);
        let c = &mut self.contact;
        for s in [&mut c.name, &mut c.address].into_iter().flatten() {
            f("contact", s);
        }
        if let Some(a) = &mut self.accessibility {
            for s in [&mut a.tested_by, &mut a.contact].into_iter().flatten() {
                f("accessibility", s);
            }
            for list in [
                &mut a.issues,
                &mut a.burden,
                &mut a.out_of_scope,
                &mut a.improvements,
            ] {
                for s in list {
                    f("accessibility", s);
                }
            }
        }
        for m in self.menu.iter_mut().flatten() {
            f("menu", &mut m.title);
        }
        let b = &mut self.branding;
        for image in [&mut b.logo, &mut b.social_image].into_iter().flatten() {
            f("branding", &mut image.alt);
        }
        for t in &mut self.translations {
            for s in [&mut t.title, &mut t.description].into_iter().flatten() {
                f("languages", s);
            }
            for m in t.menu.iter_mut().flatten() {
                f("languages", &mut m.title);
            }
        }
    }

    /// The default language's primary subtag (`en` for `en-GB`).
    pub fn default_lang(&self) -> String {
        crate::model::i18n::primary(&self.language)
    }

    /// Every language's primary subtag, the default first.
    pub fn langs(&self) -> Vec<String> {
        let mut out = vec![self.default_lang()];
        out.extend(
            self.translations
                .iter()
                .map(|t| crate::model::i18n::primary(&t.tag)),
        );
        out
    }

    /// The URL prefix of pages in `lang`: empty for the default language,
    /// `/cy` for Welsh on a site in English and Welsh.
    pub fn lang_prefix(&self, lang: &str) -> String {
        let lang = crate::model::i18n::primary(lang);
        if lang == self.default_lang() || lang.is_empty() {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    /// The language of the page at `url`: the other language whose prefix
    /// it starts with (`cy` for `/cy/blaenoriaethau/`), else the default.
    pub fn lang_of_url(&self, url: &str) -> String {
        let first = url.trim_start_matches('/').split('/').next().unwrap_or("");
        match self.translation(first) {
            Some(t) if !first.is_empty() && crate::model::i18n::primary(&t.tag) == first => {
                first.to_string()
            }
            _ => self.default_lang(),
        }
    }

    /// The site's translation into `lang`, if it is one of its other languages.
    pub fn translation(&self, lang: &str) -> Option<&Translation> {
        let lang = crate::model::i18n::primary(lang);
        self.translations
            .iter()
            .find(|t| crate::model::i18n::primary(&t.tag) == lang)
    }

    /// The full language tag of `lang` as pages carry it in `lang=""`.
    pub fn lang_tag(&self, lang: &str) -> String {
        match self.translation(lang) {
            Some(t) => t.tag.clone(),
            None => self.language.clone(),
        }
    }
}
