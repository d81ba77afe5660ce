//! A derived figure never silently includes or skips a missing one. A
//! difference, change, share, rank, row sum or total that would use a
//! missing figure is missing too, marked with the symbol of the figure it
//! lacked and the reason; unless the sidecar states a rule
//! (`missing: skip`), in which case it is worked out over the rows with
//! figures and a generated note says what was left out.
//!
//! Figures held back by suppression ([c]) are the exception totals make:
//! a published total includes them, as official statistics do, and
//! resolve/suppress.rs makes sure no total gives one away.

use crate::model::dataset::Dataset;
use crate::model::dataset::format::Cell;
use crate::model::dataset::schema::{DerivedKind, DerivedSpec, MissingRule};
use crate::model::dataset::symbol::{Mark, Symbol};
use crate::model::i18n::Phrase;

/// The missing figure at (r, c), named with why it is missing: "This
/// year for Dover, which is not available [x]", and its symbol (none for
/// an empty cell).
fn why(ds: &Dataset, r: usize, c: usize) -> (Option<Symbol>, Phrase) {
    let p = Phrase::new("")
        .text("column", ds.columns[c].label.clone())
        .text("row", ds.key_text(r));
    match ds.marks.cell(r, c).and_then(Mark::replacing) {
        Some(s) => (
            Some(s),
            p.rekey("reason.which_is")
                .message("meaning", s.key())
                .text("symbol", s.shown()),
        ),
        None => (None, p.rekey("reason.which_has_none")),
    }
}

/// The first missing figure among `inputs` in row `r`: its symbol and why.
/// A held-back [c] comes first: a figure worked out from it would give it
/// away, whatever else is missing.
fn first_missing(ds: &Dataset, r: usize, inputs: &[usize]) -> Option<(Option<Symbol>, Phrase)> {
    let missing: Vec<usize> = (inputs.iter().copied())
        .filter(|&c| ds.rows[r][c].is_missing())
        .collect();
    let pick = (missing.iter().copied())
        .find(|&c| ds.marks.suppressed.contains_key(&(r, c)))
        .or_else(|| missing.first().copied())?;
    Some(why(ds, r, pick))
}

/// "This year for Dover is not available [x]", from [`why`]'s phrase.
fn plain(phrase: &Phrase) -> Phrase {
    let key = match phrase.key {
        "reason.which_is" => "reason.is",
        _ => "reason.has_none",
    };
    phrase.clone().rekey(key)
}

fn mark(symbol: Option<Symbol>, reason: Phrase) -> Mark {
    Mark {
        symbols: symbol.into_iter().collect(),
        reason: Some(reason),
    }
}

/// The columns a derived column reads.
pub(crate) fn inputs(ds: &Dataset, spec: &DerivedSpec) -> Vec<usize> {
    let col = |n: &Option<String>| n.as_deref().and_then(|n| ds.column(n));
    match spec.kind {
        // A percent of a stated base (`base: 4913`) reads `a` alone.
        DerivedKind::Difference
        | DerivedKind::PercentChange
        | DerivedKind::PercentOf
        | DerivedKind::Ratio => [col(&spec.a), col(&spec.b)].into_iter().flatten().collect(),
        DerivedKind::Share | DerivedKind::Rank => col(&spec.of).into_iter().collect(),
        DerivedKind::Sum => (spec.columns.iter().flatten())
            .filter_map(|n| ds.column(n))
            .collect(),
    }
}

/// Applies the rule to the derived column `c`, just added to `ds`.
pub(crate) fn mark_column(ds: &mut Dataset, c: usize) {
    let Some(spec) = ds.columns[c].derived.clone() else {
        return;
    };
    let ins = inputs(ds, &spec);
    let rule = spec.missing.unwrap_or_default();
    match spec.kind {
        DerivedKind::Difference
        | DerivedKind::PercentChange
        | DerivedKind::PercentOf
        | DerivedKind::Ratio => row_by_row(ds, c, &ins),
        DerivedKind::Sum => row_sums(ds, c, &ins, rule),
        DerivedKind::Share => shares(ds, c, ins[0], rule),
        DerivedKind::Rank => whole_column(ds, c, ins[0], rule),
    }
}

