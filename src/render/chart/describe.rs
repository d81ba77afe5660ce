//! The chart in words: the SVG's `<desc>`, read by screen readers and shown
//! nowhere else. It says what is plotted, the range with the highest and
//! lowest rows, the value and rank of each highlighted row, and where there
//! is no data. Every figure goes through the dataset's formatter; every word
//! comes from the page's language's messages (`describe.*` and `rank.*`).

use super::{Kind, Order, Plot, Series};
use crate::model::i18n::Messages;

/// `A`, `A and B`, `A, B and C` (`A, B a C` in Welsh).
pub fn join_and(w: &Messages, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => w.fill(
            "describe.and",
            &[("rest", &rest.join(", ")), ("last", last)],
        ),
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
pub fn rank_text(w: &Messages, value: f64, values: &[f64]) -> String {
    let total = values.len();
    let above = values.iter().filter(|v| **v > value).count();
    let below = values.iter().filter(|v| **v < value).count();
    let tied = values.iter().filter(|v| **v == value).count() > 1;
    let total_s = total.to_string();
    let of = |key: &str| w.fill(key, &[("total", &total_s)]);
    if total <= 1 {
        return w.get("rank.only").to_string();
    }
    if above == 0 {
        return of(if tied {
            "rank.joint_highest"
        } else {
            "rank.highest"
        });
    }
    if below == 0 {
        return of(if tied {
            "rank.joint_lowest"
        } else {
            "rank.lowest"
        });
    }
    let key = if tied { "rank.joint_nth" } else { "rank.nth" };
    w.fill(
        key,
        &[("nth", &w.ordinal(above as u64 + 1)), ("total", &total_s)],
    )
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
    let w = &p.words;
    let (lo_keys, lo) = extreme(&p.labels, values, false)?;
    let (hi_keys, hi) = extreme(&p.labels, values, true)?;
    let present = values.iter().flatten().count();
    if present == 1 {
        return Some(w.fill(
            "describe.only_value",
            &[("row", &hi_keys[0]), ("value", &s.fmt_unit(hi))],
        ));
    }
    if lo == hi {
        return Some(w.fill("describe.every_value", &[("value", &s.fmt_unit(hi))]));
    }
    Some(w.fill(
        "describe.range",
        &[
            ("low", &s.fmt_unit(lo)),
            ("low_rows", &join_and(w, &lo_keys)),
            ("high", &s.fmt_unit(hi)),
            ("high_rows", &join_and(w, &hi_keys)),
        ],
    ))
}

fn sentence(s: &str) -> String {
    let mut s = crate::util::text::capitalise_first(s.trim());
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

/// "3 bars", "1 group", in the page's language.
fn count(w: &Messages, n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        w.get(one).to_string()
    } else {
        w.fill(many, &[("n", &n.to_string())])
    }
}

fn order_text(p: &Plot) -> String {
    let w = &p.words;
    match &p.order {
        Order::AsWritten => String::new(),
        Order::Descending(c) if *c == p.series[0].name && p.series.len() == 1 => {
            w.get("describe.highest_first").to_string()
        }
        Order::Ascending(c) if *c == p.series[0].name && p.series.len() == 1 => {
            w.get("describe.lowest_first").to_string()
        }
        Order::Descending(c) => w.fill("describe.sorted_highest_first", &[("column", c)]),
        Order::Ascending(c) => w.fill("describe.sorted_lowest_first", &[("column", c)]),
    }
}

fn opening(p: &Plot) -> String {
    let w = &p.words;
    let names: Vec<String> = p.series.iter().map(series_name).collect();
    let rows = p.labels.len();
    let category = lower_first(&p.category);
    let order = order_text(p);
    let parts = p.series.len().to_string();
    let all = join_and(w, &names);
    let (key, series, count) = match p.kind {
        Kind::Bar => (
            "describe.bar",
            &names[0],
            count(w, rows, "describe.one_bar", "describe.bars"),
        ),
        Kind::Grouped => (
            "describe.grouped",
            &all,
            count(w, rows, "describe.one_group", "describe.groups"),
        ),
        Kind::Stacked => (
            "describe.stacked",
            &all,
            count(w, rows, "describe.one_bar", "describe.bars"),
        ),
        Kind::Line if p.series.len() == 1 => (
            "describe.line",
            &names[0],
            count(w, rows, "describe.one_point", "describe.points"),
        ),
        Kind::Line => (
            "describe.lines",
            &all,
            count(w, rows, "describe.one_point", "describe.points"),
        ),
    };
    let span = match (p.labels.first(), p.labels.last()) {
        (Some(a), Some(b)) if rows > 1 && p.kind == Kind::Line => {
            w.fill("describe.span", &[("first", a), ("last", b)])
        }
        _ => String::new(),
    };
    w.fill(
        key,
        &[
            ("series", series),
            ("category", &category),
            ("count", &count),
            ("parts", &parts),
            ("lines", &parts),
            ("span", &span),
            ("order", &order),
        ],
    )
}

fn ranges(p: &Plot) -> Vec<String> {
    let w = &p.words;
    let mut out = Vec::new();
    if p.kind == Kind::Stacked {
        let totals = p.stack_totals();
        if let Some(r) = range_text(p, &p.series[0], &totals) {
            out.push(w.fill("describe.totals_range", &[("range", &r)]));
        }
    }
    for s in &p.series {
        if let Some(r) = range_text(p, s, &s.values) {
            if p.series.len() == 1 {
                out.push(w.fill("describe.values_range", &[("range", &r)]));
            } else {
                out.push(w.fill(
                    "describe.series_range",
                    &[("series", &s.name), ("range", &r)],
                ));
            }
        }
        if p.kind == Kind::Line {
            out.extend(line_ends(p, s));
        }
    }
    out
}

fn line_ends(p: &Plot, s: &Series) -> Option<String> {
    let w = &p.words;
    if p.labels.len() <= 1 {
        return None;
    }
    let a = s.values.iter().position(Option::is_some)?;
    let b = s.values.iter().rposition(Option::is_some)?;
    if a == b {
        return None;
    }
    let who = if p.series.len() == 1 {
        w.get("describe.the_line").to_string()
    } else {
        w.fill("describe.named_line", &[("series", &s.name)])
    };
    Some(w.fill(
        "describe.line_ends",
        &[
            ("line", &who),
            ("start", &s.fmt_unit(s.values[a].unwrap_or_default())),
            ("start_label", &p.labels[a]),
            ("end", &s.fmt_unit(s.values[b].unwrap_or_default())),
            ("end_label", &p.labels[b]),
        ],
    ))
}

fn highlight(p: &Plot, r: usize) -> String {
    let w = &p.words;
    let parts: Vec<String> = p
        .series
        .iter()
        .map(|s| {
            let all: Vec<f64> = s.values.iter().flatten().copied().collect();
            let figure = match s.values[r] {
                Some(v) => format!("{}, {}", s.fmt_unit(v), rank_text(w, v, &all)),
                None => w.get("table.no_data").to_string(),
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
            text = w.fill(
                "describe.total",
                &[
                    ("row", &p.labels[r]),
                    ("total", &p.series[0].fmt_unit(t)),
                    ("rank", &rank_text(w, t, &all)),
                    ("parts", &parts.join("; ")),
                ],
            );
        }
    }
    w.fill("describe.highlighted", &[("text", &text)])
}

fn missing(p: &Plot) -> Vec<String> {
    let w = &p.words;
    use crate::model::dataset::symbol::Mark;
    use crate::render::table_key::missing_sentence;
    let mut out = Vec::new();
    let marks: Vec<Mark> = (p.series.iter())
        .flat_map(|s| s.gaps.iter().flatten())
        .map(|&g| Mark::of(vec![g]))
        .collect();
    out.extend(missing_sentence(marks.iter(), w));
    for s in &p.series {
        // One sentence per kind of gap, in the order the gaps first come.
        let mut kinds: Vec<String> = Vec::new();
        for r in (0..p.labels.len()).filter(|&r| s.values[r].is_none()) {
            let g = s.gap(r, w);
            if !kinds.contains(&g) {
                kinds.push(g);
            }
        }
        for kind in kinds {
            let missing: Vec<String> = (0..p.labels.len())
                .filter(|&r| s.values[r].is_none() && s.gap(r, w) == kind)
                .map(|r| p.labels[r].clone())
                .collect();
            let whose = if p.series.len() == 1 {
                String::new()
            } else {
                format!(" ({})", s.name)
            };
            if kind == w.get("table.no_data") {
                out.push(w.fill(
                    "describe.no_data_for",
                    &[("rows", &join_and(w, &missing)), ("series", &whose)],
                ));
                continue;
            }
            out.push(crate::util::text::capitalise_first(&w.fill(
                "describe.gap_for",
                &[
                    ("gap", &kind),
                    ("rows", &join_and(w, &missing)),
                    ("series", &whose),
                ],
            )));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Messages {
        Messages::builtin("en-GB")
    }

    #[test]
    fn ranks_read_naturally() {
        let v = [2929.0, 1711.0, 1020.0, 699.0];
        assert_eq!(rank_text(&en(), 1020.0, &v), "3rd highest of 4");
        assert_eq!(rank_text(&en(), 2929.0, &v), "the highest of 4");
        assert_eq!(rank_text(&en(), 699.0, &v), "the lowest of 4");
        assert_eq!(
            rank_text(&en(), 5.0, &[5.0, 5.0, 1.0]),
            "joint highest of 3"
        );
        assert_eq!(
            rank_text(&en(), 3.0, &[5.0, 3.0, 3.0, 1.0]),
            "joint 2nd highest of 4"
        );
        assert_eq!(rank_text(&en(), 3.0, &[3.0]), "the only value");
        let cy = Messages::builtin("cy");
        assert_eq!(rank_text(&cy, 1020.0, &v), "3ydd uchaf o 4");
        assert_eq!(join_and(&cy, &["A".into(), "B".into()]), "A a B");
    }

    #[test]
    fn lists_join_with_and() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&en(), &s(&[])), "");
        assert_eq!(join_and(&en(), &s(&["A"])), "A");
        assert_eq!(join_and(&en(), &s(&["A", "B"])), "A and B");
        assert_eq!(join_and(&en(), &s(&["A", "B", "C"])), "A, B and C");
    }

    #[test]
    fn category_names_lose_their_capital_unless_an_acronym() {
        assert_eq!(lower_first("District"), "district");
        assert_eq!(lower_first("PCC area"), "PCC area");
        assert_eq!(lower_first("Month (2023)"), "month (2023)");
    }
}
