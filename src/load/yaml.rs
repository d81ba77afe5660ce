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
    code: crate::diagnostic::Code,
    what: &str,
) -> Result<T, Diagnostic> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let aliases = alias_positions(src);
    if aliases.len().saturating_mul(src.len()) > ALIAS_BUDGET {
        let (line, col) = crate::diagnostic::line_col(src, aliases[0]);
        return Err(Diagnostic::error(
            code,
            format!("{what}: its {} aliases (`*name`) could expand it beyond {} MB", aliases.len(), ALIAS_BUDGET / (1024 * 1024)),
        )
        .in_file(file)
        .at(line + first_line - 1, col)
        .width(1)
        .hint("write the repeated values out, or use fewer aliases: each one copies its anchor's whole value"));
    }
    yaml_serde::from_str::<T>(src).map_err(|e| to_diagnostic(&e, src, file, first_line, code, what))
}

/// How far aliases may copy a document: the number of aliases times its
/// size. yaml_serde refuses exponential expansion (the "billion laughs"),
/// but an anchor of K items used K times grows as K², which its limit lets
/// through: 10 KB became 350 MB. Each alias copies at most the whole
/// document, so this bound holds for every file yaml_serde itself accepts.
pub const ALIAS_BUDGET: usize = 16 * 1024 * 1024;

/// Byte offsets of what may be aliases: `*` starting a value (after a
/// space, `[`, `{`, `,`, `:` or at a line's start) and followed by a name.
/// It may count a `*` inside quoted text too; that only makes the bound
/// more careful.
fn alias_positions(src: &str) -> Vec<usize> {
    let b = src.as_bytes();
    (0..b.len())
        .filter(|&i| {
            b[i] == b'*'
                && (i == 0
                    || matches!(
                        b[i - 1],
                        b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':' | b'-'
                    ))
                && b.get(i + 1)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        })
        .collect()
}

