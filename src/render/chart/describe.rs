//! The chart in words: the SVG's `<desc>`, read by screen readers and shown
//! nowhere else. It says what is plotted, the range with the highest and
//! lowest rows, the value and rank of each highlighted row, and where there
//! is no data. Every figure goes through the dataset's formatter.

use super::scale::ordinal;
use super::{Kind, Order, Plot, Series};

/// `A`, `A and B`, `A, B and C`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), s.chars().nth(1)) {
        (Some(f), Some(second)) if f.is_uppercase() && !second.is_uppercase() => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

fn series_name(s: &Series) -> String {
    match &s.unit {
        Some(u) if !u.is_empty() && !s.name.to_lowercase().contains(&u.to_lowercase()) => {
            format!("{} ({u})", s.name)
        }
        _ => s.name.clone(),
    }
}

/// "8th highest of 13", "joint 2nd highest of 13", "the highest of 13",
/// "the lowest of 13" for `value` among `values`.
pub fn rank_text(value: f64, values: &[f64]) -> String {
    let total = values.len();
    let above = values.iter().filter(|v| **v > value).count();
    let below = values.iter().filter(|v| **v < value).count();
    let tied = values.iter().filter(|v| **v == value).count() > 1;
    let joint = if tied { "joint " } else { "" };
    if total <= 1 {
        return "the only value".into();
    }
    if above == 0 {
        return format!("{}highest of {total}", if tied { "joint " } else { "the " });
    }
    if below == 0 {
        return format!("{}lowest of {total}", if tied { "joint " } else { "the " });
    }
    format!("{joint}{} highest of {total}", ordinal(above + 1))
}

/// The rows holding the extreme value: ("Medway", 2929.0).
fn extreme(labels: &[String], values: &[Option<f64>], highest: bool) -> Option<(Vec<String>, f64)> {
    let present = values.iter().flatten().copied();
    let best = if highest {
        present.fold(f64::NEG_INFINITY, f64::max)
    } else {
        present.fold(f64::INFINITY, f64::min)
    };
    if !best.is_finite() {
        return None;
    }
    let keys = labels
        .iter()
        .zip(values)
        .filter(|(_, v)| **v == Some(best))
        .map(|(l, _)| l.clone())
        .collect();
    Some((keys, best))
}

/// "from 699 incidents (Sevenoaks, lowest) to 2,929 incidents (Medway, highest)".
fn range_text(p: &Plot, s: &Series, values: &[Option<f64>]) -> Option<String> {
    let (lo_keys, lo) = extreme(&p.labels, values, false)?;
    let (hi_keys, hi) = extreme(&p.labels, values, true)?;
    let present = values.iter().flatten().count();
    if present == 1 {
        return Some(format!(
            "only {} has a value, {}",
            hi_keys[0],
            s.fmt_unit(hi)
        ));
    }
    if lo == hi {
        return Some(format!("every value is {}", s.fmt_unit(hi)));
    }
    Some(format!(
        "from {} ({}, lowest) to {} ({}, highest)",
        s.fmt_unit(lo),
        join_and(&lo_keys),
        s.fmt_unit(hi),
        join_and(&hi_keys)
    ))
}

