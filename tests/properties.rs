//! Laws the figures obey, tried on many generated inputs (proptest): a
//! percent change agrees with the difference it comes from, a rank is a
//! competition ranking (a permutation of 1..=n when values differ), a total
//! is the sum of its column, a formatted figure reads back as the figure it
//! shows, and a `value()` in prose prints what the table shows.

mod common;

use common::*;
use plainsight::internals::{Cell, Style, format_number, parse_number, round};
use plainsight::internals::{ColType, Order};
use plainsight::internals::{difference, percent_change, rank, sum};
use proptest::prelude::*;

fn figure() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1_000_000i64..1_000_000).prop_map(|n| n as f64),
        -1.0e9f64..1.0e9,
        Just(0.0),
    ]
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![4 => figure().prop_map(Cell::Number), 1 => Just(Cell::Missing)]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn percent_change_agrees_with_difference(a in cell(), b in cell()) {
        let d = difference(&a, &b);
        let p = percent_change(&a, &b);
        match (a.number(), b.number()) {
            (Some(x), Some(y)) => {
                prop_assert_eq!(d.number(), Some(x - y));
                if y == 0.0 {
                    prop_assert!(p.is_missing(), "no percent change from zero");
                } else {
                    let pct = p.number().expect("a percent change");
                    prop_assert!(close(pct, (x - y) / y.abs() * 100.0));
                    // The same sign: a rise is never shown as a fall.
                    prop_assert_eq!(pct > 0.0, x > y);
                }
            }
            _ => {
                prop_assert!(d.is_missing());
                prop_assert!(p.is_missing());
            }
        }
    }

    #[test]
    fn rank_is_a_competition_ranking(values in prop::collection::vec(prop::option::weighted(0.9, -50i32..50), 0..40), descending: bool) {
        let xs: Vec<Option<f64>> = values.iter().map(|v| v.map(f64::from)).collect();
        let order = if descending { Order::Descending } else { Order::Ascending };
        let ranks = rank(&xs, order);
        prop_assert_eq!(ranks.len(), xs.len());
        for (x, r) in xs.iter().zip(&ranks) {
            match x {
                None => prop_assert!(r.is_none(), "missing values are not ranked"),
                Some(v) => {
                    let better = xs.iter().flatten().filter(|o| if descending { *o > v } else { *o < v }).count();
                    prop_assert_eq!(*r, Some((better + 1) as f64));
                }
            }
        }
        // With no ties the ranks are exactly 1..=n.
        let mut present: Vec<i32> = values.iter().flatten().copied().collect();
        present.sort_unstable();
        present.dedup();
        if present.len() == values.iter().flatten().count() {
            let mut got: Vec<u64> = ranks.iter().flatten().map(|r| *r as u64).collect();
            got.sort_unstable();
            prop_assert_eq!(got, (1..=present.len() as u64).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_total_is_the_sum_of_its_column(cells in prop::collection::vec(cell(), 0..30)) {
        let total = sum(cells.iter());
        let numbers: Vec<f64> = cells.iter().filter_map(Cell::number).collect();
        if numbers.is_empty() {
            prop_assert!(total.is_missing());
        } else {
            prop_assert_eq!(total.number(), Some(numbers.iter().sum::<f64>()));
        }
    }

    #[test]
    fn a_formatted_figure_reads_back_as_the_figure_shown(
        x in figure(),
        decimals in 0u32..4,
        signed: bool,
        ty in prop_oneof![Just(ColType::Integer), Just(ColType::Decimal), Just(ColType::Percent), Just(ColType::Currency)],
    ) {
        let style = Style { ty, decimals, signed };
        let text = format_number(x, style);
        let (back, _) = parse_number(&text, ty)
            .unwrap_or_else(|| panic!("{text:?} (from {x}) does not read back"));
        let shown = match ty {
            ColType::Integer => round(x, 0),
            ColType::Currency => round(x, 2),
            _ => round(x, decimals),
        };
        prop_assert!(close(back, shown), "{} read back as {} but shows {}", text, back, shown);
    }
}

/// Through a whole build: the figure `value()` prints in prose is the one
/// in the table's row, for generated figures and derived columns alike.
#[test]
fn value_in_prose_prints_what_the_table_shows() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(12));
    let rows = prop::collection::vec((0i64..100_000, 0i64..100_000), 2..6);
    runner
        .run(&rows, |rows| {
            let tmp = TempDir::new("prop-value");
            let root = tmp.join("site");
            let mut csv = String::from("area,current,previous\n");
            for (i, (c, p)) in rows.iter().enumerate() {
                csv.push_str(&format!("A{i},{c},{p}\n"));
            }
            let calls: String = (0..rows.len())
                .map(|i| format!("[{{{{ value(data=\"x\", row=\"A{i}\", col=\"change\") }}}}]\n\n"))
                .collect();
            write_files(
                &root,
                &[
                    ("site.yaml", "title: P\nbase_url: https://example.org/\n"),
                    ("data/x.csv", &csv),
                    (
                        "data/x.yaml",
                        "title: X\nkey: area\ncolumns:\n  current: { type: integer }\n  previous: { type: integer }\nderived:\n  change: { kind: percent_change, a: current, b: previous, decimals: 1 }\n",
                    ),
                    (
                        "content/_index.md",
                        &format!("---\ntitle: Home\ndescription: Home.\n---\n\n{calls}{{{{ table(data=\"x\") }}}}\n"),
                    ),
                ],
            );
            let out = tmp.join("public");
            build_ok(&root, &out);
            let html = read(out.join("index.html"));
            for i in 0..rows.len() {
                let row_start = html.find(&format!(">A{i}</th>")).expect("the row");
                let row = &html[row_start..row_start + html[row_start..].find("</tr>").unwrap()];
                let last_cell = row.rsplit("<td").next().unwrap();
                let shown = &last_cell[last_cell.find('>').unwrap() + 1..last_cell.find("</td>").unwrap()];
                let prose = format!("[{shown}]");
                prop_assert!(html.contains(&prose), "row A{}: the table shows {} but the prose does not", i, shown);
            }
            Ok(())
        })
        .unwrap();
}
