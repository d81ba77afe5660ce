//! The glossary: terms from a dataset, defined on their own page and marked
//! where they are first used (src/resolve/glossary.rs builds it).

use serde::Serialize;

/// One entry of the glossary.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Term {
    pub term: String,
    /// The words an abbreviation stands for.
    pub stands_for: Option<String>,
    pub meaning: Option<String>,
    /// Anchor on the glossary page.
    pub id: String,
}

#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The dataset it came from, if any.
    pub dataset: Option<String>,
    /// In the dataset's order.
    pub terms: Vec<Term>,
    /// (abbreviation, expansion), longest first so `PCSO` wins over `PC`.
    pub abbreviations: Vec<(String, String)>,
    /// The glossary in each of the site's other languages, from the
    /// dataset's columns for it (`term_cy`, `stands_for_cy`, `meaning_cy`).
    pub by_lang: std::collections::BTreeMap<String, Glossary>,
}

impl Glossary {
    /// The glossary as pages in `lang` use it: the default language's when
    /// there is none for `lang`.
    pub fn in_lang(&self, lang: &str) -> &Glossary {
        self.by_lang.get(lang).unwrap_or(self)
    }
}
