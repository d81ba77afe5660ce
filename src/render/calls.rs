//! Finding template calls (`{{ ... }}`) in Markdown.
//!
//! We scan by hand rather than hand the whole body to Tera: Markdown uses `{#id}`
//! for heading ids (a Tera comment opener), authors write about braces in code
//! examples, and a call's error must point at the Markdown file's own line and
//! column. The scanner skips fenced code blocks and inline code spans, honours
//! `\{{` as a literal, and understands string literals so `"}}"` inside an
//! argument does not end the call.

use std::ops::Range;

/// One `{{ ... }}` found in a Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Byte range of the whole call, braces included.
    pub range: Range<usize>,
    /// Byte range of the expression between the braces.
    pub expr: Range<usize>,
}

/// A `{{` without its `}}` before the paragraph ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unterminated {
    pub start: usize,
}

/// The longest a call may be; a longer one is almost certainly a missing `}}`.
pub const MAX_CALL_LEN: usize = 4096;

pub fn scan(src: &str) -> Result<Vec<Call>, Unterminated> {
    let b = src.as_bytes();
    let mut calls = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    let mut fence: Option<(u8, usize)> = None;
    while i < b.len() {
        if line_start {
            line_start = false;
            let (indent, rest) = leading_spaces(&b[i..]);
            if indent <= 3
                && let Some((ch, n)) = fence_marker(rest)
            {
                match fence {
                    None => fence = Some((ch, n)),
                    Some((fc, fnum)) if fc == ch && n >= fnum && is_blank_after(rest, n) => {
                        fence = None
                    }
                    _ => {}
                }
                i = next_line(b, i);
                line_start = true;
                continue;
            }
            if fence.is_some() {
                i = next_line(b, i);
                line_start = true;
                continue;
            }
        }
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'\\' => i += 2,
            b'`' => {
                let n = run_len(b, i, b'`');
                match find_closing_backticks(b, i + n, n) {
                    Some(end) => i = end,
                    None => i += n,
                }
            }
            b'{' if b.get(i + 1) == Some(&b'{') => {
                let start = i;
                match find_call_end(b, i + 2) {
                    Some(end) => {
                        calls.push(Call {
                            range: start..end + 2,
                            expr: start + 2..end,
                        });
                        i = end + 2;
                    }
                    None => return Err(Unterminated { start }),
                }
            }
            _ => {
                // Only those four bytes change how the text is read: the
                // rest is passed over in one go.
                i += 1;
                let rest = &b[i..];
                i += (rest.iter())
                    .position(|&c| matches!(c, b'\n' | b'\\' | b'`' | b'{'))
                    .unwrap_or(rest.len());
            }
        }
    }
    Ok(calls)
}

fn leading_spaces(b: &[u8]) -> (usize, &[u8]) {
    let n = b.iter().take_while(|&&c| c == b' ').count();
    (n, &b[n..])
}

fn fence_marker(rest: &[u8]) -> Option<(u8, usize)> {
    let ch = *rest.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = rest.iter().take_while(|&&c| c == ch).count();
    if n < 3 {
        return None;
    }
    // An info string of a backtick fence may not contain backticks.
    if ch == b'`' {
        let line_end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
        if rest[n..line_end].contains(&b'`') {
            return None;
        }
    }
    Some((ch, n))
}

fn is_blank_after(rest: &[u8], n: usize) -> bool {
    rest[n..]
        .iter()
        .take_while(|&&c| c != b'\n')
        .all(|c| c.is_ascii_whitespace())
}

fn next_line(b: &[u8], i: usize) -> usize {
    match b[i..].iter().position(|&c| c == b'\n') {
        Some(p) => i + p + 1,
        None => b.len(),
    }
}

fn run_len(b: &[u8], i: usize, ch: u8) -> usize {
    b[i..].iter().take_while(|&&c| c == ch).count()
}

/// End (exclusive) of a code span opened by `n` backticks, if it closes before
/// a blank line.
fn find_closing_backticks(b: &[u8], mut i: usize, n: usize) -> Option<usize> {
    while i < b.len() {
        if b[i] == b'\n' && blank_line_follows(b, i + 1) {
            return None;
        }
        if b[i] == b'`' {
            let m = run_len(b, i, b'`');
            if m == n {
                return Some(i + m);
            }
            i += m;
        } else {
            i += 1;
        }
    }
    None
}

