//! A dataset's text in another of the site's languages: the sidecar's
//! block for that language (`cy:`), laid over the default language's text
//! to make the dataset as a page in that language shows it
//! (docs/datasets.md, "In other languages").

use std::collections::BTreeMap;

use super::Dataset;

/// The sidecar's block for one language. Every field is optional: what is
/// not given is shown in the default language, and `check` says so.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DatasetText {
    pub title: Option<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub publisher: Option<String>,
    /// The caveats, in the same order as the default language's.
    pub caveats: Option<Vec<String>>,
    /// By column name (source or derived).
    pub columns: BTreeMap<String, ColumnText>,
    /// The totals row's label.
    pub totals: Option<String>,
    /// The periods the figures cover, as words (`Ebrill i Fedi 2023`).
    pub period: Option<crate::model::config::Period>,
    /// By footnote id.
    pub footnotes: BTreeMap<String, String>,
    /// 1-based line of the block's key in the sidecar, for messages.
    pub line: usize,
}

/// One column's words in another language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnText {
    pub label: Option<String>,
    pub description: Option<String>,
    pub unit: Option<String>,
}

impl DatasetText {
    /// Every text of the block, each with the key it is typed under, for
    /// the call engine and the checks (as the default text is visited).
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&'static str, &mut String)) {
        for (key, v) in [
            ("title", &mut self.title),
            ("description", &mut self.description),
            ("source", &mut self.source),
            ("publisher", &mut self.publisher),
            ("totals", &mut self.totals),
        ] {
            if let Some(s) = v {
                f(key, s);
            }
        }
        for c in self.caveats.iter_mut().flatten() {
            f("caveats", c);
        }
        for c in self.columns.values_mut() {
            for s in [&mut c.label, &mut c.description, &mut c.unit]
                .into_iter()
                .flatten()
            {
                f("columns", s);
            }
        }
        for s in self.footnotes.values_mut() {
            f("footnotes", s);
        }
        if let Some(p) = &mut self.period {
            for s in [&mut p.current, &mut p.previous] {
                if !s.is_empty() {
                    f("period", s);
                }
            }
        }
    }
}

impl Dataset {
    /// The dataset as a page in `lang` shows it: its text from the
    /// sidecar's block for `lang` where the block gives it, the default
    /// language's elsewhere; its page under the language's `prefix`
    /// (`/cy`). Figures, rows and downloads are the same in every language.
    pub fn translated(&self, lang: &str, prefix: &str) -> Dataset {
        let mut ds = self.clone();
        ds.translations.clear();
        ds.lang_prefix = prefix.to_string();
        let Some(t) = self.translations.get(lang) else {
            return ds;
        };
        let m = &mut ds.meta;
        for (to, from) in [
            (&mut m.title, &t.title),
            (&mut m.description, &t.description),
            (&mut m.source, &t.source),
            (&mut m.publisher, &t.publisher),
        ] {
            if let Some(s) = from {
                to.clone_from(s);
            }
        }
        if let Some(c) = &t.caveats {
            for (i, s) in c.iter().enumerate() {
                match m.caveats.get_mut(i) {
                    Some(to) => to.clone_from(s),
                    None => m.caveats.push(s.clone()),
                }
            }
        }
        for n in &mut m.footnotes {
            if let Some(s) = t.footnotes.get(&n.id) {
                n.text.clone_from(s);
            }
        }
        for c in &mut ds.columns {
            let Some(ct) = t.columns.get(&c.name) else {
                continue;
            };
            if let Some(s) = &ct.label {
                c.label.clone_from(s);
            }
            if ct.description.is_some() {
                c.description.clone_from(&ct.description);
            }
            if ct.unit.is_some() {
                c.unit.clone_from(&ct.unit);
            }
        }
        if let (Some(totals), Some(label)) = (&mut ds.totals, &t.totals) {
            totals.label.clone_from(label);
        }
        if let Some(p) = &t.period {
            let to = &mut ds.meta.period;
            for (to, from) in [
                (&mut to.current, &p.current),
                (&mut to.previous, &p.previous),
            ] {
                if !from.is_empty() {
                    to.clone_from(from);
                }
            }
        }
        ds
    }

