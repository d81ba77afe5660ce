//! The text of a CSV file as its author sees it: where each row and value
//! starts (line and column, for messages), and the mistakes that the csv
//! reader would otherwise report far from their cause: a quote that is
//! never closed.
//!
//! Lines are counted here from byte offsets rather than taken from the csv
//! reader, whose line numbers go wrong in files with CR LF line endings.

use std::path::Path;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;

/// Counts lines up to increasing byte offsets, so numbering every row of a
/// big file costs one pass over it.
#[derive(Debug, Default)]
pub struct LineCounter {
    byte: usize,
    line: usize,
}

impl LineCounter {
    /// 1-based line of byte `at`; `at` must not go backwards between calls.
    pub fn line_at(&mut self, src: &str, at: usize) -> usize {
        let at = at.min(src.len());
        if at < self.byte {
            *self = Self::default();
        }
        self.line += src.as_bytes()[self.byte..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.byte = at;
        self.line + 1
    }
}

/// The first byte of a record whose position the csv reader gave. In a
/// file with CR LF line endings the reader points at the LF that ends the
/// line before.
pub fn record_start(src: &str, byte: usize) -> usize {
    let b = src.as_bytes();
    let mut i = byte.min(b.len());
    while i < b.len() && (b[i] == b'\n' || b[i] == b'\r') {
        i += 1;
    }
    i
}

/// Character column (1-based) where each field of the record starting at
/// byte `start` of `src` begins. A field after a quoted line break counts
/// from the start of its own line (see [`field_position`] for its line).
pub fn field_columns(src: &str, start: usize, delim: u8) -> Vec<usize> {
    fields(src, start, delim)
        .into_iter()
        .map(|(_, c)| c)
        .collect()
}

/// Line offset (from the record's first line) and 1-based column of each
/// field of the record starting at byte `start`.
fn fields(src: &str, start: usize, delim: u8) -> Vec<(usize, usize)> {
    let delim = char::from(delim);
    let line_start = src[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let mut out = vec![(0, src[line_start..start].chars().count() + 1)];
    let mut in_quotes = false;
    let mut col = out[0].1;
    let mut line = 0;
    let mut chars = src[start..].chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                col += 1;
            }
            '"' => in_quotes = !in_quotes,
            c if c == delim && !in_quotes => out.push((line, col)),
            '\n' if !in_quotes => break,
            '\n' => {
                line += 1;
                col = 1;
            }
            _ => {}
        }
    }
    out
}

/// Line and column of field `i` of the record that starts at byte `start`,
/// on line `line`.
pub fn field_position(src: &str, start: usize, line: usize, i: usize, delim: u8) -> (usize, usize) {
    match fields(src, start, delim).get(i) {
        Some(&(offset, col)) => (line + offset, col),
        None => (line, 1),
    }
}

/// Where a quoted value opens that is never closed: the csv reader would
/// take the rest of the file as that one value and then complain about
/// the length of a row.
pub fn unclosed_quote(src: &str, delim: u8) -> Option<(usize, usize)> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
    }
    let mut state = State::FieldStart;
    let mut opened = 0;
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match state {
            State::FieldStart | State::Unquoted => match c {
                b'"' if state == State::FieldStart => {
                    state = State::Quoted;
                    opened = i;
                }
                b'\n' => state = State::FieldStart,
                c if c == delim => state = State::FieldStart,
                b'\r' => {}
                _ => state = State::Unquoted,
            },
            State::Quoted => {
                if c == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        state = State::Unquoted;
                    }
                }
            }
        }
        i += 1;
    }
    (state == State::Quoted).then(|| crate::diagnostic::line_col(src, opened))
}

/// A value as quoted in a message: a very long one (a whole paragraph, or a
/// file pasted into one cell) is cut to its start.
pub fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    // A line break inside a quoted value would break the message in two.
    let one_line = |t: &str| t.replace(['\r', '\n'], " ");
    match s.char_indices().nth(MAX) {
        None => one_line(s),
        Some((i, _)) => format!("{}… ({} characters)", one_line(&s[..i]), s.chars().count()),
    }
}

pub fn csv_error(e: &csv::Error, file: &Path, src: &str) -> Diagnostic {
    let line_of = |pos: Option<&csv::Position>| {
        pos.map(|p| LineCounter::default().line_at(src, record_start(src, p.byte() as usize)))
            .unwrap_or(0)
    };
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => Diagnostic::error(
            Code::CsvRagged,
            format!("this row has {len} values but the header has {expected_len}"),
        )
        .in_file(file)
        .at(line_of(pos.as_ref()), 1)
        .hint(
            "every row needs one value per column; put values that contain commas in double quotes",
        ),
        csv::ErrorKind::Utf8 { pos, .. } => {
            Diagnostic::error(Code::NotUtf8, "this row is not valid UTF-8")
                .in_file(file)
                .at(line_of(pos.as_ref()), 1)
                .hint("save the file as \"CSV UTF-8\"")
        }
        _ => Diagnostic::error(Code::Csv, format!("cannot read this CSV: {e}")).in_file(file),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_of_fields() {
        let src = "a,b\nx,\"y,z\",w\n";
        assert_eq!(field_columns(src, 4, b','), vec![1, 3, 9]);
    }

    #[test]
    fn fields_after_a_quoted_line_break() {
        let src = "a,b,c\n\"x\ny\",1,2\n";
        assert_eq!(field_position(src, 6, 2, 1, b','), (3, 4));
        assert_eq!(field_position(src, 6, 2, 0, b','), (2, 1));
    }

    #[test]
    fn records_start_after_line_ends() {
        let src = "a,b\r\nx,1\r\n";
        assert_eq!(record_start(src, 4), 5);
        assert_eq!(record_start(src, 5), 5);
    }

    #[test]
    fn lines_from_bytes() {
        let src = "a\r\nb\r\nc\r\n";
        let mut l = LineCounter::default();
        assert_eq!(l.line_at(src, 0), 1);
        assert_eq!(l.line_at(src, 3), 2);
        assert_eq!(l.line_at(src, 6), 3);
    }

    #[test]
    fn quotes() {
        assert_eq!(unclosed_quote("a,b\nx,\"y\n", b','), Some((2, 3)));
        assert_eq!(unclosed_quote("a,b\nx,\"y\"\"z\"\n", b','), None);
        assert_eq!(unclosed_quote("a,b\nx\"y,z\n", b','), None);
        assert_eq!(unclosed_quote("a;b\nx;\"y\n", b';'), Some((2, 3)));
    }

    #[test]
    fn shortens_long_values() {
        assert_eq!(shorten("abc"), "abc");
        let long = "x".repeat(100);
        assert!(shorten(&long).ends_with("… (100 characters)"));
    }
}
