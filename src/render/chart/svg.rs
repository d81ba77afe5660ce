//! SVG building blocks shared by the chart kinds: the palette, the patterns
//! that tell series apart without colour, the legend and text helpers.
//!
//! Only presentation attributes (`fill=`, `stroke=`) and classes are used,
//! never `style=`, so charts pass a `style-src 'self'` Content Security
//! Policy and the theme can restyle them (print.css does).

use std::fmt::Write as _;

use super::scale::{n, text_width};
use super::{Plot, Series};
use crate::util::html::escape_xml;

/// The viewBox width; the SVG scales to its container.
pub const WIDTH: f64 = 640.0;
pub const FONT: f64 = 14.0;
pub const SMALL: f64 = 12.0;
pub const LINE: f64 = 17.0;
pub const FONT_FAMILY: &str = "Arial, Helvetica, sans-serif";

pub const TEXT: &str = "#0b0c0c";
pub const MUTED: &str = "#505a5f";
pub const GRID: &str = "#d9d9d9";
pub const AXIS: &str = "#505a5f";

/// Government Analysis Function palette: every colour has at least 3:1
/// contrast against white.
pub const DARK_BLUE: &str = "#12436D";
pub const ORANGE: &str = "#F46A25";
pub const PALETTE: [&str; 6] = [
    "#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1",
];

/// A bar chart's ordinary bars and its highlighted ones.
pub const BAR: &str = DARK_BLUE;
pub const HIGHLIGHT: &str = ORANGE;

/// Colour of series `i` of `count`: dark blue and orange for two, the
/// six-colour set beyond.
pub fn colour(i: usize, count: usize) -> &'static str {
    if count <= 2 {
        [DARK_BLUE, ORANGE][i.min(1)]
    } else {
        PALETTE[i % PALETTE.len()]
    }
}

/// The fill of series `i`: the first is solid, the others are patterned so
/// that they stay distinct in black-and-white print and for people who
/// cannot tell the colours apart.
pub fn fill(id: &str, i: usize, count: usize) -> String {
    if i == 0 {
        colour(0, count).to_string()
    } else {
        format!("url(#{}-pattern-{i})", escape_xml(id))
    }
}

/// `<pattern>`s for series 1.. of `count` (series 0 is solid).
pub fn patterns(id: &str, count: usize) -> String {
    let id = escape_xml(id);
    let mut s = String::new();
    for i in 1..count {
        let c = colour(i, count);
        // Shapes drawn in white over the series colour. <path>, not <rect>,
        // for the tile so print.css's outline on rects does not grid it.
        let (transform, marks) = match i {
            1 => (
                " patternTransform=\"rotate(45)\"",
                "<path d=\"M0 0v8\" stroke=\"#ffffff\" stroke-width=\"2.5\"/>",
            ),
            2 => ("", "<circle cx=\"4\" cy=\"4\" r=\"1.6\" fill=\"#ffffff\"/>"),
            3 => (
                " patternTransform=\"rotate(45)\"",
                "<path d=\"M0 0v8M0 0h8\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
            ),
            4 => (
                "",
                "<path d=\"M0 4h8\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
            ),
            _ => (
                "",
                "<path d=\"M4 0v8\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
            ),
        };
        let _ = writeln!(
            s,
            "<pattern id=\"{id}-pattern-{i}\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\"{transform}><path d=\"M0 0h8v8h-8z\" fill=\"{c}\"/>{marks}</pattern>"
        );
    }
    s
}

/// The chart's `<svg>`: its accessible name and description, `<defs>`,
/// then `body`. The height is rounded up so nothing is clipped.
pub fn document(p: &Plot, desc: &str, height: f64, defs: &str, body: &str) -> String {
    let id = escape_xml(&p.id);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart__svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"{FONT_FAMILY}\" font-size=\"{f}\" fill=\"{TEXT}\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape_xml(&p.title),
        escape_xml(desc),
        w = n(WIDTH),
        h = n(height.ceil()),
        f = n(FONT),
    );
    if !defs.trim().is_empty() {
        s.push_str("<defs>\n");
        s.push_str(defs);
        s.push_str("</defs>\n");
    }
    s.push_str(body);
    s.push_str("</svg>");
    s
}

/// A light gridline behind the marks, from (x1, y1) to (x2, y2).
pub fn gridline(x1: f64, x2: f64, y1: f64, y2: f64) -> String {
    format!(
        "<line class=\"gridline\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{GRID}\"/>\n",
        n(x1),
        n(x2),
        n(y1),
        n(y2)
    )
}

/// A line of text. `anchor` is start, middle or end.
pub fn text(x: f64, y: f64, anchor: &str, class: &str, content: &str) -> String {
    text_with("", x, y, anchor, class, content)
}

