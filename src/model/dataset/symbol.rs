//! The Government Statistical Service's shorthand for figures in tables
//! (Analysis Function, "Symbols in tables, definitions and help"): each in
//! square brackets, some standing in for a figure that is not shown
//! (`[c]`, `[x]`), others written after a figure that is (`1,234 [p]`).

use std::collections::BTreeMap;

/// One GSS shorthand mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Symbol {
    Break,
    Confidential,
    Estimated,
    Forecast,
    Low,
    Provisional,
    Revised,
    LowReliability,
    NoData,
    NotAvailable,
    NotApplicable,
}

/// A symbol's letters and what it does. Its meaning and when to use it
/// are words for readers, so they are in the message catalogue, under
/// `symbol.CODE` and `symbol.CODE.help` (src/model/i18n/en.yaml).
struct Entry {
    symbol: Symbol,
    code: &'static str,
    /// Stands in for a figure rather than qualifying one that is shown.
    replaces: bool,
}

const TABLE: [Entry; 11] = [
    Entry {
        symbol: Symbol::Break,
        code: "b",
        replaces: false,
    },
    Entry {
        symbol: Symbol::Confidential,
        code: "c",
        replaces: true,
    },
    Entry {
        symbol: Symbol::Estimated,
        code: "e",
        replaces: false,
    },
    Entry {
        symbol: Symbol::Forecast,
        code: "f",
        replaces: false,
    },
    Entry {
        symbol: Symbol::Low,
        code: "low",
        replaces: true,
    },
    Entry {
        symbol: Symbol::Provisional,
        code: "p",
        replaces: false,
    },
    Entry {
        symbol: Symbol::Revised,
        code: "r",
        replaces: false,
    },
    Entry {
        symbol: Symbol::LowReliability,
        code: "u",
        replaces: false,
    },
    Entry {
        symbol: Symbol::NoData,
        code: "w",
        replaces: true,
    },
    Entry {
        symbol: Symbol::NotAvailable,
        code: "x",
        replaces: true,
    },
    Entry {
        symbol: Symbol::NotApplicable,
        code: "z",
        replaces: true,
    },
];

impl Symbol {
    pub const ALL: [Symbol; 11] = [
        Symbol::Break,
        Symbol::Confidential,
        Symbol::Estimated,
        Symbol::Forecast,
        Symbol::Low,
        Symbol::Provisional,
        Symbol::Revised,
        Symbol::LowReliability,
        Symbol::NoData,
        Symbol::NotAvailable,
        Symbol::NotApplicable,
    ];

    fn entry(self) -> &'static Entry {
        // The table lists every symbol once, in the order of the enum.
        &TABLE[self as usize]
    }
    /// `c`, `low`.
    pub fn code(self) -> &'static str {
        self.entry().code
    }
    /// `[c]`: how it is written in a table, a CSV cell and a sentence.
    pub fn shown(self) -> String {
        format!("[{}]", self.code())
    }
    /// The catalogue key of its meaning: `symbol.c`.
    pub fn key(self) -> String {
        format!("symbol.{}", self.code())
    }
    /// The catalogue key of when it is used: `symbol.c.help`.
    pub fn help_key(self) -> String {
        format!("symbol.{}.help", self.code())
    }
    /// `confidential`: the meaning in English, for messages to authors and
    /// the downloads' metadata. Pages show it in their own language.
    pub fn meaning(self) -> String {
        english(&self.key())
    }
    /// Whether the symbol stands in for a figure (`[x]`) rather than
    /// qualifying one that is shown (`[p]`).
    pub fn replaces_figure(self) -> bool {
        self.entry().replaces
    }
    /// `c`, `[c]` or `C`, as an author or a sidecar writes it.
    pub fn parse(s: &str) -> Option<Symbol> {
        let t = s.trim();
        let t = t
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(t);
        TABLE
            .iter()
            .find(|e| e.code.eq_ignore_ascii_case(t.trim()))
            .map(|e| e.symbol)
    }
    /// Every code, for messages: `b, c, e, f, low, p, r, u, w, x, z`.
    pub fn codes() -> String {
        TABLE.iter().map(|e| e.code).collect::<Vec<_>>().join(", ")
    }
}

/// A built-in English message (the symbols' words live in the catalogue).
fn english(key: &str) -> String {
    crate::model::i18n::builtin("en")
        .and_then(|m| m.get(key))
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// A CSV value that is, or ends in, GSS shorthand: `[x]`, `1,234 [p]`,
/// `56 [r][e]`. Returns the text before the marks and the marks, or None
/// when the value holds no shorthand (or a bracket that is not one).
pub fn split_marks(value: &str) -> Option<(&str, Vec<Symbol>)> {
    let mut rest = value.trim_end();
    let mut marks = Vec::new();
    while let Some(body) = rest.strip_suffix(']') {
        let open = body.rfind('[')?;
        let sym = Symbol::parse(&body[open + 1..])?;
        marks.push(sym);
        rest = body[..open].trim_end();
    }
    if marks.is_empty() {
        return None;
    }
    marks.reverse();
    Some((rest, marks))
}

/// What a cell's marks say: the symbol standing in for its figure (or the
/// figures qualifying the one shown), and for a derived figure, why it is
/// missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mark {
    pub symbols: Vec<Symbol>,
    /// Why a derived figure or a total is not shown, in the reader's terms:
    /// "Change for Dover uses This year for Dover, which is not available
    /// [x]", said in the page's language when it is shown.
    pub reason: Option<crate::model::i18n::Phrase>,
}