/// Each row's figure stands or falls with the row's own inputs.
fn row_by_row(ds: &mut Dataset, c: usize, ins: &[usize]) {
    for r in 0..ds.rows.len() {
        if let Some((s, input)) = first_missing(ds, r, ins) {
            ds.rows[r][c] = Cell::Missing;
            let reason = uses(ds, r, c, &input);
            ds.marks.cells.insert((r, c), mark(s, reason));
        }
    }
}

/// "Change for Dover uses This year for Dover, which is not available [x]".
fn uses(ds: &Dataset, r: usize, c: usize, input: &Phrase) -> Phrase {
    Phrase::new("reason.uses")
        .text("column", ds.columns[c].label.clone())
        .text("row", ds.key_text(r))
        .phrases("input", vec![input.clone()])
}

/// A row sum over a held-back figure is held back too, but its true value
/// is kept for the column's total.
fn row_sums(ds: &mut Dataset, c: usize, ins: &[usize], rule: MissingRule) {
    let mut skipped = Vec::new();
    for r in 0..ds.rows.len() {
        let Some((s, input)) = first_missing(ds, r, ins) else {
            continue;
        };
        let reason = uses(ds, r, c, &input);
        let hidden: Option<f64> = (ins.iter())
            .map(|&i| {
                (ds.rows[r][i].number()).or_else(|| ds.marks.suppressed.get(&(r, i)).copied())
            })
            .sum();
        match (hidden, rule) {
            (Some(v), _) => {
                ds.rows[r][c] = Cell::Missing;
                ds.marks.suppressed.insert((r, c), v);
                ds.marks.cells.insert((r, c), mark(s, reason));
            }
            (None, MissingRule::Skip) => skipped.push(input),
            (None, MissingRule::Mark) => {
                ds.rows[r][c] = Cell::Missing;
                ds.marks.cells.insert((r, c), mark(s, reason));
            }
        }
    }
    if !skipped.is_empty() {
        let label = ds.columns[c].label.clone();
        ds.marks.notes.push(
            Phrase::new("note.sum_skipped")
                .text("column", label)
                .phrases("missing", skipped),
        );
    }
}

/// Shares divide by the column's total: a figure missing anywhere in the
/// column leaves every share unknown, unless it is a held-back figure
/// (the true total is known) or the rule says to share out what there is.
fn shares(ds: &mut Dataset, c: usize, of: usize, rule: MissingRule) {
    let missing: Vec<usize> = (0..ds.rows.len())
        .filter(|&r| ds.rows[r][of].is_missing())
        .collect();
    if missing.is_empty() {
        return;
    }
    let all_held_back = (missing.iter()).all(|&r| ds.marks.suppressed.contains_key(&(r, of)));
    if all_held_back {
        let total: f64 = (0..ds.rows.len())
            .filter_map(|r| {
                (ds.rows[r][of].number()).or_else(|| ds.marks.suppressed.get(&(r, of)).copied())
            })
            .sum();
        for r in 0..ds.rows.len() {
            ds.rows[r][c] = match ds.rows[r][of].number() {
                Some(v) if total != 0.0 => Cell::Number(v / total * 100.0),
                _ => Cell::Missing,
            };
        }
        row_by_row(ds, c, &[of]);
        return;
    }
    whole_column(ds, c, of, rule);
}

