//! Failing figures told by cause: one finding for every figure of a column
//! (or, for rows out of place, of a table) that went wrong the same way,
//! naming the cause and the rows; one finding per figure otherwise, saying
//! when no known cause fits or when several do.

use std::collections::BTreeMap;

use crate::diagnostic::Code;
use crate::diagnostic::{Cause as CauseReport, Diagnostic, Diagnostics, Figure};
use crate::model::dataset::Dataset;
use crate::model::dataset::schema::{ColType, DerivedKind};

use super::causes::{self, Cause, Inputs, Verdict};
use super::{Failure, words};

/// Findings for a dataset's failing figures, in the order of their first figure.
pub(super) fn report(ds: &Dataset, failures: &[Failure]) -> Diagnostics {
    let verdicts = verdicts(ds, failures);
    // Figures that went wrong the same way share a key; the rest stand alone.
    let mut groups: Vec<(Verdict, Vec<usize>)> = Vec::new();
    let mut keyed: BTreeMap<(&str, usize, usize), usize> = BTreeMap::new();
    for (i, v) in verdicts.iter().enumerate() {
        let f = &failures[i];
        let key = match v {
            Verdict::Named(Cause::OtherRow(_)) => Some(("other-row", 0, 0)),
            // A column holding another's figures, and that column holding
            // its figures, are one swap.
            Verdict::Named(c @ Cause::OtherColumn(y)) => {
                Some((c.kind(), f.ti.min(*y), f.ti.max(*y)))
            }
            Verdict::Named(c) => Some((c.kind(), f.si, 0)),
            _ => None,
        };
        match key.and_then(|k| keyed.get(&k).copied()) {
            Some(g) => groups[g].1.push(i),
            None => {
                if let Some(k) = key {
                    keyed.insert(k, groups.len());
                }
                groups.push((v.clone(), vec![i]));
            }
        }
    }
    let mut out = Diagnostics::new();
    for (verdict, mut members) in groups {
        members.sort_by_key(|&i| (failures[i].r, failures[i].si));
        let fs: Vec<&Failure> = members.iter().map(|&i| &failures[i]).collect();
        let owners: Vec<Option<usize>> = members
            .iter()
            .map(|&i| match verdicts[i] {
                Verdict::Named(Cause::OtherRow(x)) => Some(x),
                _ => None,
            })
            .collect();
        out.push(finding(ds, failures, &verdict, &fs, &owners));
    }
    out
}

/// Each failing figure's verdict: its causes tested, rows out of place
/// found across the row's figures, then settled column by column.
fn verdicts(ds: &Dataset, failures: &[Failure]) -> Vec<Verdict> {
    let mut fits: Vec<Vec<Cause>> = failures
        .iter()
        .map(|f| match f.computed {
            Some(c) => causes::fits(&f.stated, c, &inputs(ds, f)),
            None => Vec::new(),
        })
        .collect();
    let mut sorted: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    let candidates: Vec<Vec<usize>> = failures
        .iter()
        .map(|f| match kind(ds, f.ti) {
            // Every rank is some row's rank: that it is another's says nothing.
            Some(DerivedKind::Rank) | None => Vec::new(),
            _ if f.computed.is_none() => Vec::new(),
            _ => {
                let col = sorted.entry(f.ti).or_insert_with(|| by_value(ds, f.ti));
                causes::other_rows(&f.stated, f.r, col)
            }
        })
        .collect();
    let mut by_row: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in failures.iter().enumerate() {
        by_row.entry(f.r).or_default().push(i);
    }
    // Row → (the one row whose figures it holds, how many of its figures say so).
    let mut owner: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (&r, same_row) in &by_row {
        let sets: Vec<Vec<usize>> = same_row.iter().map(|&j| candidates[j].clone()).collect();
        if let Some(x) = causes::whose_row(&sets) {
            owner.insert(r, (x, sets.iter().filter(|s| s.contains(&x)).count()));
        }
    }
    let believed = causes::corroborated(&owner, ds.rows.len());
    for (&r, same_row) in &by_row {
        if let Some(&(x, _)) = owner.get(&r).filter(|_| believed.contains(&r)) {
            for &j in same_row {
                if candidates[j].contains(&x) {
                    fits[j].push(Cause::OtherRow(x));
                }
            }
        }
    }
    let mut verdicts = vec![Verdict::None; failures.len()];
    let mut columns: Vec<usize> = failures.iter().map(|f| f.si).collect();
    columns.sort_unstable();
    columns.dedup();
    for si in columns {
        let idx: Vec<usize> = (0..failures.len())
            .filter(|&i| failures[i].si == si)
            .collect();
        let column: Vec<Vec<Cause>> = idx.iter().map(|&i| fits[i].clone()).collect();
        for (k, v) in idx.into_iter().zip(causes::settle(&column)) {
            verdicts[k] = v;
        }
    }
    verdicts
}

