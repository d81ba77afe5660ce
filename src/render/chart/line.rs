//! Line charts: the rows, in order, along the horizontal axis; one line per
//! column. Lines differ by colour, dash and marker shape, so they can be
//! told apart in black and white.

use std::fmt::Write as _;

use super::Plot;
use super::axis::{self, ValueAxis};
use super::scale::{n, nice_ticks, text_width, wrap};
use super::svg::{self, AXIS, FONT, LINE, SMALL, WIDTH};

const PLOT_HEIGHT: f64 = 260.0;

/// Dash pattern of series `i` (the first is solid).
pub fn dash(i: usize) -> &'static str {
    ["", "8 4", "2 3", "10 3 2 3", "4 4", "1 4"][i % 6]
}

/// A point marker: circle, square, triangle, diamond, inverted triangle, bar.
pub fn point(i: usize, cx: f64, cy: f64, fill: &str) -> String {
    let shape = match i % 6 {
        0 => {
            return format!(
                "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{fill}\" stroke=\"#ffffff\"/>",
                n(cx),
                n(cy)
            );
        }
        1 => format!("M{} {}h9v9h-9z", n(cx - 4.5), n(cy - 4.5)),
        2 => format!("M{} {}l5.5 9.5h-11z", n(cx), n(cy - 5.5)),
        3 => format!("M{} {}l5.5 5.5l-5.5 5.5l-5.5 -5.5z", n(cx), n(cy - 5.5)),
        4 => format!("M{} {}l5.5 -9.5h-11z", n(cx), n(cy + 5.5)),
        _ => format!("M{} {}h11v5h-11z", n(cx - 5.5), n(cy - 2.5)),
    };
    format!("<path class=\"point\" d=\"{shape}\" fill=\"{fill}\" stroke=\"#ffffff\"/>")
}

/// Which category labels to show along the axis: every `k`th, where `k` is
/// the least that keeps labels of width `widest` apart in bands of `band`.
pub fn label_step(widest: f64, band: f64) -> usize {
    if band <= 0.0 {
        return 1;
    }
    ((widest + 6.0) / band).ceil().max(1.0) as usize
}

pub fn draw(p: &Plot, desc: &str) -> String {
    let values: Vec<f64> = p
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .collect();
    let (min, max) = axis::extent(&values);
    let (mut body, mut top) = svg::legend(p, |i, x, y| swatch(p, i, x, y));
    // The value axis title sits above the axis, horizontal.
    if let Some(a) = &p.axis_label {
        body.push_str(&svg::text(0.0, top + FONT, "start", "axis__label", a));
        body.push('\n');
        top += FONT + 10.0;
    }
    let single = p.series.len() == 1;
    let plot_top = top + if single { 20.0 } else { 8.0 };
    let plot_bottom = plot_top + PLOT_HEIGHT;
    let ticks = nice_ticks(min, max, 5, p.integer());
    let labels = axis::tick_labels(p, &ticks);
    let plot_left = (axis::widest(&labels) + 10.0).ceil();
    let plot_right = WIDTH - 8.0;
    let y = ValueAxis::up(
        ticks,
        labels,
        (plot_left, plot_right),
        (plot_top, plot_bottom),
    );
    let points = p.labels.len();
    let band = (plot_right - plot_left) / points.max(1) as f64;
    let xs: Vec<f64> = (0..points)
        .map(|i| plot_left + band * (i as f64 + 0.5))
        .collect();

    body.push_str(&value_axis(&y));
    let categories = Categories::choose(p, &xs, band);
    body.push_str(&categories.axis(p, &xs, plot_bottom));
    body.push_str(&rings(p, &xs, &y));
    for i in 0..p.series.len() {
        body.push_str(&series(p, i, &xs, &y));
    }
    if single {
        body.push_str(&value_labels(p, &xs, &y, band));
    }

    let height = plot_bottom + 14.0 + categories.max_lines() as f64 * LINE;
    svg::document(p, desc, height, "", &body)
}

/// ` stroke-dasharray="…"` for series `i`, or nothing for the solid first.
fn dash_attr(i: usize) -> String {
    let d = dash(i);
    if d.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{d}\"")
    }
}