/// A line of text with presentation attributes of its own (`attrs`, written
/// first), where it must differ from the chart's default font and fill.
pub fn text_with(attrs: &str, x: f64, y: f64, anchor: &str, class: &str, content: &str) -> String {
    let attrs = if attrs.is_empty() {
        String::new()
    } else {
        format!("{attrs} ")
    };
    let anchor = if anchor == "start" {
        String::new()
    } else {
        format!(" text-anchor=\"{anchor}\"")
    };
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    format!(
        "<text {attrs}x=\"{}\" y=\"{}\"{anchor}{class}>{}</text>",
        n(x),
        n(y),
        escape_xml(content)
    )
}

/// A multi-line label: one `<text>` with a `<tspan>` per line, vertically
/// centred on `cy`.
pub fn label_lines(
    x: f64,
    cy: f64,
    anchor: &str,
    class: &str,
    bold: bool,
    lines: &[String],
) -> String {
    let first = cy - (lines.len() as f64 - 1.0) * LINE / 2.0 + FONT * 0.35;
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    let mut s = format!("<text class=\"{class}\" text-anchor=\"{anchor}\"{weight}>");
    for (i, l) in lines.iter().enumerate() {
        let _ = write!(
            s,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            n(x),
            n(first + i as f64 * LINE),
            escape_xml(l)
        );
    }
    s.push_str("</text>");
    s
}

/// A small triangle pointing at a highlighted row's bar, so highlighting
/// never relies on colour alone (the label is bold too).
pub fn marker(x: f64, cy: f64) -> String {
    format!(
        "<path class=\"chart__marker\" d=\"M{} {}l8 5l-8 5z\" fill=\"{TEXT}\"/>",
        n(x),
        n(cy - 5.0)
    )
}

/// The class of a category label, marking a highlighted row's so the
/// theme can style it.
pub fn label_class(highlighted: bool) -> &'static str {
    if highlighted {
        "chart__label chart__label--highlight"
    } else {
        "chart__label"
    }
}

/// A mark's tooltip text, "Medway, Apr to Sep 2023: 2,929", escaped. It is
/// for mouse users; the description and the table carry the same figures
/// for everyone else.
pub fn tip(p: &Plot, row: usize, series: &Series, v: f64) -> String {
    escape_xml(&format!(
        "{}, {}: {}",
        p.labels[row],
        series.name,
        series.fmt(v)
    ))
}

/// The legend above the chart: one item per series, wrapping onto more rows
/// when needed. `swatch(i, x, y)` draws the key for series `i` in a 16×16
/// box at (x, y). Returns the SVG and where the plot below it may start,
/// after a gap. A single series needs no key, so has no legend.
pub fn legend(p: &Plot, swatch: impl Fn(usize, f64, f64) -> String) -> (String, f64) {
    if p.series.len() < 2 {
        return (String::new(), 0.0);
    }
    let mut s = String::from("<g class=\"chart__legend\">\n");
    let (mut x, mut y) = (0.0, 0.0);
    for (i, series) in p.series.iter().enumerate() {
        let w = 16.0 + 6.0 + text_width(&series.name, FONT, false);
        if x > 0.0 && x + w > WIDTH {
            x = 0.0;
            y += 24.0;
        }
        s.push_str(&swatch(i, x, y));
        s.push_str(&text(
            x + 22.0,
            y + 8.0 + FONT * 0.35,
            "start",
            "chart__legend-label",
            &series.name,
        ));
        s.push('\n');
        x += w + 20.0;
    }
    s.push_str("</g>\n");
    (s, y + 16.0 + 14.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_series_use_blue_and_orange() {
        assert_eq!(colour(0, 2), "#12436D");
        assert_eq!(colour(1, 2), "#F46A25");
        assert_eq!(colour(3, 6), "#F46A25");
        assert_eq!(colour(1, 3), "#28A197");
    }

    #[test]
    fn patterns_are_prefixed_by_the_chart_id() {
        let p = patterns("chart-x", 3);
        assert!(p.contains("id=\"chart-x-pattern-1\""));
        assert!(p.contains("id=\"chart-x-pattern-2\""));
        assert!(!p.contains("pattern-0"));
        assert_eq!(fill("chart-x", 0, 3), "#12436D");
        assert_eq!(fill("chart-x", 2, 3), "url(#chart-x-pattern-2)");
    }

    #[test]
    fn text_is_escaped() {
        let t = text(1.0, 2.0, "end", "", "A & <B>");
        assert_eq!(
            t,
            "<text x=\"1\" y=\"2\" text-anchor=\"end\">A &amp; &lt;B&gt;</text>"
        );
    }
}
