//! What `build` shows of its findings: the first few in order, and how many
//! more there are. A county archive whose figures are typed by hand has
//! hundreds of thousands of warnings; writing each one out (message, hint,
//! the call to paste) only to print ten took longer than building the site.
//! The typed-figure check asks this sink before writing a finding out
//! ([`Sink::wants`]), so only those that may be among the first are written
//! and the rest are counted.

use super::{Place, Sink};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The first `limit` findings in the order `check` lists them, and a count
/// of the rest.
pub(crate) struct Shown {
    limit: usize,
    /// Every finding handed over in full, in the order it came.
    kept: Vec<Diagnostic>,
    /// Findings counted but not written out. Each is distinct from every
    /// other finding (src/check/figures.rs drops figures typed twice at one
    /// place), so the count adds to the distinct ones kept.
    skipped: usize,
    /// Which warnings may still be among the first `limit`.
    bound: Bound,
    settled: bool,
}

/// The last of the first `limit` distinct findings kept: a warning after
/// it cannot be shown.
enum Bound {
    /// Fewer than `limit` are kept.
    All,
    /// By file, line, column and code, as findings are sorted.
    UpTo(String, usize, usize, &'static str),
    Nothing,
}

impl Shown {
    pub(crate) fn new(limit: usize) -> Self {
        Shown {
            limit,
            kept: Vec::new(),
            skipped: 0,
            bound: Bound::All,
            settled: true,
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.kept.iter().any(Diagnostic::is_error)
    }

    /// Sorts and de-duplicates what is kept, as [`Diagnostics::sorted`] does
    /// for the whole list, and finds the bound.
    fn settle(&mut self) {
        if self.settled {
            return;
        }
        self.kept = Diagnostics(std::mem::take(&mut self.kept)).sorted().0;
        self.bound = match self.limit.checked_sub(1).map(|i| self.kept.get(i)) {
            Some(None) => Bound::All,
            Some(Some(last)) => match &last.file {
                Some(f) => Bound::UpTo(f.clone(), last.line, last.column, last.code.as_str()),
                // A finding with no file comes before any with one.
                None => Bound::Nothing,
            },
            None => Bound::Nothing,
        };
        self.settled = true;
    }

    /// The first findings, in order, and how many more there are.
    pub(crate) fn finish(mut self) -> (Diagnostics, usize) {
        self.settle();
        let more = self.kept.len().saturating_sub(self.limit) + self.skipped;
        self.kept.truncate(self.limit);
        (Diagnostics(self.kept), more)
    }
}

impl Sink for Shown {
    fn add(&mut self, d: &Diagnostic) {
        self.kept.push(d.clone());
        self.settled = false;
    }

    fn wants(&mut self, at: &Place<'_>) -> bool {
        self.settle();
        match &self.bound {
            Bound::All => true,
            Bound::Nothing => false,
            Bound::UpTo(file, line, column, code) => {
                (at.file, at.line, at.column, at.code.as_str())
                    <= (file.as_str(), *line, *column, *code)
            }
        }
    }

    fn skip(&mut self, _at: &Place<'_>) {
        self.skipped += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn at(d: &Diagnostic) -> Place<'_> {
        Place {
            file: d.file.as_deref().unwrap_or_default(),
            line: d.line,
            column: d.column,
            code: d.code,
        }
    }

    /// Whatever order they come in, the first findings and the count are
    /// those of the whole list sorted, duplicates (handed over in full)
    /// removed.
    #[test]
    fn first_findings_and_the_rest_counted_as_the_whole_list_has_them() {
        let mut whole = Vec::new();
        // A prime number of them, so every stride below visits them all.
        for i in 0..41usize {
            let file = format!("content/{}.md", (i * 7) % 5);
            whole.push(
                Diagnostic::warning(Code::TypedFigure, format!("figure {i}"))
                    .in_file(&file)
                    .at(i % 9 + 1, i % 4 + 1),
            );
        }
        let mut full = vec![
            Diagnostic::warning(Code::BrokenLink, "no file"),
            Diagnostic::warning(Code::BrokenLink, "a link")
                .in_file("content/3.md")
                .at(2, 1),
        ];
        full.push(full[1].clone());
        for limit in [0, 1, 2, 3, 10, 50] {
            for seed in 0..7usize {
                let mut sink = Shown::new(limit);
                let n = whole.len();
                for k in 0..n {
                    let d = &whole[(k * (seed * 2 + 1) + seed) % n];
                    if k % 13 == seed % 13 {
                        full.iter().for_each(|f| sink.add(f));
                    }
                    if sink.wants(&at(d)) {
                        sink.add(d);
                    } else {
                        sink.skip(&at(d));
                    }
                }
                let mut all: Vec<Diagnostic> = whole.clone();
                all.extend(full.iter().cloned());
                all.extend(full.iter().cloned());
                let all = Diagnostics(all).sorted().0;
                let (first, more) = sink.finish();
                assert_eq!(first.0, all[..limit.min(all.len())], "{limit} {seed}");
                assert_eq!(more, all.len() - limit.min(all.len()), "{limit} {seed}");
            }
        }
    }

    /// Figures past the first few are counted, not written out.
    #[test]
    fn only_the_first_are_written_out() {
        let mut sink = Shown::new(3);
        let mut written = 0;
        for i in 0..1000 {
            let d = Diagnostic::warning(Code::TypedFigure, "x")
                .in_file("content/a.md")
                .at(i + 1, 1);
            if sink.wants(&at(&d)) {
                written += 1;
                sink.add(&d);
            } else {
                sink.skip(&at(&d));
            }
        }
        assert_eq!(written, 3);
        let (first, more) = sink.finish();
        assert_eq!((first.0.len(), more), (3, 997));
    }
}