/// A computed column's figures with their rows, smallest first.
fn by_value(ds: &Dataset, ci: usize) -> Vec<(f64, usize)> {
    let mut v: Vec<(f64, usize)> = (0..ds.rows.len())
        .filter_map(|r| ds.rows[r][ci].number().map(|n| (n, r)))
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    v
}

fn kind(ds: &Dataset, ci: usize) -> Option<DerivedKind> {
    ds.columns[ci].derived.as_ref().map(|s| s.kind)
}

/// The figures behind the computed figure a failing one is checked against.
fn inputs(ds: &Dataset, f: &Failure) -> Inputs {
    let row = &ds.rows[f.r];
    let spec = ds.columns[f.ti].derived.as_ref();
    let col = |n: Option<&str>| n.and_then(|n| ds.column(n));
    let (a, b) = (
        col(spec.and_then(|s| s.a.as_deref())),
        col(spec.and_then(|s| s.b.as_deref())),
    );
    let parts = spec
        .and_then(|s| s.columns.as_ref())
        .map(|names| {
            names
                .iter()
                .filter_map(|n| ds.column(n))
                .filter_map(|i| row[i].number().map(|v| (i, v)))
                .collect()
        })
        .unwrap_or_default();
    let others = (0..ds.columns.len())
        .filter(|&j| j != f.ti && !matches!(kind(ds, j), None | Some(DerivedKind::Rank)))
        .filter_map(|j| row[j].number().map(|v| (j, v)))
        .collect();
    Inputs {
        kind: spec.map(|s| s.kind),
        a: a.and_then(|i| row[i].number()),
        b: b.and_then(|i| row[i].number()),
        percent_inputs: a.is_some_and(|i| ds.columns[i].ty == ColType::Percent),
        parts,
        others,
    }
}

/// The two columns a difference or percent change is worked out from, by
/// label: (later, earlier).
fn periods(ds: &Dataset, ti: usize) -> (String, String) {
    let spec = ds.columns[ti].derived.as_ref();
    let name = |n: Option<&String>| {
        n.and_then(|n| ds.column(n))
            .map(|i| words::label(ds, i))
            .unwrap_or_default()
    };
    (
        name(spec.and_then(|s| s.a.as_ref())),
        name(spec.and_then(|s| s.b.as_ref())),
    )
}

