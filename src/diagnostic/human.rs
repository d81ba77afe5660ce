//! The rustc-style text of findings, for people: what a terminal, a CI log
//! and the preview server's overlay show.
//!
//! Three things keep it safe to print whatever a site holds. Each file is
//! read once and its line starts indexed once, so 40,000 findings in one
//! file cost 40,000 look-ups, not 40,000 reads of the file. A snippet is a
//! window of the line around the finding, so a finding on a 44 KB line
//! prints a few hundred characters, not the line. And every character a
//! terminal would act on (escape sequences, bells, carriage returns, the
//! marks that reverse text) is shown as an escape instead, in snippets,
//! messages and file names alike.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;

use super::{Code, Diagnostic, Diagnostics, Severity};

/// Characters of the line shown on each side of a finding, and of the
/// finding itself, before the snippet is cut with `…`.
const WINDOW_CHARS: usize = 100;

/// Findings with the same code shown per file; the rest are counted in one
/// line (`--format json` lists them all).
pub const SHOWN_PER_FILE_AND_CODE: usize = 20;

pub(super) fn render_human(diags: &Diagnostics, root: &Path, color: bool) -> String {
    let mut out = String::new();
    let mut sources = Sources::default();
    let mut seen: BTreeMap<(&str, Code), usize> = BTreeMap::new();
    for d in diags.iter().filter(|d| d.counts()) {
        let n = seen
            .entry((d.file.as_deref().unwrap_or(""), d.code))
            .or_default();
        *n += 1;
        if *n <= SHOWN_PER_FILE_AND_CODE {
            out.push_str(&render_with(d, root, color, &mut sources));
        }
    }
    for ((file, code), n) in seen {
        if n > SHOWN_PER_FILE_AND_CODE {
            let _ = writeln!(
                out,
                "note: {} more `{code}` findings{} are not shown: correct the first {SHOWN_PER_FILE_AND_CODE} above, or list them all with --format json\n",
                n - SHOWN_PER_FILE_AND_CODE,
                if file.is_empty() {
                    String::new()
                } else {
                    format!(" in {}", escape_text(file))
                },
            );
        }
    }
    acknowledged(diags, &mut out);
    let (e, w) = (diags.errors(), diags.warnings());
    if e + w > 0 {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let verdict = if e > 0 { "failed" } else { "passed" };
        let _ = writeln!(
            out,
            "{verdict}: {e} error{}, {w} warning{}",
            plural(e),
            plural(w)
        );
    }
    out
}

fn acknowledged(diags: &Diagnostics, out: &mut String) {
    let acknowledged: Vec<&Diagnostic> = diags.iter().filter(|d| !d.counts()).collect();
    if acknowledged.is_empty() {
        return;
    }
    let _ = writeln!(out, "acknowledged in the sources ({}):", acknowledged.len());
    for d in acknowledged {
        let _ = writeln!(
            out,
            "  {} [{}] {} — {}",
            escape_text(&d.location()),
            d.code,
            escape_text(&d.message),
            escape_text(d.acknowledged.as_deref().unwrap_or(""))
        );
    }
}

/// One finding in rustc style, with a snippet of the line when it can be read.
pub fn render_one(d: &Diagnostic, root: &Path, color: bool) -> String {
    render_with(d, root, color, &mut Sources::default())
}

fn render_with(d: &Diagnostic, root: &Path, color: bool, sources: &mut Sources) -> String {
    let mut notes: Vec<String> = d.notes.iter().map(|n| escape_text(n)).collect();
    if let Some(h) = &d.hint {
        notes.push(format!("help: {}", escape_text(h)));
    }
    let window = (d.file.as_ref())
        .filter(|_| d.line > 0)
        .and_then(|f| Window::of(sources.get(root, f)?, f, d));
    let Some(window) = window else {
        return plain(d, &notes);
    };
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let diag = cs::Diagnostic::new(severity)
        .with_code(d.code)
        .with_message(escape_text(&d.message))
        .with_labels(vec![
            cs::Label::primary((), window.span.clone()).with_message(escape_text(&d.label)),
        ])
        .with_notes(notes.clone());
    let config = term::Config::default();
    if color {
        let styles = term::Styles::default();
        let mut buf = term::termcolor::Buffer::ansi();
        let mut w = term::StylesWriter::new(&mut buf, &styles);
        if term::emit_to_write_style(&mut w, &config, &window, &diag).is_ok() {
            return String::from_utf8_lossy(buf.as_slice()).into_owned();
        }
    }
    term::emit_into_string(&config, &window, &diag).unwrap_or_else(|_| plain(d, &notes))
}

