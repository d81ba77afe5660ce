//! Datasets and the glossary on a bilingual site: text a language's pages
//! show in the default language instead is a warning, as a page without
//! its translation is; a sidecar block for a language the site does not
//! have is an error (docs/datasets.md, "In other languages").

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::dataset::Dataset;
use crate::model::site::Site;

pub fn check(site: &Site) -> Diagnostics {
    let mut d = Diagnostics::new();
    let c = &site.config;
    let langs = c.langs();
    let default = c.default_lang();
    for ds in site.datasets.tables.values() {
        let file = ds.sidecar_path.as_ref().unwrap_or(&ds.csv_path);
        for (lang, t) in &ds.translations {
            if *lang == default || !langs.contains(lang) {
                d.push(
                    not_a_language(lang, &default, &langs[1..])
                        .in_file(file)
                        .at(t.line, 1),
                );
            }
        }
        for lang in langs.iter().skip(1) {
            if let Some(w) = untranslated(site, ds, lang) {
                d.push(w);
            }
        }
    }
    for lang in langs.iter().skip(1) {
        d.extend(glossary(site, lang));
    }
    d
}

fn not_a_language(lang: &str, default: &str, others: &[String]) -> Diagnostic {
    let (msg, hint) = if lang == default {
        (
            format!("`{lang}:` is the site's default language, whose words are the sidecar's own"),
            "write this language's words at the top of the sidecar, and take the block out"
                .to_string(),
        )
    } else {
        let have = if others.is_empty() {
            "the site has no other language".to_string()
        } else {
            format!("its other languages are: {}", others.join(", "))
        };
        (
            format!(
                "`{lang}:` is not one of the site's languages, so this block would never be shown"
            ),
            format!(
                "list `{lang}` under `languages:` in site.yaml (docs/languages.md), or check the spelling: {have}"
            ),
        )
    };
    Diagnostic::error(Code::Sidecar, msg).hint(hint)
}

/// One warning for a dataset whose text is not all in `lang`.
fn untranslated(site: &Site, ds: &Dataset, lang: &str) -> Option<Diagnostic> {
    let missing = ds.untranslated(lang);
    if missing.is_empty() {
        return None;
    }
    let name = language_name(site, lang);
    let (file, line) = match (&ds.sidecar_path, ds.translations.get(lang)) {
        (Some(p), Some(t)) => (p.clone(), t.line),
        (Some(p), None) => (p.clone(), 1),
        (None, _) => (ds.csv_path.clone(), 1),
    };
    let shown: Vec<&str> = missing.iter().take(6).map(String::as_str).collect();
    let more = missing.len() - shown.len();
    let list = if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    };
    Some(
        Diagnostic::warning(
            Code::TranslationMissing,
            format!("the dataset `{}` has no {name} ({lang}) for: {list}, so its pages in {name} show them in the default language", ds.name),
        )
        .in_file(file)
        .at(line, 1)
        .hint(format!("add them under `{lang}:` in the sidecar, e.g. `{lang}: {{ title: …, columns: {{ … }} }}` (docs/datasets.md, \"In other languages\")")),
    )
}

fn language_name(site: &Site, lang: &str) -> String {
    (site.strings.of(lang))
        .get(&format!("language.name.{lang}"))
        .to_string()
}

/// The glossary's terms with no words in `lang`: each empty cell of its
/// columns for `lang`, or, with no such columns, the glossary as a whole.
fn glossary(site: &Site, lang: &str) -> Diagnostics {
    let mut d = Diagnostics::new();
    let Some(ds) = (site.glossary.dataset.as_ref()).and_then(|n| site.datasets.tables.get(n))
    else {
        return d;
    };
    let name = language_name(site, lang);
    let (has_columns, cells) = crate::resolve::glossary::untranslated(ds, lang);
    if !has_columns {
        d.push(
            Diagnostic::warning(
                Code::TranslationMissing,
                format!("the glossary has no words in {name} ({lang}), so its pages in {name} explain terms in the default language"),
            )
            .in_file(&ds.csv_path)
            .at(1, 1)
            .hint(format!("add columns `term_{lang}`, `stands_for_{lang}` and `meaning_{lang}` with each term in {name} (docs/languages.md, \"The glossary\")")),
        );
        return d;
    }
    for (r, c) in cells {
        let pos = &ds.positions[r];
        d.push(
            Diagnostic::warning(
                Code::TranslationMissing,
                format!("`{}` has nothing in {name} under `{}`, so its pages in {name} show the default language's", ds.key_text(r), ds.columns[c].name),
            )
            .in_file(&ds.csv_path)
            .at(pos.line, pos.column(c))
            .hint(format!("write the {name} in this cell")),
        );
    }
    d
}