fn finding(
    ds: &Dataset,
    all: &[Failure],
    verdict: &Verdict,
    fs: &[&Failure],
    owners: &[Option<usize>],
) -> Diagnostic {
    let first = fs[0];
    let columns = {
        let mut c: Vec<usize> = fs.iter().map(|f| f.si).collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let message = if fs.len() == 1 {
        single(ds, verdict, first)
    } else {
        grouped(ds, all, verdict, fs, owners, &columns)
    };
    let pos = &ds.positions[first.r];
    let mut d = Diagnostic::error(Code::Verify, message)
        .in_file(&ds.csv_path)
        .at(pos.line, pos.column(first.si))
        .width(
            ds.raw[first.r]
                .get(first.si)
                .map_or(1, |s| s.chars().count()),
        )
        .label(match first.computed {
            Some(c) => format!(
                "published {}, the data give {}",
                words::published(ds, first),
                words::computed(ds, first, c)
            ),
            None => format!(
                "published {}, the data give none",
                words::published(ds, first)
            ),
        });
    for note in notes(ds, verdict, fs, owners, &columns) {
        d = d.note(note);
    }
    if fs.len() == 1 && first.computed.is_some() && *verdict == Verdict::None {
        d = d.note("Plainsight tested the known causes, and none gives the published figure exactly: divided by the wrong period, the periods swapped, another row's or another column's figure, a dropped minus sign, percent and percentage points confused, cut short instead of rounded, and a total off by one of its parts");
    }
    if fs.len() == 1
        && first.computed.is_some()
        && matches!(verdict, Verdict::None | Verdict::Several(_))
        && let Some(w) = crate::resolve::derive::working(ds, first.r, &ds.columns[first.ti])
    {
        d = d.note(format!("working: {w}"));
    }
    d.hint(super::help::help(ds, verdict, first, fs.len(), &columns))
        .cause(CauseReport {
            kind: match verdict {
                Verdict::Named(c) => c.kind(),
                Verdict::Several(_) => "several",
                Verdict::None => "none",
            },
            figures: fs
                .iter()
                .zip(owners)
                .map(|(f, o)| figure(ds, verdict, f, *o))
                .collect(),
        })
}

fn figure(ds: &Dataset, verdict: &Verdict, f: &Failure, owner: Option<usize>) -> Figure {
    let pos = &ds.positions[f.r];
    Figure {
        row: ds.key_text(f.r),
        column: ds.columns[f.si].name.clone(),
        line: pos.line,
        column_number: pos.column(f.si),
        published: words::published(ds, f),
        computed: f
            .computed
            .map(|c| words::computed(ds, f, c))
            .unwrap_or_default(),
        belongs_to: match verdict {
            Verdict::Named(Cause::OtherRow(_)) => owner.map(|x| ds.key_text(x)),
            Verdict::Named(Cause::OtherColumn(y)) => Some(ds.columns[*y].label.clone()),
            _ => None,
        },
    }
}

/// The finding for one figure.
fn single(ds: &Dataset, verdict: &Verdict, f: &Failure) -> String {
    let head = format!(
        "{} for {} is published as {}",
        words::label(ds, f.si),
        ds.key_text(f.r),
        words::published(ds, f)
    );
    let Some(c) = f.computed else {
        return format!("{head}, but {}", no_figure(ds, f));
    };
    let c = words::computed(ds, f, c);
    let (later, earlier) = periods(ds, f.ti);
    let why = match verdict {
        Verdict::Named(cause) => match *cause {
            Cause::WrongBase => format!(
                "it was divided by the current figure ({later}) instead of the previous one ({earlier})"
            ),
            Cause::PeriodsSwapped => {
                format!("the two periods were swapped: it is the change from {later} to {earlier}")
            }
            Cause::MinusDropped => "it is a fall, published without its minus sign".into(),
            Cause::PercentPoints => points(ds, f.ti),
            Cause::Truncated => "it was cut short instead of rounded".into(),
            Cause::LeftOut(col) => format!("the total leaves out {}", words::label(ds, col)),
            Cause::Twice(col) => format!("the total counts {} twice", words::label(ds, col)),
            Cause::OtherColumn(y) => {
                format!("it is the {} figure of the same row", words::label(ds, y))
            }
            Cause::OtherRow(x) => format!("it is {}'s figure", ds.key_text(x)),
        },
        Verdict::Several(list) => format!(
            "more than one cause fits exactly, so Plainsight cannot tell which: {}",
            words::list(&list.iter().map(|c| short(ds, *c)).collect::<Vec<_>>())
        ),
        Verdict::None => "no known cause explains the difference".into(),
    };
    format!("{head}, but the data give {c}: {why}")
}

/// What a percent change and percentage points slip is, for a column.
fn points(ds: &Dataset, ti: usize) -> String {
    if kind(ds, ti) == Some(DerivedKind::PercentChange) {
        "it is the difference in percentage points, not the percent change".into()
    } else {
        "it is the percent change, not the difference in percentage points".into()
    }
}

/// A cause in a few words, for a list of those that fit.
fn short(ds: &Dataset, c: Cause) -> String {
    match c {
        Cause::WrongBase => "divided by the current figure instead of the previous one".into(),
        Cause::PeriodsSwapped => "the periods swapped".into(),
        Cause::MinusDropped => "a minus sign dropped".into(),
        Cause::PercentPoints => "percent and percentage points confused".into(),
        Cause::Truncated => "cut short instead of rounded".into(),
        Cause::LeftOut(col) => format!("{} left out", words::label(ds, col)),
        Cause::Twice(col) => format!("{} counted twice", words::label(ds, col)),
        Cause::OtherColumn(y) => format!("the {} figure", words::label(ds, y)),
        Cause::OtherRow(x) => format!("{}'s figure", ds.key_text(x)),
    }
}

/// Why the data give no figure for a failing one.
fn no_figure(ds: &Dataset, f: &Failure) -> String {
    let spec = ds.columns[f.ti].derived.as_ref();
    let input = |n: Option<&String>| n.and_then(|n| ds.column(n));
    if let Some(s) = spec
        && s.kind == DerivedKind::PercentChange
        && let Some(b) = input(s.b.as_ref())
        && ds.rows[f.r][b].number() == Some(0.0)
    {
        return format!(
            "the previous figure ({}) was 0, so there is no percent change",
            words::label(ds, b)
        );
    }
    let named: Vec<usize> = spec
        .map(|s| {
            [s.a.as_ref(), s.b.as_ref(), s.of.as_ref()]
                .into_iter()
                .filter_map(input)
                .chain(s.columns.iter().flatten().filter_map(|n| ds.column(n)))
                .collect()
        })
        .unwrap_or_default();
    match named.iter().find(|&&i| ds.rows[f.r][i].is_missing()) {
        Some(&i) => format!(
            "the data have no {} figure for {}, so there is nothing to check it against",
            words::label(ds, i),
            ds.key_text(f.r)
        ),
        None => "the data give no figure to check it against".into(),
    }
}

/// "all 9 rows of '% change (as published)' that disagree with the data".
fn how_many(ds: &Dataset, all: &[Failure], si: usize, n: usize) -> String {
    let failing = all.iter().filter(|f| f.si == si).count();
    let label = words::label(ds, si);
    let all = if n == 2 {
        "both".to_string()
    } else {
        format!("all {n}")
    };
    if n == ds.rows.len() {
        format!("{all} rows of {label}")
    } else if n == failing {
        format!("{all} rows of {label} that disagree with the data")
    } else {
        format!("{n} rows of {label}")
    }
}

fn rows_of(fs: &[&Failure]) -> Vec<usize> {
    let mut rows: Vec<usize> = fs.iter().map(|f| f.r).collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

fn names(ds: &Dataset, rows: &[usize]) -> String {
    words::list(&rows.iter().map(|&r| ds.key_text(r)).collect::<Vec<_>>())
}

/// The finding for several figures that went wrong the same way.
fn grouped(
    ds: &Dataset,
    all: &[Failure],
    verdict: &Verdict,
    fs: &[&Failure],
    owners: &[Option<usize>],
    columns: &[usize],
) -> String {
    let first = fs[0];
    let rows = rows_of(fs);
    let who = names(ds, &rows);
    let many = how_many(ds, all, first.si, fs.len());
    let (later, earlier) = periods(ds, first.ti);
    let Verdict::Named(cause) = verdict else {
        unreachable!("only named causes are grouped")
    };
    match *cause {
        Cause::WrongBase => format!(
            "{many} were divided by the current figure ({later}) instead of the previous one ({earlier}): {who}"
        ),
        Cause::PeriodsSwapped => format!(
            "{many} have the two periods the wrong way round (the change from {later} to {earlier}, not from {earlier} to {later}): {who}"
        ),
        Cause::MinusDropped => {
            format!("{many} are falls published without their minus sign: {who}")
        }
        Cause::PercentPoints => format!(
            "{many}: {} ({who})",
            points(ds, first.ti)
                .replacen("it is", "they are", 1)
                .replace("difference", "differences")
                .replace("change,", "changes,")
                .replace("percent change", "percent changes")
        ),
        Cause::Truncated => format!("{many} were cut short instead of rounded: {who}"),
        Cause::LeftOut(col) => format!("{many} leave out {}: {who}", words::label(ds, col)),
        Cause::Twice(col) => format!("{many} count {} twice: {who}", words::label(ds, col)),
        Cause::OtherColumn(y) if columns.len() == 2 => {
            let other = columns
                .iter()
                .copied()
                .find(|&c| c != first.si)
                .unwrap_or(first.si);
            format!(
                "{} and {} are the wrong way round in {}: {} holds the {} figures and {} the {} figures ({who})",
                words::label(ds, first.si),
                words::label(ds, other),
                match (rows.len(), rows.len() == ds.rows.len()) {
                    (2, true) => "both rows".to_string(),
                    (n, true) => format!("all {n} rows"),
                    (n, false) => format!("{n} rows"),
                },
                words::label(ds, first.si),
                words::label(ds, y),
                words::label(ds, other),
                words::label(ds, first.ti),
            )
        }
        Cause::OtherColumn(y) => format!(
            "{many} hold the {} figures, not the {} ones: {who}",
            words::label(ds, y),
            words::label(ds, first.ti)
        ),
        Cause::OtherRow(_) => other_rows(ds, fs, owners, columns, &rows),
    }
}

/// "12 rows of '% change' and 'Change in number' hold another district's
/// figures: Medway has Dartford's, …".
fn other_rows(
    ds: &Dataset,
    fs: &[&Failure],
    owners: &[Option<usize>],
    columns: &[usize],
    rows: &[usize],
) -> String {
    let pairs: Vec<(usize, usize)> = rows
        .iter()
        .filter_map(|&r| {
            fs.iter()
                .zip(owners)
                .find_map(|(f, o)| o.filter(|_| f.r == r))
                .map(|x| (r, x))
        })
        .collect();
    let labels = words::list(
        &columns
            .iter()
            .map(|&c| words::label(ds, c))
            .collect::<Vec<_>>(),
    );
    let noun = words::row_noun(ds);
    // Two rows holding each other's figures are told as one swap.
    let moves = words::list(
        &pairs
            .iter()
            .filter_map(|&(r, x)| {
                let (rn, xn) = (ds.key_text(r), ds.key_text(x));
                match pairs.contains(&(x, r)) {
                    true if r < x => Some(format!("{rn} and {xn} have each other's")),
                    true => None,
                    false => Some(format!("{rn} has {}", words::possessive(&xn))),
                }
            })
            .collect::<Vec<_>>(),
    );
    let shift = pairs.first().map(|&(r, x)| x as i64 - r as i64);
    let same_shift = shift.filter(|s| pairs.iter().all(|&(r, x)| x as i64 - r as i64 == *s));
    let how = match same_shift {
        Some(s) => format!(
            " (every figure is {} row{} {} its own)",
            s.abs(),
            if s.abs() == 1 { "" } else { "s" },
            if s > 0 { "above" } else { "below" }
        ),
        None => String::new(),
    };
    format!(
        "{} row{} of {labels} hold another {noun}'s figures{how}: {moves}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
    )
}

/// One line per row: what was published and what the data give.
fn notes(
    ds: &Dataset,
    verdict: &Verdict,
    fs: &[&Failure],
    owners: &[Option<usize>],
    columns: &[usize],
) -> Vec<String> {
    if fs.len() == 1 {
        return match verdict {
            Verdict::Named(Cause::WrongBase) => wrong_base_working(ds, fs[0])
                .map(|w| vec![format!("working: {w}")])
                .unwrap_or_default(),
            _ => Vec::new(),
        };
    }
    let mut out = Vec::new();
    for r in rows_of(fs) {
        let mine: Vec<&&Failure> = fs.iter().filter(|f| f.r == r).collect();
        let parts: Vec<String> = mine
            .iter()
            .map(|f| {
                let c = f
                    .computed
                    .map(|c| words::computed(ds, f, c))
                    .unwrap_or_else(|| "none".into());
                let p = words::published(ds, f);
                if columns.len() > 1 {
                    format!(
                        "{} published as {p}, the data give {c}",
                        words::label(ds, f.si)
                    )
                } else {
                    format!("published as {p}, the data give {c}")
                }
            })
            .collect();
        let key = ds.key_text(r);
        let line = match verdict {
            Verdict::Named(Cause::WrongBase) => {
                let w = wrong_base_working(ds, mine[0]).map(|w| format!(": {w}"));
                format!("{key}: {}{}", parts.join("; "), w.unwrap_or_default())
            }
            Verdict::Named(Cause::OtherRow(_)) => {
                let owner = owners
                    .iter()
                    .zip(fs)
                    .find_map(|(o, f)| o.filter(|_| f.r == r));
                let n = if mine.len() == 1 { "figure" } else { "figures" };
                match owner {
                    Some(x) => format!(
                        "{key} has the {n} for {}: {}",
                        ds.key_text(x),
                        parts.join("; ")
                    ),
                    None => format!("{key}: {}", parts.join("; ")),
                }
            }
            _ => format!("{key}: {}", parts.join("; ")),
        };
        out.push(line);
    }
    out
}

/// "213 ÷ 1,711 × 100 = 12.45%, but the change is 213 ÷ 1,498 × 100 =
/// 14.22%": the published figure's own working, and the right one.
fn wrong_base_working(ds: &Dataset, f: &Failure) -> Option<String> {
    let spec = ds.columns[f.ti].derived.as_ref()?;
    let col = |n: Option<&String>| n.and_then(|n| ds.column(n));
    let (a, b) = (col(spec.a.as_ref())?, col(spec.b.as_ref())?);
    let (av, bv) = (ds.rows[f.r][a].number()?, ds.rows[f.r][b].number()?);
    let diff = words::plain(&ds.columns[a], (av - bv).abs());
    let sign = if av < bv { "−" } else { "" };
    Some(format!(
        "{sign}{diff} ÷ {} × 100 = {}, but the change is {sign}{diff} ÷ {} × 100 = {}",
        words::plain(&ds.columns[a], av),
        words::published(ds, f),
        words::plain(&ds.columns[b], bv),
        words::computed(ds, f, f.computed?)
    ))
}
