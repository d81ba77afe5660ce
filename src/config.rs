//! `site.yaml`: the site's configuration.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::yaml;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    organisation: Option<NameOrMap<Organisation>>,
    #[serde(default)]
    period: Option<Period>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    licence: Option<NameOrMap<Licence>>,
    #[serde(default)]
    contact: Option<Contact>,
    #[serde(default)]
    placeholders: Option<Vec<String>>,
    #[serde(default)]
    accessibility: Option<Accessibility>,
    #[serde(default)]
    menu: Option<Vec<MenuItem>>,
    #[serde(default)]
    glossary: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum NameOrMap<T> {
    Name(String),
    Map(T),
}

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
    /// 1-based line of each top-level key in site.yaml, for messages about
    /// what the configuration names (a glossary dataset that does not exist).
    #[serde(skip)]
    pub key_lines: std::collections::BTreeMap<String, usize>,
}

impl Config {
    pub fn load(root: &Path) -> Result<Self, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if !path.is_file() {
            return Err(Diagnostic::error(
                "config-missing",
                format!(
                    "cannot read {CONFIG_FILE}: there is no such file in {}",
                    root.display()
                ),
            )
            .in_file(CONFIG_FILE)
            .hint("run `plainsight new DIR` for a starting site, or pass --root to point at one"));
        }
        let src = crate::files::read_text(root, Path::new(CONFIG_FILE))?;
        Self::parse(&src)
    }

    pub fn parse(src: &str) -> Result<Self, Diagnostic> {
        let file = Path::new(CONFIG_FILE);
        let raw: RawConfig = yaml::parse(src, file, 1, "config", "site.yaml")?;
        let at = |key: &str| yaml::key_line(src, key);
        if raw.title.trim().is_empty() {
            return Err(Diagnostic::error("config", "site.yaml: `title` is empty")
                .in_file(file)
                .at(at("title"), 1)
                .hint(
                    "give the site a title, e.g. `title: Ashford Community Safety Partnership`",
                ));
        }
        let base_url = normalise_base_url(&raw.base_url).ok_or_else(|| {
            Diagnostic::error(
                "config",
                format!(
                    "site.yaml: `base_url` must be an http(s) URL, not `{}`",
                    raw.base_url
                ),
            )
            .in_file(file)
            .at(at("base_url"), 1)
            .hint(
                "write the address the site is published at, e.g. `base_url: https://example.org/`",
            )
        })?;
        let licence = match raw.licence {
            None => Licence::from_id("OGL-3.0").expect("known licence"),
            Some(NameOrMap::Name(id)) => Licence::from_id(&id).ok_or_else(|| {
                Diagnostic::error("config", format!("site.yaml: unknown licence `{id}`"))
                    .in_file(file)
                    .at(at("licence"), 1)
                    .hint("use OGL-3.0, CC-BY-4.0 or CC0-1.0, or give `licence: {id, name, url}`")
            })?,
            Some(NameOrMap::Map(l)) => {
                let known = Licence::from_id(&l.id);
                Licence {
                    name: if l.name.is_empty() {
                        known
                            .as_ref()
                            .map(|k| k.name.clone())
                            .unwrap_or(l.id.clone())
                    } else {
                        l.name
                    },
                    url: if l.url.is_empty() {
                        known.map(|k| k.url).unwrap_or_default()
                    } else {
                        l.url
                    },
                    id: l.id,
                }
            }
        };
        let organisation = match raw.organisation {
            None => Organisation {
                name: raw.title.clone(),
                url: None,
            },
            Some(NameOrMap::Name(name)) => Organisation { name, url: None },
            Some(NameOrMap::Map(o)) => o,
        };
        if let Some(a) = &raw.accessibility
            && let Some(s) = &a.status
            && !matches!(s.as_str(), "fully" | "partially" | "not-assessed")
        {
            return Err(Diagnostic::error(
                "config",
                format!("site.yaml: accessibility status `{s}` is not known"),
            )
            .in_file(file)
            .at(at("accessibility"), 1)
            .hint("use `fully`, `partially` or `not-assessed`"));
        }
        if let Some(a) = &raw.accessibility {
            for (key, v) in [
                ("tested", &a.tested),
                ("prepared", &a.prepared),
                ("reviewed", &a.reviewed),
            ] {
                if let Some(v) = v
                    && !crate::frontmatter::is_iso_date(v)
                {
                    let line = src
                        .lines()
                        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                        .map(|i| i + 1)
                        .unwrap_or_else(|| at("accessibility"));
                    return Err(Diagnostic::error(
                        "config",
                        format!("site.yaml: accessibility `{key}` is not a date: `{v}`"),
                    )
                    .in_file(file)
                    .at(line, 1)
                    .hint(format!(
                        "write dates as YYYY-MM-DD, e.g. `{key}: \"2026-11-01\"`"
                    )));
                }
            }
        }
        Ok(Self {
            title: raw.title,
            base_url,
            language: raw.language.unwrap_or_else(|| "en-GB".into()),
            description: raw.description.unwrap_or_default(),
            organisation,
            period: raw.period.unwrap_or_default(),
            theme: raw.theme.unwrap_or_else(|| "default".into()),
            licence,
            contact: raw.contact.unwrap_or_default(),
            placeholders: raw.placeholders.unwrap_or_default(),
            accessibility: raw.accessibility,
            menu: raw.menu,
            glossary: raw.glossary,
            key_lines: src
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-']))
                .filter_map(|(i, l)| {
                    l.split_once(':')
                        .map(|(k, _)| (k.trim().to_string(), i + 1))
                })
                .collect(),
        })
    }

    /// Absolute URL of a site-relative path such as `/priorities/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

fn normalise_base_url(s: &str) -> Option<String> {
    let s = s.trim();
    if !(s.starts_with("https://") || s.starts_with("http://")) || s.contains(char::is_whitespace) {
        return None;
    }
    Some(s.trim_end_matches('/').to_string())
}

pub fn override_base_url(cfg: &mut Config, url: &str) -> Result<(), Diagnostic> {
    cfg.base_url = normalise_base_url(url).ok_or_else(|| {
        Diagnostic::error(
            "config",
            format!("--base-url must be an http(s) URL, not `{url}`"),
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = Config::parse("title: T\nbase_url: https://example.org/\n").unwrap();
        assert_eq!(c.base_url, "https://example.org");
        assert_eq!(c.language, "en-GB");
        assert_eq!(c.licence.id, "OGL-3.0");
        assert_eq!(c.theme, "default");
        assert_eq!(c.permalink("/a/"), "https://example.org/a/");
    }

    #[test]
    fn unknown_key_has_suggestion() {
        let e = Config::parse("title: T\nbase_url: https://e.org\nperiode: x\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert_eq!(e.hint.as_deref(), Some("did you mean `period`?"));
    }

    #[test]
    fn bad_base_url() {
        let e = Config::parse("title: T\nbase_url: example.org\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
