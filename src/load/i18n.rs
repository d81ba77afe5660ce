//! A site's own wording: `i18n/LANG.yaml` files that override the built-in
//! messages (src/model/i18n.rs) for each language the site is published in.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Diagnostics, suggest};
use crate::model::config::Config;
use crate::model::i18n::{Messages, Strings, builtin, placeholders, primary};

/// The folder of a site's message overrides.
pub const I18N_DIR: &str = "i18n";

/// Every language's messages: the built-in ones with the site's overrides.
/// A language with neither a built-in catalogue nor a file of its own is
/// published with the English messages, and a warning says so.
pub fn load(root: &Path, config: &Config) -> (Strings, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut strings = Strings::single(&config.language);
    for t in &config.translations {
        strings.insert(Messages::builtin(&t.tag));
    }
    let mut tags = vec![config.language.clone()];
    tags.extend(config.translations.iter().map(|t| t.tag.clone()));
    for tag in tags {
        let lang = primary(&tag);
        let rel = PathBuf::from(I18N_DIR).join(format!("{lang}.yaml"));
        let exists = root.join(&rel).is_file();
        if !exists && builtin(&lang).is_none() {
            diags.push(
                Diagnostic::warning(
                    Code::Messages,
                    format!("there are no built-in messages in `{tag}`: the theme's own words will be in English"),
                )
                .in_file(crate::model::config::CONFIG_FILE)
                .at(config.key_lines.get("language").copied().unwrap_or(1), 1)
                .hint(format!("write every message in {} (docs/languages.md lists them), or use `en` or `cy`", rel.display())),
            );
        }
        if !exists {
            continue;
        }
        let src = match crate::load::files::read_text(root, &rel) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if let Some(m) = strings.get_mut(&lang) {
            diags.extend(apply(m, &src, &rel));
        }
    }
    (strings, diags)
}

/// Lays the overrides in `src` (the file `rel`) over `m`. Every key must be
/// one the catalogue has; every value text, using only the placeholders of
/// the English message it replaces, and holding no template call.
pub fn apply(m: &mut Messages, src: &str, rel: &Path) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if src.trim().is_empty() {
        return diags;
    }
    let map: yaml_serde::Mapping =
        match crate::load::yaml::parse(src, rel, 1, Code::Messages, "messages") {
            Ok(m) => m,
            Err(d) => return d.into(),
        };
    let english = builtin("en");
    for (k, v) in map {
        let key = match &k {
            yaml_serde::Value::String(s) => s.clone(),
            other => yaml_serde::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let line = key_line(src, &key);
        let here = |d: Diagnostic| d.in_file(rel).at(line, 1);
        let Some(original) = english.and_then(|e| e.get(&key)) else {
            let hint = match suggest(
                &key,
                english
                    .into_iter()
                    .flat_map(|e| e.keys().map(String::as_str)),
            ) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "docs/languages.md lists every message and its key".to_string(),
            };
            diags.push(
                here(Diagnostic::error(
                    Code::Messages,
                    format!("there is no message `{key}`"),
                ))
                .hint(hint),
            );
            continue;
        };
        let text = match v {
            yaml_serde::Value::String(s) => s,
            yaml_serde::Value::Number(n) => n.to_string(),
            _ => {
                diags.push(
                    here(Diagnostic::error(
                        Code::Messages,
                        format!("the message `{key}` must be text"),
                    ))
                    .hint("write the words after the key, in quotes if they hold a `:`"),
                );
                continue;
            }
        };
        let allowed = placeholders(original);
        if let Some(bad) = placeholders(&text)
            .into_iter()
            .find(|p| !allowed.contains(p))
        {
            let hint = if allowed.is_empty() {
                "this message takes no {placeholders}: write it as plain words".to_string()
            } else {
                format!(
                    "this message can use {}",
                    allowed
                        .iter()
                        .map(|p| format!("{{{p}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            diags.push(
                here(Diagnostic::error(
                    Code::Messages,
                    format!("the message `{key}` uses `{{{bad}}}`, which it is not given"),
                ))
                .hint(hint),
            );
            continue;
        }
        if text.contains("{{") || text.contains("{%") {
            diags.push(
                here(Diagnostic::error(
                    Code::Messages,
                    format!("the message `{key}` holds a template call"),
                ))
                .hint("messages are plain words with {placeholders}; put figures in the page"),
            );
            continue;
        }
        m.set(&key, text);
    }
    diags
}

/// The line of a top-level key, quoted or not.
fn key_line(src: &str, key: &str) -> usize {
    src.lines()
        .position(|l| {
            let l = l.trim_start_matches(['"', '\'']);
            l.strip_prefix(key).is_some_and(|r| {
                r.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn over(lang: &str, src: &str) -> (Messages, Diagnostics) {
        let mut m = Messages::builtin(lang);
        let d = apply(&mut m, src, Path::new("i18n/cy.yaml"));
        (m, d)
    }

    #[test]
    fn an_override_replaces_the_built_in_message() {
        let (m, d) = over(
            "cy",
            "skip_link: Neidio i'r cynnwys\n\"table.source\": \"O: {source}.\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(m.get("skip_link"), "Neidio i'r cynnwys");
        assert_eq!(
            m.fill("table.source", &[("source", "Heddlu")]),
            "O: Heddlu."
        );
        assert_eq!(m.get("search.button"), "Chwilio");
    }

    #[test]
    fn an_unknown_key_is_a_located_error_with_a_suggestion() {
        let (_, d) = over("cy", "# Welsh\nskip_lnk: Neidio\n");
        let e = &d.iter().next().expect("an error");
        assert_eq!(e.code, Code::Messages);
        assert_eq!(e.line, 2);
        assert!(
            e.hint.as_deref().unwrap_or("").contains("skip_link"),
            "{e:?}"
        );
    }

    #[test]
    fn a_placeholder_the_message_is_not_given_is_refused() {
        let (m, d) = over(
            "en",
            "last_updated: \"Updated {when}\"\nskip_link: [a, b]\n",
        );
        assert_eq!(d.0.len(), 2);
        let first = d.iter().next().expect("an error");
        assert!(first.message.contains("{when}"), "{first:?}");
        assert!(first.hint.as_deref().unwrap_or("").contains("{date}"));
        assert_eq!(m.get("last_updated"), "Last updated: {date}");
    }

    #[test]
    fn a_template_call_in_a_message_is_refused() {
        let (_, d) = over("en", "skip_link: \"{{ value() }}\"\n");
        assert_eq!(d.0.len(), 1);
    }
}