/// A legend key: a short stretch of the series' line with its marker.
fn swatch(p: &Plot, i: usize, x: f64, y: f64) -> String {
    let c = svg::colour(i, p.series.len());
    format!(
        "<path d=\"M{} {}h16\" stroke=\"{c}\" stroke-width=\"2.5\" fill=\"none\"{}/>{}",
        n(x),
        n(y + 8.0),
        dash_attr(i),
        point(i, x + 8.0, y + 8.0, c)
    )
}

/// The value axis up the left: gridlines with their tick labels, then the
/// line at zero over them.
fn value_axis(y: &ValueAxis) -> String {
    let mut s = String::from("<g class=\"axis axis--y\">\n");
    for k in 0..y.len() {
        if let Some(g) = y.gridline(k) {
            s.push_str(&g);
        }
        s.push_str(&y.tick(k));
        s.push('\n');
    }
    s.push_str(&y.zero_line());
    s.push_str("</g>\n");
    s
}

/// The category labels along the bottom, wrapped to their band. If even one
/// word is too wide, only some points are labelled: highlighted ones first,
/// then every kth, skipping any that would overlap.
struct Categories {
    lines: Vec<Vec<String>>,
    /// Under each point, but kept inside the chart.
    centres: Vec<f64>,
    shown: Vec<bool>,
}

impl Categories {
    fn choose(p: &Plot, xs: &[f64], band: f64) -> Categories {
        let (lines, step) = wrap_labels(p, band);
        let label_w = label_widths(p, &lines);
        let points = xs.len();
        let centres: Vec<f64> = (0..points)
            .map(|i| {
                xs[i].clamp(
                    label_w[i] / 2.0 + 2.0,
                    (WIDTH - label_w[i] / 2.0 - 2.0).max(label_w[i] / 2.0 + 2.0),
                )
            })
            .collect();
        let candidates = (0..points)
            .filter(|&i| p.highlighted[i])
            .chain((0..points).filter(|&i| i % step == 0 && !p.highlighted[i]));
        let mut taken: Vec<(f64, f64)> = Vec::new();
        let mut shown = vec![false; points];
        for i in candidates {
            let span = (
                centres[i] - label_w[i] / 2.0 - 4.0,
                centres[i] + label_w[i] / 2.0 + 4.0,
            );
            if taken.iter().all(|&(a, b)| span.1 <= a || span.0 >= b) {
                taken.push(span);
                shown[i] = true;
            }
        }
        Categories {
            lines,
            centres,
            shown,
        }
    }

    /// The most lines any shown label takes, for the chart's height.
    fn max_lines(&self) -> usize {
        (0..self.lines.len())
            .filter(|&i| self.shown[i])
            .map(|i| self.lines[i].len())
            .max()
            .unwrap_or(1)
    }

    /// A tick under every point, and the labels chosen to be shown.
    fn axis(&self, p: &Plot, xs: &[f64], plot_bottom: f64) -> String {
        let mut s = String::from("<g class=\"axis axis--x\">\n");
        for (i, &x) in xs.iter().enumerate() {
            let _ = write!(
                s,
                "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{AXIS}\"/>",
                n(plot_bottom),
                n(plot_bottom + 5.0),
                x = n(x)
            );
            if self.shown[i] {
                let hl = p.highlighted[i];
                let cy = plot_bottom + 12.0 + self.lines[i].len() as f64 * LINE / 2.0;
                s.push_str(&svg::label_lines(
                    self.centres[i],
                    cy,
                    "middle",
                    svg::label_class(hl),
                    hl,
                    &self.lines[i],
                ));
            }
            s.push('\n');
        }
        s.push_str("</g>\n");
        s
    }
}

/// Every label wrapped to its band, or, when some word will not fit, to
/// the band of every `step`th point, the only ones then labelled.
fn wrap_labels(p: &Plot, band: f64) -> (Vec<Vec<String>>, usize) {
    let wrap_all = |width: f64| -> Vec<Vec<String>> {
        p.labels
            .iter()
            .zip(&p.highlighted)
            .map(|(l, &h)| wrap(l, (width - 6.0).max(1.0), FONT, h))
            .collect()
    };
    let mut lines = wrap_all(band);
    let widest = label_widths(p, &lines).iter().copied().fold(0.0, f64::max);
    let step = label_step(widest, band);
    if step > 1 {
        lines = wrap_all(band * step as f64);
    }
    (lines, step)
}

