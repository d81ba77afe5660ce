//! The theme's words and the site's languages as templates see them: the
//! `t()` function that looks a message up in the page's language, and each
//! page's translations, which the language switcher and the `hreflang`
//! alternates link to (docs/languages.md).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value as Json, json};
use tera::{Error, Kwargs, State, Tera, Value};

use crate::diagnostic::suggest;
use crate::model::i18n::{Messages, Strings};
use crate::model::page::Page;
use crate::model::site::Site;
use crate::util::html::escape;

/// The name under which a render's context carries its page's language
/// (a primary subtag), so `t()` and the data functions pick its words.
pub const LANG_KEY: &str = "__plainsight_lang";

/// The language a render is in, as its context carries it.
pub fn lang_of(state: &State) -> String {
    state
        .get::<String>(LANG_KEY)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Registers `t(key="…", name=value, …)`: the message `key` in the page's
/// language, each `{name}` filled with a value. The message is escaped; a
/// value is escaped unless it is already safe HTML (a `{% set %}` block), so
/// a link can be placed inside a sentence in any word order.
pub fn register(tera: &mut Tera, strings: Arc<Strings>) {
    tera.register_function(
        "t",
        crate::render::functions::Safe(move |k: Kwargs, st: &State| {
            t(strings.of(&lang_of(st)), &k).map(|h| Value::safe_string(&h))
        }),
    );
}

fn t(m: &Messages, kwargs: &Kwargs) -> Result<String, Error> {
    let key: String = kwargs
        .get::<String>("key")?
        .ok_or_else(|| Error::message("t() needs a key: t(key=\"skip_link\")"))?;
    if !m.has(&key) {
        let hint = match suggest(&key, m.keys()) {
            Some(s) => format!("; did you mean `{s}`?"),
            None => "; docs/languages.md lists the keys".to_string(),
        };
        return Err(Error::message(format!(
            "t(): there is no message `{key}`{hint}"
        )));
    }
    let mut out = escape(m.get(&key));
    for (name, value) in kwargs.iter() {
        let name = name.as_str().unwrap_or_default();
        if name == "key" {
            continue;
        }
        let text = match value.as_str() {
            Some(s) if value.is_safe() => s.to_string(),
            Some(s) => escape(s),
            None => escape(&value.to_string()),
        };
        out = out.replace(&format!("{{{name}}}"), &text);
    }
    Ok(out)
}

/// The home page of language `lang`: `/` for the default, `/cy/` for Welsh
/// when the site has a Welsh home page (else `/`, never a missing page).
pub fn home_url(site: &Site, lang: &str) -> String {
    let url = format!("{}/", site.config.lang_prefix(lang));
    if url == "/" || site.content.by_url(&url).is_some() {
        url
    } else {
        "/".to_string()
    }
}

/// Every language of the site, the default first: `lang` (subtag), `tag`
/// (as `lang=""` carries it) and `name` (in that language).
pub fn list(site: &Site) -> Vec<Json> {
    let c = &site.config;
    c.langs()
        .into_iter()
        .map(|l| {
            json!({
                "lang": l,
                "tag": c.lang_tag(&l),
                "name": site.strings.of(&l).get(&format!("language.name.{l}")),
            })
        })
        .collect()
}

/// What makes a page and its translations one: the source file with the
/// language taken out of its name (`content/priority.md` for
/// `content/priority.cy.md`).
pub fn translation_key(site: &Site, p: &Page) -> String {
    let name = p.source.file_name().and_then(|s| s.to_str()).unwrap_or("");
    let langs = site.config.langs();
    let (_, base) = crate::load::content::split_lang(name, &langs[1..]);
    p.source
        .with_file_name(base)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Each Markdown page's translations: by translation key, each language's URL.
#[derive(Debug, Default)]
pub struct Translations(BTreeMap<String, BTreeMap<String, String>>);

impl Translations {
    pub fn of_site(site: &Site) -> Self {
        let mut m: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        if site.config.translations.is_empty() {
            return Translations(m);
        }
        for p in &site.content.pages {
            let lang = p.lang.clone().unwrap_or_else(|| site.config.default_lang());
            (m.entry(translation_key(site, p)).or_default()).insert(lang, p.url.clone());
        }
        Translations(m)
    }

    /// The page's versions in the site's other languages, as the switcher
    /// and `hreflang` show them (`lang`, `tag`, `name`, `url`).
    pub fn others(&self, site: &Site, p: &Page) -> Vec<Json> {
        let Some(all) = self.0.get(&translation_key(site, p)) else {
            return Vec::new();
        };
        let own = p.lang.clone().unwrap_or_else(|| site.config.default_lang());
        described(site, all, &own)
    }

    /// Every page's language and URL, by translation key (for `check`).
    pub fn groups(&self) -> impl Iterator<Item = (&String, &BTreeMap<String, String>)> {
        self.0.iter()
    }
}

/// The versions in `all` other than `own`, in the site's language order.
pub fn described(site: &Site, all: &BTreeMap<String, String>, own: &str) -> Vec<Json> {
    let c = &site.config;
    c.langs()
        .into_iter()
        .filter(|l| l != own)
        .filter_map(|l| {
            let url = all.get(&l)?;
            Some(json!({
                "lang": l,
                "tag": c.lang_tag(&l),
                "name": site.strings.of(&l).get(&format!("language.name.{l}")),
                "url": url,
                "permalink": c.permalink(url),
            }))
        })
        .collect()
}

/// (tag, URL) of each translation in `others` (as [`described`] gives them).
pub fn alternates(others: &[Json]) -> Vec<(String, String)> {
    (others.iter())
        .filter_map(|o| {
            Some((
                o["tag"].as_str()?.to_string(),
                o["url"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// A generated page's versions in the other languages: the same page under
/// each language's prefix, for pages generated in every language.
pub fn generated_others(site: &Site, url: &str, per_language: bool) -> Vec<Json> {
    let c = &site.config;
    if !per_language || c.translations.is_empty() {
        return Vec::new();
    }
    let own = c.lang_of_url(url);
    let base = url.strip_prefix(&c.lang_prefix(&own)).unwrap_or(url);
    let all: BTreeMap<String, String> = (c.langs().into_iter())
        .map(|l| (l.clone(), format!("{}{base}", c.lang_prefix(&l))))
        .collect();
    described(site, &all, &own)
}
