//! Horizontal bar charts: `bar`, `grouped-bar` and `stacked-bar`.
//!
//! Bars run left to right so category labels sit on the left, horizontal and
//! unabbreviated (wrapped onto more lines when long). The value axis starts
//! at zero; value labels sit just beyond the end of each bar, in space
//! reserved for them so they always fit.

use std::fmt::Write as _;

use super::axis::{self, ValueAxis};
use super::scale::{Ticks, n, nice_ticks, text_width, wrap};
use super::svg::{self, FONT, LINE, SMALL, WIDTH};
use super::{Kind, Plot};

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
    let bars = Bars::new(p);
    let lay = bars.layout();
    let (mut body, plot_top) = svg::legend(p, |i, x, y| swatch(p, i, x, y));
    let row_hs = bars.row_heights(&lay.lines);
    let plot_bottom = plot_top + row_hs.iter().sum::<f64>();
    let x = ValueAxis::across(
        lay.ticks.clone(),
        axis::tick_labels(p, &lay.ticks),
        (lay.plot_left, lay.plot_right),
        (plot_top, plot_bottom),
    );

    // Gridlines behind everything.
    body.push_str("<g class=\"chart__grid\">\n");
    body.extend((0..x.len()).filter_map(|k| x.gridline(k)));
    body.push_str("</g>\n");

    let mut row_top = plot_top;
    for (r, row_h) in row_hs.iter().enumerate() {
        let cy = row_top + row_h / 2.0;
        body.push_str(&bars.row(&x, r, cy, lay.label_right, &lay.lines[r]));
        row_top += row_h;
    }

    let (axis, height) = value_axis(p, &x, &lay, plot_bottom);
    body.push_str(&axis);
    let count = p.series.len();
    let defs = if count > 1 {
        svg::patterns(&p.id, count)
    } else {
        String::new()
    };
    svg::document(p, desc, height, &defs, &body)
}

/// The sizes every row of one bar chart shares.
struct Bars<'a> {
    p: &'a Plot,
    stacked: bool,
    /// Stack totals, labelled at the end of each stacked bar.
    totals: Vec<Option<f64>>,
    /// Grouped bars are thinner, so their value labels are smaller.
    value_size: f64,
    bar_h: f64,
    /// The height of one row's bars together.
    group_h: f64,
}