/// A figure that depends on the whole of column `of` (a rank, a share).
fn whole_column(ds: &mut Dataset, c: usize, of: usize, rule: MissingRule) {
    let missing: Vec<usize> = (0..ds.rows.len())
        .filter(|&r| ds.rows[r][of].is_missing())
        .collect();
    if missing.is_empty() {
        return;
    }
    let label = ds.columns[c].label.clone();
    if rule == MissingRule::Skip {
        let reasons: Vec<Phrase> = missing.iter().map(|&r| why(ds, r, of).1).collect();
        ds.marks.notes.push(
            Phrase::new("note.worked_over")
                .text("column", label)
                .phrases("missing", reasons),
        );
        row_by_row(ds, c, &[of]);
        return;
    }
    let (s, reason) = why(ds, missing[0], of);
    for r in 0..ds.rows.len() {
        ds.rows[r][c] = Cell::Missing;
        let own = first_missing(ds, r, &[of]);
        let (s, reason) = match own {
            Some((s, input)) => (s, uses(ds, r, c, &input)),
            None => (
                s,
                Phrase::new("reason.needs_every_row")
                    .text("column", label.clone())
                    .text("row", ds.key_text(r))
                    .phrases("missing", vec![plain(&reason)]),
            ),
        };
        ds.marks.cells.insert((r, c), mark(s, reason));
    }
}

/// The rows the totals are worked out over: held-back figures put back
/// (a total includes them); under `missing: skip`, without the rows that
/// lack a figure in any totalled column, so every column's total covers
/// the same rows and a change between them compares like with like.
/// Returns the rows and the indices of those left out.
pub(crate) fn totals_rows(
    ds: &Dataset,
    wanted: &[usize],
    rule: MissingRule,
) -> (Vec<Vec<Cell>>, Vec<usize>) {
    let mut rows = ds.rows.clone();
    for (&(r, c), &v) in &ds.marks.suppressed {
        rows[r][c] = Cell::Number(v);
    }
    if rule == MissingRule::Mark {
        return (rows, Vec::new());
    }
    let left_out: Vec<usize> = (0..rows.len())
        .filter(|&r| wanted.iter().any(|&c| rows[r][c].is_missing()))
        .collect();
    let kept = (rows.into_iter().enumerate())
        .filter(|(r, _)| !left_out.contains(r))
        .map(|(_, row)| row)
        .collect();
    (kept, left_out)
}

/// A total of the rows: missing when any of them is.
pub(crate) fn strict_sum<'a>(cells: impl Iterator<Item = &'a Cell>) -> Cell {
    let mut total = 0.0;
    let mut any = false;
    for c in cells {
        match c.number() {
            Some(n) => total += n,
            None => return Cell::Missing,
        }
        any = true;
    }
    // A total of no rows at all is not zero: there is nothing to total.
    if any {
        Cell::Number(total)
    } else {
        Cell::Missing
    }
}

/// Marks each missing total with why, and notes the rows a `skip` rule
/// left out.
pub(crate) fn mark_totals(
    ds: &mut Dataset,
    rows: &[Vec<Cell>],
    cells: &[Cell],
    wanted: &[usize],
    left_out: &[usize],
) {
    for (c, cell) in cells.iter().enumerate() {
        // A derived figure on the totals row follows from the totals; a
        // column that is not totalled has nothing missing.
        if !cell.is_missing() || ds.columns[c].derived.is_some() || !wanted.contains(&c) {
            continue;
        }
        let Some(r) = rows.iter().position(|row| row[c].is_missing()) else {
            continue;
        };
        // `rows` are the dataset's rows (the `mark` rule keeps them all).
        let (s, reason) = why(ds, r, c);
        let col = &ds.columns[c];
        ds.marks.totals.insert(
            c,
            mark(
                s,
                Phrase::new("reason.total_needs_every_row")
                    .text("column", col.label.clone())
                    .phrases("missing", vec![plain(&reason)]),
            ),
        );
    }
    derived_totals(ds, cells);
    if !left_out.is_empty() {
        let view: &Dataset = ds;
        let names: Vec<String> = left_out.iter().map(|&r| view.key_text(r)).collect();
        let wanted: Vec<Phrase> = (left_out.iter())
            .flat_map(|&r| {
                (0..view.columns.len())
                    .filter(move |&c| {
                        view.rows[r][c].is_missing() && view.columns[c].derived.is_none()
                    })
                    .map(move |c| plain(&why(view, r, c).1))
            })
            .collect();
        ds.marks.notes.push(
            Phrase::new("note.totals_over")
                .text("rows", names.join(", "))
                .phrases("missing", wanted),
        );
    }
}