fn plain(d: &Diagnostic, notes: &[String]) -> String {
    let mut out = String::new();
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{sev}[{}]: {}", d.code, escape_text(&d.message));
    let loc = d.location();
    if !loc.is_empty() {
        let _ = writeln!(out, "  --> {}", escape_text(&loc));
    }
    if !d.label.is_empty() {
        let _ = writeln!(out, "   | {}", escape_text(&d.label));
    }
    for n in notes {
        let _ = writeln!(out, "   = {n}");
    }
    out.push('\n');
    out
}

/// A file's text and where its lines start, read once per rendering.
struct Source {
    text: String,
    line_starts: Vec<usize>,
}

#[derive(Default)]
struct Sources(HashMap<String, Option<Source>>);

impl Sources {
    fn get(&mut self, root: &Path, file: &str) -> Option<&Source> {
        self.0
            .entry(file.to_string())
            .or_insert_with(|| {
                let bytes = std::fs::read(root.join(file)).ok()?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
                let line_starts = starts.collect();
                Some(Source { text, line_starts })
            })
            .as_ref()
    }
}

/// The part of one line that a snippet shows, escaped, as the only line of
/// a file for codespan-reporting, which is told the real line and column.
struct Window {
    name: String,
    text: String,
    /// The finding, in `text`.
    span: Range<usize>,
    line: usize,
    column: usize,
}

impl Window {
    fn of(src: &Source, file: &str, d: &Diagnostic) -> Option<Window> {
        let start = *src.line_starts.get(d.line - 1)?;
        let rest = &src.text[start..];
        let line = rest.split('\n').next().unwrap_or("");
        let line = line.strip_suffix('\r').unwrap_or(line);
        let from = line
            .char_indices()
            .nth(d.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        let to = line[from..]
            .char_indices()
            .nth(d.width.clamp(1, WINDOW_CHARS))
            .map_or(line.len(), |(i, _)| from + i);
        let before = &line[..from];
        let cut_before = before
            .char_indices()
            .rev()
            .nth(WINDOW_CHARS - 1)
            .map(|(i, _)| i);
        let after = &line[to..];
        let cut_after = after.char_indices().nth(WINDOW_CHARS).map(|(i, _)| i);
        let mut text = String::new();
        if let Some(i) = cut_before {
            text.push('…');
            escape_into(&before[i..], &mut text, false);
        } else {
            escape_into(before, &mut text, false);
        }
        let span_start = text.len();
        escape_into(&line[from..to], &mut text, false);
        let span = span_start..text.len();
        escape_into(&after[..cut_after.unwrap_or(after.len())], &mut text, false);
        if cut_after.is_some() {
            text.push('…');
        }
        Some(Window {
            name: escape_text(file),
            text,
            span,
            line: d.line,
            column: d.column.max(1),
        })
    }
}

impl<'a> Files<'a> for Window {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }
    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }
    fn line_index(&'a self, (): (), _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }
    fn line_number(&'a self, (): (), _: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }
    fn column_number(&'a self, (): (), _: usize, byte: usize) -> Result<usize, FilesError> {
        // The real column of the finding; another place on the window is
        // counted from it.
        let at = self.span.start;
        let chars = |r: Range<usize>| self.text.get(r).map_or(0, |s| s.chars().count());
        Ok(if byte >= at {
            self.column + chars(at..byte)
        } else {
            self.column.saturating_sub(chars(byte..at))
        })
    }
    fn line_range(&'a self, (): (), _: usize) -> Result<Range<usize>, FilesError> {
        Ok(0..self.text.len())
    }
}

/// Text from a site's files, with what a terminal would obey written as
/// escapes. Line breaks are kept (messages may have several lines).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out, true);
    out
}

fn escape_into(s: &str, out: &mut String, keep_newlines: bool) {
    for c in s.chars() {
        let obeyed = (c.is_control() && c != '\t' && !(keep_newlines && c == '\n'))
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if obeyed {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests;
