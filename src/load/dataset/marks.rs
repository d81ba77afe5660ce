//! Missing figures as the CSV writes them: GSS shorthand typed in a cell
//! (`[x]`, `1,234 [p]`), and the source's own marks (`*`, `-`, `n/a`) that
//! the sidecar's `missing:` lists or maps to a symbol.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::dataset::symbol::{Mark, Symbol, split_marks};

use super::Source;

/// The marks of a missing figure the CSV may use, each with the symbol it
/// stands for (none: shown as "no data", as an empty cell is).
#[derive(Debug, Clone, Default)]
pub(super) struct MissingMarks {
    pub(super) marks: Vec<(String, Option<Symbol>)>,
}

impl MissingMarks {
    /// The marks alone, for the checks that read them as a list.
    pub(super) fn texts(&self) -> Vec<String> {
        self.marks.iter().map(|(m, _)| m.clone()).collect()
    }
    fn find(&self, t: &str) -> Option<Option<Symbol>> {
        (self.marks.iter())
            .find(|(m, _)| m.trim() == t)
            .map(|(_, s)| *s)
    }
}

/// The sidecar's `missing:`: absent (an empty cell is "no data"), a list of
/// marks (each "no data", as before symbols), or a mapping from each mark
/// to its symbol: `missing: {"*": c, "-": z, "n/a": x}`.
pub(super) fn missing_marks(
    v: Option<&yaml_serde::Value>,
    source: &Source,
    diags: &mut Diagnostics,
) -> MissingMarks {
    let line = crate::load::yaml::key_line(source.sidecar, "missing");
    let err = |msg: String| {
        Diagnostic::error(Code::Sidecar, msg)
            .in_file(source.sidecar_file())
            .at(line, 1)
            .hint(format!(
                "map each mark to a GSS symbol, e.g. `missing: {{\"*\": c, \"-\": z, \"n/a\": x}}`; the symbols are {}",
                Symbol::codes()
            ))
    };
    let text = |v: &yaml_serde::Value| match v {
        yaml_serde::Value::String(s) => Some(s.clone()),
        yaml_serde::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let mut out = MissingMarks::default();
    match v {
        None => out.marks.push((String::new(), None)),
        Some(yaml_serde::Value::Sequence(items)) => {
            for i in items {
                match text(i) {
                    Some(t) => out.marks.push((t, None)),
                    None => diags.push(err(
                        "`missing:` lists marks of a missing figure as text, e.g. `\"-\"`".into(),
                    )),
                }
            }
        }
        Some(yaml_serde::Value::Mapping(m)) => {
            // An empty cell is still "no data" unless the map says otherwise.
            if !m
                .keys()
                .any(|k| text(k).is_some_and(|t| t.trim().is_empty()))
            {
                out.marks.push((String::new(), None));
            }
            for (k, v) in m {
                let Some(mark) = text(k) else {
                    diags.push(err("`missing:` maps marks written as text".into()));
                    continue;
                };
                match text(v).as_deref().map(Symbol::parse) {
                    Some(Some(s)) if s.replaces_figure() => out.marks.push((mark, Some(s))),
                    Some(Some(s)) => diags.push(err(format!(
                        "`missing:` maps `{mark}` to {}, which qualifies a figure that is shown; a missing figure is one of [c], [low], [w], [x], [z]",
                        s.shown()
                    ))),
                    _ => diags.push(err(format!(
                        "`missing:` maps `{mark}` to `{}`, which is not a GSS symbol",
                        text(v).unwrap_or_else(|| yaml_serde::to_string(v).unwrap_or_default().trim().to_string())
                    ))),
                }
            }
        }
        Some(_) => diags.push(err(
            "`missing:` is a list of marks or a mapping from each mark to a symbol".into(),
        )),
    }
    out
}

/// What the marks of one CSV value say, before it is read as its type.
pub(super) enum Read<'a> {
    /// No figure: the mark it had, if any.
    Missing(Option<Mark>),
    /// A figure to read from this text, qualified by these marks.
    Flagged(&'a str, Mark),
    /// A value with no marks at all.
    Plain,
    /// A symbol that stands in for a figure, written beside one: `5 [c]`.
    Both(Symbol),
}

pub(super) fn read<'a>(value: &'a str, missing: &MissingMarks, numeric: bool) -> Read<'a> {
    let t = value.trim();
    if let Some(s) = missing.find(t) {
        return Read::Missing(s.map(|s| Mark::of(vec![s])));
    }
    // Text columns keep their brackets: "[see note 2]" is an author's text.
    let Some((body, symbols)) = split_marks(t).filter(|_| numeric) else {
        return Read::Plain;
    };
    match symbols.iter().copied().find(|s| s.replaces_figure()) {
        Some(s) if !body.is_empty() => Read::Both(s),
        Some(_) => Read::Missing(Some(Mark::of(symbols))),
        None if body.is_empty() => Read::Missing(Some(Mark::of(symbols))),
        None => Read::Flagged(body, Mark::of(symbols)),
    }
}

/// The text of a value's figure, for guessing a column's type: None for
/// a missing figure, the figure without its marks otherwise.
pub(super) fn figure_text<'a>(value: &'a str, missing: &MissingMarks) -> Option<&'a str> {
    match read(value, missing, true) {
        Read::Missing(_) | Read::Both(_) => None,
        Read::Flagged(body, _) => Some(body),
        Read::Plain => Some(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(m: &[(&str, Option<Symbol>)]) -> MissingMarks {
        MissingMarks {
            marks: m.iter().map(|(t, s)| (t.to_string(), *s)).collect(),
        }
    }

    #[test]
    fn reads_symbols_and_mapped_marks() {
        let m = marks(&[("", None), ("*", Some(Symbol::Confidential))]);
        assert!(matches!(read("", &m, true), Read::Missing(None)));
        assert!(
            matches!(read(" * ", &m, true), Read::Missing(Some(ref k)) if k.symbols == [Symbol::Confidential])
        );
        assert!(
            matches!(read("[x]", &m, true), Read::Missing(Some(ref k)) if k.symbols == [Symbol::NotAvailable])
        );
        assert!(matches!(
            read("1,234 [p]", &m, true),
            Read::Flagged("1,234", _)
        ));
        assert!(matches!(
            read("5 [c]", &m, true),
            Read::Both(Symbol::Confidential)
        ));
        // In a text column, brackets are the author's.
        assert!(matches!(read("[x]", &m, false), Read::Plain));
        assert_eq!(figure_text("12 [e]", &m), Some("12"));
        assert_eq!(figure_text("[z]", &m), None);
    }
}