pub fn to_diagnostic(
    e: &yaml_serde::Error,
    src: &str,
    file: &Path,
    first_line: usize,
    code: crate::diagnostic::Code,
    what: &str,
) -> Diagnostic {
    let full = e.to_string();
    // yaml_serde writes each position into the text (" at line L column C",
    // once for the problem and once for what was being read); positions are
    // shown separately, in the file's own lines, so they come out of the text.
    let (msg, marks) = strip_marks(&full);
    let msg = tidy(&msg);
    let at_byte = byte_position(&msg);
    let msg = match (at_byte, msg.rfind(" at position ")) {
        (Some(_), Some(i)) => msg[..i].to_string(),
        _ => msg,
    };
    let problem = e
        .location()
        .map(|l| (l.line(), l.column()))
        .or_else(|| marks.first().copied());
    let Shown {
        msg,
        at: (line, col),
        label,
        note,
    } = place(msg, src, problem, &marks, at_byte, first_line);
    let src_line = src.lines().nth(line.saturating_sub(1));
    // libyaml names a tab only when it breaks an indentation it was
    // already reading; otherwise it is a "character that cannot start any
    // token", which the author cannot see.
    let at_tab = src_line.and_then(|l| l.chars().nth(col.saturating_sub(1))) == Some('\t');
    let msg = if at_tab && !msg.contains("tab") {
        format!("a tab character is not allowed here ({msg})")
    } else {
        msg
    };
    // `title:Plan` is one string to YAML, so the whole file reads as text
    // and the message quotes it; the line without its space is the fix.
    let (msg, line, col) = match no_space_after_colon(&msg, src) {
        Some((l, key)) => (
            format!(
                "`{key}:` has no space after the colon, so YAML reads the line as text, not as `{key}` and its value"
            ),
            l,
            1,
        ),
        None => (msg, line, col),
    };
    let mut d = Diagnostic::error(code, format!("{what}: {msg}"))
        .in_file(file)
        .at(line + first_line - 1, col);
    // Text pasted from Word arrives with curly quotes, which YAML reads as
    // ordinary letters: a `:` inside such a value then looks like a key.
    let curly =
        src_line.is_some_and(|l| l.contains(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']));
    if curly {
        d = d.hint("this line has curly quotes (“ ” ‘ ’), pasted from a word processor: YAML does not read them as quotes; put the value in straight quotes, e.g. title: \"“Aim: fewer victims”\" keeps the curly ones as text");
    } else if let Some(h) = hint_for(&msg) {
        d = d.hint(h);
    }
    if let Some(n) = note {
        d = d.note(n);
    }
    d.label(label)
}

/// For a file read as one string: the first line whose key has no space
/// after its colon (`title:Plan`), and the key.
fn no_space_after_colon(msg: &str, src: &str) -> Option<(usize, String)> {
    if !msg.contains("invalid type: string") {
        return None;
    }
    src.lines().enumerate().find_map(|(i, l)| {
        let t = l.trim_start().trim_start_matches("- ");
        let (key, rest) = t.split_once(':')?;
        let ok_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let glued = rest
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '/');
        (ok_key && glued).then(|| (i + 1, key.to_string()))
    })
}

/// Where a YAML error is shown (within `src`), with the message, the label
/// under the place and a note.
struct Shown {
    msg: String,
    at: (usize, usize),
    label: String,
    note: Option<String>,
}

/// Where the author has to look, which is not always where the YAML reader
/// noticed the problem (`problem`, with the other positions in `marks`).
fn place(
    msg: String,
    src: &str,
    problem: Option<(usize, usize)>,
    marks: &[(usize, usize)],
    at_byte: Option<usize>,
    first_line: usize,
) -> Shown {
    if let Some(opened) = unclosed_opener(&msg, problem, marks) {
        return unclosed(msg, opened, problem, first_line);
    }
    let (at, label) = if let Some(key) = duplicate_key(&msg) {
        // serde reports a repeated key at the start of its mapping, which is
        // the first occurrence; the repeat is the line to change.
        let start = problem.unwrap_or((1, 1));
        let at = repeated_key(src, &key, start).unwrap_or(start);
        (at, "this key is repeated".into())
    } else if msg.contains("more than one document") {
        let at = second_document(src).unwrap_or((1, 1));
        (at, "a second YAML document starts here".into())
    } else if let Some(at) = at_byte {
        // A few messages give a byte offset instead of a line and column.
        (crate::diagnostic::line_col(src, at), label_for(&msg))
    } else if msg.contains("repetition limit") {
        // The expansion is found while the whole mapping is read; the
        // aliases that cause it begin at the first `*`.
        let at = first_alias(src).unwrap_or((1, 1));
        (at, "aliases are expanded from here".into())
    } else {
        (problem.unwrap_or((1, 1)), label_for(&msg))
    };
    Shown {
        msg,
        at,
        label,
        note: None,
    }
}

/// An unclosed `[`, `{` or quote is only noticed where the parser gives up,
/// often the end of the YAML; the author needs the opener.
fn unclosed(
    msg: String,
    opened: (usize, usize),
    problem: Option<(usize, usize)>,
    first_line: usize,
) -> Shown {
    let msg = if msg.contains("flow sequence") {
        format!("the list opened with `[` here is never closed ({msg})")
    } else if msg.contains("flow mapping") {
        format!("the mapping opened with `{{` here is never closed ({msg})")
    } else {
        format!("the quoted text that starts here is never closed ({msg})")
    };
    let note =
        problem.map(|(l, _)| format!("the YAML reader gave up at line {}", l + first_line - 1));
    Shown {
        msg,
        at: opened,
        label: "opened here and never closed".into(),
        note,
    }
}

/// The message without its " at line L column C" positions, and the
/// positions in the order written.
fn strip_marks(full: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(full.len());
    let mut marks = Vec::new();
    let mut rest = full;
    while let Some(i) = rest.find(" at line ") {
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let n = digits(after);
        let parsed = after[n..].strip_prefix(" column ").and_then(|c| {
            let m = digits(c);
            let line = after[..n].parse().ok()?;
            let col = c[..m].parse().ok()?;
            Some(((line, col), after.len() - (c.len() - m)))
        });
        match parsed {
            Some((mark, used)) if n > 0 => {
                out.push_str(&rest[..i]);
                marks.push(mark);
                rest = &after[used..];
            }
            _ => {
                out.push_str(&rest[..i + 1]);
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    (out, marks)
}

/// Where an unclosed flow list, flow mapping or quoted string opened, when
/// the message is about one that runs on past its own line.
fn unclosed_opener(
    msg: &str,
    problem: Option<(usize, usize)>,
    marks: &[(usize, usize)],
) -> Option<(usize, usize)> {
    let reading = [
        "while parsing a flow sequence",
        "while parsing a flow mapping",
        "while scanning a quoted scalar",
    ];
    if !reading.iter().any(|r| msg.contains(r)) {
        return None;
    }
    let opened = *marks.get(1)?;
    match problem {
        Some((l, _)) if l == opened.0 => None,
        _ => Some(opened),
    }
}

/// The key named by a "duplicate field" or "duplicate entry" message.
fn duplicate_key(msg: &str) -> Option<String> {
    if let Some(rest) = msg.split("duplicate field `").nth(1) {
        return rest.split('`').next().map(str::to_string);
    }
    let rest = msg.split("duplicate entry with key ").nth(1)?;
    let rest = rest.strip_prefix('"')?;
    rest.split('"').next().map(str::to_string)
}

/// Line and column of the second `key:` in the mapping that starts at
/// `start` (serde's position for a repeated key).
fn repeated_key(src: &str, key: &str, start: (usize, usize)) -> Option<(usize, usize)> {
    let (line0, col0) = start;
    let lines: Vec<&str> = src.lines().collect();
    let first = *lines.get(line0.checked_sub(1)?)?;
    let is_key = |t: &str| {
        let t = t.trim_start_matches(['{', ',', ' ']);
        [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                t.strip_prefix(k.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
    };
    // A flow mapping on one line: `{a: 1, a: 2}`.
    let from: String = first.chars().skip(col0 - 1).collect();
    if from.starts_with('{') {
        let mut seen = 0;
        for (col, (i, c)) in (col0..).zip(from.char_indices()) {
            if (c == '{' || c == ',') && is_key(&from[i + c.len_utf8()..]) {
                seen += 1;
                if seen == 2 {
                    let skip = from[i + 1..].chars().take_while(|c| *c == ' ').count();
                    return Some((line0, col + 1 + skip));
                }
            }
        }
        return None;
    }
    let indent = col0 - 1;
    let mut seen = 0;
    for (i, l) in lines.iter().enumerate().skip(line0 - 1) {
        let t = l.trim_start();
        let lead = l.chars().count() - t.chars().count();
        let here = if i == line0 - 1 {
            from.as_str()
        } else if t.is_empty() || t.starts_with('#') || lead > indent {
            continue;
        } else if lead < indent {
            break;
        } else {
            t
        };
        if is_key(here) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, indent + 1));
            }
        }
    }
    None
}

/// The byte offset in "... at position N".
fn byte_position(msg: &str) -> Option<usize> {
    let rest = &msg[msg.rfind(" at position ")? + " at position ".len()..];
    rest.trim_end().parse().ok()
}

/// Line and column of the first alias (`*name`) in `src`.
fn first_alias(src: &str) -> Option<(usize, usize)> {
    src.lines().enumerate().find_map(|(i, l)| {
        let at = l
            .char_indices()
            .find(|&(j, c)| {
                c == '*'
                    && l[..j].ends_with([' ', '[', ',', '{'])
                    && l[j + 1..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })?
            .0;
        Some((i + 1, l[..at].chars().count() + 1))
    })
}

/// Where a second YAML document begins (`---` or a `%` directive after the
/// first content).
fn second_document(src: &str) -> Option<(usize, usize)> {
    let mut content = false;
    for (i, l) in src.lines().enumerate() {
        let t = l.trim_end();
        if content && (t == "---" || t.starts_with("--- ") || t.starts_with('%') || t == "...") {
            return Some((i + 1, 1));
        }
        if !t.is_empty() && !t.starts_with('#') {
            content = true;
        }
    }
    None
}

/// serde's words for Rust types, in the words of someone writing YAML.
fn tidy(msg: &str) -> String {
    msg.replace("unknown variant", "unknown value")
        .replace("expected u32", "expected a whole number, 0 or more")
        .replace("expected u64", "expected a whole number, 0 or more")
        .replace("expected usize", "expected a whole number, 0 or more")
        .replace("expected i64", "expected a whole number")
        .replace("expected i32", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("JSON number out of range", "number too big to store")
}

/// A message from serde about a value (not a whole file), made readable,
/// and what to do about it: for callers that deserialize part of a file
/// themselves (a sidecar's column descriptions).
pub fn explain(msg: &str) -> (String, Option<String>) {
    let (msg, _) = strip_marks(msg);
    let msg = tidy(&msg);
    let hint = hint_for(&msg);
    (msg, hint)
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

fn hint_for(msg: &str) -> Option<String> {
    if msg.contains("unknown field `<<`") {
        return Some("merge keys (`<<:`) are not supported; write the keys out".into());
    }
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
    if let Some(rest) = msg.split("missing field `").nth(1) {
        let field = rest.split('`').next()?;
        return Some(format!("add `{field}: ...`"));
    }
    HINTS
        .iter()
        .find(|(matches, _)| matches(msg))
        .map(|(_, hint)| hint.to_string())
}

/// Whether a (tidied) message is one a hint is for.
type Matches = fn(&str) -> bool;

/// Hints for messages known by their words alone, tried in order: the first
/// that matches wins, so the general ones come last. (A message can quote
/// the author's value, words and all, so the order matters.)
const HINTS: &[(Matches, &str)] = &[
    (
        |m| m.contains("has no space after the colon"),
        "put a space after the colon: `key: value`",
    ),
    (
        |m| m.starts_with("the mapping opened with `{` here is never closed"),
        "close it with `}` where the mapping ends, e.g. `area: { label: Area, type: text }`; quotes are not the fix here",
    ),
    (
        |m| m.starts_with("the list opened with `[` here is never closed"),
        "close it with `]` where the list ends, e.g. `columns: [current, previous]`",
    ),
    (
        |m| m.contains("tab character"),
        "YAML does not allow tabs for indentation; use spaces",
    ),
    (
        |m| m.contains("duplicate entry") || m.contains("duplicate field"),
        "each key may appear once; remove or rename the repeated one",
    ),
    (
        |m| m.contains("unknown anchor"),
        "an alias such as `*name` must refer to an `&name` anchor written above it",
    ),
    (
        |m| m.contains("more than one document"),
        "a line with only `---` (or `...`) ends the YAML; remove it",
    ),
    (
        |m| m.contains("mapping values are not allowed"),
        "a value with `: ` in it needs quotes, e.g. `description: \"Aim: fewer victims\"`; or this line is indented further than the key above it",
    ),
    (
        |m| m.contains("invalid type: string") && m.contains("expected struct"),
        "write each setting as `key: value`, with a space after the colon",
    ),
    (
        |m| m.contains("did not find expected key"),
        "each line here must be `key: value`; a `- item` line belongs under a key such as `progress:`, indented",
    ),
    (
        |m| m.contains("while scanning a quoted scalar"),
        "end the quoted text with the same quote mark it starts with; a `\"` inside it is written `\\\"`, a `'` inside single quotes is written `''`",
    ),
    (
        |m| m.contains("cannot start any token"),
        "a value that starts with `@`, a backtick, `%` or another special character needs quotes, e.g. `title: \"@home\"`",
    ),
    (
        |m| m.contains("control characters are not allowed"),
        "remove the invisible control character here (often pasted in from another program)",
    ),
    (
        |m| {
            m.contains("invalid type: sequence, expected a string")
                || m.contains("invalid type: map, expected a string")
        },
        "this takes one piece of text; put text with `[`, `{` or `: ` in it in quotes",
    ),
    (
        |m| m.contains("expected a sequence"),
        "this takes a list: `[one, two]`, or one `- item` per line below it",
    ),
    (
        |m| m.contains("expected a boolean"),
        "write true or false, without quotes",
    ),
    (
        |m| m.contains("expected a whole number"),
        "write a whole number such as 1 or 20, without quotes",
    ),
    (
        |m| m.contains("expected a YAML mapping") || m.contains("expected struct"),
        "this takes `key: value` lines, indented below it",
    ),
    (
        |m| m.contains("expected a string key"),
        "keys must be plain names, not lists or mappings",
    ),
    (
        |m| m.contains("number too big"),
        "put a long number in quotes to keep it as text, e.g. `\"123456789012345678901234\"`",
    ),
    (
        |m| m.contains("did not find expected") || m.contains("while parsing"),
        "check quotes and brackets: a value with `:`, `[` or `#` in it needs quotes",
    ),
    (
        |m| m.contains("repetition limit"),
        "anchors and aliases expand too far; write the values out",
    ),
    (
        |m| m.contains("recursion limit"),
        "the values are nested too deeply; flatten them",
    ),
    (
        |m| m.contains("untagged enum Lettering"),
        "write `lettered: true`, `lettered: false` or a word such as `lettered: Annex`",
    ),
];

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

/// Line and column of `needle` typed under the top-level key `top` of a
/// YAML text, searched from the key on; the key's own line when the text
/// cannot be found as typed (YAML escapes, folding).
pub fn locate_in_yaml(yaml: &str, top: &str, needle: &str) -> (usize, usize) {
    let key_line = key_line(yaml, top);
    let start = line_start(yaml, key_line);
    match find_typed(&yaml[start..], needle) {
        Some(i) => crate::diagnostic::line_col(yaml, start + i),
        None => (key_line, 1),
    }
}

/// Byte offset of a 1-based line.
pub fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

/// Where the first line of `needle` was typed in `hay`: as it is, or as it
/// is written inside YAML double quotes (`\"` for `"`); else, for a call,
/// its opening braces, which YAML never escapes.
pub fn find_typed(hay: &str, needle: &str) -> Option<usize> {
    let first = needle.lines().next().unwrap_or("").trim();
    if first.is_empty() {
        return None;
    }
    let quoted = first.replace('\\', "\\\\").replace('"', "\\\"");
    hay.find(first)
        .or_else(|| hay.find(&quoted))
        .or_else(|| needle.starts_with("{{").then(|| hay.find("{{")).flatten())
}

/// Byte offset in a YAML text where a field under the top-level key `top`
/// starts: where its text as typed (`typed`) is found from the key on, or
/// the key's own line.
pub fn field_start(yaml: &str, top: &str, typed: Option<&str>) -> usize {
    let start = line_start(yaml, key_line(yaml, top));
    typed
        .and_then(|t| find_typed(&yaml[start..], t))
        .map_or(start, |i| start + i)
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
            crate::diagnostic::Code::Config,
            "site.yaml",
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.column, 1);
        assert_eq!(e.hint.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn offset_lines() {
        let e = parse::<T>(
            "title: [a\n",
            Path::new("x.md"),
            2,
            crate::diagnostic::Code::FrontMatter,
            "front matter",
        )
        .unwrap_err();
        assert!(e.line >= 2, "{e:?}");
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Loose {
        title: String,
        #[serde(default)]
        extra: yaml_serde::Mapping,
    }

    fn err(src: &str) -> Diagnostic {
        parse::<Loose>(
            src,
            Path::new("x.md"),
            2,
            crate::diagnostic::Code::FrontMatter,
            "front matter",
        )
        .unwrap_err()
    }

    #[test]
    fn repeated_keys_point_at_the_repeat() {
        let e = err("title: A\nextra: {}\ntitle: B\n");
        assert_eq!((e.line, e.column), (4, 1), "{e:?}");
        assert!(e.message.contains("duplicate field `title`"), "{e:?}");
        let e = err("title: A\nextra:\n  a: 1\n  b: 2\n  a: 3\n");
        assert_eq!((e.line, e.column), (6, 3), "{e:?}");
        let e = err("title: A\nextra: {a: 1, a: 2}\n");
        assert_eq!((e.line, e.column), (3, 15), "{e:?}");
    }

    #[test]
    fn unclosed_brackets_and_quotes_point_at_the_opener() {
        let e = err("title: A\nextra:\n  tags: [one, two\n");
        assert_eq!((e.line, e.column), (4, 9), "{e:?}");
        assert!(!e.message.contains("at line"), "{e:?}");
        let e = err("title: \"open\nextra: {}\n");
        assert_eq!((e.line, e.column), (2, 8), "{e:?}");
    }

    #[test]
    fn marks_come_out_of_the_message() {
        let (m, marks) = strip_marks("bad at line 5 column 1, while x at line 4 column 9");
        assert_eq!(m, "bad, while x");
        assert_eq!(marks, vec![(5, 1), (4, 9)]);
        let (m, marks) = strip_marks("what at line of text");
        assert_eq!(m, "what at line of text");
        assert!(marks.is_empty());
    }

    #[test]
    fn key_lines() {
        assert_eq!(key_line("a: 1\ndate : 2\n", "date"), 2);
        assert_eq!(key_line("a: 1\n", "date"), 1);
    }
}
