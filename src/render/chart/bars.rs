//! Horizontal bar charts: `bar`, `grouped-bar` and `stacked-bar`.
//!
//! Bars run left to right so category labels sit on the left, horizontal and
//! unabbreviated (wrapped onto more lines when long). The value axis starts
//! at zero; value labels sit just beyond the end of each bar, in space
//! reserved for them so they always fit.

use std::fmt::Write as _;

use super::scale::{Scale, Ticks, n, nice_ticks, text_width, wrap};
use super::svg::{self, AXIS, FONT, LINE, MUTED, SMALL, WIDTH};
use super::{Kind, Plot};
use crate::util::html::escape_xml;

/// Space between a label's end and the plot, holding the highlight marker.
const MARK_GAP: f64 = 20.0;
/// The narrowest plot area we accept before wrapping labels harder.
const MIN_PLOT: f64 = WIDTH * 0.4;

/// Horizontal positions of a bar chart, computed from the text it must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct HLayout {
    /// Right edge of the category labels.
    pub label_right: f64,
    pub plot_left: f64,
    pub plot_right: f64,
    pub ticks: Ticks,
    /// Category labels, wrapped.
    pub lines: Vec<Vec<String>>,
}

/// Lays out labels, reserved value-label space and ticks across the width.
/// `labels` are (text, bold); `pos_w`/`neg_w` the widest value label to the
/// right of positive and left of negative bars; `tick_label` formats a tick.
pub fn h_layout(
    labels: &[(String, bool)],
    (min, max): (f64, f64),
    pos_w: f64,
    neg_w: f64,
    integer: bool,
    tick_label: &dyn Fn(&Ticks, f64) -> String,
) -> HLayout {
    let reserve_left = if neg_w > 0.0 { neg_w + 6.0 } else { 0.0 };
    let reserve_right = pos_w + 6.0;
    let mut max_label = WIDTH * 0.36;
    let (lines, label_w) = loop {
        let lines: Vec<Vec<String>> = labels
            .iter()
            .map(|(t, b)| wrap(t, max_label, FONT, *b))
            .collect();
        let w = labels
            .iter()
            .zip(&lines)
            .flat_map(|((_, b), ls)| ls.iter().map(move |l| text_width(l, FONT, *b)))
            .fold(0.0, f64::max);
        let plot = WIDTH - w - MARK_GAP - reserve_left - reserve_right;
        if plot >= MIN_PLOT || max_label <= 80.0 {
            break (lines, w);
        }
        max_label = (max_label - 20.0).max(80.0);
    };
    let label_right = label_w.ceil() + 2.0;
    let plot_left = label_right + MARK_GAP + reserve_left;
    let mut plot_right = WIDTH - reserve_right;
    let mut ticks = nice_ticks(min, max, 6, integer);
    for target in (2..=6).rev() {
        ticks = nice_ticks(min, max, target, integer);
        let widest = ticks
            .values
            .iter()
            .map(|&v| text_width(&tick_label(&ticks, v), SMALL, false))
            .fold(0.0, f64::max);
        let last = text_width(&tick_label(&ticks, ticks.hi), SMALL, false);
        plot_right = (WIDTH - reserve_right).min(WIDTH - last / 2.0 - 2.0);
        let gap = (plot_right - plot_left) / (ticks.values.len().max(2) - 1) as f64;
        if gap >= widest + 10.0 {
            break;
        }
    }
    HLayout {
        label_right,
        plot_left,
        plot_right,
        ticks,
        lines,
    }
}

