//! The message catalogue: every word the theme and the renderer put on a
//! page that the author did not write ("Skip to main content", "Source:",
//! month names), per language. English and Welsh are built in
//! (src/model/i18n/en.yaml and cy.yaml); a site overrides any message in
//! `i18n/LANG.yaml` (read by src/load/i18n.rs). See docs/languages.md.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The English catalogue, which names every key there is.
const EN: &str = include_str!("i18n/en.yaml");
/// The Welsh catalogue: the same keys, in Welsh.
const CY: &str = include_str!("i18n/cy.yaml");

/// The primary subtag of a language tag: `cy` for `cy-GB`, `en` for `en-GB`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// The built-in catalogue for a language, by primary subtag.
pub fn builtin(lang: &str) -> Option<&'static BTreeMap<String, String>> {
    static PARSED: OnceLock<BTreeMap<&'static str, BTreeMap<String, String>>> = OnceLock::new();
    let all = PARSED.get_or_init(|| {
        // The built-in files are tested to parse (see the tests below); a
        // broken one would show as keys on the page, never as a panic.
        [("en", EN), ("cy", CY)]
            .into_iter()
            .map(|(l, src)| (l, yaml_serde::from_str(src).unwrap_or_default()))
            .collect()
    });
    all.get(primary(lang).as_str())
}

/// The `{name}` placeholders a message uses, in order of first use.
pub fn placeholders(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !out.contains(&name)
        {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
}

/// One language's messages: the built-in catalogue with the site's
/// overrides laid over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Messages {
    /// The language tag pages in this language carry (`cy`, `en-GB`).
    pub tag: String,
    map: BTreeMap<String, String>,
}

impl Default for Messages {
    fn default() -> Self {
        Messages::builtin("en-GB")
    }
}

impl Messages {
    /// The built-in messages for `tag`, English where it has none.
    pub fn builtin(tag: &str) -> Self {
        let map = builtin(tag)
            .or_else(|| builtin("en"))
            .cloned()
            .unwrap_or_default();
        Messages {
            tag: tag.to_string(),
            map,
        }
    }

    /// Replaces one message (an override checked by the loader).
    pub fn set(&mut self, key: &str, message: String) {
        self.map.insert(key.to_string(), message);
    }

    /// Whether `key` names a message.
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The message `key`; the key itself where there is none, which the
    /// tests make sure never reaches a page.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The message `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// Every key, for suggestions.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// The name of month `m` (1 to 12).
    pub fn month(&self, m: usize) -> &str {
        const KEYS: [&str; 12] = [
            "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8",
            "month.9", "month.10", "month.11", "month.12",
        ];
        KEYS.get(m.wrapping_sub(1)).map_or("", |k| self.get(k))
    }

    /// `2024-01-16` as `16 January 2024` (`16 Ionawr 2024` in Welsh);
    /// anything else as it is.
    pub fn date(&self, d: &str) -> String {
        let parts: Vec<&str> = d.split('-').collect();
        if let [y, m, day] = parts[..]
            && let (Ok(m), Ok(day)) = (m.parse::<usize>(), day.parse::<u32>())
            && (1..=12).contains(&m)
        {
            return self.fill(
                "date.format",
                &[
                    ("day", &day.to_string()),
                    ("month", self.month(m)),
                    ("year", y),
                ],
            );
        }
        // A month (`type: month`, held as `2024-03`): "March 2024".
        if let [y, m] = parts[..]
            && y.len() == 4
            && let Ok(m) = m.parse::<usize>()
            && (1..=12).contains(&m)
        {
            return format!("{} {y}", self.month(m));
        }
        d.to_string()
    }

    /// `8th` in English, `8fed` in Welsh: a rank as the language writes it.
    pub fn ordinal(&self, n: u64) -> String {
        if primary(&self.tag) == "cy" {
            return format!("{n}{}", welsh_ordinal_suffix(n));
        }
        english_ordinal(n)
    }

