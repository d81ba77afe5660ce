//! Figures placed from data, marked up so that each is one step from its
//! source: the figure in the text is a link to its row on the dataset's
//! page, and carries its unrounded value in a `data` element; the page ends
//! with a list of its figures and how each was worked out.
//!
//! The link is the figure itself, underlined as every link is, so prose
//! stays readable: no icon after each number, nothing that appears only on
//! hover, and a keyboard or screen-reader user reaches it as any link.

use std::fmt::Write;

use crate::model::i18n::Messages;
use crate::render::functions::Placed;
use crate::util::html::escape;

/// Whether a call's expression is one `value(...)` or `count(...)` and
/// nothing else (no filter, no sum): only then is its output the figure.
pub fn is_bare_value(expr: &str) -> bool {
    let e = expr.trim();
    let Some(args) = e.strip_prefix("value").or_else(|| e.strip_prefix("count")) else {
        return false;
    };
    let args = args.trim_start();
    if !args.starts_with('(') {
        return false;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = args.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1 == args.len();
                }
            }
            _ => {}
        }
    }
    false
}

/// The figure `text` (as the call printed it, escaped for Markdown) linked
/// to its row and marked with its value.
pub fn markup(f: &Placed, text: &str, words: &Messages) -> String {
    let mut s = format!(
        "<a class=\"figure\" href=\"{}\"><data value=\"{}\">{text}</data></a>",
        escape(&f.url),
        f.value
    );
    // A corrected figure says so where it stands, in words, linking to the
    // correction's notice.
    if let Some(url) = &f.correction {
        let _ = write!(
            s,
            " <a class=\"correction-marker\" href=\"{}\">{}</a>",
            escape(url),
            escape(words.get("figure.corrected"))
        );
    }
    s
}

/// The id of the list's heading, unless the page already has one of that
/// name.
fn list_id(taken: &dyn Fn(&str) -> bool) -> String {
    let base = "figures-on-this-page";
    let mut id = base.to_string();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// "Figures on this page": each figure once, its dataset, row and column,
/// and the working of a derived one. Empty when no figure was placed.
pub fn list(
    figures: &[Placed],
    taken: &dyn Fn(&str) -> bool,
    w: &crate::model::i18n::Messages,
) -> String {
    let mut seen = std::collections::HashSet::new();
    let unique: Vec<&Placed> = figures
        .iter()
        .filter(|f| seen.insert((&f.dataset, &f.row, &f.column, &f.shown)))
        .collect();
    if unique.is_empty() {
        return String::new();
    }
    let id = list_id(taken);
    let mut s = format!(
        "\n<section class=\"figures\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>\n<p>{}</p>\n<ul class=\"figures__list\">\n",
        escape(w.get("figures.heading")),
        escape(w.get("figures.intro")),
    );
    let html = |key: &str, args: &[(&str, &str)]| crate::render::table::fill_html(w, key, args);
    for f in unique {
        let dataset = format!(
            "<a href=\"{}\">{}</a>",
            // The row's link is on the dataset's page in the page's language.
            escape(f.url.split('#').next().unwrap_or_default()),
            escape(&f.dataset_title)
        );
        let _ = write!(
            s,
            "<li><a class=\"figure\" href=\"{}\"><data value=\"{}\">{}</data></a>: {}",
            escape(&f.url),
            f.value,
            escape(&f.shown),
            html(
                "figures.item",
                &[
                    ("column", &escape(&f.column)),
                    ("row", &escape(&f.row)),
                    ("dataset", &dataset)
                ]
            ),
        );
        if let Some(working) = &f.working {
            let span = format!("<span class=\"working\">{}</span>", escape(working));
            let _ = write!(s, ". {}", html("figures.working", &[("working", &span)]));
        }
        s.push_str(".</li>\n");
    }
    s.push_str("</ul>\n</section>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_value_call_is_told_from_an_expression() {
        assert!(is_bare_value(r#" value(data="a", row="b", col="c") "#));
        assert!(is_bare_value(r#"value(data="a)", row="(b", col='c')"#));
        assert!(!is_bare_value(
            r#"value(data="a", row="b", col="c") | upper"#
        ));
        assert!(!is_bare_value(r#"value(data="a") ~ value(data="b")"#));
        assert!(!is_bare_value(r#"table(data="a")"#));
        assert!(!is_bare_value("values(x)"));
        assert!(!is_bare_value("value("));
    }

    #[test]
    fn lists_each_figure_once_with_its_working() {
        let f = Placed {
            dataset: "crime".into(),
            dataset_title: "Crime <by> district".into(),
            row: "Ashford".into(),
            column: "Change (%)".into(),
            shown: "−6.7%".into(),
            value: -6.666,
            working: Some("(a − b) ÷ b × 100".into()),
            url: "/data/crime/#row-ashford".into(),
            correction: None,
        };
        let en = crate::model::i18n::Messages::builtin("en-GB");
        let html = list(&[f.clone(), f], &|id| id == "figures-on-this-page", &en);
        assert_eq!(html.matches("<li>").count(), 1);
        assert!(html.contains("id=\"figures-on-this-page-2\""));
        assert!(html.contains("Crime &lt;by&gt; district"));
        assert!(html.contains("<data value=\"-6.666\">−6.7%</data>"));
        assert!(list(&[], &|_| false, &en).is_empty());
    }
}
