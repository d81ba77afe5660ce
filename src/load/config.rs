//! `site.yaml`: the site's configuration.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::load::yaml;
use crate::model::config::*;

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
    #[serde(default)]
    relative_links: bool,
    #[serde(default)]
    languages: Option<yaml_serde::Mapping>,
    #[serde(default)]
    branding: Option<Branding>,
    #[serde(default)]
    last_updated: Option<LastUpdated>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum NameOrMap<T> {
    Name(String),
    Map(T),
}

impl Config {
    pub fn load(root: &Path) -> Result<Self, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if path.is_dir() {
            return Err(Diagnostic::error(
                Code::ConfigMissing,
                format!("cannot read {CONFIG_FILE}: it is a folder, not a file"),
            )
            .in_file(CONFIG_FILE)
            .hint("site.yaml is a file of settings; move the folder out of the way"));
        }
        if !path.is_file() {
            return Err(Diagnostic::error(
                Code::ConfigMissing,
                format!(
                    "cannot read {CONFIG_FILE}: there is no such file in {}",
                    root.display()
                ),
            )
            .in_file(CONFIG_FILE)
            .hint("run `plainsight new DIR` for a starting site, or pass --root to point at one"));
        }
        // The content, data and theme loaders refuse links out of the site;
        // so does this one, or site.yaml could read any file on the machine.
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link && !crate::load::files::inside(root, &path).unwrap_or(false) {
            return Err(Diagnostic::error(
                Code::PathOutside,
                "this symbolic link points outside the site",
            )
            .in_file(CONFIG_FILE)
            .hint("copy the file into the site instead of linking to it"));
        }
        let src = crate::load::files::read_text(root, Path::new(CONFIG_FILE))?;
        Self::parse(&src)
    }

    pub fn parse(src: &str) -> Result<Self, Diagnostic> {
        let raw = read_raw(src)?;
        if raw.title.trim().is_empty() {
            return Err(at_key(src, "title", "site.yaml: `title` is empty").hint(
                "give the site a title, e.g. `title: Ashford Community Safety Partnership`",
            ));
        }
        let base_url = base_url(&raw.base_url).ok_or_else(|| {
            at_key(
                src,
                "base_url",
                format!(
                    "site.yaml: `base_url` must be an http(s) URL, not `{}`",
                    raw.base_url
                ),
            )
            .hint(BASE_URL_HINT)
        })?;
        check_language(raw.language.as_deref(), src)?;
        let licence = licence(raw.licence, src)?;
        let organisation = organisation(raw.organisation, &raw.title, src)?;
        check_theme(raw.theme.as_deref(), src)?;
        if let Some(a) = &raw.accessibility {
            check_accessibility(a, src)?;
        }
        let mut contact = raw.contact.unwrap_or_default();
        check_contact(&mut contact, src)?;
        let language = raw.language.unwrap_or_else(|| "en-GB".into());
        let translations = translations(raw.languages, &language, src)?;
        let branding = crate::load::branding::check(raw.branding.unwrap_or_default(), src)?;
        Ok(Self {
            title: raw.title,
            base_url,
            language,
            description: raw.description.unwrap_or_default(),
            organisation,
            period: raw.period.unwrap_or_default(),
            theme: raw.theme.unwrap_or_else(|| "default".into()),
            licence,
            contact,
            placeholders: raw.placeholders.unwrap_or_default(),
            accessibility: raw.accessibility,
            menu: raw.menu,
            glossary: raw.glossary,
            relative_links: raw.relative_links,
            translations,
            branding,
            last_updated: raw.last_updated.unwrap_or_default(),
            key_lines: key_lines(src),
        })
    }
}

/// site.yaml as written, refused when it says nothing at all.
fn read_raw(src: &str) -> Result<RawConfig, Diagnostic> {
    let only_comments = src
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if only_comments {
        return Err(Diagnostic::error(Code::Config, "site.yaml is empty")
            .in_file(CONFIG_FILE)
            .hint("a site needs at least `title: ...` and `base_url: https://...`"));
    }
    yaml::parse(src, Path::new(CONFIG_FILE), 1, Code::Config, "site.yaml")
        .map_err(|d| either_or_error(src, d))
}