fn blank_line_follows(b: &[u8], i: usize) -> bool {
    b[i..]
        .iter()
        .take_while(|&&c| c != b'\n')
        .all(|c| c.is_ascii_whitespace())
}

/// Index of the `}}` that closes a call whose expression starts at `i`.
fn find_call_end(b: &[u8], mut i: usize) -> Option<usize> {
    let start = i;
    let mut quote: Option<u8> = None;
    while i < b.len() && i - start <= MAX_CALL_LEN {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                } else if c == b'\n' {
                    return None;
                }
            }
            None => {
                if c == b'"' || c == b'\'' || c == b'`' {
                    quote = Some(c);
                } else if c == b'}' && b.get(i + 1) == Some(&b'}') {
                    return Some(i);
                } else if c == b'\n' && blank_line_follows(b, i + 1) {
                    return None;
                }
            }
        }
        i += 1;
    }
    None
}

/// A call as Tera should read it, with what a word processor pastes made
/// plain: curly quotes around an argument (“Ashford”, ‘Ashford’) become
/// straight ones, and a non-breaking or narrow space between arguments a
/// space. Inside a quoted argument nothing changes, so "Ashford’s" keeps
/// its apostrophe.
pub fn normalise_pasted(src: &str) -> std::borrow::Cow<'_, str> {
    const PASTED: [char; 6] = [
        '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}', '\u{a0}', '\u{202f}',
    ];
    if !src.contains(PASTED) {
        return std::borrow::Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len());
    // The quote that closes the argument being read, if any.
    let mut closing: Option<&[char]> = None;
    for c in src.chars() {
        match closing {
            Some(ends) => {
                if ends.contains(&c) {
                    closing = None;
                    out.push(if ends[0] == '\'' || ends[0] == '\u{2019}' {
                        '\''
                    } else {
                        '"'
                    });
                } else {
                    out.push(c);
                }
            }
            None => match c {
                '"' => {
                    closing = Some(&['"']);
                    out.push('"');
                }
                '\'' => {
                    closing = Some(&['\'']);
                    out.push('\'');
                }
                '\u{201c}' | '\u{201d}' => {
                    closing = Some(&['\u{201d}', '\u{201c}']);
                    out.push('"');
                }
                '\u{2018}' | '\u{2019}' => {
                    closing = Some(&['\u{2019}', '\u{2018}']);
                    out.push('\'');
                }
                '\u{a0}' | '\u{202f}' => out.push(' '),
                c => out.push(c),
            },
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exprs(s: &str) -> Vec<&str> {
        scan(s)
            .unwrap()
            .iter()
            .map(|c| &s[c.expr.clone()])
            .collect()
    }

    #[test]
    fn finds_calls() {
        assert_eq!(
            exprs("a {{ value(data=\"x\") }} b {{ site.title }}"),
            vec![" value(data=\"x\") ", " site.title "]
        );
    }

    #[test]
    fn skips_code() {
        assert!(exprs("`{{ x }}` and ``{{ y }}``").is_empty());
        assert!(exprs("```\n{{ x }}\n```\n").is_empty());
        assert!(exprs("~~~~md\n{{ x }}\n~~~~\n").is_empty());
        assert_eq!(exprs("```\n{{ x }}\n```\n{{ y }}"), vec![" y "]);
    }

    #[test]
    fn escapes_and_strings() {
        assert!(exprs("\\{{ not a call }}").is_empty());
        assert_eq!(exprs("{{ f(a=\"}}\") }}"), vec![" f(a=\"}}\") "]);
    }

    #[test]
    fn unterminated() {
        assert_eq!(scan("x {{ value(\n\nmore").unwrap_err().start, 2);
        assert_eq!(scan("{{ a").unwrap_err().start, 0);
    }

    #[test]
    fn unclosed_backtick_is_literal() {
        assert_eq!(exprs("a ` b {{ c }}"), vec![" c "]);
    }

    #[test]
    fn pasted_quotes_and_spaces_are_read_as_typed() {
        assert_eq!(
            normalise_pasted(
                "{{ value(data=\u{201c}asb\u{201d},\u{a0}row=\u{2018}Ashford\u{2019}) }}"
            ),
            "{{ value(data=\"asb\", row='Ashford') }}"
        );
        let inside =
            "{{ table(data=\"asb\", caption=\"Ashford\u{2019}s \u{201c}safe\u{201d} zone\") }}";
        assert_eq!(normalise_pasted(inside), inside);
    }
}