fn sentence(s: &str) -> String {
    let mut s = super::capitalise(s.trim());
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

pub fn describe(p: &Plot) -> String {
    let mut out = vec![opening(p)];
    out.extend(ranges(p));
    out.extend(
        (0..p.labels.len())
            .filter(|&r| p.highlighted[r])
            .map(|r| highlight(p, r)),
    );
    out.extend(missing(p));
    out.iter()
        .map(|s| sentence(s))
        .collect::<Vec<_>>()
        .join(" ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How the rows are ordered, as the end of the opening sentence; the
/// column is named only when it is not the one plotted.
fn order_text(p: &Plot) -> String {
    match &p.order {
        Order::AsWritten => String::new(),
        Order::Descending(c) if *c == p.series[0].name && p.series.len() == 1 => {
            ", highest first".into()
        }
        Order::Ascending(c) if *c == p.series[0].name && p.series.len() == 1 => {
            ", lowest first".into()
        }
        Order::Descending(c) => format!(", sorted by {c}, highest first"),
        Order::Ascending(c) => format!(", sorted by {c}, lowest first"),
    }
}

/// What is plotted against what, and how many bars or points.
fn opening(p: &Plot) -> String {
    // With units here; figures later carry their units.
    let names: Vec<String> = p.series.iter().map(series_name).collect();
    let rows = p.labels.len();
    let category = lower_first(&p.category);
    let order = order_text(p);
    match p.kind {
        Kind::Bar => format!(
            "Bar chart of {} by {category}: {}{order}",
            names[0],
            plural(rows, "bar", "bars")
        ),
        Kind::Grouped => format!(
            "Grouped bar chart comparing {} by {category}: {} of {} bars{order}",
            join_and(&names),
            plural(rows, "group", "groups"),
            p.series.len()
        ),
        Kind::Stacked => format!(
            "Stacked bar chart of {} by {category}: {}, each made up of {} parts{order}",
            join_and(&names),
            plural(rows, "bar", "bars"),
            p.series.len()
        ),
        Kind::Line => {
            let span = match (p.labels.first(), p.labels.last()) {
                (Some(a), Some(b)) if rows > 1 => format!(", from {a} to {b}"),
                _ => String::new(),
            };
            if p.series.len() == 1 {
                format!(
                    "Line chart of {} by {category}: {}{span}{order}",
                    names[0],
                    plural(rows, "point", "points")
                )
            } else {
                format!(
                    "Line chart with {} lines, {}, by {category}: {} each{span}{order}",
                    p.series.len(),
                    join_and(&names),
                    plural(rows, "point", "points")
                )
            }
        }
    }
}

/// The range of the stack totals, then of each series, each line's with
/// where it starts and ends.
fn ranges(p: &Plot) -> Vec<String> {
    let mut out = Vec::new();
    if p.kind == Kind::Stacked {
        let totals = p.stack_totals();
        if let Some(r) = range_text(p, &p.series[0], &totals) {
            out.push(format!("Totals range {r}"));
        }
    }
    for s in &p.series {
        if let Some(r) = range_text(p, s, &s.values) {
            if p.series.len() == 1 {
                out.push(format!("Values range {r}"));
            } else {
                out.push(format!("{}: {r}", s.name));
            }
        }
        if p.kind == Kind::Line {
            out.extend(line_ends(p, s));
        }
    }
    out
}

/// "The line starts at 2,929 incidents (Medway) and ends at 699 incidents
/// (Sevenoaks)", from its first and last values.
fn line_ends(p: &Plot, s: &Series) -> Option<String> {
    if p.labels.len() <= 1 {
        return None;
    }
    let a = s.values.iter().position(Option::is_some)?;
    let b = s.values.iter().rposition(Option::is_some)?;
    if a == b {
        return None;
    }
    let who = if p.series.len() == 1 {
        "The line".to_string()
    } else {
        format!("The {} line", s.name)
    };
    Some(format!(
        "{who} starts at {} ({}) and ends at {} ({})",
        s.fmt_unit(s.values[a].unwrap_or_default()),
        p.labels[a],
        s.fmt_unit(s.values[b].unwrap_or_default()),
        p.labels[b]
    ))
}

/// Highlighted row `r`: its value and rank in each series, and its stack's.
fn highlight(p: &Plot, r: usize) -> String {
    let parts: Vec<String> = p
        .series
        .iter()
        .map(|s| {
            let all: Vec<f64> = s.values.iter().flatten().copied().collect();
            let figure = match s.values[r] {
                Some(v) => format!("{}, {}", s.fmt_unit(v), rank_text(v, &all)),
                None => "no data".into(),
            };
            if p.series.len() == 1 {
                figure
            } else {
                format!("{} {figure}", s.name)
            }
        })
        .collect();
    let mut text = format!("{}: {}", p.labels[r], parts.join("; "));
    if p.kind == Kind::Stacked {
        let totals = p.stack_totals();
        if let Some(t) = totals[r] {
            let all: Vec<f64> = totals.iter().flatten().copied().collect();
            text = format!(
                "{}: total {}, {}; {}",
                p.labels[r],
                p.series[0].fmt_unit(t),
                rank_text(t, &all),
                parts.join("; ")
            );
        }
    }
    format!("{text} (highlighted)")
}

/// The rows each series has no value for.
fn missing(p: &Plot) -> Vec<String> {
    use crate::model::dataset::symbol::{Mark, missing_sentence};
    let mut out = Vec::new();
    let marks: Vec<Mark> = (p.series.iter())
        .flat_map(|s| s.gaps.iter().flatten())
        .map(|&g| Mark::of(vec![g]))
        .collect();
    out.extend(missing_sentence(marks.iter()));
    for s in &p.series {
        // One sentence per kind of gap, in the order the gaps first come.
        let mut kinds: Vec<String> = Vec::new();
        for r in (0..p.labels.len()).filter(|&r| s.values[r].is_none()) {
            let g = s.gap(r);
            if !kinds.contains(&g) {
                kinds.push(g);
            }
        }
        for kind in kinds {
            let missing: Vec<String> = (0..p.labels.len())
                .filter(|&r| s.values[r].is_none() && s.gap(r) == kind)
                .map(|r| p.labels[r].clone())
                .collect();
            let whose = if p.series.len() == 1 {
                String::new()
            } else {
                format!(" ({})", s.name)
            };
            out.push(format!(
                "{} for {}{whose}",
                capitalise_first(&kind),
                join_and(&missing)
            ));
        }
    }
    out
}

fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_read_naturally() {
        let v = [2929.0, 1711.0, 1020.0, 699.0];
        assert_eq!(rank_text(1020.0, &v), "3rd highest of 4");
        assert_eq!(rank_text(2929.0, &v), "the highest of 4");
        assert_eq!(rank_text(699.0, &v), "the lowest of 4");
        assert_eq!(rank_text(5.0, &[5.0, 5.0, 1.0]), "joint highest of 3");
        assert_eq!(
            rank_text(3.0, &[5.0, 3.0, 3.0, 1.0]),
            "joint 2nd highest of 4"
        );
        assert_eq!(rank_text(3.0, &[3.0]), "the only value");
    }

    #[test]
    fn lists_join_with_and() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&[])), "");
        assert_eq!(join_and(&s(&["A"])), "A");
        assert_eq!(join_and(&s(&["A", "B"])), "A and B");
        assert_eq!(join_and(&s(&["A", "B", "C"])), "A, B and C");
    }

    #[test]
    fn category_names_lose_their_capital_unless_an_acronym() {
        assert_eq!(lower_first("District"), "district");
        assert_eq!(lower_first("PCC area"), "PCC area");
        assert_eq!(lower_first("Month (2023)"), "month (2023)");
    }
}
