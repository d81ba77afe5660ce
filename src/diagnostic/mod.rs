//! Findings about a site's input, and how they are shown.
//!
//! Every stage reports problems as [`Diagnostic`]s that carry the file, line and
//! column they concern. They are rendered once, at the edge (the CLI or the
//! serve overlay), in one of three formats: rustc-style text, GitHub workflow
//! annotations, or JSON.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

mod cause;
mod code;
pub use cause::{Cause, Figure};
mod human;
pub use code::Code;
mod summary;
use human::render_human;
pub use human::render_one;
pub use summary::{ANNOTATIONS_SHOWN, render_summary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding, located in a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier, e.g. `front-matter-yaml`; documented in docs/errors.md.
    pub code: Code,
    pub message: String,
    /// Path relative to the site root, with `/` separators.
    pub file: Option<String>,
    /// 1-based line; 0 when the finding concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// How many characters the finding spans on its line (at least 1 when shown).
    #[serde(skip)]
    pub width: usize,
    /// Short text under the caret.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Set when the author acknowledged this finding at its place, with the
    /// reason they gave (docs/checks.md); it is then listed, not counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<String>,
    /// For a finding about figures as published: the cause named and the
    /// figures it covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Box<Cause>>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            width: 1,
            label: String::new(),
            hint: None,
            notes: Vec::new(),
            acknowledged: None,
            cause: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(display_path(file.as_ref()));
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self
    }

    pub fn width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn cause(mut self, cause: Cause) -> Self {
        self.cause = Some(Box::new(cause));
        self
    }

    /// Acknowledged findings are neither errors nor warnings.
    pub fn counts(&self) -> bool {
        self.acknowledged.is_none()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, as much of it as is known.
    pub fn location(&self) -> String {
        match (&self.file, self.line) {
            (Some(f), 0) => f.clone(),
            (Some(f), l) => format!("{f}:{l}:{}", self.column.max(1)),
            (None, _) => String::new(),
        }
    }

    /// Sort key that gives a stable, reader-friendly order.
    fn sort_key(&self) -> (Option<&str>, usize, usize, &'static str, &str) {
        (
            self.file.as_deref(),
            self.line,
            self.column,
            self.code.as_str(),
            &self.message,
        )
    }
}

/// A set of findings; the error type of every pipeline stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self(Vec::new())
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.counts() && !d.is_error())
            .count()
    }
    /// Findings the authors acknowledged, with their reasons.
    pub fn acknowledged(&self) -> usize {
        self.0.iter().filter(|d| !d.counts()).count()
    }
    /// Stable order (file, line, column), duplicates removed.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup();
        self
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Self(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Self(v)
    }
}

/// Output formats of `check` (and of `build` errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Github,
    Json,
}

/// Renders findings for people or machines. `root` is the site root, used to
/// read the source lines shown in snippets.
pub fn render(diags: &Diagnostics, format: Format, root: &Path, color: bool) -> String {
    match format {
        Format::Human => render_human(diags, root, color),
        Format::Github => render_github(diags),
        Format::Json => render_json(diags),
    }
}

fn render_github(diags: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        let kind = match (d.severity, &d.acknowledged) {
            (_, Some(_)) => "notice",
            (Severity::Error, None) => "error",
            (Severity::Warning, None) => "warning",
        };
        let mut props = Vec::new();
        if let Some(f) = &d.file {
            props.push(format!("file={}", gh_property(f)));
            if d.line > 0 {
                props.push(format!("line={}", d.line));
                props.push(format!("col={}", d.column.max(1)));
            }
        }
        props.push(format!("title={}", gh_property(d.code.as_str())));
        let mut msg = d.message.clone();
        if let Some(reason) = &d.acknowledged {
            msg.push_str("\nacknowledged: ");
            msg.push_str(reason);
        } else if let Some(h) = &d.hint {
            msg.push_str("\nhelp: ");
            msg.push_str(h);
        }
        let _ = writeln!(out, "::{kind} {}::{}", props.join(","), gh_data(&msg));
    }
    out
}

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also `:` and `,`.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn render_json(diags: &Diagnostics) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        errors: usize,
        warnings: usize,
        acknowledged: usize,
        findings: &'a [Diagnostic],
    }
    let report = Report {
        errors: diags.errors(),
        warnings: diags.warnings(),
        acknowledged: diags.acknowledged(),
        findings: &diags.0,
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// A path shown to users: relative, forward slashes.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Line and column (1-based, column in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..floor_char_boundary(src, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest candidate to `word`, if close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Resolve a relative path for messages: relative to root when possible.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = "ab\ncé d";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, 6), (2, 3));
    }

    #[test]
    fn github_escapes_properties_and_data() {
        let d: Diagnostics = Diagnostic::error(Code::Config, "a%b\nc")
            .in_file("content/a,b.md")
            .at(3, 4)
            .into();
        let s = render_github(&d);
        assert_eq!(
            s,
            "::error file=content/a%2Cb.md,line=3,col=4,title=config::a%25b%0Ac\n"
        );
    }

    #[test]
    fn suggests_close_words() {
        assert_eq!(suggest("titel", ["title", "base_url"]), Some("title"));
        assert_eq!(suggest("zzz", ["title", "base_url"]), None);
    }
}