/// A derived figure on the totals row missing because a total it uses is.
fn derived_totals(ds: &mut Dataset, cells: &[Cell]) {
    for (c, cell) in cells.iter().enumerate() {
        let Some(spec) = ds.columns[c].derived.clone() else {
            continue;
        };
        if !cell.is_missing() || ds.marks.totals.contains_key(&c) {
            continue;
        }
        let found = (inputs(ds, &spec).into_iter())
            .find_map(|i| ds.marks.totals.get(&i).cloned().map(|m| (i, m)));
        if let Some((i, m)) = found {
            let reason = Phrase::new("reason.total_uses_none")
                .text("column", ds.columns[c].label.clone())
                .text("input", ds.columns[i].label.clone());
            let reason = match m.replacing() {
                Some(s) => reason
                    .rekey("reason.total_uses")
                    .message("meaning", s.key())
                    .text("symbol", s.shown()),
                None => reason,
            };

            ds.marks.totals.insert(
                c,
                Mark {
                    symbols: m.replacing().into_iter().collect(),
                    reason: Some(reason),
                },
            );
        }
    }
}

/// What `check` says about the rules: a warning for each figure a `skip`
/// rule worked out without some rows, and an error where a total would
/// give a held-back figure away.
pub(crate) fn findings(
    ds: &mut Dataset,
    sc: &crate::model::dataset::schema::Sidecar,
    file: &std::path::Path,
    sidecar_src: &str,
) {
    use crate::diagnostic::{Code, Diagnostic};
    let line = |key: &str| crate::load::yaml::key_line(sidecar_src, key);
    for note in ds.marks.notes.clone() {
        let key = if note.key == "note.totals_over" {
            "totals"
        } else {
            "derived"
        };
        ds.notes.push(
            Diagnostic::warning(Code::MissingSkipped, note.english())
                .in_file(file)
                .at(line(key), 1)
                .hint("the note is shown under the table; fill in the missing figures, or take out `missing: skip` to show the figure as missing instead"),
        );
    }
    if let Some(spec) = &sc.suppress {
        for what in crate::resolve::suppress::revealing(ds, spec) {
            ds.notes.push(
                Diagnostic::error(Code::SuppressRevealed, format!("a suppressed figure could be worked out: {what}"))
                    .in_file(file)
                    .at(line("suppress"), 1)
                    .hint("add `secondary: true` under `suppress:` so the next smallest figure is held back too, or take the total out"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dataset `t` of a site made of these two files.
    fn load(csv: &str, sidecar: &str) -> Dataset {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("plainsight-missing-{}-{n}", std::process::id()));
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("data/t.csv"), csv).unwrap();
        std::fs::write(root.join("data/t.yaml"), sidecar).unwrap();
        let ds = crate::resolve::dataset::load_one(&root, "t");
        let _ = std::fs::remove_dir_all(&root);
        ds.unwrap_or_else(|d| panic!("{d:?}"))
    }

    const CSV: &str = "area,current,previous\nA,10,8\nB,[x],5\nC,4,[z]\n";

    #[test]
    fn totals_are_strict() {
        assert_eq!(
            strict_sum([Cell::Number(1.0), Cell::Missing].iter()),
            Cell::Missing
        );
        assert_eq!(strict_sum([].iter()), Cell::Missing);
        assert_eq!(
            strict_sum([Cell::Number(1.0), Cell::Number(2.5)].iter()),
            Cell::Number(3.5)
        );
    }

    #[test]
    fn a_difference_takes_the_symbol_and_the_reason_of_what_it_lacks() {
        let ds = load(
            CSV,
            "columns:\n  current: { type: integer }\n  previous: { type: integer }\nderived:\n  d: { kind: difference, a: current, b: previous }\n",
        );
        let d = ds.column("d").unwrap();
        assert_eq!(ds.rows[0][d], Cell::Number(2.0));
        assert!(ds.rows[1][d].is_missing());
        let m = ds.marks.cell(1, d).unwrap();
        assert_eq!(m.symbols, vec![Symbol::NotAvailable]);
        assert_eq!(
            m.reason.as_ref().map(Phrase::english).as_deref(),
            Some("Change for B uses Current for B, which is not available [x]")
        );
        let cy = crate::model::i18n::Messages::builtin("cy");
        assert_eq!(
            m.reason.as_ref().map(|r| r.say(&cy)).as_deref(),
            Some(
                "mae Change ar gyfer B yn defnyddio Current ar gyfer B, sydd wedi'i farcio [x] (ddim ar gael)"
            )
        );
        assert_eq!(ds.shown(2, d), "[z]");
    }

    #[test]
    fn a_share_or_rank_needs_the_whole_column_unless_told_to_skip() {
        let ds = load(
            CSV,
            "columns:\n  current: { type: integer }\n  previous: { type: integer }\nderived:\n  s: { kind: share, of: current }\n  r: { kind: rank, of: current, missing: skip }\n",
        );
        let (s, r) = (ds.column("s").unwrap(), ds.column("r").unwrap());
        assert!((0..3).all(|row| ds.rows[row][s].is_missing()));
        assert_eq!(ds.shown(0, s), "[x]");
        assert_eq!(ds.rows[0][r], Cell::Number(1.0));
        assert_eq!(ds.rows[2][r], Cell::Number(2.0));
        assert!(
            ds.marks.notes[0]
                .english()
                .starts_with("Rank is worked out over the rows with figures")
        );
    }

    #[test]
    fn totals_with_skip_cover_the_same_rows_in_every_column() {
        let ds = load(
            CSV,
            "columns:\n  current: { type: integer }\n  previous: { type: integer }\ntotals: { missing: skip }\n",
        );
        let t = ds.totals.as_ref().unwrap();
        // Only A has both figures: 10 against 8, not 14 against 13.
        assert_eq!(t.cells[1], Cell::Number(10.0));
        assert_eq!(t.cells[2], Cell::Number(8.0));
        assert!(ds.marks.notes[0].english().contains("leave out B, C"));
        assert_eq!(ds.notes[0].code, crate::diagnostic::Code::MissingSkipped);
    }

    #[test]
    fn totals_include_held_back_figures() {
        let ds = load(
            "area,n\nA,3\nB,2\nC,40\n",
            "columns:\n  n: { type: integer }\nsuppress: { below: 5, columns: [n], secondary: true }\ntotals: {}\n",
        );
        assert!(ds.rows[0][1].is_missing() && ds.rows[1][1].is_missing());
        assert_eq!(ds.rows[2][1], Cell::Number(40.0));
        assert_eq!(ds.totals.as_ref().unwrap().cells[1], Cell::Number(45.0));
        assert!(ds.raw[0][1] == "[c]" && ds.raw[1][1] == "[c]");
        assert!(ds.notes.is_empty(), "{:?}", ds.notes);
    }

    #[test]
    fn secondary_suppression_leaves_no_lone_held_back_figure() {
        let ds = load(
            "area,n\nA,3\nB,20\nC,40\n",
            "columns:\n  n: { type: integer }\nsuppress: { below: 5, columns: [n], secondary: true }\ntotals: {}\n",
        );
        // B, the next smallest, is held back with A; C is shown.
        assert!(ds.rows[1][1].is_missing());
        assert_eq!(ds.rows[2][1], Cell::Number(40.0));
        let without = load(
            "area,n\nA,3\nB,20\nC,40\n",
            "columns:\n  n: { type: integer }\nsuppress: { below: 5, columns: [n] }\ntotals: {}\n",
        );
        assert_eq!(
            without.notes[0].code,
            crate::diagnostic::Code::SuppressRevealed
        );
    }
}
