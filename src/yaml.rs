//! Parsing YAML into typed structures with errors that point at the file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, suggest};

/// Parses `src` (YAML that starts at line `first_line` of `file`) into `T`.
///
/// Unknown keys come back with a "did you mean" hint when one is close.
pub fn parse<T: DeserializeOwned>(
    src: &str,
    file: &Path,
    first_line: usize,
    code: &'static str,
    what: &str,
) -> Result<T, Diagnostic> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    serde_yaml::from_str::<T>(src).map_err(|e| to_diagnostic(&e, src, file, first_line, code, what))
}

pub fn to_diagnostic(
    e: &serde_yaml::Error,
    src: &str,
    file: &Path,
    first_line: usize,
    code: &'static str,
    what: &str,
) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; the location is shown separately.
    let msg = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let (line, col) = match e.location() {
        Some(loc) => (loc.line(), loc.column()),
        None => (1, 1),
    };
    let mut d = Diagnostic::error(code, format!("{what}: {}", tidy(&msg)))
        .in_file(file)
        .at(line + first_line - 1, col);
    if let Some(h) = hint_for(&tidy(&msg), src) {
        d = d.hint(h);
    }
    d.label(label_for(&msg))
}

fn tidy(msg: &str) -> String {
    msg.replace("unknown variant", "unknown value")
}

fn label_for(msg: &str) -> String {
    if msg.contains("unknown field") {
        "this key is not known".into()
    } else if msg.contains("missing field") {
        "a required key is missing here".into()
    } else if msg.contains("invalid type") {
        "wrong kind of value".into()
    } else {
        "here".into()
    }
}

/// The word serde complains about after `marker`, and the alternatives it
/// lists ("expected one of `a`, `b`" or "expected `a` or `b`").
fn word_and_expected<'m>(msg: &'m str, marker: &str) -> Option<(&'m str, Vec<&'m str>)> {
    let rest = msg.split(marker).nth(1)?;
    let word = rest.split('`').next()?;
    let expected = rest
        .split("expected one of ")
        .nth(1)
        .or_else(|| rest.split("expected ").nth(1))
        .map(|s| {
            s.split(", ")
                .flat_map(|w| w.split(" or "))
                .map(|w| w.trim_matches(|c| c == '`' || c == ' '))
                .collect()
        })
        .unwrap_or_default();
    Some((word, expected))
}

fn hint_for(msg: &str, src: &str) -> Option<String> {
    if let Some((word, expected)) = word_and_expected(msg, "unknown field `") {
        return Some(match suggest(word, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if !expected.is_empty() => format!("known keys are: {}", expected.join(", ")),
            None => "remove this key".into(),
        });
    }
    if let Some((word, expected)) = word_and_expected(msg, "unknown value `") {
        return Some(match suggest(word, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of: {}", expected.join(", ")),
        });
    }
    if msg.contains("missing field `") {
        let field = msg.split("missing field `").nth(1)?.split('`').next()?;
        return Some(format!("add `{field}: ...`"));
    }
    if msg.contains("found character that cannot start any token") && src.contains('\t') {
        return Some("YAML does not allow tabs for indentation; use spaces".into());
    }
    if msg.contains("duplicate entry") {
        return Some("each key may appear once; remove or rename the repeated one".into());
    }
    if msg.contains("did not find expected") || msg.contains("while parsing") {
        return Some(
            "check quotes and brackets: a value with `:`, `[` or `#` in it needs quotes".into(),
        );
    }
    if msg.contains("repetition limit") || msg.contains("recursion limit") {
        return Some("anchors and aliases expand too far; write the values out".into());
    }
    None
}

/// 1-based line (within `src`) of the first top-level `key:`; 1 if not found.
pub fn key_line(src: &str, key: &str) -> usize {
    src.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        base_url: Option<String>,
    }

    #[test]
    fn unknown_key_suggests() {
        let e = parse::<T>(
            "title: a\nbase_ur: b\n",
            Path::new("site.yaml"),
            1,
            "config",
            "site.yaml",
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.column, 1);
        assert_eq!(e.hint.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn offset_lines() {
        let e = parse::<T>("title: [a\n", Path::new("x.md"), 2, "fm", "front matter").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
    }

    #[test]
    fn key_lines() {
        assert_eq!(key_line("a: 1\ndate : 2\n", "date"), 2);
        assert_eq!(key_line("a: 1\n", "date"), 1);
    }
}