impl Mark {
    pub fn of(symbols: Vec<Symbol>) -> Self {
        Mark {
            symbols,
            reason: None,
        }
    }
    /// `[r][e]`.
    pub fn shown(&self) -> String {
        self.symbols.iter().map(|s| s.shown()).collect()
    }
    /// The symbol standing in for the figure, if one does.
    pub fn replacing(&self) -> Option<Symbol> {
        self.symbols.iter().copied().find(|s| s.replaces_figure())
    }
}

/// The marks of a dataset's cells, kept beside the cells so that every
/// other reader of a cell goes on seeing "a figure" or "no figure".
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// By (row, column) of `Dataset::rows`.
    pub cells: BTreeMap<(usize, usize), Mark>,
    /// By column of the totals row.
    pub totals: BTreeMap<usize, Mark>,
    /// Figures held back by small-number suppression, kept only so that
    /// totals (which include them, as published statistics do) can be
    /// worked out; never shown, never written to a download.
    pub suppressed: BTreeMap<(usize, usize), f64>,
    /// Generated notes under the table: what a stated rule left out.
    pub notes: Vec<crate::model::i18n::Phrase>,
}

impl Marks {
    pub fn cell(&self, r: usize, c: usize) -> Option<&Mark> {
        self.cells.get(&(r, c))
    }
    /// Forgets row `r` and moves the later rows up, as `rows.remove(r)` does.
    pub fn remove_row(&mut self, r: usize) {
        self.cells = shift_up(std::mem::take(&mut self.cells), r);
        self.suppressed = shift_up(std::mem::take(&mut self.suppressed), r);
    }
    /// Every symbol used in the rows and the totals, in the table's order.
    pub fn used(&self) -> Vec<Symbol> {
        let mut used: Vec<Symbol> = (self.cells.values().chain(self.totals.values()))
            .flat_map(|m| m.symbols.iter().copied())
            .collect();
        used.sort();
        used.dedup();
        used
    }
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.totals.is_empty() && self.notes.is_empty()
    }
}

impl super::Dataset {
    /// A cell as a reader sees it, marks and all: `1,234 [p]`, `[x]`, or
    /// "no data" for an empty cell with no symbol. Held-back figures are
    /// never here to be shown: the cell is missing.
    pub fn shown(&self, r: usize, c: usize) -> String {
        marked(
            &self.rows[r][c],
            self.columns[c].style(),
            self.marks.cell(r, c),
        )
    }
    /// The totals row's cell `c`, as [`Self::shown`].
    pub fn shown_total(&self, c: usize) -> Option<String> {
        let t = self.totals.as_ref()?;
        Some(marked(
            &t.cells[c],
            self.columns[c].style(),
            self.marks.totals.get(&c),
        ))
    }
}

/// A cell formatted with its marks.
pub fn marked(cell: &super::Cell, style: super::Style, mark: Option<&Mark>) -> String {
    let Some(m) = mark.filter(|m| !m.symbols.is_empty()) else {
        return super::format::format(cell, style);
    };
    match (cell, m.replacing()) {
        (super::Cell::Missing, Some(s)) => s.shown(),
        (super::Cell::Missing, None) => super::format::format(cell, style),
        (c, _) => format!("{} {}", super::format::format(c, style), m.shown()),
    }
}

fn shift_up<V>(m: BTreeMap<(usize, usize), V>, r: usize) -> BTreeMap<(usize, usize), V> {
    m.into_iter()
        .filter(|((row, _), _)| *row != r)
        .map(|((row, c), v)| ((if row > r { row - 1 } else { row }, c), v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_enum_order() {
        for (i, s) in Symbol::ALL.iter().enumerate() {
            assert_eq!(TABLE[i].symbol, *s);
        }
    }

    #[test]
    fn parses_codes() {
        assert_eq!(Symbol::parse("[c]"), Some(Symbol::Confidential));
        assert_eq!(Symbol::parse("LOW"), Some(Symbol::Low));
        assert_eq!(Symbol::parse(" z "), Some(Symbol::NotApplicable));
        assert_eq!(Symbol::parse("q"), None);
    }

    #[test]
    fn splits_marks_from_figures() {
        assert_eq!(split_marks("[x]"), Some(("", vec![Symbol::NotAvailable])));
        assert_eq!(
            split_marks("1,234 [p]"),
            Some(("1,234", vec![Symbol::Provisional]))
        );
        assert_eq!(
            split_marks("56 [r][e]"),
            Some(("56", vec![Symbol::Revised, Symbol::Estimated]))
        );
        assert_eq!(split_marks("Ashford"), None);
        assert_eq!(split_marks("see [note 1]"), None);
    }

    #[test]
    fn removing_a_row_moves_later_marks_up() {
        let mut m = Marks::default();
        m.cells.insert((0, 1), Mark::of(vec![Symbol::NotAvailable]));
        m.cells.insert((2, 1), Mark::of(vec![Symbol::Confidential]));
        m.remove_row(1);
        assert!(m.cell(0, 1).is_some());
        assert!(m.cell(1, 1).is_some());
        assert!(m.cell(2, 1).is_none());
    }
}