impl<'a> Bars<'a> {
    fn new(p: &'a Plot) -> Bars<'a> {
        let count = p.series.len();
        let stacked = p.kind == Kind::Stacked;
        let grouped = count > 1 && !stacked;
        let bar_h = if grouped { 16.0 } else { 22.0 };
        Bars {
            p,
            stacked,
            totals: p.stack_totals(),
            value_size: if grouped { SMALL } else { FONT },
            bar_h,
            group_h: if stacked {
                bar_h
            } else {
                count as f64 * bar_h + (count as f64 - 1.0) * 2.0
            },
        }
    }

    /// The horizontal layout: room for the category labels, the value
    /// labels and the ticks of every value drawn.
    fn layout(&self) -> HLayout {
        let p = self.p;
        let all: Vec<f64> = if self.stacked {
            self.totals.iter().flatten().copied().collect()
        } else {
            p.series
                .iter()
                .flat_map(|s| s.values.iter().flatten().copied())
                .collect()
        };
        let (pos_w, neg_w) = self.value_widths();
        let labels: Vec<(String, bool)> = p
            .labels
            .iter()
            .zip(&p.highlighted)
            .map(|(l, h)| (l.clone(), *h))
            .collect();
        h_layout(
            &labels,
            axis::extent(&all),
            pos_w,
            neg_w,
            p.integer(),
            &|t, v| axis::tick_label(p, t, v),
        )
    }

    /// The widest value label right of a positive bar and left of a
    /// negative one, so the layout can reserve room for them.
    fn value_widths(&self) -> (f64, f64) {
        let mut pos_w: f64 = 0.0;
        let mut neg_w: f64 = 0.0;
        let none = self.p.words.get("table.no_data");
        let mut measure = |v: Option<f64>, t: &str| {
            let w = text_width(t, self.value_size, false);
            if v.is_some_and(|v| v < 0.0) {
                neg_w = neg_w.max(w);
            } else {
                pos_w = pos_w.max(w);
            }
        };
        if self.stacked {
            let fmt0 = &self.p.series[0];
            for t in &self.totals {
                measure(
                    *t,
                    &t.map(|v| fmt0.fmt(v)).unwrap_or_else(|| none.to_string()),
                );
            }
        } else {
            for s in &self.p.series {
                for (i, v) in s.values.iter().enumerate() {
                    measure(
                        *v,
                        &v.map(|v| s.fmt(v))
                            .unwrap_or_else(|| s.gap(i, &self.p.words)),
                    );
                }
            }
        }
        (pos_w, neg_w)
    }

    /// Each row is as tall as its bars or its wrapped label, whichever is
    /// taller, with a gap.
    fn row_heights(&self, lines: &[Vec<String>]) -> Vec<f64> {
        lines
            .iter()
            .map(|ls| self.group_h.max(ls.len() as f64 * LINE) + 12.0)
            .collect()
    }

    /// Row `r`, centred on `cy`: label, marker, bars, value labels.
    fn row(&self, x: &ValueAxis, r: usize, cy: f64, label_right: f64, lines: &[String]) -> String {
        let hl = self.p.highlighted[r];
        let mut s = format!(
            "<g class=\"chart__row{}\">",
            if hl { " chart__row--highlight" } else { "" }
        );
        s.push_str(&svg::label_lines(
            label_right,
            cy,
            "end",
            svg::label_class(hl),
            hl,
            lines,
        ));
        if hl {
            s.push_str(&svg::marker(label_right + 6.0, cy));
        }
        if self.stacked {
            s.push_str(&self.stack(x, r, cy));
        } else {
            s.push_str(&self.group(x, r, cy));
        }
        s.push_str("</g>\n");
        s
    }

    /// One bar of parts end to end, labelled with its total. Only positive
    /// parts are drawn: a zero has no length, and `resolve` refuses negatives.
    fn stack(&self, x: &ValueAxis, r: usize, cy: f64) -> String {
        let p = self.p;
        let count = p.series.len();
        let mut s = String::new();
        let mut acc = 0.0;
        for (i, series) in p.series.iter().enumerate() {
            let Some(v) = series.values[r].filter(|v| *v > 0.0) else {
                continue;
            };
            let (x0, x1) = (x.at(acc), x.at(acc + v));
            let _ = write!(
                s,
                "<rect class=\"bar bar--series-{i}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\"><title>{}</title></rect>",
                n(x0),
                n(cy - self.bar_h / 2.0),
                n(x1 - x0),
                n(self.bar_h),
                svg::fill(&p.id, i, count),
                svg::tip(p, r, series, v)
            );
            acc += v;
        }
        let y = cy + self.value_size * 0.35;
        s.push_str(&match self.totals[r] {
            Some(v) => svg::text(
                x.at(v) + 4.0,
                y,
                "start",
                "chart__value",
                &p.series[0].fmt(v),
            ),
            None => svg::text(
                x.at(0.0) + 4.0,
                y,
                "start",
                "chart__value chart__value--none",
                p.words.get("table.no_data"),
            ),
        });
        s
    }

    /// One bar per series, one under another, each with its value label
    /// (or "no data" where there is none).
    fn group(&self, x: &ValueAxis, r: usize, cy: f64) -> String {
        let mut s = String::new();
        for (i, series) in self.p.series.iter().enumerate() {
            let by = cy - self.group_h / 2.0 + i as f64 * (self.bar_h + 2.0);
            let ty = by + self.bar_h / 2.0 + self.value_size * 0.35;
            let Some(v) = series.values[r] else {
                s.push_str(&no_data(
                    x.at(0.0) + 4.0,
                    ty,
                    self.value_size,
                    &series.gap(r, &self.p.words),
                ));
                continue;
            };
            s.push_str(&self.bar(x, r, i, by, v));
            s.push_str(&self.value_label(x, i, ty, v));
        }
        s
    }

    /// Series `i`'s bar for row `r`, from zero to `v`, with its top at `by`.
    fn bar(&self, x: &ValueAxis, r: usize, i: usize, by: f64, v: f64) -> String {
        let p = self.p;
        let count = p.series.len();
        let series = &p.series[i];
        let zero = x.at(0.0);
        let (x0, x1) = (zero.min(x.at(v)), zero.max(x.at(v)));
        // A lone series is coloured to pick out highlighted rows; several
        // keep their own colours and patterns, and the label marks the row.
        let (class, fill, stroke) = if count == 1 {
            if p.highlighted[r] {
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
        format!(
            "<rect class=\"{class} bar--series-{i}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{stroke}><title>{}</title></rect>",
            n(x0),
            n(by),
            n(x1 - x0),
            n(self.bar_h),
            svg::tip(p, r, series, v)
        )
    }

    /// The figure just beyond the end of a bar: right of a positive one,
    /// left of a negative one, in the room the layout reserved.
    fn value_label(&self, x: &ValueAxis, i: usize, y: f64, v: f64) -> String {
        let series = &self.p.series[i];
        let attrs = if self.value_size != FONT {
            format!("font-size=\"{}\"", n(self.value_size))
        } else {
            String::new()
        };
        let (lx, anchor) = if v < 0.0 {
            (x.at(v) - 4.0, "end")
        } else {
            (x.at(v) + 4.0, "start")
        };
        svg::text_with(&attrs, lx, y, anchor, "chart__value", &series.fmt(v))
    }
}

/// A legend key: a square of the series' fill.
fn swatch(p: &Plot, i: usize, x: f64, y: f64) -> String {
    let count = p.series.len();
    format!(
        "<rect class=\"chart__swatch\" x=\"{}\" y=\"{}\" width=\"16\" height=\"16\" fill=\"{}\" stroke=\"{}\"/>",
        n(x),
        n(y),
        svg::fill(&p.id, i, count),
        svg::colour(i, count)
    )
}

/// The value axis: the zero line, tick labels beneath the plot and the axis
/// title beneath them. Returns the SVG and the chart's height.
fn value_axis(p: &Plot, x: &ValueAxis, lay: &HLayout, plot_bottom: f64) -> (String, f64) {
    let mut s = String::from("<g class=\"axis axis--x\">\n");
    s.push_str(&x.zero_line());
    s.extend((0..x.len()).map(|k| x.tick(k)));
    s.push('\n');
    let mut height = plot_bottom + 26.0;
    if let Some(a) = &p.axis_label {
        let mid = (lay.plot_left + lay.plot_right) / 2.0;
        s.push_str(&svg::text(
            mid,
            plot_bottom + 42.0,
            "middle",
            "axis__label",
            a,
        ));
        s.push('\n');
        height = plot_bottom + 50.0;
    }
    s.push_str("</g>\n");
    (s, height)
}

fn no_data(x: f64, y: f64, size: f64, label: &str) -> String {
    svg::text_with(
        &format!("font-size=\"{}\" font-style=\"italic\"", n(size)),
        x,
        y,
        "start",
        "chart__value chart__value--none",
        label,
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