pub fn draw(p: &Plot, desc: &str) -> String {
    let count = p.series.len();
    let stacked = p.kind == Kind::Stacked;
    let value_size = if count > 1 && !stacked { SMALL } else { FONT };
    let rows = p.labels.len();
    // Stack totals (missing parts count as nothing; the description and the
    // table say which are missing).
    let totals: Vec<Option<f64>> = (0..rows)
        .map(|r| {
            let parts: Vec<f64> = p.series.iter().filter_map(|s| s.values[r]).collect();
            (!parts.is_empty()).then(|| parts.iter().sum())
        })
        .collect();
    let all: Vec<f64> = if stacked {
        totals.iter().flatten().copied().collect()
    } else {
        p.series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .collect()
    };
    let min = all.iter().copied().fold(0.0, f64::min);
    let max = all.iter().copied().fold(0.0, f64::max);
    // Value labels: (row, series, text) with their widths.
    let fmt0 = &p.series[0];
    let mut pos_w: f64 = 0.0;
    let mut neg_w: f64 = 0.0;
    let mut measure = |v: Option<f64>, t: &str| {
        let w = text_width(t, value_size, false);
        if v.is_some_and(|v| v < 0.0) {
            neg_w = neg_w.max(w);
        } else {
            pos_w = pos_w.max(w);
        }
    };
    if stacked {
        for t in &totals {
            measure(
                *t,
                &t.map(|v| fmt0.fmt(v)).unwrap_or_else(|| "no data".into()),
            );
        }
    } else {
        for s in &p.series {
            for v in &s.values {
                measure(*v, &v.map(|v| s.fmt(v)).unwrap_or_else(|| "no data".into()));
            }
        }
    }
    let labels: Vec<(String, bool)> = p
        .labels
        .iter()
        .zip(&p.highlighted)
        .map(|(l, h)| (l.clone(), *h))
        .collect();
    let tick_label = |t: &Ticks, v: f64| {
        crate::model::dataset::format::format_number(v, p.tick_style(t.decimals()))
    };
    let lay = h_layout(&labels, (min, max), pos_w, neg_w, p.integer(), &tick_label);
    let x = Scale::new(
        (lay.ticks.lo, lay.ticks.hi),
        (lay.plot_left, lay.plot_right),
    );

    // Vertical layout.
    let mut body = String::new();
    let mut top = 0.0;
    if count > 1 {
        let (legend, h) = svg::legend(p, 0.0, |i, lx, ly| {
            format!(
                "<rect class=\"chart__swatch\" x=\"{}\" y=\"{}\" width=\"16\" height=\"16\" fill=\"{}\" stroke=\"{}\"/>",
                n(lx),
                n(ly),
                svg::fill(&p.id, i, count),
                svg::colour(i, count)
            )
        });
        body.push_str(&legend);
        top = h + 14.0;
    }
    let bar_h = if count > 1 && !stacked { 16.0 } else { 22.0 };
    let group_h = if stacked {
        bar_h
    } else {
        count as f64 * bar_h + (count as f64 - 1.0) * 2.0
    };
    let row_hs: Vec<f64> = lay
        .lines
        .iter()
        .map(|ls| group_h.max(ls.len() as f64 * LINE) + 12.0)
        .collect();
    let plot_top = top;
    let plot_bottom = plot_top + row_hs.iter().sum::<f64>();

    // Gridlines behind everything.
    body.push_str("<g class=\"chart__grid\">\n");
    for &t in &lay.ticks.values {
        if t != 0.0 {
            body.push_str(&svg::gridline(x.at(t), x.at(t), plot_top, plot_bottom));
        }
    }
    body.push_str("</g>\n");

    // Rows: label, marker, bars, value labels.
    let mut row_top = plot_top;
    for (r, row_h) in row_hs.iter().enumerate() {
        let cy = row_top + row_h / 2.0;
        let hl = p.highlighted[r];
        let class = if hl {
            "chart__label chart__label--highlight"
        } else {
            "chart__label"
        };
        let _ = write!(
            body,
            "<g class=\"chart__row{}\">",
            if hl { " chart__row--highlight" } else { "" }
        );
        body.push_str(&svg::label_lines(
            lay.label_right,
            cy,
            "end",
            class,
            hl,
            &lay.lines[r],
        ));
        if hl {
            body.push_str(&svg::marker(lay.label_right + 6.0, cy));
        }
        let zero = x.at(0.0);
        if stacked {
            let mut acc = 0.0;
            for (i, s) in p.series.iter().enumerate() {
                let Some(v) = s.values[r].filter(|v| *v > 0.0) else {
                    continue;
                };
                let (x0, x1) = (x.at(acc), x.at(acc + v));
                let _ = write!(
                    body,
                    "<rect class=\"bar bar--series-{i}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\"><title>{}</title></rect>",
                    n(x0),
                    n(cy - bar_h / 2.0),
                    n(x1 - x0),
                    n(bar_h),
                    svg::fill(&p.id, i, count),
                    escape_xml(&format!("{}, {}: {}", p.labels[r], s.name, s.fmt(v)))
                );
                acc += v;
            }
            let t = match totals[r] {
                Some(v) => svg::text(
                    x.at(v) + 4.0,
                    cy + value_size * 0.35,
                    "start",
                    "chart__value",
                    &fmt0.fmt(v),
                ),
                None => svg::text(
                    zero + 4.0,
                    cy + value_size * 0.35,
                    "start",
                    "chart__value chart__value--none",
                    "no data",
                ),
            };
            body.push_str(&t);
        } else {
            for (i, s) in p.series.iter().enumerate() {
                let by = cy - group_h / 2.0 + i as f64 * (bar_h + 2.0);
                let ty = by + bar_h / 2.0 + value_size * 0.35;
                let Some(v) = s.values[r] else {
                    body.push_str(&no_data(zero + 4.0, ty, value_size));
                    continue;
                };
                let (x0, x1) = (zero.min(x.at(v)), zero.max(x.at(v)));
                let (class, fill, stroke) = if count == 1 {
                    if hl {
                        ("bar bar--highlight", svg::HIGHLIGHT.to_string(), "")
                    } else {
                        ("bar", svg::BAR.to_string(), "")
                    }
                } else {
                    ("bar", svg::fill(&p.id, i, count), svg::colour(i, count))
                };
                let stroke = if stroke.is_empty() {
                    String::new()
                } else {
                    format!(" stroke=\"{stroke}\"")
                };
                let _ = write!(
                    body,
                    "<rect class=\"{class} bar--series-{i}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{stroke}><title>{}</title></rect>",
                    n(x0),
                    n(by),
                    n(x1 - x0),
                    n(bar_h),
                    escape_xml(&format!("{}, {}: {}", p.labels[r], s.name, s.fmt(v)))
                );
                let label = if v < 0.0 {
                    svg::text(x.at(v) - 4.0, ty, "end", "chart__value", &s.fmt(v))
                } else {
                    svg::text(x.at(v) + 4.0, ty, "start", "chart__value", &s.fmt(v))
                };
                if value_size != FONT {
                    body.push_str(&label.replacen(
                        "<text ",
                        &format!("<text font-size=\"{}\" ", n(value_size)),
                        1,
                    ));
                } else {
                    body.push_str(&label);
                }
            }
        }
        body.push_str("</g>\n");
        row_top += row_h;
    }

    // The value axis: the zero line, and tick labels beneath the plot.
    body.push_str("<g class=\"axis axis--x\">\n");
    let _ = writeln!(
        body,
        "<line x1=\"{z}\" x2=\"{z}\" y1=\"{}\" y2=\"{}\" stroke=\"{AXIS}\" stroke-width=\"1.5\"/>",
        n(plot_top),
        n(plot_bottom + 4.0),
        z = n(x.at(0.0))
    );
    for &t in &lay.ticks.values {
        let s = svg::text(
            x.at(t),
            plot_bottom + 18.0,
            "middle",
            "axis__tick",
            &tick_label(&lay.ticks, t),
        );
        body.push_str(&s.replacen(
            "<text ",
            &format!("<text font-size=\"{}\" fill=\"{MUTED}\" ", n(SMALL)),
            1,
        ));
    }
    body.push('\n');
    let mut height = plot_bottom + 26.0;
    if let Some(a) = &p.axis_label {
        let mid = (lay.plot_left + lay.plot_right) / 2.0;
        body.push_str(&svg::text(
            mid,
            plot_bottom + 42.0,
            "middle",
            "axis__label",
            a,
        ));
        body.push('\n');
        height = plot_bottom + 50.0;
    }
    body.push_str("</g>\n");

    let defs = if count > 1 {
        svg::patterns(&p.id, count)
    } else {
        String::new()
    };
    let mut s = svg::open(p, desc, height.ceil(), &defs);
    s.push_str(&body);
    s.push_str("</svg>");
    s
}

