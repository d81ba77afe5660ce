//! A condition on one column, as `count()` and `table()` take it in
//! `where=`: a figure compared with a number (`change_pct < 0`), or a text
//! column matched against quoted words (`priority == 'Domestic abuse'`).

use crate::model::dataset::format::Cell;

/// What the column is compared with.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Number(f64),
    Text(String),
}

/// A condition: `change_pct < 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub column: String,
    pub op: &'static str,
    pub value: Operand,
}

const OPS: [&str; 6] = ["<=", ">=", "!=", "==", "<", ">"];

/// The quotes text may be written in, as (open, close) pairs: straight,
/// and the curly ones a word processor types.
const QUOTES: [(char, char); 4] = [('\'', '\''), ('"', '"'), ('‘', '’'), ('“', '”')];

/// Reads `COLUMN OP VALUE`; `None` if it is not one.
pub fn parse(text: &str) -> Option<Condition> {
    // The operator is the first of `<>=!` in the text: what comes before
    // it is the column, and quoted text after it may hold any of them.
    let at = text.find(['<', '>', '=', '!'])?;
    let op = OPS.into_iter().find(|op| text[at..].starts_with(op))?;
    let column = text[..at].trim().to_string();
    if column.is_empty() || column.contains(char::is_whitespace) {
        return None;
    }
    let right = text[at + op.len()..].trim();
    let value = match quoted(right) {
        Some(words) => Operand::Text(words.to_string()),
        None => Operand::Number(right.replace('−', "-").replace(',', "").parse().ok()?),
    };
    Some(Condition { column, op, value })
}

fn quoted(s: &str) -> Option<&str> {
    QUOTES.iter().find_map(|&(open, close)| {
        let inner = s.strip_prefix(open)?.strip_suffix(close)?;
        (!inner.contains(close)).then_some(inner)
    })
}

impl Condition {
    /// Why this condition cannot apply to a column of figures (`numeric`)
    /// or of text, if it cannot.
    pub fn mismatch(&self, numeric: bool) -> Option<String> {
        match (&self.value, numeric) {
            (Operand::Text(t), true) => Some(format!(
                "`{}` holds figures, so compare it with a number, not '{t}'",
                self.column
            )),
            (Operand::Number(n), false) => Some(format!(
                "`{}` holds text, so put the words in quotes: {} {} '{n}'",
                self.column, self.column, self.op
            )),
            (Operand::Text(_), false) if !matches!(self.op, "==" | "!=") => Some(format!(
                "text can only be matched with == or !=, not {}",
                self.op
            )),
            _ => None,
        }
    }

    /// Whether a cell meets the condition; `None` for a figure that is not
    /// there, which could go either way. An empty text cell is text that
    /// matches nothing.
    pub fn test(&self, cell: &Cell) -> Option<bool> {
        match &self.value {
            Operand::Number(v) => cell.number().map(|x| self.holds(x, *v)),
            Operand::Text(t) => {
                let s = match cell {
                    Cell::Text(s) | Cell::Date(s) => s.trim(),
                    _ => "",
                };
                Some((s == t.trim()) == (self.op == "=="))
            }
        }
    }

    fn holds(&self, x: f64, v: f64) -> bool {
        match self.op {
            "<" => x < v,
            "<=" => x <= v,
            ">" => x > v,
            ">=" => x >= v,
            "==" => x == v,
            _ => x != v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_conditions() {
        assert_eq!(
            parse("change_pct < 0"),
            Some(Condition {
                column: "change_pct".into(),
                op: "<",
                value: Operand::Number(0.0)
            })
        );
        assert_eq!(parse("rank<=3").map(|c| c.op), Some("<="));
        assert_eq!(
            parse("change >= −5").map(|c| c.value),
            Some(Operand::Number(-5.0))
        );
        assert_eq!(parse("change"), None);
        assert_eq!(parse("two words < 3"), None);
        assert_eq!(parse("< 3"), None);
        assert_eq!(parse("priority == ASB"), None);
    }

    #[test]
    fn reads_quoted_text() {
        let c = parse("priority == 'A <= B'").unwrap();
        assert_eq!(c.value, Operand::Text("A <= B".into()));
        assert_eq!(c.op, "==");
        let c = parse("priority != “Road safety”").unwrap();
        assert_eq!(c.value, Operand::Text("Road safety".into()));
        assert!(c.test(&Cell::Text("Domestic abuse".into())).unwrap());
        assert!(!c.test(&Cell::Text("Road safety".into())).unwrap());
    }

    #[test]
    fn tests_cells() {
        let c = parse("x < 0").unwrap();
        assert_eq!(c.test(&Cell::Number(-1.0)), Some(true));
        assert_eq!(c.test(&Cell::Missing), None);
        assert!(c.mismatch(false).is_some() && c.mismatch(true).is_none());
        let t = parse("p > 'a'").unwrap();
        assert!(t.mismatch(false).unwrap().contains("only be matched"));
    }
}