/// The width of each wrapped label: its widest line.
fn label_widths(p: &Plot, lines: &[Vec<String>]) -> Vec<f64> {
    lines
        .iter()
        .zip(&p.highlighted)
        .map(|(ls, &h)| {
            ls.iter()
                .map(|l| text_width(l, FONT, h))
                .fold(0.0, f64::max)
        })
        .collect()
}

/// Highlighted points get a ring as well as a bold label.
fn rings(p: &Plot, xs: &[f64], y: &ValueAxis) -> String {
    let mut s = String::new();
    for (i, _) in p.highlighted.iter().enumerate().filter(|(_, h)| **h) {
        for series in &p.series {
            if let Some(v) = series.values[i] {
                let _ = writeln!(
                    s,
                    "<circle class=\"point--highlight\" cx=\"{}\" cy=\"{}\" r=\"9\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
                    n(xs[i]),
                    n(y.at(v)),
                    svg::TEXT
                );
            }
        }
    }
    s
}

/// Series `i`'s line, broken where there is no data, then its markers.
fn series(p: &Plot, i: usize, xs: &[f64], y: &ValueAxis) -> String {
    let series = &p.series[i];
    let c = svg::colour(i, p.series.len());
    let mut d = String::new();
    let mut pen_down = false;
    for (k, v) in series.values.iter().enumerate() {
        match v {
            Some(v) => {
                let _ = write!(
                    d,
                    "{}{} {}",
                    if pen_down { "L" } else { "M" },
                    n(xs[k]),
                    n(y.at(*v))
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    let mut s = format!("<g class=\"series series--{i}\">");
    if !d.is_empty() {
        let _ = write!(
            s,
            "<path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{}/>",
            dash_attr(i)
        );
    }
    for (k, v) in series.values.iter().enumerate() {
        if let Some(v) = v {
            let mark = point(i, xs[k], y.at(*v), c);
            let tip = format!("<title>{}</title>", svg::tip(p, k, series, *v));
            s.push_str(&mark.replacen(
                "/>",
                &format!(
                    ">{tip}</{}>",
                    if i.is_multiple_of(6) {
                        "circle"
                    } else {
                        "path"
                    }
                ),
                1,
            ));
        }
    }
    s.push_str("</g>\n");
    s
}

/// Value labels above the points of a single line, when they all fit.
fn value_labels(p: &Plot, xs: &[f64], y: &ValueAxis, band: f64) -> String {
    let series = &p.series[0];
    let texts: Vec<Option<String>> = series
        .values
        .iter()
        .map(|v| v.map(|v| series.fmt(v)))
        .collect();
    let fits = texts
        .iter()
        .flatten()
        .all(|t| text_width(t, SMALL, false) <= band - 4.0);
    if !fits {
        return String::new();
    }
    let mut s = String::from("<g class=\"chart__values\">");
    for (k, t) in texts.iter().enumerate() {
        if let (Some(t), Some(v)) = (t, series.values[k]) {
            // A white halo keeps the figure legible where it meets the line.
            s.push_str(&svg::text_with(
                &format!(
                    "font-size=\"{}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"",
                    n(SMALL)
                ),
                xs[k],
                y.at(v) - 10.0,
                "middle",
                "chart__value",
                t,
            ));
        }
    }
    s.push_str("</g>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_shown_when_there_is_room() {
        assert_eq!(label_step(60.0, 100.0), 1);
        assert_eq!(label_step(60.0, 40.0), 2);
        assert_eq!(label_step(60.0, 10.0), 7);
        assert_eq!(label_step(60.0, 0.0), 1);
    }

    #[test]
    fn series_look_different() {
        assert_eq!(dash(0), "");
        assert_ne!(dash(1), dash(2));
        assert!(point(0, 1.0, 1.0, "#000").starts_with("<circle"));
        assert!(point(1, 1.0, 1.0, "#000").starts_with("<path"));
        assert_ne!(point(2, 1.0, 1.0, "#000"), point(3, 1.0, 1.0, "#000"));
    }
}