fn no_data(x: f64, y: f64, size: f64) -> String {
    svg::text(x, y, "start", "chart__value chart__value--none", "no data").replacen(
        "<text ",
        &format!("<text font-size=\"{}\" font-style=\"italic\" ", n(size)),
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(t: &Ticks, v: f64) -> String {
        let _ = t;
        format!("{v}")
    }

    #[test]
    fn labels_get_the_width_they_need() {
        let labels = vec![
            ("Ashford".to_string(), true),
            ("Tonbridge and Malling".to_string(), false),
        ];
        let l = h_layout(&labels, (0.0, 2929.0), 40.0, 0.0, true, &plain);
        let want = text_width("Tonbridge and Malling", FONT, false);
        assert!(l.label_right >= want && l.label_right < want + 4.0);
        assert_eq!(l.plot_left, l.label_right + MARK_GAP);
        assert!(l.plot_right <= WIDTH - 46.0);
        assert!(l.plot_right - l.plot_left >= MIN_PLOT);
        assert_eq!(l.lines[1], vec!["Tonbridge and Malling"]);
        assert_eq!(l.ticks.lo, 0.0);
    }

    #[test]
    fn long_labels_wrap_rather_than_squeeze_the_plot() {
        let long = "Vulnerable or repeatedly targeted callers to the monitoring centre".to_string();
        let labels = vec![(long.clone(), false)];
        let l = h_layout(&labels, (0.0, 600.0), 40.0, 0.0, true, &plain);
        assert!(l.lines[0].len() > 1);
        assert_eq!(l.lines[0].join(" "), long);
        assert!(l.plot_right - l.plot_left >= MIN_PLOT);
    }

    #[test]
    fn negative_values_reserve_room_on_the_left() {
        let labels = vec![("Arson".to_string(), false)];
        let l = h_layout(&labels, (-42.4, 16.8), 40.0, 50.0, false, &plain);
        assert_eq!(l.plot_left, l.label_right + MARK_GAP + 56.0);
        assert!(l.ticks.lo <= -42.4);
    }

    #[test]
    fn wide_tick_labels_mean_fewer_ticks() {
        let labels = vec![("A".to_string(), false)];
        let big = |_: &Ticks, v: f64| {
            crate::model::dataset::format::format_number(
                v,
                crate::model::dataset::format::Style {
                    ty: crate::model::dataset::ColType::Integer,
                    decimals: 0,
                    signed: false,
                },
            )
        };
        let l = h_layout(&labels, (0.0, 8.7e12), 120.0, 0.0, true, &big);
        let widest = l
            .ticks
            .values
            .iter()
            .map(|&v| text_width(&big(&l.ticks, v), SMALL, false))
            .fold(0.0, f64::max);
        let gap = (l.plot_right - l.plot_left) / (l.ticks.values.len() - 1) as f64;
        assert!(
            gap >= widest + 10.0 || l.ticks.values.len() <= 3,
            "{:?}",
            l.ticks
        );
    }
}