/// An error in site.yaml, placed on the line of the top-level `key`.
fn at_key(src: &str, key: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::Config, message)
        .in_file(CONFIG_FILE)
        .at(yaml::key_line(src, key), 1)
}

fn check_language(language: Option<&str>, src: &str) -> Result<(), Diagnostic> {
    match language {
        Some(lang) if !is_language_tag(lang) => Err(at_key(
            src,
            "language",
            format!("site.yaml: `language` must be a language tag such as en-GB, not `{lang}`"),
        )
        .hint("use a BCP 47 tag: `en-GB` for British English, `cy` for Welsh")),
        _ => Ok(()),
    }
}

/// The `languages:` block: each other language's tag, with its title,
/// description and menu. A tag that is not one, the default language given
/// again, or the same language twice is refused at the tag's line.
fn translations(
    given: Option<yaml_serde::Mapping>,
    default: &str,
    src: &str,
) -> Result<Vec<Translation>, Diagnostic> {
    use crate::model::i18n::primary;
    let mut out: Vec<Translation> = Vec::new();
    for (k, v) in given.unwrap_or_default() {
        let tag = match &k {
            yaml_serde::Value::String(s) => s.clone(),
            other => yaml_serde::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let located = |msg: String| {
            let line = crate::load::yaml::locate_in_yaml(src, "languages", &format!("{tag}:")).0;
            Diagnostic::error(Code::Language, msg)
                .in_file(CONFIG_FILE)
                .at(line, 1)
        };
        if !is_language_tag(&tag) {
            return Err(located(format!(
                "site.yaml: `{tag}` under `languages` is not a language tag"
            ))
            .hint("name each other language by its tag, e.g. `cy:` for Welsh"));
        }
        if primary(&tag) == primary(default) || out.iter().any(|t| primary(&t.tag) == primary(&tag))
        {
            return Err(located(format!("site.yaml: the language `{tag}` is given twice"))
                .hint("`language` is the site's default; list each other language once under `languages`"));
        }
        let mut t: Translation = if v.is_null() {
            Translation::default()
        } else {
            yaml_serde::from_value(v).map_err(|e| {
                located(format!("site.yaml: `languages.{tag}`: {e}")).hint(
                    "each language may give `title`, `description` and `menu`, in that language",
                )
            })?
        };
        t.tag = tag;
        out.push(t);
    }
    Ok(out)
}

/// The site's licence: OGL 3.0 unless given; a known id; or a mapping
/// whose empty name and address are filled in from a known id.
fn licence(given: Option<NameOrMap<Licence>>, src: &str) -> Result<Licence, Diagnostic> {
    Ok(match given {
        None => Licence::from_id("OGL-3.0").expect("known licence"),
        Some(NameOrMap::Name(id)) => Licence::from_id(&id).ok_or_else(|| {
            at_key(src, "licence", format!("site.yaml: unknown licence `{id}`"))
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
    })
}

/// The organisation publishing the site, the site's title if not given.
fn organisation(
    given: Option<NameOrMap<Organisation>>,
    title: &str,
    src: &str,
) -> Result<Organisation, Diagnostic> {
    let organisation = match given {
        None => Organisation {
            name: title.to_string(),
            url: None,
        },
        Some(NameOrMap::Name(name)) => Organisation { name, url: None },
        Some(NameOrMap::Map(o)) => o,
    };
    // serde also reads a mapping from a list (`[Council, Police]` gives
    // the name Council and the address Police), so the address is checked.
    if let Some(u) = &organisation.url
        && normalise_base_url(u).is_none()
    {
        return Err(at_key(
            src,
            "organisation",
            format!("site.yaml: the organisation's `url` must be an http(s) address, not `{u}`"),
        )
        .hint("write `organisation: Name`, or `organisation: { name: Name, url: https://... }`"));
    }
    Ok(organisation)
}

fn check_theme(theme: Option<&str>, src: &str) -> Result<(), Diagnostic> {
    match theme {
        Some(t) if !is_plain_name(t) => Err(at_key(
            src,
            "theme",
            format!("site.yaml: `theme` must be the name of a folder in themes/, not `{t}`"),
        )
        .hint(
            "use `theme: default`, or the name of a folder under themes/, such as `theme: council`",
        )),
        _ => Ok(()),
    }
}

/// The site's contact details are published as `tel:` and `mailto:`
/// links on every page: a number that cannot be dialled, or an address
/// with a name around it, would be a dead link in every footer.
fn check_contact(c: &mut crate::model::config::Contact, src: &str) -> Result<(), Diagnostic> {
    use crate::load::report::{is_email, uk_phone};
    if let Some(phone) = &c.phone {
        c.tel = Some(uk_phone(phone).ok_or_else(|| {
            at_key(src, "contact", format!("site.yaml: `contact.phone` is not a UK phone number: `{phone}`"))
                .hint("write it as it is dialled from the UK, e.g. `01233 330000` or `+44 1233 330000`; it is published as a link that dials it")
        })?);
    }
    if let Some(email) = &c.email
        && !is_email(email)
    {
        return Err(at_key(
            src,
            "contact",
            format!("site.yaml: `contact.email` is not an email address: `{email}`"),
        )
        .hint("write the address alone, e.g. `community.safety@example.gov.uk`"));
    }
    Ok(())
}

fn check_accessibility(a: &Accessibility, src: &str) -> Result<(), Diagnostic> {
    if let Some(s) = &a.status
        && !matches!(s.as_str(), "fully" | "partially" | "not-assessed")
    {
        return Err(at_key(
            src,
            "accessibility",
            format!("site.yaml: accessibility status `{s}` is not known"),
        )
        .hint("use `fully`, `partially` or `not-assessed`"));
    }
    if let Some(phone) = &a.phone
        && crate::load::report::uk_phone(phone).is_none()
    {
        return Err(at_key(
            src,
            "accessibility",
            format!("site.yaml: `accessibility.phone` is not a UK phone number: `{phone}`"),
        )
        .hint(
            "write it as it is dialled from the UK, e.g. `01233 330000`; the statement links to it",
        ));
    }
    for (key, v) in [
        ("tested", &a.tested),
        ("prepared", &a.prepared),
        ("reviewed", &a.reviewed),
    ] {
        if let Some(v) = v
            && !crate::util::text::is_iso_date(v)
        {
            // The dates are nested under `accessibility:`, where
            // `yaml::key_line`, which reads only top-level keys, cannot see.
            let line = src
                .lines()
                .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                .map(|i| i + 1)
                .unwrap_or_else(|| yaml::key_line(src, "accessibility"));
            return Err(Diagnostic::error(
                Code::Config,
                format!("site.yaml: accessibility `{key}` is not a date: `{v}`"),
            )
            .in_file(CONFIG_FILE)
            .at(line, 1)
            .hint(format!(
                "write dates as YYYY-MM-DD, e.g. `{key}: \"2026-11-01\"`"
            )));
        }
    }
    Ok(())
}

/// The line of each top-level key of site.yaml, for messages about them.
fn key_lines(src: &str) -> std::collections::BTreeMap<String, usize> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|(i, l)| {
            l.split_once(':')
                .map(|(k, _)| (k.trim().to_string(), i + 1))
        })
        .collect()
}

/// A BCP 47 language tag's shape: letters first, then letters, digits and
/// dashes, at most 20 characters (`en-GB`, `cy`, `zh-Hant-HK`). Screen
/// readers and the search index both read it (Pagefind 1.6 panics on a
/// "language" of 32 characters or more).
fn is_language_tag(s: &str) -> bool {
    (2..=20).contains(&s.len())
        && s.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
        && s.chars().take(2).all(|c| c.is_ascii_alphabetic())
}

const BASE_URL_HINT: &str = "write the address the site is published at, e.g. `base_url: https://example.org/`; a space, quote, `<`, `>`, `\\`, `{`, `}` or `|` in it must be percent-encoded (`%20`, `%22`…)";

fn normalise_base_url(s: &str) -> Option<String> {
    let s = s.trim();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    // An address needs a host: `https://` alone would make every
    // permalink `https:/page/`.
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || s.contains(char::is_whitespace) {
        return None;
    }
    Some(s.trim_end_matches('/').to_string())
}

/// The site's own address: it is written into every page, feed and
/// stylesheet, so only characters that may stand in a URL as they are.
fn base_url(s: &str) -> Option<String> {
    normalise_base_url(s).filter(|u| u.chars().all(is_url_char))
}

/// A character that may stand as it is in a URL (RFC 3986's unreserved and
/// reserved characters, and `%` for escapes). A quote, a bracket, a space or
/// a control character would break out of the places the address is
/// written (a stylesheet's `url("…")`, say).
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// A folder name with no path in it: letters, digits, `-`, `_` and `.`, and
/// not `.` or `..`.
fn is_plain_name(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// serde says only "data did not match any variant of untagged enum" when
/// `licence` or `organisation` is neither a name nor a mapping of the right
/// keys; this finds which key it was and says what it takes.
fn either_or_error(src: &str, d: Diagnostic) -> Diagnostic {
    if !d.message.contains("untagged enum NameOrMap") {
        return d;
    }
    let value: yaml_serde::Value = yaml_serde::from_str(src).unwrap_or_default();
    let fails = |key: &str, check: &dyn Fn(yaml_serde::Value) -> Result<(), String>| {
        let v = value.get(key)?.clone();
        if v.is_string() {
            return None;
        }
        check(v).err()
    };
    let licence = fails("licence", &|v| {
        yaml_serde::from_value::<Licence>(v)
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let organisation = fails("organisation", &|v| {
        yaml_serde::from_value::<Organisation>(v)
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let (key, why, hint) = match (licence, organisation) {
        (Some(why), _) => (
            "licence",
            why,
            "write a licence id such as `licence: OGL-3.0`, or `licence: { id: ..., name: ..., url: ... }`",
        ),
        (None, Some(why)) => (
            "organisation",
            why,
            "write `organisation: Name`, or `organisation: { name: Name, url: https://... }`",
        ),
        (None, None) => return d,
    };
    let (why, _) = yaml::explain(&why);
    Diagnostic {
        message: format!("site.yaml: `{key}` must be a name or a mapping: {why}"),
        line: yaml::key_line(src, key),
        column: 1,
        hint: Some(hint.into()),
        ..d
    }
}

pub fn override_base_url(cfg: &mut Config, url: &str) -> Result<(), Diagnostic> {
    cfg.base_url = base_url(url).ok_or_else(|| {
        Diagnostic::error(
            Code::Config,
            format!("--base-url must be an http(s) URL, not `{url}`"),
        )
        .hint(BASE_URL_HINT)
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
        assert_eq!(c.base_path(), "");
        assert_eq!(c.language, "en-GB");
        for ok in ["en-GB", "cy", "zh-Hant-HK", "en"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "en_GB",
            "en GB",
            "1en",
            "en--GB",
            "en-\"><script>",
            "abcdefghi-x",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
        assert_eq!(c.licence.id, "OGL-3.0");
        assert_eq!(c.theme, "default");
        assert_eq!(c.permalink("/a/"), "https://example.org/a/");
        let c = Config::parse("title: T\nbase_url: https://org.github.io/plan/\n").unwrap();
        assert_eq!(c.base_path(), "/plan");
        assert_eq!(c.permalink("/a/"), "https://org.github.io/plan/a/");
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
