//! Line charts: the rows, in order, along the horizontal axis; one line per
//! column. Lines differ by colour, dash and marker shape, so they can be
//! told apart in black and white.

use std::fmt::Write as _;

use super::Plot;
use super::scale::{Scale, n, nice_ticks, text_width, wrap};
use super::svg::{self, AXIS, FONT, LINE, MUTED, SMALL, WIDTH};
use crate::util::html::escape_xml;

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
    let count = p.series.len();
    let points = p.labels.len();
    let values: Vec<f64> = p
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .collect();
    let min = values.iter().copied().fold(0.0, f64::min);
    let max = values.iter().copied().fold(0.0, f64::max);
    let mut body = String::new();
    let mut top = 0.0;
    if count > 1 {
        let (legend, h) = svg::legend(p, 0.0, |i, lx, ly| {
            let c = svg::colour(i, count);
            let d = dash(i);
            let dash_attr = if d.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{d}\"")
            };
            format!(
                "<path d=\"M{} {}h16\" stroke=\"{c}\" stroke-width=\"2.5\" fill=\"none\"{dash_attr}/>{}",
                n(lx),
                n(ly + 8.0),
                point(i, lx + 8.0, ly + 8.0, c)
            )
        });
        body.push_str(&legend);
        top = h + 14.0;
    }
    // The value axis title sits above the axis, horizontal.
    if let Some(a) = &p.axis_label {
        body.push_str(&svg::text(0.0, top + FONT, "start", "axis__label", a));
        body.push('\n');
        top += FONT + 10.0;
    }
    let single = count == 1;
    let plot_top = top + if single { 20.0 } else { 8.0 };
    let plot_bottom = plot_top + PLOT_HEIGHT;
    let ticks = nice_ticks(min, max, 5, p.integer());
    let style = p.tick_style(ticks.decimals());
    let tick_text: Vec<String> = ticks
        .values
        .iter()
        .map(|&v| crate::model::dataset::format::format_number(v, style))
        .collect();
    let tick_w = tick_text
        .iter()
        .map(|t| text_width(t, SMALL, false))
        .fold(0.0, f64::max);
    let plot_left = (tick_w + 10.0).ceil();
    let plot_right = WIDTH - 8.0;
    let band = (plot_right - plot_left) / points.max(1) as f64;
    let xs: Vec<f64> = (0..points)
        .map(|i| plot_left + band * (i as f64 + 0.5))
        .collect();
    let y = Scale::new((ticks.lo, ticks.hi), (plot_bottom, plot_top));

    // Gridlines and the value axis.
    body.push_str("<g class=\"axis axis--y\">\n");
    for (&t, label) in ticks.values.iter().zip(&tick_text) {
        if t != 0.0 {
            body.push_str(&svg::gridline(plot_left, plot_right, y.at(t), y.at(t)));
        }
        let s = svg::text(
            plot_left - 6.0,
            y.at(t) + SMALL * 0.35,
            "end",
            "axis__tick",
            label,
        );
        body.push_str(&s.replacen(
            "<text ",
            &format!("<text font-size=\"{}\" fill=\"{MUTED}\" ", n(SMALL)),
            1,
        ));
        body.push('\n');
    }
    let _ = writeln!(
        body,
        "<line x1=\"{}\" x2=\"{}\" y1=\"{z}\" y2=\"{z}\" stroke=\"{AXIS}\" stroke-width=\"1.5\"/>",
        n(plot_left),
        n(plot_right),
        z = n(y.at(0.0))
    );
    body.push_str("</g>\n");

    // Category labels along the bottom, wrapped to their band. If even one
    // word is too wide, only some points are labelled: highlighted ones
    // first, then every kth, skipping any that would overlap.
    let wrap_all = |width: f64| -> Vec<Vec<String>> {
        p.labels
            .iter()
            .zip(&p.highlighted)
            .map(|(l, &h)| wrap(l, (width - 6.0).max(1.0), FONT, h))
            .collect()
    };
    let widths = |lines: &[Vec<String>]| -> Vec<f64> {
        lines
            .iter()
            .zip(&p.highlighted)
            .map(|(ls, &h)| {
                ls.iter()
                    .map(|l| text_width(l, FONT, h))
                    .fold(0.0, f64::max)
            })
            .collect()
    };
    let mut lines = wrap_all(band);
    let step = label_step(widths(&lines).iter().copied().fold(0.0, f64::max), band);
    if step > 1 {
        lines = wrap_all(band * step as f64);
    }
    let label_w = widths(&lines);
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
    let max_lines = (0..points)
        .filter(|&i| shown[i])
        .map(|i| lines[i].len())
        .max()
        .unwrap_or(1);
    body.push_str("<g class=\"axis axis--x\">\n");
    for i in 0..points {
        let _ = write!(
            body,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{AXIS}\"/>",
            n(plot_bottom),
            n(plot_bottom + 5.0),
            x = n(xs[i])
        );
        if shown[i] {
            let hl = p.highlighted[i];
            let cy = plot_bottom + 12.0 + lines[i].len() as f64 * LINE / 2.0;
            let class = if hl {
                "chart__label chart__label--highlight"
            } else {
                "chart__label"
            };
            body.push_str(&svg::label_lines(
                centres[i], cy, "middle", class, hl, &lines[i],
            ));
        }
        body.push('\n');
    }
    body.push_str("</g>\n");

    // Highlighted points get a ring as well as a bold label.
    for (i, _) in p.highlighted.iter().enumerate().filter(|(_, h)| **h) {
        for s in &p.series {
            if let Some(v) = s.values[i] {
                let _ = writeln!(
                    body,
                    "<circle class=\"point--highlight\" cx=\"{}\" cy=\"{}\" r=\"9\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
                    n(xs[i]),
                    n(y.at(v)),
                    svg::TEXT
                );
            }
        }
    }

    // The lines, broken where there is no data, then their markers.
    for (i, s) in p.series.iter().enumerate() {
        let c = svg::colour(i, count);
        let mut d = String::new();
        let mut pen_down = false;
        for (k, v) in s.values.iter().enumerate() {
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
        let _ = write!(body, "<g class=\"series series--{i}\">");
        if !d.is_empty() {
            let dash_attr = if dash(i).is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{}\"", dash(i))
            };
            let _ = write!(
                body,
                "<path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{dash_attr}/>"
            );
        }
        for (k, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                let mark = point(i, xs[k], y.at(*v), c);
                // A tooltip for mouse users; the description and the table
                // carry the same figures for everyone else.
                let tip = format!(
                    "<title>{}</title>",
                    escape_xml(&format!("{}, {}: {}", p.labels[k], s.name, s.fmt(*v)))
                );
                body.push_str(&mark.replacen(
                    "/>",
                    &format!(">{tip}</{}>", if i % 6 == 0 { "circle" } else { "path" }),
                    1,
                ));
            }
        }
        body.push_str("</g>\n");
    }

    // Value labels above the points of a single line, when they all fit.
    if single {
        let s = &p.series[0];
        let texts: Vec<Option<String>> = s.values.iter().map(|v| v.map(|v| s.fmt(v))).collect();
        let fits = texts
            .iter()
            .flatten()
            .all(|t| text_width(t, SMALL, false) <= band - 4.0);
        if fits {
            body.push_str("<g class=\"chart__values\">");
            for (k, t) in texts.iter().enumerate() {
                if let (Some(t), Some(v)) = (t, s.values[k]) {
                    // A white halo keeps the figure legible where it meets the line.
                    let s = svg::text(xs[k], y.at(v) - 10.0, "middle", "chart__value", t);
                    body.push_str(&s.replacen(
                        "<text ",
                        &format!("<text font-size=\"{}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" ", n(SMALL)),
                        1,
                    ));
                }
            }
            body.push_str("</g>\n");
        }
    }

    let height = plot_bottom + 14.0 + max_lines as f64 * LINE;
    let mut out = svg::open(p, desc, height.ceil(), "");
    out.push_str(&body);
    out.push_str("</svg>");
    out
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