    /// What the dataset shows in the default language but has no words
    /// for in `lang`, each named as the sidecar's block would name it
    /// (`title`, `columns.current.label`), in the sidecar's order.
    pub fn untranslated(&self, lang: &str) -> Vec<String> {
        let empty = DatasetText::default();
        let t = self.translations.get(lang).unwrap_or(&empty);
        let m = &self.meta;
        let mut out = Vec::new();
        // Only text with words in it needs them in another language: a
        // label such as `2025/26` reads the same in both.
        let mut want = |default: Option<&str>, has_own: bool, name: String| {
            if default.is_some_and(has_words) && !has_own {
                out.push(name);
            }
        };
        want(Some(&m.title), t.title.is_some(), "title".into());
        #[rustfmt::skip]
        want(Some(&m.description), t.description.is_some(), "description".into());
        want(Some(&m.source), t.source.is_some(), "source".into());
        let caveats = t.caveats.as_ref().map_or(0, Vec::len);
        if let Some(c) = m.caveats.get(caveats) {
            want(Some(c), false, "caveats".into());
        }
        let period = t.period.as_ref();
        #[rustfmt::skip]
        want(Some(&m.period.current), period.is_some_and(|p| !p.current.is_empty()), "period.current".into());
        #[rustfmt::skip]
        want(Some(&m.period.previous), period.is_some_and(|p| !p.previous.is_empty()), "period.previous".into());
        for c in self.published_columns().map(|(_, c)| c) {
            let ct = t.columns.get(&c.name);
            let own = |f: fn(&ColumnText) -> bool| ct.is_some_and(f);
            let name = &c.name;
            // A name Plainsight gives from the catalogue is in every
            // language already.
            let own_label = own(|c| c.label.is_some()) || self.catalogue_label_of(c).is_some();
            // A label the loader made from the column's name is still a
            // heading readers see.
            #[rustfmt::skip]
            want(Some(&c.label), own_label, format!("columns.{name}.label"));
            #[rustfmt::skip]
            want(c.description.as_deref(), own(|c| c.description.is_some()), format!("columns.{name}.description"));
            #[rustfmt::skip]
            want(c.unit.as_deref(), own(|c| c.unit.is_some()), format!("columns.{name}.unit"));
        }
        if let Some(totals) = &self.totals {
            // The built-in label has the catalogue's word in every language.
            let label = (totals.label != DEFAULT_TOTAL).then_some(totals.label.as_str());
            want(label, t.totals.is_some(), "totals".into());
        }
        for n in &m.footnotes {
            #[rustfmt::skip]
            want(Some(&n.text), t.footnotes.contains_key(&n.id), format!("footnotes.{}", n.id));
        }
        out
    }
}

/// Whether a text has words to translate, not only figures and signs.
fn has_words(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// One of the site's other languages, as [`super::Datasets::localise`]
/// needs it.
pub struct Language<'a> {
    pub lang: &'a str,
    /// Where its pages are published: `/cy`.
    pub prefix: &'a str,
    /// Its word for a totals row the sidecar gave no label.
    pub total: &'a str,
}

/// The label a totals row gets when the sidecar gives none.
pub const DEFAULT_TOTAL: &str = "Total";

impl super::Datasets {
    /// Makes each table as pages in each of `langs` show it (kept in
    /// `by_lang`), once the text of every dataset is final. With no other
    /// language, nothing is copied.
    pub fn localise(&mut self, langs: &[Language<'_>]) {
        self.by_lang.clear();
        for l in langs {
            let mut copy = super::Datasets {
                tables: BTreeMap::new(),
                yaml: self.yaml.clone(),
                failed: self.failed.clone(),
                renamed: self.renamed.clone(),
                by_lang: BTreeMap::new(),
            };
            for (name, ds) in &self.tables {
                let mut t = ds.translated(l.lang, l.prefix);
                let given = ds
                    .translations
                    .get(l.lang)
                    .is_some_and(|t| t.totals.is_some());
                if let Some(totals) = &mut t.totals
                    && !given
                    && totals.label == DEFAULT_TOTAL
                {
                    totals.label = l.total.to_string();
                }
                copy.tables.insert(name.clone(), t);
            }
            self.by_lang
                .insert(l.lang.to_string(), std::sync::Arc::new(copy));
        }
    }

    /// The datasets as pages in `lang` show them: the default language's
    /// when `lang` is the default or the site has one language.
    pub fn in_lang(&self, lang: &str) -> &super::Datasets {
        self.by_lang.get(lang).map_or(self, |d| d)
    }
}

impl Dataset {
    /// The catalogue key of the name Plainsight gives column `c` when the
    /// sidecar leaves it unlabelled (a derived column, or a targets table's
    /// status), which every language has; None for a label of the author's.
    pub fn catalogue_label(&self, c: usize) -> Option<&'static str> {
        self.catalogue_label_of(&self.columns[c])
    }

    fn catalogue_label_of(&self, col: &super::Column) -> Option<&'static str> {
        use super::schema::DerivedKind;
        match (&self.meta.targets, &col.derived) {
            (Some(t), _) if t.label.is_none() && t.status_column() == col.name => {
                Some("target.status")
            }
            (_, Some(d)) if d.label.is_none() => match d.kind {
                DerivedKind::Difference => Some("derived.difference"),
                DerivedKind::PercentChange => Some("derived.percent_change"),
                DerivedKind::Share => Some("derived.share"),
                DerivedKind::Rank => Some("derived.rank"),
                DerivedKind::Sum => Some("derived.sum"),
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_every_text_once() {
        let mut t = DatasetText {
            title: Some("Teitl".into()),
            caveats: Some(vec!["Un".into(), "Dau".into()]),
            ..Default::default()
        };
        t.columns.insert(
            "area".into(),
            ColumnText {
                label: Some("Ardal".into()),
                ..Default::default()
            },
        );
        let mut seen = Vec::new();
        t.visit_mut(&mut |k, s| seen.push(format!("{k}={s}")));
        assert_eq!(
            seen,
            ["title=Teitl", "caveats=Un", "caveats=Dau", "columns=Ardal"]
        );
    }

    #[test]
    fn only_words_need_translating() {
        assert!(has_words("Anti-social behaviour"));
        assert!(!has_words("2025/26"));
        assert!(!has_words("(%)"));
    }
}