    /// A known licence's name in this language (`Trwydded Llywodraeth
    /// Agored v3.0`), or the name as given when the site named its own.
    pub fn licence_name(&self, l: &crate::model::config::Licence) -> String {
        let key = format!("licence.name.{}", l.id);
        let built_in = crate::model::config::Licence::from_id(&l.id);
        match built_in {
            Some(b) if b.name == l.name && self.has(&key) => self.get(&key).to_string(),
            _ => l.name.clone(),
        }
    }

    /// Whether this is English, whose number words the renderer knows.
    pub fn is_english(&self) -> bool {
        primary(&self.tag) == "en"
    }
}

/// The suffix of a Welsh ordinal written in figures: 1af, 2il, 3ydd, 4ydd,
/// 5ed, 6ed, 7fed to 10fed, 11eg, 12fed, 13eg, 14eg, 15fed, 16eg, 17eg,
/// 18fed, 19eg, 20fed; from 21 to 39, "ain" (21ain, the short form of "unfed
/// ar hugain"); otherwise "fed". Ranks in charts and reports rarely pass 20.
fn welsh_ordinal_suffix(n: u64) -> &'static str {
    match n {
        1 => "af",
        2 => "il",
        3 | 4 => "ydd",
        5 | 6 => "ed",
        11 | 13 | 14 | 16 | 17 | 19 => "eg",
        21..=39 => "ain",
        _ => "fed",
    }
}

/// Words worked out before the page's language is known (why a derived
/// figure is missing, what a rule left out): a message key and its values,
/// said in a language later with [`Phrase::say`].
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// One value of a [`Phrase`].
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text as it is: a column label, a row's name, a symbol's letters.
    Text(String),
    /// Another message by its key (a symbol's meaning).
    Message(String),
    /// Other phrases, said one after another with "; " between them.
    Phrases(Vec<Phrase>),
}

impl Phrase {
    pub fn new(key: &'static str) -> Self {
        Phrase {
            key,
            args: Vec::new(),
        }
    }
    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Text(value.into())));
        self
    }
    pub fn message(mut self, name: &'static str, key: String) -> Self {
        self.args.push((name, Arg::Message(key)));
        self
    }
    pub fn phrases(mut self, name: &'static str, list: Vec<Phrase>) -> Self {
        self.args.push((name, Arg::Phrases(list)));
        self
    }
    /// The same values under another message.
    pub fn rekey(mut self, key: &'static str) -> Self {
        self.key = key;
        self
    }
    /// The phrase in the language of `m`.
    pub fn say(&self, m: &Messages) -> String {
        let values: Vec<(&str, String)> = (self.args.iter())
            .map(|(name, a)| {
                let v = match a {
                    Arg::Text(t) => t.clone(),
                    Arg::Message(k) => m.get(k).to_string(),
                    Arg::Phrases(list) => (list.iter())
                        .map(|p| p.say(m))
                        .collect::<Vec<_>>()
                        .join("; "),
                };
                (*name, v)
            })
            .collect();
        let args: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        m.fill(self.key, &args)
    }
    /// The phrase in English, for messages to authors and downloads.
    pub fn english(&self) -> String {
        self.say(fallback())
    }
}

/// `{name}` in `message` replaced by each value; other braces left alone.
pub fn fill(message: &str, args: &[(&str, &str)]) -> String {
    let mut out = message.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Every language of a site: its default and the others it is translated
/// into, each with its messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Strings {
    /// The default language's primary subtag (`en`).
    pub default: String,
    by_lang: BTreeMap<String, Arc<Messages>>,
}

impl Strings {
    /// A site in one language with the built-in messages.
    pub fn single(tag: &str) -> Self {
        let m = Messages::builtin(tag);
        Strings {
            default: primary(tag),
            by_lang: BTreeMap::from([(primary(tag), Arc::new(m))]),
        }
    }

    /// Adds (or replaces) a language.
    pub fn insert(&mut self, m: Messages) {
        self.by_lang.insert(primary(&m.tag), Arc::new(m));
    }

    /// The messages for language `lang` (a primary subtag or a full tag),
    /// the default language's where the site has no such language.
    pub fn of(&self, lang: &str) -> &Messages {
        self.shared(lang)
    }

    /// The messages for `lang`, shared, for a table or chart to hold.
    pub fn shared(&self, lang: &str) -> &Arc<Messages> {
        self.by_lang
            .get(&primary(lang))
            .or_else(|| self.by_lang.get(&self.default))
            .or_else(|| self.by_lang.values().next())
            .unwrap_or_else(|| fallback())
    }

    /// The default language's messages.
    pub fn default_messages(&self) -> &Messages {
        self.of(&self.default.clone())
    }

    pub fn get_mut(&mut self, lang: &str) -> Option<&mut Messages> {
        self.by_lang.get_mut(&primary(lang)).map(Arc::make_mut)
    }
}

impl Default for Strings {
    fn default() -> Self {
        Strings::single("en-GB")
    }
}

fn fallback() -> &'static Arc<Messages> {
    static EN_GB: OnceLock<Arc<Messages>> = OnceLock::new();
    EN_GB.get_or_init(|| Arc::new(Messages::builtin("en-GB")))
}

/// `1st`, `2nd`, `3rd`, `11th`, `22nd`.
pub fn english_ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_catalogues_parse_and_agree_on_keys_and_placeholders() {
        let en = builtin("en").expect("English");
        let cy = builtin("cy").expect("Welsh");
        assert!(en.len() > 100, "English has {} messages", en.len());
        let missing: Vec<_> = en.keys().filter(|k| !cy.contains_key(*k)).collect();
        assert!(missing.is_empty(), "Welsh lacks {missing:?}");
        let extra: Vec<_> = cy.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(extra.is_empty(), "Welsh has keys English lacks: {extra:?}");
        for (k, e) in en {
            let (mut a, mut b) = (placeholders(e), placeholders(&cy[k]));
            a.sort();
            b.sort();
            assert_eq!(a, b, "placeholders of `{k}` differ");
        }
    }

    /// docs/languages.md lists every message, so authors can find the key
    /// of the words they want to change.
    #[test]
    fn every_message_is_documented() {
        let doc = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/languages.md"),
        )
        .expect("docs/languages.md");
        let missing: Vec<_> = (builtin("en").expect("English").keys())
            .filter(|k| !doc.contains(&format!("| `{k}` |")))
            .collect();
        assert!(missing.is_empty(), "docs/languages.md lacks {missing:?}");
    }

    #[test]
    fn dates_follow_the_language() {
        assert_eq!(
            Messages::builtin("en-GB").date("2024-01-16"),
            "16 January 2024"
        );
        assert_eq!(Messages::builtin("cy").date("2024-06-01"), "1 Mehefin 2024");
        assert_eq!(Messages::builtin("cy").date("not a date"), "not a date");
        assert_eq!(Messages::builtin("en-GB").date("2024-03"), "March 2024");
        assert_eq!(Messages::builtin("cy").date("2024-03"), "Mawrth 2024");
    }

    #[test]
    fn placeholders_are_filled_and_unknown_braces_kept() {
        let m = Messages::builtin("en");
        assert_eq!(
            fill("{a} and {b} {c", &[("a", "1"), ("b", "2")]),
            "1 and 2 {c"
        );
        assert_eq!(m.get("no.such.key"), "no.such.key");
        assert_eq!(placeholders("{a} {b_2} {a} { x}"), vec!["a", "b_2"]);
    }

    #[test]
    fn ordinals_in_welsh_and_english() {
        let cy = Messages::builtin("cy");
        let got: Vec<String> = [1, 2, 3, 4, 5, 7, 11, 12, 13, 20]
            .map(|n| cy.ordinal(n))
            .into();
        assert_eq!(
            got,
            [
                "1af", "2il", "3ydd", "4ydd", "5ed", "7fed", "11eg", "12fed", "13eg", "20fed"
            ]
        );
        let en = Messages::builtin("en");
        let got: Vec<String> = [1, 2, 3, 4, 8, 11, 12, 13, 21, 22, 23, 101, 111]
            .map(|n| en.ordinal(n))
            .into();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "8th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th"
            ]
        );
    }

    #[test]
    fn an_unknown_language_falls_back_to_english() {
        let s = Strings::single("cy");
        assert_eq!(s.of("fr").tag, "cy");
        assert_eq!(
            Messages::builtin("fr").get("skip_link"),
            "Skip to main content"
        );
    }
}
